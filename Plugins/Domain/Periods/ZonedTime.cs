using System;
using System.Linq;

namespace CrmAccountability.Plugins.Domain.Periods;

/// <summary>
/// Instants and a rep's local calendar. Local dates carry no zone (Kind Unspecified); instants are UTC. Daylight saving
/// is taken from the zone's own rules, including the zones that change clocks at midnight, where a local day starts at
/// 01:00 (the gap is skipped) or its midnight happens twice (the first one starts the day).
/// </summary>
public static class ZonedTime
{
    public static DateTime ToLocal(DateTime utc, TimeZoneInfo zone)
        => DateTime.SpecifyKind(TimeZoneInfo.ConvertTimeFromUtc(DateTime.SpecifyKind(utc, DateTimeKind.Utc), zone), DateTimeKind.Unspecified);

    public static DateTime LocalDate(DateTime utc, TimeZoneInfo zone) => ToLocal(utc, zone).Date;

    /// <summary>The first instant (UTC) of <paramref name="localDate"/> in <paramref name="zone"/>.</summary>
    public static DateTime StartOfDayUtc(DateTime localDate, TimeZoneInfo zone) => ToUtc(DateTime.SpecifyKind(localDate.Date, DateTimeKind.Unspecified), zone);

    /// <summary>A local wall-clock time as an instant: a time inside a spring-forward gap moves to the gap's end; an ambiguous one takes its first occurrence.</summary>
    public static DateTime ToUtc(DateTime local, TimeZoneInfo zone)
    {
        var wall = DateTime.SpecifyKind(local, DateTimeKind.Unspecified);
        for (var guard = 0; zone.IsInvalidTime(wall) && guard < 8 * 60; guard++)
        {
            wall = wall.AddMinutes(1);
        }

        var offset = zone.IsAmbiguousTime(wall) ? zone.GetAmbiguousTimeOffsets(wall).Max() : zone.GetUtcOffset(wall);
        return DateTime.SpecifyKind(wall - offset, DateTimeKind.Utc);
    }
}
