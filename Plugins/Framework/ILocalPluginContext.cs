using System;
using Microsoft.Xrm.Sdk;

namespace CrmAccountability.Plugins.Framework;

/// <summary>
/// What a plug-in's handler needs from one execution, resolved once from the service provider. Handlers take these
/// pieces through their constructors instead of reaching into <see cref="IServiceProvider"/> themselves.
/// </summary>
public interface ILocalPluginContext
{
    IPluginExecutionContext ExecutionContext { get; }

    /// <summary>Calls as the user the step runs as (the context's UserId): what that user may see and do.</summary>
    IOrganizationService UserService { get; }

    /// <summary>Calls as SYSTEM, for aggregates that the caller's security would trim and for system-owned writes.</summary>
    IOrganizationService SystemService { get; }

    ITracingService TracingService { get; }

    /// <summary>The time of the operation (UTC), from the execution context: plug-ins never read the wall clock.</summary>
    DateTime OperationTimeUtc { get; }

    void Trace(string message);
}
