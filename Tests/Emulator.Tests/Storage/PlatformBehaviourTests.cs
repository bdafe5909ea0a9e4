using System;
using System.Linq;
using Microsoft.Xrm.Sdk;
using Microsoft.Xrm.Sdk.Query;
using Xunit;
using static CrmAccountability.Emulator.Storage.DataverseFaults;

namespace CrmAccountability.Emulator.Tests.Storage;

/// <summary>Activities, the activity pointer, opportunity Win/Lose/reopen and associations.</summary>
public sealed class PlatformBehaviourTests
{
    [Fact]
    public void Completing_an_activity_without_an_actual_end_stamps_it_with_the_time_of_completion()
    {
        var org = TestOrg.New();
        var service = org.GetService();
        var id = service.Create(new Entity("phonecall") { ["subject"] = "Prospecting call", ["actualdurationminutes"] = 15 });

        org.Clock.Advance(TimeSpan.FromMinutes(20));
        service.Update(new Entity("phonecall", id) { ["statecode"] = new OptionSetValue(1), ["statuscode"] = new OptionSetValue(2) });

        Assert.Equal(TestOrg.Start.AddMinutes(20), service.Retrieve("phonecall", id, new ColumnSet("actualend")).GetAttributeValue<DateTime>("actualend"));
    }

    [Fact]
    public void AddMembersTeam_and_RemoveMembersTeam_change_the_teams_membership_and_adding_twice_adds_once()
    {
        // Arrange
        var org = TestOrg.New();
        var service = org.GetService();
        var ana = org.CreateUser("Ana Rep");
        var ben = org.CreateUser("Ben Rep");
        var team = org.CreateTeam("Sales East");

        // Act
        service.Execute(new OrganizationRequest("AddMembersTeam") { ["TeamId"] = team, ["MemberIds"] = new[] { ana, ben } });
        service.Execute(new OrganizationRequest("AddMembersTeam") { ["TeamId"] = team, ["MemberIds"] = new[] { ana } });
        service.Execute(new OrganizationRequest("RemoveMembersTeam") { ["TeamId"] = team, ["MemberIds"] = new[] { ben } });

        // Assert
        var query = new QueryExpression("teammembership") { ColumnSet = new ColumnSet("systemuserid") };
        query.Criteria.AddCondition("teamid", ConditionOperator.Equal, team);
        var members = service.RetrieveMultiple(query).Entities.Select(e => e["systemuserid"] is EntityReference r ? r.Id : (Guid)e["systemuserid"]).ToList();
        Assert.Equal([ana], members);
    }

    [Fact]
    public void Regarding_accepts_tables_enabled_for_activities_and_refuses_others()
    {
        // Arrange: the sample solution's cra_widget has no activity relationship; account is activity-enabled as standard.
        var org = TestOrg.New();
        org.LoadSolution(TestOrg.Asset("SampleSolution"));
        var service = org.GetService();
        var account = service.Create(new Entity("account") { ["name"] = "Contoso" });
        var widget = service.Create(new Entity("cra_widget") { ["cra_name"] = "Sprocket" });

        // Act
        var onAccount = service.Create(new Entity("task") { ["subject"] = "Call back", ["regardingobjectid"] = new EntityReference("account", account) });
        var onWidget = TestOrg.Fault(InvalidArgument, () => service.Create(new Entity("task") { ["subject"] = "Inspect", ["regardingobjectid"] = new EntityReference("cra_widget", widget) }));

        // Assert
        Assert.NotEqual(Guid.Empty, onAccount);
        Assert.Contains("regardingobjectid", onWidget.Message, StringComparison.Ordinal);
        Assert.Contains("cra_widget", onWidget.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_disabled_user_reads_as_disabled()
    {
        var org = TestOrg.New();
        var ana = org.CreateUser("Ana Rep");

        org.DisableUser(ana);

        Assert.True(org.GetService().Retrieve("systemuser", ana, new ColumnSet("isdisabled")).GetAttributeValue<bool>("isdisabled"));
    }

    [Fact]
    public void Completing_an_activity_keeps_an_actual_end_the_user_entered()
    {
        var org = TestOrg.New();
        var service = org.GetService();
        var entered = TestOrg.Start.AddHours(-3);
        var id = service.Create(new Entity("task") { ["subject"] = "Proposal", ["actualend"] = entered });

        service.Update(new Entity("task", id) { ["statecode"] = new OptionSetValue(1) });

        var task = service.Retrieve("task", id, new ColumnSet("actualend", "statuscode"));
        Assert.Equal(entered, task.GetAttributeValue<DateTime>("actualend"));
        Assert.Equal(5, task.GetAttributeValue<OptionSetValue>("statuscode").Value);
    }

    [Fact]
    public void A_new_activity_must_be_created_open()
    {
        var service = TestOrg.New().GetService();

        TestOrg.Fault(InvalidArgument, () => service.Create(new Entity("task") { ["subject"] = "x", ["statecode"] = new OptionSetValue(1), ["statuscode"] = new OptionSetValue(5) }));
    }

    [Fact]
    public void The_activity_pointer_mirrors_each_activity_with_its_type()
    {
        var org = TestOrg.New();
        var service = org.GetService();
        var call = service.Create(new Entity("phonecall") { ["subject"] = "Call" });
        var meeting = service.Create(new Entity("appointment") { ["subject"] = "Meeting", ["scheduleddurationminutes"] = 30 });

        service.Update(new Entity("appointment", meeting) { ["statecode"] = new OptionSetValue(1) });
        service.Delete("phonecall", call);

        var pointers = service.RetrieveMultiple(new QueryExpression("activitypointer") { ColumnSet = new ColumnSet("activitytypecode", "statecode", "scheduleddurationminutes") }).Entities;
        var pointer = Assert.Single(pointers);
        Assert.Equal(meeting, pointer.Id);
        Assert.Equal("appointment", pointer.GetAttributeValue<string>("activitytypecode"));
        Assert.Equal(1, pointer.GetAttributeValue<OptionSetValue>("statecode").Value);
        Assert.Equal(30, pointer.GetAttributeValue<int>("scheduleddurationminutes"));
    }

    [Fact]
    public void The_activity_pointer_cannot_be_created_directly()
    {
        var service = TestOrg.New().GetService();

        TestOrg.Fault(InvalidArgument, () => service.Create(new Entity("activitypointer") { ["subject"] = "x" }));
    }

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

    [Fact]
    public void Associating_users_with_a_team_writes_the_membership_and_a_duplicate_is_refused()
    {
        var org = TestOrg.New();
        var user = org.CreateUser("Ana Rep");
        var team = org.CreateTeam("Inside sales");
        var service = org.GetService();
        var members = new EntityReferenceCollection { new EntityReference("systemuser", user) };

        service.Associate("team", team, new Relationship("teammembership_association"), members);

        var membership = Assert.Single(service.RetrieveMultiple(new QueryExpression("teammembership") { ColumnSet = new ColumnSet("teamid", "systemuserid") }).Entities);
        Assert.Equal(user, membership.GetAttributeValue<EntityReference>("systemuserid").Id);
        TestOrg.Fault(DuplicateRecord, () => service.Associate("team", team, new Relationship("teammembership_association"), members));
        service.Disassociate("team", team, new Relationship("teammembership_association"), members);
        Assert.Empty(service.RetrieveMultiple(new QueryExpression("teammembership")).Entities);
    }

    [Fact]
    public void Associating_through_a_one_to_many_relationship_sets_the_lookup()
    {
        var org = TestOrg.New();
        var manager = org.CreateUser("Mia Manager");
        var rep = org.CreateUser("Ana Rep");
        var service = org.GetService();

        service.Associate("systemuser", manager, new Relationship("user_parent_user"), [new EntityReference("systemuser", rep)]);

        Assert.Equal(manager, service.Retrieve("systemuser", rep, new ColumnSet("parentsystemuserid")).GetAttributeValue<EntityReference>("parentsystemuserid").Id);
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
