using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using CrmAccountability.Accountability.Tests.Properties;
using CrmAccountability.Simulation.Engine;
using Microsoft.Xrm.Sdk;
using Microsoft.Xrm.Sdk.Query;
using Xunit;

namespace CrmAccountability.Accountability.Tests.Simulation;

/// <summary>
/// A quarter of the <see cref="SmallTeamQuarter"/> team played through the packed solution with the flow evaluating
/// hourly (and, once, daily), asserting which notifications, tasks and recognitions exist, for whom and on which of
/// their own days. The two runs are made once for the class and only read: the emulator behind them is never shared
/// with a test that writes.
/// </summary>
public sealed class QuarterSimulationTests : IClassFixture<QuarterSimulationTests.Quarter>
{
    private readonly Quarter _quarter;

    public QuarterSimulationTests(Quarter quarter)
    {
        _quarter = quarter;
    }

    [Fact]
    public void Steady_reps_are_never_nudged_or_coached_and_are_recognised_each_day_and_week_with_streaks_of_3_5_and_10()
    {
        var sent = _quarter.Hourly;
        foreach (var rep in new[] { "ana", "aroha", "luis" })
        {
            var name = Name(rep);
            Assert.DoesNotContain(sent, s => s.Recipient == rep && s.Text.StartsWith("A step to get back on pace", StringComparison.Ordinal));
            Assert.DoesNotContain(sent, s => s.Table == "task" && s.Text.Contains(name, StringComparison.Ordinal));
            Assert.Equal(
                [("2026-07-09", "3 in a row: Prospecting time"), ("2026-07-11", "5 in a row: Prospecting time"), ("2026-07-18", "10 in a row: Prospecting time"), ("2026-07-27", "3 in a row: First meetings"), ("2026-08-10", "5 in a row: First meetings"), ("2026-09-14", "10 in a row: First meetings")],
                sent.Where(s => s.Recipient == rep && s.Text.Contains(" in a row: ", StringComparison.Ordinal)).Select(s => (s.LocalDay, s.Text)).OrderBy(s => s.LocalDay, StringComparer.Ordinal));
            Assert.Equal(13, sent.Count(s => s.Recipient == rep && s.Text.StartsWith("Met: First meetings", StringComparison.Ordinal)));
        }

        // Each working day's prospecting is met at 10:30 local; Aroha's Monday after the quarter is over before the simulation ends.
        Assert.Equal((65, 66, 65), (MetDays("ana"), MetDays("aroha"), MetDays("luis")));
    }

    [Fact]
    public void The_slumping_rep_hears_first_then_his_manager_is_asked_to_coach_then_to_check_in()
    {
        var ben = _quarter.Hourly.Where(s => s.Recipient == "ben" || s.Text.Contains("Ben Slump", StringComparison.Ordinal)).ToList();
        var nudges = ben.Where(s => s.Text.StartsWith("A step to get back on pace", StringComparison.Ordinal)).ToList();
        var tasks = ben.Where(s => s.Table == "task").ToList();

        // Nothing before week 5 (Monday 3 August); then one private nudge per slipping attainment: every working day, and once a week for first meetings.
        Assert.Equal("2026-08-03", nudges.Min(n => n.LocalDay));
        Assert.Equal((45, 9), (nudges.Count(n => n.Text.EndsWith("Prospecting time", StringComparison.Ordinal)), nudges.Count(n => n.Text.EndsWith("First meetings", StringComparison.Ordinal))));
        Assert.All(nudges, n => Assert.Equal("ben", n.Recipient));
        // Week 5 and week 6: coached on the first day still behind, a check-in after two missed days; Mia marks both done at
        // Friday noon, so Friday brings the next prompt and Saturday's close the next check-in.
        Assert.Equal(
            [
                ("2026-08-04", "Coaching conversation with Ben Slump: Prospecting time (2026-08-04)"),
                ("2026-08-05", "Coaching conversation with Ben Slump: First meetings (2026-W32)"),
                ("2026-08-05", "Slump check-in with Ben Slump: Prospecting time"),
                ("2026-08-07", "Coaching conversation with Ben Slump: Prospecting time (2026-08-07)"),
                ("2026-08-08", "Slump check-in with Ben Slump: Prospecting time"),
                ("2026-08-12", "Coaching conversation with Ben Slump: First meetings (2026-W33)"),
                ("2026-08-14", "Coaching conversation with Ben Slump: Prospecting time (2026-08-14)"),
                ("2026-08-15", "Slump check-in with Ben Slump: Prospecting time"),
                ("2026-08-17", "Slump check-in with Ben Slump: First meetings"),
            ],
            tasks.Where(t => string.CompareOrdinal(t.LocalDay, "2026-08-17") <= 0).Select(t => (t.LocalDay, t.Text)).Order());
        Assert.All(tasks, t => Assert.Equal("mia", t.Recipient));

        // The rep heard first: no coaching task names a period before the rep's own nudge about it.
        var firstNudge = nudges.Where(n => n.Text.EndsWith("Prospecting time", StringComparison.Ordinal)).Min(n => n.At);
        Assert.All(tasks.Where(t => t.Text.Contains("Prospecting time", StringComparison.Ordinal)), t => Assert.True(t.At > firstNudge));
    }

    [Fact]
    public void The_new_hire_counts_from_the_week_she_joins_is_nudged_while_ramping_and_then_no_more()
    {
        var cara = _quarter.HourlyRun.People["cara"];
        var query = new QueryExpression("cra_attainment") { ColumnSet = new ColumnSet("cra_periodstart") };
        query.Criteria.AddCondition("cra_repid", ConditionOperator.Equal, cara);
        var starts = _quarter.HourlyRun.System.RetrieveMultiple(query).Entities.Select(e => e.GetAttributeValue<DateTime>("cra_periodstart").Date).ToList();
        var nudges = _quarter.Hourly.Where(s => s.Recipient == "cara" && s.Text.StartsWith("A step", StringComparison.Ordinal)).ToList();

        Assert.Equal(new DateTime(2026, 7, 20), starts.Min());
        Assert.Equal("2026-07-20", nudges.Min(n => n.LocalDay));
        Assert.DoesNotContain(nudges, n => string.CompareOrdinal(n.LocalDay, "2026-08-17") >= 0);
        Assert.Contains(_quarter.Hourly, s => s.Recipient == "cara" && s.Text.StartsWith("Personal best: Prospecting time", StringComparison.Ordinal));
    }

    [Fact]
    public void The_manager_who_cancels_two_reviews_misses_those_weeks_hears_first_and_her_director_is_asked_to_coach()
    {
        var mia = _quarter.HourlyRun.People["mia"];
        var query = new QueryExpression("cra_attainment") { ColumnSet = new ColumnSet("cra_periodlabel", "cra_status") };
        query.Criteria.AddCondition("cra_repid", ConditionOperator.Equal, mia);
        var missed = _quarter.HourlyRun.System.RetrieveMultiple(query).Entities.Where(e => e.GetAttributeValue<OptionSetValue>("cra_status").Value == Choices.Missed).Select(e => e.GetAttributeValue<string>("cra_periodlabel")).Order();

        Assert.Equal(["2026-W31", "2026-W36"], missed);
        Assert.Equal(
            [("2026-07-27", "mia", "A step to get back on pace: Weekly pipeline review"), ("2026-07-28", "dee", "Coaching conversation with Mia Manager: Weekly pipeline review (2026-W31)"), ("2026-08-31", "mia", "A step to get back on pace: Weekly pipeline review"), ("2026-09-01", "dee", "Coaching conversation with Mia Manager: Weekly pipeline review (2026-W36)")],
            _quarter.Hourly.Where(s => s.Text.Contains("Weekly pipeline review", StringComparison.Ordinal) && !s.Text.Contains("in a row", StringComparison.Ordinal) && !s.Text.Contains("Met:", StringComparison.Ordinal)).Select(s => (s.LocalDay, s.Recipient, s.Text)));
        Assert.DoesNotContain(_quarter.Hourly, s => s.Text.StartsWith("Slump check-in with Mia", StringComparison.Ordinal));
    }

    [Fact]
    public void Auckland_and_Los_Angeles_reps_days_and_weeks_are_their_own()
    {
        var run = _quarter.HourlyRun;
        string[] Labels(string rep, string expectation)
        {
            var query = new QueryExpression("cra_attainment") { ColumnSet = new ColumnSet("cra_periodlabel") };
            query.Criteria.AddCondition("cra_repid", ConditionOperator.Equal, run.People[rep]);
            query.Criteria.AddCondition("cra_expectationid", ConditionOperator.Equal, run.Expectations[expectation]);
            query.AddOrder("cra_periodstart", OrderType.Ascending);
            return run.System.RetrieveMultiple(query).Entities.Select(e => e.GetAttributeValue<string>("cra_periodlabel")).ToArray();
        }

        // Aroha's first call on Monday 6 July at 09:30 in Auckland was on Sunday 5 July in UTC; it counts on her Monday. Each
        // has a row for every working day of the quarter and for the Monday after it, which has begun for both by the end.
        var workingDays = Enumerable.Range(0, 92).Select(d => new DateTime(2026, 7, 6).AddDays(d)).Where(d => d.DayOfWeek is not (DayOfWeek.Saturday or DayOfWeek.Sunday)).Select(d => d.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)).ToArray();
        Assert.Equal("2026-10-05", workingDays[^1]);
        Assert.Equal(workingDays, Labels("aroha", "prospecting"));
        Assert.Equal(workingDays, Labels("luis", "prospecting"));
        Assert.Equal("2026-W28", Labels("aroha", "firstmeetings")[0]);

        // Closing a week happens at each rep's own midnight: Aroha's W30 streak on Sunday 26 July UTC, Luis's a day later.
        var arohaStreak = _quarter.Hourly.Single(s => s.Recipient == "aroha" && s.Text == "3 in a row: First meetings");
        var luisStreak = _quarter.Hourly.Single(s => s.Recipient == "luis" && s.Text == "3 in a row: First meetings");
        Assert.Equal(new DateTime(2026, 7, 26, 12, 0, 0, DateTimeKind.Utc), arohaStreak.At);
        Assert.Equal(new DateTime(2026, 7, 27, 7, 0, 0, DateTimeKind.Utc), luisStreak.At);
    }

    [Fact]
    public void Evaluating_once_a_day_instead_of_every_hour_sends_exactly_the_same_nudges_tasks_and_recognitions()
    {
        static List<string> Keys(IEnumerable<Sent> sent) => sent.Select(s => s.Recipient + "|" + s.Table + "|" + s.Text).Order(StringComparer.Ordinal).ToList();

        Assert.Equal(Keys(_quarter.Daily), Keys(_quarter.Hourly));
        Assert.True(_quarter.HourlyRun.Evaluations > 20 * _quarter.DailyRun.Evaluations);
    }

    [Fact]
    public void At_the_end_every_attainment_equals_an_independent_recount_from_the_activities()
    {
        Assert.Empty(new CountingOracle(_quarter.HourlyRun.System).Disagreements());
    }

    private string Name(string key) => _quarter.HourlyRun.Scenario.Cast.Single(c => c.Key == key).FullName;

    private int MetDays(string rep) => _quarter.Hourly.Count(s => s.Recipient == rep && s.Text.StartsWith("Met: Prospecting time", StringComparison.Ordinal));

    /// <summary>A notification or task: to whom (cast key), when (UTC and the recipient's own date), and its title or subject.</summary>
    public sealed record Sent(string Recipient, string Table, string Text, DateTime At, string LocalDay);

    /// <summary>The quarter played twice, hourly and daily, with the same script.</summary>
    public sealed class Quarter
    {
        public Quarter()
        {
            HourlyRun = Simulator.Run(PackedSolution.Managed, SmallTeamQuarter.Build(), new SimulationOptions { Seed = 7 });
            DailyRun = Simulator.Run(PackedSolution.Managed, SmallTeamQuarter.Build(), new SimulationOptions { Seed = 7, Cadence = EvaluationCadence.Daily });
            Hourly = SentIn(HourlyRun);
            Daily = SentIn(DailyRun);
        }

        public SimulationRun HourlyRun { get; }

        public SimulationRun DailyRun { get; }

        public IReadOnlyList<Sent> Hourly { get; }

        public IReadOnlyList<Sent> Daily { get; }

        private static List<Sent> SentIn(SimulationRun run)
        {
            var keys = run.People.ToDictionary(p => p.Value, p => p.Key);
            var zones = run.Scenario.Cast.ToDictionary(c => c.Key, c => TimeZoneInfo.FindSystemTimeZoneById(c.TimeZone));
            var rows = run.System.RetrieveMultiple(new QueryExpression("appnotification") { ColumnSet = new ColumnSet("title", "ownerid", "createdon") }).Entities
                .Concat(run.System.RetrieveMultiple(new QueryExpression("task") { ColumnSet = new ColumnSet("subject", "ownerid", "createdon") }).Entities);
            return rows.Select(row =>
            {
                var recipient = keys[row.GetAttributeValue<EntityReference>("ownerid").Id];
                var at = DateTime.SpecifyKind(row.GetAttributeValue<DateTime>("createdon"), DateTimeKind.Utc);
                var local = TimeZoneInfo.ConvertTimeFromUtc(at, zones[recipient]);
                return new Sent(recipient, row.LogicalName, row.GetAttributeValue<string>("title") ?? row.GetAttributeValue<string>("subject"), at, local.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture));
            }).OrderBy(s => s.At).ToList();
        }
    }
}
