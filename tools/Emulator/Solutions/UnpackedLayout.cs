using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Xml.Linq;

namespace CrmAccountability.Emulator.Solutions;

/// <summary>
/// SolutionPackager's unpacked layout merged into the packed form (solution-format.md §2.2): component files are
/// gathered into customizations.xml in schema order, payloads move to their FileName paths, and the lower-case
/// "new-style" folders are copied verbatim. Build outputs (plug-in DLLs made at build time, PCF bundles) are not part of
/// the source: the packer adds them; the emulator takes plug-in types from the loaded assemblies instead.
/// </summary>
public static class UnpackedLayout
{
    /// <summary>The order of customizations.xml's children (the XSD sequence, with connectionreferences where exports put it).</summary>
    public static readonly string[] TopLevelOrder =
    [
        "Entities", "Roles", "Workflows", "FieldSecurityProfiles", "Templates", "RibbonDiffXml", "IsvConfig", "RelationshipRoles",
        "ConnectionRoles", "SiteMap", "EntityMaps", "EntityRelationships", "OrganizationSettings", "optionsets", "Reports", "RoutingRules",
        "ChannelPropertyGroups", "ConvertRules", "MobileOfflineProfiles", "Slas", "ChannelAccessProfiles", "ChannelAccessProfileRules",
        "Dashboards", "InteractionCentricDashboards", "Dialogs", "WebResources", "CustomControls", "SolutionPluginAssemblies",
        "SdkMessageProcessingSteps", "ServiceEndpoints", "AppModuleSiteMaps", "AppModules", "EntityDataProviders", "EntityDataSources",
        "connectionreferences", "Languages", "GlobalSearchConfigurations", "StoredProcedures",
    ];

    private static readonly string[] VerbatimFolders = ["customapis", "environmentvariabledefinitions", "pluginpackages", "dvtablesearchentities"];

    public static PackageFiles Merge(string source, bool managed)
    {
        var files = new PackageFiles(source);
        var solution = Load(source, "Other", "Solution.xml");
        var manifest = solution.Root!.Element("SolutionManifest") ?? throw new SolutionFormatException(source, "Other/Solution.xml", "it has no <SolutionManifest>");
        manifest.SetElementValue("Managed", managed ? "1" : "0");

        var customizations = Load(source, "Other", "Customizations.xml");
        var root = customizations.Root!;
        Fill(root, "Entities", Entities(source, managed));
        Fill(root, "Roles", Roots(source, "Roles", "*.xml"));
        Fill(root, "Workflows", Roots(source, "Workflows", "*.data.xml"));
        Fill(root, "optionsets", Roots(source, "OptionSets", "*.xml"));
        Fill(root, "EntityRelationships", Files(source, Path.Combine("Other", "Relationships"), "*.xml").SelectMany(f => LoadXml(source, f).Root!.Elements("EntityRelationship")));
        Fill(root, "Dashboards", Roots(source, "Dashboards", "*.xml"));
        Fill(root, "CustomControls", Roots(source, "Controls", "ControlManifest.xml.data.xml", recursive: true));
        Fill(root, "SolutionPluginAssemblies", Roots(source, "PluginAssemblies", "*.data.xml", recursive: true));
        Fill(root, "SdkMessageProcessingSteps", Roots(source, "SdkMessageProcessingSteps", "*.xml"));
        Fill(root, "AppModuleSiteMaps", Roots(source, "AppModuleSiteMaps", "AppModuleSiteMap.xml", recursive: true));
        Fill(root, "AppModules", Roots(source, "AppModules", "AppModule.xml", recursive: true));
        files.WriteXml("solution.xml", solution);
        files.WriteXml("customizations.xml", customizations);

        foreach (var json in Files(source, "Workflows", "*.json"))
        {
            files.Write("Workflows/" + Path.GetFileName(json), File.ReadAllBytes(json));
        }

        AddPluginAssemblies(root, files, source);
        foreach (var folder in VerbatimFolders.Where(f => Directory.Exists(Path.Combine(source, f))))
        {
            foreach (var file in Directory.GetFiles(Path.Combine(source, folder), "*", SearchOption.AllDirectories).Order(StringComparer.Ordinal))
            {
                files.Write(Path.GetRelativePath(source, file).Replace('\\', '/'), File.ReadAllBytes(file));
            }
        }

        return files;
    }

    private static IEnumerable<XElement> Entities(string source, bool managed)
    {
        foreach (var entityFile in Files(source, "Entities", "Entity.xml", recursive: true))
        {
            var folder = Path.GetDirectoryName(entityFile)!;
            var entity = LoadXml(source, entityFile).Root!;
            var formTypes = Directory.Exists(Path.Combine(folder, "FormXml")) ? Directory.GetDirectories(Path.Combine(folder, "FormXml")).Order(StringComparer.Ordinal).ToList() : [];
            if (formTypes.Count > 0)
            {
                var formXml = new XElement("FormXml");
                foreach (var typeFolder in formTypes)
                {
                    var forms = new XElement("forms", new XAttribute("type", Path.GetFileName(typeFolder)));
                    foreach (var formFile in FormFiles(typeFolder, managed))
                    {
                        forms.Add(LoadXml(source, formFile).Root!.Elements("systemform"));
                    }

                    formXml.Add(forms);
                }

                Replace(entity, "FormXml", formXml);
            }

            var views = Files(folder, "SavedQueries", "*.xml").SelectMany(f => LoadXml(source, f).Root!.Elements("savedquery")).ToList();
            if (views.Count > 0)
            {
                Replace(entity, "SavedQueries", new XElement("SavedQueries", new XElement("savedqueries", views)));
            }

            var charts = Files(folder, "Visualizations", "*.xml").Select(f => LoadXml(source, f).Root!).ToList();
            if (charts.Count > 0)
            {
                var visualizations = new XElement("Visualizations", charts);
                if (entity.Element("SavedQueries") is { } savedQueries)
                {
                    entity.Element("Visualizations")?.Remove();
                    savedQueries.AddAfterSelf(visualizations);
                }
                else
                {
                    Replace(entity, "Visualizations", visualizations);
                }
            }

            if (File.Exists(Path.Combine(folder, "RibbonDiff.xml")))
            {
                Replace(entity, "RibbonDiffXml", LoadXml(source, Path.Combine(folder, "RibbonDiff.xml")).Root!);
            }

            yield return entity;
        }
    }

    /// <summary>For a managed pack a form's "_managed" variant replaces it, as SolutionPackager does.</summary>
    private static IEnumerable<string> FormFiles(string folder, bool managed)
    {
        var all = Directory.GetFiles(folder, "*.xml").Order(StringComparer.Ordinal).ToList();
        foreach (var file in all.Where(f => !f.EndsWith("_managed.xml", StringComparison.OrdinalIgnoreCase)))
        {
            var managedVariant = file[..^4] + "_managed.xml";
            yield return managed && all.Contains(managedVariant) ? managedVariant : file;
        }
    }

    /// <summary>Plug-in DLLs checked in beside their .data.xml; a DLL made by the build is the packer's to add.</summary>
    private static void AddPluginAssemblies(XElement customizations, PackageFiles files, string source)
    {
        foreach (var assembly in customizations.Element("SolutionPluginAssemblies")?.Elements("PluginAssembly") ?? [])
        {
            var fileName = assembly.Element("FileName")?.Value.Trim() ?? string.Empty;
            var shipped = Files(source, "PluginAssemblies", Path.GetFileName(fileName), recursive: true).FirstOrDefault();
            if (shipped != null)
            {
                files.Write(fileName, File.ReadAllBytes(shipped));
            }
        }
    }

    private static void Fill(XElement customizations, string container, IEnumerable<XElement> children)
    {
        var list = children.ToList();
        if (list.Count == 0)
        {
            return;
        }

        var element = Container(customizations, container);
        element.RemoveNodes();
        element.Add(list);
    }

    /// <summary>The top-level element of customizations.xml named <paramref name="name"/>, inserted in schema order if absent.</summary>
    public static XElement Container(XElement customizations, string name)
    {
        var element = customizations.Element(name);
        if (element == null)
        {
            element = new XElement(name);
            var index = Array.IndexOf(TopLevelOrder, name);
            var after = customizations.Elements().LastOrDefault(e => Array.IndexOf(TopLevelOrder, e.Name.LocalName) is var i && i >= 0 && i < index);
            if (after != null)
            {
                after.AddAfterSelf(element);
            }
            else
            {
                customizations.AddFirst(element);
            }
        }

        return element;
    }

    private static void Replace(XElement parent, string name, XElement replacement)
    {
        var existing = parent.Element(name);
        if (existing != null)
        {
            existing.ReplaceWith(replacement);
        }
        else
        {
            parent.Add(replacement);
        }
    }

    private static IEnumerable<XElement> Roots(string source, string folder, string pattern, bool recursive = false)
        => Files(source, folder, pattern, recursive).Select(f => LoadXml(source, f).Root!);

    private static IEnumerable<string> Files(string source, string folder, string pattern, bool recursive = false)
    {
        var path = Path.Combine(source, folder);
        return Directory.Exists(path)
            ? Directory.GetFiles(path, pattern, recursive ? SearchOption.AllDirectories : SearchOption.TopDirectoryOnly).Order(StringComparer.Ordinal)
            : [];
    }

    private static XDocument Load(string source, params string[] parts)
    {
        var path = Path.Combine([source, .. parts]);
        return File.Exists(path) ? LoadXml(source, path) : throw new SolutionFormatException(source, string.Join("/", parts), "the file is missing");
    }

    /// <summary>Loads a source file, naming it if it is not well-formed (the XML reader's own message has no file).</summary>
    private static XDocument LoadXml(string source, string path)
    {
        var relative = Path.GetRelativePath(source, path).Replace('\\', '/');
        try
        {
            if (new FileInfo(path).Length > PackageLimits.Default.MaxEntryBytes)
            {
                throw new PackageLimitException(relative, relative + " is larger than the " + (PackageLimits.Default.MaxEntryBytes >> 20) + " MiB one file of a solution is read with.");
            }

            return SafeXml.Load(File.ReadAllBytes(path));
        }
        catch (System.Xml.XmlException ex)
        {
            throw new SolutionFormatException(source, relative, "it is not well-formed XML: " + ex.Message);
        }
    }
}
