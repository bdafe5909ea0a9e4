using System.Collections.Generic;
using CrmAccountability.Emulator.Metadata;
using CrmAccountability.Emulator.Storage;
using Microsoft.Xrm.Sdk;

namespace CrmAccountability.Emulator.Platform;

/// <summary>
/// A user-owned row's owner: the caller when none is given (SYSTEM's rows go to the SYSTEM user), and the columns that
/// follow from it — owninguser or owningteam, and the owner's business unit.
/// </summary>
internal sealed class Ownership : IPlatformBehaviour
{
    public bool Applies(RowWrite write)
        => write.Table.Ownership == OwnershipType.UserOwned && (write.Kind == WriteKind.Create || write.Sets("ownerid"));

    public void Apply(RowWrite write)
    {
        var values = write.Values;
        if (write.Kind == WriteKind.Create && values.GetValueOrDefault("ownerid") == null)
        {
            values["ownerid"] = new EntityReference("systemuser", write.Caller.IsSystem ? write.Platform.SystemUserId : write.Caller.UserId);
        }

        var owner = (EntityReference)values["ownerid"]!;
        var ownerRow = write.Lookup(owner.LogicalName, owner.Id) ?? throw DataStore.NotFound(owner.LogicalName, owner.Id);
        values["owninguser"] = owner.LogicalName == "systemuser" ? new EntityReference("systemuser", owner.Id) : null;
        values["owningteam"] = owner.LogicalName == "team" ? new EntityReference("team", owner.Id) : null;
        values["owningbusinessunit"] = ownerRow.GetValueOrDefault("businessunitid") is EntityReference bu ? new EntityReference("businessunit", bu.Id) : null;
    }
}
