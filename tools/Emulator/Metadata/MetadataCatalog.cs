using System;
using System.Collections.Generic;
using System.Linq;
using CrmAccountability.Emulator.Solutions;

namespace CrmAccountability.Emulator.Metadata;

/// <summary>
/// The organisation's metadata: the built-in standard tables plus whatever loaded solutions add (new tables, and
/// columns and keys on existing tables). Immutable snapshots: loading a solution produces a new catalogue.
/// </summary>
public sealed class MetadataCatalog
{
    private readonly Dictionary<string, TableMetadata> _tables;
    private readonly Dictionary<string, OptionSetMetadata> _globalOptionSets;
    private readonly List<RelationshipMetadata> _relationships;

    /// <summary>Standard tables that accept activities out of the box (the catalogue's activity-enabled tables).</summary>
    private static readonly string[] StandardRegardingTargets = ["account", "contact", "opportunity"];

    private MetadataCatalog(Dictionary<string, TableMetadata> tables, Dictionary<string, OptionSetMetadata> optionSets, List<RelationshipMetadata> relationships)
    {
        _tables = WithRegardingTargets(tables, relationships);
        _globalOptionSets = optionSets;
        _relationships = relationships;
    }

    /// <summary>
    /// An activity's regardingobjectid accepts the tables enabled for activities: the standard ones, and each table a
    /// loaded solution relates to the activities through regardingobjectid (its Table_ActivityPointers relationship, or
    /// one per activity type, e.g. Table_Tasks) — as Dataverse refuses any other table.
    /// </summary>
    private static Dictionary<string, TableMetadata> WithRegardingTargets(Dictionary<string, TableMetadata> tables, List<RelationshipMetadata> relationships)
    {
        var regarding = relationships.Where(r => r.Kind == RelationshipKind.OneToMany && r.ReferencingColumn == "regardingobjectid").ToList();
        var result = new Dictionary<string, TableMetadata>(tables, StringComparer.Ordinal);
        foreach (var table in tables.Values.Where(t => t.IsActivity || t.LogicalName == "activitypointer"))
        {
            if (table.FindColumn("regardingobjectid") is not { } column)
            {
                continue;
            }

            var targets = StandardRegardingTargets
                .Concat(regarding.Where(r => r.ReferencingTable == table.LogicalName || r.ReferencingTable == "activitypointer").Select(r => r.ReferencedTable))
                .Where(tables.ContainsKey)
                .Distinct(StringComparer.Ordinal)
                .Order(StringComparer.Ordinal)
                .ToList();
            result[table.LogicalName] = table.WithColumns([column.WithTargets(targets)]);
        }

        return result;
    }

    public static MetadataCatalog Standard()
        => new(
            StandardTables.All().ToDictionary(t => t.LogicalName, StringComparer.Ordinal),
            new Dictionary<string, OptionSetMetadata>(StringComparer.OrdinalIgnoreCase),
            StandardTables.Relationships().ToList());

    public IReadOnlyCollection<TableMetadata> Tables => _tables.Values;

    public IReadOnlyCollection<RelationshipMetadata> Relationships => _relationships;

    public IReadOnlyCollection<OptionSetMetadata> GlobalOptionSets => _globalOptionSets.Values;

    public TableMetadata? FindTable(string logicalName) => _tables.GetValueOrDefault(logicalName);

    /// <summary>The table's hierarchical relationship (Learn: "Query hierarchical data"), if it has one.</summary>
    public RelationshipMetadata? HierarchyOf(string table)
        => _relationships.FirstOrDefault(r => r.IsHierarchical && r.Kind == RelationshipKind.OneToMany && r.ReferencedTable == table && r.ReferencingTable == table && r.ReferencingColumn != null);

    public RelationshipMetadata? FindRelationship(string schemaName)
        => _relationships.FirstOrDefault(r => string.Equals(r.SchemaName, schemaName, StringComparison.OrdinalIgnoreCase));

    /// <summary>A new catalogue with the package's tables, columns, keys, choices and relationships merged in.</summary>
    public MetadataCatalog With(SolutionPackage package)
    {
        var tables = new Dictionary<string, TableMetadata>(_tables, StringComparer.Ordinal);
        var optionSets = new Dictionary<string, OptionSetMetadata>(_globalOptionSets, StringComparer.OrdinalIgnoreCase);
        foreach (var optionSet in package.GlobalOptionSets)
        {
            optionSets[optionSet.Name] = optionSet;
        }

        var relationships = _relationships.Where(r => package.Relationships.All(p => !string.Equals(p.SchemaName, r.SchemaName, StringComparison.OrdinalIgnoreCase))).Concat(package.Relationships).ToList();
        foreach (var definition in package.Tables)
        {
            var columns = definition.Columns.Select(c => WithTargets(c, definition.LogicalName, relationships)).ToList();
            if (tables.TryGetValue(definition.LogicalName, out var existing))
            {
                // An existing table in a package carries only the columns the package adds or customises.
                var added = columns.Where(c => existing.FindColumn(c.LogicalName) == null || c.LogicalName.Contains('_', StringComparison.Ordinal)).ToList();
                tables[definition.LogicalName] = existing.WithColumns(added, definition.Keys);
                continue;
            }

            var primaryId = definition.PrimaryIdColumn;
            if (primaryId == null)
            {
                // A standard or another publisher's table the package only extends (customeraddress, aaduser, admin_flow …):
                // the emulator does not know it, so it becomes a shell — the columns the package declares plus the system
                // columns every table has — and the package loads, with a warning, as it imports into Dataverse.
                primaryId = definition.LogicalName + "id";
                columns = columns.Where(c => c.LogicalName != primaryId).ToList();
                package.Warnings.Add("table " + definition.LogicalName + " is not in the emulator's catalogue and the package does not create it; it is loaded as a shell with the " + columns.Count + " column(s) the package declares and the system columns");
            }

            var builder = new TableBuilder(definition.LogicalName, primaryId, definition.PrimaryNameColumn, definition.Ownership ?? OwnershipType.UserOwned);
            if (definition.IsActivity)
            {
                builder.Activity();
            }

            foreach (var column in columns)
            {
                builder.Add(column);
            }

            foreach (var key in definition.Keys)
            {
                builder.Key(key.LogicalName, [.. key.Columns]);
            }

            if (columns.All(c => c.LogicalName != "statecode"))
            {
                builder.ActiveInactive();
            }

            var built = builder.Build();
            tables[definition.LogicalName] = new TableMetadata(built.LogicalName, built.PrimaryIdColumn, built.PrimaryNameColumn, built.Ownership, built.Columns)
            {
                SchemaName = definition.SchemaName,
                DisplayName = definition.DisplayName,
                IsActivity = built.IsActivity,
                AlternateKeys = built.AlternateKeys,
            };
        }

        return new MetadataCatalog(tables, optionSets, relationships);
    }

    private static ColumnMetadata WithTargets(ColumnMetadata column, string table, List<RelationshipMetadata> relationships)
    {
        if (column.Type is not (ColumnType.Lookup or ColumnType.Customer or ColumnType.Owner) || column.Targets.Count > 0)
        {
            return column;
        }

        var targets = relationships.Where(r => r.Kind == RelationshipKind.OneToMany && r.ReferencingTable == table && r.ReferencingColumn == column.LogicalName).Select(r => r.ReferencedTable).Distinct().ToList();
        if (targets.Count == 0 && column.Type == ColumnType.Owner)
        {
            targets = ["systemuser", "team"];
        }

        return column.WithTargets(targets);
    }
}
