using System;

namespace CrmAccountability.Plugins.Domain.Counting;

/// <summary>
/// One activity, opportunity or review as the counting rules read it: only the columns a rule uses, already reduced
/// from their SDK types (owner to a user or team id, choices to numbers, money to its base-currency value). Dates that
/// are instants are UTC; <see cref="ActualCloseDate"/> is a date.
/// </summary>
public sealed class SourceRow
{
    public string Table { get; set; } = string.Empty;

    public Guid Id { get; set; }

    /// <summary>The owning user; null when a team owns the row.</summary>
    public Guid? OwnerUserId { get; set; }

    public Guid? OwnerTeamId { get; set; }

    public int? State { get; set; }

    public int? Status { get; set; }

    public DateTime? ActualEnd { get; set; }

    public int? ActualDurationMinutes { get; set; }

    public int? ScheduledDurationMinutes { get; set; }

    public int? Purpose { get; set; }

    /// <summary>Phone calls and emails: true when outgoing.</summary>
    public bool? Outgoing { get; set; }

    public bool? IsFirstMeeting { get; set; }

    public string? RegardingTable { get; set; }

    public Guid? RegardingId { get; set; }

    public DateTime? CreatedOn { get; set; }

    public decimal? EstimatedValueBase { get; set; }

    public decimal? ActualValueBase { get; set; }

    public DateTime? ActualCloseDate { get; set; }

    /// <summary>Whether the two versions differ in anything a counting rule reads.</summary>
    public bool SameForCounting(SourceRow other)
        => other.Table == Table && other.OwnerUserId == OwnerUserId && other.OwnerTeamId == OwnerTeamId && other.State == State && other.Status == Status
            && other.ActualEnd == ActualEnd && other.ActualDurationMinutes == ActualDurationMinutes && other.ScheduledDurationMinutes == ScheduledDurationMinutes
            && other.Purpose == Purpose && other.Outgoing == Outgoing && other.IsFirstMeeting == IsFirstMeeting
            && other.RegardingTable == RegardingTable && other.RegardingId == RegardingId && other.CreatedOn == CreatedOn
            && other.EstimatedValueBase == EstimatedValueBase && other.ActualValueBase == ActualValueBase && other.ActualCloseDate == ActualCloseDate;
}
