using System;
using System.Collections.Generic;
using System.Linq;

namespace CrmAccountability.Simulation.Scenario;

/// <summary>
/// A script for the sales floor: who works there, the teams, what their managers expect of them, the environment
/// variables the admin sets, and — planned up front so a seed reproduces it exactly — everything they do.
/// </summary>
public sealed class SalesScenario
{
    public required IReadOnlyList<CastMember> Cast { get; init; }

    public IReadOnlyList<TeamPlan> Teams { get; init; } = [];

    public IReadOnlyList<ExpectationPlan> Expectations { get; init; } = [];

    /// <summary>Environment variable values the admin sets after import, by schema name.</summary>
    public IReadOnlyDictionary<string, string> Settings { get; init; } = new Dictionary<string, string>();

    /// <summary>Accounts in each rep's territory, created at the start and owned by the rep (first meetings regard them).</summary>
    public int AccountsPerRep { get; init; } = 40;

    /// <summary>The first day (a Monday, in every zone's calendar) and how many weeks the script runs.</summary>
    public required DateOnly Start { get; init; }

    public required int Weeks { get; init; }

    /// <summary>Everything the cast does, in any order; the simulator plays it in time order.</summary>
    public required IReadOnlyList<PlannedAction> Actions { get; init; }

    /// <summary>The instant the simulation starts: Monday 00:00 UTC of the start date, less the widest zone offset (UTC+14).</summary>
    public DateTime StartUtc => Start.ToDateTime(TimeOnly.MinValue, DateTimeKind.Utc).AddHours(-14);

    /// <summary>
    /// The instant it ends: an hour after the last week has ended in every cast member's zone, so the scheduled flow has
    /// closed everyone's last periods. Zones east of the westernmost have begun the next week by then; a script gives
    /// their people that Monday's work too (<see cref="ScriptWriter.WorkingDays"/> does), and actions after the end are not played.
    /// </summary>
    public DateTime EndUtc => Cast.Select(c => LocalTime.ToUtc(c.TimeZone, Start.AddDays(7 * Weeks), 0)).DefaultIfEmpty(Start.AddDays(7 * Weeks).ToDateTime(TimeOnly.MinValue, DateTimeKind.Utc)).Max().AddHours(1);
}

/// <summary>Someone on the sales floor.</summary>
public sealed class CastMember
{
    public required string Key { get; init; }

    public required string FullName { get; init; }

    /// <summary>A Windows time zone id, as Dataverse stores it (e.g. "Pacific Standard Time").</summary>
    public required string TimeZone { get; init; }

    public string? ManagerKey { get; init; }

    /// <summary>Security roles by name; empty means System Administrator (the admin who imported the solution).</summary>
    public IReadOnlyList<string> Roles { get; init; } = [];

    /// <summary>What the demo calls this person's pattern ("steady", "slump from week 5" …), for the terminal review.</summary>
    public string Pattern { get; init; } = string.Empty;

    public bool IsRep => Roles.Contains(SalesRoles.Rep);
}

public static class SalesRoles
{
    public const string Rep = "Accountability Rep";
    public const string Manager = "Accountability Manager";
    public const string Admin = "Accountability Admin";
}

/// <summary>A team and who is in it from the start (others join with <see cref="JoinTeam"/>).</summary>
public sealed class TeamPlan
{
    public required string Key { get; init; }

    public required string Name { get; init; }

    public IReadOnlyList<string> Members { get; init; } = [];
}

/// <summary>An expectation as a manager sets it (option values are the solution's, see <see cref="ChoiceValues"/>).</summary>
public sealed class ExpectationPlan
{
    public required string Key { get; init; }

    public required string Name { get; init; }

    public required int Metric { get; init; }

    public required int Period { get; init; }

    public required decimal Target { get; init; }

    public decimal? StretchTarget { get; init; }

    /// <summary>Exactly one of RepKey and TeamKey.</summary>
    public string? RepKey { get; init; }

    public string? TeamKey { get; init; }

    /// <summary>Who sets it (through their own service).</summary>
    public required string SetByKey { get; init; }

    public IReadOnlyList<int> ActivityTypes { get; init; } = [];

    public IReadOnlyList<int> Purposes { get; init; } = [];

    public bool OutgoingOnly { get; init; }

    public bool FirstMeetingsOnly { get; init; }

    public decimal? MinimumAmount { get; init; }

    public DateOnly? StartsOn { get; init; }

    public DateOnly? EndsOn { get; init; }

    public DateOnly? CustomStart { get; init; }

    public DateOnly? CustomEnd { get; init; }

    public string? Guidance { get; init; }
}
