using System.Collections.Generic;
using Microsoft.Xrm.Sdk;
using Microsoft.Xrm.Sdk.Messages;

namespace CrmAccountability.Emulator.Operations;

internal sealed class DeleteHandler : IMessageHandler
{
    public IReadOnlyList<string> Messages { get; } = ["Delete"];

    public OrganizationResponse Execute(OperationContext context)
    {
        var target = context.Target<EntityReference>();
        context.Security.CheckRow(context.Caller, "Delete", target.LogicalName, context.Store.Peek(target.LogicalName, target.Id, context.Transaction));
        context.Writer.Delete(context.Caller, target.LogicalName, target.Id, context.Transaction);
        return context.Respond(new DeleteResponse());
    }
}
