using System;
using Microsoft.Xrm.Sdk;
using Microsoft.Xrm.Sdk.Query;

namespace CrmAccountability.Emulator.Tests.Pipeline;

/// <summary>Registered by the sample solution on Update of cra_widget (stage 40, pre-image cra_count): counts only go up.</summary>
public sealed class WidgetCountGuard : IPlugin
{
    public void Execute(IServiceProvider serviceProvider)
    {
        var context = (IPluginExecutionContext)serviceProvider.GetService(typeof(IPluginExecutionContext))!;
        var target = (Entity)context.InputParameters["Target"];
        var before = context.PreEntityImages["PreImage"].GetAttributeValue<int?>("cra_count") ?? 0;
        if (target.GetAttributeValue<int?>("cra_count") is { } after && after < before)
        {
            throw new InvalidPluginExecutionException("Widget counts only go up: " + before + " → " + after + ".");
        }
    }
}

/// <summary>Runs whatever the test hands it, so each test states its plug-in's behaviour inline.</summary>
public sealed class DelegatePlugin : IPlugin
{
    private readonly Action<IServiceProvider> _body;

    public DelegatePlugin(Action<IServiceProvider> body)
    {
        _body = body;
    }

    public void Execute(IServiceProvider serviceProvider) => _body(serviceProvider);
}

/// <summary>Helpers a test plug-in uses to reach its context and services.</summary>
public static class PluginServices
{
    public static IPluginExecutionContext Context(this IServiceProvider provider) => (IPluginExecutionContext)provider.GetService(typeof(IPluginExecutionContext))!;

    public static IOrganizationService Service(this IServiceProvider provider, Guid? userId = null)
        => ((IOrganizationServiceFactory)provider.GetService(typeof(IOrganizationServiceFactory))!).CreateOrganizationService(userId);

    public static ITracingService Tracing(this IServiceProvider provider) => (ITracingService)provider.GetService(typeof(ITracingService))!;

    public static Entity Target(this IServiceProvider provider) => (Entity)provider.Context().InputParameters["Target"];

    public static int ReadCount(this IOrganizationService service, Guid id) => service.Retrieve("account", id, new ColumnSet("numberofemployees")).GetAttributeValue<int?>("numberofemployees") ?? 0;
}
