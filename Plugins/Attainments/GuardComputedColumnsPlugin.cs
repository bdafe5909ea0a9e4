using CrmAccountability.Plugins.Framework;
using Microsoft.Xrm.Sdk;

namespace CrmAccountability.Plugins.Attainments;

/// <summary>
/// Attainment numbers are computed, never typed in: an update to a computed column is refused unless it comes from
/// this solution's own plug-ins, which mark their work in SharedVariables (DESIGN.md §6.1). Privileges already keep
/// reps out; this also stops an administrator's import or a flow from breaking the recompute-never-increment rule.
/// </summary>
[PluginStep("Update", "cra_attainment", 10, Id = "3f0c8e61-6a43-4b8e-9d2a-1c7e5b9a0d21", FilteringAttributes = ComputedColumns.List)]
public sealed class GuardComputedColumnsPlugin : PluginBase
{
    protected override void ExecuteDataversePlugin(ILocalPluginContext context)
    {
        if (ComputedColumns.IsSystemWrite(context.ExecutionContext))
        {
            return;
        }

        var target = (Entity)context.ExecutionContext.InputParameters["Target"];
        var touched = ComputedColumns.Touched(target);
        if (touched.Count > 0)
        {
            throw new InvalidPluginExecutionException(
                "Attainment figures are calculated from logged activities and opportunities, so " + string.Join(", ", touched) +
                " can't be edited. To correct them, fix the activity or opportunity, or ask an administrator to run Recalculate.");
        }
    }
}
