using System;
using System.Collections.Generic;
using System.Linq;
using Microsoft.Xrm.Sdk;
using Microsoft.Xrm.Sdk.Messages;
using Microsoft.Xrm.Sdk.Query;
using Xunit;

namespace CrmAccountability.XrmSdk.Tests.Behaviour;

/// <summary>Value types, collections, requests and queries: behaviour pinned to the real SDK's (xrm-sdk-surface.md §5–§7).</summary>
public sealed class ValueAndCollectionBehaviourTests
{
    [Fact]
    public void Money_and_OptionSetValue_compare_by_value()
    {
        Assert.Equal(new Money(100m), new Money(100.00m));
        Assert.NotEqual(new Money(100m), new Money(101m));
        Assert.Equal(new OptionSetValue(47210000), new OptionSetValue(47210000));
    }

    [Fact]
    public void EntityReferences_are_equal_by_logical_name_and_id_ignoring_Name()
    {
        var id = Guid.Parse("0b6a3f34-5c0c-4a3e-8b2f-1d2e3f405162");

        Assert.Equal(new EntityReference("systemuser", id) { Name = "Ana" }, new EntityReference("systemuser", id));
        Assert.NotEqual(new EntityReference("systemuser", id), new EntityReference("team", id));
    }

    [Fact]
    public void Keyed_collection_Add_of_an_existing_key_throws_but_the_indexer_replaces()
    {
        var parameters = new ParameterCollection { { "Target", 1 } };

        Assert.Throws<ArgumentException>(() => parameters.Add("Target", 2));
        parameters["Target"] = 2;
        Assert.Equal(2, parameters["Target"]);
    }

    [Fact]
    public void AddOrUpdateIfNotNull_ignores_null()
    {
        var parameters = new ParameterCollection();

        parameters.AddOrUpdateIfNotNull("a", null!);
        parameters.AddOrUpdateIfNotNull("b", "x");

        Assert.False(parameters.Contains("a"));
        Assert.Equal("x", parameters["b"]);
    }

    [Fact]
    public void EntityCollection_built_from_a_list_wraps_that_list()
    {
        var list = new List<Entity> { new("account") };

        var collection = new EntityCollection(list);
        collection.Entities.Add(new Entity("contact"));

        Assert.Equal(2, list.Count);
        Assert.Equal("contact", collection[1].LogicalName);
    }

    [Fact]
    public void InvalidPluginExecutionException_defaults_to_Failed_and_keeps_error_code_and_inner()
    {
        var inner = new InvalidOperationException("inner");

        var plain = new InvalidPluginExecutionException("message", inner);
        var coded = new InvalidPluginExecutionException(OperationStatus.Retry, -2147220891, "retry later");

        Assert.Equal(OperationStatus.Failed, plain.Status);
        Assert.Same(inner, plain.InnerException);
        Assert.Equal(OperationStatus.Retry, coded.Status);
        Assert.Equal(-2147220891, coded.ErrorCode);
    }

    [Fact]
    public void Typed_requests_read_and_write_the_platform_parameter_keys()
    {
        var target = new Entity("account");
        var create = new CreateRequest { Target = target };
        var update = new UpdateRequest();
        var response = new CreateResponse();
        var id = Guid.Parse("6d1a2b3c-4d5e-4f60-8172-839405a6b7c8");
        response.Results["id"] = id;

        Assert.Equal("Create", create.RequestName);
        Assert.Same(target, create.Parameters["Target"]);
        Assert.Equal(ConcurrencyBehavior.Default, update.ConcurrencyBehavior);
        Assert.Equal(id, response.id);
        Assert.Equal("Upsert", new UpsertRequest().RequestName);
        Assert.Equal("RetrieveMultiple", new RetrieveMultipleRequest().RequestName);
    }

    [Fact]
    public void QueryExpression_starts_with_empty_criteria_columns_and_paging()
    {
        var query = new QueryExpression("phonecall");

        Assert.NotNull(query.Criteria);
        Assert.Equal(LogicalOperator.And, query.Criteria.FilterOperator);
        Assert.False(query.ColumnSet.AllColumns);
        Assert.Empty(query.ColumnSet.Columns);
        Assert.NotNull(query.PageInfo);
        Assert.Null(query.TopCount);
    }

    [Fact]
    public void AddLink_links_from_the_query_entity_with_an_inner_join_by_default()
    {
        var query = new QueryExpression("phonecall");

        var link = query.AddLink("systemuser", "ownerid", "systemuserid");

        Assert.Equal("phonecall", link.LinkFromEntityName);
        Assert.Equal("systemuser", link.LinkToEntityName);
        Assert.Equal(JoinOperator.Inner, link.JoinOperator);
        Assert.Same(link, query.LinkEntities.Single());
    }

    [Fact]
    public void ConditionExpression_spreads_a_collection_but_keeps_a_single_value_whole()
    {
        var fromArray = new ConditionExpression("statecode", ConditionOperator.In, new[] { 1, 2 });
        var single = new ConditionExpression("name", ConditionOperator.Equal, "Contoso");

        Assert.Equal(new object[] { 1, 2 }, fromArray.Values.ToArray());
        Assert.Equal(new object[] { "Contoso" }, single.Values.ToArray());
    }

    [Fact]
    public void ConditionOperator_values_are_the_compiled_ones_not_the_documented_ones()
    {
        // The CRM 2015/2016 pages say Above = 75; the compiled SDK has Under = 75 … AboveOrEqual = 79 (xrm-sdk-surface.md §6.1).
        Assert.Equal(75, (int)ConditionOperator.Under);
        Assert.Equal(78, (int)ConditionOperator.Above);
        Assert.Equal(79, (int)ConditionOperator.AboveOrEqual);
        Assert.Equal(88, (int)ConditionOperator.DoesNotContainValues);
        Assert.Equal(89, Enum.GetValues<ConditionOperator>().Length);
    }
}
