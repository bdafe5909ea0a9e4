using System.Collections.Generic;
using Microsoft.Xrm.Sdk;

namespace CrmAccountability.Emulator.Operations;

internal sealed class WhoAmIHandler : IMessageHandler
{
    public IReadOnlyList<string> Messages { get; } = ["WhoAmI"];

    public OrganizationResponse Execute(OperationContext context)
        => context.Respond(new OrganizationResponse(), ("UserId", context.Caller.UserId), ("BusinessUnitId", context.Caller.BusinessUnitId), ("OrganizationId", context.Org.OrganizationId));
}
