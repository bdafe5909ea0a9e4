using System;
using Microsoft.Xrm.Sdk;

namespace CrmAccountability.Emulator.Platform;

/// <summary>
/// The columns the platform stamps on every write: created on (or the overridden creation date a migration gives,
/// which is then itself stamped with the time of the write), created by, modified on and by, and the row version.
/// </summary>
internal sealed class SystemColumns : IPlatformBehaviour
{
    public bool Applies(RowWrite write) => write.Kind != WriteKind.Delete;

    public void Apply(RowWrite write)
    {
        var values = write.Values;
        var writer = new EntityReference("systemuser", write.Caller.UserId);
        if (write.Kind == WriteKind.Create)
        {
            values["createdon"] = values.TryGetValue("overriddencreatedon", out var overridden) && overridden is DateTime backdated ? backdated : write.Now;
            if (values.ContainsKey("overriddencreatedon"))
            {
                values["overriddencreatedon"] = write.Now;
            }

            values["createdby"] = writer;
        }

        values["modifiedon"] = write.Now;
        values["modifiedby"] = new EntityReference("systemuser", write.Caller.UserId);
        values["versionnumber"] = write.Platform.Store.NextVersion();
    }
}
