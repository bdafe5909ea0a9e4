using CrmAccountability.Emulator.Storage;

namespace CrmAccountability.Emulator.Platform;

/// <summary>Tables only the platform writes: activitypointer rows exist because activities do.</summary>
internal sealed class PlatformMaintainedTables : IPlatformBehaviour
{
    public bool Applies(RowWrite write) => write.Table.LogicalName == "activitypointer";

    public void Apply(RowWrite write)
        => throw new DataverseFaultException(DataverseFaults.InvalidArgument, "The activitypointer table is maintained by the platform; create a phonecall, appointment, email or task instead.");
}
