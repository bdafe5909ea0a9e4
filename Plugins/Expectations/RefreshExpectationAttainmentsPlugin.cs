using System;
using System.Linq;
using CrmAccountability.Plugins.Counting;
using CrmAccountability.Plugins.Domain;
using CrmAccountability.Plugins.Domain.Periods;
using CrmAccountability.Plugins.Framework;
using Microsoft.Xrm.Sdk;
using Microsoft.Xrm.Sdk.Query;

namespace CrmAccountability.Plugins.Expectations;

/// <summary>
/// Saving an expectation (DESIGN §5.1) creates the current period's attainment for every rep it covers — the rep, or
/// each active member of the team — so everyone shows up at 0 before they act; changing what counts, the targets or who
/// it is for recounts the open attainments (closed ones keep the targets they closed with).
/// </summary>
[PluginStep("Create", "cra_expectation", 40, Id = "3f0c8e61-6a43-4b8e-9d2a-1c7e5b9a0d41", PostImage = "PostImage", PostImageAttributes = ExpectationRecords.ImageColumns)]
[PluginStep("Update", "cra_expectation", 40, Id = "3f0c8e61-6a43-4b8e-9d2a-1c7e5b9a0d42", FilteringAttributes = ExpectationRecords.Columns, PostImage = "PostImage", PostImageAttributes = ExpectationRecords.ImageColumns)]
public sealed class RefreshExpectationAttainmentsPlugin : PluginBase
{
    protected override void ExecuteDataversePlugin(ILocalPluginContext context)
    {
        if (!context.ExecutionContext.PostEntityImages.TryGetValue("PostImage", out var image))
        {
            throw new InvalidPluginExecutionException("The " + context.ExecutionContext.MessageName + " step of cra_expectation has no post-image named PostImage. Re-import the CrmAccountability solution to restore its step registrations.");
        }

        var expectation = ExpectationRecords.From(image);
        if (expectation == null || !expectation.IsActive)
        {
            context.Trace("Expectation " + context.ExecutionContext.PrimaryEntityId + " is inactive or incomplete; its attainments are left as they are.");
            return;
        }

        var reader = new AccountabilityReader(context.SystemService, context.Trace);
        var calendar = reader.Settings.Calendar;
        var keys = new AttainmentKeySet();
        var reps = reader.RepsOf(expectation);
        if (reps.Count == 0)
        {
            context.Trace("Expectation '" + expectation.Name + "' covers nobody yet (its team has no active members); attainments appear as members join.");
        }

        foreach (var rep in reps)
        {
            var zone = reader.ZoneOf(rep);
            var today = ZonedTime.LocalDate(context.OperationTimeUtc, zone);
            if (ExpectationPeriods.Containing(expectation, today, calendar) is { } current)
            {
                // A day off gets a row only once something is logged on it (the counting plug-ins create it then), as in Evaluate.
                if (reader.Settings.WorkingTime.Total(current) > TimeSpan.Zero)
                {
                    keys.Add(new AttainmentKey(expectation, rep, current, zone));
                }
            }
            else if (ExpectationPeriods.Last(expectation, calendar) is { } last && last.End < today)
            {
                // Set after the fact (a guardrail whose deadline has passed, say): its last period is counted and closed now.
                keys.Add(new AttainmentKey(expectation, rep, last, zone));
                context.Trace("Expectation '" + expectation.Name + "' ended on " + last.End.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture) + "; its last period " + last.Label + " is counted and closed for rep " + rep + ".");
            }
            else
            {
                context.Trace("Expectation '" + expectation.Name + "' has no period containing " + today.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture) + " for rep " + rep + " (it starts later); its first attainment appears when it starts.");
            }
        }

        if (context.ExecutionContext.MessageName == "Update")
        {
            // What counts or the targets may have changed: every open attainment of this expectation is recounted.
            var query = new QueryExpression("cra_attainment") { ColumnSet = new ColumnSet("cra_repid", "cra_periodstart", "cra_periodend") };
            query.Criteria.AddCondition("cra_expectationid", ConditionOperator.Equal, expectation.Id);
            query.Criteria.AddCondition("cra_isclosed", ConditionOperator.NotEqual, true);
            foreach (var row in reader.System.RetrieveMultiple(query).Entities)
            {
                var rep = row.GetAttributeValue<EntityReference>("cra_repid");
                var start = row.GetAttributeValue<DateTime?>("cra_periodstart");
                if (rep == null || start == null)
                {
                    continue;
                }

                var period = expectation.Period == Period.Custom
                    ? ExpectationPeriods.Containing(expectation, start.Value.Date, calendar)
                    : calendar.For(expectation.Period, start.Value.Date);
                if (period == null || period.Start != start.Value.Date)
                {
                    context.Trace("Attainment " + row.Id + " belongs to a period this expectation no longer has; it is left as it is.");
                    continue;
                }

                keys.Add(new AttainmentKey(expectation, rep.Id, period, reader.ZoneOf(rep.Id)));
            }
        }

        ExpectationCoverage.Refresh(reader, expectation, image.GetAttributeValue<string>("cra_coverage"), context.OperationTimeUtc);
        var changed = new AttainmentEngine(context, reader).Recompute(keys);
        context.Trace("Expectation '" + expectation.Name + "': " + keys.Count + " attainment(s) refreshed, " + changed + " changed.");
    }
}
