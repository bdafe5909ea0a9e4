using System;
using CrmAccountability.Plugins.Domain.Periods;

namespace CrmAccountability.Plugins.Domain.Counting;

/// <summary>What the rules need besides a row: the expectation, the rep credited, the period and the rep's time zone.</summary>
public sealed class CountingScope
{
    public CountingScope(ExpectationDefinition expectation, Guid repId, AttainmentPeriod period, TimeZoneInfo zone)
    {
        Expectation = expectation;
        RepId = repId;
        Period = period;
        Zone = zone;
        StartUtc = period.StartUtc(zone);
        EndUtc = period.EndUtc(zone);
    }

    public ExpectationDefinition Expectation { get; }

    public Guid RepId { get; }

    public AttainmentPeriod Period { get; }

    public TimeZoneInfo Zone { get; }

    /// <summary>The period's first instant (UTC).</summary>
    public DateTime StartUtc { get; }

    /// <summary>The first instant after the period (UTC, exclusive).</summary>
    public DateTime EndUtc { get; }

    /// <summary>The whole period as a range of the date column of <paramref name="measure"/>.</summary>
    public DateRange Range(SourceMeasure measure)
        => measure.DateIsUserLocal
            ? new DateRange(StartUtc, EndUtc, isDateOnly: false)
            : new DateRange(Period.Start, Period.End.AddDays(1), isDateOnly: true);
}

/// <summary>
/// A half-open range [From, To) of a date column: instants (UTC) for user-local columns, dates for date-only ones.
/// Aggregates over a range that could exceed Dataverse's 50,000-row limit are split into halves.
/// </summary>
public sealed class DateRange
{
    public DateRange(DateTime from, DateTime to, bool isDateOnly)
    {
        From = from;
        To = to;
        IsDateOnly = isDateOnly;
    }

    public DateTime From { get; }

    public DateTime To { get; }

    public bool IsDateOnly { get; }

    /// <summary>Whether the range can be halved (a date-only range down to a day, an instant range down to a minute).</summary>
    public bool CanSplit => IsDateOnly ? (To - From).TotalDays >= 2 : (To - From).TotalMinutes >= 2;

    /// <summary>The two halves of the range, earlier first.</summary>
    public DateRange[] Split()
    {
        var middle = From.AddTicks((To - From).Ticks / 2);
        middle = IsDateOnly ? middle.Date : middle;
        return [new DateRange(From, middle, IsDateOnly), new DateRange(middle, To, IsDateOnly)];
    }
}
