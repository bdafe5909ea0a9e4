using System.Collections.Generic;
using Microsoft.Xrm.Sdk;
using Microsoft.Xrm.Sdk.Messages;

namespace CrmAccountability.Emulator.Operations;

internal sealed class UpsertHandler : IMessageHandler
{
    public IReadOnlyList<string> Messages { get; } = ["Upsert"];

    public OrganizationResponse Execute(OperationContext context)
    {
        var target = context.Target<Entity>();
        context.Security.CheckCreate(context.Caller, target);
        var (id, created) = context.Writer.Upsert(context.Caller, target, context.Transaction);
        return context.Respond(new UpsertResponse(), ("RecordCreated", created), ("Target", new EntityReference(target.LogicalName, id)));
    }
}
