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

    private MetadataCatalog(Dictionary<string, TableMetadata> tables, Dictionary<string, OptionSetMetadata> optionSets, List<RelationshipMetadata> relationships)
    {
        _tables = tables;
        _globalOptionSets = optionSets;
        _relationships = relationships;
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

            if (definition.PrimaryIdColumn == null)
            {
                throw new SolutionFormatException(package.UniqueName, "customizations.xml", "table '" + definition.LogicalName + "' is new but declares no primary key column");
            }

            var builder = new TableBuilder(definition.LogicalName, definition.PrimaryIdColumn, definition.PrimaryNameColumn, definition.Ownership ?? OwnershipType.UserOwned);
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

        return new ColumnMetadata(column.LogicalName, column.Type)
        {
            DisplayName = column.DisplayName,
            MaxLength = column.MaxLength,
            MinValue = column.MinValue,
            MaxValue = column.MaxValue,
            Precision = column.Precision,
            Targets = targets,
            OptionSet = column.OptionSet,
            DateTimeBehavior = column.DateTimeBehavior,
            IsValidForCreate = column.IsValidForCreate,
            IsValidForUpdate = column.IsValidForUpdate,
            IsValidForRead = column.IsValidForRead,
            CalculationOf = column.CalculationOf,
            DefaultValue = column.DefaultValue,
            IsRequired = column.IsRequired,
        };
    }
}
