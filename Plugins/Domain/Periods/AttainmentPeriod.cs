using System;
using System.Globalization;

namespace CrmAccountability.Plugins.Domain.Periods;

/// <summary>
/// One period of an expectation: whole local days from <see cref="Start"/> to <see cref="End"/> inclusive, in the rep's
/// time zone, with the label reps see (DESIGN §3: 2026-11-29, 2026-W48, week of 2026-11-22, 2026-11, FY2027-Q2, FY2027,
/// 2026-11-20..2026-12-04).
/// </summary>
public sealed class AttainmentPeriod : IEquatable<AttainmentPeriod>
{
    public AttainmentPeriod(Period kind, DateTime start, DateTime end, string label)
    {
        if (end.Date < start.Date)
        {
            throw new ArgumentException("A period ends on or after its start.", nameof(end));
        }

        Kind = kind;
        Start = DateTime.SpecifyKind(start.Date, DateTimeKind.Unspecified);
        End = DateTime.SpecifyKind(end.Date, DateTimeKind.Unspecified);
        Label = label;
    }

    public Period Kind { get; }

    /// <summary>The first local day (a date; no time, no zone).</summary>
    public DateTime Start { get; }

    /// <summary>The last local day, inclusive.</summary>
    public DateTime End { get; }

    public string Label { get; }

    public int Days => (int)(End - Start).TotalDays + 1;

    public bool Contains(DateTime localDate) => localDate.Date >= Start && localDate.Date <= End;

    /// <summary>The first instant of the period in UTC, for a rep in <paramref name="zone"/>.</summary>
    public DateTime StartUtc(TimeZoneInfo zone) => ZonedTime.StartOfDayUtc(Start, zone);

    /// <summary>The first instant after the period in UTC (exclusive end).</summary>
    public DateTime EndUtc(TimeZoneInfo zone) => ZonedTime.StartOfDayUtc(End.AddDays(1), zone);

    public bool Equals(AttainmentPeriod? other) => other != null && other.Kind == Kind && other.Start == Start && other.End == End;

    public override bool Equals(object? obj) => Equals(obj as AttainmentPeriod);

    public override int GetHashCode() => (((int)Kind * 397) ^ Start.GetHashCode()) * 397 ^ End.GetHashCode();

    public override string ToString() => Label + " (" + Start.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) + ".." + End.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) + ")";
}
