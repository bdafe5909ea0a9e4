using System;
using System.Globalization;
using System.Linq;
using Microsoft.Xrm.Sdk;
using Xunit;

namespace CrmAccountability.Emulator.Tests.Query;

/// <summary>
/// Queries from Microsoft's FetchXML documentation run against the sample data those pages describe, with the results
/// the pages state. Data: the ten accounts of Learn, "Aggregate data using FetchXml"
/// (https://learn.microsoft.com/power-apps/developer/data-platform/fetchxml/aggregate-data).
/// </summary>
public sealed class DocumentationExampleTests
{
    private const string Aggregate = "https://learn.microsoft.com/power-apps/developer/data-platform/fetchxml/aggregate-data";
    private const string Filter = "https://learn.microsoft.com/power-apps/developer/data-platform/fetchxml/filter-rows";
    private const string Order = "https://learn.microsoft.com/power-apps/developer/data-platform/fetchxml/order-rows";

    public static TheoryData<string, string, string> Examples => new()
    {
        {
            Aggregate,
            "<fetch aggregate='true'><entity name='account'>"
            + "<attribute name='numberofemployees' alias='Average' aggregate='avg'/><attribute name='numberofemployees' alias='Count' aggregate='count'/>"
            + "<attribute name='numberofemployees' alias='ColumnCount' aggregate='countcolumn'/><attribute name='numberofemployees' alias='Maximum' aggregate='max'/>"
            + "<attribute name='numberofemployees' alias='Minimum' aggregate='min'/><attribute name='numberofemployees' alias='Sum' aggregate='sum'/></entity></fetch>",
            "Average=3911, ColumnCount=9, Count=10, Maximum=6200, Minimum=1500, Sum=35200"
        },
        {
            Aggregate,
            "<fetch aggregate='true'><entity name='account'><attribute name='numberofemployees' alias='Distinct' aggregate='countcolumn' distinct='true'/></entity></fetch>",
            "Distinct=8"
        },
        {
            Aggregate,
            "<fetch aggregate='true'><entity name='account'><attribute name='numberofemployees' alias='Total' aggregate='sum'/>"
            + "<attribute name='address1_city' alias='Count' aggregate='count'/><attribute name='address1_city' alias='City' groupby='true'/>"
            + "<order alias='City'/></entity></fetch>",
            "Count=1 | City=Dallas, Count=1, Total=6000 | City=Los Angeles, Count=1, Total=2900 | City=Lynnwood, Count=1, Total=2700 | "
            + "City=Missoula, Count=1, Total=4800 | City=Phoenix, Count=1, Total=3900 | City=Redmond, Count=3, Total=10600 | City=Santa Cruz, Count=1, Total=4300"
        },
        {
            Filter,
            "<fetch><entity name='account'><attribute name='name'/><filter><condition attribute='address1_city' operator='eq' value='Redmond'/></filter><order attribute='name'/></entity></fetch>",
            "name=A. Datum Corporation (sample) | name=City Power & Light (sample) | name=Contoso Pharmaceuticals (sample)"
        },
        {
            Filter,
            "<fetch><entity name='account'><attribute name='name'/><filter type='or'><condition attribute='address1_city' operator='eq' value='Dallas'/>"
            + "<condition attribute='numberofemployees' operator='lt' value='2000'/></filter><order attribute='name'/></entity></fetch>",
            "name=Contoso Pharmaceuticals (sample) | name=Litware, Inc. (sample)"
        },
        {
            Filter,
            "<fetch><entity name='account'><attribute name='name'/><filter><condition attribute='address1_city' operator='null'/></filter></entity></fetch>",
            "name=Example Account"
        },
        {
            Filter,
            "<fetch aggregate='true'><entity name='account'><attribute name='name' alias='n' aggregate='count'/><filter><condition attribute='name' operator='like' value='%(sample)'/></filter></entity></fetch>",
            "n=9"
        },
        {
            Order,
            "<fetch top='3'><entity name='account'><attribute name='name'/><attribute name='numberofemployees'/><order attribute='numberofemployees' descending='true'/></entity></fetch>",
            "name=A. Datum Corporation (sample), numberofemployees=6200 | name=Litware, Inc. (sample), numberofemployees=6000 | name=Alpine Ski House (sample), numberofemployees=4800"
        },
    };

    [Theory]
    [MemberData(nameof(Examples))]
    public void Documented_query_returns_the_documented_rows(string page, string fetchXml, string expected)
    {
        // Arrange
        var data = QueryTestData.New();
        foreach (var (employees, name, city) in SampleAccounts)
        {
            data.Service.Create(new Entity("account") { ["name"] = name, ["numberofemployees"] = employees, ["address1_city"] = city });
        }

        // Act
        var rows = data.Fetch(fetchXml);

        // Assert
        Assert.True(expected == Render(rows), "Example from " + page + "\nexpected: " + expected + "\nactual:   " + Render(rows));
    }

    private static readonly (int? Employees, string Name, string? City)[] SampleAccounts =
    [
        (null, "Example Account", null),
        (1500, "Contoso Pharmaceuticals (sample)", "Redmond"),
        (2700, "Fabrikam, Inc. (sample)", "Lynnwood"),
        (2900, "Blue Yonder Airlines (sample)", "Los Angeles"),
        (2900, "City Power & Light (sample)", "Redmond"),
        (3900, "Coho Winery (sample)", "Phoenix"),
        (4300, "Adventure Works (sample)", "Santa Cruz"),
        (4800, "Alpine Ski House (sample)", "Missoula"),
        (6000, "Litware, Inc. (sample)", "Dallas"),
        (6200, "A. Datum Corporation (sample)", "Redmond"),
    ];

    private static string Render(EntityCollection rows)
        => string.Join(" | ", rows.Entities.Select(e => string.Join(", ", e.Attributes
            .Where(a => a.Key != "accountid")
            .OrderBy(a => a.Key, StringComparer.Ordinal)
            .Select(a => a.Key + "=" + Convert.ToString(a.Value is AliasedValue v ? v.Value is Money m ? m.Value : v.Value : a.Value, CultureInfo.InvariantCulture)))));
}
