using System;
using System.Collections.Generic;
using System.Linq;
using System.Xml.Linq;

namespace CrmAccountability.Emulator.Solutions.Layout;

/// <summary>
/// Every kind of component the unpacked layout gives files of its own (Learn, "Solution component file reference
/// (SolutionPackager)", and what pac writes for apps, site maps, controls and canvas apps; solution-format.md §2.1).
/// Anything else — connection references, languages, field security profiles, AI models, data providers, reports,
/// templates — stays in Other/Customizations.xml, and its payload files keep their zip paths.
/// </summary>
public static class SolutionLayout
{
    internal static IReadOnlyList<ComponentLayout> Components { get; } =
    [
        new EntityLayout(),
        new FilePerComponentLayout("Roles", "Role", "Roles", r => (string?)r.Attribute("name")),
        new DataFileLayout("Workflows", "Workflow", "Workflows", ".data.xml", ["XamlFileName", "JsonFileName"], (_, zip) => zip, w => (string?)w.Attribute("Name") + "-" + (string?)w.Attribute("WorkflowId")),
        new ContainerFileLayout("RibbonDiffXml", "Other/RibbonCustomizations.xml"),
        new ContainerFileLayout("SiteMap", "Other/SiteMap.xml"),
        new ContainerFileLayout("ConnectionRoles", "Other/ConnectionRoles.xml"),
        new ContainerFileLayout("EntityMaps", "Other/EntityMaps.xml"),
        new RelationshipLayout(),
        new FilePerComponentLayout("optionsets", "optionset", "OptionSets", o => (string?)o.Attribute("Name")),
        new DataFileLayout("Reports", "Report", "Reports", ".data.xml", ["FileName"], (_, zip) => zip, r => r.Element("Name")?.Value),
        new FilePerComponentLayout("Dashboards", "Dashboard", "Dashboards", d => SafeNames.Id(d.Element("FormId")?.Value)),
        new DataFileLayout("WebResources", "WebResource", "WebResources", ".data.xml", ["FileName"], (w, _) => "WebResources/" + SafeNames.RelativePath(w.Element("Name")?.Value, "webresource"), w => w.Element("Name")?.Value),
        new DataFileLayout("CustomControls", "CustomControl", "Controls", ".data.xml", ["FileName"], (_, zip) => zip, c => c.Element("Name")?.Value),
        new DataFileLayout("SolutionPluginAssemblies", "PluginAssembly", "PluginAssemblies", ".data.xml", ["FileName"], (_, zip) => zip, a => ((string?)a.Attribute("FullName"))?.Split(',')[0]),
        new FilePerComponentLayout("SdkMessageProcessingSteps", "SdkMessageProcessingStep", "SdkMessageProcessingSteps", s => SafeNames.Id((string?)s.Attribute("SdkMessageProcessingStepId"))),
        new FilePerComponentLayout("AppModuleSiteMaps", "AppModuleSiteMap", "AppModuleSiteMaps", s => s.Element("SiteMapUniqueName")?.Value, "AppModuleSiteMap.xml"),
        new FilePerComponentLayout("AppModules", "AppModule", "AppModules", a => a.Element("UniqueName")?.Value, "AppModule.xml"),
        new DataFileLayout("CanvasApps", "CanvasApp", "CanvasApps", ".meta.xml", ["DocumentUri"], (_, _) => null, c => c.Element("Name")?.Value),
    ];

    /// <summary>
    /// Folders whose files are the same in both layouts: the lower-case, solution-aware tables (customapis,
    /// environmentvariabledefinitions, pluginpackages, maskingrules, botcomponents …) that exports and pac write
    /// alike, one folder per record.
    /// </summary>
    public static bool IsRecordFolder(string path)
    {
        var slash = path.IndexOf('/', StringComparison.Ordinal);
        return slash > 0 && path[..slash].All(c => char.IsLower(c) || char.IsDigit(c) || c == '_');
    }

    /// <summary>The elements that name a payload file by its zip path; each must resolve for the package to import.</summary>
    public static IReadOnlyList<string> PayloadElements { get; } = ["FileName", "JsonFileName", "XamlFileName", "FormulaDefinitionFileName", "DocumentUri", "BackgroundImageUri", "AdditionalUri"];

    /// <summary>Zip paths that customizations.xml points at (FileName, XamlFileName, JsonFileName, DocumentUri …: any leaf whose text is a rooted path).</summary>
    public static HashSet<string> ReferencedPaths(XElement customizations)
        => customizations.Descendants()
            .Where(e => !e.HasElements)
            .Select(e => e.Value.Trim())
            .Where(v => v.Length > 1 && v.Length < 1024 && v[0] == '/')
            .Select(v => v.TrimStart('/'))
            .ToHashSet(StringComparer.Ordinal);
}
