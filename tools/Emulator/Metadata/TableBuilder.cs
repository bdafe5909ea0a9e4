using System.Collections.Generic;
using System.Linq;

namespace CrmAccountability.Emulator.Metadata;

/// <summary>
/// Builds a table with the system columns Dataverse adds to every table of its ownership type (created/modified
/// audit columns, versionnumber, owner columns, state model), so the catalogue only spells out what is particular.
/// </summary>
public sealed class TableBuilder
{
    private readonly List<ColumnMetadata> _columns = [];
    private readonly List<AlternateKeyMetadata> _keys = [];
    private readonly string _logicalName;
    private readonly string _primaryId;
    private readonly string? _primaryName;
    private readonly OwnershipType _ownership;
    private bool _isActivity;
    private int? _objectTypeCode;

    public TableBuilder(string logicalName, string primaryId, string? primaryName, OwnershipType ownership)
    {
        _logicalName = logicalName;
        _primaryId = primaryId;
        _primaryName = primaryName;
        _ownership = ownership;
        _columns.Add(new ColumnMetadata(primaryId, ColumnType.PrimaryKey) { IsValidForUpdate = false });
        Add(new ColumnMetadata("createdon", ColumnType.DateTime) { IsValidForCreate = false, IsValidForUpdate = false });
        Add(new ColumnMetadata("modifiedon", ColumnType.DateTime) { IsValidForCreate = false, IsValidForUpdate = false });
        Add(new ColumnMetadata("overriddencreatedon", ColumnType.DateTime) { IsValidForUpdate = false, DateTimeBehavior = DateTimeBehavior.UserLocal });
        Add(new ColumnMetadata("createdby", ColumnType.Lookup) { Targets = ["systemuser"], IsValidForCreate = false, IsValidForUpdate = false });
        Add(new ColumnMetadata("modifiedby", ColumnType.Lookup) { Targets = ["systemuser"], IsValidForCreate = false, IsValidForUpdate = false });
        Add(new ColumnMetadata("versionnumber", ColumnType.BigInt) { IsValidForCreate = false, IsValidForUpdate = false });
        if (ownership == OwnershipType.UserOwned)
        {
            Add(new ColumnMetadata("ownerid", ColumnType.Owner) { Targets = ["systemuser", "team"] });
            Add(new ColumnMetadata("owninguser", ColumnType.Lookup) { Targets = ["systemuser"], IsValidForCreate = false, IsValidForUpdate = false });
            Add(new ColumnMetadata("owningteam", ColumnType.Lookup) { Targets = ["team"], IsValidForCreate = false, IsValidForUpdate = false });
            Add(new ColumnMetadata("owningbusinessunit", ColumnType.Lookup) { Targets = ["businessunit"], IsValidForCreate = false, IsValidForUpdate = false });
        }
        else if (ownership == OwnershipType.OrganizationOwned)
        {
            Add(new ColumnMetadata("organizationid", ColumnType.Lookup) { Targets = ["organization"], IsValidForCreate = false, IsValidForUpdate = false });
        }
    }

    public TableBuilder Activity()
    {
        _isActivity = true;
        return this;
    }

    public TableBuilder TypeCode(int objectTypeCode)
    {
        _objectTypeCode = objectTypeCode;
        return this;
    }

    public TableBuilder Add(ColumnMetadata column)
    {
        _columns.RemoveAll(c => c.LogicalName == column.LogicalName);
        _columns.Add(column);
        return this;
    }

    public TableBuilder String(string name, int maxLength, bool required = false) => Add(new ColumnMetadata(name, ColumnType.String) { MaxLength = maxLength, IsRequired = required });

    public TableBuilder Memo(string name, int maxLength = 1_048_576) => Add(new ColumnMetadata(name, ColumnType.Memo) { MaxLength = maxLength });

    public TableBuilder Integer(string name, int min = int.MinValue, int max = int.MaxValue) => Add(new ColumnMetadata(name, ColumnType.Integer) { MinValue = min, MaxValue = max });

    public TableBuilder Decimal(string name, int precision = 2, decimal min = -100_000_000_000m, decimal max = 100_000_000_000m)
        => Add(new ColumnMetadata(name, ColumnType.Decimal) { Precision = precision, MinValue = min, MaxValue = max });

    public TableBuilder Double(string name) => Add(new ColumnMetadata(name, ColumnType.Double) { MinValue = -100_000_000_000m, MaxValue = 100_000_000_000m });

    /// <summary>A money column and its read-only <c>_base</c> twin; the table gets transactioncurrencyid and exchangerate.</summary>
    public TableBuilder Money(string name)
    {
        Add(new ColumnMetadata(name, ColumnType.Money) { Precision = 2, MinValue = -922_337_203_685_477m, MaxValue = 922_337_203_685_477m });
        Add(new ColumnMetadata(name + "_base", ColumnType.Money) { Precision = 2, CalculationOf = name, IsValidForCreate = false, IsValidForUpdate = false, MinValue = -922_337_203_685_477m, MaxValue = 922_337_203_685_477m });
        if (_columns.All(c => c.LogicalName != "transactioncurrencyid"))
        {
            Add(new ColumnMetadata("transactioncurrencyid", ColumnType.Lookup) { Targets = ["transactioncurrency"] });
            Add(new ColumnMetadata("exchangerate", ColumnType.Decimal) { Precision = 10, IsValidForCreate = false, IsValidForUpdate = false, MinValue = 0.0000000001m, MaxValue = 100_000_000_000m });
        }

        return this;
    }

    public TableBuilder Boolean(string name, bool defaultValue = false) => Add(new ColumnMetadata(name, ColumnType.Boolean) { DefaultValue = defaultValue });

    public TableBuilder DateTime(string name, DateTimeBehavior behavior = DateTimeBehavior.UserLocal) => Add(new ColumnMetadata(name, ColumnType.DateTime) { DateTimeBehavior = behavior });

    public TableBuilder Lookup(string name, params string[] targets) => Add(new ColumnMetadata(name, ColumnType.Lookup) { Targets = targets });

    public TableBuilder Customer(string name) => Add(new ColumnMetadata(name, ColumnType.Customer) { Targets = ["account", "contact"] });

    public TableBuilder Guid(string name) => Add(new ColumnMetadata(name, ColumnType.UniqueIdentifier));

    public TableBuilder Choice(string name, OptionSetMetadata options, bool multiSelect = false, int? defaultValue = null)
        => Add(new ColumnMetadata(name, multiSelect ? ColumnType.MultiSelectPicklist : ColumnType.Picklist) { OptionSet = options, DefaultValue = defaultValue });

    public TableBuilder Choice(string name, params (int Value, string Label)[] options)
        => Choice(name, new OptionSetMetadata(_logicalName + "_" + name, options.Select(o => new OptionMetadata(o.Value, o.Label))));

    /// <summary>The state model: each state with its invariant name, default status and statuses.</summary>
    public TableBuilder States(params (int State, string Name, int DefaultStatus, (int Value, string Label)[] Statuses)[] states)
    {
        var stateOptions = states.Select(s => new OptionMetadata(s.State, s.Name) { DefaultStatus = s.DefaultStatus, InvariantName = s.Name });
        var statusOptions = states.SelectMany(s => s.Statuses.Select(st => new OptionMetadata(st.Value, st.Label, s.State)));
        Add(new ColumnMetadata("statecode", ColumnType.State) { OptionSet = new OptionSetMetadata(_logicalName + "_statecode", stateOptions) });
        Add(new ColumnMetadata("statuscode", ColumnType.Status) { OptionSet = new OptionSetMetadata(_logicalName + "_statuscode", statusOptions) });
        return this;
    }

    /// <summary>Active (0) / Inactive (1), the model of most tables.</summary>
    public TableBuilder ActiveInactive() => States((0, "Active", 1, [(1, "Active")]), (1, "Inactive", 2, [(2, "Inactive")]));

    public TableBuilder Key(string name, params string[] columns)
    {
        _keys.Add(new AlternateKeyMetadata(name, columns));
        return this;
    }

    public TableMetadata Build() => new(_logicalName, _primaryId, _primaryName, _ownership, _columns)
    {
        IsActivity = _isActivity,
        ObjectTypeCode = _objectTypeCode,
        AlternateKeys = _keys.ToList(),
    };
}
