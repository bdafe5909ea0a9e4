using System;
using System.Collections.Generic;
using CrmAccountability.Emulator.Solutions;
using Microsoft.Xrm.Sdk;

namespace CrmAccountability.Emulator.Pipeline;

/// <summary>
/// One registered step: a plug-in type on a message (and table) at a stage, sync or async, with its filtering
/// attributes, images, configuration and run-as user. Built from a solution's SdkMessageProcessingStep or directly.
/// </summary>
public sealed class StepRegistration
{
    public Guid Id { get; init; } = Guid.NewGuid();

    public required string Message { get; init; }

    /// <summary>The table, or null for a step on every table (or on an unbound message).</summary>
    public string? PrimaryEntity { get; init; }

    /// <summary>10 PreValidation, 20 PreOperation, 40 PostOperation.</summary>
    public int Stage { get; init; } = 40;

    public bool Asynchronous { get; init; }

    public int Rank { get; init; } = 1;

    public IReadOnlyList<string> FilteringAttributes { get; init; } = [];

    public IReadOnlyList<StepImageDefinition> Images { get; init; } = [];

    /// <summary>The plug-in class; Dataverse constructs it with (unsecure, secure) configuration when it has that constructor.</summary>
    public Type? PluginType { get; init; }

    /// <summary>A ready-made plug-in instance instead of a type (tests registering behaviour inline).</summary>
    public IPlugin? Plugin { get; init; }

    internal Type ResolvedType => PluginType ?? Plugin?.GetType() ?? throw new InvalidOperationException("A step needs a PluginType or a Plugin instance.");

    public string? UnsecureConfiguration { get; init; }

    public string? SecureConfiguration { get; init; }

    /// <summary>The user the step runs as; null means the calling user.</summary>
    public Guid? RunAs { get; init; }

    public string Name => ResolvedType.FullName + ": " + Message + (PrimaryEntity == null ? string.Empty : " of " + PrimaryEntity);

    /// <summary>Dataverse creates one instance per step and reuses it on every thread; so does the emulator.</summary>
    internal Lazy<IPlugin> Instance { get; }

    public StepRegistration()
    {
        Instance = new Lazy<IPlugin>(CreateInstance, System.Threading.LazyThreadSafetyMode.ExecutionAndPublication);
    }

    private IPlugin CreateInstance()
    {
        if (Plugin != null)
        {
            return Plugin;
        }

        var type = ResolvedType;
        var withConfiguration = type.GetConstructor([typeof(string), typeof(string)]);
        var instance = withConfiguration != null
            ? withConfiguration.Invoke([UnsecureConfiguration, SecureConfiguration])
            : Activator.CreateInstance(type);
        return instance as IPlugin ?? throw new InvalidOperationException(type.FullName + " does not implement IPlugin.");
    }
}
