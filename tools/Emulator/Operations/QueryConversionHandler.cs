using System.Collections.Generic;
using CrmAccountability.Emulator.Query;
using CrmAccountability.Emulator.Storage;
using Microsoft.Xrm.Sdk;
using Microsoft.Xrm.Sdk.Query;

namespace CrmAccountability.Emulator.Operations;

/// <summary>Learn: FetchXmlToQueryExpressionRequest (FetchXml) → Query; QueryExpressionToFetchXmlRequest (Query) → FetchXml.</summary>
internal sealed class QueryConversionHandler : IMessageHandler
{
    public IReadOnlyList<string> Messages { get; } = ["FetchXmlToQueryExpression", "QueryExpressionToFetchXml"];

    public OrganizationResponse Execute(OperationContext context)
    {
        if (context.RequestName == "FetchXmlToQueryExpression")
        {
            var fetchXml = context.Input.TryGetValue("FetchXml", out var value) && value is string text && text.Length > 0
                ? text
                : throw new DataverseFaultException(DataverseFaults.InvalidArgument, "Required field 'FetchXml' is missing");
            return context.Respond(new OrganizationResponse(), ("Query", QueryConversion.ToQueryExpression(FetchXmlParser.Parse(fetchXml))));
        }

        var converted = (context.Input.TryGetValue("Query", out var query) ? query : null) switch
        {
            QueryExpression expression => QueryExpressionTranslator.Translate(expression),
            QueryByAttribute byAttribute => QueryExpressionTranslator.Translate(byAttribute),
            _ => throw new DataverseFaultException(DataverseFaults.InvalidArgument, "Required field 'Query' is missing: pass a QueryExpression or QueryByAttribute."),
        };
        return context.Respond(new OrganizationResponse(), ("FetchXml", QueryConversion.ToFetchXml(converted)));
    }
}
