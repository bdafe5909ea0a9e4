using System;
using System.Collections.Generic;
using System.Linq;
using CrmAccountability.Emulator.Pipeline;
using CrmAccountability.Emulator.Solutions;
using Microsoft.Xrm.Sdk;
using Microsoft.Xrm.Sdk.Query;
using Xunit;
using static CrmAccountability.Emulator.Storage.DataverseFaults;

namespace CrmAccountability.Emulator.Tests.Pipeline;

/// <summary>Security roles with privilege depths from the solution, and Custom APIs with typed parameters.</summary>
public sealed class SecurityAndCustomApiTests
{
    private static DataverseEmulator OrgWithWidgets()
    {
        var org = TestOrg.New();
        org.LoadSolution(TestOrg.Asset("SampleSolution"));
        return org;
    }

    [Fact]
    public void A_user_without_the_privilege_gets_Dataverses_privilege_error()
    {
        // The sample role "Widget Reader" grants read (Basic) and write (Local) on widgets, but no create.
        var org = OrgWithWidgets();
        var reader = org.CreateUser("Rita Reader", roles: ["Widget Reader"]);

        var fault = TestOrg.Fault(PrivilegeDenied, () => org.GetService(reader).Create(new Entity("cra_widget") { ["cra_name"] = "W" }));

        Assert.Contains("is missing prvCreatecra_widget privilege", fault.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Basic_read_depth_shows_a_user_only_the_rows_they_own()
    {
        // Arrange
        var org = OrgWithWidgets();
        var rita = org.CreateUser("Rita Reader", roles: ["Widget Reader"]);
        var other = org.CreateUser("Ole Other", roles: ["Widget Reader"]);
        var system = org.GetService();
        var mine = system.Create(new Entity("cra_widget") { ["cra_name"] = "Mine", ["ownerid"] = new EntityReference("systemuser", rita) });
        var theirs = system.Create(new Entity("cra_widget") { ["cra_name"] = "Theirs", ["ownerid"] = new EntityReference("systemuser", other) });

        // Act
        var visible = org.GetService(rita).RetrieveMultiple(new QueryExpression("cra_widget") { ColumnSet = new ColumnSet("cra_name") }).Entities;

        // Assert
        Assert.Equal("Mine", Assert.Single(visible).GetAttributeValue<string>("cra_name"));
        TestOrg.Fault(PrivilegeDenied, () => org.GetService(rita).Retrieve("cra_widget", theirs, new ColumnSet("cra_name")));
        Assert.Equal("Mine", org.GetService(rita).Retrieve("cra_widget", mine, new ColumnSet("cra_name")).GetAttributeValue<string>("cra_name"));
    }

    [Fact]
    public void Local_write_depth_reaches_rows_in_the_users_business_unit_only()
    {
        var org = OrgWithWidgets();
        var east = org.CreateBusinessUnit("East");
        var rita = org.CreateUser("Rita Reader", roles: ["Widget Reader"]);
        var colleague = org.CreateUser("Colin Colleague");
        var outsider = org.CreateUser("Erin East", businessUnitId: east);
        var system = org.GetService();
        var sameUnit = system.Create(new Entity("cra_widget") { ["cra_name"] = "Same", ["ownerid"] = new EntityReference("systemuser", colleague) });
        var otherUnit = system.Create(new Entity("cra_widget") { ["cra_name"] = "Other", ["ownerid"] = new EntityReference("systemuser", outsider) });

        org.GetService(rita).Update(new Entity("cra_widget", sameUnit) { ["cra_count"] = 1 });

        TestOrg.Fault(PrivilegeDenied, () => org.GetService(rita).Update(new Entity("cra_widget", otherUnit) { ["cra_count"] = 1 }));
    }

    [Fact]
    public void SYSTEM_and_plugins_calling_as_SYSTEM_bypass_security()
    {
        var org = OrgWithWidgets();
        var rita = org.CreateUser("Rita Reader", roles: ["Widget Reader"]);
        org.RegisterStep(new StepRegistration { Message = "Update", PrimaryEntity = "cra_widget", Stage = 40, Plugin = new DelegatePlugin(p => p.Service(null).Create(new Entity("cra_widget") { ["cra_name"] = "made by SYSTEM" })) });
        var mine = org.GetService().Create(new Entity("cra_widget") { ["cra_name"] = "Mine", ["ownerid"] = new EntityReference("systemuser", rita) });

        org.GetService(rita).Update(new Entity("cra_widget", mine) { ["cra_code"] = "A" });

        Assert.Equal(2, org.GetService().RetrieveMultiple(new QueryExpression("cra_widget")).Entities.Count);
    }

    [Fact]
    public void A_custom_API_runs_its_plugin_as_the_main_operation_and_returns_its_response_properties()
    {
        // Arrange
        var org = TestOrg.New();
        var seen = new List<IPluginExecutionContext>();
        org.RegisterCustomApi(new CustomApiRegistration
        {
            UniqueName = "cra_Echo",
            RequestParameters = [new CustomApiParameter("Text", CustomApiParameterType.String, false, null), new CustomApiParameter("Times", CustomApiParameterType.Integer, true, null)],
            ResponseProperties = [new CustomApiParameter("Echoed", CustomApiParameterType.String, false, null)],
            Plugin = new DelegatePlugin(p =>
            {
                var context = p.Context();
                seen.Add(context);
                var times = context.InputParameters.TryGetValue("Times", out var t) ? (int)t : 1;
                context.OutputParameters["Echoed"] = string.Concat(Enumerable.Repeat((string)context.InputParameters["Text"], times));
            }),
        });

        // Act
        var response = org.GetService().Execute(new OrganizationRequest("cra_Echo") { ["Text"] = "ab", ["Times"] = 2 });

        // Assert
        Assert.Equal("abab", response["Echoed"]);
        Assert.Equal((30, "cra_Echo"), (seen.Single().Stage, seen.Single().MessageName));
    }

    [Fact]
    public void A_custom_API_refuses_missing_mistyped_and_unknown_parameters()
    {
        var org = TestOrg.New();
        org.RegisterCustomApi(new CustomApiRegistration
        {
            UniqueName = "cra_Echo",
            RequestParameters = [new CustomApiParameter("Text", CustomApiParameterType.String, false, null)],
            Plugin = new DelegatePlugin(_ => { }),
        });
        var service = org.GetService();

        Assert.Contains("Required field 'Text'", TestOrg.Fault(InvalidArgument, () => service.Execute(new OrganizationRequest("cra_Echo"))).Message, StringComparison.Ordinal);
        Assert.Contains("must be String", TestOrg.Fault(InvalidArgument, () => service.Execute(new OrganizationRequest("cra_Echo") { ["Text"] = 5 })).Message, StringComparison.Ordinal);
        Assert.Contains("'Txet' is not a parameter", TestOrg.Fault(InvalidArgument, () => service.Execute(new OrganizationRequest("cra_Echo") { ["Text"] = "a", ["Txet"] = "b" })).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_custom_API_with_an_execute_privilege_refuses_users_without_it()
    {
        var org = OrgWithWidgets();
        var noRole = org.CreateUser("Nora None", roles: []);
        var rita = org.CreateUser("Rita Reader", roles: ["Widget Reader"]);
        var widget = org.GetService().Create(new Entity("cra_widget") { ["cra_name"] = "W", ["cra_count"] = 1, ["ownerid"] = new EntityReference("systemuser", rita) });
        var request = new OrganizationRequest("cra_Ping") { ["Target"] = new EntityReference("cra_widget", widget) };

        TestOrg.Fault(PrivilegeDenied, () => org.GetService(noRole).Execute(request));
    }

    [Fact]
    public void In_app_notifications_are_stored_and_queryable_by_recipient()
    {
        var org = TestOrg.New();
        var rep = org.CreateUser("Ana Rep");
        var service = org.GetService();

        service.Create(new Entity("appnotification") { ["title"] = "You're 35 of 90 minutes in", ["body"] = "A 30-minute block before 15:00 gets you back on pace.", ["ownerid"] = new EntityReference("systemuser", rep), ["icontype"] = new OptionSetValue(100000000) });

        var mine = org.GetService(rep).RetrieveMultiple(new FetchExpression("<fetch><entity name='appnotification'><attribute name='title'/><filter><condition attribute='ownerid' operator='eq-userid'/></filter></entity></fetch>"));
        Assert.Equal("You're 35 of 90 minutes in", Assert.Single(mine.Entities).GetAttributeValue<string>("title"));
    }
}
