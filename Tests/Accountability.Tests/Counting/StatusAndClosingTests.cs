using System;
using System.Linq;
using Microsoft.Xrm.Sdk;
using Microsoft.Xrm.Sdk.Query;
using Xunit;
using static CrmAccountability.Accountability.Tests.Choices;

namespace CrmAccountability.Accountability.Tests.Counting;

/// <summary>DESIGN §4 "Pace": expected-to-date in working time, status while open, final status and streaks when closed.</summary>
public sealed class StatusAndClosingTests
{
    // Monday 23 November 2026, 13:00 in London: half of the 09:00–17:00 working day has passed.
    private static readonly DateTime MondayOnePm = new(2026, 11, 23, 13, 0, 0, DateTimeKind.Utc);

    [Theory]
    [InlineData(0, 0, NotStarted)]
    [InlineData(35, 4, NeedsAttention)]
    [InlineData(41, 4, OnTrack)]
    [InlineData(26, 4, OffPace)]
    [InlineData(90, 4, Met)]
    [InlineData(108, 4, Exceeded)]
    public void Status_follows_actual_against_expected_to_date_in_working_time(int minutes, int hoursIn, int status)
    {
        var org = new SalesOrg(now: MondayOnePm.AddHours(hoursIn - 4));
        var expectation = org.Expect(ActivityMinutes, Day, 90m);

        if (minutes > 0)
        {
            org.Call(org.Rep, org.Now.AddMinutes(-5), minutes: minutes);
        }

        var attainment = org.Attainment(expectation, org.Rep, SalesOrg.Monday.Date)!;
        Assert.Equal(status, attainment.GetAttributeValue<OptionSetValue>("cra_status").Value);
    }

    [Fact]
    public void Expected_to_date_pace_and_percent_are_figures_a_manager_can_read()
    {
        var org = new SalesOrg(now: MondayOnePm);
        var expectation = org.Expect(ActivityMinutes, Day, 90m);

        org.Call(org.Rep, MondayOnePm.AddMinutes(-5), minutes: 35);

        var attainment = org.Attainment(expectation, org.Rep, SalesOrg.Monday.Date)!;
        Assert.Equal(45m, attainment.GetAttributeValue<decimal>("cra_expectedtodate"));
        Assert.Equal(0.7778m, attainment.GetAttributeValue<decimal>("cra_pace"));
        Assert.Equal(38.89m, attainment.GetAttributeValue<decimal>("cra_percent"));
        Assert.Equal(108m, attainment.GetAttributeValue<decimal>("cra_stretchtarget"));
        Assert.Equal(MondayOnePm, attainment.GetAttributeValue<DateTime>("cra_recalculatedon"));
    }

    [Fact]
    public void Reaching_the_target_is_recognised_at_once_and_beating_the_stretch_too()
    {
        var org = new SalesOrg(now: MondayOnePm);
        var expectation = org.Expect(ActivityMinutes, Day, 90m);

        org.Call(org.Rep, MondayOnePm.AddHours(-2), minutes: 60);
        org.Call(org.Rep, MondayOnePm.AddHours(-1), minutes: 40);
        org.Call(org.Rep, MondayOnePm.AddMinutes(-10), minutes: 10);

        var kinds = org.Recognitions(org.Rep).Select(r => r.GetAttributeValue<OptionSetValue>("cra_kind").Value).Order().ToList();
        Assert.Equal([RecognitionMet, RecognitionExceeded], kinds);
        Assert.All(org.Recognitions(org.Rep), r => Assert.Equal(org.Rep, r.GetAttributeValue<EntityReference>("ownerid").Id));
        Assert.Equal(expectation, org.Attainments(expectation).Single().GetAttributeValue<EntityReference>("cra_expectationid").Id);
    }

    [Fact]
    public void A_recognition_once_given_is_not_withdrawn_when_a_correction_takes_the_credit_away()
    {
        var org = new SalesOrg(now: MondayOnePm);
        var expectation = org.Expect(ActivityCount, Day, 1m);
        var call = org.Call(org.Rep, MondayOnePm.AddHours(-1));

        org.System.Delete("phonecall", call);

        Assert.Equal(OffPace, org.Status(expectation, org.Rep, SalesOrg.Monday.Date));
        Assert.Single(org.Recognitions(org.Rep));
    }

    [Fact]
    public void A_correction_landing_in_an_ended_period_closes_it_with_its_final_status_and_streak()
    {
        // Arrange: a daily expectation from Monday; it is Wednesday morning and nothing has closed Monday or Tuesday yet.
        var org = new SalesOrg(now: new DateTime(2026, 11, 25, 10, 0, 0, DateTimeKind.Utc));
        var expectation = org.Expect(ActivityCount, Day, 1m, configure: e => e["cra_startson"] = new DateTime(2026, 11, 23));

        // Act: calls backdated into Monday and Tuesday.
        org.Call(org.Rep, new DateTime(2026, 11, 23, 11, 0, 0, DateTimeKind.Utc));
        org.Call(org.Rep, new DateTime(2026, 11, 24, 11, 0, 0, DateTimeKind.Utc));

        // Assert
        var monday = org.Attainment(expectation, org.Rep, new DateTime(2026, 11, 23))!;
        var tuesday = org.Attainment(expectation, org.Rep, new DateTime(2026, 11, 24))!;
        Assert.True(monday.GetAttributeValue<bool>("cra_isclosed"));
        Assert.Equal(Met, monday.GetAttributeValue<OptionSetValue>("cra_status").Value);
        Assert.Equal(1, monday.GetAttributeValue<int>("cra_streak"));
        Assert.Equal(2, tuesday.GetAttributeValue<int>("cra_streak"));
    }

    [Fact]
    public void A_late_correction_that_breaks_a_met_day_carries_the_broken_streak_to_the_days_after_it()
    {
        var org = new SalesOrg(now: new DateTime(2026, 11, 26, 10, 0, 0, DateTimeKind.Utc));
        var expectation = org.Expect(ActivityCount, Day, 1m, configure: e => e["cra_startson"] = new DateTime(2026, 11, 23));
        var monday = org.Call(org.Rep, new DateTime(2026, 11, 23, 11, 0, 0, DateTimeKind.Utc));
        org.Call(org.Rep, new DateTime(2026, 11, 24, 11, 0, 0, DateTimeKind.Utc));
        org.Call(org.Rep, new DateTime(2026, 11, 25, 11, 0, 0, DateTimeKind.Utc));

        org.System.Delete("phonecall", monday);

        Assert.Equal(Missed, org.Status(expectation, org.Rep, new DateTime(2026, 11, 23)));
        Assert.Equal([0, 1, 2], new[] { 23, 24, 25 }.Select(d => org.Attainment(expectation, org.Rep, new DateTime(2026, 11, d))!.GetAttributeValue<int>("cra_streak")));
    }

    [Fact]
    public void A_closed_period_keeps_the_target_it_closed_with_when_the_expectation_changes()
    {
        var org = new SalesOrg(now: new DateTime(2026, 11, 24, 10, 0, 0, DateTimeKind.Utc));
        var expectation = org.Expect(ActivityCount, Day, 1m, configure: e => e["cra_startson"] = new DateTime(2026, 11, 23));
        org.Call(org.Rep, new DateTime(2026, 11, 23, 11, 0, 0, DateTimeKind.Utc));

        org.As(org.Manager).Update(new Entity("cra_expectation", expectation) { ["cra_target"] = 5m });
        org.Call(org.Rep, new DateTime(2026, 11, 23, 12, 0, 0, DateTimeKind.Utc));

        var monday = org.Attainment(expectation, org.Rep, new DateTime(2026, 11, 23))!;
        Assert.Equal(1m, monday.GetAttributeValue<decimal>("cra_target"));
        Assert.Equal(2m, monday.GetAttributeValue<decimal>("cra_actual"));
        Assert.Equal(5m, org.Attainment(expectation, org.Rep, new DateTime(2026, 11, 24))!.GetAttributeValue<decimal>("cra_target"));
    }

    [Fact]
    public void Computed_columns_cannot_be_typed_in_but_the_engine_writes_them()
    {
        var org = new SalesOrg();
        var expectation = org.Expect(ActivityCount, Day, 5m);
        var attainment = org.Attainments(expectation).Single();

        var fault = Assert.Throws<System.ServiceModel.FaultException<OrganizationServiceFault>>(() => org.System.Update(new Entity("cra_attainment", attainment.Id) { ["cra_actual"] = 99m }));
        org.Call(org.Rep, SalesOrg.Monday.AddHours(-1));

        Assert.Contains("can't be edited", fault.Detail.Message, StringComparison.Ordinal);
        Assert.Equal(1m, org.Actual(expectation, org.Rep, SalesOrg.Monday.Date));
    }
}
