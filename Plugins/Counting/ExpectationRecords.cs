using System;
using System.Linq;
using CrmAccountability.Plugins.Domain;
using CrmAccountability.Plugins.Domain.Counting;
using Microsoft.Xrm.Sdk;

namespace CrmAccountability.Plugins.Counting;

/// <summary>cra_expectation rows to and from <see cref="ExpectationDefinition"/>.</summary>
public static class ExpectationRecords
{
    public const string Columns = "cra_name,cra_metric,cra_period,cra_target,cra_stretchtarget,cra_activitytypes,cra_purposes,cra_outgoingonly,cra_firstmeetingsonly,cra_minimumamount_base,cra_repid,cra_teamid,cra_managerid,cra_startson,cra_endson,cra_customstart,cra_customend,cra_guidance,statecode";

    /// <summary>What the post-image and Evaluate read besides: when it was set, and the coverage note last written on it.</summary>
    public const string ImageColumns = Columns + ",createdon,cra_coverage";

    public static string[] ColumnArray => Columns.Split(',');

    public static string[] ImageColumnArray => ImageColumns.Split(',');

    /// <summary>The definition of a stored expectation; null when it lacks what the rules need (its metric, period or target).</summary>
    public static ExpectationDefinition? From(Entity entity)
    {
        var metric = entity.GetAttributeValue<OptionSetValue>("cra_metric");
        var period = entity.GetAttributeValue<OptionSetValue>("cra_period");
        var target = entity.GetAttributeValue<decimal?>("cra_target");
        if (metric == null || period == null || target is not > 0 || !Enum.IsDefined(typeof(Metric), metric.Value) || !Enum.IsDefined(typeof(Period), period.Value))
        {
            return null;
        }

        return new ExpectationDefinition
        {
            Id = entity.Id,
            Name = entity.GetAttributeValue<string>("cra_name") ?? string.Empty,
            Metric = (Metric)metric.Value,
            Period = (Period)period.Value,
            Target = target.Value,
            StretchTarget = entity.GetAttributeValue<decimal?>("cra_stretchtarget"),
            ActivityTypes = entity.GetAttributeValue<OptionSetValueCollection>("cra_activitytypes")?.Select(o => (ActivityType)o.Value).ToList() ?? [],
            Purposes = entity.GetAttributeValue<OptionSetValueCollection>("cra_purposes")?.Select(o => o.Value).ToList() ?? [],
            OutgoingOnly = entity.GetAttributeValue<bool>("cra_outgoingonly"),
            FirstMeetingsOnly = entity.GetAttributeValue<bool>("cra_firstmeetingsonly"),
            MinimumAmount = entity.GetAttributeValue<Money>("cra_minimumamount_base")?.Value,
            RepId = entity.GetAttributeValue<EntityReference>("cra_repid")?.Id,
            TeamId = entity.GetAttributeValue<EntityReference>("cra_teamid")?.Id,
            ManagerId = entity.GetAttributeValue<EntityReference>("cra_managerid")?.Id,
            StartsOn = entity.GetAttributeValue<DateTime?>("cra_startson")?.Date,
            EndsOn = entity.GetAttributeValue<DateTime?>("cra_endson")?.Date,
            CustomStart = entity.GetAttributeValue<DateTime?>("cra_customstart")?.Date,
            CustomEnd = entity.GetAttributeValue<DateTime?>("cra_customend")?.Date,
            Guidance = entity.GetAttributeValue<string>("cra_guidance"),
            IsActive = (entity.GetAttributeValue<OptionSetValue>("statecode")?.Value ?? 0) == 0,
            CreatedOn = entity.GetAttributeValue<DateTime?>("createdon"),
        };
    }
}
