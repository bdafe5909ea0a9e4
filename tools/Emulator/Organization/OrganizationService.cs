using System;
using CrmAccountability.Emulator.Pipeline;
using CrmAccountability.Emulator.Storage;
using Microsoft.Xrm.Sdk;
using Microsoft.Xrm.Sdk.Messages;
using Microsoft.Xrm.Sdk.Query;

namespace CrmAccountability.Emulator.Organization;

/// <summary>
/// The emulator's IOrganizationService: every call becomes an OrganizationRequest and runs through the event
/// pipeline, as in Dataverse; faults surface as <c>FaultException&lt;OrganizationServiceFault&gt;</c> with Dataverse's
/// codes. A service handed to a plug-in carries the plug-in's transaction and depth.
/// </summary>
internal sealed class OrganizationService : IOrganizationService
{
    private readonly DataverseEmulator _emulator;
    private readonly Guid? _userId;
    private readonly ExecutionScope? _scope;

    public OrganizationService(DataverseEmulator emulator, Guid? userId, ExecutionScope? scope = null)
    {
        _emulator = emulator;
        _userId = userId;
        _scope = scope;
    }

    public Guid Create(Entity entity) => ((CreateResponse)Execute(new CreateRequest { Target = entity })).id;

    public Entity Retrieve(string entityName, Guid id, ColumnSet columnSet)
        => ((RetrieveResponse)Execute(new RetrieveRequest { Target = new EntityReference(entityName, id), ColumnSet = columnSet })).Entity;

    public void Update(Entity entity) => Execute(new UpdateRequest { Target = entity });

    public void Delete(string entityName, Guid id) => Execute(new DeleteRequest { Target = new EntityReference(entityName, id) });

    public void Associate(string entityName, Guid entityId, Relationship relationship, EntityReferenceCollection relatedEntities)
        => Execute(new AssociateRequest { Target = new EntityReference(entityName, entityId), Relationship = relationship, RelatedEntities = relatedEntities });

    public void Disassociate(string entityName, Guid entityId, Relationship relationship, EntityReferenceCollection relatedEntities)
        => Execute(new DisassociateRequest { Target = new EntityReference(entityName, entityId), Relationship = relationship, RelatedEntities = relatedEntities });

    public EntityCollection RetrieveMultiple(QueryBase query)
        => ((RetrieveMultipleResponse)Execute(new RetrieveMultipleRequest { Query = query })).EntityCollection;

    public OrganizationResponse Execute(OrganizationRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        using var metrics = _emulator.Metrics.Enter(request.RequestName ?? "(unnamed)");
        try
        {
            var response = _emulator.Pipeline.Execute(request, _userId, _scope);
            return Typed(request.RequestName, response);
        }
        catch (DataverseFaultException fault)
        {
            throw DataverseFaults.Create(fault.ErrorCode, fault.Message, _emulator.Clock.UtcNow);
        }
    }

    /// <summary>Responses come back as the SDK's typed classes, as the real service deserialises them.</summary>
    private static OrganizationResponse Typed(string? requestName, OrganizationResponse response)
    {
        OrganizationResponse? typed = requestName switch
        {
            "Create" => new CreateResponse(),
            "Retrieve" => new RetrieveResponse(),
            "Update" => new UpdateResponse(),
            "Delete" => new DeleteResponse(),
            "Upsert" => new UpsertResponse(),
            "RetrieveMultiple" => new RetrieveMultipleResponse(),
            _ => null,
        };
        if (typed == null || typed.GetType() == response.GetType())
        {
            return response;
        }

        typed.ResponseName = response.ResponseName;
        foreach (var (key, value) in response.Results)
        {
            typed.Results[key] = value;
        }

        return typed;
    }
}
