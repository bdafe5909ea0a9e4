using System;

namespace CrmAccountability.Plugins.Domain.Ladder;

/// <summary>What the ladder knows about one attainment at an evaluation.</summary>
public sealed class LadderFacts
{
    public AttainmentStatus Status { get; init; }

    public bool IsClosed { get; init; }

    public bool HasWorkingTime { get; init; }

    /// <summary>Share of the period's working time that has passed.</summary>
    public decimal ElapsedShare { get; init; }

    public DateTime LocalToday { get; init; }

    public bool TodayIsWorkingDay { get; init; }

    public bool IsDayExpectation { get; init; }

    /// <summary>When the rep's private nudge for this attainment went out (the rep's local date), if it did.</summary>
    public DateTime? NudgedOnLocal { get; init; }

    public bool Coached { get; init; }

    public bool SlumpChecked { get; init; }

    /// <summary>For a daily expectation: the rep was nudged on an earlier working day's attainment.</summary>
    public bool NudgedOnAnEarlierDay { get; init; }

    /// <summary>The closed working period before this one also ended Missed.</summary>
    public bool PreviousPeriodMissed { get; init; }

    /// <summary>The manager already has an open coaching (or check-in) task for this expectation and rep.</summary>
    public bool OpenCoachingTask { get; init; }

    public bool OpenSlumpTask { get; init; }

    public bool NudgeRepFirst { get; init; }
}

/// <summary>Which rungs of the ladder an evaluation climbs for one attainment.</summary>
public sealed class LadderDecision
{
    public bool NudgeRep { get; init; }

    public bool CoachManager { get; init; }

    public bool SlumpCheckIn { get; init; }
}

/// <summary>
/// The accountability ladder (DESIGN §5.4), growth-framed and private first. Falling behind (Needs attention or Off
/// pace) sends the rep one private nudge. Off pace, or Needs attention with more than half the working time gone,
/// prompts the manager to coach — but with nudge-the-rep-first on, only at an evaluation on a later working day at
/// which the rep is still behind (for a daily expectation: behind again on a later working day), so the rep always
/// hears first. Two consecutive Missed periods prompt a slump check-in. Nothing is sent twice for one attainment, and
/// a manager with an open task for the same expectation and rep gets no second one.
/// </summary>
public static class LadderRules
{
    public static LadderDecision Decide(LadderFacts facts)
    {
        if (facts.IsClosed)
        {
            return new LadderDecision
            {
                SlumpCheckIn = facts.Status == AttainmentStatus.Missed && facts.HasWorkingTime && facts.PreviousPeriodMissed && !facts.SlumpChecked && !facts.OpenSlumpTask,
            };
        }

        var behind = facts.HasWorkingTime && facts.Status is AttainmentStatus.NeedsAttention or AttainmentStatus.OffPace;
        if (!behind)
        {
            return new LadderDecision();
        }

        var nudge = facts.NudgedOnLocal == null;
        var serious = facts.Status == AttainmentStatus.OffPace || facts.ElapsedShare > 0.5m;
        var repHeardFirst = !facts.NudgeRepFirst
            || (facts.TodayIsWorkingDay && (facts.IsDayExpectation
                ? facts.NudgedOnAnEarlierDay
                : facts.NudgedOnLocal is { } nudged && nudged.Date < facts.LocalToday.Date));
        return new LadderDecision
        {
            NudgeRep = nudge,
            CoachManager = serious && repHeardFirst && !facts.Coached && !facts.OpenCoachingTask,
        };
    }
}

/// <summary>How one closed period ended, for a slump check-in's trend.</summary>
public sealed class PeriodResult
{
    public PeriodResult(string label, decimal actual, decimal target)
    {
        Label = label;
        Actual = actual;
        Target = target;
    }

    public string Label { get; }

    public decimal Actual { get; }

    public decimal Target { get; }
}
