using System;
using System.Collections.Generic;
using System.Linq;
using CrmAccountability.Plugins.Domain.Counting;
using Microsoft.Xrm.Sdk;
using Microsoft.Xrm.Sdk.Query;

namespace CrmAccountability.Plugins.Counting;

/// <summary>
/// Keeps appointment.cra_isfirstmeeting true on exactly one appointment per regarding record: the earliest completed
/// one (by actual end, then by creation). Completing, reopening, backdating, moving or deleting an appointment can move
/// the flag to another appointment; each move is returned as that appointment's before and after, so its owner's
/// attainments are recounted too.
/// </summary>
public sealed class FirstMeetingKeeper
{
    private readonly IOrganizationService _system;

    public FirstMeetingKeeper(IOrganizationService system)
    {
        _system = system;
    }

    /// <summary>
    /// Re-derives the flag for every appointment regarding <paramref name="regardingRecords"/>, and clears it on
    /// <paramref name="changed"/> when that appointment now regards nothing.
    /// </summary>
    public IReadOnlyList<RowChange> Refresh(IEnumerable<EntityReference> regardingRecords, SourceRow? changed)
    {
        var moves = new List<RowChange>();
        if (changed is { RegardingId: null, IsFirstMeeting: true })
        {
            _system.Update(new Entity("appointment", changed.Id) { ["cra_isfirstmeeting"] = false });
            var after = SourceRows.Copy(changed);
            after.IsFirstMeeting = false;
            moves.Add(new RowChange(changed, after));
        }

        foreach (var regarding in regardingRecords.GroupBy(r => r.Id).Select(g => g.First()).OrderBy(r => r.Id))
        {
            var first = Appointments(regarding, firstOnly: true).FirstOrDefault();
            var flagged = Appointments(regarding, firstOnly: false);
            foreach (var appointment in flagged.Where(a => first == null || a.Id != first.Id))
            {
                moves.Add(SetFlag(_system, appointment, false));
            }

            if (first != null && first.GetAttributeValue<bool?>("cra_isfirstmeeting") != true)
            {
                moves.Add(SetFlag(_system, first, true));
            }
        }

        return moves;
    }

    private static RowChange SetFlag(IOrganizationService system, Entity appointment, bool isFirst)
    {
        var before = SourceRows.From(appointment);
        system.Update(new Entity("appointment", appointment.Id) { ["cra_isfirstmeeting"] = isFirst });
        var after = SourceRows.From(appointment);
        after.IsFirstMeeting = isFirst;
        return new RowChange(before, after);
    }

    /// <summary>firstOnly: the earliest completed appointment regarding the record; otherwise those flagged as first now.</summary>
    private List<Entity> Appointments(EntityReference regarding, bool firstOnly)
    {
        var query = new QueryExpression("appointment") { ColumnSet = new ColumnSet(SourceRows.ColumnArray("appointment")) };
        query.Criteria.AddCondition("regardingobjectid", ConditionOperator.Equal, regarding.Id);
        if (firstOnly)
        {
            query.TopCount = 1;
            query.Criteria.AddCondition("statecode", ConditionOperator.Equal, 1);
            query.Criteria.AddCondition("actualend", ConditionOperator.NotNull);
            query.AddOrder("actualend", OrderType.Ascending);
            query.AddOrder("createdon", OrderType.Ascending);
        }
        else
        {
            query.Criteria.AddCondition("cra_isfirstmeeting", ConditionOperator.Equal, true);
        }

        return _system.RetrieveMultiple(query).Entities.ToList();
    }
}

/// <summary>A source row before and after a change; either is null when the row did not exist then.</summary>
public sealed class RowChange
{
    public RowChange(SourceRow? before, SourceRow? after)
    {
        Before = before;
        After = after;
    }

    public SourceRow? Before { get; }

    public SourceRow? After { get; }
}
