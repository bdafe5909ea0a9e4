using System;
using Microsoft.Xrm.Sdk;
using System.Linq;
using CrmAccountability.Emulator.Metadata;
using CrmAccountability.Emulator.Solutions;
using CrmAccountability.TestSupport;
using Xunit;

namespace CrmAccountability.Emulator.Tests.Metadata;

/// <summary>Reading real packages and SolutionPackager's unpacked layout (solution-format.md §1–§5).</summary>
public sealed class SolutionReaderTests
{
    [FixtureFact]
    public void Reads_the_exported_workflow_tools_package_with_its_plug_in_assembly_and_types()
    {
        var package = SolutionReader.Read(TestOrg.Fixture("Dynamics365WorkflowTools_1_0_38_0.zip"));

        var assembly = Assert.Single(package.PluginAssemblies);
        Assert.Equal("msdyncrmWorkflowTools", assembly.Name);
        Assert.Equal(48, assembly.Types.Count);
        Assert.NotNull(assembly.Content);
        Assert.Equal((byte)'M', assembly.Content![0]);
        Assert.Equal((byte)'Z', assembly.Content[1]);
    }

    [FixtureFact]
    public void Reads_the_pac_built_PCF_package_with_its_control_manifest()
    {
        var package = SolutionReader.Read(TestOrg.Fixture("QuillRichTextField.zip"));

        Assert.Equal("QuillRichTextField", package.UniqueName);
        Assert.Equal("pblab", package.PublisherPrefix);
        Assert.Equal(1, package.Managed);
        var control = Assert.Single(package.CustomControls);
        Assert.Equal("pblab_CustomControl.CustomRichTextField", control.Name);
        Assert.Contains("constructor=\"CustomRichTextField\"", control.ManifestXml, StringComparison.Ordinal);
    }

    [Fact]
    public void Reads_an_unpacked_folder_into_tables_keys_choices_and_relationships()
    {
        var package = SolutionReader.Read(TestOrg.Asset("SampleSolution"));

        Assert.Equal("SampleWidgets", package.UniqueName);
        Assert.Equal("1.2.3.4", package.Version);
        Assert.Equal(47210, package.OptionValuePrefix);
        var widget = Assert.Single(package.Tables);
        Assert.Equal("cra_widget", widget.LogicalName);
        Assert.Equal("cra_widgetid", widget.PrimaryIdColumn);
        Assert.Equal("cra_name", widget.PrimaryNameColumn);
        Assert.Equal(OwnershipType.UserOwned, widget.Ownership);
        var key = Assert.Single(widget.Keys);
        Assert.Equal(["cra_code"], key.Columns);
        var dueOn = widget.Columns.Single(c => c.LogicalName == "cra_dueon");
        Assert.Equal(DateTimeBehavior.DateOnly, dueOn.DateTimeBehavior);
        var kind = widget.Columns.Single(c => c.LogicalName == "cra_kind");
        Assert.Equal("Large", kind.OptionSet!.Find(472100001)!.Label);
        var account = widget.Columns.Single(c => c.LogicalName == "cra_accountid");
        Assert.Equal(["account"], account.Targets);
        Assert.Equal(100, widget.Columns.Single(c => c.LogicalName == "cra_name").MaxLength);
    }

    [Fact]
    public void A_column_type_the_emulator_does_not_model_is_left_out_with_a_warning()
    {
        var package = SolutionReader.Read(TestOrg.Asset("SampleSolution"));

        Assert.DoesNotContain(package.Tables[0].Columns, c => c.LogicalName == "cra_formula");
        Assert.Contains(package.Warnings, w => w.Contains("cra_formula", StringComparison.Ordinal) && w.Contains("'file'", StringComparison.Ordinal));
    }

    [Fact]
    public void Reads_roles_steps_images_environment_variables_and_custom_apis()
    {
        var package = SolutionReader.Read(TestOrg.Asset("SampleSolution"));

        var role = Assert.Single(package.Roles);
        Assert.Equal(PrivilegeDepth.Basic, role.Privileges["prvReadcra_widget"]);
        Assert.Equal(PrivilegeDepth.Global, role.Privileges["prvReadAccount"]);
        var step = Assert.Single(package.Steps);
        Assert.Equal("Update", step.MessageName);
        Assert.Equal(40, step.Stage);
        Assert.Equal(["cra_count", "cra_amount"], step.FilteringAttributes);
        Assert.Equal("CrmAccountability.Emulator.Tests.Pipeline.WidgetCountGuard", step.PluginTypeName);
        var image = Assert.Single(step.Images);
        Assert.Equal(ImageType.PreImage, image.ImageType);
        Assert.Equal(["cra_count", "cra_amount"], image.Attributes);
        var variable = Assert.Single(package.EnvironmentVariables);
        Assert.Equal(("cra_Threshold", 100000001, "0.9"), (variable.SchemaName, variable.Type, variable.DefaultValue));
        var api = Assert.Single(package.CustomApis);
        Assert.True(api.IsFunction);
        Assert.Equal("cra_widget", api.BoundEntityLogicalName);
        Assert.Equal("prvWritecra_widget", api.ExecutePrivilegeName);
        Assert.Equal(CustomApiParameterType.EntityReference, Assert.Single(api.RequestParameters).Type);
        Assert.Equal("Echo", Assert.Single(api.ResponseProperties).UniqueName);
        var assembly = Assert.Single(package.PluginAssemblies);
        Assert.Null(assembly.Content);
    }

    [Fact]
    public void A_package_without_a_solution_manifest_fails_naming_the_file()
    {
        using var folder = TempFolder.Create("reader-");
        System.IO.Directory.CreateDirectory(System.IO.Path.Combine(folder.Path, "Other"));
        System.IO.File.WriteAllText(System.IO.Path.Combine(folder.Path, "Other", "Solution.xml"), "<ImportExportXml><Nothing/>");

        var error = Assert.Throws<SolutionFormatException>(() => SolutionReader.Read(folder.Path));

        Assert.Contains("Other/Solution.xml", error.Message, StringComparison.Ordinal);
        Assert.Contains("not well-formed XML", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Loading_a_solution_adds_its_tables_to_the_standard_catalogue()
    {
        var org = TestOrg.New();

        org.LoadSolution(TestOrg.Asset("SampleSolution"));

        var widget = org.Metadata.FindTable("cra_widget")!;
        Assert.Equal("cra_widgetid", widget.PrimaryIdColumn);
        Assert.NotNull(widget.FindColumn("owninguser"));
        Assert.NotNull(widget.FindColumn("createdon"));
        Assert.NotNull(org.Metadata.FindTable("phonecall"));
    }

    [Fact]
    public void A_table_the_package_extends_but_the_emulator_does_not_know_loads_as_a_shell_with_a_warning()
    {
        // Arrange: the sample source plus aaduser, carried the way exports carry tables they only extend (no primary key).
        using var folder = CrmAccountability.TestSupport.TempFolder.Create("shell-");
        foreach (var file in System.IO.Directory.GetFiles(TestOrg.Asset("SampleSolution"), "*", System.IO.SearchOption.AllDirectories))
        {
            var target = System.IO.Path.Combine(folder.Path, System.IO.Path.GetRelativePath(TestOrg.Asset("SampleSolution"), file));
            System.IO.Directory.CreateDirectory(System.IO.Path.GetDirectoryName(target)!);
            System.IO.File.Copy(file, target);
        }

        System.IO.Directory.CreateDirectory(System.IO.Path.Combine(folder.Path, "Entities", "aaduser"));
        System.IO.File.WriteAllText(System.IO.Path.Combine(folder.Path, "Entities", "aaduser", "Entity.xml"), "<Entity><Name LocalizedName=\"AAD User\" OriginalName=\"AAD User\">aaduser</Name><EntityInfo><entity Name=\"aaduser\"><attributes>"
            + "<attribute PhysicalName=\"displayname\"><Type>nvarchar</Type><Name>displayname</Name><LogicalName>displayname</LogicalName><RequiredLevel>none</RequiredLevel><MaxLength>256</MaxLength></attribute>"
            + "</attributes></entity></EntityInfo></Entity>");
        var org = TestOrg.New();

        // Act
        var package = org.LoadSolution(folder.Path);
        var id = org.GetService().Create(new Entity("aaduser") { ["displayname"] = "Ana" });

        // Assert
        var shell = org.Metadata.FindTable("aaduser")!;
        Assert.Equal("aaduserid", shell.PrimaryIdColumn);
        Assert.NotNull(shell.FindColumn("createdon"));
        Assert.Contains(package.Warnings, w => w.Contains("aaduser", StringComparison.Ordinal) && w.Contains("shell", StringComparison.Ordinal));
        Assert.Equal("Ana", org.GetService().Retrieve("aaduser", id, new Microsoft.Xrm.Sdk.Query.ColumnSet("displayname")).GetAttributeValue<string>("displayname"));
    }
}
