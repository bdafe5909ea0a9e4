using System;
using System.Linq;
using Microsoft.Xrm.Sdk;
using Microsoft.Xrm.Sdk.Query;
using Xunit;
using static CrmAccountability.Emulator.Storage.DataverseFaults;

namespace CrmAccountability.Emulator.Tests.Operations;

/// <summary>WinOpportunity and LoseOpportunity, and the guard that keeps Update from closing an opportunity.</summary>
public sealed class WinLoseOpportunityTests
{
    [Fact]
    public void Winning_an_opportunity_closes_it_with_an_opportunityclose_actual_value_and_close_date()
    {
        // Arrange
        var org = TestOrg.New();
        var rep = org.CreateUser("Ana Rep", timeZone: "Pacific Standard Time");
        var service = org.GetService(rep);
        var id = service.Create(new Entity("opportunity") { ["name"] = "Big deal", ["estimatedvalue"] = new Money(120_000m) });

        // Act: 15:00 UTC is 07:00 in Los Angeles, still 25 November there.
        service.Execute(new OrganizationRequest("WinOpportunity")
        {
            ["OpportunityClose"] = new Entity("opportunityclose") { ["opportunityid"] = new EntityReference("opportunity", id), ["actualrevenue"] = new Money(110_000m), ["subject"] = "Won" },
            ["Status"] = new OptionSetValue(3),
        });

        // Assert
        var won = service.Retrieve("opportunity", id, new ColumnSet("statecode", "statuscode", "actualvalue", "actualvalue_base", "actualclosedate"));
        Assert.Equal(1, won.GetAttributeValue<OptionSetValue>("statecode").Value);
        Assert.Equal(3, won.GetAttributeValue<OptionSetValue>("statuscode").Value);
        Assert.Equal(110_000m, won.GetAttributeValue<Money>("actualvalue_base").Value);
        Assert.Equal(new DateTime(2026, 11, 25), won.GetAttributeValue<DateTime>("actualclosedate").Date);
        var close = Assert.Single(service.RetrieveMultiple(new QueryExpression("opportunityclose") { ColumnSet = new ColumnSet("opportunityid", "statecode") }).Entities);
        Assert.Equal(id, close.GetAttributeValue<EntityReference>("opportunityid").Id);
        Assert.Equal(1, close.GetAttributeValue<OptionSetValue>("statecode").Value);
    }

    [Fact]
    public void Losing_then_reopening_an_opportunity_returns_it_to_open()
    {
        var service = TestOrg.New().GetService();
        var id = service.Create(new Entity("opportunity") { ["name"] = "Deal" });

        service.Execute(new OrganizationRequest("LoseOpportunity")
        {
            ["OpportunityClose"] = new Entity("opportunityclose") { ["opportunityid"] = new EntityReference("opportunity", id) },
            ["Status"] = new OptionSetValue(4),
        });
        var lost = service.Retrieve("opportunity", id, new ColumnSet("statecode", "statuscode"));
        service.Update(new Entity("opportunity", id) { ["statecode"] = new OptionSetValue(0), ["statuscode"] = new OptionSetValue(1) });

        Assert.Equal((2, 4), (lost.GetAttributeValue<OptionSetValue>("statecode").Value, lost.GetAttributeValue<OptionSetValue>("statuscode").Value));
        Assert.Equal(0, service.Retrieve("opportunity", id, new ColumnSet("statecode")).GetAttributeValue<OptionSetValue>("statecode").Value);
    }

    [Fact]
    public void Closing_an_opportunity_by_updating_its_state_is_refused()
    {
        var service = TestOrg.New().GetService();
        var id = service.Create(new Entity("opportunity") { ["name"] = "Deal" });

        var fault = TestOrg.Fault(InvalidArgument, () => service.Update(new Entity("opportunity", id) { ["statecode"] = new OptionSetValue(1), ["statuscode"] = new OptionSetValue(3) }));

        Assert.Contains("WinOpportunity", fault.Message, StringComparison.Ordinal);
    }
}
