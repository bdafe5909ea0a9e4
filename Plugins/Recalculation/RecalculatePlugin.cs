using System;
using System.Diagnostics;
using System.Linq;
using CrmAccountability.Plugins.Counting;
using CrmAccountability.Plugins.Domain.Counting;
using CrmAccountability.Plugins.Domain.Periods;
using CrmAccountability.Plugins.Framework;
using Microsoft.Xrm.Sdk;
using Microsoft.Xrm.Sdk.Query;

namespace CrmAccountability.Plugins.Recalculation;

/// <summary>
/// cra_Recalculate (DESIGN §6.3): recomputes every attainment in scope — an expectation, a rep, a date range, or
/// everything — from the source rows, with the same lock-then-count the counting plug-ins use, so it repairs rows that
/// were edited, lost or never counted (after an import that bypassed plug-ins), closed periods included. It stops after
/// cra_WorkBatchSize attainments (or a minute, a safety net under the platform's two-minute limit) and returns a
/// continuation token; an empty token means the scope is done. A second run changes nothing. Callers need write access
/// to expectations (the API's execute privilege); the work itself runs as SYSTEM.
/// </summary>
[CustomApi("cra_Recalculate")]
public sealed class RecalculatePlugin : PluginBase
{
    private static readonly TimeSpan SafetyNet = TimeSpan.FromSeconds(60);

    protected override void ExecuteDataversePlugin(ILocalPluginContext context)
    {
        var input = context.ExecutionContext.InputParameters;
        var reader = new AccountabilityReader(context.SystemService, context.Trace);
        var walk = new AttainmentWalk(reader, context.OperationTimeUtc)
        {
            ExpectationId = Reference(input, "ExpectationId"),
            RepId = Reference(input, "RepId"),
            From = input.TryGetValue("From", out var from) ? from as DateTime? : null,
            To = input.TryGetValue("To", out var to) ? to as DateTime? : null,
        };
        if (walk.From is { } start && walk.To is { } end && end.Date < start.Date)
        {
            throw new InvalidPluginExecutionException("To (" + end.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture) + ") is before From (" + start.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture) + "); give a range that ends on or after it starts.");
        }

        RecalculationToken? resumeAt = null;
        if (input.TryGetValue("ContinuationToken", out var tokenValue) && tokenValue is string token && token.Length > 0)
        {
            resumeAt = RecalculationToken.Parse(token, walk.Scope, out var problem) ?? throw new InvalidPluginExecutionException(problem);
        }

        var engine = new AttainmentEngine(context, reader);
        var counter = new AttainmentCounter(reader.System);
        var budget = reader.Settings.WorkBatchSize;
        var clock = Stopwatch.StartNew();
        var processed = 0;
        var changed = 0;
        string next = string.Empty;
        string? refreshedFirstMeetings = null;
        foreach (var key in walk.Keys(resumeAt))
        {
            if (processed >= budget || clock.Elapsed > SafetyNet)
            {
                next = new RecalculationToken(walk.Scope, key.Expectation.Id, key.RepId, key.Period.Start).ToString();
                break;
            }

            var pair = key.Expectation.Id.ToString("N") + key.RepId.ToString("N");
            if (key.Expectation.FirstMeetingsOnly && refreshedFirstMeetings != pair)
            {
                RefreshFirstMeetings(reader, key);
                refreshedFirstMeetings = pair;
            }

            processed++;
            if (reader.Settings.WorkingTime.Total(key.Period) == TimeSpan.Zero && !Exists(reader, key) && counter.Count(key.Scope).Contributions == 0)
            {
                // A day off with nothing logged has no attainment.
                continue;
            }

            if (engine.RecomputeOne(key).Changed)
            {
                changed++;
            }
        }

        context.ExecutionContext.OutputParameters["Processed"] = processed;
        context.ExecutionContext.OutputParameters["Changed"] = changed;
        context.ExecutionContext.OutputParameters["ContinuationToken"] = next;
        context.Trace("Recalculated " + processed + " attainment(s), " + changed + " changed" + (next.Length > 0 ? "; more remain." : "; scope complete."));
    }

    private static Guid? Reference(ParameterCollection input, string name) => input.TryGetValue(name, out var value) && value is EntityReference reference ? reference.Id : null;

    private static bool Exists(AccountabilityReader reader, AttainmentKey key)
    {
        var query = new QueryExpression("cra_attainment") { ColumnSet = new ColumnSet("cra_attainmentid"), TopCount = 1 };
        query.Criteria.AddCondition("cra_expectationid", ConditionOperator.Equal, key.Expectation.Id);
        query.Criteria.AddCondition("cra_repid", ConditionOperator.Equal, key.RepId);
        query.Criteria.AddCondition("cra_periodstart", ConditionOperator.On, DateTime.SpecifyKind(key.Period.Start, DateTimeKind.Utc));
        return reader.System.RetrieveMultiple(query).Entities.Count > 0;
    }

    /// <summary>Re-derives the first-meeting flag for every customer the rep met in the period's reach, before counting first meetings.</summary>
    private static void RefreshFirstMeetings(AccountabilityReader reader, AttainmentKey key)
    {
        var fetch = "<fetch aggregate='true'><entity name='appointment'><attribute name='regardingobjectid' alias='customer' groupby='true' />"
            + "<filter><condition attribute='ownerid' operator='eq' value='" + key.RepId.ToString("D") + "' /><condition attribute='regardingobjectid' operator='not-null' /></filter></entity></fetch>";
        var customers = reader.System.RetrieveMultiple(new FetchExpression(fetch)).Entities
            .Select(e => e.GetAttributeValue<AliasedValue>("customer")?.Value as EntityReference)
            .Where(r => r != null)
            .Select(r => r!)
            .ToList();
        new FirstMeetingKeeper(reader.System).Refresh(customers, changed: null);
    }
}
