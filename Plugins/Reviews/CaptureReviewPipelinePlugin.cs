using System;
using System.Globalization;
using System.Linq;
using CrmAccountability.Plugins.Counting;
using CrmAccountability.Plugins.Framework;
using Microsoft.Xrm.Sdk;
using Microsoft.Xrm.Sdk.Query;

namespace CrmAccountability.Plugins.Reviews;

/// <summary>
/// Completing a review (DESIGN §5.5) records the open pipeline it looked at: the rep's open opportunities, or, for a
/// team review, those of the manager's direct reports. PreOperation, so the value is saved with the completion itself.
/// </summary>
[PluginStep("Update", "cra_review", 20, Id = "3f0c8e61-6a43-4b8e-9d2a-1c7e5b9a0d51", FilteringAttributes = "statecode", PreImage = "PreImage", PreImageAttributes = "statecode,cra_repid,ownerid")]
public sealed class CaptureReviewPipelinePlugin : PluginBase
{
    protected override void ExecuteDataversePlugin(ILocalPluginContext context)
    {
        var target = (Entity)context.ExecutionContext.InputParameters["Target"];
        context.ExecutionContext.PreEntityImages.TryGetValue("PreImage", out var before);
        var completing = target.GetAttributeValue<OptionSetValue>("statecode")?.Value == 1 && before?.GetAttributeValue<OptionSetValue>("statecode")?.Value != 1;
        if (!completing)
        {
            return;
        }

        var rep = (target.Contains("cra_repid") ? target.GetAttributeValue<EntityReference>("cra_repid") : before?.GetAttributeValue<EntityReference>("cra_repid"))?.Id;
        var manager = (target.GetAttributeValue<EntityReference>("ownerid") ?? before?.GetAttributeValue<EntityReference>("ownerid"))?.Id;
        var owners = rep != null ? new[] { rep.Value } : manager != null ? DirectReports(context.SystemService, manager.Value) : [];
        target["cra_openpipelinevalue"] = new Money(OpenPipeline(context.SystemService, owners));
    }

    private static Guid[] DirectReports(IOrganizationService system, Guid manager)
    {
        var query = new QueryExpression("systemuser") { ColumnSet = new ColumnSet("systemuserid") };
        query.Criteria.AddCondition("parentsystemuserid", ConditionOperator.Equal, manager);
        return system.RetrieveMultiple(query).Entities.Select(u => u.Id).ToArray();
    }

    private static decimal OpenPipeline(IOrganizationService system, Guid[] owners)
    {
        if (owners.Length == 0)
        {
            return 0m;
        }

        var fetch = "<fetch aggregate='true'><entity name='opportunity'><attribute name='estimatedvalue_base' alias='open' aggregate='sum' />"
            + "<filter><condition attribute='statecode' operator='eq' value='0' /><condition attribute='ownerid' operator='in'>"
            + string.Concat(owners.Select(o => "<value>" + o.ToString("D") + "</value>")) + "</condition></filter></entity></fetch>";
        return system.RetrieveMultiple(new FetchExpression(fetch)).Entities.FirstOrDefault()?.GetAttributeValue<AliasedValue>("open")?.Value switch
        {
            Money money => money.Value,
            IConvertible number => number.ToDecimal(CultureInfo.InvariantCulture),
            _ => 0m,
        };
    }
}
