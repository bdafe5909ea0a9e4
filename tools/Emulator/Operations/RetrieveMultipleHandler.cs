using System.Collections.Generic;
using CrmAccountability.Emulator.Query;
using CrmAccountability.Emulator.Storage;
using Microsoft.Xrm.Sdk;
using Microsoft.Xrm.Sdk.Messages;
using Microsoft.Xrm.Sdk.Query;

namespace CrmAccountability.Emulator.Operations;

internal sealed class RetrieveMultipleHandler : IMessageHandler
{
    public IReadOnlyList<string> Messages { get; } = ["RetrieveMultiple"];

    public OrganizationResponse Execute(OperationContext context)
    {
        var org = context.Org;
        FetchQuery fetch = (context.Input.TryGetValue("Query", out var query) ? query : null) switch
        {
            FetchExpression expression => FetchXmlParser.Parse(expression.Query ?? string.Empty),
            QueryExpression expression => QueryExpressionTranslator.Translate(expression),
            QueryByAttribute byAttribute => QueryExpressionTranslator.Translate(byAttribute),
            _ => throw new DataverseFaultException(DataverseFaults.InvalidArgument, "RetrieveMultiple needs a FetchExpression, QueryExpression or QueryByAttribute."),
        };
        var table = org.Metadata.FindTable(fetch.Root.Name);
        if (table != null)
        {
            context.Security.CheckPrivilege(context.Caller, Organization.SecurityModel.PrivilegeName("Read", table), table.LogicalName);
        }

        var found = org.Queries.Execute(fetch, org.Environment(context.Caller, context.Transaction), org.Metrics.AddRowsRead, context.Transaction, context.Security.ReadFilter(context.Caller), org.Metrics.AddRowsMatched);
        org.Metrics.AddRowsReturned(found.Entities.Count);
        org.AfterQuery?.Invoke(found.EntityName ?? string.Empty);
        return context.Respond(new RetrieveMultipleResponse(), ("EntityCollection", found));
    }
}
