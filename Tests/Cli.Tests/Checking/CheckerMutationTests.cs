using System;
using System.IO;
using System.IO.Compression;
using System.Linq;
using CrmAccountability.Cli.Checking;
using CrmAccountability.TestSupport;
using Xunit;
using static CrmAccountability.Cli.Tests.Checking.BrokenPackages;

namespace CrmAccountability.Cli.Tests.Checking;

/// <summary>
/// Each checker rule has a package that breaks exactly it: a copy of our solution source or a real package with one
/// edit, and the checker must report that rule and no other error.
/// </summary>
public sealed class CheckerMutationTests
{

    [Fact]
    public void The_unbroken_source_folder_has_no_errors()
    {
        Assert.Empty(Errors(Packages.CopySource()));
    }

    [Fact]
    public void CRA001_a_zip_without_content_types_at_its_root()
        => Assert.Equal(["CRA001"], Errors(Zip(OurZip(), (n, c) => n == "[Content_Types].xml" ? null : (n, c))));

    [Fact]
    public void CRA002_a_zip_with_a_directory_entry_and_a_backslash_path()
        => Assert.Equal(["CRA002"], Errors(Zip(OurZip(), (n, c) => (n, c), ("Controls/", string.Empty))));

    [Fact]
    public void CRA003_a_file_that_is_not_well_formed_XML()
        => Assert.Equal(["CRA003"], Errors(Source(SourceFile("OptionSets", "*.xml", "cra_reviewtype"), text => text.Replace("</options>", "<options>", StringComparison.Ordinal))));

    [Fact]
    public void CRA003_a_source_folder_without_its_solution_manifest_names_the_missing_file()
    {
        var copy = Packages.CopySource();
        File.Delete(Path.Combine(copy, "Other", "Solution.xml"));

        var finding = Assert.Single(SolutionChecker.Check(copy));

        Assert.Equal("CRA003", finding.Rule);
        Assert.Equal("Other/Solution.xml", finding.File);
        Assert.Contains("missing", finding.Problem, StringComparison.Ordinal);
    }

    [Fact]
    public void CRA004_a_FileName_that_points_at_nothing()
        => Assert.Equal(["CRA004"], Errors(Zip(OurZip(), (n, c) => n.StartsWith("Workflows/", StringComparison.Ordinal) && n.EndsWith(".json", StringComparison.Ordinal) ? null : (n, c))));

    [Fact]
    public void CRA004_a_flow_whose_json_is_not_beside_its_data_file()
    {
        var copy = Packages.CopySource();
        var dataFile = SourceFile("Workflows", "*.data.xml", "JsonFileName");
        File.Delete(Path.Combine(copy, dataFile[..^".data.xml".Length]));

        Assert.Equal(["CRA004"], Errors(copy));
    }

    [Fact]
    public void CRA004_a_file_in_the_folder_that_no_component_accounts_for()
    {
        var copy = Packages.CopySource();
        File.WriteAllText(Path.Combine(copy, "Other", "Notes.xml"), "<notes />");

        var findings = SolutionChecker.Check(copy);

        Assert.Equal(["CRA004"], findings.Where(f => f.Severity == Severity.Error).Select(f => f.Rule).Distinct());
        Assert.Contains(findings, f => f.File == "Other/Notes.xml");
    }

    [Fact]
    public void CRA005_content_types_that_miss_an_extension()
        => Assert.Equal(["CRA005"], Errors(Zip(OurZip(), (n, c) => n == "[Content_Types].xml" ? (n, c.Replace("<Default Extension=\"js\" ContentType=\"application/octet-stream\" />", string.Empty, StringComparison.Ordinal)) : (n, c))));

    [Fact]
    public void CRA006_a_version_that_is_not_numeric()
        => Assert.Equal(["CRA006"], Errors(Source(Path.Combine("Other", "Solution.xml"), text => text.Replace("<Version>1.0.0.0</Version>", "<Version>1.x</Version>", StringComparison.Ordinal))));

    [Theory]
    [InlineData("mscrmx")]
    [InlineData("c")]
    [InlineData("9cra")]
    public void CRA006_a_publisher_prefix_Dataverse_would_refuse(string prefix)
    {
        var findings = SolutionChecker.Check(Source(Path.Combine("Other", "Solution.xml"), text => text.Replace("<CustomizationPrefix>cra</CustomizationPrefix>", "<CustomizationPrefix>" + prefix + "</CustomizationPrefix>", StringComparison.Ordinal)));

        Assert.Contains(findings, f => f.Rule == "CRA006" && f.Component == "CustomizationPrefix");
    }

    [Fact]
    public void CRA007_a_manifest_prefix_other_than_the_components_is_one_warning_naming_the_prefix_they_share()
    {
        var findings = SolutionChecker.Check(Source(Path.Combine("Other", "Solution.xml"), text => text.Replace("<CustomizationPrefix>cra</CustomizationPrefix>", "<CustomizationPrefix>abc</CustomizationPrefix>", StringComparison.Ordinal)));

        var prefix = Assert.Single(findings, f => f.Rule == "CRA007");
        Assert.Equal(Severity.Warning, prefix.Severity);
        Assert.Equal("solution.xml", prefix.File);
        Assert.Contains("set <CustomizationPrefix> to 'cra'", prefix.Fix, StringComparison.Ordinal);
    }

    [Fact]
    public void CRA007_a_custom_column_without_any_customization_prefix()
        => Assert.Equal(["CRA007"], Errors(Source(Path.Combine("Entities", "cra_attainment", "Entity.xml"), text => text.Replace("cra_lasttouch", "lasttouch", StringComparison.Ordinal))));

    [Fact]
    public void CRA007_a_custom_column_of_another_publisher_is_a_warning_because_Dataverse_imports_it()
    {
        var findings = SolutionChecker.Check(Source(Path.Combine("Entities", "cra_attainment", "Entity.xml"), text => text.Replace("cra_lasttouch", "new_lasttouch", StringComparison.Ordinal)));

        Assert.DoesNotContain(findings, f => f.Severity == Severity.Error);
        var warning = Assert.Single(findings, f => f.Rule == "CRA007");
        Assert.Equal("cra_attainment.new_lasttouch", warning.Component);
    }

    [Fact]
    public void CRA008_a_root_component_that_is_not_in_the_package()
        => Assert.Equal(["CRA008"], Errors(Source(Path.Combine("Other", "Solution.xml"), text => text.Replace("<RootComponents>", "<RootComponents>\n      <RootComponent type=\"1\" schemaName=\"cra_ghost\" behavior=\"0\" />", StringComparison.Ordinal))));

    [Fact]
    public void CRA009_customizations_out_of_schema_order()
        => Assert.Equal(["CRA009"], Errors(Source(Path.Combine("Other", "Customizations.xml"), text => text.Replace("  <Roles />\n  <Workflows />", "  <Workflows />\n  <Roles />", StringComparison.Ordinal))));

    [Fact]
    public void CRA010_two_views_with_one_id()
    {
        var first = SourceFile(Path.Combine("Entities", "cra_attainment", "SavedQueries"), "*.xml", "Active attainments");
        var second = SourceFile(Path.Combine("Entities", "cra_attainment", "SavedQueries"), "*.xml", "Quick find attainments");
        var firstId = Path.GetFileNameWithoutExtension(first);
        var secondId = Path.GetFileNameWithoutExtension(second);
        Assert.Equal(["CRA010"], Errors(Source(second, text => text.Replace(secondId, firstId, StringComparison.Ordinal))));
    }

    [Fact]
    public void CRA011_a_lookup_without_its_relationship()
        => Assert.Equal(["CRA011"], Errors(Source(Path.Combine("Other", "Relationships", "SystemUser.xml"), text => RemoveElement(text, "<EntityRelationship Name=\"cra_systemuser_cra_review_repid\">", "</EntityRelationship>"))));

    [Fact]
    public void CRA012_a_money_column_without_its_base_column()
        => Assert.Equal(["CRA012"], Errors(Source(Path.Combine("Entities", "cra_review", "Entity.xml"), text => RemoveElement(text, "<attribute PhysicalName=\"cra_openpipelinevalue_base\">", "</attribute>"))));

    [Fact]
    public void CRA013_a_view_that_shows_a_column_the_table_lacks()
        => Assert.Equal(["CRA013"], Errors(Source(SourceFile(Path.Combine("Entities", "cra_attainment", "SavedQueries"), "*.xml", "My current attainments"), text => text.Replace("<cell name=\"cra_streak\" width=\"70\" />", "<cell name=\"cra_streak\" width=\"70\" /><cell name=\"cra_nosuchcolumn\" width=\"70\" />", StringComparison.Ordinal))));

    [Fact]
    public void CRA013_a_view_that_shows_a_column_it_does_not_fetch_is_a_warning()
    {
        var findings = SolutionChecker.Check(Source(SourceFile(Path.Combine("Entities", "cra_attainment", "SavedQueries"), "*.xml", "My current attainments"), text => text.Replace("<cell name=\"cra_streak\" width=\"70\" />", "<cell name=\"cra_streak\" width=\"70\" /><cell name=\"cra_pace\" width=\"70\" />", StringComparison.Ordinal)));

        Assert.DoesNotContain(findings, f => f.Severity == Severity.Error);
        Assert.Contains(findings, f => f.Rule == "CRA013" && f.Severity == Severity.Warning && f.Problem.Contains("'cra_pace'", StringComparison.Ordinal));
    }

    [Fact]
    public void CRA013_a_view_whose_FetchXML_Dataverse_would_refuse()
        => Assert.Equal(["CRA013"], Errors(Source(SourceFile(Path.Combine("Entities", "cra_recognition", "SavedQueries"), "*.xml", "Recognition this week"), text => text.Replace("operator=\"this-week\"", "operator=\"this-fortnight\"", StringComparison.Ordinal))));

    [Fact]
    public void CRA014_a_chart_measuring_an_alias_its_fetch_lacks()
        => Assert.Equal(["CRA014"], Errors(Source(SourceFile(Path.Combine("Entities", "cra_attainment", "Visualizations"), "*.xml", "Status mix"), text => text.Replace("<measure alias=\"attainments\" />", "<measure alias=\"rows\" />", StringComparison.Ordinal))));

    [Fact]
    public void CRA015_a_dashboard_referencing_a_view_that_does_not_exist()
        => Assert.Equal(["CRA015"], Errors(Source(SourceFile("Dashboards", "*.xml", "My scorecard"), text => System.Text.RegularExpressions.Regex.Replace(text, "<ViewId>\\{[^}]+\\}</ViewId>", "<ViewId>{00000000-0000-0000-0000-0000000000AA}</ViewId>"))));

    [Fact]
    public void CRA016_a_form_binding_a_column_the_table_lacks()
        => Assert.Equal(["CRA016"], Errors(Source(Directory.GetFiles(Path.Combine(Packages.Source, "Entities", "cra_recognition", "FormXml", "main"), "*.xml").Select(f => Path.GetRelativePath(Packages.Source, f)).Single(), text => text.Replace("datafieldname=\"cra_message\"", "datafieldname=\"cra_messsage\"", StringComparison.Ordinal))));

    [Fact]
    public void CRA017_a_role_privilege_with_an_unknown_depth()
        => Assert.Equal(["CRA017"], Errors(Source(Path.Combine("Roles", "Accountability Rep.xml"), text => ReplaceFirst(text, "level=\"Basic\"", "level=\"Everything\""))));

    [Fact]
    public void CRA018_an_app_including_a_table_that_does_not_exist()
        => Assert.Equal(["CRA018"], Errors(Source(Path.Combine("AppModules", "cra_SalesAccountability", "AppModule.xml"), text => text.Replace("<AppModuleComponent type=\"1\" schemaName=\"cra_review\" />", "<AppModuleComponent type=\"1\" schemaName=\"cra_ghost\" />", StringComparison.Ordinal))));

    [Fact]
    public void CRA019_a_plugin_assembly_whose_FullName_does_not_match_the_DLL()
        => Assert.Equal(["CRA019"], Errors(Zip(OurZip(), (n, c) => n is "customizations.xml" or "solution.xml" ? (n, c.Replace("CrmAccountability.Plugins, Version=1.0.0.0", "CrmAccountability.Plugins, Version=9.9.9.9", StringComparison.Ordinal)) : (n, c))));

    [Fact]
    public void CRA020_a_step_at_a_stage_that_does_not_exist()
        => Assert.Equal(["CRA020"], Errors(Zip(OurZip(), (n, c) => n == "customizations.xml" ? (n, ReplaceFirst(c, "<Stage>10</Stage>", "<Stage>30</Stage>")) : (n, c))));

    [Fact]
    public void CRA021_a_control_manifest_without_a_semantic_version()
        => Assert.Equal(["CRA021"], Errors(Zip(OurZip(), (n, c) => n.EndsWith("ControlManifest.xml", StringComparison.Ordinal) ? (n, c.Replace("version=\"1.0.0\"", "version=\"1\"", StringComparison.Ordinal)) : (n, c))));

    [Fact]
    public void CRA022_a_response_property_marked_optional()
        => Assert.Equal(["CRA022"], Errors(Source(Path.Combine("customapis", "cra_Recalculate", "customapiresponseproperties", "Processed", "customapiresponseproperty.xml"), text => text.Replace("<iscustomizable>0</iscustomizable>", "<iscustomizable>0</iscustomizable>\n  <isoptional>1</isoptional>", StringComparison.Ordinal))));

    [Fact]
    public void CRA023_an_environment_variable_of_an_unknown_type()
        => Assert.Equal(["CRA023"], Errors(Source(Path.Combine("environmentvariabledefinitions", "cra_OnTrackRatio", "environmentvariabledefinition.xml"), text => text.Replace("<type>100000001</type>", "<type>42</type>", StringComparison.Ordinal))));
}
