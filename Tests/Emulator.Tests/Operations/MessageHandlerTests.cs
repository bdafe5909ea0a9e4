using System.Linq;
using CrmAccountability.Emulator.Operations;
using Microsoft.Xrm.Sdk;
using Xunit;
using static CrmAccountability.Emulator.Storage.DataverseFaults;

namespace CrmAccountability.Emulator.Tests.Operations;

/// <summary>One handler per platform message, listed by hand; anything else is a Custom API or refused.</summary>
public sealed class MessageHandlerTests
{
    [Fact]
    public void Every_platform_message_has_exactly_one_handler()
    {
        var handlers = new MessageHandlers();

        Assert.Equal(
            ["AddMembersTeam", "Associate", "Create", "Delete", "Disassociate", "FetchXmlToQueryExpression", "LoseOpportunity", "QueryExpressionToFetchXml", "RemoveMembersTeam", "Retrieve", "RetrieveMultiple", "Update", "Upsert", "WhoAmI", "WinOpportunity"],
            handlers.Messages.Order(System.StringComparer.Ordinal));
        Assert.All(handlers.Messages, message => Assert.Contains(message, handlers.Find(message)!.Messages));
    }

    [Fact]
    public void A_message_that_is_neither_a_platform_message_nor_a_loaded_Custom_API_is_refused_by_name()
    {
        var service = TestOrg.New().GetService();

        var fault = TestOrg.Fault(InvalidArgument, () => service.Execute(new OrganizationRequest("cra_NoSuchApi")));

        Assert.Contains("cra_NoSuchApi", fault.Message, System.StringComparison.Ordinal);
    }
}
