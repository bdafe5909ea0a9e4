using System;
using System.Collections.Generic;
using System.Linq;
using CrmAccountability.Simulation.Engine;

namespace CrmAccountability.Simulation.Scenario;

/// <summary>
/// Writes a scenario's actions in each person's own wall-clock time ("Ana calls at 09:30 on Tuesday of week 3"),
/// so a script reads like a diary and the instants come out right in every time zone.
/// </summary>
public sealed class ScriptWriter
{
    private readonly List<PlannedAction> _actions = [];
    private readonly Dictionary<string, CastMember> _cast;
    private readonly Dictionary<string, int> _nextAccount = new(StringComparer.Ordinal);

    public ScriptWriter(IEnumerable<CastMember> cast, DateOnly start, int weeks)
    {
        if (start.DayOfWeek != DayOfWeek.Monday)
        {
            throw new ArgumentException("A script starts on a Monday; " + start.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture) + " is a " + start.DayOfWeek + ".", nameof(start));
        }

        _cast = cast.ToDictionary(c => c.Key, StringComparer.Ordinal);
        Start = start;
        Weeks = weeks;
    }

    public DateOnly Start { get; }

    public int Weeks { get; }

    public IReadOnlyList<PlannedAction> Actions => _actions;

    /// <summary>Monday of week <paramref name="week"/> (1-based).</summary>
    public DateOnly Monday(int week) => Start.AddDays(7 * (week - 1));

    /// <summary>
    /// Monday to Friday of the given weeks, with the week number. Without <paramref name="toWeek"/> it runs to the end
    /// and includes the Monday after the last week, which zones east of the westernmost reach before the simulation ends.
    /// </summary>
    public IEnumerable<(int Week, DateOnly Day)> WorkingDays(int fromWeek = 1, int? toWeek = null)
    {
        for (var week = fromWeek; week <= (toWeek ?? Weeks); week++)
        {
            for (var offset = 0; offset < 5; offset++)
            {
                yield return (week, Monday(week).AddDays(offset));
            }
        }

        if (toWeek == null)
        {
            yield return (Weeks + 1, Monday(Weeks + 1));
        }
    }

    /// <summary>The instant of a wall-clock time in the person's zone.</summary>
    public DateTime At(string key, DateOnly day, int hour, int minute = 0) => LocalTime.ToUtc(Member(key).TimeZone, day, hour, minute);

    public void Add(PlannedAction action) => _actions.Add(action);

    /// <summary>Rewrites an action already planned (say, a deal's close once the deal has changed hands).</summary>
    public void Replace(int index, PlannedAction action) => _actions[index] = action;

    /// <summary>A completed phone call ending at the time given.</summary>
    public void Call(string key, DateOnly day, int hour, int minute, int minutes, int? purpose = ChoiceValues.Prospecting, string subject = "Prospecting call", bool outgoing = true, string? opportunityKey = null)
        => Add(new LogActivity(key, At(key, day, hour, minute), "phonecall", subject, minutes, purpose, outgoing, OpportunityKey: opportunityKey));

    /// <summary>A first meeting: a completed appointment with the next account in the rep's territory that has not met them yet.</summary>
    public void FirstMeeting(string key, DateOnly day, int hour, int minute = 0, int minutes = 60)
    {
        var index = _nextAccount.TryGetValue(key, out var next) ? next : 0;
        _nextAccount[key] = index + 1;
        Add(new LogActivity(key, At(key, day, hour, minute), "appointment", "First meeting", minutes, ChoiceValues.FirstMeeting, AccountKey: Simulator.AccountKey(key, index)));
    }

    public void Email(string key, DateOnly day, int hour, int minute, int? purpose = ChoiceValues.FollowUp, string subject = "Follow-up", string? opportunityKey = null)
        => Add(new LogActivity(key, At(key, day, hour, minute), "email", subject, null, purpose, true, OpportunityKey: opportunityKey));

    public void Task(string key, DateOnly day, int hour, int minute, int? purpose, string subject, string? opportunityKey = null)
        => Add(new LogActivity(key, At(key, day, hour, minute), "task", subject, 30, purpose, OpportunityKey: opportunityKey));

    private CastMember Member(string key) => _cast.TryGetValue(key, out var member) ? member : throw new ArgumentException("No one called '" + key + "' is in the cast.", nameof(key));
}
