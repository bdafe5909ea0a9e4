using System;
using Microsoft.Xrm.Sdk;
using Xunit;
using static CrmAccountability.Accountability.Tests.Choices;

namespace CrmAccountability.Accountability.Tests.Counting;

/// <summary>Periods in each rep's own time zone, week start and fiscal calendar from the settings (DESIGN §3, §4).</summary>
public sealed class PeriodAndTimeZoneTests
{
    [Fact]
    public void The_same_instant_is_a_different_day_for_a_rep_in_Auckland_and_one_in_Los_Angeles()
    {
        // 2026-11-24 02:30 UTC is Tuesday 15:30 in Auckland (UTC+13) and Monday 18:30 in Los Angeles (UTC-8).
        var org = new SalesOrg();
        var auckland = org.User("Aroha Rep", "New Zealand Standard Time", org.Manager);
        var losAngeles = org.User("Luis Rep", "Pacific Standard Time", org.Manager);
        var nz = org.Expect(ActivityCount, Day, 5m, rep: auckland);
        var la = org.Expect(ActivityCount, Day, 5m, rep: losAngeles);
        var instant = new DateTime(2026, 11, 24, 2, 30, 0, DateTimeKind.Utc);

        org.Call(auckland, instant);
        org.Call(losAngeles, instant);

        Assert.Equal(1m, org.Actual(nz, auckland, new DateTime(2026, 11, 24)));
        Assert.Equal(1m, org.Actual(la, losAngeles, new DateTime(2026, 11, 23)));
    }

    [Fact]
    public void A_call_just_before_local_midnight_counts_on_that_local_day()
    {
        var org = new SalesOrg(repZone: "Pacific Standard Time");
        var count = org.Expect(ActivityCount, Day, 5m);

        org.Call(org.Rep, new DateTime(2026, 11, 24, 7, 40, 0, DateTimeKind.Utc)); // 23:40 on Monday in Los Angeles

        Assert.Equal(1m, org.Actual(count, org.Rep, new DateTime(2026, 11, 23)));
        Assert.Equal(0m, org.Actual(count, org.Rep, new DateTime(2026, 11, 24)));
    }

    [Fact]
    public void Weeks_start_on_the_configured_day_and_are_labelled_by_it()
    {
        var org = new SalesOrg(options: new Emulator.EmulatorOptions { WeekStartDay = 0 });
        var weekly = org.Expect(ActivityCount, Week, 10m);

        org.Call(org.Rep, new DateTime(2026, 11, 22, 10, 0, 0, DateTimeKind.Utc)); // Sunday

        var attainment = org.Attainment(weekly, org.Rep, new DateTime(2026, 11, 22))!;
        Assert.Equal("week of 2026-11-22", attainment.GetAttributeValue<string>("cra_periodlabel"));
        Assert.Equal(1m, attainment.GetAttributeValue<decimal>("cra_actual"));
    }

    [Fact]
    public void The_week_start_environment_variable_overrides_the_organisation()
    {
        var org = new SalesOrg();
        org.SetVariable("cra_WeekStartDay", "3");
        var weekly = org.Expect(ActivityCount, Week, 10m);

        org.Call(org.Rep, SalesOrg.Monday.AddHours(-1));

        Assert.Equal("week of 2026-11-18", org.Attainment(weekly, org.Rep, new DateTime(2026, 11, 18))!.GetAttributeValue<string>("cra_periodlabel"));
    }

    [Fact]
    public void Quarters_and_years_are_fiscal_and_named_by_the_year_they_end_in()
    {
        var org = new SalesOrg(options: new Emulator.EmulatorOptions { FiscalYearStartMonth = 7 });
        var quarter = org.Expect(ActivityCount, Quarter, 100m);
        var year = org.Expect(ActivityCount, Year, 400m);

        org.Call(org.Rep, SalesOrg.Monday.AddHours(-1));

        Assert.Equal("FY2027-Q2", org.Attainment(quarter, org.Rep, new DateTime(2026, 10, 1))!.GetAttributeValue<string>("cra_periodlabel"));
        Assert.Equal("FY2027", org.Attainment(year, org.Rep, new DateTime(2026, 7, 1))!.GetAttributeValue<string>("cra_periodlabel"));
        Assert.Equal(1m, org.Actual(year, org.Rep, new DateTime(2026, 7, 1)));
    }

    [Fact]
    public void A_rep_without_a_time_zone_setting_is_counted_in_UTC_and_the_trace_says_so()
    {
        var org = new SalesOrg();
        var rep = org.User("Nora Nozone", manager: org.Manager);
        org.System.Delete("usersettings", rep);
        var count = org.Expect(ActivityCount, Day, 5m, rep: rep);

        org.Call(rep, new DateTime(2026, 11, 23, 23, 30, 0, DateTimeKind.Utc));

        Assert.Equal(1m, org.Actual(count, rep, new DateTime(2026, 11, 23)));
        Assert.Contains(org.Org.PluginTraces, t => t.Text.Contains("no time zone setting", StringComparison.Ordinal));
    }
}
