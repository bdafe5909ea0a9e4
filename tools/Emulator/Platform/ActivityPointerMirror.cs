using System;
using System.Collections.Generic;
using Microsoft.Xrm.Sdk;

namespace CrmAccountability.Emulator.Platform;

/// <summary>
/// Every activity has its activitypointer row, kept in step in the same transaction: the shared columns, the activity
/// type, and a status mapped by state (the pointer's own status for that state); deleting the activity deletes it.
/// </summary>
internal sealed class ActivityPointerMirror : IPlatformBehaviour
{
    public bool Applies(RowWrite write) => write.Table.IsActivity;

    public void Apply(RowWrite write)
    {
        var store = write.Platform.Store;
        var pointer = store.Table("activitypointer");
        if (write.Kind == WriteKind.Delete)
        {
            store.Put(pointer, write.Id, null, write.Transaction);
            return;
        }

        var mirrored = new Dictionary<string, object?>(StringComparer.Ordinal) { ["activitytypecode"] = write.Table.LogicalName };
        foreach (var (name, value) in write.Values)
        {
            if (pointer.Table.FindColumn(name) == null)
            {
                continue;
            }

            mirrored[name] = name == "statuscode" && write.Values["statecode"] is OptionSetValue state
                ? new OptionSetValue(pointer.Table.DefaultStatusFor(state.Value) ?? 1)
                : value;
        }

        store.Put(pointer, write.Id, mirrored, write.Transaction);
    }
}
