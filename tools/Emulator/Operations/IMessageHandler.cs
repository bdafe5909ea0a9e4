using System.Collections.Generic;
using CrmAccountability.Emulator.Storage;
using Microsoft.Xrm.Sdk;

namespace CrmAccountability.Emulator.Operations;

/// <summary>
/// The main operation (stage 30) of one or more platform messages. A handler checks the caller's privilege beside the
/// operation it guards, writes through <see cref="Platform.CoreWrite"/>, and never re-enters the event pipeline.
/// </summary>
internal interface IMessageHandler
{
    /// <summary>The request names the handler performs.</summary>
    IReadOnlyList<string> Messages { get; }

    OrganizationResponse Execute(OperationContext context);
}

/// <summary>What a handler gets: the organisation, the request as the pipeline's stages left it, the caller and the transaction.</summary>
internal sealed record OperationContext(DataverseEmulator Org, string RequestName, ParameterCollection Input, CallerContext Caller, Transaction Transaction)
{
    public Platform.CoreWrite Writer => Org.Writer;

    public DataStore Store => Org.Store;

    public Organization.SecurityModel Security => Org.Security;

    public T Target<T>()
        where T : class
        => Required<T>("Target");

    public T Required<T>(string name)
        where T : class
        => Input.TryGetValue(name, out var value) && value is T typed
            ? typed
            : throw new DataverseFaultException(DataverseFaults.InvalidArgument, "Required field '" + name + "' is missing");

    /// <summary>The response named after the request, with its results.</summary>
    public OrganizationResponse Respond(OrganizationResponse response, params (string Key, object Value)[] results)
    {
        response.ResponseName = RequestName;
        foreach (var (key, value) in results)
        {
            response.Results[key] = value;
        }

        return response;
    }
}
