using System.Collections.Generic;
using CrmAccountability.Emulator.Storage;
using Microsoft.Xrm.Sdk;

namespace CrmAccountability.Emulator.Platform;

/// <summary>An opportunity is closed by the Win and Lose messages only; an Update or SetState that closes one is refused.</summary>
internal sealed class OpportunityStateGuard : IPlatformBehaviour
{
    public bool Applies(RowWrite write)
        => write.Kind == WriteKind.Update && write.Table.LogicalName == "opportunity" && write.Message is not ("Win" or "Lose") && write.Sets("statecode");

    public void Apply(RowWrite write)
    {
        var state = ((OptionSetValue)write.Values["statecode"]!).Value;
        var previousState = write.Previous?.GetValueOrDefault("statecode") is OptionSetValue previous ? previous.Value : 0;
        if (state != 0 && state != previousState)
        {
            throw new DataverseFaultException(DataverseFaults.InvalidArgument, "An opportunity is closed with the WinOpportunity or LoseOpportunity message, not by updating its state.");
        }
    }
}
