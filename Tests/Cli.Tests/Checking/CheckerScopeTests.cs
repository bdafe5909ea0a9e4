using System;
using System.IO;
using System.Linq;
using CrmAccountability.Cli.Checking;
using Xunit;
using static CrmAccountability.Cli.Tests.Checking.BrokenPackages;

namespace CrmAccountability.Cli.Tests.Checking;

/// <summary>
/// The checker judges what a package creates. Shapes real exports have — references that are not ids, system columns
/// an export does not list, controls bound through a relationship, quick find placeholders, standard tables' columns
/// the catalogue lacks, undocumented component types — are not errors; the same rules still catch what is broken.
/// </summary>
public sealed class CheckerScopeTests
{
    private const string AttainmentForm = "Entities/cra_attainment/FormXml/main/{3efff73c-47aa-51ea-91dd-b25ffabf7b35}.xml";
    private const string ReviewFormId = "{19ef0a8b-5eab-5047-99b1-7a32c0ade6bd}";
    private const string ExpectationQuickFind = "Entities/cra_expectation/SavedQueries/{d716ad5a-545c-5da3-896c-fd000bd986a8}.xml";
    private const string OpportunityView = "Entities/Opportunity/SavedQueries/{0e8d8276-2f00-5dcb-95b6-9a12456cba6e}.xml";

    [Fact]
    public void A_process_naming_a_form_is_a_reference_not_a_second_component_with_that_id()
    {
        var workflow = SourceFile("Workflows", "*.data.xml", "JsonFileName");

        var errors = Errors(Source(workflow, text => text.Replace("<Type>1</Type>", "<Type>1</Type><FormId>" + ReviewFormId + "</FormId>", StringComparison.Ordinal)));

        Assert.Empty(errors);
    }

    [Fact]
    public void A_relationship_on_a_system_column_the_export_does_not_list_is_not_an_error()
    {
        var errors = Errors(Source(Path.Combine("Entities", "cra_expectation", "Entity.xml"), text => RemoveElement(text, "<attribute PhysicalName=\"owninguser\">", "</attribute>")));

        Assert.Empty(errors);
    }

    [Fact]
    public void A_relationship_on_a_column_the_created_table_lacks_is_an_error()
    {
        var errors = Errors(Source(Path.Combine("Other", "Relationships", "SystemUser.xml"), text => text.Replace("<ReferencingAttributeName>cra_repid</ReferencingAttributeName>", "<ReferencingAttributeName>cra_repidd</ReferencingAttributeName>", StringComparison.Ordinal)));

        Assert.Contains("CRA011", errors);
    }

    [Fact]
    public void A_control_bound_through_a_relationship_binds_a_column_of_the_table_at_the_other_end()
    {
        var errors = Errors(Source(AttainmentForm, text => ReplaceFirst(text, "<control ", "<control id=\"metric\" classid=\"{4273EDBD-AC1D-40d3-9FB2-095C621B552D}\" datafieldname=\"cra_metric\" relationship=\"cra_expectation_cra_attainment_expectationid\" /><control ")));

        Assert.Empty(errors);
    }

    [Fact]
    public void A_control_bound_through_a_relationship_to_a_column_the_other_table_lacks_is_an_error()
    {
        var findings = SolutionChecker.Check(Source(AttainmentForm, text => ReplaceFirst(text, "<control ", "<control id=\"metric\" classid=\"{4273EDBD-AC1D-40d3-9FB2-095C621B552D}\" datafieldname=\"cra_metrik\" relationship=\"cra_expectation_cra_attainment_expectationid\" /><control ")));

        var error = Assert.Single(findings, f => f.Severity == Severity.Error);
        Assert.Equal("CRA016", error.Rule);
        Assert.Contains("not a column of cra_expectation", error.Problem, StringComparison.Ordinal);
    }

    [Fact]
    public void A_form_binding_a_system_column_the_export_does_not_list_is_not_an_error()
    {
        var errors = Errors(Source(AttainmentForm, text => ReplaceFirst(text, "<control ", "<control id=\"processid\" classid=\"{4273EDBD-AC1D-40d3-9FB2-095C621B552D}\" datafieldname=\"processid\" /><control ")));

        Assert.Empty(errors);
    }

    [Fact]
    public void A_quick_find_placeholder_on_a_lookup_is_matched_by_Dataverse_not_run_as_text()
    {
        var errors = Errors(Source(ExpectationQuickFind, text => text.Replace("<condition attribute=\"cra_name\" operator=\"like\" value=\"{0}\" />", "<condition attribute=\"cra_name\" operator=\"like\" value=\"{0}\" /><condition attribute=\"cra_repid\" operator=\"like\" value=\"{0}\" />", StringComparison.Ordinal)));

        Assert.Empty(errors);
    }

    [Fact]
    public void A_view_of_a_standard_table_may_use_columns_the_catalogue_does_not_know()
    {
        var errors = Errors(Source(OpportunityView, text => text.Replace("<attribute name=\"name\" />", "<attribute name=\"name\" /><attribute name=\"msdyn_forecastcategory\" /><order attribute=\"msdyn_forecastcategory\" />", StringComparison.Ordinal)));

        Assert.Empty(errors);
    }

    [Fact]
    public void A_view_of_a_created_table_fetching_a_column_the_table_lacks_is_an_error()
    {
        var errors = Errors(Source(ExpectationQuickFind, text => text.Replace("<attribute name=\"cra_metric\" />", "<attribute name=\"cra_metrik\" />", StringComparison.Ordinal)));

        Assert.Equal(["CRA013"], errors);
    }

    [Fact]
    public void An_undocumented_component_type_is_a_warning()
    {
        var findings = SolutionChecker.Check(Source(Path.Combine("Other", "Solution.xml"), text => text.Replace("<RootComponents>", "<RootComponents>\n      <RootComponent type=\"183\" id=\"{318dc1af-efae-ec11-983e-000d3a994f70}\" schemaName=\"a data source\" behavior=\"0\" />", StringComparison.Ordinal)));

        var finding = Assert.Single(findings, f => f.Rule == "CRA008");
        Assert.Equal(Severity.Warning, finding.Severity);
    }

    [Fact]
    public void A_component_type_that_is_no_number_is_an_error()
        => Assert.Equal(["CRA008"], Errors(Source(Path.Combine("Other", "Solution.xml"), text => text.Replace("<RootComponents>", "<RootComponents>\n      <RootComponent type=\"table\" schemaName=\"cra_review\" behavior=\"0\" />", StringComparison.Ordinal))));

    [Fact]
    public void An_app_may_include_a_main_form_of_the_package_as_type_60()
    {
        var errors = Errors(Source(Path.Combine("AppModules", "cra_SalesAccountability", "AppModule.xml"), text => text.Replace("<AppModuleComponent type=\"1\" schemaName=\"cra_expectation\" />", "<AppModuleComponent type=\"1\" schemaName=\"cra_expectation\" /><AppModuleComponent type=\"60\" id=\"" + ReviewFormId + "\" />", StringComparison.Ordinal)));

        Assert.Empty(errors);
    }

    [Fact]
    public void The_relationship_behind_a_custom_lookup_needs_a_prefix_too()
    {
        var errors = Errors(Source(Path.Combine("Other", "Relationships", "SystemUser.xml"), text => text.Replace("Name=\"cra_systemuser_cra_review_repid\"", "Name=\"reviewrep\"", StringComparison.Ordinal)));

        Assert.Equal(["CRA007"], errors);
    }
}
