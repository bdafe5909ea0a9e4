using System.Collections.Generic;
using Microsoft.Xrm.Sdk;

namespace CrmAccountability.Emulator.Platform;

/// <summary>Completing an activity without an actual end stamps it with the time of completion (DESIGN.md §4).</summary>
internal sealed class ActivityCompletionStamp : IPlatformBehaviour
{
    public bool Applies(RowWrite write)
        => write.Kind != WriteKind.Delete && write.Table.IsActivity
            && write.Values.GetValueOrDefault("statecode") is OptionSetValue { Value: 1 }
            && write.Previous?.GetValueOrDefault("statecode") is not OptionSetValue { Value: 1 };

    public void Apply(RowWrite write)
    {
        if (write.Values.GetValueOrDefault("actualend") == null)
        {
            write.Values["actualend"] = write.Now;
        }
    }
}
