using System.Linq;
using CrmAccountability.Emulator.Platform;
using Microsoft.Xrm.Sdk;
using Xunit;

namespace CrmAccountability.Emulator.Tests.Platform;

/// <summary>
/// Learn does not publish the order of the platform's core operation, so <see cref="PlatformBehaviours"/> decides it;
/// these tests pin the decision and show, through <c>Metrics.LastPlatformBehaviours</c>, what one write applied.
/// </summary>
public sealed class PlatformBehaviourOrderTests
{
    [Fact]
    public void Create_and_update_apply_their_behaviours_in_the_one_written_order()
    {
        Assert.Equal(
            ["PlatformMaintainedTables", "ColumnValues", "InitialState", "Ownership", "BaseCurrency", "SystemColumns", "ActivityCompletionStamp", "RequiredColumns"],
            PlatformBehaviours.Create.Select(b => b.GetType().Name));
        Assert.Equal(
            ["ColumnValues", "OpportunityStateGuard", "StateTransition", "Ownership", "BaseCurrency", "SystemColumns", "ActivityCompletionStamp"],
            PlatformBehaviours.Update.Select(b => b.GetType().Name));
        Assert.Equal(["ActivityPointerMirror"], PlatformBehaviours.AfterWrite.Select(b => b.GetType().Name));
        Assert.Equal(["CascadeDelete"], PlatformBehaviours.Delete.Select(b => b.GetType().Name));
    }

    [Fact]
    public void Completing_a_phone_call_gives_it_its_default_status_stamps_it_and_moves_its_pointer()
    {
        // Arrange
        var org = TestOrg.New();
        var service = org.GetService();
        var call = service.Create(new Entity("phonecall") { ["subject"] = "Prospecting call" });

        // Act
        service.Update(new Entity("phonecall", call) { ["statecode"] = new OptionSetValue(1) });

        // Assert
        Assert.Equal(
            ["ColumnValues", "StateTransition", "SystemColumns", "ActivityCompletionStamp", "ActivityPointerMirror"],
            org.Metrics.LastPlatformBehaviours.Where(b => b.Table == "phonecall" && b.Message == "Update").Select(b => b.Behaviour));
    }

    [Fact]
    public void Creating_an_opportunity_gives_it_an_owner_a_currency_and_an_open_state()
    {
        // Arrange
        var org = TestOrg.New();
        var service = org.GetService(org.CreateUser("Ana Rep"));

        // Act
        service.Create(new Entity("opportunity") { ["name"] = "Deal", ["estimatedvalue"] = new Money(5_000m) });

        // Assert
        Assert.Equal(
            ["ColumnValues", "InitialState", "Ownership", "BaseCurrency", "SystemColumns", "RequiredColumns"],
            org.Metrics.LastPlatformBehaviours.Where(b => b.Table == "opportunity").Select(b => b.Behaviour));
    }

    [Fact]
    public void Winning_an_opportunity_writes_the_close_and_the_opportunity_through_the_core_write_past_the_state_guard()
    {
        // Arrange
        var org = TestOrg.New();
        var service = org.GetService();
        var deal = service.Create(new Entity("opportunity") { ["name"] = "Deal", ["estimatedvalue"] = new Money(5_000m) });

        // Act
        service.Execute(new OrganizationRequest("WinOpportunity")
        {
            ["OpportunityClose"] = new Entity("opportunityclose") { ["opportunityid"] = new EntityReference("opportunity", deal) },
            ["Status"] = new OptionSetValue(3),
        });

        // Assert
        var applied = org.Metrics.LastPlatformBehaviours;
        Assert.Equal(
            ["ColumnValues", "StateTransition", "BaseCurrency", "SystemColumns"],
            applied.Where(b => b.Table == "opportunity").Select(b => b.Behaviour));
        Assert.All(applied.Where(b => b.Table == "opportunity"), b => Assert.Equal("Win", b.Message));
        Assert.Contains(applied, b => b.Table == "opportunityclose" && b.Message == "Create");
    }
}
