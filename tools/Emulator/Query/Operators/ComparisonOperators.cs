using System;
using System.Linq;
using CrmAccountability.Emulator.Metadata;
using CrmAccountability.Emulator.Storage;

namespace CrmAccountability.Emulator.Query.Operators;

/// <summary>eq, ne, gt, ge, lt, le, in, not-in, between, not-between, null, not-null. SQL semantics: a null column
/// matches only null and not-null (so ne and not-in exclude rows where the column is empty).</summary>
internal static class ComparisonOperators
{
    public static Func<object?, bool>? TryCompile(string op, OperatorInput input)
    {
        switch (op)
        {
            case "null":
                return value => value == null;
            case "not-null":
                return value => value != null;
            case "eq" or "ne" or "neq" or "gt" or "ge" or "lt" or "le":
                var constant = Comparable(input, 0);
                return op switch
                {
                    "eq" => value => value != null && ValueCoercion.Equals(Stored(input, value), constant),
                    "ne" or "neq" => value => value != null && !ValueCoercion.Equals(Stored(input, value), constant),
                    "gt" => value => value != null && ValueCoercion.Compare(Stored(input, value)!, constant) > 0,
                    "ge" => value => value != null && ValueCoercion.Compare(Stored(input, value)!, constant) >= 0,
                    "lt" => value => value != null && ValueCoercion.Compare(Stored(input, value)!, constant) < 0,
                    _ => value => value != null && ValueCoercion.Compare(Stored(input, value)!, constant) <= 0,
                };
            case "in" or "not-in":
                var set = Enumerable.Range(0, input.Values.Count).Select(i => Comparable(input, i)).ToList();
                return op == "in"
                    ? value => value != null && set.Any(c => ValueCoercion.Equals(Stored(input, value), c))
                    : value => value != null && !set.Any(c => ValueCoercion.Equals(Stored(input, value), c));
            case "between" or "not-between":
                var low = Comparable(input, 0);
                var high = Comparable(input, 1);
                return op == "between"
                    ? value => value != null && ValueCoercion.Compare(Stored(input, value)!, low) >= 0 && ValueCoercion.Compare(Stored(input, value)!, high) <= 0
                    : value => value != null && (ValueCoercion.Compare(Stored(input, value)!, low) < 0 || ValueCoercion.Compare(Stored(input, value)!, high) > 0);
            default:
                return null;
        }
    }

    /// <summary>The stored keys eq, gt, ge, lt, le and between can match on a date or number column, for a sorted index.</summary>
    public static KeyRange? TryRange(string op, OperatorInput input)
    {
        if (input.Column.Type is not (ColumnType.DateTime or ColumnType.Integer or ColumnType.BigInt or ColumnType.Decimal or ColumnType.Double or ColumnType.Money)
            || op is not ("eq" or "gt" or "ge" or "lt" or "le" or "between")
            || KeyRange.KeyOf(ValueCoercion.Key(Comparable(input, 0))) is not { } key)
        {
            return null;
        }

        return op switch
        {
            "eq" => new KeyRange(key, true, key, true),
            "gt" => new KeyRange(key, false, null, true),
            "ge" => new KeyRange(key, true, null, true),
            "lt" => new KeyRange(null, true, key, false),
            "le" => new KeyRange(null, true, key, true),
            _ => KeyRange.KeyOf(ValueCoercion.Key(Comparable(input, 1))) is { } high ? new KeyRange(key, true, high, true) : null,
        };
    }

    private static object? Stored(OperatorInput input, object? value) => ValueCoercion.Key(value);

    /// <summary>A constant in the stored form; for user-local dates a FetchXML string without an offset is the caller's local time.</summary>
    private static object Comparable(OperatorInput input, int index)
    {
        var constant = input.Constant(index);
        if (constant is DateTime date && input.Column.Type == ColumnType.DateTime)
        {
            return DateOperators.ToStored(input, input.Values[index], date);
        }

        return constant;
    }
}
