using System;
using CrmAccountability.Emulator.Metadata;
using CrmAccountability.Emulator.Storage;

namespace CrmAccountability.Emulator.Query.Operators;

/// <summary>
/// on, on-or-before, on-or-after, not-on and the relative operators (today, this-week, last-x-days, olderthan-x-…),
/// evaluated in the caller's time zone against the emulator's clock, with the organisation's week start.
/// </summary>
internal static class DateOperators
{
    /// <summary>Operators Learn's condition-operator reference marks "You can't apply this operator on a column that is configured to use the DateOnly behavior".</summary>
    private static readonly string[] TimeOfDayOperators = ["last-x-hours", "next-x-hours", "olderthan-x-hours", "olderthan-x-minutes"];

    public static Func<object?, bool>? TryCompile(string op, OperatorInput input)
    {
        if (input.Column.DateTimeBehavior == DateTimeBehavior.DateOnly && Array.IndexOf(TimeOfDayOperators, op) >= 0)
        {
            throw new DataverseFaultException(DataverseFaults.InvalidArgument, DataverseFaults.Format("You can't apply the '{0}' operator on the column '{1}.{2}': it is configured to use the DateOnly behavior, which holds no time of day.", op, input.Table, input.Column.LogicalName));
        }

        var range = LocalRange(op, input);
        if (range == null)
        {
            return null;
        }

        input.RequireDate(op);
        var (start, end) = range.Value;
        return op switch
        {
            "not-on" => value => value is DateTime d && (input.Local(d) < start || input.Local(d) >= end),
            "on-or-before" => value => value is DateTime d && input.Local(d) < end,
            "on-or-after" => value => value is DateTime d && input.Local(d) >= start,
            "last-seven-days" or "last-x-hours" or "last-x-days" or "last-x-weeks" or "last-x-months" or "last-x-years" or "next-x-hours" or "next-seven-days"
                => value => value is DateTime d && input.Local(d) >= start && input.Local(d) <= end,
            _ => value => value is DateTime d && input.Local(d) >= start && input.Local(d) < end,
        };
    }

    /// <summary>The caller's local [start, end) an operator stands for, or null when it is not one of these date operators.</summary>
    private static (DateTime Start, DateTime End)? LocalRange(string op, OperatorInput input)
    {
        var env = input.Env;
        var today = env.LocalToday;
        var now = env.LocalNow;
        return op switch
        {
            "on" or "not-on" or "on-or-before" or "on-or-after" => Day(op, input),
            "today" => (today, today.AddDays(1)),
            "yesterday" => (today.AddDays(-1), today),
            "tomorrow" => (today.AddDays(1), today.AddDays(2)),
            "last-seven-days" => (today.AddDays(-7), now),
            "next-seven-days" => (now, today.AddDays(8)),
            "this-week" => (env.StartOfWeek(today), env.StartOfWeek(today).AddDays(7)),
            "last-week" => (env.StartOfWeek(today).AddDays(-7), env.StartOfWeek(today)),
            "next-week" => (env.StartOfWeek(today).AddDays(7), env.StartOfWeek(today).AddDays(14)),
            "this-month" => (FirstOfMonth(today), FirstOfMonth(today).AddMonths(1)),
            "last-month" => (FirstOfMonth(today).AddMonths(-1), FirstOfMonth(today)),
            "next-month" => (FirstOfMonth(today).AddMonths(1), FirstOfMonth(today).AddMonths(2)),
            "this-year" => (new DateTime(today.Year, 1, 1), new DateTime(today.Year + 1, 1, 1)),
            "last-year" => (new DateTime(today.Year - 1, 1, 1), new DateTime(today.Year, 1, 1)),
            "next-year" => (new DateTime(today.Year + 1, 1, 1), new DateTime(today.Year + 2, 1, 1)),
            "last-x-hours" => (now.AddHours(-input.WholeNumber()), now),
            "next-x-hours" => (now, now.AddHours(input.WholeNumber())),
            "last-x-days" => (today.AddDays(-input.WholeNumber()), now),
            "next-x-days" => (now, today.AddDays(input.WholeNumber() + 1)),
            "last-x-weeks" => (today.AddDays(-7 * input.WholeNumber()), now),
            "next-x-weeks" => (now, today.AddDays((7 * input.WholeNumber()) + 1)),
            "last-x-months" => (today.AddMonths(-input.WholeNumber()), now),
            "next-x-months" => (now, today.AddMonths(input.WholeNumber()).AddDays(1)),
            "last-x-years" => (today.AddYears(-input.WholeNumber()), now),
            "next-x-years" => (now, today.AddYears(input.WholeNumber()).AddDays(1)),
            "olderthan-x-minutes" => (DateTime.MinValue, now.AddMinutes(-input.WholeNumber())),
            "olderthan-x-hours" => (DateTime.MinValue, now.AddHours(-input.WholeNumber())),
            "olderthan-x-days" => (DateTime.MinValue, today.AddDays(-input.WholeNumber())),
            "olderthan-x-weeks" => (DateTime.MinValue, today.AddDays(-7 * input.WholeNumber())),
            "olderthan-x-months" => (DateTime.MinValue, today.AddMonths(-input.WholeNumber())),
            "olderthan-x-years" => (DateTime.MinValue, today.AddYears(-input.WholeNumber())),
            _ => null,
        };
    }

    /// <summary>
    /// The stored values a date operator can match, for a sorted index. A user-local column stores UTC, so the local
    /// bounds are converted and widened by an hour each side (a daylight-saving change moves them), which makes the
    /// range a cover the condition then narrows, not the condition itself.
    /// </summary>
    public static KeyRange? TryRange(string op, OperatorInput input)
    {
        if (op == "not-on" || input.Column.Type != ColumnType.DateTime || LocalRange(op, input) is not { } range)
        {
            return null;
        }

        var userLocal = input.Column.DateTimeBehavior == DateTimeBehavior.UserLocal;
        decimal? Stored(DateTime local, int widen) => local == DateTime.MinValue ? null : (userLocal ? input.Env.LocalToUtc(local).AddHours(widen) : local).Ticks;
        var low = op == "on-or-before" ? null : Stored(range.Start, -1);
        var high = op == "on-or-after" ? null : Stored(range.End, 1);
        var endInclusive = op is "last-seven-days" or "last-x-hours" or "last-x-days" or "last-x-weeks" or "last-x-months" or "last-x-years" or "next-x-hours" or "next-seven-days";
        return new KeyRange(low, true, high, endInclusive || userLocal, Exact: !userLocal);
    }

    /// <summary>
    /// A date constant in the stored form. For user-local columns a FetchXML value without an offset is the caller's
    /// wall-clock time (Learn: "date and time values in FetchXML are in the user's time zone"); with an offset or a
    /// DateTime of Kind Utc it is absolute. Date-only and time-zone-independent columns compare as written.
    /// </summary>
    public static DateTime ToStored(OperatorInput input, object? raw, DateTime parsed)
    {
        if (input.Column.DateTimeBehavior == DateTimeBehavior.DateOnly)
        {
            return DateTime.SpecifyKind(parsed.Date, DateTimeKind.Utc);
        }

        if (input.Column.DateTimeBehavior == DateTimeBehavior.TimeZoneIndependent)
        {
            return DateTime.SpecifyKind(parsed, DateTimeKind.Utc);
        }

        return parsed.Kind switch
        {
            DateTimeKind.Utc => parsed,
            DateTimeKind.Local => parsed.ToUniversalTime(),
            _ => raw is string ? input.Env.LocalToUtc(parsed) : DateTime.SpecifyKind(parsed, DateTimeKind.Utc),
        };
    }

    private static (DateTime, DateTime) Day(string op, OperatorInput input)
    {
        input.RequireDate(op);
        var raw = input.Values.Count > 0 ? input.Values[0] : null;
        var parsed = (DateTime)input.Constant();
        var day = raw is DateTime { Kind: DateTimeKind.Utc } utc && input.Column.DateTimeBehavior == DateTimeBehavior.UserLocal
            ? input.Env.UtcToLocal(utc).Date
            : parsed.Date;
        return (day, day.AddDays(1));
    }

    private static DateTime FirstOfMonth(DateTime date) => new(date.Year, date.Month, 1);
}
