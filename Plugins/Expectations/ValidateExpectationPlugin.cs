using System;
using System.Linq;
using CrmAccountability.Plugins.Domain;
using CrmAccountability.Plugins.Framework;
using Microsoft.Xrm.Sdk;

namespace CrmAccountability.Plugins.Expectations;

/// <summary>
/// Rejects an expectation that cannot be measured, before anything is written (PreValidation), with every problem
/// in one message the manager can act on.
/// </summary>
[PluginStep("Create", "cra_expectation", 10, Id = "3f0c8e61-6a43-4b8e-9d2a-1c7e5b9a0d11")]
[PluginStep("Update", "cra_expectation", 10, Id = "3f0c8e61-6a43-4b8e-9d2a-1c7e5b9a0d12",
    FilteringAttributes = Columns,
    PreImage = "PreImage",
    PreImageAttributes = Columns)]
public sealed class ValidateExpectationPlugin : PluginBase
{
    private const string Columns = "cra_name,cra_metric,cra_period,cra_target,cra_stretchtarget,cra_repid,cra_teamid,cra_customstart,cra_customend,cra_startson,cra_endson,cra_activitytypes,cra_purposes,cra_outgoingonly,cra_firstmeetingsonly,cra_minimumamount";

    protected override void ExecuteDataversePlugin(ILocalPluginContext context)
    {
        var target = (Entity)context.ExecutionContext.InputParameters["Target"];
        context.ExecutionContext.PreEntityImages.TryGetValue("PreImage", out var stored);
        var problems = ExpectationRules.Problems(Draft(target, stored));
        if (problems.Count > 0)
        {
            throw new InvalidPluginExecutionException("This expectation can't be saved yet: " + string.Join(" ", problems));
        }
    }

    /// <summary>The row as it will be: the caller's values over the stored ones.</summary>
    private static ExpectationDraft Draft(Entity target, Entity? stored)
    {
        T Value<T>(string column) => target.Contains(column) ? target.GetAttributeValue<T>(column) : stored != null ? stored.GetAttributeValue<T>(column) : default!;
        return new ExpectationDraft
        {
            Name = Value<string>("cra_name"),
            Metric = Value<OptionSetValue>("cra_metric") is { } metric ? (Metric)metric.Value : null,
            Period = Value<OptionSetValue>("cra_period") is { } period ? (Period)period.Value : null,
            Target = Value<decimal?>("cra_target"),
            StretchTarget = Value<decimal?>("cra_stretchtarget"),
            HasRep = Value<EntityReference>("cra_repid") != null,
            HasTeam = Value<EntityReference>("cra_teamid") != null,
            CustomStart = Value<DateTime?>("cra_customstart"),
            CustomEnd = Value<DateTime?>("cra_customend"),
            StartsOn = Value<DateTime?>("cra_startson"),
            EndsOn = Value<DateTime?>("cra_endson"),
            ActivityTypeCount = Value<OptionSetValueCollection>("cra_activitytypes")?.Count ?? 0,
            PurposeCount = Value<OptionSetValueCollection>("cra_purposes")?.Count ?? 0,
            OutgoingOnly = Value<bool>("cra_outgoingonly"),
            FirstMeetingsOnly = Value<bool>("cra_firstmeetingsonly"),
            MinimumAmount = Value<Money>("cra_minimumamount")?.Value,
        };
    }
}
