using System;
using System.Collections.Generic;
using CrmAccountability.Emulator.Storage;

namespace CrmAccountability.Emulator.Query;

/// <summary>
/// What a query is evaluated against besides the rows: the caller (user operators, time zone), the emulator's clock
/// (relative dates), the organisation's calendar (week start, fiscal year) and the team and manager graph.
/// </summary>
internal sealed class QueryEnvironment
{
    public required CallerContext Caller { get; init; }

    public required DateTime NowUtc { get; init; }

    /// <summary>0 = Sunday … 6 = Saturday (organization.weekstartdaycode).</summary>
    public int WeekStartDay { get; init; } = 1;

    public FiscalCalendar Fiscal { get; init; } = new(1, 4, false);

    public Func<Guid, IReadOnlyCollection<Guid>> TeamsOfUser { get; init; } = _ => [];

    public Func<Guid, IReadOnlyCollection<Guid>> UserAndReports { get; init; } = id => [id];

    /// <summary>
    /// The records above (<c>upward</c>) or below a record in its table's hierarchy, the record itself left out; null
    /// when the table has no hierarchical relationship.
    /// </summary>
    public Func<string, Guid, bool, IReadOnlySet<Guid>?> Hierarchy { get; init; } = (_, _, _) => null;

    public DateTime LocalNow => TimeZoneInfo.ConvertTimeFromUtc(NowUtc, Caller.TimeZone);

    public DateTime LocalToday => LocalNow.Date;

    /// <summary>A wall-clock time in the caller's zone as UTC (ambiguous or skipped local times resolve as .NET does).</summary>
    public DateTime LocalToUtc(DateTime local)
        => TimeZoneInfo.ConvertTimeToUtc(DateTime.SpecifyKind(local, DateTimeKind.Unspecified), Caller.TimeZone);

    public DateTime UtcToLocal(DateTime utc) => TimeZoneInfo.ConvertTimeFromUtc(DateTime.SpecifyKind(utc, DateTimeKind.Utc), Caller.TimeZone);

    public DateTime StartOfWeek(DateTime localDate)
    {
        var offset = ((int)localDate.DayOfWeek - WeekStartDay + 7) % 7;
        return localDate.Date.AddDays(-offset);
    }
}

/// <summary>
/// The organisation's fiscal calendar: the month the fiscal year starts, periods per year (4 quarterly, 12 monthly,
/// 2 semi-annual, 1 annual) and whether a fiscal year is named after the calendar year it ends in.
/// </summary>
internal sealed record FiscalCalendar(int StartMonth, int PeriodsPerYear, bool NamedByEndYear)
{
    public (int Year, int Period) Locate(DateTime localDate)
    {
        var monthsIntoYear = (localDate.Month - StartMonth + 12) % 12;
        var startYear = localDate.Month >= StartMonth ? localDate.Year : localDate.Year - 1;
        var period = (monthsIntoYear / (12 / PeriodsPerYear)) + 1;
        return (NamedByEndYear && StartMonth != 1 ? startYear + 1 : startYear, period);
    }

    public DateTime YearStart(int fiscalYear)
        => new(NamedByEndYear && StartMonth != 1 ? fiscalYear - 1 : fiscalYear, StartMonth, 1);

    public DateTime PeriodStart(int fiscalYear, int period) => YearStart(fiscalYear).AddMonths((period - 1) * (12 / PeriodsPerYear));

    public DateTime PeriodEnd(int fiscalYear, int period) => PeriodStart(fiscalYear, period).AddMonths(12 / PeriodsPerYear);

    /// <summary>The period <paramref name="offset"/> periods away from (year, period).</summary>
    public (int Year, int Period) Shift(int year, int period, int offset)
    {
        var index = (year * PeriodsPerYear) + (period - 1) + offset;
        return (Math.DivRem(index, PeriodsPerYear, out var remainder), remainder + 1);
    }
}
