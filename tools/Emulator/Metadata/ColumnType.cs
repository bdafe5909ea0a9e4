namespace CrmAccountability.Emulator.Metadata;

/// <summary>Column types as Dataverse stores them (the <c>&lt;Type&gt;</c> of a solution's attribute), grouped by the CLR type the SDK uses.</summary>
public enum ColumnType
{
    /// <summary>The primary key (Guid).</summary>
    PrimaryKey,
    UniqueIdentifier,
    /// <summary>nvarchar: single-line text.</summary>
    String,
    /// <summary>ntext: multi-line text.</summary>
    Memo,
    Integer,
    BigInt,
    Decimal,
    Double,
    Money,
    Boolean,
    DateTime,
    Lookup,
    Customer,
    Owner,
    Picklist,
    MultiSelectPicklist,
    State,
    Status,
    /// <summary>The logical name of a table, e.g. activitypointer.activitytypecode.</summary>
    EntityName,
    /// <summary>Computed or not directly usable (e.g. name columns of lookups).</summary>
    Virtual,
}

/// <summary>How a date and time column is stored and converted (DateTimeBehavior).</summary>
public enum DateTimeBehavior
{
    /// <summary>Stored in UTC, shown in the user's time zone.</summary>
    UserLocal,
    /// <summary>A calendar date with no time and no conversion.</summary>
    DateOnly,
    /// <summary>Stored and shown as entered, no conversion.</summary>
    TimeZoneIndependent,
}

public enum OwnershipType
{
    None,
    UserOwned,
    OrganizationOwned,
    BusinessOwned,
}
