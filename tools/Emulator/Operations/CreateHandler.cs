using System.Collections.Generic;
using Microsoft.Xrm.Sdk;
using Microsoft.Xrm.Sdk.Messages;

namespace CrmAccountability.Emulator.Operations;

internal sealed class CreateHandler : IMessageHandler
{
    public IReadOnlyList<string> Messages { get; } = ["Create"];

    public OrganizationResponse Execute(OperationContext context)
    {
        var target = context.Target<Entity>();
        context.Security.CheckCreate(context.Caller, target);
        return context.Respond(new CreateResponse(), ("id", context.Writer.Create(context.Caller, target, context.Transaction)));
    }
}
