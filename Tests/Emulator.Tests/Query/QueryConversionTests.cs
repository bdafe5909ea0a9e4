using System;
using System.Linq;
using Microsoft.Xrm.Sdk;
using Microsoft.Xrm.Sdk.Query;
using Xunit;
using static CrmAccountability.Emulator.Storage.DataverseFaults;

namespace CrmAccountability.Emulator.Tests.Query;

/// <summary>
/// The FetchXmlToQueryExpression and QueryExpressionToFetchXml messages (Learn: "FetchXmlToQueryExpressionRequest",
/// "QueryExpressionToFetchXmlRequest"), sent by name as OrganizationRequests: a query converted either way returns the
/// same rows as the original.
/// </summary>
public sealed class QueryConversionTests
{
    private const string Fetch = @"<fetch top='10'><entity name='account'><attribute name='name'/><order attribute='name' descending='true'/>
        <filter type='and'><condition attribute='numberofemployees' operator='ge' value='10'/>
          <filter type='or'><condition attribute='name' operator='like' value='C%'/><condition attribute='name' operator='eq' value='Fabrikam'/></filter></filter>
        <link-entity name='contact' from='contactid' to='primarycontactid' link-type='outer' alias='pc'><attribute name='fullname'/></link-entity>
      </entity></fetch>";

    [Fact]
    public void FetchXmlToQueryExpression_gives_a_query_that_returns_the_same_rows()
    {
        // Arrange
        var data = Seeded();

        // Act
        var response = data.Service.Execute(new OrganizationRequest("FetchXmlToQueryExpression") { ["FetchXml"] = Fetch });
        var query = Assert.IsType<QueryExpression>(response["Query"]);

        // Assert
        Assert.Equal(("account", 10, 1), (query.EntityName, query.TopCount, query.LinkEntities.Count));
        Assert.Equal(JoinOperator.LeftOuter, query.LinkEntities[0].JoinOperator);
        Assert.Equal(Rows(data.Fetch(Fetch)), Rows(data.Service.RetrieveMultiple(query)));
    }

    [Fact]
    public void QueryExpressionToFetchXml_gives_fetchxml_that_returns_the_same_rows()
    {
        // Arrange
        var data = Seeded();
        var query = new QueryExpression("account") { ColumnSet = new ColumnSet("name", "numberofemployees") };
        query.Criteria.AddCondition("numberofemployees", ConditionOperator.Between, 5, 50);
        query.Criteria.AddCondition("name", ConditionOperator.NotEqual, "Northwind");
        var contact = query.AddLink("contact", "primarycontactid", "contactid", JoinOperator.Inner);
        contact.EntityAlias = "pc";
        contact.Columns = new ColumnSet("fullname");
        query.AddOrder("numberofemployees", OrderType.Ascending);

        // Act
        var fetchXml = (string)data.Service.Execute(new OrganizationRequest("QueryExpressionToFetchXml") { ["Query"] = query })["FetchXml"];

        // Assert
        Assert.StartsWith("<fetch", fetchXml, StringComparison.Ordinal);
        Assert.Contains("operator=\"between\"", fetchXml, StringComparison.Ordinal);
        Assert.Equal(Rows(data.Service.RetrieveMultiple(query)), Rows(data.Fetch(fetchXml)));
    }

    [Fact]
    public void An_aggregate_fetchxml_has_no_QueryExpression_form()
        => TestOrg.Fault(InvalidArgument, () => Seeded().Service.Execute(new OrganizationRequest("FetchXmlToQueryExpression")
        {
            ["FetchXml"] = "<fetch aggregate='true'><entity name='account'><attribute name='accountid' alias='n' aggregate='count'/></entity></fetch>",
        }));

    private static QueryTestData Seeded()
    {
        var data = QueryTestData.New();
        foreach (var (name, employees, contactName) in new[] { ("Contoso", 12, "Ana"), ("Fabrikam", 40, "Ben"), ("Northwind", 30, "Cho"), ("Coho", 3, "Dev"), ("Cyan", 20, (string?)null) })
        {
            var account = new Entity("account") { ["name"] = name, ["numberofemployees"] = employees };
            if (contactName != null)
            {
                account["primarycontactid"] = new EntityReference("contact", data.Service.Create(new Entity("contact") { ["lastname"] = contactName, ["fullname"] = contactName }));
            }

            data.Service.Create(account);
        }

        return data;
    }

    private static string[] Rows(EntityCollection rows)
        => rows.Entities.Select(e => e.GetAttributeValue<string>("name") + "|" + (e.GetAttributeValue<AliasedValue>("pc.fullname")?.Value as string ?? "-")).ToArray();
}
