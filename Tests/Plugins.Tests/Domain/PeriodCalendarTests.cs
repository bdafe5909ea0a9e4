using System;
using CrmAccountability.Plugins.Domain;
using CrmAccountability.Plugins.Domain.Counting;
using CrmAccountability.Plugins.Domain.Periods;
using Xunit;

namespace CrmAccountability.Plugins.Tests.Domain;

/// <summary>DESIGN §3 period labels and §4 period rules: days, weeks from any start, months, fiscal quarters and years.</summary>
public sealed class PeriodCalendarTests
{
    private static readonly PeriodCalendar Monday = new(DayOfWeek.Monday, 1);

    [Theory]
    [InlineData("2026-11-29", "2026-11-23", "2026-11-29", "2026-W48")]
    [InlineData("2026-12-31", "2026-12-28", "2027-01-03", "2026-W53")]
    [InlineData("2027-01-03", "2026-12-28", "2027-01-03", "2026-W53")]
    [InlineData("2027-01-04", "2027-01-04", "2027-01-10", "2027-W01")]
    [InlineData("2024-12-30", "2024-12-30", "2025-01-05", "2025-W01")]
    [InlineData("2020-12-31", "2020-12-28", "2021-01-03", "2020-W53")]
    public void Weeks_starting_Monday_carry_their_ISO_week_label_across_year_ends(string day, string start, string end, string label)
    {
        var period = Monday.For(Period.Week, Date(day));

        Assert.Equal((Date(start), Date(end), label), (period.Start, period.End, period.Label));
    }

    [Theory]
    [InlineData(DayOfWeek.Sunday, "2026-11-28", "2026-11-22", "week of 2026-11-22")]
    [InlineData(DayOfWeek.Sunday, "2026-11-29", "2026-11-29", "week of 2026-11-29")]
    [InlineData(DayOfWeek.Saturday, "2026-11-27", "2026-11-21", "week of 2026-11-21")]
    public void Weeks_starting_another_day_are_labelled_by_their_first_day(DayOfWeek weekStart, string day, string start, string label)
    {
        var period = new PeriodCalendar(weekStart, 1).For(Period.Week, Date(day));

        Assert.Equal((Date(start), Date(start).AddDays(6), label), (period.Start, period.End, period.Label));
    }

    [Theory]
    [InlineData(1, "2026-02-14", "2026-01-01", "2026-03-31", "FY2026-Q1", "FY2026")]
    [InlineData(7, "2026-11-23", "2026-10-01", "2026-12-31", "FY2027-Q2", "FY2027")]
    [InlineData(7, "2026-06-30", "2026-04-01", "2026-06-30", "FY2026-Q4", "FY2026")]
    [InlineData(4, "2027-03-31", "2027-01-01", "2027-03-31", "FY2027-Q4", "FY2027")]
    [InlineData(11, "2026-11-01", "2026-11-01", "2027-01-31", "FY2027-Q1", "FY2027")]
    [InlineData(12, "2026-12-01", "2026-12-01", "2027-02-28", "FY2027-Q1", "FY2027")]
    [InlineData(3, "2028-02-29", "2027-12-01", "2028-02-29", "FY2028-Q4", "FY2028")]
    public void Quarters_and_years_are_fiscal_and_named_by_the_calendar_year_they_end_in(int startMonth, string day, string quarterStart, string quarterEnd, string quarterLabel, string yearLabel)
    {
        var calendar = new PeriodCalendar(DayOfWeek.Monday, startMonth);

        var quarter = calendar.For(Period.Quarter, Date(day));
        var year = calendar.For(Period.Year, Date(day));

        Assert.Equal((Date(quarterStart), Date(quarterEnd), quarterLabel), (quarter.Start, quarter.End, quarter.Label));
        Assert.Equal(yearLabel, year.Label);
        Assert.Equal(12, ((year.End.Year - year.Start.Year) * 12) + year.End.Month - year.Start.Month + 1);
        Assert.True(year.Contains(Date(day)));
    }

    [Fact]
    public void Every_fiscal_start_month_gives_four_quarters_that_tile_the_year()
    {
        for (var month = 1; month <= 12; month++)
        {
            var calendar = new PeriodCalendar(DayOfWeek.Monday, month);
            var year = calendar.For(Period.Year, new DateTime(2026, 6, 15));
            var day = year.Start;
            for (var q = 1; q <= 4; q++)
            {
                var quarter = calendar.For(Period.Quarter, day);
                Assert.Equal(day, quarter.Start);
                Assert.EndsWith("-Q" + q, quarter.Label, StringComparison.Ordinal);
                day = quarter.End.AddDays(1);
            }

            Assert.Equal(year.End.AddDays(1), day);
        }
    }

    [Fact]
    public void Months_days_and_leap_days()
    {
        Assert.Equal("2028-02", Monday.For(Period.Month, Date("2028-02-29")).Label);
        Assert.Equal(Date("2028-02-29"), Monday.For(Period.Month, Date("2028-02-01")).End);
        Assert.Equal("2028-02-29", Monday.For(Period.Day, Date("2028-02-29")).Label);
        Assert.Equal("2026-12-31", Monday.For(Period.Day, Date("2026-12-31")).Label);
    }

    [Fact]
    public void A_custom_period_is_exactly_its_window_and_whole_periods_respect_starts_and_ends_on()
    {
        var custom = new ExpectationDefinition { Period = Period.Custom, CustomStart = Date("2026-11-20"), CustomEnd = Date("2026-12-04") };
        var weekly = new ExpectationDefinition { Period = Period.Week, StartsOn = Date("2026-11-25"), EndsOn = Date("2026-12-02") };

        Assert.Equal("2026-11-20..2026-12-04", ExpectationPeriods.Containing(custom, Date("2026-11-20"), Monday)!.Label);
        Assert.Null(ExpectationPeriods.Containing(custom, Date("2026-12-05"), Monday));
        Assert.Equal("2026-W48", ExpectationPeriods.Containing(weekly, Date("2026-11-23"), Monday)!.Label);
        Assert.Equal("2026-W49", ExpectationPeriods.Containing(weekly, Date("2026-12-06"), Monday)!.Label);
        Assert.Null(ExpectationPeriods.Containing(weekly, Date("2026-11-22"), Monday));
        Assert.Null(ExpectationPeriods.Containing(weekly, Date("2026-12-07"), Monday));
    }

    private static DateTime Date(string text) => DateTime.ParseExact(text, "yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);
}
