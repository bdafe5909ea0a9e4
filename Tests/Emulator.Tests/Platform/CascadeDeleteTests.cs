using Microsoft.Xrm.Sdk;
using Microsoft.Xrm.Sdk.Query;
using Xunit;
using static CrmAccountability.Emulator.Storage.DataverseFaults;

namespace CrmAccountability.Emulator.Tests.Platform;

/// <summary>Deleting a row follows each relationship's delete behaviour (Learn: "Configure table relationship cascading behavior").</summary>
public sealed class CascadeDeleteTests
{
    [Fact]
    public void Deleting_an_opportunity_deletes_its_closes_the_relationship_cascades()
    {
        // Arrange
        var service = TestOrg.New().GetService();
        var deal = service.Create(new Entity("opportunity") { ["name"] = "Deal" });
        service.Execute(new OrganizationRequest("LoseOpportunity")
        {
            ["OpportunityClose"] = new Entity("opportunityclose") { ["opportunityid"] = new EntityReference("opportunity", deal) },
            ["Status"] = new OptionSetValue(4),
        });

        // Act
        service.Delete("opportunity", deal);

        // Assert
        Assert.Empty(service.RetrieveMultiple(new QueryExpression("opportunityclose")).Entities);
    }

    [Fact]
    public void Deleting_a_manager_clears_the_manager_lookup_of_their_reports_when_the_relationship_removes_the_link()
    {
        // Arrange
        var org = TestOrg.New();
        var manager = org.CreateUser("Mia Manager");
        var rep = org.CreateUser("Ana Rep");
        var service = org.GetService();
        service.Update(new Entity("systemuser", rep) { ["parentsystemuserid"] = new EntityReference("systemuser", manager) });

        // Act
        service.Delete("systemuser", manager);

        // Assert
        Assert.Null(service.Retrieve("systemuser", rep, new ColumnSet("parentsystemuserid")).GetAttributeValue<EntityReference>("parentsystemuserid"));
        TestOrg.Fault(ObjectDoesNotExist, () => service.Retrieve("systemuser", manager, new ColumnSet("fullname")));
    }
}
