using System.Linq;
using Microsoft.Xrm.Sdk;
using Microsoft.Xrm.Sdk.Query;
using Xunit;

namespace CrmAccountability.Emulator.Tests.Query;

/// <summary>Learn, "Join tables using FetchXml": inner and outer link-entity, nested filters, aliased columns.</summary>
public sealed class LinkEntityTests
{
    [Fact]
    public void Inner_link_returns_linked_columns_as_aliased_values_and_drops_unmatched_rows()
    {
        // Arrange
        var data = QueryTestData.New();
        var contoso = data.Account("Contoso");
        data.Account("Lonely");
        data.Service.Create(new Entity("contact") { ["lastname"] = "Lee", ["fullname"] = "Kim Lee", ["parentcustomerid"] = new EntityReference("account", contoso) });

        // Act
        var rows = data.Fetch(@"<fetch><entity name='account'><attribute name='name'/>
            <link-entity name='contact' from='parentcustomerid' to='accountid' alias='c'><attribute name='fullname'/></link-entity>
          </entity></fetch>");

        // Assert
        var row = Assert.Single(rows.Entities);
        Assert.Equal("Contoso", row.GetAttributeValue<string>("name"));
        var aliased = row.GetAttributeValue<AliasedValue>("c.fullname");
        Assert.Equal(("contact", "fullname", "Kim Lee"), (aliased.EntityLogicalName, aliased.AttributeLogicalName, (string)aliased.Value));
    }

    [Fact]
    public void Outer_link_with_a_null_condition_finds_rows_without_a_match()
    {
        var data = QueryTestData.New();
        var contoso = data.Account("Contoso");
        data.Account("Lonely");
        data.Service.Create(new Entity("contact") { ["lastname"] = "Lee", ["parentcustomerid"] = new EntityReference("account", contoso) });

        var rows = data.Fetch(@"<fetch><entity name='account'><attribute name='name'/>
            <link-entity name='contact' from='parentcustomerid' to='accountid' link-type='outer' alias='c'/>
            <filter><condition entityname='c' attribute='contactid' operator='null'/></filter>
          </entity></fetch>");

        Assert.Equal("Lonely", Assert.Single(rows.Entities).GetAttributeValue<string>("name"));
    }

    [Fact]
    public void A_filter_inside_a_link_restricts_the_linked_rows()
    {
        var data = QueryTestData.New();
        var rep = data.Org.CreateUser("Ana Rep");
        var other = data.Org.CreateUser("Ole Other");
        data.Account("Ana's", owner: rep);
        data.Account("Ole's", owner: other);

        var rows = data.Fetch(@"<fetch><entity name='account'><attribute name='name'/>
            <link-entity name='systemuser' from='systemuserid' to='owninguser'>
              <filter><condition attribute='fullname' operator='eq' value='Ana Rep'/></filter>
            </link-entity></entity></fetch>");

        Assert.Equal("Ana's", Assert.Single(rows.Entities).GetAttributeValue<string>("name"));
    }

    [Fact]
    public void Links_nest_and_one_to_many_joins_multiply_rows()
    {
        var data = QueryTestData.New();
        var manager = data.Org.CreateUser("Mia Manager");
        var rep = data.Org.CreateUser("Ana Rep", managerId: manager);
        data.CompletedCall(rep, TestOrg.Start.AddHours(-1), 10);
        data.CompletedCall(rep, TestOrg.Start.AddHours(-2), 20);

        var rows = data.Fetch(@"<fetch><entity name='phonecall'><attribute name='actualdurationminutes'/>
            <link-entity name='systemuser' from='systemuserid' to='ownerid' alias='rep'>
              <link-entity name='systemuser' from='systemuserid' to='parentsystemuserid' alias='mgr'><attribute name='fullname'/></link-entity>
            </link-entity></entity></fetch>");

        Assert.Equal(2, rows.Entities.Count);
        Assert.All(rows.Entities, e => Assert.Equal("Mia Manager", e.GetAttributeValue<AliasedValue>("mgr.fullname").Value));
    }

    [Fact]
    public void QueryExpression_links_translate_to_the_same_join()
    {
        var data = QueryTestData.New();
        var contoso = data.Account("Contoso");
        data.Service.Create(new Entity("contact") { ["lastname"] = "Lee", ["fullname"] = "Kim Lee", ["parentcustomerid"] = new EntityReference("account", contoso) });
        var query = new QueryExpression("contact") { ColumnSet = new ColumnSet("fullname") };
        var link = query.AddLink("account", "parentcustomerid", "accountid");
        link.EntityAlias = "a";
        link.Columns = new ColumnSet("name");
        link.LinkCriteria.AddCondition("name", ConditionOperator.BeginsWith, "Con");

        var row = Assert.Single(data.Service.RetrieveMultiple(query).Entities);

        Assert.Equal("Contoso", row.GetAttributeValue<AliasedValue>("a.name").Value);
    }
}
