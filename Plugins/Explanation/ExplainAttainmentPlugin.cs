using System;
using System.Collections.Generic;
using System.Linq;
using CrmAccountability.Plugins.Counting;
using CrmAccountability.Plugins.Domain;
using CrmAccountability.Plugins.Domain.Counting;
using CrmAccountability.Plugins.Domain.Periods;
using CrmAccountability.Plugins.Framework;
using Microsoft.Xrm.Sdk;
using Microsoft.Xrm.Sdk.Query;

namespace CrmAccountability.Plugins.Explanation;

/// <summary>
/// cra_ExplainAttainment (DESIGN §5.6), a function bound to cra_attainment: "why didn't my call count?". It judges
/// every candidate row — the rep's own and the ones they created, dated in or next to the period — with the same
/// rules the engine counts with, and returns those that counted (Counted) and those that did not (NotCounted, each
/// with cra_reason), plus a one-sentence Summary. The caller must be able to read the attainment: a rep explains their
/// own, a manager their team's.
/// </summary>
[CustomApi("cra_ExplainAttainment")]
public sealed class ExplainAttainmentPlugin : PluginBase
{
    /// <summary>Candidates read per table; an explanation is for people, not a data export.</summary>
    private const int CandidatesPerTable = 500;

    protected override void ExecuteDataversePlugin(ILocalPluginContext context)
    {
        var target = context.ExecutionContext.InputParameters.TryGetValue("Target", out var value) ? value as EntityReference : null;
        if (target == null || target.LogicalName != "cra_attainment")
        {
            throw new InvalidPluginExecutionException("Explain works on an attainment: call cra_ExplainAttainment bound to a cra_attainment row.");
        }

        if (!CanRead(context.UserService, target.Id))
        {
            throw new InvalidPluginExecutionException("You can only explain an attainment you can see: your own, or, for a manager, your team's.");
        }

        var reader = new AccountabilityReader(context.SystemService, context.Trace);
        var attainment = reader.System.Retrieve("cra_attainment", target.Id, new ColumnSet("cra_expectationid", "cra_repid", "cra_periodstart", "cra_periodend", "cra_periodlabel", "cra_actual"));
        var expectation = reader.Expectation(attainment.GetAttributeValue<EntityReference>("cra_expectationid")?.Id ?? Guid.Empty)
            ?? throw new InvalidPluginExecutionException("This attainment's expectation no longer exists or lacks a metric, period or target, so there is nothing to explain it by.");
        var rep = attainment.GetAttributeValue<EntityReference>("cra_repid")?.Id ?? throw new InvalidPluginExecutionException("This attainment names no rep.");
        var start = attainment.GetAttributeValue<DateTime?>("cra_periodstart")?.Date ?? throw new InvalidPluginExecutionException("This attainment has no period start; ask an administrator to run Recalculate.");
        var end = attainment.GetAttributeValue<DateTime?>("cra_periodend")?.Date ?? reader.Settings.Calendar.For(expectation.Period == Period.Custom ? Period.Day : expectation.Period, start).End;
        var period = new AttainmentPeriod(expectation.Period, start, end, attainment.GetAttributeValue<string>("cra_periodlabel") ?? string.Empty);
        var scope = new CountingScope(expectation, rep, period, reader.ZoneOf(rep));

        var counted = new EntityCollection();
        var notCounted = new EntityCollection();
        var total = 0m;
        var truncated = false;
        foreach (var table in CandidateTables(expectation))
        {
            var rows = Candidates(reader.System, scope, table);
            truncated |= rows.Count >= CandidatesPerTable;
            foreach (var row in rows)
            {
                var verdict = CountingRules.Judge(SourceRows.From(row), scope);
                var shown = new Entity(row.LogicalName, row.Id);
                foreach (var column in SourceRows.ColumnArray(table).Concat(["createdon"]).Where(row.Contains))
                {
                    shown[column] = row[column];
                }

                if (verdict.Counts)
                {
                    total += verdict.Value;
                    counted.Entities.Add(shown);
                }
                else
                {
                    shown["cra_reason"] = verdict.Reason;
                    notCounted.Entities.Add(shown);
                }
            }
        }

        var output = context.ExecutionContext.OutputParameters;
        output["Counted"] = counted;
        output["NotCounted"] = notCounted;
        output["Summary"] = ExplanationSummary.Sentence(expectation, period, counted, notCounted, total, truncated);
    }

    private static bool CanRead(IOrganizationService user, Guid attainmentId)
    {
        var query = new QueryExpression("cra_attainment") { ColumnSet = new ColumnSet("cra_attainmentid"), TopCount = 1 };
        query.Criteria.AddCondition("cra_attainmentid", ConditionOperator.Equal, attainmentId);
        return user.RetrieveMultiple(query).Entities.Count > 0;
    }

    /// <summary>Activity metrics look at all four activity tables, so a task under a calls-only expectation can be explained too.</summary>
    private static IReadOnlyList<string> CandidateTables(ExpectationDefinition expectation)
        => expectation.IsActivityMetric ? ActivityTables.All : expectation.SourceTables();

    /// <summary>
    /// The rows a rep could mean: theirs or created by them (team-owned ones included), whose date falls in the period
    /// or a day either side of it, or which have no date yet but were created then.
    /// </summary>
    private static List<Entity> Candidates(IOrganizationService system, CountingScope scope, string table)
    {
        var measure = SourceMeasure.For(scope.Expectation.Metric, table);
        var query = new QueryExpression(table) { ColumnSet = new ColumnSet(SourceRows.ColumnArray(table).Concat(["createdon"]).Distinct().ToArray()), TopCount = CandidatesPerTable };
        var who = new FilterExpression(LogicalOperator.Or);
        who.AddCondition("ownerid", ConditionOperator.Equal, scope.RepId);
        who.AddCondition("createdby", ConditionOperator.Equal, scope.RepId);
        query.Criteria.AddFilter(who);

        var from = scope.StartUtc.AddDays(-1);
        var to = scope.EndUtc.AddDays(1);
        var when = new FilterExpression(LogicalOperator.Or);
        var dated = new FilterExpression(LogicalOperator.And);
        if (measure.DateIsUserLocal)
        {
            dated.AddCondition(measure.DateColumn, ConditionOperator.GreaterEqual, from);
            dated.AddCondition(measure.DateColumn, ConditionOperator.LessThan, to);
        }
        else
        {
            dated.AddCondition(measure.DateColumn, ConditionOperator.OnOrAfter, scope.Period.Start.AddDays(-1));
            dated.AddCondition(measure.DateColumn, ConditionOperator.OnOrBefore, scope.Period.End.AddDays(1));
        }

        var undated = new FilterExpression(LogicalOperator.And);
        undated.AddCondition(measure.DateColumn, ConditionOperator.Null);
        undated.AddCondition("createdon", ConditionOperator.GreaterEqual, from);
        undated.AddCondition("createdon", ConditionOperator.LessThan, to);
        when.AddFilter(dated);
        when.AddFilter(undated);
        query.Criteria.AddFilter(when);
        query.AddOrder(measure.DateColumn, OrderType.Ascending);
        return system.RetrieveMultiple(query).Entities.ToList();
    }
}
