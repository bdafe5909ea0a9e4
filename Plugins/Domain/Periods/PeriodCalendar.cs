using System;
using System.Globalization;

namespace CrmAccountability.Plugins.Domain.Periods;

/// <summary>
/// Where a local date falls: its day, its week (from the configured week start), its calendar month, and its fiscal
/// quarter and year (from the configured fiscal year start; a fiscal year is named by the calendar year it ends in, so
/// with a January start FY2026 is calendar 2026). Custom periods are the expectation's own window
/// (<see cref="ExpectationPeriods"/>).
/// </summary>
public sealed class PeriodCalendar
{
    public PeriodCalendar(DayOfWeek weekStart, int fiscalYearStartMonth)
    {
        if (fiscalYearStartMonth is < 1 or > 12)
        {
            throw new ArgumentOutOfRangeException(nameof(fiscalYearStartMonth), fiscalYearStartMonth, "A fiscal year starts in month 1 to 12.");
        }

        WeekStart = weekStart;
        FiscalYearStartMonth = fiscalYearStartMonth;
    }

    public DayOfWeek WeekStart { get; }

    public int FiscalYearStartMonth { get; }

    public AttainmentPeriod For(Period kind, DateTime localDate)
    {
        var day = localDate.Date;
        switch (kind)
        {
            case Period.Day:
                return new AttainmentPeriod(kind, day, day, Text(day));
            case Period.Week:
                var start = day.AddDays(-(((int)day.DayOfWeek - (int)WeekStart + 7) % 7));
                return new AttainmentPeriod(kind, start, start.AddDays(6), WeekStart == DayOfWeek.Monday ? IsoWeekLabel(start) : "week of " + Text(start));
            case Period.Month:
                var first = new DateTime(day.Year, day.Month, 1);
                return new AttainmentPeriod(kind, first, first.AddMonths(1).AddDays(-1), first.ToString("yyyy-MM", CultureInfo.InvariantCulture));
            case Period.Quarter:
                var yearStart = FiscalYearStart(day);
                var quarter = (MonthsBetween(yearStart, day) / 3) + 1;
                var quarterStart = yearStart.AddMonths(3 * (quarter - 1));
                return new AttainmentPeriod(kind, quarterStart, quarterStart.AddMonths(3).AddDays(-1), FiscalYearLabel(yearStart) + "-Q" + quarter.ToString(CultureInfo.InvariantCulture));
            case Period.Year:
                var fiscalStart = FiscalYearStart(day);
                return new AttainmentPeriod(kind, fiscalStart, fiscalStart.AddYears(1).AddDays(-1), FiscalYearLabel(fiscalStart));
            default:
                throw new ArgumentOutOfRangeException(nameof(kind), kind, "A custom period is the expectation's own window; ask ExpectationPeriods.");
        }
    }

    public static AttainmentPeriod Custom(DateTime start, DateTime end)
        => new(Period.Custom, start, end, Text(start) + ".." + Text(end));

    /// <summary>The period just before <paramref name="period"/> of the same kind (calendar kinds only).</summary>
    public AttainmentPeriod Previous(AttainmentPeriod period) => For(period.Kind, period.Start.AddDays(-1));

    public AttainmentPeriod Next(AttainmentPeriod period) => For(period.Kind, period.End.AddDays(1));

    private DateTime FiscalYearStart(DateTime day)
        => new(day.Month >= FiscalYearStartMonth ? day.Year : day.Year - 1, FiscalYearStartMonth, 1);

    private static string FiscalYearLabel(DateTime fiscalYearStart)
        => "FY" + fiscalYearStart.AddYears(1).AddDays(-1).Year.ToString(CultureInfo.InvariantCulture);

    private static int MonthsBetween(DateTime from, DateTime to) => ((to.Year - from.Year) * 12) + to.Month - from.Month;

    /// <summary>ISO 8601 week of a Monday: the week belongs to the year of its Thursday.</summary>
    private static string IsoWeekLabel(DateTime monday)
    {
        var thursday = monday.AddDays(3);
        var week = ((thursday.DayOfYear - 1) / 7) + 1;
        return thursday.Year.ToString(CultureInfo.InvariantCulture) + "-W" + week.ToString("00", CultureInfo.InvariantCulture);
    }

    private static string Text(DateTime date) => date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
}
