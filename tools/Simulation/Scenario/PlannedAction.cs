using System;

namespace CrmAccountability.Simulation.Scenario;

/// <summary>Something one person does at one instant (UTC), through their own service.</summary>
public abstract record PlannedAction(string ActorKey, DateTime At);

/// <summary>
/// A completed activity: created open, then completed at <see cref="PlannedAction.At"/> (its actual end).
/// Table is phonecall, email, task or appointment; an appointment regarding a fresh account is a first meeting.
/// </summary>
public sealed record LogActivity(string ActorKey, DateTime At, string Table, string Subject, int? Minutes, int? Purpose, bool Outgoing = true, string? AccountKey = null, string? OpportunityKey = null)
    : PlannedAction(ActorKey, At);

/// <summary>
/// A rep opens an opportunity in their pipeline. With <paramref name="CreatedOn"/> it is a deal carried in from before the
/// simulation, created with overriddencreatedon as a data import does.
/// </summary>
public sealed record OpenOpportunity(string ActorKey, DateTime At, string Key, string Name, decimal EstimatedValue, string? AccountKey, DateOnly EstimatedCloseDate, DateTime? CreatedOn = null)
    : PlannedAction(ActorKey, At);

/// <summary>The owner wins a deal (WinOpportunity), closing it on the day of <see cref="PlannedAction.At"/> in their zone.</summary>
public sealed record WinDeal(string ActorKey, DateTime At, string Key, decimal Revenue) : PlannedAction(ActorKey, At);

/// <summary>The owner loses a deal (LoseOpportunity), or cancels it: a canceled deal never counted as created.</summary>
public sealed record LoseDeal(string ActorKey, DateTime At, string Key, bool Canceled = false) : PlannedAction(ActorKey, At);

/// <summary>Sales operations reassigns a deal to another rep (the credit moves with it).</summary>
public sealed record ReassignDeal(string ActorKey, DateTime At, string Key, string ToKey) : PlannedAction(ActorKey, At);

/// <summary>A manager's pipeline review (cra_review), for one rep or, without RepKey, the team: held (completed half an hour later) or cancelled.</summary>
public sealed record HoldReview(string ActorKey, DateTime At, string? RepKey, bool Held) : PlannedAction(ActorKey, At);

/// <summary>A manager marks the coaching conversations and check-ins the ladder asked for as done.</summary>
public sealed record CompleteCoaching(string ActorKey, DateTime At) : PlannedAction(ActorKey, At);

/// <summary>The admin adds someone to a team (AddMembersTeam): a new hire joining.</summary>
public sealed record JoinTeam(string ActorKey, DateTime At, string MemberKey, string TeamKey) : PlannedAction(ActorKey, At);
