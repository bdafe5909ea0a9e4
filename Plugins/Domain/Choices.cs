using System.Collections.Generic;

namespace CrmAccountability.Plugins.Domain;

/// <summary>The metrics an expectation can measure (option values of the cra_metric choice).</summary>
public enum Metric
{
    ActivityCount = 472100000,
    ActivityMinutes = 472100001,
    OpportunitiesCreated = 472100002,
    PipelineCreated = 472100003,
    DealsWon = 472100004,
    RevenueWon = 472100005,
    ReviewsHeld = 472100006,
}

/// <summary>The periods an expectation repeats over (option values of the cra_period choice).</summary>
public enum Period
{
    Day = 472100000,
    Week = 472100001,
    Month = 472100002,
    Quarter = 472100003,
    Year = 472100004,
    Custom = 472100005,
}

/// <summary>Option values of cra_activitytype, the activity types an expectation can count.</summary>
public enum ActivityType
{
    PhoneCall = 472100000,
    Appointment = 472100001,
    Email = 472100002,
    Task = 472100003,
}

/// <summary>Option values of cra_attainmentstatus.</summary>
public enum AttainmentStatus
{
    NotStarted = 472100000,
    OnTrack = 472100001,
    NeedsAttention = 472100002,
    OffPace = 472100003,
    Met = 472100004,
    Exceeded = 472100005,
    Missed = 472100006,
}

/// <summary>Option values of cra_recognitionkind.</summary>
public enum RecognitionKind
{
    Met = 472100000,
    Exceeded = 472100001,
    Streak = 472100002,
    PersonalBest = 472100003,
}

/// <summary>English labels of the solution's choices, for messages reps and managers read.</summary>
public static class ChoiceLabels
{
    private static readonly Dictionary<int, string> Purposes = new()
    {
        [472100000] = "Prospecting",
        [472100001] = "First meeting",
        [472100002] = "Discovery",
        [472100003] = "Demo",
        [472100004] = "Proposal",
        [472100005] = "Negotiation",
        [472100006] = "Follow-up",
        [472100007] = "Account management",
        [472100008] = "Internal",
    };

    public static string Purpose(int value) => Purposes.TryGetValue(value, out var label) ? label : "purpose " + value;

    public static string Metric(Metric metric) => metric switch
    {
        Domain.Metric.ActivityCount => "Activity count",
        Domain.Metric.ActivityMinutes => "Activity minutes",
        Domain.Metric.OpportunitiesCreated => "Opportunities created",
        Domain.Metric.PipelineCreated => "Pipeline created",
        Domain.Metric.DealsWon => "Deals won",
        Domain.Metric.RevenueWon => "Revenue won",
        _ => "Reviews held",
    };

    public static string Status(AttainmentStatus status) => status switch
    {
        AttainmentStatus.NotStarted => "Not started",
        AttainmentStatus.OnTrack => "On track",
        AttainmentStatus.NeedsAttention => "Needs attention",
        AttainmentStatus.OffPace => "Off pace",
        AttainmentStatus.Met => "Met",
        AttainmentStatus.Exceeded => "Exceeded",
        _ => "Missed",
    };

    /// <summary>"phone calls", "appointments" … for a source table.</summary>
    public static string Plural(string table) => table switch
    {
        "phonecall" => "phone calls",
        "appointment" => "appointments",
        "email" => "emails",
        "task" => "tasks",
        "opportunity" => "opportunities",
        "cra_review" => "reviews",
        _ => table,
    };

    /// <summary>"call", "appointment" … for one row of a source table.</summary>
    public static string Singular(string table) => table switch
    {
        "phonecall" => "call",
        "appointment" => "appointment",
        "email" => "email",
        "task" => "task",
        "opportunity" => "opportunity",
        "cra_review" => "review",
        _ => table,
    };
}
