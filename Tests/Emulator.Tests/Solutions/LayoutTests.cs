using System;
using System.IO;
using System.Linq;
using System.Text;
using System.Xml.Linq;
using CrmAccountability.Emulator.Solutions;
using CrmAccountability.Emulator.Solutions.Layout;
using CrmAccountability.TestSupport;
using Xunit;

namespace CrmAccountability.Emulator.Tests.Solutions;

/// <summary>
/// SolutionPackager's unpacked layout (Learn, "Solution component file reference (SolutionPackager)"), both ways: each
/// component kind gets the documented files, and packing the folder gives the package back.
/// </summary>
public sealed class LayoutTests
{
    private const string FormId = "{11111111-1111-1111-1111-111111111111}";
    private const string ViewId = "{22222222-2222-2222-2222-222222222222}";
    private const string ChartId = "{33333333-3333-3333-3333-333333333333}";
    private const string DashboardId = "{44444444-4444-4444-4444-444444444444}";
    private const string StepId = "{55555555-5555-5555-5555-555555555555}";

    /// <summary>A package with one component of every kind the layout gives files, and some it leaves in Customizations.xml.</summary>
    private static PackageFiles EveryKind(string managed = "0", string formLabel = "Main")
    {
        var customizations = $$"""
            <ImportExportXml xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">
              <Entities>
                <Entity>
                  <Name LocalizedName="Widget">new_Widget</Name>
                  <EntityInfo><entity Name="new_Widget"><attributes>
                    <attribute PhysicalName="new_WidgetId"><Type>primarykey</Type><LogicalName>new_widgetid</LogicalName></attribute>
                    <attribute PhysicalName="new_Score"><Type>int</Type><LogicalName>new_score</LogicalName><IsCustomField>1</IsCustomField>
                      <FormulaDefinitionFileName>/Formulas/new_widget-new_score.xaml</FormulaDefinitionFileName></attribute>
                  </attributes><OwnershipTypeMask>UserOwned</OwnershipTypeMask>
                  <Descriptions><Description description="two&#xA;lines" languagecode="1033" /></Descriptions></entity></EntityInfo>
                  <FormXml><forms type="main"><systemform><formid>{{FormId}}</formid><form><tabs /></form>
                    <LocalizedNames><LocalizedName description="{{formLabel}}" languagecode="1033" /></LocalizedNames></systemform></forms></FormXml>
                  <SavedQueries><savedqueries><savedquery><savedqueryid>{{ViewId}}</savedqueryid><fetchxml><fetch><entity name="new_widget" /></fetch></fetchxml></savedquery></savedqueries></SavedQueries>
                  <Visualizations><visualization><savedqueryvisualizationid>{{ChartId}}</savedqueryvisualizationid></visualization></Visualizations>
                  <RibbonDiffXml><CustomActions /></RibbonDiffXml>
                </Entity>
              </Entities>
              <Roles><Role id="{66666666-6666-6666-6666-666666666666}" name="Widget Maker"><RolePrivileges /></Role></Roles>
              <Workflows>
                <Workflow WorkflowId="{77777777-7777-7777-7777-777777777777}" Name="Tidy"><XamlFileName>/Workflows/Tidy-77777777-7777-7777-7777-777777777777.xaml</XamlFileName></Workflow>
                <Workflow WorkflowId="{88888888-8888-8888-8888-888888888888}" Name="Notify"><JsonFileName>/Workflows/Notify-88888888-8888-8888-8888-888888888888.json</JsonFileName></Workflow>
              </Workflows>
              <FieldSecurityProfiles><FieldSecurityProfile name="Secret" /></FieldSecurityProfiles>
              <EntityMaps><EntityMap><EntitySource>account</EntitySource><EntityTarget>new_widget</EntityTarget></EntityMap></EntityMaps>
              <EntityRelationships>
                <EntityRelationship Name="new_account_new_widget"><EntityRelationshipType>OneToMany</EntityRelationshipType><ReferencingEntityName>new_Widget</ReferencingEntityName><ReferencedEntityName>Account</ReferencedEntityName><ReferencingAttributeName>new_AccountId</ReferencingAttributeName></EntityRelationship>
                <EntityRelationship Name="new_widget_contact"><EntityRelationshipType>ManyToMany</EntityRelationshipType><FirstEntityName>new_Widget</FirstEntityName><SecondEntityName>Contact</SecondEntityName></EntityRelationship>
              </EntityRelationships>
              <optionsets><optionset Name="new_size"><options><option value="1" /></options></optionset></optionsets>
              <Dashboards><Dashboard><FormId>{{DashboardId}}</FormId></Dashboard></Dashboards>
              <WebResources><WebResource><Name>new_/scripts/widget.js</Name><FileName>/WebResources/new_scriptswidgetjsAAAA</FileName></WebResource></WebResources>
              <CustomControls><CustomControl><Name>new_Ns.Gauge</Name><FileName>/Controls/new_Ns.Gauge/ControlManifest.xml</FileName></CustomControl></CustomControls>
              <SolutionPluginAssemblies><PluginAssembly FullName="Widgets, Version=1.0.0.0" PluginAssemblyId="{99999999-9999-9999-9999-999999999999}"><FileName>/PluginAssemblies/Widgets-99999999-9999-9999-9999-999999999999/Widgets.dll</FileName></PluginAssembly></SolutionPluginAssemblies>
              <SdkMessageProcessingSteps><SdkMessageProcessingStep SdkMessageProcessingStepId="{{StepId}}" Name="Count" /></SdkMessageProcessingSteps>
              <AppModuleSiteMaps><AppModuleSiteMap><SiteMapUniqueName>new_Widgets</SiteMapUniqueName></AppModuleSiteMap></AppModuleSiteMaps>
              <AppModules><AppModule><UniqueName>new_Widgets</UniqueName></AppModule></AppModules>
              <CanvasApps><CanvasApp><Name>new_widgetapp_1a2b3</Name><DocumentUri>/CanvasApps/new_widgetapp_1a2b3_DocumentUri.msapp</DocumentUri><BackgroundImageUri>/CanvasApps/new_widgetapp_1a2b3_BackgroundImageUri</BackgroundImageUri></CanvasApp></CanvasApps>
              <connectionreferences><connectionreference connectionreferencelogicalname="new_shared" /></connectionreferences>
              <Languages><Language>1033</Language></Languages>
            </ImportExportXml>
            """;
        var files = new PackageFiles("every-kind.zip");
        files.Write("solution.xml", Encoding.UTF8.GetBytes("<ImportExportXml><SolutionManifest><UniqueName>Widgets</UniqueName><Version>1.0.0.0</Version><Managed>" + managed + "</Managed><Publisher><CustomizationPrefix>new</CustomizationPrefix></Publisher><RootComponents /></SolutionManifest></ImportExportXml>"));
        files.Write("customizations.xml", Encoding.UTF8.GetBytes(customizations));
        files.Write("Formulas/new_widget-new_score.xaml", Encoding.UTF8.GetBytes("<Activity />"));
        files.Write("Workflows/Tidy-77777777-7777-7777-7777-777777777777.xaml", Encoding.UTF8.GetBytes("<Activity x:Class=\"Tidy\" />"));
        files.Write("Workflows/Notify-88888888-8888-8888-8888-888888888888.json", Encoding.UTF8.GetBytes("{\"properties\":{}}"));
        files.Write("WebResources/new_scriptswidgetjsAAAA", Encoding.UTF8.GetBytes("console.log('widget');"));
        files.Write("Controls/new_Ns.Gauge/ControlManifest.xml", Encoding.UTF8.GetBytes("<manifest />"));
        files.Write("Controls/new_Ns.Gauge/bundle.js", [1, 2, 3]);
        files.Write("PluginAssemblies/Widgets-99999999-9999-9999-9999-999999999999/Widgets.dll", [(byte)'M', (byte)'Z', 0, 1]);
        files.Write("CanvasApps/new_widgetapp_1a2b3_DocumentUri.msapp", [80, 75, 3, 4]);
        files.Write("CanvasApps/new_widgetapp_1a2b3_BackgroundImageUri", [137, 80, 78, 71]);
        files.Write("customapis/new_Spin/customapi.xml", Encoding.UTF8.GetBytes("<customapi uniquename=\"new_Spin\" />"));
        files.Write("[Content_Types].xml", Encoding.UTF8.GetBytes("<Types />"));
        return files;
    }

    [Fact]
    public void Every_component_kind_gets_the_files_SolutionPackager_documents()
    {
        // Act
        var folder = SolutionUnpacker.Unpack(EveryKind());

        // Assert
        string[] expected =
        [
            "Other/Solution.xml", "Other/Customizations.xml", "Other/Relationships.xml", "Other/Relationships/Account.xml", "Other/Relationships/new_Widget.xml", "Other/EntityMaps.xml",
            "Entities/new_Widget/Entity.xml", "Entities/new_Widget/FormXml/main/" + FormId + ".xml", "Entities/new_Widget/SavedQueries/" + ViewId + ".xml",
            "Entities/new_Widget/Visualizations/" + ChartId + ".xml", "Entities/new_Widget/RibbonDiff.xml", "Entities/new_Widget/Formulas/new_widget-new_score.xaml",
            "Roles/Widget Maker.xml", "OptionSets/new_size.xml", "Dashboards/" + DashboardId + ".xml", "SdkMessageProcessingSteps/" + StepId + ".xml",
            "Workflows/Tidy-77777777-7777-7777-7777-777777777777.xaml", "Workflows/Tidy-77777777-7777-7777-7777-777777777777.xaml.data.xml",
            "Workflows/Notify-88888888-8888-8888-8888-888888888888.json", "Workflows/Notify-88888888-8888-8888-8888-888888888888.json.data.xml",
            "WebResources/new_/scripts/widget.js", "WebResources/new_/scripts/widget.js.data.xml",
            "Controls/new_Ns.Gauge/ControlManifest.xml", "Controls/new_Ns.Gauge/ControlManifest.xml.data.xml", "Controls/new_Ns.Gauge/bundle.js",
            "PluginAssemblies/Widgets-99999999-9999-9999-9999-999999999999/Widgets.dll", "PluginAssemblies/Widgets-99999999-9999-9999-9999-999999999999/Widgets.dll.data.xml",
            "AppModules/new_Widgets/AppModule.xml", "AppModuleSiteMaps/new_Widgets/AppModuleSiteMap.xml",
            "CanvasApps/new_widgetapp_1a2b3.meta.xml", "CanvasApps/new_widgetapp_1a2b3_DocumentUri.msapp", "CanvasApps/new_widgetapp_1a2b3_BackgroundImageUri",
            "customapis/new_Spin/customapi.xml",
        ];
        Assert.Equal(expected.Order(StringComparer.Ordinal), folder.Paths.Order(StringComparer.Ordinal));
        var skeleton = SafeXml.Load(folder.Read("Other/Customizations.xml")).Root!;
        Assert.False(skeleton.Element("Entities")!.HasElements);
        Assert.Equal("Secret", (string?)skeleton.Element("FieldSecurityProfiles")!.Element("FieldSecurityProfile")!.Attribute("name"));
        Assert.NotNull(skeleton.Element("connectionreferences")!.Element("connectionreference"));
        Assert.Equal("console.log('widget');", Encoding.UTF8.GetString(folder.Read("WebResources/new_/scripts/widget.js")));
    }

    [Fact]
    public void Packing_the_unpacked_folder_gives_back_every_component_and_every_payload_byte()
    {
        // Arrange
        var original = EveryKind();
        var folder = SolutionUnpacker.Unpack(original);

        // Act
        var repacked = UnpackedLayout.Merge(folder, managed: false);

        // Assert
        Assert.Empty(PackageEquivalence.Differences(original, repacked));
        Assert.Empty(repacked.Unplaced);
        Assert.Equal([1, 2, 3], repacked.Read("Controls/new_Ns.Gauge/bundle.js"));
        Assert.Contains("two\nlines", Encoding.UTF8.GetString(repacked.Read("customizations.xml")).Replace("&#xA;", "\n", StringComparison.Ordinal), StringComparison.Ordinal);
    }

    [Fact]
    public void The_equivalence_check_sees_a_lost_component_and_a_changed_payload()
    {
        // Arrange
        var original = EveryKind();
        var folder = SolutionUnpacker.Unpack(original);
        folder.Replace("Roles/Widget Maker.xml", Encoding.UTF8.GetBytes("<Role id=\"{66666666-6666-6666-6666-666666666666}\" name=\"Renamed\" />"));
        folder.Replace("Workflows/Tidy-77777777-7777-7777-7777-777777777777.xaml", Encoding.UTF8.GetBytes("<Activity />"));

        // Act
        var differences = PackageEquivalence.Differences(original, UnpackedLayout.Merge(folder, managed: false));

        // Assert
        Assert.Contains(differences, d => d.StartsWith("customizations.xml: <Roles> differs (Role Widget Maker)", StringComparison.Ordinal));
        Assert.Contains("Workflows/Tidy-77777777-7777-7777-7777-777777777777.xaml: content differs", differences);
    }

    [Fact]
    public void Both_zips_unpack_into_one_folder_with_a_managed_twin_only_where_they_differ()
    {
        // Arrange: the managed export's form differs, as Dataverse's managed exports of forms can.
        var unmanaged = EveryKind("0");
        var managed = EveryKind("1", formLabel: "Main (managed)");

        // Act
        var folder = SolutionUnpacker.UnpackBoth(unmanaged, managed);

        // Assert
        var twins = folder.Paths.Where(p => p.EndsWith("_managed.xml", StringComparison.Ordinal)).ToList();
        Assert.Equal(["Entities/new_Widget/FormXml/main/" + FormId + "_managed.xml"], twins);
        Assert.Contains("<Managed>2</Managed>", Encoding.UTF8.GetString(folder.Read("Other/Solution.xml")), StringComparison.Ordinal);
        Assert.Empty(PackageEquivalence.Differences(unmanaged, UnpackedLayout.Merge(folder, managed: false)));
        Assert.Empty(PackageEquivalence.Differences(managed, UnpackedLayout.Merge(folder, managed: true)));
    }

    [Fact]
    public void Both_zips_must_hold_the_same_components()
    {
        var unmanaged = EveryKind("0");
        var managed = EveryKind("1");
        managed.Remove("customapis/new_Spin/customapi.xml");

        var error = Assert.Throws<SolutionFormatException>(() => SolutionUnpacker.UnpackBoth(unmanaged, managed));

        Assert.Contains("customapis/new_Spin/customapi.xml", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Names_from_the_package_never_leave_the_folder()
    {
        // Arrange: a web resource and a role named to climb out of the output folder.
        var files = EveryKind();
        var text = Encoding.UTF8.GetString(files.Read("customizations.xml"))
            .Replace("<Name>new_/scripts/widget.js</Name>", "<Name>../../../etc/cron.d/evil</Name>", StringComparison.Ordinal)
            .Replace("name=\"Widget Maker\"", "name=\"../../Roles/..\"", StringComparison.Ordinal);
        files.Write("customizations.xml", Encoding.UTF8.GetBytes(text));
        using var temp = TempFolder.Create("unpack-");

        // Act
        var folder = SolutionUnpacker.Unpack(files);
        folder.WriteTo(Path.Combine(temp.Path, "out"));

        // Assert
        Assert.All(folder.Paths, p => Assert.DoesNotContain("..", p.Split('/')));
        Assert.Contains("WebResources/_/_/_/etc/cron.d/evil", folder.Paths);
        Assert.All(Directory.GetFiles(temp.Path, "*", SearchOption.AllDirectories), f => Assert.StartsWith(Path.Combine(temp.Path, "out"), f, StringComparison.Ordinal));
    }

    [Fact]
    public void Unpacking_refuses_a_folder_that_is_not_empty()
    {
        using var temp = TempFolder.Create("unpack-");
        File.WriteAllText(temp.File("keep.txt"), "mine");

        var error = Assert.Throws<IOException>(() => SolutionUnpacker.Unpack(EveryKind()).WriteTo(temp.Path));

        Assert.Contains("not empty", error.Message, StringComparison.Ordinal);
        Assert.Equal("mine", File.ReadAllText(temp.File("keep.txt")));
    }

    [Fact]
    public void A_file_no_component_accounts_for_is_listed_as_unplaced_not_dropped()
    {
        var folder = SolutionUnpacker.Unpack(EveryKind());
        folder.Add("Other/Notes.txt", Encoding.UTF8.GetBytes("todo"));
        folder.Add("Entities/new_Widget/Sketch.png", [1]);

        var packed = UnpackedLayout.Merge(folder, managed: false);

        Assert.Equal(["Entities/new_Widget/Sketch.png", "Other/Notes.txt"], packed.Unplaced.Order(StringComparer.Ordinal));
    }

    [Fact]
    public void A_canvas_apps_unpacked_sources_are_noted_and_its_msapp_packed()
    {
        var folder = SolutionUnpacker.Unpack(EveryKind());
        folder.Add("CanvasApps/src/new_widgetapp_1a2b3/Src/App.fx.yaml", Encoding.UTF8.GetBytes("App:"));
        folder.Add("CanvasApps/src/new_widgetapp_1a2b3/CanvasManifest.json", Encoding.UTF8.GetBytes("{}"));

        var packed = UnpackedLayout.Merge(folder, managed: false);

        Assert.Empty(packed.Unplaced);
        Assert.True(packed.Contains("CanvasApps/new_widgetapp_1a2b3_DocumentUri.msapp"));
        var note = Assert.Single(packed.Notes);
        Assert.StartsWith("CanvasApps/src/new_widgetapp_1a2b3/ (2 files)", note, StringComparison.Ordinal);
    }

    [Fact]
    public void A_folder_from_pac_with_managed_variants_packs_each_kind_from_its_own_variant()
    {
        // Arrange: an AppModule_managed.xml beside AppModule.xml, as pac writes for Both.
        var folder = SolutionUnpacker.Unpack(EveryKind());
        folder.Add("AppModules/new_Widgets/AppModule_managed.xml", Encoding.UTF8.GetBytes("<AppModule><UniqueName>new_Widgets</UniqueName><IsManagedVariant>1</IsManagedVariant></AppModule>"));

        // Act
        var unmanaged = UnpackedLayout.Merge(folder, managed: false);
        var managed = UnpackedLayout.Merge(folder, managed: true);

        // Assert
        Assert.DoesNotContain("IsManagedVariant", Encoding.UTF8.GetString(unmanaged.Read("customizations.xml")), StringComparison.Ordinal);
        Assert.Contains("<IsManagedVariant>1</IsManagedVariant>", Encoding.UTF8.GetString(managed.Read("customizations.xml")), StringComparison.Ordinal);
        Assert.Empty(managed.Unplaced);
    }
}
