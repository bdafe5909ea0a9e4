using System;
using CrmAccountability.Plugins.Domain.Counting;

namespace CrmAccountability.Plugins.Domain.Periods;

/// <summary>
/// The periods of one expectation (DESIGN §4): always whole — the first is the one containing Starts on (activity
/// earlier in it counts), the last the one containing Ends on; a Custom expectation has exactly one period, its own
/// window.
/// </summary>
public static class ExpectationPeriods
{
    /// <summary>The expectation's period containing <paramref name="localDate"/>, or null when that date is in none of them.</summary>
    public static AttainmentPeriod? Containing(ExpectationDefinition expectation, DateTime localDate, PeriodCalendar calendar)
    {
        var day = localDate.Date;
        AttainmentPeriod period;
        if (expectation.Period == Period.Custom)
        {
            if (expectation.CustomStart is not { } start || expectation.CustomEnd is not { } end || end.Date < start.Date)
            {
                return null;
            }

            period = PeriodCalendar.Custom(start, end);
            if (!period.Contains(day))
            {
                return null;
            }
        }
        else
        {
            period = calendar.For(expectation.Period, day);
        }

        return InRange(expectation, period) ? period : null;
    }

    /// <summary>Whether a period overlaps the expectation's Starts on … Ends on range.</summary>
    public static bool InRange(ExpectationDefinition expectation, AttainmentPeriod period)
        => (expectation.StartsOn is not { } startsOn || period.End >= startsOn.Date)
            && (expectation.EndsOn is not { } endsOn || period.Start <= endsOn.Date);

    /// <summary>The period before <paramref name="period"/>, or null when it is the expectation's first.</summary>
    public static AttainmentPeriod? Previous(ExpectationDefinition expectation, AttainmentPeriod period, PeriodCalendar calendar)
    {
        if (period.Kind == Period.Custom)
        {
            return null;
        }

        var previous = calendar.Previous(period);
        return InRange(expectation, previous) ? previous : null;
    }

    public static AttainmentPeriod? Next(ExpectationDefinition expectation, AttainmentPeriod period, PeriodCalendar calendar)
    {
        if (period.Kind == Period.Custom)
        {
            return null;
        }

        var next = calendar.Next(period);
        return InRange(expectation, next) ? next : null;
    }

    /// <summary>The expectation's first period (the one containing Starts on, or the Custom window); null when open-started.</summary>
    public static AttainmentPeriod? First(ExpectationDefinition expectation, PeriodCalendar calendar)
        => expectation.Period == Period.Custom
            ? expectation.CustomStart is { } start ? Containing(expectation, start, calendar) : null
            : expectation.StartsOn is { } startsOn ? Containing(expectation, startsOn, calendar) : null;

    /// <summary>The expectation's last period (the one containing Ends on, or the Custom window); null when open-ended.</summary>
    public static AttainmentPeriod? Last(ExpectationDefinition expectation, PeriodCalendar calendar)
        => expectation.Period == Period.Custom
            ? expectation.CustomStart is { } start ? Containing(expectation, start, calendar) : null
            : expectation.EndsOn is { } endsOn ? Containing(expectation, endsOn, calendar) : null;
}
