using System.Linq;
using Xunit;
using static CrmAccountability.Emulator.Storage.DataverseFaults;

namespace CrmAccountability.Emulator.Tests.Query;

/// <summary>Learn, "Filter rows using FetchXml": comparison, in, between, null and like operators.</summary>
public sealed class ComparisonAndStringOperatorTests
{
    private static QueryTestData Seeded()
    {
        var data = QueryTestData.New();
        data.Account("Contoso", 100, "C-1");
        data.Account("Fabrikam", 2500, "F-1");
        data.Account("Adventure Works", null, "A-1");
        data.Account("contoso east", 40);
        return data;
    }

    private static string[] Names(QueryTestData data, string filter)
        => data.Fetch("<fetch><entity name='account'><attribute name='name'/><order attribute='name'/><filter>" + filter + "</filter></entity></fetch>")
            .Entities.Select(e => e.GetAttributeValue<string>("name")).ToArray();

    [Theory]
    [InlineData("<condition attribute='numberofemployees' operator='gt' value='100'/>", new[] { "Fabrikam" })]
    [InlineData("<condition attribute='numberofemployees' operator='ge' value='100'/>", new[] { "Contoso", "Fabrikam" })]
    [InlineData("<condition attribute='numberofemployees' operator='lt' value='100'/>", new[] { "contoso east" })]
    [InlineData("<condition attribute='numberofemployees' operator='le' value='100'/>", new[] { "Contoso", "contoso east" })]
    [InlineData("<condition attribute='numberofemployees' operator='eq' value='2500'/>", new[] { "Fabrikam" })]
    [InlineData("<condition attribute='numberofemployees' operator='ne' value='2500'/>", new[] { "Contoso", "contoso east" })]
    [InlineData("<condition attribute='numberofemployees' operator='null'/>", new[] { "Adventure Works" })]
    [InlineData("<condition attribute='accountnumber' operator='not-null'/>", new[] { "Adventure Works", "Contoso", "Fabrikam" })]
    [InlineData("<condition attribute='numberofemployees' operator='between'><value>40</value><value>100</value></condition>", new[] { "Contoso", "contoso east" })]
    [InlineData("<condition attribute='numberofemployees' operator='not-between'><value>40</value><value>100</value></condition>", new[] { "Fabrikam" })]
    [InlineData("<condition attribute='accountnumber' operator='in'><value>C-1</value><value>A-1</value></condition>", new[] { "Adventure Works", "Contoso" })]
    [InlineData("<condition attribute='accountnumber' operator='not-in'><value>C-1</value></condition>", new[] { "Adventure Works", "Fabrikam" })]
    public void Comparison_operators_follow_SQL_semantics_where_null_matches_only_null(string condition, string[] expected)
    {
        Assert.Equal(expected, Names(Seeded(), condition));
    }

    [Theory]
    [InlineData("<condition attribute='name' operator='like' value='contoso%'/>", new[] { "Contoso", "contoso east" })]
    [InlineData("<condition attribute='name' operator='like' value='%works'/>", new[] { "Adventure Works" })]
    [InlineData("<condition attribute='name' operator='like' value='F_brikam'/>", new[] { "Fabrikam" })]
    [InlineData("<condition attribute='name' operator='not-like' value='%contoso%'/>", new[] { "Adventure Works", "Fabrikam" })]
    [InlineData("<condition attribute='name' operator='begins-with' value='CONTOSO'/>", new[] { "Contoso", "contoso east" })]
    [InlineData("<condition attribute='name' operator='ends-with' value='east'/>", new[] { "contoso east" })]
    [InlineData("<condition attribute='name' operator='eq' value='CONTOSO'/>", new[] { "Contoso" })]
    public void String_comparison_is_case_insensitive_like_the_platform_collation(string condition, string[] expected)
    {
        Assert.Equal(expected, Names(Seeded(), condition));
    }

    [Fact]
    public void Nested_or_inside_and_filters_combine()
    {
        var names = Names(Seeded(), "<filter type='or'><condition attribute='name' operator='eq' value='Fabrikam'/><condition attribute='numberofemployees' operator='lt' value='50'/></filter><condition attribute='accountnumber' operator='null'/>");

        Assert.Equal(["contoso east"], names);
    }

    [Fact]
    public void Column_comparison_with_valueof_compares_two_columns_of_the_row()
    {
        var data = QueryTestData.New();
        data.Service.Create(new Microsoft.Xrm.Sdk.Entity("opportunity") { ["name"] = "Above", ["estimatedvalue"] = new Microsoft.Xrm.Sdk.Money(10m), ["actualvalue"] = new Microsoft.Xrm.Sdk.Money(5m) });
        data.Service.Create(new Microsoft.Xrm.Sdk.Entity("opportunity") { ["name"] = "Below", ["estimatedvalue"] = new Microsoft.Xrm.Sdk.Money(1m), ["actualvalue"] = new Microsoft.Xrm.Sdk.Money(5m) });

        var rows = data.Fetch("<fetch><entity name='opportunity'><attribute name='name'/><filter><condition attribute='estimatedvalue' operator='gt' valueof='actualvalue'/></filter></entity></fetch>");

        Assert.Equal("Above", Assert.Single(rows.Entities).GetAttributeValue<string>("name"));
    }

    [Fact]
    public void An_unknown_attribute_in_a_condition_fails_as_Dataverse_fails()
    {
        var data = Seeded();

        var fault = TestOrg.Fault(QueryBuilderNoAttribute, () => data.Fetch("<fetch><entity name='account'><filter><condition attribute='nmae' operator='eq' value='x'/></filter></entity></fetch>"));

        Assert.Contains("'account' entity doesn't contain attribute with Name = 'nmae'", fault.Message, System.StringComparison.Ordinal);
    }

    [Fact]
    public void An_unknown_operator_is_refused()
    {
        var data = Seeded();

        TestOrg.Fault(InvalidFetchXml, () => data.Fetch("<fetch><entity name='account'><filter><condition attribute='name' operator='sounds-like' value='x'/></filter></entity></fetch>"));
    }

    [Fact]
    public void A_value_that_does_not_fit_the_column_type_is_refused()
    {
        var data = Seeded();

        var fault = TestOrg.Fault(InvalidArgument, () => data.Fetch("<fetch><entity name='account'><filter><condition attribute='numberofemployees' operator='eq' value='many'/></filter></entity></fetch>"));

        Assert.Contains("Expected type of attribute value", fault.Message, System.StringComparison.Ordinal);
    }

    [Fact]
    public void Malformed_FetchXML_is_InvalidFetchXml()
    {
        var data = Seeded();

        TestOrg.Fault(InvalidFetchXml, () => data.Fetch("<fetch><entity name='account'>"));
    }
}
