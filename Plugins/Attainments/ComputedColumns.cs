using System.Collections.Generic;
using System.Linq;
using Microsoft.Xrm.Sdk;

namespace CrmAccountability.Plugins.Attainments;

/// <summary>The attainment columns only the system writes, and how the system marks its own writes.</summary>
public static class ComputedColumns
{
    public const string List = "cra_actual,cra_target,cra_stretchtarget,cra_percent,cra_expectedtodate,cra_pace,cra_status,cra_isclosed,cra_streak,cra_contributioncount,cra_lastcontributionon,cra_recalculatedon";

    /// <summary>The SharedVariables key this solution's plug-ins set before writing attainments.</summary>
    public const string SystemWriteKey = "cra_systemwrite";

    public static IReadOnlyList<string> Touched(Entity target) => List.Split(',').Where(target.Contains).ToList();

    /// <summary>True when this write, or any write up the chain of calls that caused it, was marked as the system's.</summary>
    public static bool IsSystemWrite(IPluginExecutionContext context)
    {
        for (var current = context; current != null; current = current.ParentContext)
        {
            if (current.SharedVariables.TryGetValue(SystemWriteKey, out var value) && value is bool marked && marked)
            {
                return true;
            }
        }

        return false;
    }
}
