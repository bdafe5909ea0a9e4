using System;
using System.Globalization;
using CrmAccountability.Emulator.Metadata;
using CrmAccountability.Emulator.Storage;
using Microsoft.Xrm.Sdk;

namespace CrmAccountability.Emulator.Query;

/// <summary>
/// Turns stored values and condition constants into comparable keys of the column's type: Guid for lookups, int for
/// choices, decimal for money. String comparison is case-insensitive, as Dataverse's SQL collation is.
/// </summary>
internal static class ValueCoercion
{
    public static object? Key(object? stored) => stored switch
    {
        EntityReference reference => reference.Id,
        OptionSetValue option => option.Value,
        Money money => money.Value,
        _ => stored,
    };

    public static object Constant(TableMetadataRef where, ColumnMetadata column, object? value)
    {
        if (value == null)
        {
            throw new DataverseFaultException(DataverseFaults.InvalidArgument, "Condition for attribute '" + where.Table + "." + column.LogicalName + "': null is not a valid value for this operator.");
        }

        try
        {
            return column.Type switch
            {
                ColumnType.Lookup or ColumnType.Customer or ColumnType.Owner or ColumnType.PrimaryKey or ColumnType.UniqueIdentifier => value switch
                {
                    Guid guid => guid,
                    EntityReference reference => reference.Id,
                    _ => Guid.Parse(Text(value).Trim('{', '}')),
                },
                ColumnType.Picklist or ColumnType.State or ColumnType.Status or ColumnType.MultiSelectPicklist => value switch
                {
                    OptionSetValue option => option.Value,
                    Enum e => Convert.ToInt32(e, CultureInfo.InvariantCulture),
                    int i => i,
                    _ => int.Parse(Text(value), NumberStyles.Integer, CultureInfo.InvariantCulture),
                },
                ColumnType.Integer => value is int i ? i : int.Parse(Text(value), NumberStyles.Integer, CultureInfo.InvariantCulture),
                ColumnType.BigInt => value is long l ? l : long.Parse(Text(value), NumberStyles.Integer, CultureInfo.InvariantCulture),
                ColumnType.Decimal or ColumnType.Money => value switch
                {
                    Money money => money.Value,
                    decimal d => d,
                    int i => (decimal)i,
                    double f => (decimal)f,
                    _ => decimal.Parse(Text(value), NumberStyles.Float, CultureInfo.InvariantCulture),
                },
                ColumnType.Double => value is double f ? f : double.Parse(Text(value), NumberStyles.Float, CultureInfo.InvariantCulture),
                ColumnType.Boolean => value switch
                {
                    bool b => b,
                    int i => i != 0,
                    _ => Text(value) switch
                    {
                        "1" or "true" or "True" => true,
                        "0" or "false" or "False" => false,
                        var other => throw new FormatException("'" + other + "' is not a Boolean."),
                    },
                },
                ColumnType.DateTime => value is DateTime dt ? dt : DateTime.Parse(Text(value), CultureInfo.InvariantCulture, DateTimeStyles.RoundtripKind),
                _ => Text(value),
            };
        }
        catch (FormatException ex)
        {
            throw new DataverseFaultException(DataverseFaults.InvalidArgument, DataverseFaults.Format(
                "An exception System.FormatException was thrown while trying to convert input value '{0}' to attribute '{1}.{2}'. Expected type of attribute value: {3}. Exception raised: {4}",
                value, where.Table, column.LogicalName, column.Type, ex.Message));
        }
    }

    public static int Compare(object left, object right) => (left, right) switch
    {
        (string a, string b) => string.Compare(a, b, StringComparison.OrdinalIgnoreCase),
        (int a, decimal b) => ((decimal)a).CompareTo(b),
        (decimal a, int b) => a.CompareTo(b),
        (IComparable a, _) => a.CompareTo(right),
        _ => throw new DataverseFaultException(DataverseFaults.InvalidArgument, "Values of type " + left.GetType().Name + " cannot be ordered."),
    };

    public static new bool Equals(object? left, object? right)
        => left is string a && right is string b ? string.Equals(a, b, StringComparison.OrdinalIgnoreCase) : object.Equals(left, right);

    private static string Text(object value) => Convert.ToString(value, CultureInfo.InvariantCulture) ?? string.Empty;
}

/// <summary>Names the table a condition sits on, for error messages.</summary>
internal readonly record struct TableMetadataRef(string Table);
