using System;
using System.Collections.Generic;
using CrmAccountability.Simulation.Scenario;
using static CrmAccountability.Simulation.Scenario.ChoiceValues;

namespace CrmAccountability.Accountability.Tests.Simulation;

/// <summary>
/// A small team with known behaviour over a quarter (13 weeks from Monday 6 July 2026), written with no randomness so
/// a test can say what must exist on which day:
/// <list type="bullet">
/// <item>Ana (London), Aroha (Auckland) and Luis (Los Angeles) are steady: 105 prospecting minutes every working day
/// by 10:30, first meetings at 11:00 on Monday, Tuesday and Wednesday.</item>
/// <item>Ben (London) works like them for four weeks, then slumps: from week 5 one 20-minute call a day and one first
/// meeting, on Mondays.</item>
/// <item>Cara (London) is a new hire who joins the team on Monday of week 3 at 08:00 and ramps up: 20 minutes and a
/// Monday first meeting in weeks 3–4, 70 minutes and Monday and Tuesday meetings in weeks 5–6, then steady.</item>
/// <item>Mia manages them and holds a team pipeline review every Monday at 10:45, except in weeks 4 and 9, when she
/// cancels it at 09:00; she marks her coaching prompts done on Fridays at noon. Dee, her director, set Mia's
/// one-review-a-week expectation and marks her own prompts done on Fridays at noon too.</item>
/// </list>
/// Expectations, set by Mia for the team the day before the quarter starts, starting on its first Monday: 90 prospecting
/// minutes each working day; 3 first meetings each week.
/// </summary>
internal static class SmallTeamQuarter
{
    public static readonly DateOnly Start = new(2026, 7, 6);
    public const int Weeks = 13;

    public const string Prospecting = "Prospecting time";
    public const string FirstMeetings = "First meetings";
    public const string Reviews = "Weekly pipeline review";

    public static SalesScenario Build()
    {
        CastMember[] cast =
        [
            new() { Key = "sam", FullName = "Sam Admin", TimeZone = "GMT Standard Time" },
            new() { Key = "dee", FullName = "Dee Director", TimeZone = "GMT Standard Time", Roles = [SalesRoles.Manager] },
            new() { Key = "mia", FullName = "Mia Manager", TimeZone = "GMT Standard Time", ManagerKey = "dee", Roles = [SalesRoles.Manager] },
            Rep("ana", "Ana Steady", "GMT Standard Time", "steady"),
            Rep("ben", "Ben Slump", "GMT Standard Time", "slumps from week 5"),
            Rep("cara", "Cara Newhire", "GMT Standard Time", "joins in week 3, ramps up"),
            Rep("aroha", "Aroha Auckland", "New Zealand Standard Time", "steady"),
            Rep("luis", "Luis LosAngeles", "Pacific Standard Time", "steady"),
        ];
        var script = new ScriptWriter(cast, Start, Weeks);
        foreach (var rep in new[] { "ana", "aroha", "luis" })
        {
            Steady(script, rep, 1);
        }

        Steady(script, "ben", 1, toWeek: 4);
        foreach (var (_, day) in script.WorkingDays(5))
        {
            script.Call("ben", day, 9, 30, 20);
            if (day.DayOfWeek == DayOfWeek.Monday)
            {
                script.FirstMeeting("ben", day, 11);
            }
        }

        script.Add(new JoinTeam("sam", script.At("cara", script.Monday(3), 8), "cara", "sales"));
        foreach (var (week, day) in script.WorkingDays(3, 6))
        {
            if (week <= 4)
            {
                script.Call("cara", day, 9, 30, 20);
            }
            else
            {
                script.Call("cara", day, 9, 30, 35);
                script.Call("cara", day, 10, 0, 35);
            }

            if (day.DayOfWeek == DayOfWeek.Monday || (week >= 5 && day.DayOfWeek == DayOfWeek.Tuesday))
            {
                script.FirstMeeting("cara", day, 11);
            }
        }

        Steady(script, "cara", 7);
        for (var week = 1; week <= Weeks; week++)
        {
            var monday = script.Monday(week);
            var held = week is not (4 or 9);
            script.Add(new HoldReview("mia", script.At("mia", monday, held ? 10 : 9, held ? 45 : 0), null, held));
            script.Add(new CompleteCoaching("mia", script.At("mia", monday.AddDays(4), 12)));
            script.Add(new CompleteCoaching("dee", script.At("dee", monday.AddDays(4), 12)));
        }

        return new SalesScenario
        {
            Cast = cast,
            Teams = [new TeamPlan { Key = "sales", Name = "Sales", Members = ["ana", "ben", "aroha", "luis"] }],
            Expectations =
            [
                new ExpectationPlan { Key = "prospecting", Name = Prospecting, Metric = ActivityMinutes, Period = Day, Target = 90m, TeamKey = "sales", SetByKey = "mia", StartsOn = Start, Purposes = [ChoiceValues.Prospecting], Guidance = "Block 09:00–10:30 for prospecting calls with the discovery script." },
                new ExpectationPlan { Key = "firstmeetings", Name = FirstMeetings, Metric = ActivityCount, Period = Week, Target = 3m, TeamKey = "sales", SetByKey = "mia", StartsOn = Start, ActivityTypes = [Appointment], FirstMeetingsOnly = true, Guidance = "Book first meetings for Monday to Wednesday late mornings." },
                new ExpectationPlan { Key = "reviews", Name = Reviews, Metric = ReviewsHeld, Period = Week, Target = 1m, RepKey = "mia", SetByKey = "dee", StartsOn = Start, Guidance = "Hold the team pipeline review on Monday mornings." },
            ],
            Start = Start,
            Weeks = Weeks,
            AccountsPerRep = 45,
            Actions = script.Actions,
        };
    }

    private static CastMember Rep(string key, string name, string zone, string pattern)
        => new() { Key = key, FullName = name, TimeZone = zone, ManagerKey = "mia", Roles = [SalesRoles.Rep], Pattern = pattern };

    /// <summary>105 prospecting minutes by 10:30 and first meetings at 11:00 on Monday to Wednesday.</summary>
    private static void Steady(ScriptWriter script, string rep, int fromWeek, int? toWeek = null)
    {
        foreach (var (_, day) in script.WorkingDays(fromWeek, toWeek))
        {
            script.Call(rep, day, 9, 30, 35);
            script.Call(rep, day, 10, 0, 35);
            script.Call(rep, day, 10, 30, 35);
            if (day.DayOfWeek is DayOfWeek.Monday or DayOfWeek.Tuesday or DayOfWeek.Wednesday)
            {
                script.FirstMeeting(rep, day, 11);
            }
        }
    }

    internal static IEnumerable<string> RepKeys => ["ana", "ben", "cara", "aroha", "luis"];
}
