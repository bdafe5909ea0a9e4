using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Xml.Linq;

namespace CrmAccountability.Cli.Packing;

/// <summary>Where built artefacts come from: the plug-in DLLs and the PCF controls' build output.</summary>
/// <param name="PluginDirectories">Folders holding built plug-in DLLs named by PluginAssembly FileName elements.</param>
/// <param name="ControlBuildDirectories">PCF build outputs (out/controls/&lt;Control&gt;).</param>
/// <param name="RegisteredAssemblies">Built plug-in DLLs whose [PluginStep] attributes become the package's assembly and steps.</param>
internal sealed record BuildOutputs(IReadOnlyList<string> PluginDirectories, IReadOnlyList<string> ControlBuildDirectories, IReadOnlyList<string>? RegisteredAssemblies = null)
{
    public static BuildOutputs None { get; } = new([], []);

    /// <summary>The repository's own layout: Plugins/bin/Release/net462 and every Solution/Controls/*/out/controls/*.</summary>
    public static BuildOutputs ForRepository(string repoRoot)
    {
        var controls = Directory.Exists(Path.Combine(repoRoot, "Solution", "Controls"))
            ? Directory.GetDirectories(Path.Combine(repoRoot, "Solution", "Controls"))
                .Select(d => Path.Combine(d, "out", "controls"))
                .Where(Directory.Exists)
                .SelectMany(Directory.GetDirectories)
                .Order(StringComparer.Ordinal)
                .ToList()
            : [];
        var plugins = Path.Combine(repoRoot, "Plugins", "bin", "Release", "net462");
        return new BuildOutputs([plugins], controls, [Path.Combine(plugins, "CrmAccountability.Plugins.dll")]);
    }
}

/// <summary>
/// SolutionPackager's unpacked layout merged into the packed form (solution-format.md §2.2): component files are
/// gathered into customizations.xml in schema order, payloads move to their FileName paths, and the lower-case
/// "new-style" folders are copied verbatim.
/// </summary>
internal static class UnpackedLayout
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

    public static PackageFiles Merge(string source, bool managed, BuildOutputs outputs)
    {
        var files = new PackageFiles(source);
        var solution = Load(source, "Other", "Solution.xml");
        var manifest = solution.Root!.Element("SolutionManifest") ?? throw new InvalidDataException("Other/Solution.xml has no <SolutionManifest>.");
        manifest.SetElementValue("Managed", managed ? "1" : "0");

        var customizations = Load(source, "Other", "Customizations.xml");
        var root = customizations.Root!;
        Fill(root, "Entities", Entities(source, managed));
        Fill(root, "Roles", Roots(source, "Roles", "*.xml"));
        Fill(root, "Workflows", Roots(source, "Workflows", "*.data.xml"));
        Fill(root, "optionsets", Roots(source, "OptionSets", "*.xml"));
        Fill(root, "EntityRelationships", Files(source, Path.Combine("Other", "Relationships"), "*.xml").SelectMany(f => LoadXml(f).Root!.Elements("EntityRelationship")));
        Fill(root, "Dashboards", Roots(source, "Dashboards", "*.xml"));
        Fill(root, "CustomControls", Roots(source, "Controls", "ControlManifest.xml.data.xml", recursive: true));
        Fill(root, "SolutionPluginAssemblies", Roots(source, "PluginAssemblies", "*.data.xml", recursive: true));
        Fill(root, "SdkMessageProcessingSteps", Roots(source, "SdkMessageProcessingSteps", "*.xml"));
        Fill(root, "AppModuleSiteMaps", Roots(source, "AppModuleSiteMaps", "AppModuleSiteMap.xml", recursive: true));
        Fill(root, "AppModules", Roots(source, "AppModules", "AppModule.xml", recursive: true));
        foreach (var assembly in outputs.RegisteredAssemblies ?? [])
        {
            if (File.Exists(assembly))
            {
                PluginRegistrations.AddTo(files, root, manifest, File.ReadAllBytes(assembly));
            }
            else
            {
                files.Missing.Add("PluginAssemblies/" + Path.GetFileName(assembly) + " (build the plug-in assembly in Release, or run crmacc pack without --no-build)");
            }
        }

        files.WriteXml("solution.xml", solution);
        files.WriteXml("customizations.xml", customizations);

        foreach (var json in Files(source, "Workflows", "*.json"))
        {
            files.Write("Workflows/" + Path.GetFileName(json), File.ReadAllBytes(json));
        }

        AddPluginAssemblies(root, files, source, outputs);
        AddControls(root, files, outputs);
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
            var entity = LoadXml(entityFile).Root!;
            var formTypes = Directory.Exists(Path.Combine(folder, "FormXml")) ? Directory.GetDirectories(Path.Combine(folder, "FormXml")).Order(StringComparer.Ordinal).ToList() : [];
            if (formTypes.Count > 0)
            {
                var formXml = new XElement("FormXml");
                foreach (var typeFolder in formTypes)
                {
                    var forms = new XElement("forms", new XAttribute("type", Path.GetFileName(typeFolder)));
                    foreach (var formFile in FormFiles(typeFolder, managed))
                    {
                        forms.Add(LoadXml(formFile).Root!.Elements("systemform"));
                    }

                    formXml.Add(forms);
                }

                Replace(entity, "FormXml", formXml);
            }

            var views = Files(folder, "SavedQueries", "*.xml").SelectMany(f => LoadXml(f).Root!.Elements("savedquery")).ToList();
            if (views.Count > 0)
            {
                Replace(entity, "SavedQueries", new XElement("SavedQueries", new XElement("savedqueries", views)));
            }

            var charts = Files(folder, "Visualizations", "*.xml").Select(f => LoadXml(f).Root!).ToList();
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
                Replace(entity, "RibbonDiffXml", LoadXml(Path.Combine(folder, "RibbonDiff.xml")).Root!);
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

    private static void AddPluginAssemblies(XElement customizations, PackageFiles files, string source, BuildOutputs outputs)
    {
        foreach (var assembly in customizations.Element("SolutionPluginAssemblies")?.Elements("PluginAssembly") ?? [])
        {
            var fileName = assembly.Element("FileName")?.Value.Trim() ?? string.Empty;
            var dllName = Path.GetFileName(fileName);
            var candidates = Files(source, "PluginAssemblies", dllName, recursive: true)
                .Concat(outputs.PluginDirectories.Select(d => Path.Combine(d, dllName)))
                .Where(File.Exists)
                .ToList();
            if (candidates.Count == 0)
            {
                files.Missing.Add(fileName.TrimStart('/') + " (build the plug-in assembly in Release, or run crmacc pack without --no-build)");
                continue;
            }

            files.Write(fileName, File.ReadAllBytes(candidates[0]));
        }
    }

    private static void AddControls(XElement customizations, PackageFiles files, BuildOutputs outputs)
    {
        foreach (var control in customizations.Element("CustomControls")?.Elements("CustomControl") ?? [])
        {
            var name = control.Element("Name")?.Value.Trim() ?? string.Empty;
            var fileName = control.Element("FileName")?.Value.Trim() ?? string.Empty;
            var folder = Path.GetDirectoryName(fileName.TrimStart('/'))!.Replace('\\', '/');
            var build = outputs.ControlBuildDirectories.FirstOrDefault(d => Matches(d, name));
            if (build == null)
            {
                files.Missing.Add(fileName.TrimStart('/') + " (build the PCF control: npm run build in its folder)");
                continue;
            }

            foreach (var file in Directory.GetFiles(build, "*", SearchOption.AllDirectories).Order(StringComparer.Ordinal))
            {
                files.Write(folder + "/" + Path.GetRelativePath(build, file).Replace('\\', '/'), File.ReadAllBytes(file));
            }
        }
    }

    /// <summary>A build folder matches "prefix_namespace.constructor" when its manifest has that namespace and constructor.</summary>
    private static bool Matches(string buildDirectory, string controlName)
    {
        var manifestPath = Path.Combine(buildDirectory, "ControlManifest.xml");
        if (!File.Exists(manifestPath))
        {
            return false;
        }

        var control = XDocument.Load(manifestPath).Root?.Element("control");
        var qualified = (string?)control?.Attribute("namespace") + "." + (string?)control?.Attribute("constructor");
        var underscore = controlName.IndexOf('_', StringComparison.Ordinal);
        return underscore > 0 && string.Equals(controlName[(underscore + 1)..], qualified, StringComparison.Ordinal);
    }

    private static void Fill(XElement customizations, string container, IEnumerable<XElement> children)
    {
        var list = children.ToList();
        if (list.Count == 0)
        {
            return;
        }

        var element = customizations.Element(container);
        if (element == null)
        {
            element = new XElement(container);
            var index = Array.IndexOf(TopLevelOrder, container);
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

        element.RemoveNodes();
        element.Add(list);
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
        => Files(source, folder, pattern, recursive).Select(f => LoadXml(f).Root!);

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
        return File.Exists(path) ? LoadXml(path) : throw new FileNotFoundException("The solution source has no " + string.Join("/", parts) + ".", path);
    }

    /// <summary>Loads a source file, naming it if it is not well-formed (the reader's own message has no file).</summary>
    private static XDocument LoadXml(string path)
    {
        try
        {
            return XDocument.Load(path);
        }
        catch (System.Xml.XmlException ex)
        {
            throw new SourceXmlException(path, ex);
        }
    }
}

/// <summary>A source file that is not well-formed XML.</summary>
internal sealed class SourceXmlException : Exception
{
    public SourceXmlException(string path, System.Xml.XmlException inner)
        : base(path + " is not well-formed XML: " + inner.Message, inner)
    {
        Path = path;
    }

    public string Path { get; }
}
