using System;
using System.Linq;
using Microsoft.Xrm.Sdk;
using Microsoft.Xrm.Sdk.Query;
using Xunit;
using static CrmAccountability.Emulator.Storage.DataverseFaults;

namespace CrmAccountability.Emulator.Tests.Query;

/// <summary>
/// Learn, "Query hierarchical data": above, eq-or-above, under, eq-or-under and not-under follow a table's hierarchical
/// relationship (account → parent account, user → manager) from the record a condition on the primary key names.
/// </summary>
public sealed class HierarchyOperatorTests
{
    /// <summary>Holding ← Europe ← (France, Germany ← Berlin); Standalone has no parent.</summary>
    private static (QueryTestData Data, Guid Holding, Guid Europe, Guid Germany) Accounts()
    {
        var data = QueryTestData.New();
        var service = data.Service;
        var holding = service.Create(new Entity("account") { ["name"] = "Holding" });
        var europe = service.Create(new Entity("account") { ["name"] = "Europe", ["parentaccountid"] = new EntityReference("account", holding) });
        service.Create(new Entity("account") { ["name"] = "France", ["parentaccountid"] = new EntityReference("account", europe) });
        var germany = service.Create(new Entity("account") { ["name"] = "Germany", ["parentaccountid"] = new EntityReference("account", europe) });
        service.Create(new Entity("account") { ["name"] = "Berlin", ["parentaccountid"] = new EntityReference("account", germany) });
        service.Create(new Entity("account") { ["name"] = "Standalone" });
        return (data, holding, europe, germany);
    }

    private static string[] Names(QueryTestData data, string op, Guid anchor)
        => data.Service.RetrieveMultiple(new FetchExpression("<fetch><entity name='account'><attribute name='name'/><order attribute='name'/><filter><condition attribute='accountid' operator='" + op + "' value='" + anchor + "'/></filter></entity></fetch>"))
            .Entities.Select(e => e.GetAttributeValue<string>("name")).ToArray();

    [Fact]
    public void Under_returns_every_record_below_and_eq_or_under_adds_the_record_itself()
    {
        var (data, _, europe, _) = Accounts();

        Assert.Equal(["Berlin", "France", "Germany"], Names(data, "under", europe));
        Assert.Equal(["Berlin", "Europe", "France", "Germany"], Names(data, "eq-or-under", europe));
    }

    [Fact]
    public void Above_returns_the_ancestry_line_and_eq_or_above_adds_the_record_itself()
    {
        var (data, _, _, germany) = Accounts();

        Assert.Equal(["Europe", "Holding"], Names(data, "above", germany));
        Assert.Equal(["Europe", "Germany", "Holding"], Names(data, "eq-or-above", germany));
    }

    [Fact]
    public void Not_under_returns_every_record_not_below_including_the_record_itself()
    {
        var (data, _, europe, _) = Accounts();

        Assert.Equal(["Europe", "Holding", "Standalone"], Names(data, "not-under", europe));
    }

    [Fact]
    public void QueryExpression_Under_is_the_same_condition_as_FetchXML_under()
    {
        // Arrange
        var (data, holding, _, _) = Accounts();
        var query = new QueryExpression("account") { ColumnSet = new ColumnSet("name") };
        query.Criteria.AddCondition("accountid", ConditionOperator.Under, holding);

        // Act
        var names = data.Service.RetrieveMultiple(query).Entities.Select(e => e.GetAttributeValue<string>("name")).Order(StringComparer.Ordinal);

        // Assert
        Assert.Equal(["Berlin", "Europe", "France", "Germany"], names);
    }

    [Fact]
    public void Users_under_a_manager_follow_the_reporting_line()
    {
        // Arrange
        var data = QueryTestData.New();
        var director = data.Org.CreateUser("Dana Director");
        var manager = data.Org.CreateUser("Mia Manager", managerId: director);
        data.Org.CreateUser("Ana Rep", managerId: manager);

        // Act
        var below = data.Service.RetrieveMultiple(new FetchExpression("<fetch><entity name='systemuser'><attribute name='fullname'/><order attribute='fullname'/><filter><condition attribute='systemuserid' operator='under' value='" + director + "'/></filter></entity></fetch>"));

        // Assert
        Assert.Equal(["Ana Rep", "Mia Manager"], below.Entities.Select(e => e.GetAttributeValue<string>("fullname")));
    }

    [Fact]
    public void A_query_inside_a_transaction_follows_the_hierarchy_as_that_transaction_changed_it()
    {
        // Arrange: when Standalone is moved under Europe, a PostOperation plug-in asks what is under Holding, in the
        // same transaction, and SQL answers with the transaction's own change.
        var (data, holding, europe, _) = Accounts();
        var standalone = data.Service.RetrieveMultiple(new FetchExpression("<fetch><entity name='account'><attribute name='accountid'/><filter><condition attribute='name' operator='eq' value='Standalone'/></filter></entity></fetch>")).Entities[0].Id;
        string[] seenInside = [];
        data.Org.RegisterStep(new Emulator.Pipeline.StepRegistration
        {
            Message = "Update",
            PrimaryEntity = "account",
            Stage = 40,
            Plugin = new Pipeline.DelegatePlugin(p => seenInside = Pipeline.PluginServices.Service(p)
                .RetrieveMultiple(new FetchExpression("<fetch><entity name='account'><attribute name='name'/><filter><condition attribute='accountid' operator='under' value='" + holding + "'/></filter></entity></fetch>"))
                .Entities.Select(e => e.GetAttributeValue<string>("name")).Order(StringComparer.Ordinal).ToArray()),
        });

        // Act
        data.Service.Update(new Entity("account", standalone) { ["parentaccountid"] = new EntityReference("account", europe) });

        // Assert
        Assert.Equal(["Berlin", "Europe", "France", "Germany", "Standalone"], seenInside);
        Assert.Equal(["Berlin", "Europe", "France", "Germany", "Standalone"], Names(data, "under", holding));
    }

    [Fact]
    public void A_hierarchical_operator_on_a_table_without_a_hierarchy_or_on_another_column_is_refused()
    {
        var (data, holding, _, _) = Accounts();

        var noHierarchy = TestOrg.Fault(InvalidArgument, () => data.Service.RetrieveMultiple(new FetchExpression("<fetch><entity name='contact'><filter><condition attribute='contactid' operator='under' value='" + new Guid("00000000-0000-4000-8000-0000000000c1") + "'/></filter></entity></fetch>")));
        var notTheKey = TestOrg.Fault(InvalidArgument, () => data.Service.RetrieveMultiple(new FetchExpression("<fetch><entity name='account'><filter><condition attribute='parentaccountid' operator='under' value='" + holding + "'/></filter></entity></fetch>")));

        Assert.Contains("hierarchical relationship", noHierarchy.Message, StringComparison.Ordinal);
        Assert.Contains("primary key", notTheKey.Message, StringComparison.Ordinal);
    }
}
