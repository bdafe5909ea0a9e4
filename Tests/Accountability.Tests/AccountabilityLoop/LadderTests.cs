using System;
using System.Linq;
using Microsoft.Xrm.Sdk;
using Xunit;
using static CrmAccountability.Accountability.Tests.Choices;

namespace CrmAccountability.Accountability.Tests.AccountabilityLoop;

/// <summary>
/// The ladder (DESIGN §5.4) as cra_EvaluateAccountability climbs it: a private nudge to the rep first, a coaching task
/// for the manager when the rep is still behind on a later working day, a slump check-in after two Missed periods —
/// each sent once however often Evaluate runs. Reps work in London (UTC in November), Monday to Friday, 09:00–17:00.
/// </summary>
public sealed class LadderTests
{
    private const string Guidance = "Call-block 9–10:30 with the sequence from the discovery playbook.";
    private static readonly DateTime Wednesday1500 = new(2026, 11, 25, 15, 0, 0, DateTimeKind.Utc);

    [Fact]
    public void Needs_attention_sends_the_rep_one_private_nudge_with_the_numbers_the_smallest_step_and_the_guidance()
    {
        // Arrange: 120 of 300 prospecting minutes by Wednesday 15:00, 55% of the week's working time gone: on pace is 165.
        var org = new SalesOrg(now: Wednesday1500);
        var expectation = org.Expect(ActivityMinutes, Week, 300m, name: "Prospecting time", configure: e =>
        {
            e["cra_purposes"] = new OptionSetValueCollection { new(Prospecting) };
            e["cra_guidance"] = Guidance;
        });
        org.Call(org.Rep, new DateTime(2026, 11, 23, 10, 0, 0, DateTimeKind.Utc), minutes: 60, purpose: Prospecting);
        org.Call(org.Rep, new DateTime(2026, 11, 24, 10, 0, 0, DateTimeKind.Utc), minutes: 60, purpose: Prospecting);

        // Act
        var first = org.Evaluate();
        var second = org.Evaluate();

        // Assert: by 17:00 on pace is 180, and 90% of it is 162: 42 more minutes, rounded up to a 45-minute block.
        Assert.Equal(NeedsAttention, org.Status(expectation, org.Rep, new DateTime(2026, 11, 23)));
        var nudge = Assert.Single(org.Notifications());
        Assert.Equal(org.Rep, nudge.GetAttributeValue<EntityReference>("ownerid").Id);
        Assert.Equal("A step to get back on pace: Prospecting time", nudge.GetAttributeValue<string>("title"));
        Assert.Equal("120 of 300 prospecting minutes so far this week; a 45-minute block by the end of today gets you back on pace. Your plan: " + Guidance, nudge.GetAttributeValue<string>("body"));
        Assert.Empty(org.Tasks());
        Assert.Equal(1, first.Nudges);
        Assert.Equal(0, second.Nudges);
        Assert.NotNull(org.Attainment(expectation, org.Rep, new DateTime(2026, 11, 23))!.GetAttributeValue<DateTime?>("cra_nudgedon"));
    }

    [Fact]
    public void A_daily_nudge_names_a_deadline_within_two_hours()
    {
        // Arrange: 35 of 90 prospecting minutes at 13:30 on Monday, 56% of the day gone (on pace: 50.6).
        var org = new SalesOrg(now: new DateTime(2026, 11, 23, 13, 30, 0, DateTimeKind.Utc));
        org.Expect(ActivityMinutes, Day, 90m, name: "Prospecting block", configure: e => e["cra_purposes"] = new OptionSetValueCollection { new(Prospecting) });
        org.Call(org.Rep, new DateTime(2026, 11, 23, 9, 30, 0, DateTimeKind.Utc), minutes: 35, purpose: Prospecting);

        // Act
        org.Evaluate();

        // Assert: by 16:00 on pace is 78.75, 90% of it 70.9: 36 more minutes, a 40-minute block.
        var nudge = Assert.Single(org.Notifications(org.Rep));
        Assert.Equal("35 of 90 prospecting minutes so far today; a 40-minute block before 16:00 gets you back on pace.", nudge.GetAttributeValue<string>("body"));
    }

    [Fact]
    public void Off_pace_the_rep_hears_first_and_the_manager_is_asked_to_coach_only_on_a_later_working_day_still_behind()
    {
        // Arrange: 2 of 20 activities by Tuesday 15:00 (on pace: 7).
        var org = new SalesOrg(now: new DateTime(2026, 11, 24, 15, 0, 0, DateTimeKind.Utc));
        var expectation = org.Expect(ActivityCount, Week, 20m, name: "Weekly activity", configure: e => e["cra_guidance"] = Guidance);
        org.Call(org.Rep, new DateTime(2026, 11, 23, 10, 0, 0, DateTimeKind.Utc));
        org.Call(org.Rep, new DateTime(2026, 11, 24, 10, 0, 0, DateTimeKind.Utc));

        // Act: Tuesday afternoon twice, Wednesday morning, Thursday morning.
        var tuesday = org.Evaluate();
        org.At(new DateTime(2026, 11, 24, 16, 30, 0, DateTimeKind.Utc));
        var tuesdayLater = org.Evaluate();
        org.At(new DateTime(2026, 11, 25, 10, 0, 0, DateTimeKind.Utc));
        var wednesday = org.Evaluate();
        org.At(new DateTime(2026, 11, 26, 10, 0, 0, DateTimeKind.Utc));
        var thursday = org.Evaluate();

        // Assert
        Assert.Equal((1, 0), (tuesday.Nudges, tuesday.CoachingTasks));
        Assert.Equal((0, 0), (tuesdayLater.Nudges, tuesdayLater.CoachingTasks));
        Assert.Equal((0, 1), (wednesday.Nudges, wednesday.CoachingTasks));
        Assert.Equal((0, 0), (thursday.Nudges, thursday.CoachingTasks));
        var task = Assert.Single(org.Tasks());
        var attainment = org.Attainment(expectation, org.Rep, new DateTime(2026, 11, 23))!;
        Assert.Equal(org.Manager, task.GetAttributeValue<EntityReference>("ownerid").Id);
        Assert.Equal(new EntityReference("cra_attainment", attainment.Id), task.GetAttributeValue<EntityReference>("regardingobjectid"));
        Assert.Equal("Coaching conversation with Ana Rep: Weekly activity (2026-W48)", task.GetAttributeValue<string>("subject"));
        Assert.Equal(
            "Ana Rep is at 2 activities of 20 activities for 2026-W48, with 43% of the week's working time gone; on pace would be 8.5 activities by now. "
            + "The agreed tactic: " + Guidance + " A question to open with: \"What is getting in the way of that plan, and what would help you this week?\" This is a prompt for a conversation, not a verdict.",
            task.GetAttributeValue<string>("description"));
        Assert.Single(org.Notifications(org.Rep));
        Assert.Empty(org.Notifications(org.Manager));
    }

    [Fact]
    public void With_nudge_the_rep_first_off_the_nudge_and_the_coaching_task_come_together()
    {
        // Arrange
        var org = new SalesOrg(now: new DateTime(2026, 11, 24, 15, 0, 0, DateTimeKind.Utc));
        org.SetVariable("cra_NudgeRepFirst", "false");
        org.Expect(ActivityCount, Week, 20m);
        org.Call(org.Rep, new DateTime(2026, 11, 23, 10, 0, 0, DateTimeKind.Utc));

        // Act
        var result = org.Evaluate();

        // Assert
        Assert.Equal((1, 1), (result.Nudges, result.CoachingTasks));
        Assert.Single(org.Notifications(org.Rep));
        Assert.Single(org.Tasks(org.Manager));
    }

    [Fact]
    public void Needs_attention_before_half_the_period_is_gone_prompts_no_coaching()
    {
        // Arrange: 5 of 20 by Tuesday 15:00 (on pace 7: 71%, Needs attention, 35% of the week gone), still so on Wednesday 10:00.
        var org = new SalesOrg(now: new DateTime(2026, 11, 24, 15, 0, 0, DateTimeKind.Utc));
        org.Expect(ActivityCount, Week, 20m);
        for (var i = 0; i < 5; i++)
        {
            org.Call(org.Rep, new DateTime(2026, 11, 23, 10, i, 0, DateTimeKind.Utc));
        }

        // Act
        org.Evaluate();
        org.At(new DateTime(2026, 11, 24, 16, 0, 0, DateTimeKind.Utc));
        org.Call(org.Rep, new DateTime(2026, 11, 24, 15, 30, 0, DateTimeKind.Utc));
        org.At(new DateTime(2026, 11, 25, 10, 0, 0, DateTimeKind.Utc));
        var wednesday = org.Evaluate();

        // Assert: 6 of 8.5 on Wednesday morning is Needs attention with 42.5% gone: no task yet.
        Assert.Equal(0, wednesday.CoachingTasks);
        Assert.Empty(org.Tasks());
        Assert.Single(org.Notifications(org.Rep));
    }

    [Fact]
    public void A_daily_expectation_asks_the_manager_to_coach_when_the_rep_is_behind_again_on_the_next_working_day()
    {
        // Arrange: 5 calls a day; nothing by 13:00 on Friday, nothing by 13:00 on Monday.
        var org = new SalesOrg(now: new DateTime(2026, 11, 20, 13, 0, 0, DateTimeKind.Utc));
        org.Expect(ActivityCount, Day, 5m, name: "Daily calls");

        // Act
        var friday = org.Evaluate();
        org.At(new DateTime(2026, 11, 21, 13, 0, 0, DateTimeKind.Utc));
        var saturday = org.Evaluate();
        org.At(new DateTime(2026, 11, 23, 13, 0, 0, DateTimeKind.Utc));
        var monday = org.Evaluate();

        // Assert: the weekend has no working time, so Monday's period is "the next working day's".
        Assert.Equal((1, 0), (friday.Nudges, friday.CoachingTasks));
        Assert.Equal((0, 0), (saturday.Nudges, saturday.CoachingTasks));
        Assert.Equal((1, 1), (monday.Nudges, monday.CoachingTasks));
        Assert.Equal("Coaching conversation with Ana Rep: Daily calls (2026-11-23)", Assert.Single(org.Tasks(org.Manager)).GetAttributeValue<string>("subject"));
    }

    [Fact]
    public void A_daily_expectation_prompts_no_coaching_when_the_rep_caught_up_the_next_day()
    {
        // Arrange
        var org = new SalesOrg(now: new DateTime(2026, 11, 23, 13, 0, 0, DateTimeKind.Utc));
        org.Expect(ActivityCount, Day, 2m);
        org.Evaluate();

        // Act: on Tuesday the rep is on pace by 13:00.
        org.At(new DateTime(2026, 11, 24, 13, 0, 0, DateTimeKind.Utc));
        org.Call(org.Rep, new DateTime(2026, 11, 24, 11, 0, 0, DateTimeKind.Utc));
        var tuesday = org.Evaluate();

        // Assert
        Assert.Equal((0, 0), (tuesday.Nudges, tuesday.CoachingTasks));
        Assert.Empty(org.Tasks());
    }

    [Fact]
    public void A_manager_with_an_open_coaching_task_for_the_rep_gets_no_second_one_until_it_is_completed()
    {
        // Arrange: a daily expectation, behind every day from Monday; nudge-the-rep-first off so each day would prompt.
        var org = new SalesOrg(now: new DateTime(2026, 11, 23, 13, 0, 0, DateTimeKind.Utc));
        org.SetVariable("cra_NudgeRepFirst", "false");
        org.Expect(ActivityCount, Day, 5m);
        org.Evaluate();

        // Act
        org.At(new DateTime(2026, 11, 24, 13, 0, 0, DateTimeKind.Utc));
        org.Evaluate();
        var whileOpen = org.Tasks(org.Manager, "Coaching conversation").Count;
        var task = org.Tasks(org.Manager, "Coaching conversation").Single();
        org.As(org.Manager).Update(new Entity("task", task.Id) { ["statecode"] = new OptionSetValue(1) });
        org.At(new DateTime(2026, 11, 25, 13, 0, 0, DateTimeKind.Utc));
        org.Evaluate();

        // Assert: Tuesday prompted nothing new; Wednesday, with the first task done, prompts the second.
        Assert.Equal(1, whileOpen);
        Assert.Equal(["Coaching conversation with Ana Rep: Expectation (2026-11-23)", "Coaching conversation with Ana Rep: Expectation (2026-11-25)"], org.Tasks(org.Manager, "Coaching conversation").Select(t => t.GetAttributeValue<string>("subject")));
    }

    [Fact]
    public void Two_missed_weeks_in_a_row_prompt_one_slump_check_in_with_the_trend()
    {
        // Arrange: 10 activities a week from Monday 9 November; 2 done in W46, 1 in W47, 0 in W48.
        var org = new SalesOrg(now: new DateTime(2026, 11, 9, 8, 0, 0, DateTimeKind.Utc));
        org.Expect(ActivityCount, Week, 10m, name: "Weekly activity");
        org.Call(org.Rep, new DateTime(2026, 11, 9, 10, 0, 0, DateTimeKind.Utc));
        org.Call(org.Rep, new DateTime(2026, 11, 10, 10, 0, 0, DateTimeKind.Utc));

        // Act: evaluate each Monday morning.
        org.At(new DateTime(2026, 11, 16, 8, 0, 0, DateTimeKind.Utc));
        org.Evaluate();
        org.Call(org.Rep, new DateTime(2026, 11, 16, 7, 30, 0, DateTimeKind.Utc));
        var afterOneMiss = org.Tasks(org.Manager, "Slump check-in").Count;
        org.At(new DateTime(2026, 11, 23, 8, 0, 0, DateTimeKind.Utc));
        org.Evaluate();
        org.Evaluate();
        var afterTwo = org.Tasks(org.Manager, "Slump check-in").ToList();
        org.At(new DateTime(2026, 11, 30, 8, 0, 0, DateTimeKind.Utc));
        org.Evaluate();
        var afterThreeWhileOpen = org.Tasks(org.Manager, "Slump check-in").Count;

        // Assert
        Assert.Equal(0, afterOneMiss);
        var checkIn = Assert.Single(afterTwo);
        Assert.Equal("Slump check-in with Ana Rep: Weekly activity", checkIn.GetAttributeValue<string>("subject"));
        Assert.Equal(
            "Ana Rep has ended 2 weeks in a row below target (2026-W47: 1 activity of 10 activities; 2026-W46: 2 activities of 10 activities). "
            + "Ask what has changed and what support would help, and agree one small next step together.",
            checkIn.GetAttributeValue<string>("description"));
        Assert.Equal(1, afterThreeWhileOpen);
    }

    [Fact]
    public void Nothing_is_sent_for_a_rep_who_is_on_track_or_not_started()
    {
        // Arrange: Monday 09:30, nothing logged yet (6% gone: Not started); a second rep on track.
        var org = new SalesOrg(now: new DateTime(2026, 11, 23, 9, 30, 0, DateTimeKind.Utc));
        var other = org.User("Ben Rep", manager: org.Manager);
        org.Expect(ActivityCount, Week, 10m);
        org.Expect(ActivityCount, Week, 10m, rep: other);
        org.Call(other, new DateTime(2026, 11, 23, 9, 15, 0, DateTimeKind.Utc));

        // Act
        var result = org.Evaluate();

        // Assert
        Assert.Equal((0, 0), (result.Nudges, result.CoachingTasks));
        Assert.Empty(org.Notifications());
    }
}
