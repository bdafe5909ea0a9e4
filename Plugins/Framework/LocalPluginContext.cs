using System;
using Microsoft.Xrm.Sdk;

namespace CrmAccountability.Plugins.Framework;

/// <summary>Resolves the platform services for one execution; organisation services are created on first use.</summary>
internal sealed class LocalPluginContext : ILocalPluginContext
{
    private readonly IOrganizationServiceFactory _factory;
    private IOrganizationService? _userService;
    private IOrganizationService? _systemService;

    public LocalPluginContext(IServiceProvider serviceProvider)
    {
        ExecutionContext = Resolve<IPluginExecutionContext>(serviceProvider);
        _factory = Resolve<IOrganizationServiceFactory>(serviceProvider);
        TracingService = new TimedTracingService(Resolve<ITracingService>(serviceProvider));
    }

    public IPluginExecutionContext ExecutionContext { get; }

    public ITracingService TracingService { get; }

    // Guid.Empty asks for the context's UserId; null would be SYSTEM (Learn: IOrganizationServiceFactory.CreateOrganizationService).
    public IOrganizationService UserService => _userService ??= _factory.CreateOrganizationService(Guid.Empty);

    public IOrganizationService SystemService => _systemService ??= _factory.CreateOrganizationService(null);

    public DateTime OperationTimeUtc => DateTime.SpecifyKind(ExecutionContext.OperationCreatedOn, DateTimeKind.Utc);

    public void Trace(string message)
    {
        // Passed as an argument, never as the format: messages may contain braces (FetchXML, JSON).
        TracingService.Trace("{0}", message);
    }

    private static T Resolve<T>(IServiceProvider serviceProvider)
        where T : class
    {
        return serviceProvider.GetService(typeof(T)) as T
            ?? throw new InvalidPluginExecutionException(
                "The plug-in host did not supply " + typeof(T).Name + ". Register the step on a Dataverse message; plug-ins cannot run outside the event pipeline.");
    }
}
