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

/// <summary>Learn, "Event execution pipeline": stages, context, images, filtering attributes, depth and errors.</summary>
public sealed class PipelineStageTests
{
    private static StepRegistration Step(string message, string? entity, int stage, Action<IServiceProvider> body, params string[] filtering)
        => new() { Message = message, PrimaryEntity = entity, Stage = stage, FilteringAttributes = filtering, Plugin = new DelegatePlugin(body) };

    [Fact]
    public void Stages_run_in_order_with_the_context_Dataverse_fills()
    {
        // Arrange
        var org = TestOrg.New();
        var rep = org.CreateUser("Ana Rep");
        var seen = new List<IPluginExecutionContext>();
        foreach (var stage in new[] { 40, 10, 20 })
        {
            org.RegisterStep(Step("Create", "account", stage, p =>
            {
                var context = p.Context();
                context.SharedVariables["stages"] = (context.SharedVariables.TryGetValue("stages", out var s) ? (string)s : string.Empty) + context.Stage + ";";
                seen.Add(context);
            }));
        }

        // Act
        var id = org.GetService(rep).Create(new Entity("account") { ["name"] = "Contoso" });

        // Assert
        Assert.Equal([10, 20, 40], seen.Select(c => c.Stage));
        Assert.Equal("10;20;40;", seen[2].SharedVariables["stages"]);
        Assert.All(seen, c => Assert.Equal(("Create", "account", 1, rep, rep), (c.MessageName, c.PrimaryEntityName, c.Depth, c.UserId, c.InitiatingUserId)));
        Assert.All(seen, c => Assert.Equal(TestOrg.Start, c.OperationCreatedOn));
        Assert.Single(seen.Select(c => c.CorrelationId).Distinct());
        Assert.Equal([false, true, true], seen.Select(c => c.IsInTransaction));
        Assert.Equal(Guid.Empty, seen[1].PrimaryEntityId);
        Assert.Equal(id, seen[2].PrimaryEntityId);
        Assert.Equal(id, seen[2].OutputParameters["id"]);
        Assert.Equal(org.RootBusinessUnitId, seen[0].BusinessUnitId);
        Assert.IsAssignableFrom<IPluginExecutionContext7>(seen[0]);
    }

    [Fact]
    public void A_PreOperation_change_to_the_target_is_saved_and_the_callers_entity_is_untouched()
    {
        var org = TestOrg.New();
        org.RegisterStep(Step("Create", "account", 20, p => p.Target()["accountnumber"] = "AUTO-1"));
        var entity = new Entity("account") { ["name"] = "Contoso" };

        var id = org.GetService().Create(entity);

        Assert.Equal("AUTO-1", org.GetService().Retrieve("account", id, new ColumnSet("accountnumber")).GetAttributeValue<string>("accountnumber"));
        Assert.False(entity.Contains("accountnumber"));
    }

    [Fact]
    public void An_Update_step_fires_only_when_the_target_holds_a_filtering_attribute_checked_after_PreOperation()
    {
        // Arrange
        var org = TestOrg.New();
        var fired = 0;
        org.RegisterStep(Step("Update", "account", 40, _ => fired++, "numberofemployees"));
        org.RegisterStep(Step("Update", "account", 20, p =>
        {
            if (p.Target().GetAttributeValue<string>("name") == "grow")
            {
                p.Target()["numberofemployees"] = 10;
            }
        }));
        var service = org.GetService();
        var id = service.Create(new Entity("account") { ["name"] = "Contoso" });

        // Act
        service.Update(new Entity("account", id) { ["accountnumber"] = "A-1" });
        var afterUnrelated = fired;
        service.Update(new Entity("account", id) { ["numberofemployees"] = 5 });
        service.Update(new Entity("account", id) { ["name"] = "grow" });

        // Assert
        Assert.Equal(0, afterUnrelated);
        Assert.Equal(2, fired);
    }

    [Fact]
    public void Images_carry_only_their_registered_columns_before_and_after()
    {
        var org = TestOrg.New();
        Entity? pre = null, post = null;
        org.RegisterStep(new StepRegistration
        {
            Message = "Update",
            PrimaryEntity = "account",
            Stage = 40,
            Images = [new StepImageDefinition("Pre", "Pre", ImageType.PreImage, ["numberofemployees"], "Target"), new StepImageDefinition("Post", "Post", ImageType.PostImage, ["numberofemployees", "name"], "Target")],
            Plugin = new DelegatePlugin(p => (pre, post) = (p.Context().PreEntityImages["Pre"], p.Context().PostEntityImages["Post"])),
        });
        var service = org.GetService();
        var id = service.Create(new Entity("account") { ["name"] = "Contoso", ["numberofemployees"] = 1 });

        service.Update(new Entity("account", id) { ["numberofemployees"] = 2 });

        Assert.Equal(["accountid", "numberofemployees"], pre!.Attributes.Keys.Order(StringComparer.Ordinal));
        Assert.Equal(1, pre.GetAttributeValue<int>("numberofemployees"));
        Assert.Equal(2, post!.GetAttributeValue<int>("numberofemployees"));
        Assert.Equal("Contoso", post.GetAttributeValue<string>("name"));
    }

    [Fact]
    public void InvalidPluginExecutionException_reaches_the_caller_as_a_fault_with_the_plugins_message_unwrapped()
    {
        var org = TestOrg.New();
        org.RegisterStep(Step("Create", "account", 10, _ => throw new InvalidPluginExecutionException("Target must be positive.")));

        var fault = TestOrg.Fault(PluginExecution, () => org.GetService().Create(new Entity("account") { ["name"] = "x" }));

        Assert.Equal("Target must be positive.", fault.Message);
    }

    [Fact]
    public void Any_other_plugin_exception_is_reported_as_an_unexpected_plugin_exception()
    {
        var org = TestOrg.New();
        org.RegisterStep(Step("Create", "account", 40, _ => throw new InvalidOperationException("Sequence contains no elements")));

        var fault = TestOrg.Fault(UnexpectedPluginException, () => org.GetService().Create(new Entity("account") { ["name"] = "x" }));

        Assert.Contains("System.InvalidOperationException: Sequence contains no elements", fault.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Depth_grows_with_each_nested_call_and_above_8_the_platform_stops_the_loop()
    {
        // Arrange: a plug-in that updates the row that triggered it, forever.
        var org = TestOrg.New();
        var depths = new List<int>();
        org.RegisterStep(Step("Update", "account", 40, p =>
        {
            depths.Add(p.Context().Depth);
            p.Service().Update(new Entity("account", p.Context().PrimaryEntityId) { ["numberofemployees"] = p.Context().Depth });
        }, "numberofemployees"));
        var service = org.GetService();
        var id = service.Create(new Entity("account") { ["name"] = "Loop", ["numberofemployees"] = 0 });

        // Act
        var fault = TestOrg.Fault(InfiniteLoopDetected, () => service.Update(new Entity("account", id) { ["numberofemployees"] = 1 }));

        // Assert
        Assert.Equal([1, 2, 3, 4, 5, 6, 7, 8], depths);
        Assert.Contains("infinite loop", fault.Message, StringComparison.Ordinal);
        Assert.Equal(0, service.ReadCount(id));
    }

    [Fact]
    public void Nested_calls_see_their_parent_context()
    {
        var org = TestOrg.New();
        IPluginExecutionContext? child = null;
        org.RegisterStep(Step("Create", "account", 40, p => p.Service().Create(new Entity("contact") { ["lastname"] = "Lee" })));
        org.RegisterStep(Step("Create", "contact", 40, p => child = p.Context()));

        org.GetService().Create(new Entity("account") { ["name"] = "Parent" });

        Assert.Equal(2, child!.Depth);
        Assert.Equal("account", child.ParentContext!.PrimaryEntityName);
        Assert.Equal(child.CorrelationId, child.ParentContext.CorrelationId);
    }

    [Fact]
    public void A_step_that_runs_as_another_user_gets_that_user_in_its_context()
    {
        var org = TestOrg.New();
        var service = org.CreateUser("Service Account");
        var rep = org.CreateUser("Ana Rep");
        var seen = Guid.Empty;
        org.RegisterStep(new StepRegistration { Message = "Create", PrimaryEntity = "account", Stage = 40, RunAs = service, Plugin = new DelegatePlugin(p => seen = p.Context().UserId) });

        org.GetService(rep).Create(new Entity("account") { ["name"] = "x" });

        Assert.Equal(service, seen);
    }

    [Fact]
    public void Winning_an_opportunity_fires_Win_steps_on_the_opportunity()
    {
        var org = TestOrg.New();
        var fired = new List<(string, string, Guid)>();
        org.RegisterStep(Step("Win", "opportunity", 40, p => fired.Add((p.Context().MessageName, p.Context().PrimaryEntityName, p.Context().PrimaryEntityId))));
        var service = org.GetService();
        var id = service.Create(new Entity("opportunity") { ["name"] = "Deal" });

        service.Execute(new OrganizationRequest("WinOpportunity") { ["OpportunityClose"] = new Entity("opportunityclose") { ["opportunityid"] = new EntityReference("opportunity", id) }, ["Status"] = new OptionSetValue(3) });

        Assert.Equal([("Win", "opportunity", id)], fired);
    }

    [Fact]
    public void An_update_that_changes_the_state_also_runs_SetState_steps_with_their_own_parameters()
    {
        // Arrange
        var org = TestOrg.New();
        var seen = new List<(string Message, EntityReference Moniker, int State, int Status)>();
        org.RegisterStep(Step("SetStateDynamicEntity", "task", 40, p =>
        {
            var input = p.Context().InputParameters;
            seen.Add((p.Context().MessageName, (EntityReference)input["EntityMoniker"], ((OptionSetValue)input["State"]).Value, ((OptionSetValue)input["Status"]).Value));
        }));
        var service = org.GetService();
        var id = service.Create(new Entity("task") { ["subject"] = "Follow up" });

        // Act
        service.Update(new Entity("task", id) { ["subject"] = "Renamed" });
        service.Update(new Entity("task", id) { ["statecode"] = new OptionSetValue(1), ["statuscode"] = new OptionSetValue(5) });

        // Assert
        var call = Assert.Single(seen);
        Assert.Equal(("SetStateDynamicEntity", new EntityReference("task", id), 1, 5), call);
    }

    [Fact]
    public void Plugin_trace_lines_are_kept_with_their_correlation_id()
    {
        var org = TestOrg.New();
        org.RegisterStep(Step("Create", "account", 40, p => p.Tracing().Trace("counted {0}", 3)));

        org.GetService().Create(new Entity("account") { ["name"] = "x" });

        var line = Assert.Single(org.PluginTraces);
        Assert.Equal(("counted 3", "Create", 40), (line.Text, line.Message, line.Stage));
    }

    [Fact]
    public void A_step_from_a_loaded_solution_runs_with_its_registered_image()
    {
        var org = TestOrg.New();
        org.LoadSolution(TestOrg.Asset("SampleSolution"));
        var service = org.GetService();
        var id = service.Create(new Entity("cra_widget") { ["cra_name"] = "W", ["cra_count"] = 5 });

        service.Update(new Entity("cra_widget", id) { ["cra_count"] = 6 });
        var fault = TestOrg.Fault(PluginExecution, () => service.Update(new Entity("cra_widget", id) { ["cra_count"] = 1 }));

        Assert.Equal("Widget counts only go up: 6 → 1.", fault.Message);
        Assert.Equal(6, service.Retrieve("cra_widget", id, new ColumnSet("cra_count")).GetAttributeValue<int>("cra_count"));
    }
}
