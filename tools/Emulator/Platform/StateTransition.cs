using System;
using System.Globalization;
using CrmAccountability.Emulator.Metadata;
using CrmAccountability.Emulator.Storage;
using Microsoft.Xrm.Sdk;

namespace CrmAccountability.Emulator.Platform;

/// <summary>A status must belong to its state; a new state without a status gets the state's default status.</summary>
internal sealed class StateTransition : IPlatformBehaviour
{
    public bool Applies(RowWrite write)
        => write.Kind == WriteKind.Update && write.Table.HasStateModel && (write.Sets("statecode") || write.Sets("statuscode"));

    public void Apply(RowWrite write)
    {
        var table = write.Table;
        var state = ((OptionSetValue)write.Values["statecode"]!).Value;
        if (write.Sets("statecode") && !write.Sets("statuscode"))
        {
            write.Values["statuscode"] = new OptionSetValue(table.DefaultStatusFor(state) ?? 1);
        }

        CheckStatusForState(table, write.Id, state, ((OptionSetValue)write.Values["statuscode"]!).Value);
    }

    public static void CheckStatusForState(TableMetadata table, Guid id, int state, int status)
    {
        var option = table.FindColumn("statuscode")?.OptionSet?.Find(status);
        if (option?.State != state)
        {
            var stateName = table.FindColumn("statecode")?.OptionSet?.Find(state)?.InvariantName ?? state.ToString(CultureInfo.InvariantCulture);
            var typeName = char.ToUpperInvariant(table.LogicalName[0]) + table.LogicalName[1..];
            throw new DataverseFaultException(DataverseFaults.InvalidArgument, DataverseFaults.Format(
                "{0} is not a valid status code for state code {1}State.{2} on {3} with Id {4}.", status, typeName, stateName, table.LogicalName, id));
        }
    }
}
