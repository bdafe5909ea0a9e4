using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using CrmAccountability.Simulation.Engine;
using CrmAccountability.Simulation.Export;
using Microsoft.Xrm.Sdk;
using static CrmAccountability.Simulation.Export.OrganizationReader;

namespace CrmAccountability.Simulation.Review;

/// <summary>
/// What a manager's weekly review shows at the end of the simulation, read from the organisation through
/// IOrganizationService: each person's latest attainments, who needs attention and what the coaching prompts say,
/// recognition, reviews held and cancelled week by week, and the pipeline week over week. The terminal review and
/// dashboard.html both render it.
/// </summary>
public sealed class TeamReview
{
    private const int Met = 472100004;
    private const int Exceeded = 472100005;
    private const int Missed = 472100006;
    private const int NeedsAttention = 472100002;
    private const int OffPace = 472100003;

    public required DateTime AsOfUtc { get; init; }

    /// <summary>Monday of the last simulated week, and its label ("2026-W40").</summary>
    public required DateOnly LastWeek { get; init; }

    public required IReadOnlyList<ScoreRow> Scorecard { get; init; }

    public required IReadOnlyList<ExpectationSummary> Expectations { get; init; }

    public required IReadOnlyList<AttentionItem> Attention { get; init; }

    public required IReadOnlyList<RecognitionItem> Recognitions { get; init; }

    public required IReadOnlyList<ReviewWeek> Reviews { get; init; }

    public required IReadOnlyList<PipelineRow> Pipeline { get; init; }

    /// <summary>Per week (Monday), the share of attainments of each expectation name that were met, and the team's open pipeline.</summary>
    public required IReadOnlyList<TrendWeek> Trend { get; init; }

    public static TeamReview Read(SimulationRun run)
    {
        var system = run.System;
        var people = All(system, "systemuser", "fullname").ToDictionary(u => u.Id, u => u.GetAttributeValue<string>("fullname"));
        string Name(Guid? id) => id is { } value && people.TryGetValue(value, out var name) ? name : "someone";
        var expectations = All(system, "cra_expectation", "cra_name", "cra_metric", "cra_period").ToDictionary(e => e.Id);
        var attainments = All(system, "cra_attainment", "cra_expectationid", "cra_repid", "cra_periodstart", "cra_periodend", "cra_periodlabel", "cra_actual", "cra_target", "cra_expectedtodate", "cra_status", "cra_isclosed", "cra_streak", "cra_percent", "statecode")
            .Where(a => a.GetAttributeValue<OptionSetValue>("statecode")?.Value == 0)
            .ToList();
        var lastWeek = run.Scenario.Start.AddDays(7 * (run.Scenario.Weeks - 1));

        // Each person's latest closed period per expectation (or the open one, when nothing has closed yet).
        var scorecard = attainments
            .GroupBy(a => (Id(a, "cra_expectationid"), Id(a, "cra_repid")))
            .Select(g => g.OrderByDescending(a => a.GetAttributeValue<bool>("cra_isclosed")).ThenByDescending(a => a.GetAttributeValue<DateTime>("cra_periodstart")).First())
            .Select(a =>
            {
                var expectation = expectations[Id(a, "cra_expectationid") ?? Guid.Empty];
                return new ScoreRow(
                    a.Id,
                    Name(Id(a, "cra_repid")),
                    expectation.GetAttributeValue<string>("cra_name"),
                    expectation.GetAttributeValue<OptionSetValue>("cra_metric")?.Value ?? 0,
                    a.GetAttributeValue<decimal?>("cra_actual") ?? 0m,
                    a.GetAttributeValue<decimal?>("cra_target") ?? 0m,
                    a.GetAttributeValue<decimal?>("cra_expectedtodate") ?? 0m,
                    a.GetAttributeValue<OptionSetValue>("cra_status")?.Value ?? 0,
                    Label(a, "cra_status"),
                    a.GetAttributeValue<int?>("cra_streak") ?? 0,
                    a.GetAttributeValue<string>("cra_periodlabel") ?? string.Empty);
            })
            .OrderBy(r => r.Rep, StringComparer.Ordinal).ThenBy(r => r.Expectation, StringComparer.Ordinal)
            .ToList();

        // The last week: attainments whose period ended within it (its days, the week itself, a month or quarter ending in it).
        var weekStart = lastWeek.ToDateTime(TimeOnly.MinValue);
        var weekEnd = weekStart.AddDays(6);
        bool InLastWeek(Entity a) => a.GetAttributeValue<DateTime?>("cra_periodend") is { } end && end >= weekStart && end <= weekEnd;
        var summaries = attainments.Where(InLastWeek)
            .GroupBy(a => expectations[Id(a, "cra_expectationid") ?? Guid.Empty].GetAttributeValue<string>("cra_name"))
            .Select(g => new ExpectationSummary(g.Key, g.Count(a => IsMet(a)), g.Count(), g.Average(a => a.GetAttributeValue<decimal?>("cra_percent") ?? 0m)))
            .OrderBy(s => s.Expectation, StringComparer.Ordinal)
            .ToList();

        var prompts = All(system, "task", "ownerid", "regardingobjectid", "subject", "description", "createdon", "statecode");
        var owners = attainments.ToDictionary(a => a.Id, a => (Rep: Id(a, "cra_repid"), Expectation: Id(a, "cra_expectationid")));
        var attention = attainments.Where(InLastWeek)
            .Where(a => a.GetAttributeValue<OptionSetValue>("cra_status")?.Value is NeedsAttention or OffPace or Missed)
            .GroupBy(a => (Rep: Id(a, "cra_repid"), Expectation: Id(a, "cra_expectationid")))
            .Select(g =>
            {
                var latest = g.OrderByDescending(a => a.GetAttributeValue<DateTime>("cra_periodstart")).First();
                var expectationName = expectations[g.Key.Expectation ?? Guid.Empty].GetAttributeValue<string>("cra_name");
                var prompt = prompts
                    .Where(t => t.GetAttributeValue<DateTime>("createdon") >= weekStart.AddDays(-1))
                    .Where(t => t.GetAttributeValue<EntityReference>("regardingobjectid") is { LogicalName: "cra_attainment" } r && owners.TryGetValue(r.Id, out var about) && about == g.Key)
                    .OrderByDescending(t => t.GetAttributeValue<DateTime>("createdon"))
                    .FirstOrDefault();
                return new AttentionItem(
                    Name(g.Key.Rep),
                    expectationName,
                    g.Count(a => a.GetAttributeValue<OptionSetValue>("cra_status")?.Value is Missed or OffPace or NeedsAttention) + " of " + g.Count() + " periods behind, latest " + latest.GetAttributeValue<string>("cra_periodlabel") + ": " + DemoCsv.Number(latest.GetAttributeValue<decimal?>("cra_actual")) + " of " + DemoCsv.Number(latest.GetAttributeValue<decimal?>("cra_target")) + " (" + Label(latest, "cra_status") + ")",
                    prompt?.GetAttributeValue<string>("description"));
            })
            .OrderBy(a => a.Rep, StringComparer.Ordinal).ThenBy(a => a.Expectation, StringComparer.Ordinal)
            .ToList();

        // Wins of the last week; a daily expectation's everyday Met and Exceeded are left to the scorecard, its streaks and bests are listed.
        var periodOf = attainments.ToDictionary(a => a.Id, a => expectations[Id(a, "cra_expectationid") ?? Guid.Empty].GetAttributeValue<OptionSetValue>("cra_period")?.Value);
        var recognitions = All(system, "cra_recognition", "cra_repid", "cra_attainmentid", "cra_kind", "cra_name", "cra_awardedon")
            .Where(r => r.GetAttributeValue<DateTime>("cra_awardedon") >= weekStart)
            .Where(r => !(r.GetAttributeValue<OptionSetValue>("cra_kind")?.Value is 472100000 or 472100001 && periodOf.GetValueOrDefault(Id(r, "cra_attainmentid") ?? Guid.Empty) == 472100000))
            .Select(r => new RecognitionItem(Name(Id(r, "cra_repid")), Label(r, "cra_kind"), r.GetAttributeValue<string>("cra_name") ?? string.Empty, r.GetAttributeValue<DateTime>("cra_awardedon")))
            .OrderBy(r => r.AwardedOn)
            .ToList();

        var reviews = All(system, "cra_review", "ownerid", "statecode", "scheduledstart")
            .Where(r => r.GetAttributeValue<OptionSetValue>("statecode")?.Value is 1 or 2)
            .GroupBy(r => (Manager: Name(Id(r, "ownerid")), Week: Monday(r.GetAttributeValue<DateTime>("scheduledstart"))))
            .Select(g => new ReviewWeek(g.Key.Manager, g.Key.Week, g.Count(r => r.GetAttributeValue<OptionSetValue>("statecode").Value == 1), g.Count(r => r.GetAttributeValue<OptionSetValue>("statecode").Value == 2)))
            .OrderBy(r => r.Manager, StringComparer.Ordinal).ThenBy(r => r.Week)
            .ToList();

        var snapshots = All(system, "cra_pipelinesnapshot", "cra_repid", "cra_weekstart", "cra_openvalue_base", "cra_openvaluechange_base", "cra_createdvalue_base", "cra_wonvalue_base", "cra_lostvalue_base", "cra_stalledcount");
        var lastWeekStart = weekStart;
        var pipeline = snapshots.Where(s => s.GetAttributeValue<DateTime>("cra_weekstart") == lastWeekStart)
            .Select(s => new PipelineRow(
                Name(Id(s, "cra_repid")),
                Money(s, "cra_openvalue_base"),
                Money(s, "cra_openvaluechange_base"),
                Money(s, "cra_createdvalue_base"),
                Money(s, "cra_wonvalue_base"),
                Money(s, "cra_lostvalue_base"),
                s.GetAttributeValue<int?>("cra_stalledcount") ?? 0))
            .OrderBy(p => p.Rep, StringComparer.Ordinal)
            .ToList();

        var trend = Enumerable.Range(0, run.Scenario.Weeks).Select(w => run.Scenario.Start.AddDays(7 * w)).Select(monday =>
        {
            var from = monday.ToDateTime(TimeOnly.MinValue);
            var to = from.AddDays(6);
            var shares = attainments
                .Where(a => a.GetAttributeValue<bool>("cra_isclosed") && a.GetAttributeValue<DateTime>("cra_periodstart") >= from && a.GetAttributeValue<DateTime>("cra_periodstart") <= to)
                .Where(a => expectations[Id(a, "cra_expectationid") ?? Guid.Empty].GetAttributeValue<OptionSetValue>("cra_period")?.Value is 472100000 or 472100001)
                .GroupBy(a => expectations[Id(a, "cra_expectationid") ?? Guid.Empty].GetAttributeValue<string>("cra_name"))
                .ToDictionary(g => g.Key, g => Math.Round(100m * g.Count(IsMet) / g.Count()), StringComparer.Ordinal);
            var open = snapshots.Where(s => s.GetAttributeValue<DateTime>("cra_weekstart") == from).Sum(s => Money(s, "cra_openvalue_base") ?? 0m);
            return new TrendWeek(monday, shares, open);
        }).ToList();

        return new TeamReview
        {
            AsOfUtc = run.EndUtc,
            LastWeek = lastWeek,
            Scorecard = scorecard,
            Expectations = summaries,
            Attention = attention,
            Recognitions = recognitions,
            Reviews = reviews,
            Pipeline = pipeline,
            Trend = trend,
        };
    }

    public string LastWeekLabel => ISOWeekLabel(LastWeek);

    public static string ISOWeekLabel(DateOnly monday)
        => System.Globalization.ISOWeek.GetYear(monday.ToDateTime(TimeOnly.MinValue)).ToString(CultureInfo.InvariantCulture) + "-W" + System.Globalization.ISOWeek.GetWeekOfYear(monday.ToDateTime(TimeOnly.MinValue)).ToString("00", CultureInfo.InvariantCulture);

    private static bool IsMet(Entity attainment) => attainment.GetAttributeValue<OptionSetValue>("cra_status")?.Value is Met or Exceeded;

    private static decimal? Money(Entity row, string column) => row.GetAttributeValue<Money>(column)?.Value;

    private static DateOnly Monday(DateTime instant)
    {
        var day = DateOnly.FromDateTime(instant);
        return day.AddDays(-(((int)day.DayOfWeek + 6) % 7));
    }
}

public sealed record ScoreRow(Guid Id, string Rep, string Expectation, int Metric, decimal Actual, decimal Target, decimal ExpectedToDate, int Status, string StatusLabel, int Streak, string Period);

public sealed record ExpectationSummary(string Expectation, int Met, int Total, decimal AveragePercent);

public sealed record AttentionItem(string Rep, string Expectation, string Figures, string? CoachingPrompt);

public sealed record RecognitionItem(string Rep, string Kind, string Title, DateTime AwardedOn);

public sealed record ReviewWeek(string Manager, DateOnly Week, int Held, int Cancelled);

public sealed record PipelineRow(string Rep, decimal? OpenValue, decimal? Change, decimal? Created, decimal? Won, decimal? Lost, int Stalled);

public sealed record TrendWeek(DateOnly Monday, IReadOnlyDictionary<string, decimal> MetShare, decimal OpenPipeline);
