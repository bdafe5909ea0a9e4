using System.Collections.Generic;
using Microsoft.Xrm.Sdk;
using Microsoft.Xrm.Sdk.Messages;
using Microsoft.Xrm.Sdk.Query;

namespace CrmAccountability.Emulator.Operations;

internal sealed class RetrieveHandler : IMessageHandler
{
    public IReadOnlyList<string> Messages { get; } = ["Retrieve"];

    public OrganizationResponse Execute(OperationContext context)
    {
        var reference = context.Target<EntityReference>();
        var columns = context.Required<ColumnSet>("ColumnSet");
        context.Security.CheckRow(context.Caller, "Read", reference.LogicalName, context.Store.Peek(reference.LogicalName, reference.Id, context.Transaction));
        var metrics = context.Org.Metrics;
        metrics.AddRowsRead(1);
        metrics.AddRowsMatched(1);
        metrics.AddRowsReturned(1);
        return context.Respond(new RetrieveResponse(), ("Entity", context.Org.Projection.Retrieve(reference.LogicalName, reference.Id, columns, context.Transaction)));
    }
}
