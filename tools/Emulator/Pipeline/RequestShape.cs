using System;
using CrmAccountability.Emulator.Query;
using CrmAccountability.Emulator.Storage;
using Microsoft.Xrm.Sdk;
using Microsoft.Xrm.Sdk.Query;

namespace CrmAccountability.Emulator.Pipeline;

/// <summary>
/// What the pipeline reads off a request before running it: the message name steps are registered under (WinOpportunity
/// → Win), the primary table and id, and a private copy of the parameters (requests cross a service boundary).
/// </summary>
internal static class RequestShape
{
    public static string MessageName(OrganizationRequest request) => request.RequestName switch
    {
        "WinOpportunity" => "Win",
        "LoseOpportunity" => "Lose",
        null => throw new DataverseFaultException(DataverseFaults.InvalidArgument, "The request has no RequestName."),
        var name => name,
    };

    public static (string Entity, Guid Id) Primary(OrganizationRequest request)
    {
        var parameters = request.Parameters;
        if (parameters.TryGetValue("Target", out var target))
        {
            return target switch
            {
                Entity entity => (entity.LogicalName, entity.Id != Guid.Empty ? entity.Id : entity.Attributes.TryGetValue(entity.LogicalName + "id", out var key) && key is Guid id ? id : Guid.Empty),
                EntityReference reference => (reference.LogicalName, reference.Id),
                _ => ("none", Guid.Empty),
            };
        }

        if (parameters.TryGetValue("OpportunityClose", out var close) && close is Entity closeEntity && closeEntity.GetAttributeValue<EntityReference>("opportunityid") is { } opportunity)
        {
            return ("opportunity", opportunity.Id);
        }

        if (parameters.TryGetValue("TeamId", out var team) && team is Guid teamId)
        {
            return ("team", teamId);
        }

        if (parameters.TryGetValue("EntityMoniker", out var moniker) && moniker is EntityReference monikerReference)
        {
            return (monikerReference.LogicalName, monikerReference.Id);
        }

        if (parameters.TryGetValue("Query", out var query))
        {
            return (query switch
            {
                QueryExpression expression => expression.EntityName,
                QueryByAttribute byAttribute => byAttribute.EntityName,
                FetchExpression fetch => TryFetchEntity(fetch.Query),
                _ => "none",
            } ?? "none", Guid.Empty);
        }

        return ("none", Guid.Empty);
    }

    public static string TryFetchEntity(string? fetchXml)
    {
        try
        {
            return FetchXmlParser.Parse(fetchXml ?? string.Empty).Root.Name;
        }
        catch (DataverseFaultException)
        {
            return "none";
        }
    }

    /// <summary>Requests cross a service boundary in Dataverse, so plug-ins never change the caller's own objects.</summary>
    public static ParameterCollection Clone(ParameterCollection parameters)
    {
        var copy = new ParameterCollection();
        foreach (var (key, value) in parameters)
        {
            copy[key] = value is Entity entity ? CloneEntity(entity) : value;
        }

        return copy;
    }

    public static Entity CloneEntity(Entity entity)
    {
        var copy = new Entity(entity.LogicalName, entity.Id) { RowVersion = entity.RowVersion, EntityState = entity.EntityState };
        foreach (var (key, value) in entity.Attributes)
        {
            copy[key] = ValueRules.Copy(value);
        }

        foreach (var (key, value) in entity.KeyAttributes)
        {
            copy.KeyAttributes[key] = value;
        }

        return copy;
    }

    public static OrganizationResponse Response(string name, OrganizationResponse response, params (string Key, object Value)[] results)
    {
        response.ResponseName = name;
        foreach (var (key, value) in results)
        {
            response.Results[key] = value;
        }

        return response;
    }
}
