using System;
using System.Collections.Generic;
using System.Linq;
using CrmAccountability.Plugins.Counting;
using CrmAccountability.Plugins.Domain;
using CrmAccountability.Plugins.Domain.Counting;
using CrmAccountability.Plugins.Domain.Periods;
using Microsoft.Xrm.Sdk;
using Microsoft.Xrm.Sdk.Query;

namespace CrmAccountability.Plugins.Evaluation;

/// <summary>One piece of an evaluation: an expectation's coverage note, an attainment to refresh, a leaver's attainment to retire, or a rep's weekly snapshot.</summary>
public sealed class EvaluationItem
{
    public EvaluationItem(Guid expectationId, Guid repId, DateTime periodStart)
    {
        ExpectationId = expectationId;
        RepId = repId;
        PeriodStart = periodStart;
    }

    public Guid ExpectationId { get; }

    public Guid RepId { get; }

    public DateTime PeriodStart { get; }

    /// <summary>Set for an attainment to refresh and run the ladder on.</summary>
    public AttainmentKey? Key { get; init; }

    /// <summary>The attainment row as stored, when it exists: only its pace is refreshed (no source rows are read).</summary>
    public Entity? Stored { get; init; }

    /// <summary>Set for an open attainment of a rep the expectation no longer covers.</summary>
    public Guid? Retire { get; init; }

    /// <summary>Set for an expectation whose Coverage note is brought up to date (first, before its reps).</summary>
    public ExpectationDefinition? Coverage { get; init; }

    public string? StoredCoverage { get; init; }

    /// <summary>Set for a rep whose weekly pipeline snapshot and stalled flags are refreshed.</summary>
    public TimeZoneInfo? SnapshotZone { get; init; }
}

/// <summary>
/// An evaluation's work in the canonical order: for each active expectation (by id) its coverage note, then for each rep (by id) the rep's
/// open attainments and the current period (created if missing; a day off only if something is logged on it), or, for
/// a rep who has left the team, their open attainments to retire; then each covered rep's pipeline snapshot. Lazy,
/// so a continuation skips to where the last call stopped.
/// </summary>
public sealed class EvaluationWalk
{
    /// <summary>Snapshots come after every expectation: their items carry the largest possible expectation id.</summary>
    public static readonly Guid SnapshotPhase = new("ffffffff-ffff-ffff-ffff-ffffffffffff");

    private readonly AccountabilityReader _reader;
    private readonly DateTime _nowUtc;

    public EvaluationWalk(AccountabilityReader reader, DateTime nowUtc)
    {
        _reader = reader;
        _nowUtc = nowUtc;
    }

    public IEnumerable<EvaluationItem> Items(Recalculation.RecalculationToken? resumeAt)
    {
        var expectations = ActiveExpectations();
        foreach (var row in expectations.Where(e => resumeAt == null || e.Definition.Id.CompareTo(resumeAt.ExpectationId) >= 0))
        {
            var expectation = row.Definition;
            var coverage = new EvaluationItem(expectation.Id, Guid.Empty, DateTime.MinValue) { Coverage = expectation, StoredCoverage = row.StoredCoverage };
            if (AtOrAfter(coverage, resumeAt))
            {
                yield return coverage;
            }

            var covered = new HashSet<Guid>(_reader.RepsOf(expectation));
            var open = OpenAttainments(expectation.Id);
            var reps = covered.Concat(open.Select(o => o.Rep)).Distinct().OrderBy(r => r);
            foreach (var rep in reps.Where(r => resumeAt == null || expectation.Id != resumeAt.ExpectationId || r.CompareTo(resumeAt.RepId) >= 0))
            {
                foreach (var item in ItemsFor(expectation, rep, covered.Contains(rep), open.Where(o => o.Rep == rep).ToList()))
                {
                    if (AtOrAfter(item, resumeAt))
                    {
                        yield return item;
                    }
                }
            }
        }

        var pipelineReps = expectations.Select(e => e.Definition).Where(e => e.Metric != Metric.ReviewsHeld).SelectMany(_reader.RepsOf).Distinct().OrderBy(r => r);
        foreach (var rep in pipelineReps)
        {
            var item = new EvaluationItem(SnapshotPhase, rep, DateTime.MinValue) { SnapshotZone = _reader.ZoneOf(rep) };
            if (AtOrAfter(item, resumeAt))
            {
                yield return item;
            }
        }
    }

    /// <summary>Whether the item comes at or after the place a continuation token names, in the canonical order (expectation, rep, period start).</summary>
    private static bool AtOrAfter(EvaluationItem item, Recalculation.RecalculationToken? resumeAt)
    {
        if (resumeAt == null)
        {
            return true;
        }

        var byExpectation = item.ExpectationId.CompareTo(resumeAt.ExpectationId);
        if (byExpectation != 0)
        {
            return byExpectation > 0;
        }

        var byRep = item.RepId.CompareTo(resumeAt.RepId);
        return byRep != 0 ? byRep > 0 : item.PeriodStart >= resumeAt.PeriodStart;
    }

    private IEnumerable<EvaluationItem> ItemsFor(ExpectationDefinition expectation, Guid rep, bool covered, List<OpenAttainment> open)
    {
        if (!covered)
        {
            foreach (var row in open.OrderBy(o => o.Start))
            {
                yield return new EvaluationItem(expectation.Id, rep, row.Start) { Retire = row.Id };
            }

            yield break;
        }

        var zone = _reader.ZoneOf(rep);
        var calendar = _reader.Settings.Calendar;
        var periods = new SortedDictionary<DateTime, AttainmentPeriod>();
        foreach (var row in open)
        {
            var period = expectation.Period == Period.Custom ? ExpectationPeriods.Containing(expectation, row.Start, calendar) : calendar.For(expectation.Period, row.Start);
            if (period != null && period.Start == row.Start)
            {
                periods[period.Start] = period;
            }
        }

        var today = ZonedTime.LocalDate(_nowUtc, zone);
        if (ExpectationPeriods.Containing(expectation, today, calendar) is { } current
            && (_reader.Settings.WorkingTime.Total(current) > TimeSpan.Zero || periods.ContainsKey(current.Start)))
        {
            periods[current.Start] = current;
        }

        foreach (var period in periods.Values)
        {
            var stored = open.FirstOrDefault(o => o.Start == period.Start)?.Row;
            yield return new EvaluationItem(expectation.Id, rep, period.Start) { Key = new AttainmentKey(expectation, rep, period, zone), Stored = stored };
        }
    }

    private List<ExpectationRow> ActiveExpectations()
    {
        var query = new QueryExpression("cra_expectation") { ColumnSet = new ColumnSet(ExpectationRecords.ImageColumnArray) };
        query.Criteria.AddCondition("statecode", ConditionOperator.Equal, 0);
        var rows = new List<ExpectationRow>();
        foreach (var entity in _reader.System.RetrieveMultiple(query).Entities)
        {
            if (ExpectationRecords.From(entity) is { } definition)
            {
                rows.Add(new ExpectationRow(definition, entity.GetAttributeValue<string>("cra_coverage")));
            }
            else
            {
                _reader.Trace("Expectation " + entity.Id + " lacks a metric, period or positive target; it is skipped. Open it and complete it.");
            }
        }

        return rows.OrderBy(r => r.Definition.Id).ToList();
    }

    private List<OpenAttainment> OpenAttainments(Guid expectationId)
    {
        var query = new QueryExpression("cra_attainment") { ColumnSet = new ColumnSet(["cra_repid", "cra_periodstart", .. AttainmentEngine.AttainmentColumns.Split(',')]) };
        query.Criteria.AddCondition("cra_expectationid", ConditionOperator.Equal, expectationId);
        query.Criteria.AddCondition("statecode", ConditionOperator.Equal, 0);
        var notClosed = new FilterExpression(LogicalOperator.Or);
        notClosed.AddCondition("cra_isclosed", ConditionOperator.Equal, false);
        notClosed.AddCondition("cra_isclosed", ConditionOperator.Null);
        query.Criteria.AddFilter(notClosed);
        return _reader.System.RetrieveMultiple(query).Entities
            .Where(e => e.GetAttributeValue<EntityReference>("cra_repid") != null && e.GetAttributeValue<DateTime?>("cra_periodstart") != null)
            .Select(e => new OpenAttainment(e.Id, e.GetAttributeValue<EntityReference>("cra_repid").Id, e.GetAttributeValue<DateTime>("cra_periodstart").Date, e))
            .ToList();
    }

    private sealed class ExpectationRow(ExpectationDefinition definition, string? storedCoverage)
    {
        public ExpectationDefinition Definition { get; } = definition;

        public string? StoredCoverage { get; } = storedCoverage;
    }

    private sealed class OpenAttainment(Guid id, Guid rep, DateTime start, Entity row)
    {
        public Entity Row { get; } = row;

        public Guid Id { get; } = id;

        public Guid Rep { get; } = rep;

        public DateTime Start { get; } = start;
    }
}
