using System;
using System.Linq;
using CrmAccountability.Emulator.Metadata;

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
