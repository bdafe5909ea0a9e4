using System;
using System.Linq;
using Microsoft.Xrm.Sdk;
using Microsoft.Xrm.Sdk.Query;
using Xunit;

namespace CrmAccountability.Emulator.Tests.Organization;

/// <summary>The rows every organisation starts with: users and their settings, the organisation row.</summary>
public sealed class OrganizationSeedTests
{
    [Fact]
    public void A_disabled_user_reads_as_disabled()
    {
        var org = TestOrg.New();
        var ana = org.CreateUser("Ana Rep");

        org.DisableUser(ana);

        Assert.True(org.GetService().Retrieve("systemuser", ana, new ColumnSet("isdisabled")).GetAttributeValue<bool>("isdisabled"));
    }

    [Fact]
    public void Users_get_usersettings_with_their_time_zone_code_and_the_definition_names_the_Windows_zone()
    {
        var org = TestOrg.New();
        var rep = org.CreateUser("Ana Rep", timeZone: "Pacific Standard Time");
        var service = org.GetService();

        var settings = service.Retrieve("usersettings", rep, new ColumnSet("timezonecode"));
        var definition = service.RetrieveMultiple(new QueryByAttribute("timezonedefinition") { ColumnSet = new ColumnSet("standardname"), Attributes = { "timezonecode" }, Values = { settings.GetAttributeValue<int>("timezonecode") } }).Entities.Single();

        Assert.Equal(4, settings.GetAttributeValue<int>("timezonecode"));
        Assert.Equal("Pacific Standard Time", definition.GetAttributeValue<string>("standardname"));
    }

    [Fact]
    public void The_organization_row_carries_week_start_and_fiscal_settings()
    {
        var org = TestOrg.New(new EmulatorOptions { WeekStartDay = 0, FiscalYearStartMonth = 7 });

        var row = org.GetService().Retrieve("organization", org.OrganizationId, new ColumnSet("weekstartdaycode", "fiscalcalendarstart"));

        Assert.Equal(0, row.GetAttributeValue<int>("weekstartdaycode"));
        Assert.Equal(7, row.GetAttributeValue<DateTime>("fiscalcalendarstart").Month);
    }
}
