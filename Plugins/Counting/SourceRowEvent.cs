using System;
using System.Collections.Generic;
using System.Linq;
using CrmAccountability.Plugins.Domain.Counting;
using CrmAccountability.Plugins.Domain.Periods;
using CrmAccountability.Plugins.Framework;
using Microsoft.Xrm.Sdk;

namespace CrmAccountability.Plugins.Counting;

/// <summary>
/// One saved activity, opportunity or review: the row before and after, turned into the attainments that may change
/// (DESIGN §6.2) — for each version, the owning rep's active expectations that would count it, and the period its day
/// falls in, in that rep's time zone. A change of owner, date, type, amount or state therefore recounts both the old
/// and the new place. Appointments also move the first-meeting flag; activities regarding an opportunity restamp its
/// last activity.
/// </summary>
public sealed class SourceRowEvent
{
    private readonly ILocalPluginContext _context;
    private readonly AccountabilityReader _reader;
    private readonly Func<ILocalPluginContext, AccountabilityReader, AttainmentEngine> _engine;

    public SourceRowEvent(ILocalPluginContext context, Func<ILocalPluginContext, AccountabilityReader, AttainmentEngine>? engine = null)
    {
        _context = context;
        _reader = new AccountabilityReader(context.SystemService, context.Trace);
        _engine = engine ?? ((c, r) => new AttainmentEngine(c, r));
    }

    public void Handle(string table, SourceRow? before, SourceRow? after)
    {
        if (before == null && after == null)
        {
            _context.Trace("Nothing to count: the step gave no row before or after.");
            return;
        }

        if (before != null && after != null && before.SameForCounting(after))
        {
            _context.Trace("Nothing that counts changed on " + table + " " + after.Id + ".");
            return;
        }

        var changes = new List<RowChange> { new(before, after) };
        if (table == "appointment")
        {
            var regarding = new[] { before, after }
                .Where(r => r?.RegardingId != null)
                .Select(r => new EntityReference(r!.RegardingTable, r.RegardingId!.Value))
                .ToList();
            foreach (var move in new FirstMeetingKeeper(_reader.System).Refresh(regarding, after))
            {
                if (after != null && move.After!.Id == after.Id)
                {
                    // This very appointment's flag moved: count it with the flag it now has.
                    after.IsFirstMeeting = move.After.IsFirstMeeting;
                }
                else
                {
                    changes.Add(move);
                }
            }
        }

        if (ActivityTables.IsActivity(table))
        {
            var opportunities = new[] { before, after }
                .Where(r => r?.RegardingTable == "opportunity" && r.RegardingId != null)
                .Select(r => r!.RegardingId!.Value)
                .ToList();
            new LastActivityStamp(_reader.System).Refresh(opportunities);
        }

        if (table == "opportunity" && after != null && after.State == 0 && before?.State is not null and not 0)
        {
            // Reopened: activities completed while it was closed did not stamp it.
            new LastActivityStamp(_reader.System).Refresh([after.Id]);
        }

        var keys = new AttainmentKeySet();
        foreach (var change in changes)
        {
            AddKeys(keys, change.Before);
            AddKeys(keys, change.After);
        }

        var changed = _engine(_context, _reader).Recompute(keys);
        _context.Trace("Recounted " + keys.Count + " attainment(s) for " + table + " " + (after ?? before)!.Id + "; " + changed + " changed.");
    }

    private void AddKeys(AttainmentKeySet keys, SourceRow? row)
    {
        if (row == null)
        {
            return;
        }

        if (row.OwnerUserId is not { } rep)
        {
            if (row.OwnerTeamId != null)
            {
                _context.Trace(row.Table + " " + row.Id + " is owned by a team, which credits nobody.");
            }

            return;
        }

        var zone = _reader.ZoneOf(rep);
        var calendar = _reader.Settings.Calendar;
        foreach (var expectation in _reader.ExpectationsFor(rep).Where(e => e.Counts(row.Table)))
        {
            if (CountingRules.CountingDay(row, expectation, rep, zone) is { } day
                && ExpectationPeriods.Containing(expectation, day, calendar) is { } period)
            {
                keys.Add(new AttainmentKey(expectation, rep, period, zone));
            }
        }
    }
}
