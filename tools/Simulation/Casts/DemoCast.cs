using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using Bogus;
using CrmAccountability.Simulation.Scenario;
using static CrmAccountability.Simulation.Scenario.ChoiceValues;

namespace CrmAccountability.Simulation.Casts;

/// <summary>What the demo's sales floor looks like: how many reps, for how long, from when, and the seed for everything random.</summary>
public sealed record DemoShape(int Seed = 42, int Reps = 12, int Weeks = 13, DateOnly? Start = null, IReadOnlyList<string>? Zones = null)
{
    /// <summary>London, Auckland (east of UTC+10), Los Angeles, New York, Honolulu (west of UTC-7 all year) and Berlin.</summary>
    public static readonly IReadOnlyList<string> DefaultZones = ["GMT Standard Time", "New Zealand Standard Time", "Pacific Standard Time", "Eastern Standard Time", "Hawaiian Standard Time", "W. Europe Standard Time"];

    /// <summary>Monday 6 July 2026: the first full week of a fiscal year that starts in July (the demo sets cra_FiscalYearStartMonth to 7).</summary>
    public static readonly DateOnly DefaultStart = new(2026, 7, 6);

    public DateOnly FirstDay => Start ?? DefaultStart;
}

/// <summary>
/// The demo's sales organisation: a director, two managers each with a team, and reps across six time zones from
/// Honolulu (UTC-10) to Auckland (UTC+12/13). Most reps are steady with day-to-day variation; one slumps from week 6,
/// one is a new hire who joins in week 3 and ramps up, one is a star. Managers hold a team pipeline review each
/// Monday — except that the first manager cancels it twice — and mark coaching prompts done on Friday at noon. Deals
/// are opened, worked, won, lost, cancelled and reassigned. Every random choice comes from the seed.
/// </summary>
public static class DemoCast
{
    public static SalesScenario Build(DemoShape shape)
    {
        if (shape.Reps < 1 || shape.Reps > 200)
        {
            throw new ArgumentOutOfRangeException(nameof(shape), "--reps must be between 1 and 200.");
        }

        if (shape.Weeks < 1 || shape.Weeks > 53)
        {
            throw new ArgumentOutOfRangeException(nameof(shape), "--weeks must be between 1 and 53.");
        }

        if (shape.FirstDay.DayOfWeek != DayOfWeek.Monday)
        {
            throw new ArgumentOutOfRangeException(nameof(shape), "--start must be a Monday; " + shape.FirstDay.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) + " is a " + shape.FirstDay.DayOfWeek + ".");
        }

        var zones = shape.Zones is { Count: > 0 } chosen ? chosen : DemoShape.DefaultZones;
        var random = new Random(shape.Seed);
        var names = new UniqueNames(shape.Seed);
        var cast = new List<CastMember>
        {
            new() { Key = "admin", FullName = "Sam Admin", TimeZone = "GMT Standard Time", Pattern = "imported the solution; owns the scheduled flow" },
            new() { Key = "director", FullName = names.Next(), TimeZone = "Eastern Standard Time", Roles = [SalesRoles.Manager], Pattern = "director" },
            new() { Key = "manager1", FullName = names.Next(), TimeZone = "GMT Standard Time", ManagerKey = "director", Roles = [SalesRoles.Manager], Pattern = "manager; cancels two reviews" },
            new() { Key = "manager2", FullName = names.Next(), TimeZone = "Pacific Standard Time", ManagerKey = "director", Roles = [SalesRoles.Manager], Pattern = "manager" },
        };
        var reps = new List<RepPlan>();
        for (var i = 0; i < shape.Reps; i++)
        {
            var kind = i switch
            {
                1 => RepKind.Slump,
                2 when shape.Weeks >= 4 => RepKind.NewHire,
                3 => RepKind.Star,
                _ => RepKind.Steady,
            };
            var key = "rep" + (i + 1).ToString("00", CultureInfo.InvariantCulture);
            var manager = i % 2 == 0 ? "manager1" : "manager2";
            reps.Add(new RepPlan(key, kind, manager, 0.9 + (random.NextDouble() * 0.25)));
            cast.Add(new CastMember
            {
                Key = key,
                FullName = names.Next(),
                TimeZone = zones[i % zones.Count],
                ManagerKey = manager,
                Roles = [SalesRoles.Rep],
                Pattern = kind switch
                {
                    RepKind.Slump => "slumps from week 6",
                    RepKind.NewHire => "new hire: joins in week 3 and ramps up",
                    RepKind.Star => "star",
                    _ => "steady",
                },
            });
        }

        var script = new ScriptWriter(cast, shape.FirstDay, shape.Weeks);
        var work = new WorkPlanner(script, random, shape);
        foreach (var rep in reps)
        {
            work.Plan(rep);
        }

        work.PlanManagers(["manager1", "manager2"], cancelling: "manager1");
        work.PlanReassignment(reps);

        var teams = new[]
        {
            new TeamPlan { Key = "team1", Name = "Enterprise", Members = reps.Where(r => r.Manager == "manager1" && r.Kind != RepKind.NewHire).Select(r => r.Key).ToList() },
            new TeamPlan { Key = "team2", Name = "Mid-Market", Members = reps.Where(r => r.Manager == "manager2" && r.Kind != RepKind.NewHire).Select(r => r.Key).ToList() },
        };
        return new SalesScenario
        {
            Cast = cast,
            Teams = teams,
            Expectations = [.. Expectations("team1", "manager1", shape), .. Expectations("team2", "manager2", shape), Reviews("manager1", shape), Reviews("manager2", shape)],
            Settings = new Dictionary<string, string>(StringComparer.Ordinal) { ["cra_FiscalYearStartMonth"] = shape.FirstDay.Month.ToString(CultureInfo.InvariantCulture) },
            Start = shape.FirstDay,
            Weeks = shape.Weeks,
            AccountsPerRep = Math.Max(40, (shape.Weeks * 4) + 8),
            Actions = script.Actions,
        };
    }

    /// <summary>The seed material's expectations for one team, each with the tactic that wins it.</summary>
    private static IEnumerable<ExpectationPlan> Expectations(string team, string manager, DemoShape shape)
    {
        var start = shape.FirstDay;
        yield return new ExpectationPlan
        {
            Key = team + "/prospecting", Name = "Prospecting time", Metric = ActivityMinutes, Period = Day, Target = 90m, TeamKey = team, SetByKey = manager, StartsOn = start,
            Purposes = [Prospecting],
            Guidance = "Call-block 09:30–11:00 with the sequence from the discovery playbook; log each call with purpose Prospecting.",
        };
        yield return new ExpectationPlan
        {
            Key = team + "/firstmeetings", Name = "First meetings", Metric = ActivityCount, Period = Week, Target = 3m, TeamKey = team, SetByKey = manager, StartsOn = start,
            ActivityTypes = [Appointment], FirstMeetingsOnly = true,
            Guidance = "Book first meetings for late mornings Monday to Wednesday; ask every prospecting call for 20 minutes next week.",
        };
        yield return new ExpectationPlan
        {
            Key = team + "/bigdeals", Name = "New opportunities over $100,000", Metric = OpportunitiesCreated, Period = Year, Target = 2m, TeamKey = team, SetByKey = manager, StartsOn = start,
            MinimumAmount = 100_000m,
            Guidance = "Qualify one strategic account a month with the MEDDIC checklist before opening the opportunity.",
        };
        yield return new ExpectationPlan
        {
            Key = team + "/revenue", Name = "Quarterly revenue", Metric = RevenueWon, Period = Quarter, Target = 250_000m, TeamKey = team, SetByKey = manager, StartsOn = start,
            Guidance = "Review every deal over $50,000 in Monday's pipeline review and agree the next step with a date.",
        };
        if (shape.Weeks >= 6)
        {
            yield return new ExpectationPlan
            {
                Key = team + "/proposals", Name = "Proposals before the freeze", Metric = ActivityCount, Period = Custom, Target = 6m, TeamKey = team, SetByKey = manager,
                CustomStart = start.AddDays(7 * 2), CustomEnd = start.AddDays((7 * Math.Min(shape.Weeks, 11)) - 3),
                ActivityTypes = [Task], Purposes = [Proposal],
                Guidance = "Send six proposals before the quarter-end pricing freeze; use the proposal template and log each as a task with purpose Proposal.",
            };
        }
    }

    private static ExpectationPlan Reviews(string manager, DemoShape shape) => new()
    {
        Key = manager + "/reviews", Name = "Weekly pipeline review", Metric = ReviewsHeld, Period = Week, Target = 1m, RepKey = manager, SetByKey = "director", StartsOn = shape.FirstDay,
        Guidance = "Hold the team pipeline review every Monday morning; if you must move it, move it within the week rather than cancel.",
    };

    internal enum RepKind
    {
        Steady,
        Slump,
        NewHire,
        Star,
    }

    internal sealed record RepPlan(string Key, RepKind Kind, string Manager, double Drive)
    {
        /// <summary>How much of a steady week this rep does in week <paramref name="week"/>: 0 before they join.</summary>
        public double Intensity(int week) => Kind switch
        {
            RepKind.Slump => week >= 6 ? 0.35 : Drive,
            RepKind.NewHire => week < 3 ? 0 : Math.Min(Drive, 0.3 + (0.15 * (week - 3))),
            RepKind.Star => 1.3,
            _ => Drive,
        };
    }

    /// <summary>Full names from a seeded Faker, never the same twice.</summary>
    private sealed class UniqueNames(int seed)
    {
        private readonly Faker _faker = new("en") { Random = new Randomizer(seed) };
        private readonly HashSet<string> _used = new(StringComparer.Ordinal);

        public string Next()
        {
            for (var attempt = 0; ; attempt++)
            {
                var name = _faker.Name.FirstName() + " " + _faker.Name.LastName();
                if (_used.Add(name) || attempt > 50)
                {
                    return name;
                }
            }
        }
    }
}
