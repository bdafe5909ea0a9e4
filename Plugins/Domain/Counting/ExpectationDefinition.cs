using System;
using System.Collections.Generic;
using System.Linq;

namespace CrmAccountability.Plugins.Domain.Counting;

/// <summary>An expectation as the rules read it (cra_expectation without the SDK): what is measured, over which periods, what counts and for whom.</summary>
public sealed class ExpectationDefinition
{
    public Guid Id { get; set; }

    public string Name { get; set; } = string.Empty;

    public Metric Metric { get; set; }

    public Period Period { get; set; }

    public decimal Target { get; set; }

    public decimal? StretchTarget { get; set; }

    /// <summary>Empty: all four activity types.</summary>
    public IReadOnlyCollection<ActivityType> ActivityTypes { get; set; } = [];

    /// <summary>Empty: any purpose, including none.</summary>
    public IReadOnlyCollection<int> Purposes { get; set; } = [];

    public bool OutgoingOnly { get; set; }

    public bool FirstMeetingsOnly { get; set; }

    /// <summary>Base currency; null: no minimum.</summary>
    public decimal? MinimumAmount { get; set; }

    public Guid? RepId { get; set; }

    public Guid? TeamId { get; set; }

    public Guid? ManagerId { get; set; }

    public DateTime? StartsOn { get; set; }

    public DateTime? EndsOn { get; set; }

    public DateTime? CustomStart { get; set; }

    public DateTime? CustomEnd { get; set; }

    public string? Guidance { get; set; }

    public bool IsActive { get; set; } = true;

    /// <summary>When the expectation was set (UTC), when known.</summary>
    public DateTime? CreatedOn { get; set; }

    public bool IsActivityMetric => Metric is Metric.ActivityCount or Metric.ActivityMinutes;

    public bool IsOpportunityMetric => Metric is Metric.OpportunitiesCreated or Metric.PipelineCreated or Metric.DealsWon or Metric.RevenueWon;

    /// <summary>The source tables this expectation counts rows of.</summary>
    public IReadOnlyList<string> SourceTables()
    {
        switch (Metric)
        {
            case Metric.ActivityCount or Metric.ActivityMinutes:
                if (FirstMeetingsOnly)
                {
                    // Only appointments can be a customer's first meeting.
                    return ActivityTypes.Count == 0 || ActivityTypes.Contains(ActivityType.Appointment) ? ["appointment"] : [];
                }

                return ActivityTables.All.Where(t => ActivityTypes.Count == 0 || ActivityTypes.Contains(ActivityTables.TypeOf(t))).ToList();
            case Metric.ReviewsHeld:
                return ["cra_review"];
            default:
                return ["opportunity"];
        }
    }

    public bool Counts(string table) => SourceTables().Contains(table);
}

/// <summary>The four standard activity tables an expectation can count, in a fixed order.</summary>
public static class ActivityTables
{
    public static IReadOnlyList<string> All { get; } = ["phonecall", "appointment", "email", "task"];

    public static bool IsActivity(string table) => All.Contains(table);

    public static ActivityType TypeOf(string table) => table switch
    {
        "phonecall" => ActivityType.PhoneCall,
        "appointment" => ActivityType.Appointment,
        "email" => ActivityType.Email,
        "task" => ActivityType.Task,
        _ => throw new ArgumentOutOfRangeException(nameof(table), table, "not an activity table an expectation counts"),
    };

    /// <summary>Phone calls and emails have a direction; appointments and tasks do not.</summary>
    public static bool HasDirection(string table) => table is "phonecall" or "email";
}
