using System;
using System.Collections.Generic;
using CrmAccountability.Plugins.Domain;
using CrmAccountability.Plugins.Domain.Pace;
using CrmAccountability.Plugins.Domain.Periods;
using CrmAccountability.Plugins.Domain.Settings;
using Xunit;

namespace CrmAccountability.Plugins.Tests.Domain;

/// <summary>DESIGN §4 "Pace": working time, expected-to-date and the status rules, with the settings they read.</summary>
public sealed class PaceTests
{
    private static readonly AccountabilitySettings Defaults = AccountabilitySettings.From(new Dictionary<string, string?>(), () => 1, () => 1);
    private static readonly PeriodCalendar Calendar = Defaults.Calendar;

    [Theory]
    [InlineData("2026-11-23 08:00", 0)]
    [InlineData("2026-11-23 13:00", 0.1)]
    [InlineData("2026-11-25 17:30", 0.6)]
    [InlineData("2026-11-28 12:00", 1)]
    public void Working_time_counts_working_days_and_todays_elapsed_working_hours(string localNow, double share)
    {
        var week = Calendar.For(Period.Week, new DateTime(2026, 11, 23));

        Assert.Equal((decimal)share, Defaults.WorkingTime.ElapsedShare(week, DateTime.Parse(localNow, System.Globalization.CultureInfo.InvariantCulture)));
    }

    [Theory]
    [InlineData(0, 9.5, AttainmentStatus.NotStarted)]
    [InlineData(0, 10, AttainmentStatus.OffPace)]
    [InlineData(41, 13, AttainmentStatus.OnTrack)]
    [InlineData(40, 13, AttainmentStatus.NeedsAttention)]
    [InlineData(27, 13, AttainmentStatus.NeedsAttention)]
    [InlineData(26, 13, AttainmentStatus.OffPace)]
    [InlineData(90, 9.5, AttainmentStatus.Met)]
    [InlineData(108, 9.5, AttainmentStatus.Exceeded)]
    public void Status_while_open(decimal actual, double hour, AttainmentStatus status)
    {
        var day = Calendar.For(Period.Day, new DateTime(2026, 11, 23));

        var assessment = AttainmentAssessment.Assess(actual, 90m, null, day, new DateTime(2026, 11, 23).AddHours(hour), Defaults);

        Assert.Equal(status, assessment.Status);
    }

    [Theory]
    [InlineData(89, AttainmentStatus.Missed)]
    [InlineData(90, AttainmentStatus.Met)]
    [InlineData(99, AttainmentStatus.Met)]
    [InlineData(100, AttainmentStatus.Exceeded)]
    public void A_period_that_has_ended_closes_as_met_exceeded_or_missed(decimal actual, AttainmentStatus status)
    {
        var day = Calendar.For(Period.Day, new DateTime(2026, 11, 23));

        var assessment = AttainmentAssessment.Assess(actual, 90m, 100m, day, new DateTime(2026, 11, 24, 0, 1, 0), Defaults);

        Assert.True(assessment.IsClosed);
        Assert.Equal(status, assessment.Status);
    }

    [Fact]
    public void A_weekend_day_has_no_working_time_and_expects_nothing()
    {
        var saturday = Calendar.For(Period.Day, new DateTime(2026, 11, 28));

        var assessment = AttainmentAssessment.Assess(10m, 90m, null, saturday, new DateTime(2026, 11, 28, 15, 0, 0), Defaults);

        Assert.False(assessment.HasWorkingTime);
        Assert.Equal(0m, assessment.ExpectedToDate);
        Assert.Null(assessment.Pace);
        Assert.Equal(AttainmentStatus.OnTrack, assessment.Status);
    }

    [Fact]
    public void Settings_fall_back_to_the_organisation_and_report_what_they_could_not_read()
    {
        var settings = AccountabilitySettings.From(
            new Dictionary<string, string?> { ["cra_WorkingDays"] = "0,6", ["cra_WorkingHours"] = "22:00-02:00", ["cra_OnTrackRatio"] = "lots", ["cra_NudgeRepFirst"] = "false" },
            organizationWeekStart: () => 0,
            organizationFiscalYearStartMonth: () => 7);

        Assert.Equal(DayOfWeek.Sunday, settings.WeekStart);
        Assert.Equal(7, settings.FiscalYearStartMonth);
        Assert.Equal([DayOfWeek.Sunday, DayOfWeek.Saturday], settings.WorkingTime.Days);
        Assert.Equal(TimeSpan.FromHours(9), settings.WorkingTime.DayStart);
        Assert.Equal(0.9m, settings.OnTrackRatio);
        Assert.False(settings.NudgeRepFirst);
        Assert.Equal(2, settings.Problems.Count);
        Assert.Contains(settings.Problems, p => p.Contains("cra_WorkingHours", StringComparison.Ordinal));
        Assert.Contains(settings.Problems, p => p.Contains("cra_OnTrackRatio", StringComparison.Ordinal));
    }
}
