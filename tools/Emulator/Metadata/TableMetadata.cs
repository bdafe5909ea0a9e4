using System;
using System.Collections.Generic;
using System.Linq;

namespace CrmAccountability.Emulator.Metadata;

/// <summary>A column: type, limits, choices and where it may be written. Immutable once the catalogue is built.</summary>
public sealed class ColumnMetadata
{
    public ColumnMetadata(string logicalName, ColumnType type)
    {
        LogicalName = logicalName;
        Type = type;
    }

    public string LogicalName { get; }

    public ColumnType Type { get; }

    public string? DisplayName { get; init; }

    public int? MaxLength { get; init; }

    public decimal? MinValue { get; init; }

    public decimal? MaxValue { get; init; }

    public int? Precision { get; init; }

    /// <summary>Tables a lookup may point at (one for Lookup, several for Customer/Owner).</summary>
    public IReadOnlyList<string> Targets { get; init; } = [];

    /// <summary>The choice's options for Picklist/MultiSelect/State/Status; label by value.</summary>
    public OptionSetMetadata? OptionSet { get; init; }

    public DateTimeBehavior DateTimeBehavior { get; init; } = DateTimeBehavior.UserLocal;

    public bool IsValidForCreate { get; init; } = true;

    public bool IsValidForUpdate { get; init; } = true;

    public bool IsValidForRead { get; init; } = true;

    /// <summary>For a money column's <c>_base</c> twin: the column it is computed from.</summary>
    public string? CalculationOf { get; init; }

    public object? DefaultValue { get; init; }

    public bool IsRequired { get; init; }

    /// <summary>A copy that points at <paramref name="targets"/>.</summary>
    public ColumnMetadata WithTargets(IReadOnlyList<string> targets) => new(LogicalName, Type)
    {
        DisplayName = DisplayName,
        MaxLength = MaxLength,
        MinValue = MinValue,
        MaxValue = MaxValue,
        Precision = Precision,
        Targets = targets,
        OptionSet = OptionSet,
        DateTimeBehavior = DateTimeBehavior,
        IsValidForCreate = IsValidForCreate,
        IsValidForUpdate = IsValidForUpdate,
        IsValidForRead = IsValidForRead,
        CalculationOf = CalculationOf,
        DefaultValue = DefaultValue,
        IsRequired = IsRequired,
    };

    public override string ToString() => LogicalName + " (" + Type + ")";
}

public sealed class OptionMetadata
{
    public OptionMetadata(int value, string label, int? state = null, bool isDefaultForState = false)
    {
        Value = value;
        Label = label;
        State = state;
        IsDefaultForState = isDefaultForState;
    }

    public int Value { get; }

    public string Label { get; }

    /// <summary>For a status option: the state it belongs to.</summary>
    public int? State { get; }

    /// <summary>For a state option: its default status value is stored here instead.</summary>
    public bool IsDefaultForState { get; }

    public int? DefaultStatus { get; init; }

    /// <summary>For a state option: the invariant name used in messages (e.g. "Completed").</summary>
    public string? InvariantName { get; init; }
}

public sealed class OptionSetMetadata
{
    public OptionSetMetadata(string name, IEnumerable<OptionMetadata> options, bool isGlobal = false)
    {
        Name = name;
        Options = options.ToList();
        IsGlobal = isGlobal;
    }

    public string Name { get; }

    public bool IsGlobal { get; }

    public IReadOnlyList<OptionMetadata> Options { get; }

    public OptionMetadata? Find(int value) => Options.FirstOrDefault(o => o.Value == value);
}

public sealed class AlternateKeyMetadata
{
    public AlternateKeyMetadata(string logicalName, IReadOnlyList<string> columns)
    {
        LogicalName = logicalName;
        Columns = columns;
    }

    public string LogicalName { get; }

    public IReadOnlyList<string> Columns { get; }
}

public enum RelationshipKind
{
    OneToMany,
    ManyToMany,
}

public sealed class RelationshipMetadata
{
    public RelationshipMetadata(string schemaName, RelationshipKind kind, string referencedTable, string referencingTable, string? referencingColumn)
    {
        SchemaName = schemaName;
        Kind = kind;
        ReferencedTable = referencedTable;
        ReferencingTable = referencingTable;
        ReferencingColumn = referencingColumn;
    }

    public string SchemaName { get; }

    public RelationshipKind Kind { get; }

    /// <summary>1:N: the "one" side. N:N: the first table.</summary>
    public string ReferencedTable { get; }

    /// <summary>1:N: the "many" side holding the lookup. N:N: the second table.</summary>
    public string ReferencingTable { get; }

    public string? ReferencingColumn { get; }

    /// <summary>N:N: the intersect table's name.</summary>
    public string? IntersectTable { get; init; }

    public string CascadeDelete { get; init; } = "RemoveLink";

    public string CascadeAssign { get; init; } = "NoCascade";

    /// <summary>A self-referencing 1:N relationship defined as the table's hierarchy: what above/under conditions follow.</summary>
    public bool IsHierarchical { get; init; }
}

/// <summary>A table: columns, keys, state model and ownership. Immutable once the catalogue is built.</summary>
public sealed class TableMetadata
{
    private readonly Dictionary<string, ColumnMetadata> _columns;

    public TableMetadata(string logicalName, string primaryIdColumn, string? primaryNameColumn, OwnershipType ownership, IEnumerable<ColumnMetadata> columns)
    {
        LogicalName = logicalName;
        PrimaryIdColumn = primaryIdColumn;
        PrimaryNameColumn = primaryNameColumn;
        Ownership = ownership;
        _columns = columns.ToDictionary(c => c.LogicalName, StringComparer.Ordinal);
    }

    public string LogicalName { get; }

    public string? SchemaName { get; init; }

    public string? DisplayName { get; init; }

    public string PrimaryIdColumn { get; }

    public string? PrimaryNameColumn { get; }

    public OwnershipType Ownership { get; }

    public bool IsActivity { get; init; }

    /// <summary>The object type code, where the platform fixes one (e.g. account = 1); used in paging cookies and messages.</summary>
    public int? ObjectTypeCode { get; init; }

    public IReadOnlyList<AlternateKeyMetadata> AlternateKeys { get; init; } = [];

    public IReadOnlyCollection<ColumnMetadata> Columns => _columns.Values;

    public bool HasStateModel => _columns.ContainsKey("statecode") && _columns.ContainsKey("statuscode");

    public ColumnMetadata? FindColumn(string logicalName) => _columns.GetValueOrDefault(logicalName);

    public TableMetadata WithColumns(IEnumerable<ColumnMetadata> added, IEnumerable<AlternateKeyMetadata>? keys = null)
    {
        var merged = _columns.Values.Where(c => added.All(a => a.LogicalName != c.LogicalName)).Concat(added);
        return new TableMetadata(LogicalName, PrimaryIdColumn, PrimaryNameColumn, Ownership, merged)
        {
            SchemaName = SchemaName,
            DisplayName = DisplayName,
            IsActivity = IsActivity,
            ObjectTypeCode = ObjectTypeCode,
            AlternateKeys = AlternateKeys.Concat(keys ?? []).ToList(),
        };
    }

    /// <summary>The default status for a state, as the metadata declares it.</summary>
    public int? DefaultStatusFor(int state)
        => FindColumn("statecode")?.OptionSet?.Find(state)?.DefaultStatus
            ?? FindColumn("statuscode")?.OptionSet?.Options.FirstOrDefault(o => o.State == state)?.Value;

    public override string ToString() => LogicalName;
}
