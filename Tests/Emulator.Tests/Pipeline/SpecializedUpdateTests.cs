using System;
using System.Collections.Generic;
using System.Linq;
using CrmAccountability.Emulator.Pipeline;
using CrmAccountability.Emulator.Solutions;
using Microsoft.Xrm.Sdk;
using Microsoft.Xrm.Sdk.Query;
using Xunit;

namespace CrmAccountability.Emulator.Tests.Pipeline;

/// <summary>
/// Learn, "Behavior of specialized update operations" (special-update-operation-behavior) and "Legacy update messages":
/// one test per documented sentence, observed through the steps a plug-in author registers.
/// </summary>
public sealed class SpecializedUpdateTests
{
    private sealed record Call(string Message, int Stage, string[] Columns, object? Extra);

    /// <summary>Records every execution of Update, Assign, SetState and SetStateDynamicEntity steps on <paramref name="table"/>.</summary>
    private static List<Call> Record(DataverseEmulator org, string table)
    {
        var calls = new List<Call>();
        foreach (var message in new[] { "Update", "Assign", "SetState", "SetStateDynamicEntity" })
        {
            foreach (var stage in new[] { 10, 20, 40 })
            {
                org.RegisterStep(new StepRegistration
                {
                    Message = message,
                    PrimaryEntity = table,
                    Stage = stage,
                    Plugin = new DelegatePlugin(p =>
                    {
                        var context = p.Context();
                        var target = context.InputParameters.TryGetValue("Target", out var t) ? t : null;
                        // The primary key is left out: whether the Target carries it as a column is not what these tests are about.
                        var columns = target is Entity entity ? entity.Attributes.Keys.Where(k => k != "activityid" && k != "systemuserid").Order(StringComparer.Ordinal).ToArray() : [];
                        object? extra = message switch
                        {
                            "Assign" => ((EntityReference)context.InputParameters["Assignee"]).Id,
                            "SetState" or "SetStateDynamicEntity" => ((OptionSetValue)context.InputParameters["State"]).Value,
                            _ => null,
                        };
                        lock (calls)
                        {
                            calls.Add(new Call(context.MessageName, context.Stage, columns, extra));
                        }
                    }),
                });
            }
        }

        return calls;
    }

    [Fact]
    public void An_AssignRequest_is_performed_as_an_Update_of_ownerid_and_its_own_Assign_steps_still_run()
    {
        // Arrange
        var org = TestOrg.New();
        var ana = org.CreateUser("Ana Rep");
        var ben = org.CreateUser("Ben Rep");
        var service = org.GetService();
        var task = service.Create(new Entity("task") { ["subject"] = "Call back", ["ownerid"] = new EntityReference("systemuser", ana) });
        var calls = Record(org, "task");

        // Act: the legacy message, sent by name as older clients do.
        service.Execute(new OrganizationRequest("Assign") { ["Target"] = new EntityReference("task", task), ["Assignee"] = new EntityReference("systemuser", ben) });

        // Assert
        Assert.Equal(ben, service.Retrieve("task", task, new ColumnSet("ownerid")).GetAttributeValue<EntityReference>("ownerid").Id);
        Assert.Equal([10, 20, 40], calls.Where(c => c.Message == "Update").Select(c => c.Stage));
        Assert.All(calls.Where(c => c.Message == "Update"), c => Assert.Equal(["ownerid"], c.Columns));
        Assert.Equal([10, 20, 40], calls.Where(c => c.Message == "Assign").Select(c => c.Stage));
        Assert.All(calls.Where(c => c.Message == "Assign"), c => Assert.Equal(ben, c.Extra));
    }

    [Fact]
    public void A_SetStateRequest_is_performed_as_an_Update_of_statecode_and_statuscode_and_SetState_steps_still_run()
    {
        // Arrange
        var org = TestOrg.New();
        var service = org.GetService();
        var call = service.Create(new Entity("phonecall") { ["subject"] = "Discovery" });
        var calls = Record(org, "phonecall");

        // Act
        service.Execute(new OrganizationRequest("SetState") { ["EntityMoniker"] = new EntityReference("phonecall", call), ["State"] = new OptionSetValue(1), ["Status"] = new OptionSetValue(2) });

        // Assert
        var stored = service.Retrieve("phonecall", call, new ColumnSet("statecode", "statuscode", "actualend"));
        Assert.Equal((1, 2), (stored.GetAttributeValue<OptionSetValue>("statecode").Value, stored.GetAttributeValue<OptionSetValue>("statuscode").Value));
        Assert.NotNull(stored.GetAttributeValue<DateTime?>("actualend"));
        Assert.Equal([10, 20, 40], calls.Where(c => c.Message == "Update").Select(c => c.Stage));
        Assert.All(calls.Where(c => c.Message == "Update"), c => Assert.Equal(["statecode", "statuscode"], c.Columns));
        Assert.Equal([10, 20, 40], calls.Where(c => c.Message == "SetState").Select(c => c.Stage));
        Assert.Equal([20, 40], calls.Where(c => c.Message == "SetStateDynamicEntity").Select(c => c.Stage));
        Assert.All(calls.Where(c => c.Message.StartsWith("SetState", StringComparison.Ordinal)), c => Assert.Equal(1, c.Extra));
    }

    [Fact]
    public void An_Update_with_state_and_other_columns_runs_Update_steps_once_for_the_other_columns_then_once_for_the_state()
    {
        // Arrange: "plug-ins registered for the Update message in PreOperation and/or PostOperation stages execute once
        // for all non-state/status fields, and then once for the state/status fields."
        var org = TestOrg.New();
        var service = org.GetService();
        var task = service.Create(new Entity("task") { ["subject"] = "Proposal" });
        var calls = Record(org, "task");
        var postImages = new List<(string Subject, int State)>();
        org.RegisterStep(new StepRegistration
        {
            Message = "Update", PrimaryEntity = "task", Stage = 40,
            Images = [new StepImageDefinition("PostImage", "PostImage", ImageType.PostImage, ["subject", "statecode"], "Target")],
            Plugin = new DelegatePlugin(p =>
            {
                var image = p.Context().PostEntityImages["PostImage"];
                postImages.Add((image.GetAttributeValue<string>("subject"), image.GetAttributeValue<OptionSetValue>("statecode").Value));
            }),
        });

        // Act
        service.Update(new Entity("task", task) { ["subject"] = "Proposal sent", ["description"] = "v2", ["statecode"] = new OptionSetValue(1), ["statuscode"] = new OptionSetValue(5) });

        // Assert: PreValidation once with everything; PreOperation and PostOperation per part, other columns first.
        var updates = calls.Where(c => c.Message == "Update").ToList();
        Assert.Equal([10, 20, 40, 20, 40], updates.Select(c => c.Stage));
        Assert.Equal(["description", "statecode", "statuscode", "subject"], updates[0].Columns);
        Assert.Equal(["description", "subject"], updates[1].Columns);
        Assert.Equal(["description", "subject"], updates[2].Columns);
        Assert.Equal(["statecode", "statuscode"], updates[3].Columns);
        Assert.Equal(["statecode", "statuscode"], updates[4].Columns);
        // The first part is written before the second begins, so its post-image has the new subject and the old state.
        Assert.Equal([("Proposal sent", 0), ("Proposal sent", 1)], postImages);
        Assert.Equal([20, 40], calls.Where(c => c.Message == "SetStateDynamicEntity").Select(c => c.Stage));
    }

    [Fact]
    public void An_Update_of_the_owner_and_other_columns_of_a_user_owned_row_runs_once_and_its_Assign_steps_run()
    {
        // Learn splits owner fields off only for business-owned tables (SystemUser, BusinessUnit, Equipment, Team).
        var org = TestOrg.New();
        var ben = org.CreateUser("Ben Rep");
        var service = org.GetService();
        var task = service.Create(new Entity("task") { ["subject"] = "Demo" });
        var calls = Record(org, "task");

        service.Update(new Entity("task", task) { ["subject"] = "Demo for Ben", ["ownerid"] = new EntityReference("systemuser", ben) });

        Assert.Equal([10, 20, 40], calls.Where(c => c.Message == "Update").Select(c => c.Stage));
        Assert.All(calls.Where(c => c.Message == "Update"), c => Assert.Equal(["ownerid", "subject"], c.Columns));
        Assert.Equal([20, 40], calls.Where(c => c.Message == "Assign").Select(c => c.Stage));
    }

    [Fact]
    public void An_Update_of_owner_fields_and_other_columns_of_a_business_owned_row_runs_once_per_part()
    {
        // "…execute once for all non-owner fields, and then once for the owner fields. Examples of owner fields would be
        // businessunit and manager (for a SystemUser table)."
        var org = TestOrg.New();
        var manager = org.CreateUser("Mia Manager");
        var rep = org.CreateUser("Ana Rep");
        var calls = Record(org, "systemuser");

        org.GetService().Update(new Entity("systemuser", rep) { ["firstname"] = "Anna", ["parentsystemuserid"] = new EntityReference("systemuser", manager) });

        var updates = calls.Where(c => c.Message == "Update").ToList();
        Assert.Equal([10, 20, 40, 20, 40], updates.Select(c => c.Stage));
        Assert.Equal(["firstname"], updates[1].Columns);
        Assert.Equal(["parentsystemuserid"], updates[3].Columns);
    }

    [Fact]
    public void A_failure_in_the_second_part_rolls_back_the_first()
    {
        var org = TestOrg.New();
        var service = org.GetService();
        var task = service.Create(new Entity("task") { ["subject"] = "Before" });
        org.RegisterStep(new StepRegistration
        {
            Message = "Update", PrimaryEntity = "task", Stage = 20,
            Plugin = new DelegatePlugin(p =>
            {
                if (p.Target().Contains("statecode"))
                {
                    throw new InvalidPluginExecutionException("No completing today.");
                }
            }),
        });

        Assert.ThrowsAny<Exception>(() => service.Update(new Entity("task", task) { ["subject"] = "After", ["statecode"] = new OptionSetValue(1) }));

        Assert.Equal("Before", service.Retrieve("task", task, new ColumnSet("subject")).GetAttributeValue<string>("subject"));
    }
}
