using System;
using System.Diagnostics;
using CrmAccountability.Plugins.Attainments;
using CrmAccountability.Plugins.Counting;
using CrmAccountability.Plugins.Expectations;
using CrmAccountability.Plugins.Framework;
using CrmAccountability.Plugins.Recalculation;
using Microsoft.Xrm.Sdk;

namespace CrmAccountability.Plugins.Evaluation;

/// <summary>
/// cra_EvaluateAccountability (DESIGN §5.3), run hourly by the solution's cloud flow: creates each covered rep's
/// current attainment (a joiner gets theirs from the period they join), refreshes expected-to-date, pace and status,
/// closes ended periods with their final status and streak, retires the open attainments of reps who left the team,
/// climbs the ladder, and writes the weekly pipeline snapshots. Idempotent — run it every five minutes and nothing is
/// created twice — and resumable: after cra_WorkBatchSize items it returns a continuation token (empty when done).
/// Its calls grow with reps × expectations, never with activity history.
/// </summary>
[CustomApi("cra_EvaluateAccountability")]
public sealed class EvaluateAccountabilityPlugin : PluginBase
{
    private const string Scope = "evaluate";
    private static readonly TimeSpan SafetyNet = TimeSpan.FromSeconds(60);

    protected override void ExecuteDataversePlugin(ILocalPluginContext context)
    {
        var input = context.ExecutionContext.InputParameters;
        RecalculationToken? resumeAt = null;
        if (input.TryGetValue("ContinuationToken", out var tokenValue) && tokenValue is string token && token.Length > 0)
        {
            resumeAt = RecalculationToken.Parse(token, Scope, out var problem) ?? throw new InvalidPluginExecutionException(problem);
        }

        var reader = new AccountabilityReader(context.SystemService, context.Trace);
        var engine = new AttainmentEngine(context, reader);
        var ladder = new AccountabilityLadder(context, reader);
        var snapshots = new PipelineSnapshots(reader, context.OperationTimeUtc);
        context.ExecutionContext.SharedVariables[ComputedColumns.SystemWriteKey] = true;
        var budget = reader.Settings.WorkBatchSize;
        var clock = Stopwatch.StartNew();
        var evaluated = 0;
        var next = string.Empty;
        foreach (var item in new EvaluationWalk(reader, context.OperationTimeUtc).Items(resumeAt))
        {
            if (evaluated >= budget || clock.Elapsed > SafetyNet)
            {
                next = new RecalculationToken(Scope, item.ExpectationId, item.RepId, item.PeriodStart).ToString();
                break;
            }

            evaluated++;
            if (item.Key is { } key)
            {
                ladder.Climb(key, item.Stored is { } stored ? engine.RefreshPace(key, stored) : engine.RecomputeOne(key));
            }
            else if (item.Retire is { } attainment)
            {
                // The rep left the team (or was disabled): their open attainment stops, without a verdict.
                reader.System.Update(new Entity("cra_attainment", attainment) { ["cra_isclosed"] = true, ["statecode"] = new OptionSetValue(1), ["statuscode"] = new OptionSetValue(2) });
                context.Trace("Retired attainment " + attainment + ": rep " + item.RepId + " is no longer covered by expectation " + item.ExpectationId + ".");
            }
            else if (item.Coverage is { } expectation)
            {
                ExpectationCoverage.Refresh(reader, expectation, item.StoredCoverage, context.OperationTimeUtc);
            }
            else if (item.SnapshotZone is { } zone)
            {
                snapshots.Refresh(item.RepId, zone);
            }
        }

        var output = context.ExecutionContext.OutputParameters;
        output["Evaluated"] = evaluated;
        output["Closed"] = engine.Closed;
        output["Nudges"] = ladder.Nudges;
        output["CoachingTasks"] = ladder.CoachingTasks;
        output["Recognitions"] = engine.Recognitions;
        output["ContinuationToken"] = next;
        context.Trace("Evaluated " + evaluated + " item(s): " + engine.Closed + " closed, " + ladder.Nudges + " nudges, " + ladder.CoachingTasks + " manager tasks, " + engine.Recognitions + " recognitions" + (next.Length > 0 ? "; more remain." : "."));
    }
}
