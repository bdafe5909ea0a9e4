using System;
using CrmAccountability.Plugins.Domain;
using CrmAccountability.Plugins.Domain.Periods;
using Xunit;

namespace CrmAccountability.Plugins.Tests.Domain;

/// <summary>Local days in the rep's zone, through daylight saving changes in both directions and at the ends of the clock.</summary>
public sealed class ZonedTimeTests
{
    private static readonly TimeZoneInfo London = TimeZoneInfo.FindSystemTimeZoneById("GMT Standard Time");
    private static readonly TimeZoneInfo Auckland = TimeZoneInfo.FindSystemTimeZoneById("New Zealand Standard Time");
    private static readonly TimeZoneInfo LosAngeles = TimeZoneInfo.FindSystemTimeZoneById("Pacific Standard Time");
    private static readonly TimeZoneInfo Tonga = TimeZoneInfo.FindSystemTimeZoneById("Tonga Standard Time");

    [Fact]
    public void A_rep_in_UTC_plus_13_and_one_in_UTC_minus_8_live_the_same_instant_on_different_days()
    {
        var instant = new DateTime(2026, 11, 24, 2, 30, 0, DateTimeKind.Utc);

        Assert.Equal(new DateTime(2026, 11, 24), ZonedTime.LocalDate(instant, Auckland));
        Assert.Equal(new DateTime(2026, 11, 24), ZonedTime.LocalDate(instant, Tonga));
        Assert.Equal(new DateTime(2026, 11, 23), ZonedTime.LocalDate(instant, LosAngeles));
    }

    [Fact]
    public void The_spring_forward_day_is_23_hours_long_and_the_fall_back_day_25()
    {
        var spring = new PeriodCalendar(DayOfWeek.Monday, 1).For(Period.Day, new DateTime(2026, 3, 29));
        var autumn = new PeriodCalendar(DayOfWeek.Monday, 1).For(Period.Day, new DateTime(2026, 10, 25));

        Assert.Equal(TimeSpan.FromHours(23), spring.EndUtc(London) - spring.StartUtc(London));
        Assert.Equal(TimeSpan.FromHours(25), autumn.EndUtc(London) - autumn.StartUtc(London));
    }

    [Fact]
    public void Calls_half_an_hour_after_midnight_on_both_daylight_saving_days_land_on_that_day()
    {
        // 2026-03-08 00:30 and 2026-11-01 00:30 in Los Angeles, the days the clocks change.
        Assert.Equal(new DateTime(2026, 3, 8), ZonedTime.LocalDate(new DateTime(2026, 3, 8, 8, 30, 0, DateTimeKind.Utc), LosAngeles));
        Assert.Equal(new DateTime(2026, 11, 1), ZonedTime.LocalDate(new DateTime(2026, 11, 1, 7, 30, 0, DateTimeKind.Utc), LosAngeles));
        Assert.Equal(new DateTime(2026, 3, 7), ZonedTime.LocalDate(new DateTime(2026, 3, 8, 7, 59, 0, DateTimeKind.Utc), LosAngeles));
    }

    [Fact]
    public void The_week_holding_a_clock_change_still_has_seven_local_days()
    {
        var week = new PeriodCalendar(DayOfWeek.Monday, 1).For(Period.Week, new DateTime(2026, 4, 5));

        Assert.Equal(7, week.Days);
        // Auckland leaves daylight saving on Sunday 5 April 2026: that week has an hour more.
        Assert.Equal(TimeSpan.FromDays(7) + TimeSpan.FromHours(1), week.EndUtc(Auckland) - week.StartUtc(Auckland));
    }

    [Fact]
    public void The_last_day_of_the_year_in_Auckland_starts_while_London_is_still_on_the_30th()
    {
        var day = new PeriodCalendar(DayOfWeek.Monday, 1).For(Period.Day, new DateTime(2026, 12, 31));

        Assert.Equal(new DateTime(2026, 12, 30, 11, 0, 0, DateTimeKind.Utc), day.StartUtc(Auckland));
        Assert.Equal(new DateTime(2026, 12, 31, 0, 0, 0, DateTimeKind.Utc), day.StartUtc(London));
    }

    [Fact]
    public void A_midnight_inside_a_spring_forward_gap_starts_the_day_at_the_end_of_the_gap()
    {
        // Santiago (Pacific SA) moves clocks at midnight: on 2026-09-06 the day starts at 01:00 local.
        var santiago = TimeZoneInfo.FindSystemTimeZoneById("Pacific SA Standard Time");
        var start = ZonedTime.StartOfDayUtc(new DateTime(2026, 9, 6), santiago);

        Assert.Equal(new DateTime(2026, 9, 6), ZonedTime.LocalDate(start, santiago));
        Assert.Equal(new DateTime(2026, 9, 5), ZonedTime.LocalDate(start.AddMinutes(-1), santiago));
    }
}
