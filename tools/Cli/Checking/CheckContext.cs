using System;
using System.Collections.Generic;
using System.Linq;
using System.Xml.Linq;
using CrmAccountability.Emulator.Metadata;
using CrmAccountability.Emulator.Solutions;

namespace CrmAccountability.Cli.Checking;

/// <summary>What every rule reads: the package's files in packed form, its two manifests, and the standard catalogue.</summary>
internal sealed class CheckContext
{
    private readonly List<Finding> _findings = [];

    public CheckContext(PackageFiles files, bool isZip)
    {
        Files = files;
        IsZip = isZip;
        Solution = TryXml("solution.xml");
        Customizations = TryXml("customizations.xml");
        Prefix = Solution?.Root?.Element("SolutionManifest")?.Element("Publisher")?.Element("CustomizationPrefix")?.Value.Trim() ?? string.Empty;
    }

    public PackageFiles Files { get; }

    public bool IsZip { get; }

    public XDocument? Solution { get; }

    public XDocument? Customizations { get; }

    public string Prefix { get; }

    public MetadataCatalog Standard { get; } = MetadataCatalog.Standard();

    public IReadOnlyList<Finding> Findings => _findings;

    public XElement? Manifest => Solution?.Root?.Element("SolutionManifest");

    public IEnumerable<XElement> Entities => Customizations?.Root?.Element("Entities")?.Elements("Entity") ?? [];

    public IEnumerable<XElement> Component(string container, string element) => Customizations?.Root?.Element(container)?.Elements(element) ?? [];

    public void Error(string rule, string file, string component, string problem, string fix) => _findings.Add(new Finding(rule, Severity.Error, file, component, problem, fix));

    public void Warn(string rule, string file, string component, string problem, string fix) => _findings.Add(new Finding(rule, Severity.Warning, file, component, problem, fix));

    public XDocument? TryXml(string path)
    {
        if (!Files.Contains(path))
        {
            return null;
        }

        try
        {
            return Files.Xml(path);
        }
        catch (System.Xml.XmlException)
        {
            return null;
        }
    }

    /// <summary>Logical name of an &lt;Entity&gt; element.</summary>
    public static string EntityName(XElement entity) => (entity.Element("Name")?.Value.Trim() ?? string.Empty).ToLowerInvariant();

    /// <summary>Column logical names of an &lt;Entity&gt;, plus those the platform adds and those of the standard table it extends.</summary>
    public HashSet<string> Columns(string table)
    {
        var columns = new HashSet<string>(StringComparer.Ordinal);
        foreach (var entity in Entities.Where(e => EntityName(e) == table))
        {
            columns.UnionWith(entity.Descendants("attribute").Select(a => (a.Element("LogicalName")?.Value ?? string.Empty).Trim().ToLowerInvariant()));
        }

        if (Standard.FindTable(table) is { } standard)
        {
            columns.UnionWith(standard.Columns.Select(c => c.LogicalName));
        }

        return columns;
    }

    public bool TableExists(string table) => Standard.FindTable(table) != null || Entities.Any(e => EntityName(e) == table);

    public static string Braced(string? id) => (id ?? string.Empty).Trim().Trim('{', '}').ToLowerInvariant();
}
