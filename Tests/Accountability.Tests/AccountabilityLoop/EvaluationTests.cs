using System;
using System.Collections.Generic;
using System.Linq;
using Microsoft.Xrm.Sdk;
using Xunit;
using static CrmAccountability.Accountability.Tests.Choices;

namespace CrmAccountability.Accountability.Tests.AccountabilityLoop;

/// <summary>
/// cra_EvaluateAccountability (DESIGN §5.3) beyond the ladder: current periods for everyone covered, joiners and
/// leavers, closing ended periods, idempotence, continuation tokens, cost, and the Coverage note that tells a manager
/// what an expectation covers and what keeps it from working as set.
/// </summary>
public sealed class EvaluationTests
{
    private static readonly DateTime Monday30 = new(2026, 11, 30, 10, 0, 0, DateTimeKind.Utc);

    [Fact]
    public void A_team_expectation_gives_each_member_their_own_current_period_and_a_joiner_starts_from_the_week_they_join()
    {
        // Arrange: Ana and Ben in Sales East from Monday 23 November.
        var org = new SalesOrg();
        var ben = org.User("Ben Rep", manager: org.Manager);
        var team = org.Org.CreateTeam("Sales East", null, org.Rep, ben);
        var expectation = org.Expect(ActivityCount, Week, 10m, team: team);
        var cara = org.User("Cara Newhire", manager: org.Manager);

        // Act: a week later, Cara joins on Wednesday.
        org.At(Monday30);
        org.Evaluate();
        org.At(Monday30.AddDays(2));
        org.System.Execute(new OrganizationRequest("AddMembersTeam") { ["TeamId"] = team, ["MemberIds"] = new[] { cara } });
        org.Evaluate();

        // Assert
        string[] Labels(Guid rep) => org.Attainments(expectation, rep).Select(a => a.GetAttributeValue<string>("cra_periodlabel")).ToArray();
        Assert.Equal(["2026-W48", "2026-W49"], Labels(org.Rep));
        Assert.Equal(["2026-W48", "2026-W49"], Labels(ben));
        Assert.Equal(["2026-W49"], Labels(cara));
        Assert.True(org.Attainment(expectation, ben, new DateTime(2026, 11, 23))!.GetAttributeValue<bool>("cra_isclosed"));
        Assert.All(org.Attainments(expectation), a => Assert.Equal(a.GetAttributeValue<EntityReference>("cra_repid").Id, a.GetAttributeValue<EntityReference>("ownerid").Id));
    }

    [Fact]
    public void A_leaver_stops_their_open_attainment_without_a_verdict_and_keeps_their_history()
    {
        // Arrange: Ben is in the team for W48, completes a call, and leaves on Tuesday of W49.
        var org = new SalesOrg();
        var ben = org.User("Ben Rep", manager: org.Manager);
        var team = org.Org.CreateTeam("Sales East", null, org.Rep, ben);
        var expectation = org.Expect(ActivityCount, Week, 1m, team: team);
        org.Call(ben, SalesOrg.Monday.AddMinutes(-30));
        org.At(Monday30.AddDays(1));
        org.Evaluate();
        var sentToBen = org.Notifications(ben).Count;

        // Act
        org.System.Execute(new OrganizationRequest("RemoveMembersTeam") { ["TeamId"] = team, ["MemberIds"] = new[] { ben } });
        org.Evaluate();
        org.At(Monday30.AddDays(3));
        org.Evaluate();

        // Assert: W48 stays Met and closed; W49 is closed and inactive, with no Missed verdict; nothing more is sent to or about Ben.
        var history = org.Attainment(expectation, ben, new DateTime(2026, 11, 23))!;
        var stopped = org.Attainment(expectation, ben, new DateTime(2026, 11, 30))!;
        Assert.Equal((Met, 0), (history.GetAttributeValue<OptionSetValue>("cra_status").Value, history.GetAttributeValue<OptionSetValue>("statecode").Value));
        Assert.True(stopped.GetAttributeValue<bool>("cra_isclosed"));
        Assert.Equal(1, stopped.GetAttributeValue<OptionSetValue>("statecode").Value);
        Assert.NotEqual(Missed, stopped.GetAttributeValue<OptionSetValue>("cra_status").Value);
        Assert.Equal(sentToBen, org.Notifications(ben).Count);
        Assert.Empty(org.Tasks(subjectPrefix: "Coaching conversation with Ben"));
        Assert.Equal(["2026-W49"], org.Attainments(expectation, org.Rep).Where(a => a.GetAttributeValue<OptionSetValue>("statecode").Value == 0 && !a.GetAttributeValue<bool>("cra_isclosed")).Select(a => a.GetAttributeValue<string>("cra_periodlabel")));
    }

    [Fact]
    public void A_disabled_team_member_is_left_out_and_the_coverage_note_names_them()
    {
        // Arrange
        var org = new SalesOrg();
        var dan = org.User("Dan Gone", manager: org.Manager);
        var team = org.Org.CreateTeam("Sales East", null, org.Rep, dan);
        var expectation = org.Expect(ActivityCount, Week, 10m, team: team);

        // Act
        org.Org.DisableUser(dan);
        org.At(SalesOrg.Monday.AddDays(1));
        org.Evaluate();

        // Assert
        Assert.Equal(1, org.Attainments(expectation, dan).Single().GetAttributeValue<OptionSetValue>("statecode").Value);
        Assert.Equal(
            "Covers the 1 active member of Sales East, each with their own attainment; anyone who joins starts from the period they join. Leaves out Dan Gone (disabled user).",
            Coverage(org, expectation));
    }

    [Fact]
    public void An_expectation_for_an_empty_team_is_saved_covers_nobody_says_so_and_starts_when_someone_joins()
    {
        // Arrange
        var org = new SalesOrg();
        var team = org.Org.CreateTeam("Sales West");

        // Act
        var expectation = org.Expect(ActivityCount, Week, 10m, team: team);
        var noteWhenEmpty = Coverage(org, expectation);
        org.System.Execute(new OrganizationRequest("AddMembersTeam") { ["TeamId"] = team, ["MemberIds"] = new[] { org.Rep } });
        org.Evaluate();

        // Assert
        Assert.Equal("Covers nobody yet: Sales West has no active members. Anyone added to the team gets their own attainment from the period they join.", noteWhenEmpty);
        Assert.Equal("2026-W48", org.Attainments(expectation, org.Rep).Single().GetAttributeValue<string>("cra_periodlabel"));
        Assert.StartsWith("Covers the 1 active member of Sales West", Coverage(org, expectation), StringComparison.Ordinal);
    }

    [Fact]
    public void A_manager_with_no_manager_who_sets_their_own_expectation_is_nudged_and_told_nobody_will_be_asked_to_coach()
    {
        // Arrange: Mia has no manager and sets herself one pipeline review a week; by Wednesday she has held none.
        var org = new SalesOrg();
        var expectation = org.Expect(ReviewsHeld, Week, 1m, rep: org.Manager, name: "Weekly pipeline review");

        // Act
        org.At(new DateTime(2026, 11, 25, 12, 0, 0, DateTimeKind.Utc));
        var result = org.Evaluate();

        // Assert
        Assert.Equal((1, 0), (result.Nudges, result.CoachingTasks));
        Assert.Single(org.Notifications(org.Manager));
        Assert.Empty(org.Tasks());
        Assert.Equal(
            "Covers Mia Manager. No manager for Mia Manager: neither this expectation nor their user record names one, so coaching prompts would reach nobody. Set Manager on this expectation to choose who coaches.",
            Coverage(org, expectation));
    }

    [Fact]
    public void An_expectation_set_for_a_manager_by_their_director_makes_the_director_the_coach()
    {
        // Arrange: Mia has no manager in Dataverse; Dee, a director, sets Mia's review expectation.
        var org = new SalesOrg();
        var director = org.User("Dee Director");

        // Act
        var expectation = org.As(director).Create(new Entity("cra_expectation")
        {
            ["cra_name"] = "Weekly pipeline review",
            ["cra_metric"] = new OptionSetValue(ReviewsHeld),
            ["cra_period"] = new OptionSetValue(Week),
            ["cra_target"] = 1m,
            ["cra_repid"] = new EntityReference("systemuser", org.Manager),
        });

        // Assert
        var saved = org.System.Retrieve("cra_expectation", expectation, new Microsoft.Xrm.Sdk.Query.ColumnSet("cra_managerid", "ownerid"));
        Assert.Equal(director, saved.GetAttributeValue<EntityReference>("cra_managerid").Id);
        Assert.Equal(org.Manager, saved.GetAttributeValue<EntityReference>("ownerid").Id);
        Assert.Equal("Covers Mia Manager.", Coverage(org, expectation));
    }

    [Fact]
    public void An_expectation_set_after_its_only_period_ended_counts_and_closes_that_period_sends_nothing_and_says_so()
    {
        // Arrange: three calls in the first week of November; the manager sets a guardrail for that week on 23 November.
        var org = new SalesOrg();
        foreach (var day in new[] { 2, 3, 4 })
        {
            org.Call(org.Rep, new DateTime(2026, 11, day, 11, 0, 0, DateTimeKind.Utc));
        }

        // Act
        var expectation = org.Expect(ActivityCount, Custom, 5m, configure: e =>
        {
            e["cra_customstart"] = new DateTime(2026, 11, 2);
            e["cra_customend"] = new DateTime(2026, 11, 6);
        });
        var result = org.Evaluate();

        // Assert
        var only = org.Attainments(expectation).Single();
        Assert.Equal(("2026-11-02..2026-11-06", 3m, Missed, true), (only.GetAttributeValue<string>("cra_periodlabel"), only.GetAttributeValue<decimal>("cra_actual"), only.GetAttributeValue<OptionSetValue>("cra_status").Value, only.GetAttributeValue<bool>("cra_isclosed")));
        Assert.Equal(0, result.Nudges + result.CoachingTasks);
        Assert.Empty(org.Notifications());
        Assert.Equal("Covers Ana Rep. It was set after its last period (2026-11-02..2026-11-06) had ended: that period is counted and closed as it stood, without nudges or coaching.", Coverage(org, expectation));
    }

    [Fact]
    public void Ended_periods_close_with_their_final_status_and_streak_and_the_next_period_is_created()
    {
        // Arrange: 2 calls a week, met in W47 and W48.
        var org = new SalesOrg(now: new DateTime(2026, 11, 16, 8, 0, 0, DateTimeKind.Utc));
        var expectation = org.Expect(ActivityCount, Week, 2m);
        org.Call(org.Rep, new DateTime(2026, 11, 16, 7, 0, 0, DateTimeKind.Utc));
        org.Call(org.Rep, new DateTime(2026, 11, 16, 7, 30, 0, DateTimeKind.Utc));
        org.At(new DateTime(2026, 11, 23, 8, 0, 0, DateTimeKind.Utc));
        org.Evaluate();
        org.Call(org.Rep, new DateTime(2026, 11, 23, 7, 0, 0, DateTimeKind.Utc));
        org.Call(org.Rep, new DateTime(2026, 11, 23, 7, 30, 0, DateTimeKind.Utc));

        // Act
        org.At(Monday30);
        var result = org.Evaluate();

        // Assert
        var rows = org.Attainments(expectation);
        Assert.Equal(
            [("2026-W47", Met, true, 1), ("2026-W48", Met, true, 2), ("2026-W49", NotStarted, false, 0)],
            rows.Select(a => (a.GetAttributeValue<string>("cra_periodlabel"), a.GetAttributeValue<OptionSetValue>("cra_status").Value, a.GetAttributeValue<bool>("cra_isclosed"), a.GetAttributeValue<int?>("cra_streak") ?? 0)));
        Assert.Equal(1, result.Closed);
    }

    [Fact]
    public void Evaluating_again_and_again_creates_and_changes_nothing_more()
    {
        // Arrange: a team of two behind on a weekly and a daily expectation, evaluated once.
        var org = new SalesOrg(now: new DateTime(2026, 11, 25, 15, 0, 0, DateTimeKind.Utc));
        var ben = org.User("Ben Rep", manager: org.Manager);
        var team = org.Org.CreateTeam("Sales East", null, org.Rep, ben);
        org.Expect(ActivityCount, Week, 20m, team: team);
        org.Expect(ActivityMinutes, Day, 60m, team: team);
        org.Opportunity(ben, 5_000m);
        org.Evaluate();
        var before = Created(org);

        // Act: every five minutes for an hour (expected-to-date moves on; nothing new may appear).
        for (var i = 0; i < 12; i++)
        {
            org.At(org.Now.AddMinutes(5));
            org.Evaluate();
        }

        // Assert
        Assert.Equal(before, Created(org));
    }

    [Fact]
    public void With_a_budget_of_one_item_each_call_does_one_piece_and_the_tokens_reach_the_same_result_as_one_call()
    {
        // Arrange: two identical organisations, one with a batch size of 1.
        SalesOrg Build()
        {
            var org = new SalesOrg(now: new DateTime(2026, 11, 24, 15, 0, 0, DateTimeKind.Utc), options: new Emulator.EmulatorOptions { IdSeed = 11 });
            var ben = org.User("Ben Rep", manager: org.Manager);
            var team = org.Org.CreateTeam("Sales East", null, org.Rep, ben);
            org.Expect(ActivityCount, Week, 20m, team: team);
            org.Expect(ActivityMinutes, Day, 60m, team: team);
            org.Call(ben, new DateTime(2026, 11, 24, 10, 0, 0, DateTimeKind.Utc));
            org.At(new DateTime(2026, 11, 25, 12, 0, 0, DateTimeKind.Utc));
            return org;
        }

        var whole = Build();
        var chunked = Build();
        chunked.SetVariable("cra_WorkBatchSize", "1");

        // Act
        var once = whole.Evaluate();
        var inPieces = chunked.Evaluate();

        // Assert
        Assert.Equal(1, once.Calls);
        Assert.Equal(once.Evaluated, inPieces.Calls);
        Assert.Equal(once.Evaluated, inPieces.Evaluated);
        Assert.Equal(Snapshot(whole), Snapshot(chunked));
    }

    [Fact]
    public void A_continuation_token_from_elsewhere_is_refused_with_a_message_an_admin_can_act_on()
    {
        var org = new SalesOrg();

        var fault = Assert.ThrowsAny<System.ServiceModel.FaultException<OrganizationServiceFault>>(
            () => org.System.Execute(new OrganizationRequest("cra_EvaluateAccountability") { ["ContinuationToken"] = "not-a-token" }));

        Assert.Contains("token", fault.Detail.Message, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("Exception", fault.Detail.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Evaluate_costs_the_same_service_calls_with_10_and_2000_calls_of_history()
    {
        var costs = new[] { 10, 2_000 }.Select(history =>
        {
            // Arrange
            var org = new SalesOrg(now: new DateTime(2026, 11, 25, 15, 0, 0, DateTimeKind.Utc));
            org.Expect(ActivityCount, Week, 20m);
            org.Expect(ActivityMinutes, Day, 60m);
            org.ImportHistory(org.Rep, history, before: new DateTime(2026, 11, 1, 0, 0, 0, DateTimeKind.Utc));
            org.Call(org.Rep, new DateTime(2026, 11, 25, 10, 0, 0, DateTimeKind.Utc));
            org.Evaluate();
            org.At(org.Now.AddHours(1));

            // Act
            org.Evaluate();
            var cost = org.Org.Metrics.LastRequest!;
            return (cost.ServiceCalls, cost.RowsReturned);
        }).ToList();

        // Assert
        Assert.Equal(costs[0], costs[1]);
    }

    [Fact]
    public void On_the_same_instant_the_Auckland_rep_is_in_a_new_week_while_the_Los_Angeles_rep_is_still_in_the_old_one()
    {
        // Arrange: set on Friday 27 November 12:00 UTC (Saturday 01:00 in Auckland, a day off: no daily row yet).
        // Sunday 29 November 20:00 UTC is Monday 09:00 in Auckland (UTC+13) and Sunday 12:00 in Los Angeles (UTC-8).
        var org = new SalesOrg(now: new DateTime(2026, 11, 27, 12, 0, 0, DateTimeKind.Utc));
        var auckland = org.User("Aroha Auckland", "New Zealand Standard Time", org.Manager);
        var losAngeles = org.User("Luis LosAngeles", "Pacific Standard Time", org.Manager);
        var team = org.Org.CreateTeam("Pacific", null, auckland, losAngeles);
        var weekly = org.Expect(ActivityCount, Week, 5m, team: team);
        var daily = org.Expect(ActivityCount, Day, 1m, team: team);

        // Act
        org.At(new DateTime(2026, 11, 29, 20, 0, 0, DateTimeKind.Utc));
        org.Evaluate();

        // Assert
        (string, bool)[] Rows(Guid expectation, Guid rep) => org.Attainments(expectation, rep).Select(a => (a.GetAttributeValue<string>("cra_periodlabel"), a.GetAttributeValue<bool>("cra_isclosed"))).ToArray();
        Assert.Equal([("2026-W48", true), ("2026-W49", false)], Rows(weekly, auckland));
        Assert.Equal([("2026-W48", false)], Rows(weekly, losAngeles));
        Assert.Equal([("2026-11-30", false)], Rows(daily, auckland));
        Assert.Equal([("2026-11-27", true)], Rows(daily, losAngeles));
    }

    private static string? Coverage(SalesOrg org, Guid expectation)
        => org.System.Retrieve("cra_expectation", expectation, new Microsoft.Xrm.Sdk.Query.ColumnSet("cra_coverage")).GetAttributeValue<string>("cra_coverage");

    /// <summary>Every row an evaluation can create, by what identifies it.</summary>
    private static List<string> Created(SalesOrg org)
    {
        var lines = new List<string>();
        lines.AddRange(org.Attainments().Select(a => "attainment|" + a.Id + "|" + a.GetAttributeValue<string>("cra_name")));
        lines.AddRange(org.Notifications().Select(n => "notification|" + n.Id));
        lines.AddRange(org.Tasks().Select(t => "task|" + t.Id));
        lines.AddRange(org.Recognitions().Select(r => "recognition|" + r.Id));
        var snapshots = org.System.RetrieveMultiple(new Microsoft.Xrm.Sdk.Query.QueryExpression("cra_pipelinesnapshot") { ColumnSet = new Microsoft.Xrm.Sdk.Query.ColumnSet(false) });
        lines.AddRange(snapshots.Entities.Select(s => "snapshot|" + s.Id));
        lines.Sort(StringComparer.Ordinal);
        return lines;
    }

    /// <summary>Everything an evaluation can create or change, as comparable text.</summary>
    private static List<string> Snapshot(SalesOrg org)
    {
        var lines = new List<string>();
        lines.AddRange(org.Attainments().Select(a => string.Join("|", a.GetAttributeValue<string>("cra_name"), a.GetAttributeValue<decimal?>("cra_actual"), a.GetAttributeValue<decimal?>("cra_expectedtodate"), a.GetAttributeValue<OptionSetValue>("cra_status")?.Value, a.GetAttributeValue<bool>("cra_isclosed"), a.GetAttributeValue<DateTime?>("cra_nudgedon"), a.GetAttributeValue<DateTime?>("cra_coachedon"))));
        lines.AddRange(org.Notifications().Select(n => "notification|" + n.GetAttributeValue<EntityReference>("ownerid").Id + "|" + n.GetAttributeValue<string>("body")));
        lines.AddRange(org.Tasks().Select(t => "task|" + t.GetAttributeValue<EntityReference>("ownerid").Id + "|" + t.GetAttributeValue<string>("subject")));
        lines.AddRange(org.Recognitions().Select(r => "recognition|" + r.GetAttributeValue<string>("cra_message")));
        var snapshots = org.System.RetrieveMultiple(new Microsoft.Xrm.Sdk.Query.QueryExpression("cra_pipelinesnapshot") { ColumnSet = new Microsoft.Xrm.Sdk.Query.ColumnSet("cra_weekstart", "cra_openvalue", "cra_opencount") });
        lines.AddRange(snapshots.Entities.Select(s => "snapshot|" + s.GetAttributeValue<DateTime>("cra_weekstart").ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture) + "|" + s.GetAttributeValue<Money>("cra_openvalue")?.Value + "|" + s.GetAttributeValue<int?>("cra_opencount")));
        lines.Sort(StringComparer.Ordinal);
        return lines;
    }
}
