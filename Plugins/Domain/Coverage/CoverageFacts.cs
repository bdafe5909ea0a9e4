using System;
using System.Collections.Generic;

namespace CrmAccountability.Plugins.Domain.Coverage;

/// <summary>
/// Who an expectation covers now and what keeps it from working as set — the facts behind the Coverage note a manager
/// reads on the expectation, because a plug-in cannot show a warning without refusing the save.
/// </summary>
public sealed class CoverageFacts
{
    /// <summary>The rep of a one-person expectation; null for a team expectation.</summary>
    public string? RepName { get; init; }

    public bool RepDisabled { get; init; }

    /// <summary>The team of a team expectation; null for a one-person expectation.</summary>
    public string? TeamName { get; init; }

    public int ActiveMembers { get; init; }

    public IReadOnlyList<string> DisabledMembers { get; init; } = [];

    /// <summary>Covered reps for whom nobody would receive a coaching prompt: no Manager on the expectation, none on their user.</summary>
    public IReadOnlyList<string> WithoutManager { get; init; } = [];

    /// <summary>The label of the last period, when the expectation was set after it had already ended.</summary>
    public string? SetAfterLastPeriod { get; init; }

    /// <summary>The label of the last period, when it has ended (and the expectation was set before it did).</summary>
    public string? EndedWith { get; init; }

    /// <summary>The first day of the first period, when that is still to come.</summary>
    public DateTime? StartsOn { get; init; }
}
