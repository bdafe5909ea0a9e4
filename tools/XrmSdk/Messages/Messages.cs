// Typed wrappers over OrganizationRequest.Parameters / OrganizationResponse.Results. The key strings are the
// platform's; CreateResponse.id really is lower-case (xrm-sdk-surface.md §7).
using System;

namespace Microsoft.Xrm.Sdk.Messages;

public sealed class CreateRequest : OrganizationRequest
{
    public CreateRequest()
    {
        RequestName = "Create";
    }

    public Entity Target
    {
        get => Parameters.TryGetValue("Target", out var value) ? (Entity)value : null;
        set => Parameters["Target"] = value;
    }
}

public sealed class CreateResponse : OrganizationResponse
{
    public Guid id => Results.TryGetValue("id", out var value) && value != null ? (Guid)value : default;
}

public sealed class UpdateRequest : OrganizationRequest
{
    public UpdateRequest()
    {
        RequestName = "Update";
    }

    public Entity Target
    {
        get => Parameters.TryGetValue("Target", out var value) ? (Entity)value : null;
        set => Parameters["Target"] = value;
    }

    public ConcurrencyBehavior ConcurrencyBehavior
    {
        get => Parameters.TryGetValue("ConcurrencyBehavior", out var value) && value != null ? (ConcurrencyBehavior)value : ConcurrencyBehavior.Default;
        set => Parameters["ConcurrencyBehavior"] = value;
    }
}

public sealed class UpdateResponse : OrganizationResponse
{
}

public sealed class UpsertRequest : OrganizationRequest
{
    public UpsertRequest()
    {
        RequestName = "Upsert";
    }

    public Entity Target
    {
        get => Parameters.TryGetValue("Target", out var value) ? (Entity)value : null;
        set => Parameters["Target"] = value;
    }
}

public sealed class UpsertResponse : OrganizationResponse
{
    public bool RecordCreated => Results.TryGetValue("RecordCreated", out var value) && value != null && (bool)value;

    public EntityReference Target => Results.TryGetValue("Target", out var value) ? (EntityReference)value : null;
}

public sealed class DeleteRequest : OrganizationRequest
{
    public DeleteRequest()
    {
        RequestName = "Delete";
    }

    public EntityReference Target
    {
        get => Parameters.TryGetValue("Target", out var value) ? (EntityReference)value : null;
        set => Parameters["Target"] = value;
    }

    public ConcurrencyBehavior ConcurrencyBehavior
    {
        get => Parameters.TryGetValue("ConcurrencyBehavior", out var value) && value != null ? (ConcurrencyBehavior)value : ConcurrencyBehavior.Default;
        set => Parameters["ConcurrencyBehavior"] = value;
    }
}

public sealed class DeleteResponse : OrganizationResponse
{
}

public sealed class RetrieveRequest : OrganizationRequest
{
    public RetrieveRequest()
    {
        RequestName = "Retrieve";
    }

    public EntityReference Target
    {
        get => Parameters.TryGetValue("Target", out var value) ? (EntityReference)value : null;
        set => Parameters["Target"] = value;
    }

    public Query.ColumnSet ColumnSet
    {
        get => Parameters.TryGetValue("ColumnSet", out var value) ? (Query.ColumnSet)value : null;
        set => Parameters["ColumnSet"] = value;
    }

    public RelationshipQueryCollection RelatedEntitiesQuery
    {
        get => Parameters.TryGetValue("RelatedEntitiesQuery", out var value) ? (RelationshipQueryCollection)value : null;
        set => Parameters["RelatedEntitiesQuery"] = value;
    }

    public bool ReturnNotifications
    {
        get => Parameters.TryGetValue("ReturnNotifications", out var value) && value != null && (bool)value;
        set => Parameters["ReturnNotifications"] = value;
    }
}

public sealed class RetrieveResponse : OrganizationResponse
{
    public Entity Entity => Results.TryGetValue("Entity", out var value) ? (Entity)value : null;

    public object Notifications => Results.TryGetValue("Notifications", out var value) ? value : null;
}

public sealed class RetrieveMultipleRequest : OrganizationRequest
{
    public RetrieveMultipleRequest()
    {
        RequestName = "RetrieveMultiple";
    }

    public Query.QueryBase Query
    {
        get => Parameters.TryGetValue("Query", out var value) ? (Query.QueryBase)value : null;
        set => Parameters["Query"] = value;
    }
}

public sealed class RetrieveMultipleResponse : OrganizationResponse
{
    public EntityCollection EntityCollection => Results.TryGetValue("EntityCollection", out var value) ? (EntityCollection)value : null;
}

public sealed class AssociateRequest : OrganizationRequest
{
    public AssociateRequest()
    {
        RequestName = "Associate";
    }

    public EntityReference Target
    {
        get => Parameters.TryGetValue("Target", out var value) ? (EntityReference)value : null;
        set => Parameters["Target"] = value;
    }

    public Relationship Relationship
    {
        get => Parameters.TryGetValue("Relationship", out var value) ? (Relationship)value : null;
        set => Parameters["Relationship"] = value;
    }

    public EntityReferenceCollection RelatedEntities
    {
        get => Parameters.TryGetValue("RelatedEntities", out var value) ? (EntityReferenceCollection)value : null;
        set => Parameters["RelatedEntities"] = value;
    }
}

public sealed class AssociateResponse : OrganizationResponse
{
}

public sealed class DisassociateRequest : OrganizationRequest
{
    public DisassociateRequest()
    {
        RequestName = "Disassociate";
    }

    public EntityReference Target
    {
        get => Parameters.TryGetValue("Target", out var value) ? (EntityReference)value : null;
        set => Parameters["Target"] = value;
    }

    public Relationship Relationship
    {
        get => Parameters.TryGetValue("Relationship", out var value) ? (Relationship)value : null;
        set => Parameters["Relationship"] = value;
    }

    public EntityReferenceCollection RelatedEntities
    {
        get => Parameters.TryGetValue("RelatedEntities", out var value) ? (EntityReferenceCollection)value : null;
        set => Parameters["RelatedEntities"] = value;
    }
}

public sealed class DisassociateResponse : OrganizationResponse
{
}
