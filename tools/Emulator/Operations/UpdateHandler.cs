using System.Collections.Generic;
using Microsoft.Xrm.Sdk;
using Microsoft.Xrm.Sdk.Messages;

namespace CrmAccountability.Emulator.Operations;

internal sealed class UpdateHandler : IMessageHandler
{
    public IReadOnlyList<string> Messages { get; } = ["Update"];

    public OrganizationResponse Execute(OperationContext context)
    {
        var target = context.Target<Entity>();
        context.Security.CheckUpdate(context.Caller, target, context.Store.Peek(target.LogicalName, target.Id, context.Transaction));
        var concurrency = context.Input.TryGetValue("ConcurrencyBehavior", out var behaviour) && behaviour is ConcurrencyBehavior b ? b : ConcurrencyBehavior.Default;
        context.Writer.Update(context.Caller, target, context.Transaction, concurrency);
        return context.Respond(new UpdateResponse());
    }
}
