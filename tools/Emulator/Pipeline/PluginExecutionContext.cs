using System;
using Microsoft.Xrm.Sdk;

namespace CrmAccountability.Emulator.Pipeline;

/// <summary>The execution context a plug-in receives, with every member of IPluginExecutionContext7 filled as Dataverse fills it.</summary>
internal sealed class PluginExecutionContext : IPluginExecutionContext7
{
    public int Mode { get; init; }

    public int IsolationMode => 2;

    public int Depth { get; init; }

    public required string MessageName { get; init; }

    public required string PrimaryEntityName { get; init; }

    public Guid? RequestId { get; init; }

    public string SecondaryEntityName => "none";

    public required ParameterCollection InputParameters { get; init; }

    public required ParameterCollection OutputParameters { get; init; }

    public required ParameterCollection SharedVariables { get; init; }

    public Guid UserId { get; init; }

    public Guid InitiatingUserId { get; init; }

    public Guid BusinessUnitId { get; init; }

    public Guid OrganizationId { get; init; }

    public required string OrganizationName { get; init; }

    public Guid PrimaryEntityId { get; set; }

    public EntityImageCollection PreEntityImages { get; init; } = [];

    public EntityImageCollection PostEntityImages { get; init; } = [];

    public EntityReference? OwningExtension { get; init; }

    public Guid CorrelationId { get; init; }

    public bool IsExecutingOffline => false;

    public bool IsOfflinePlayback => false;

    public bool IsInTransaction { get; init; }

    public Guid OperationId { get; init; }

    public DateTime OperationCreatedOn { get; init; }

    public int Stage { get; init; }

    public IPluginExecutionContext? ParentContext { get; init; }

    public Guid UserAzureActiveDirectoryObjectId { get; init; }

    public Guid InitiatingUserAzureActiveDirectoryObjectId { get; init; }

    public Guid InitiatingUserApplicationId => Guid.Empty;

    public Guid PortalsContactId => Guid.Empty;

    public bool IsPortalsClientCall => false;

    public Guid AuthenticatedUserId { get; init; }

    public EntityImageCollection[] PreEntityImagesCollection => [PreEntityImages];

    public EntityImageCollection[] PostEntityImagesCollection => [PostEntityImages];

    public string InitiatingUserAgent => "CrmAccountability.Emulator";

    public string EnvironmentId { get; init; } = string.Empty;

    public Guid TenantId { get; init; }

    public bool IsApplicationUser => false;
}
