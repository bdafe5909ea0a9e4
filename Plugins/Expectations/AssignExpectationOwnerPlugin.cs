using System;
using CrmAccountability.Plugins.Counting;
using CrmAccountability.Plugins.Framework;
using Microsoft.Xrm.Sdk;

namespace CrmAccountability.Plugins.Expectations;

/// <summary>
/// An expectation belongs to the people it is for (DESIGN §3): saved without an explicit owner, it is given to its rep
/// (or team) so they can read it, and its manager defaults to the rep's own manager, or else to whoever set it. Runs in PreOperation, changing
/// the Target, so no second write is needed.
/// </summary>
[PluginStep("Create", "cra_expectation", 20, Id = "3f0c8e61-6a43-4b8e-9d2a-1c7e5b9a0d31")]
[PluginStep("Update", "cra_expectation", 20, Id = "3f0c8e61-6a43-4b8e-9d2a-1c7e5b9a0d32", FilteringAttributes = "cra_repid,cra_teamid")]
public sealed class AssignExpectationOwnerPlugin : PluginBase
{
    protected override void ExecuteDataversePlugin(ILocalPluginContext context)
    {
        var target = (Entity)context.ExecutionContext.InputParameters["Target"];
        if (target.Contains("ownerid"))
        {
            return;
        }

        var rep = target.GetAttributeValue<EntityReference>("cra_repid");
        var team = target.GetAttributeValue<EntityReference>("cra_teamid");
        if (rep != null)
        {
            target["ownerid"] = new EntityReference("systemuser", rep.Id);
        }
        else if (team != null)
        {
            target["ownerid"] = new EntityReference("team", team.Id);
        }

        if (context.ExecutionContext.MessageName == "Create" && !target.Contains("cra_managerid"))
        {
            // The rep's own manager; failing that (a manager with no manager above them, a team), whoever set the expectation
            // coaches — unless that is the rep themselves, which the expectation's Coverage note then says.
            var setBy = context.ExecutionContext.UserId;
            var manager = rep != null ? new AccountabilityReader(context.SystemService, context.Trace).ManagerOf(rep.Id) : null;
            if (manager == null && setBy != rep?.Id)
            {
                manager = setBy;
            }

            if (manager is { } id && id != Guid.Empty)
            {
                target["cra_managerid"] = new EntityReference("systemuser", id);
            }
        }
    }
}
