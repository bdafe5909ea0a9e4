using System;

namespace CrmAccountability.Simulation.Scenario;

/// <summary>Wall-clock times in a person's zone, as a script writes them ("Tuesday 09:30 in Auckland"), turned into instants.</summary>
public static class LocalTime
{
    /// <summary>The instant of <paramref name="hour"/>:<paramref name="minute"/> on <paramref name="day"/> in the Windows zone <paramref name="zone"/>.</summary>
    public static DateTime ToUtc(string zone, DateOnly day, int hour, int minute = 0)
        => TimeZoneInfo.ConvertTimeToUtc(day.ToDateTime(new TimeOnly(hour, minute), DateTimeKind.Unspecified), Zone(zone));

    public static TimeZoneInfo Zone(string zone)
    {
        try
        {
            return TimeZoneInfo.FindSystemTimeZoneById(zone);
        }
        catch (TimeZoneNotFoundException)
        {
            throw new ArgumentException("Unknown time zone '" + zone + "': use a Windows time zone id such as \"GMT Standard Time\" or \"Pacific Standard Time\".", nameof(zone));
        }
    }

    /// <summary>The date in <paramref name="zone"/> at the instant <paramref name="utc"/>.</summary>
    public static DateOnly DateIn(string zone, DateTime utc)
        => DateOnly.FromDateTime(TimeZoneInfo.ConvertTimeFromUtc(DateTime.SpecifyKind(utc, DateTimeKind.Utc), Zone(zone)));
}
