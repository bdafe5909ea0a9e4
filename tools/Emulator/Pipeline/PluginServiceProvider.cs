using System;
using System.Collections.Generic;
using System.Globalization;
using CrmAccountability.Emulator.Organization;
using Microsoft.Xrm.Sdk;

namespace CrmAccountability.Emulator.Pipeline;

/// <summary>A line a plug-in wrote with ITracingService, as the plug-in trace log keeps it.</summary>
public sealed record PluginTraceLine(Guid CorrelationId, string TypeName, string Message, int Stage, int Depth, string Text);

/// <summary>What a plug-in gets from IServiceProvider: its context, tracing, and a factory for services bound to this execution.</summary>
internal sealed class PluginServiceProvider : IServiceProvider, IOrganizationServiceFactory, ITracingService
{
    private readonly DataverseEmulator _emulator;
    private readonly PluginExecutionContext _context;
    private readonly ExecutionScope _scope;
    private readonly string _typeName;

    public PluginServiceProvider(DataverseEmulator emulator, PluginExecutionContext context, ExecutionScope scope, string typeName)
    {
        _emulator = emulator;
        _context = context;
        _scope = scope;
        _typeName = typeName;
    }

    public object? GetService(Type serviceType)
    {
        if (serviceType == typeof(IPluginExecutionContext) || serviceType == typeof(IExecutionContext) || (serviceType.IsInterface && serviceType.IsAssignableFrom(typeof(PluginExecutionContext)) && serviceType.Name.StartsWith("IPluginExecutionContext", StringComparison.Ordinal)))
        {
            return _context;
        }

        if (serviceType == typeof(ITracingService))
        {
            return this;
        }

        if (serviceType == typeof(IOrganizationServiceFactory))
        {
            return this;
        }

        return null;
    }

    /// <summary>Learn (IOrganizationServiceFactory.CreateOrganizationService): null is SYSTEM, Guid.Empty the context's UserId.</summary>
    public IOrganizationService CreateOrganizationService(Guid? userId)
    {
        var user = userId switch
        {
            null => (Guid?)null,
            { } id when id == Guid.Empty => _context.UserId,
            { } id => id,
        };
        return new OrganizationService(_emulator, user == _emulator.SystemUserId ? null : user, _scope);
    }

    public void Trace(string format, params object[] args)
    {
        var text = args == null || args.Length == 0 ? format : string.Format(CultureInfo.InvariantCulture, format, args);
        _emulator.RecordTrace(new PluginTraceLine(_context.CorrelationId, _typeName, _context.MessageName, _context.Stage, _context.Depth, text));
    }
}

/// <summary>
/// Where a call is made from: the enclosing transaction (null outside one), depth, the context that made the call,
/// and the ids that the whole chain shares.
/// </summary>
internal sealed record ExecutionScope(Storage.Transaction? Transaction, int Depth, PluginExecutionContext? Parent, Guid CorrelationId, Guid InitiatingUserId, Guid OperationId);
