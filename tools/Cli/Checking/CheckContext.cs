using System;
using System.Collections.Generic;
using System.Linq;
using System.Xml.Linq;
using CrmAccountability.Emulator.Metadata;
using CrmAccountability.Emulator.Solutions;

namespace CrmAccountability.Cli.Checking;

/// <summary>Whether a column is there, as far as a package and the standard catalogue can tell.</summary>
internal enum ColumnState
{
    Exists,
    Missing,
    Unknown,
}

/// <summary>A table as the package has it: the columns it declares, whether it creates the table, whether it is a business process flow's.</summary>
internal sealed record PackageTable(string LogicalName, bool Creates, bool IsBusinessProcessFlow, HashSet<string> Declared);

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

    /// <summary>The standard catalogue with this package's metadata loaded, once the query rules have loaded it.</summary>
    public MetadataCatalog? Metadata { get; set; }

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

    /// <summary>Each &lt;Entity&gt; of the package by logical name: what it declares and whether the package creates it.</summary>
    public IReadOnlyDictionary<string, PackageTable> Tables => _tables ??= ReadTables();

    private Dictionary<string, PackageTable>? _tables;

    private Dictionary<string, PackageTable> ReadTables()
    {
        var tables = new Dictionary<string, PackageTable>(StringComparer.Ordinal);
        foreach (var entity in Entities)
        {
            var name = EntityName(entity);
            var info = entity.Element("EntityInfo")?.Element("entity");
            var declared = entity.Descendants("attribute").Select(a => (a.Element("LogicalName")?.Value ?? string.Empty).Trim().ToLowerInvariant()).Where(n => n.Length > 0);
            if (tables.TryGetValue(name, out var existing))
            {
                existing.Declared.UnionWith(declared);
                continue;
            }

            // A definition (ownership and the table's settings) of a table the catalogue does not know: the package
            // creates it. A standard table, or one the package only extends (no definition), is someone else's.
            var creates = info?.Element("OwnershipTypeMask") != null && Standard.FindTable(name) == null;
            tables[name] = new PackageTable(name, creates, info?.Element("IsBPFEntity")?.Value.Trim() == "1", declared.ToHashSet(StringComparer.Ordinal));
        }

        return tables;
    }

    /// <summary>Whether the package creates the table, so its full column set is known.</summary>
    public bool Creates(string table) => Tables.TryGetValue(table, out var t) && t.Creates;

    /// <summary>
    /// Whether a column exists: declared by the package, in the standard catalogue, or one of the system columns the
    /// platform gives tables; missing only on a table the package creates. On a standard or another publisher's
    /// table the catalogue lacks, a column the package does not declare is unknown, not missing.
    /// </summary>
    public ColumnState Column(string table, string column)
    {
        column = column.ToLowerInvariant();
        if ((Tables.TryGetValue(table, out var t) && t.Declared.Contains(column)) || Standard.FindTable(table)?.FindColumn(column) != null || SystemColumns.Contains(column))
        {
            return ColumnState.Exists;
        }

        return Creates(table) ? ColumnState.Missing : ColumnState.Unknown;
    }

    /// <summary>
    /// Columns Dataverse adds to tables by their ownership, state model, currency, process and image settings
    /// (Learn, "Columns common to all tables"); an export does not always list them (virtual tables, old versions).
    /// </summary>
    public static readonly HashSet<string> SystemColumns = new(StringComparer.Ordinal)
    {
        "createdon", "createdby", "createdonbehalfby", "modifiedon", "modifiedby", "modifiedonbehalfby", "overriddencreatedon",
        "importsequencenumber", "versionnumber", "timezoneruleversionnumber", "utcconversiontimezonecode", "statecode", "statuscode",
        "ownerid", "owneridtype", "owninguser", "owningteam", "owningbusinessunit", "organizationid", "transactioncurrencyid",
        "exchangerate", "processid", "stageid", "traversedpath", "entityimage", "entityimageid", "entityimage_url", "entityimage_timestamp",
    };

    public bool TableExists(string table) => Standard.FindTable(table) != null || Tables.ContainsKey(table);

    /// <summary>Whether a name carries this package's publisher prefix.</summary>
    public bool HasOwnPrefix(string name) => Prefix.Length > 0 && name.StartsWith(Prefix + "_", StringComparison.OrdinalIgnoreCase);

    public static string Braced(string? id) => (id ?? string.Empty).Trim().Trim('{', '}').ToLowerInvariant();
}
