using System;
using System.Collections.Generic;
using CrmAccountability.Emulator.Solutions;

namespace CrmAccountability.Emulator.Pipeline;

/// <summary>A Custom API: its message name, binding, typed parameters and response properties, privilege and implementing plug-in.</summary>
public sealed class CustomApiRegistration
{
    public required string UniqueName { get; init; }

    /// <summary>0 unbound, 1 bound to a row (Target), 2 bound to a table.</summary>
    public int BindingType { get; init; }

    public string? BoundEntityLogicalName { get; init; }

    public string? ExecutePrivilegeName { get; init; }

    public IReadOnlyList<CustomApiParameter> RequestParameters { get; init; } = [];

    public IReadOnlyList<CustomApiParameter> ResponseProperties { get; init; } = [];

    /// <summary>The plug-in that is the API's main operation; null for an API with no implementation yet.</summary>
    public Type? PluginType { get; init; }

    /// <summary>A ready-made implementation instead of a type (tests).</summary>
    public Microsoft.Xrm.Sdk.IPlugin? Plugin { get; init; }

    /// <summary>The main-operation step, created once so its plug-in instance is reused as Dataverse reuses it.</summary>
    internal Lazy<StepRegistration?> MainOperation { get; }

    public CustomApiRegistration()
    {
        MainOperation = new(() => PluginType == null && Plugin == null
            ? null
            : new StepRegistration { Message = UniqueName ?? string.Empty, Stage = 30, PluginType = PluginType, Plugin = Plugin, PrimaryEntity = BoundEntityLogicalName });
    }
}
