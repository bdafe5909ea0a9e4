using System;
using System.Collections.Generic;
using Microsoft.Xrm.Sdk;

namespace CrmAccountability.Plugins.Tests.Framework;

/// <summary>
/// A minimal host for single-plug-in tests of the framework: an execution context with fixed values, a tracing
/// service that records lines, and a factory that records which user each organisation service was created for.
/// Pipeline behaviour is the emulator's job; this is only enough to exercise PluginBase.
/// </summary>
internal sealed class FakePluginHost : IServiceProvider
{
    public FakeExecutionContext Context { get; } = new();

    public List<string> TraceLines { get; } = [];

    public List<Guid?> ServicesCreatedFor { get; } = [];

    public bool ProvidesTracing { get; set; } = true;

    public object? GetService(Type serviceType)
    {
        if (serviceType == typeof(IPluginExecutionContext))
        {
            return Context;
        }

        if (serviceType == typeof(ITracingService))
        {
            return ProvidesTracing ? new RecordingTracingService(TraceLines) : null;
        }

        if (serviceType == typeof(IOrganizationServiceFactory))
        {
            return new RecordingFactory(ServicesCreatedFor);
        }

        return null;
    }

    private sealed class RecordingTracingService(List<string> lines) : ITracingService
    {
        public void Trace(string format, params object[] args) => lines.Add(string.Format(System.Globalization.CultureInfo.InvariantCulture, format, args));
    }

    private sealed class RecordingFactory(List<Guid?> createdFor) : IOrganizationServiceFactory
    {
        public IOrganizationService CreateOrganizationService(Guid? userId)
        {
            createdFor.Add(userId);
            return new UnusedOrganizationService();
        }
    }

    private sealed class UnusedOrganizationService : IOrganizationService
    {
        public Guid Create(Entity entity) => throw new NotSupportedException();
        public Entity Retrieve(string entityName, Guid id, Microsoft.Xrm.Sdk.Query.ColumnSet columnSet) => throw new NotSupportedException();
        public void Update(Entity entity) => throw new NotSupportedException();
        public void Delete(string entityName, Guid id) => throw new NotSupportedException();
        public OrganizationResponse Execute(OrganizationRequest request) => throw new NotSupportedException();
        public void Associate(string entityName, Guid entityId, Relationship relationship, EntityReferenceCollection relatedEntities) => throw new NotSupportedException();
        public void Disassociate(string entityName, Guid entityId, Relationship relationship, EntityReferenceCollection relatedEntities) => throw new NotSupportedException();
        public Microsoft.Xrm.Sdk.EntityCollection RetrieveMultiple(Microsoft.Xrm.Sdk.Query.QueryBase query) => throw new NotSupportedException();
    }
}

internal sealed class FakeExecutionContext : IPluginExecutionContext
{
    public int Mode => 0;
    public int IsolationMode => 2;
    public int Depth => 1;
    public string MessageName { get; set; } = "Create";
    public string PrimaryEntityName { get; set; } = "phonecall";
    public Guid? RequestId => null;
    public string SecondaryEntityName => "none";
    public ParameterCollection InputParameters { get; } = [];
    public ParameterCollection OutputParameters { get; } = [];
    public ParameterCollection SharedVariables { get; } = [];
    public Guid UserId { get; } = Guid.Parse("11111111-1111-4111-8111-111111111111");
    public Guid InitiatingUserId => UserId;
    public Guid BusinessUnitId { get; } = Guid.Parse("22222222-2222-4222-8222-222222222222");
    public Guid OrganizationId { get; } = Guid.Parse("33333333-3333-4333-8333-333333333333");
    public string OrganizationName => "contoso";
    public Guid PrimaryEntityId { get; } = Guid.Parse("44444444-4444-4444-8444-444444444444");
    public EntityImageCollection PreEntityImages { get; } = [];
    public EntityImageCollection PostEntityImages { get; } = [];
    public EntityReference? OwningExtension => null;
    public Guid CorrelationId { get; } = Guid.Parse("55555555-5555-4555-8555-555555555555");
    public bool IsExecutingOffline => false;
    public bool IsOfflinePlayback => false;
    public bool IsInTransaction => true;
    public Guid OperationId { get; } = Guid.Parse("66666666-6666-4666-8666-666666666666");
    public DateTime OperationCreatedOn { get; } = new(2026, 11, 27, 14, 30, 0, DateTimeKind.Utc);
    public int Stage => 40;
    public IPluginExecutionContext? ParentContext => null;
}
