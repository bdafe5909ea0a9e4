using System;
using System.Collections.Generic;
using System.Linq;

namespace CrmAccountability.Emulator.Solutions;

/// <summary>
/// SdkMessageId values that are the same in every organisation (Learn: "Use messages with the SDK for .NET"), so
/// solution files can name them. Custom API messages get organisation-specific ids and are not here.
/// </summary>
public static class SdkMessages
{
    public static IReadOnlyDictionary<string, Guid> IdsByName { get; } = new Dictionary<string, Guid>(StringComparer.Ordinal)
    {
        ["Create"] = Guid.Parse("9ebdbb1b-ea3e-db11-86a7-000a3a5473e8"),
        ["Update"] = Guid.Parse("20bebb1b-ea3e-db11-86a7-000a3a5473e8"),
        ["Delete"] = Guid.Parse("a1bdbb1b-ea3e-db11-86a7-000a3a5473e8"),
        ["Retrieve"] = Guid.Parse("f2bdbb1b-ea3e-db11-86a7-000a3a5473e8"),
        ["RetrieveMultiple"] = Guid.Parse("03bebb1b-ea3e-db11-86a7-000a3a5473e8"),
        ["Assign"] = Guid.Parse("8cbdbb1b-ea3e-db11-86a7-000a3a5473e8"),
        ["SetState"] = Guid.Parse("1cbebb1b-ea3e-db11-86a7-000a3a5473e8"),
        ["SetStateDynamicEntity"] = Guid.Parse("1dbebb1b-ea3e-db11-86a7-000a3a5473e8"),
        ["GrantAccess"] = Guid.Parse("c5bdbb1b-ea3e-db11-86a7-000a3a5473e8"),
        ["ModifyAccess"] = Guid.Parse("dcbdbb1b-ea3e-db11-86a7-000a3a5473e8"),
        ["RevokeAccess"] = Guid.Parse("11bebb1b-ea3e-db11-86a7-000a3a5473e8"),
        ["Merge"] = Guid.Parse("dbbdbb1b-ea3e-db11-86a7-000a3a5473e8"),
    };

    public static IReadOnlyDictionary<Guid, string> NamesById { get; } = IdsByName.ToDictionary(p => p.Value, p => p.Key);
}
