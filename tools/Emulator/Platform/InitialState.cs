using System.Collections.Generic;
using CrmAccountability.Emulator.Storage;
using Microsoft.Xrm.Sdk;

namespace CrmAccountability.Emulator.Platform;

/// <summary>A new row starts in the state it is given, or 0, with that state's default status; activities and opportunities start open.</summary>
internal sealed class InitialState : IPlatformBehaviour
{
    public bool Applies(RowWrite write) => write.Kind == WriteKind.Create && write.Table.HasStateModel;

    public void Apply(RowWrite write)
    {
        var table = write.Table;
        var values = write.Values;
        var state = values.GetValueOrDefault("statecode") is OptionSetValue s ? s.Value : 0;
        if (state != 0 && (table.IsActivity || table.LogicalName == "opportunity"))
        {
            throw new DataverseFaultException(DataverseFaults.InvalidArgument, DataverseFaults.Format(
                "A new {0} must be created open (statecode 0); create it, then complete or close it with an update.", table.LogicalName));
        }

        values["statecode"] = new OptionSetValue(state);
        if (values.GetValueOrDefault("statuscode") is OptionSetValue status)
        {
            StateTransition.CheckStatusForState(table, write.Id, state, status.Value);
        }
        else
        {
            values["statuscode"] = new OptionSetValue(table.DefaultStatusFor(state) ?? 1);
        }
    }
}
