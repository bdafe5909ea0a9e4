using System;
using System.Collections.Generic;
using System.Linq;
using CrmAccountability.Emulator.Metadata;
using Microsoft.Xrm.Sdk;

namespace CrmAccountability.Emulator.Storage;

/// <summary>
/// Checks one value against its column as the platform does on Create and Update, and returns the stored form:
/// a private copy (callers can never reach stored objects), UTC for user-local dates, midnight for date-only ones,
/// money rounded to its precision.
/// </summary>
internal static class ValueRules
{
    public static object? Normalise(TableMetadata table, ColumnMetadata column, object? value)
    {
        if (value == null)
        {
            return null;
        }

        switch (column.Type)
        {
            case ColumnType.String or ColumnType.Memo or ColumnType.EntityName:
                var text = Expect<string>(value);
                if (column.MaxLength is { } max && text.Length > max)
                {
                    throw new DataverseFaultException(DataverseFaults.StringLengthTooLong, DataverseFaults.Format(
                        "A validation error occurred. The length of the '{0}' attribute of the '{1}' entity exceeded the maximum allowed length of '{2}'.", column.LogicalName, table.LogicalName, max));
                }

                return text;
            case ColumnType.Integer:
                var integer = Expect<int>(value);
                InRange(table, column, integer);
                return integer;
            case ColumnType.BigInt:
                return Expect<long>(value);
            case ColumnType.Decimal:
                var number = Expect<decimal>(value);
                InRange(table, column, number);
                return column.Precision is { } precision ? Math.Round(number, precision, MidpointRounding.AwayFromZero) : number;
            case ColumnType.Double:
                var real = Expect<double>(value);
                InRange(table, column, (decimal)real);
                return real;
            case ColumnType.Money:
                var money = Expect<Money>(value);
                InRange(table, column, money.Value);
                return new Money(Math.Round(money.Value, column.Precision ?? 2, MidpointRounding.AwayFromZero));
            case ColumnType.Boolean:
                return Expect<bool>(value);
            case ColumnType.DateTime:
                return NormaliseDate(column, Expect<DateTime>(value));
            case ColumnType.PrimaryKey or ColumnType.UniqueIdentifier:
                return Expect<Guid>(value);
            case ColumnType.Lookup or ColumnType.Customer or ColumnType.Owner:
                var reference = Expect<EntityReference>(value);
                if (column.Targets.Count > 0 && !column.Targets.Contains(reference.LogicalName, StringComparer.Ordinal))
                {
                    throw new DataverseFaultException(DataverseFaults.InvalidArgument, DataverseFaults.Format(
                        "The lookup '{0}' of '{1}' cannot point at a '{2}' record; it accepts {3}.", column.LogicalName, table.LogicalName, reference.LogicalName, string.Join(", ", column.Targets)));
                }

                return new EntityReference(reference.LogicalName, reference.Id);
            case ColumnType.Picklist or ColumnType.State or ColumnType.Status:
                var option = Expect<OptionSetValue>(value);
                ValidOption(table, column, option.Value);
                return new OptionSetValue(option.Value);
            case ColumnType.MultiSelectPicklist:
                var options = Expect<OptionSetValueCollection>(value);
                foreach (var item in options)
                {
                    ValidOption(table, column, item.Value);
                }

                return new OptionSetValueCollection(options.Select(o => new OptionSetValue(o.Value)).DistinctBy(o => o.Value).OrderBy(o => o.Value).ToList());
            default:
                throw new DataverseFaultException(DataverseFaults.InvalidArgument, DataverseFaults.Format("The '{0}' attribute of '{1}' cannot be written.", column.LogicalName, table.LogicalName));
        }
    }

    public static DateTime NormaliseDate(ColumnMetadata column, DateTime value)
    {
        return column.DateTimeBehavior switch
        {
            // The SDK sends Local as local time and Utc/Unspecified as UTC; storage is UTC.
            DateTimeBehavior.UserLocal => value.Kind == DateTimeKind.Local ? value.ToUniversalTime() : DateTime.SpecifyKind(value, DateTimeKind.Utc),
            DateTimeBehavior.DateOnly => DateTime.SpecifyKind(value.Date, DateTimeKind.Utc),
            _ => DateTime.SpecifyKind(value, DateTimeKind.Utc),
        };
    }

    /// <summary>A copy of a stored value for a caller.</summary>
    public static object? Copy(object? value) => value switch
    {
        EntityReference reference => new EntityReference(reference.LogicalName, reference.Id) { Name = reference.Name },
        OptionSetValue option => new OptionSetValue(option.Value),
        Money money => new Money(money.Value),
        OptionSetValueCollection options => new OptionSetValueCollection(options.Select(o => new OptionSetValue(o.Value)).ToList()),
        _ => value,
    };

    private static T Expect<T>(object value)
    {
        if (value is T typed)
        {
            return typed;
        }

        // The organisation service's own wording for a value of the wrong CLR type.
        throw new DataverseFaultException(DataverseFaults.InvalidArgument, "Incorrect attribute value type " + value.GetType().FullName);
    }

    private static void InRange(TableMetadata table, ColumnMetadata column, decimal value)
    {
        if ((column.MinValue is { } min && value < min) || (column.MaxValue is { } max && value > max))
        {
            throw new DataverseFaultException(DataverseFaults.InvalidArgument, DataverseFaults.Format(
                "A validation error occurred. The value {0} of '{1}' on record of type '{2}' is outside the valid range. Accepted Values: {3} to {4}",
                value, column.LogicalName, table.LogicalName, column.MinValue, column.MaxValue));
        }
    }

    private static void ValidOption(TableMetadata table, ColumnMetadata column, int value)
    {
        if (column.OptionSet != null && column.OptionSet.Find(value) == null)
        {
            throw new DataverseFaultException(DataverseFaults.InvalidArgument, DataverseFaults.Format(
                "A validation error occurred. The value {0} of '{1}' on record of type '{2}' is outside the valid range. Accepted Values: {3}",
                value, column.LogicalName, table.LogicalName, string.Join(",", column.OptionSet.Options.Where(o => column.Type != ColumnType.Status || o.State != null).Select(o => o.Value))));
        }
    }

    public static IEnumerable<string> Labels(ColumnMetadata column, object? value) => value switch
    {
        OptionSetValue option when column.OptionSet?.Find(option.Value) is { } found => [found.Label],
        OptionSetValueCollection options when column.OptionSet != null => options.Select(o => column.OptionSet.Find(o.Value)?.Label ?? string.Empty),
        bool flag => [flag ? "Yes" : "No"],
        _ => [],
    };
}

/// <summary>
/// A Dataverse fault raised inside the storage layer; the service turns it into the
/// <c>FaultException&lt;OrganizationServiceFault&gt;</c> callers see, stamped with the emulator's clock.
/// </summary>
public sealed class DataverseFaultException : Exception
{
    public DataverseFaultException(int errorCode, string message)
        : base(message)
    {
        ErrorCode = errorCode;
    }

    public DataverseFaultException()
    {
    }

    public DataverseFaultException(string message)
        : base(message)
    {
    }

    public DataverseFaultException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    public int ErrorCode { get; }
}
