using System;
using CrmAccountability.Emulator.Query;
using CrmAccountability.Emulator.Storage;
using Microsoft.Xrm.Sdk;
using Microsoft.Xrm.Sdk.Messages;
using Microsoft.Xrm.Sdk.Query;

namespace CrmAccountability.Emulator.Organization;

/// <summary>
/// The emulator's IOrganizationService: every call becomes an OrganizationRequest and runs through one Execute, as
/// in Dataverse; faults surface as <c>FaultException&lt;OrganizationServiceFault&gt;</c> with Dataverse's codes.
/// </summary>
internal sealed class OrganizationService : IOrganizationService
{
    private readonly DataverseEmulator _emulator;
    private readonly Guid? _userId;

    public OrganizationService(DataverseEmulator emulator, Guid? userId)
    {
        _emulator = emulator;
        _userId = userId;
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
        using var scope = _emulator.Metrics.Enter(request.RequestName ?? "(unnamed)");
        try
        {
            return Dispatch(request, _emulator.Caller(_userId));
        }
        catch (DataverseFaultException fault)
        {
            throw DataverseFaults.Create(fault.ErrorCode, fault.Message, _emulator.Clock.UtcNow);
        }
    }

    private OrganizationResponse Dispatch(OrganizationRequest request, CallerContext caller)
    {
        var store = _emulator.Store;
        switch (request.RequestName)
        {
            case "Create":
                var created = store.Create(caller, Target<Entity>(request));
                return Response("Create", new CreateResponse(), ("id", created));
            case "Retrieve":
                var reference = Target<EntityReference>(request);
                var columns = request.Parameters.TryGetValue("ColumnSet", out var cs) && cs is ColumnSet set
                    ? set
                    : throw new DataverseFaultException(DataverseFaults.InvalidArgument, "Required field 'ColumnSet' is missing");
                _emulator.Metrics.AddRowsRead(1);
                return Response("Retrieve", new RetrieveResponse(), ("Entity", store.Retrieve(reference.LogicalName, reference.Id, columns)));
            case "Update":
                var concurrency = request.Parameters.TryGetValue("ConcurrencyBehavior", out var behaviour) && behaviour is ConcurrencyBehavior b ? b : ConcurrencyBehavior.Default;
                store.Update(caller, Target<Entity>(request), concurrency);
                return Response("Update", new UpdateResponse());
            case "Delete":
                var deleted = Target<EntityReference>(request);
                store.Delete(deleted.LogicalName, deleted.Id);
                return Response("Delete", new DeleteResponse());
            case "Upsert":
                var target = Target<Entity>(request);
                var (id, wasCreated) = store.Upsert(caller, target);
                return Response("Upsert", new UpsertResponse(), ("RecordCreated", wasCreated), ("Target", new EntityReference(target.LogicalName, id)));
            case "RetrieveMultiple":
                var query = request.Parameters.TryGetValue("Query", out var q) ? q : null;
                return Response("RetrieveMultiple", new RetrieveMultipleResponse(), ("EntityCollection", RetrieveMultiple(query, caller)));
            case "Associate" or "Disassociate":
                var source = Target<EntityReference>(request);
                store.Associate(caller, source.LogicalName, source.Id, (Relationship)request["Relationship"], (EntityReferenceCollection)request["RelatedEntities"], request.RequestName == "Associate");
                return Response(request.RequestName, new OrganizationResponse());
            case "WinOpportunity" or "LoseOpportunity":
                var close = request.Parameters.TryGetValue("OpportunityClose", out var oc) && oc is Entity closeEntity
                    ? closeEntity
                    : throw new DataverseFaultException(DataverseFaults.InvalidArgument, "Required field 'OpportunityClose' is missing");
                var status = request.Parameters.TryGetValue("Status", out var st) && st is OptionSetValue option ? option.Value : -1;
                store.CloseOpportunity(caller, close, status, request.RequestName == "WinOpportunity");
                return Response(request.RequestName, new OrganizationResponse());
            case "SetState":
                var moniker = (EntityReference)request["EntityMoniker"];
                store.Update(caller, new Entity(moniker.LogicalName, moniker.Id) { ["statecode"] = request["State"], ["statuscode"] = request["Status"] });
                return Response("SetState", new OrganizationResponse());
            case "Assign":
                var assigned = Target<EntityReference>(request);
                store.Update(caller, new Entity(assigned.LogicalName, assigned.Id) { ["ownerid"] = request["Assignee"] });
                return Response("Assign", new OrganizationResponse());
            case "WhoAmI":
                return Response("WhoAmI", new OrganizationResponse(), ("UserId", caller.UserId), ("BusinessUnitId", caller.BusinessUnitId), ("OrganizationId", _emulator.OrganizationId));
            default:
                throw new DataverseFaultException(DataverseFaults.InvalidArgument, "The message '" + request.RequestName + "' is not supported by the emulator.");
        }
    }

    private EntityCollection RetrieveMultiple(object? query, CallerContext caller)
    {
        FetchQuery fetch = query switch
        {
            FetchExpression expression => FetchXmlParser.Parse(expression.Query ?? string.Empty),
            QueryExpression expression => QueryExpressionTranslator.Translate(expression),
            QueryByAttribute byAttribute => QueryExpressionTranslator.Translate(byAttribute),
            _ => throw new DataverseFaultException(DataverseFaults.InvalidArgument, "RetrieveMultiple needs a FetchExpression, QueryExpression or QueryByAttribute."),
        };
        return _emulator.Queries.Execute(fetch, _emulator.Environment(caller), _emulator.Metrics.AddRowsRead);
    }

    private static T Target<T>(OrganizationRequest request)
        where T : class
        => request.Parameters.TryGetValue("Target", out var value) && value is T typed
            ? typed
            : throw new DataverseFaultException(DataverseFaults.InvalidArgument, "Required field 'Target' is missing");

    private static OrganizationResponse Response(string name, OrganizationResponse response, params (string Key, object Value)[] results)
    {
        response.ResponseName = name;
        foreach (var (key, value) in results)
        {
            response.Results[key] = value;
        }

        return response;
    }
}
