using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using CrmAccountability.Plugins.Counting;
using CrmAccountability.Plugins.Domain;
using CrmAccountability.Plugins.Domain.Counting;
using CrmAccountability.Plugins.Domain.Periods;
using Microsoft.Xrm.Sdk;
using Microsoft.Xrm.Sdk.Query;

namespace CrmAccountability.Plugins.Recalculation;

/// <summary>
/// Every attainment in a scope, in the canonical order (expectation id, rep id, period start): the expectations
/// (one, or every active one), the reps each covers (the rep, the team's active members, and anyone who already has an
/// attainment of it), and each of the expectation's whole periods that overlap the date range. Walked lazily, so a
/// resumed call skips straight to where the last one stopped.
/// </summary>
public sealed class AttainmentWalk
{
    private readonly AccountabilityReader _reader;
    private readonly DateTime _todayUtc;

    public AttainmentWalk(AccountabilityReader reader, DateTime nowUtc)
    {
        _reader = reader;
        _todayUtc = nowUtc;
    }

    public Guid? ExpectationId { get; init; }

    public Guid? RepId { get; init; }

    public DateTime? From { get; init; }

    public DateTime? To { get; init; }

    /// <summary>A fingerprint of the scope, carried in continuation tokens.</summary>
    public string Scope
        => string.Join(",", ExpectationId?.ToString("N") ?? "*", RepId?.ToString("N") ?? "*", From?.ToString("yyyyMMdd", CultureInfo.InvariantCulture) ?? "*", To?.ToString("yyyyMMdd", CultureInfo.InvariantCulture) ?? "*");

    public IEnumerable<AttainmentKey> Keys(RecalculationToken? resumeAt)
    {
        foreach (var expectation in Expectations().Where(e => resumeAt == null || e.Id.CompareTo(resumeAt.ExpectationId) >= 0))
        {
            foreach (var rep in Reps(expectation).Where(r => resumeAt == null || expectation.Id != resumeAt.ExpectationId || r.CompareTo(resumeAt.RepId) >= 0))
            {
                var zone = _reader.ZoneOf(rep);
                foreach (var period in Periods(expectation, zone))
                {
                    if (resumeAt != null && expectation.Id == resumeAt.ExpectationId && rep == resumeAt.RepId && period.Start < resumeAt.PeriodStart)
                    {
                        continue;
                    }

                    yield return new AttainmentKey(expectation, rep, period, zone);
                }
            }
        }
    }

    private List<ExpectationDefinition> Expectations()
    {
        if (ExpectationId is { } id)
        {
            var one = _reader.Expectation(id) ?? throw new InvalidPluginExecutionException("There is no expectation " + id + " (or it lacks a metric, period or target), so nothing can be recalculated for it.");
            return one.IsActive ? [one] : [];
        }

        var query = new QueryExpression("cra_expectation") { ColumnSet = new ColumnSet(ExpectationRecords.ColumnArray) };
        query.Criteria.AddCondition("statecode", ConditionOperator.Equal, 0);
        query.AddOrder("cra_expectationid", OrderType.Ascending);
        return _reader.System.RetrieveMultiple(query).Entities.Select(ExpectationRecords.From).Where(e => e != null).Select(e => e!).OrderBy(e => e.Id).ToList();
    }

    private List<Guid> Reps(ExpectationDefinition expectation)
    {
        var reps = new HashSet<Guid>(_reader.RepsOf(expectation));
        var fetch = "<fetch aggregate='true'><entity name='cra_attainment'><attribute name='cra_repid' alias='rep' groupby='true' />"
            + "<filter><condition attribute='cra_expectationid' operator='eq' value='" + expectation.Id.ToString("D") + "' /></filter></entity></fetch>";
        foreach (var row in _reader.System.RetrieveMultiple(new FetchExpression(fetch)).Entities)
        {
            if (row.GetAttributeValue<AliasedValue>("rep")?.Value is EntityReference rep)
            {
                reps.Add(rep.Id);
            }
        }

        return reps.Where(r => RepId == null || r == RepId).OrderBy(r => r).ToList();
    }

    /// <summary>The expectation's periods overlapping From … To (defaults: its start, else its first attainment, else today; and today).</summary>
    private IEnumerable<AttainmentPeriod> Periods(ExpectationDefinition expectation, TimeZoneInfo zone)
    {
        var calendar = _reader.Settings.Calendar;
        var today = ZonedTime.LocalDate(_todayUtc, zone);
        var last = (To?.Date ?? today) < today ? To!.Value.Date : today;
        if (expectation.EndsOn is { } endsOn && endsOn.Date < last)
        {
            last = endsOn.Date;
        }

        if (expectation.Period == Period.Custom)
        {
            var custom = expectation.CustomStart is { } s && expectation.CustomEnd is { } e ? ExpectationPeriods.Containing(expectation, s, calendar) : null;
            if (custom != null && custom.Start <= last && (From == null || custom.End >= From.Value.Date))
            {
                yield return custom;
            }

            yield break;
        }

        var first = From?.Date ?? expectation.StartsOn?.Date ?? FirstAttainment(expectation.Id) ?? today;
        var period = calendar.For(expectation.Period, first);
        for (var guard = 0; period.Start <= last && guard < 20_000; guard++)
        {
            if (ExpectationPeriods.InRange(expectation, period))
            {
                yield return period;
            }

            period = calendar.Next(period);
        }
    }

    private DateTime? FirstAttainment(Guid expectationId)
    {
        var fetch = "<fetch aggregate='true'><entity name='cra_attainment'><attribute name='cra_periodstart' alias='first' aggregate='min' />"
            + "<filter><condition attribute='cra_expectationid' operator='eq' value='" + expectationId.ToString("D") + "' /></filter></entity></fetch>";
        return _reader.System.RetrieveMultiple(new FetchExpression(fetch)).Entities.FirstOrDefault()?.GetAttributeValue<AliasedValue>("first")?.Value is DateTime first ? first.Date : null;
    }
}
