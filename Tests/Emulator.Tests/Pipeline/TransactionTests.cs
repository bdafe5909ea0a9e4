using System;
using System.Linq;
using CrmAccountability.Emulator.Pipeline;
using Microsoft.Xrm.Sdk;
using Microsoft.Xrm.Sdk.Query;
using Xunit;
using static CrmAccountability.Emulator.Storage.DataverseFaults;

namespace CrmAccountability.Emulator.Tests.Pipeline;

/// <summary>
/// Learn, "Transactions in plug-ins": the synchronous stages 20–40 share the request's transaction, so any failure
/// rolls back every write, nested plug-in writes included; PreValidation of the initial request runs outside it.
/// </summary>
public sealed class TransactionTests
{
    private static int Count(DataverseEmulator org, string table) => org.GetService().RetrieveMultiple(new QueryExpression(table)).Entities.Count;

    [Fact]
    public void A_PostOperation_plugin_that_writes_three_rows_and_then_throws_leaves_no_trace()
    {
        // Arrange
        var org = TestOrg.New();
        org.RegisterStep(new StepRegistration
        {
            Message = "Create",
            PrimaryEntity = "account",
            Stage = 40,
            Plugin = new DelegatePlugin(p =>
            {
                var service = p.Service();
                for (var i = 0; i < 3; i++)
                {
                    service.Create(new Entity("task") { ["subject"] = "follow-up " + i });
                }

                throw new InvalidPluginExecutionException("Stop after writing.");
            }),
        });

        // Act
        TestOrg.Fault(PluginExecution, () => org.GetService().Create(new Entity("account") { ["name"] = "Contoso" }));

        // Assert
        Assert.Equal(0, Count(org, "account"));
        Assert.Equal(0, Count(org, "task"));
        Assert.Equal(0, Count(org, "activitypointer"));
    }

    [Fact]
    public void Writes_made_in_PreValidation_of_the_initial_request_stay_when_a_later_stage_fails()
    {
        var org = TestOrg.New();
        org.RegisterStep(new StepRegistration { Message = "Create", PrimaryEntity = "account", Stage = 10, Plugin = new DelegatePlugin(p => p.Service().Create(new Entity("task") { ["subject"] = "audit" })) });
        org.RegisterStep(new StepRegistration { Message = "Create", PrimaryEntity = "account", Stage = 40, Plugin = new DelegatePlugin(_ => throw new InvalidPluginExecutionException("no")) });

        TestOrg.Fault(PluginExecution, () => org.GetService().Create(new Entity("account") { ["name"] = "Contoso" }));

        Assert.Equal(0, Count(org, "account"));
        Assert.Equal(1, Count(org, "task"));
    }

    [Fact]
    public void A_plugin_sees_its_own_uncommitted_writes_and_other_callers_do_not()
    {
        var org = TestOrg.New();
        var seenInside = -1;
        var seenOutside = -1;
        org.RegisterStep(new StepRegistration
        {
            Message = "Create",
            PrimaryEntity = "account",
            Stage = 40,
            Plugin = new DelegatePlugin(p =>
            {
                seenInside = p.Service().RetrieveMultiple(new QueryExpression("account")).Entities.Count;
                seenOutside = org.GetService().RetrieveMultiple(new QueryExpression("account")).Entities.Count;
            }),
        });

        org.GetService().Create(new Entity("account") { ["name"] = "Contoso" });

        Assert.Equal(1, seenInside);
        Assert.Equal(0, seenOutside);
    }

    [Fact]
    public void A_plugin_that_swallows_a_failed_call_cannot_commit_the_transaction()
    {
        var org = TestOrg.New();
        org.RegisterStep(new StepRegistration
        {
            Message = "Create",
            PrimaryEntity = "account",
            Stage = 40,
            Plugin = new DelegatePlugin(p =>
            {
                try
                {
                    p.Service().Retrieve("contact", Guid.NewGuid(), new ColumnSet("fullname"));
                }
                catch (System.ServiceModel.FaultException<OrganizationServiceFault>)
                {
                    // Swallowed on purpose: Dataverse still refuses to commit.
                }
            }),
        });

        var fault = TestOrg.Fault(NoActiveTransaction, () => org.GetService().Create(new Entity("account") { ["name"] = "Contoso" }));

        Assert.StartsWith("There is no active transaction.", fault.Message, StringComparison.Ordinal);
        Assert.Equal(0, Count(org, "account"));
    }

    [Fact]
    public void An_asynchronous_step_runs_only_after_commit_when_async_work_is_run()
    {
        var org = TestOrg.New();
        var ran = 0;
        org.RegisterStep(new StepRegistration { Message = "Create", PrimaryEntity = "account", Stage = 40, Asynchronous = true, Plugin = new DelegatePlugin(p => { ran++; Assert.Equal(1, p.Context().Mode); Assert.False(p.Context().IsInTransaction); }) });

        org.GetService().Create(new Entity("account") { ["name"] = "Contoso" });
        var before = ran;
        var processed = org.RunAsyncWork();

        Assert.Equal((0, 1, 1), (before, processed, ran));
    }

    [Fact]
    public void An_asynchronous_failure_leaves_the_triggering_write_and_records_a_failed_system_job()
    {
        var org = TestOrg.New();
        org.RegisterStep(new StepRegistration { Message = "Create", PrimaryEntity = "account", Stage = 40, Asynchronous = true, Plugin = new DelegatePlugin(_ => throw new InvalidPluginExecutionException("Mail server unreachable.")) });

        org.GetService().Create(new Entity("account") { ["name"] = "Contoso" });
        org.RunAsyncWork();

        Assert.Equal(1, Count(org, "account"));
        var job = Assert.Single(org.GetService().RetrieveMultiple(new QueryExpression("asyncoperation") { ColumnSet = new ColumnSet("statuscode", "message") }).Entities);
        Assert.Equal(31, job.GetAttributeValue<OptionSetValue>("statuscode").Value);
        Assert.Equal("Mail server unreachable.", job.GetAttributeValue<string>("message"));
    }

    [Fact]
    public void An_asynchronous_step_asking_for_a_retry_is_run_again()
    {
        var org = TestOrg.New();
        var attempts = 0;
        org.RegisterStep(new StepRegistration
        {
            Message = "Create",
            PrimaryEntity = "account",
            Stage = 40,
            Asynchronous = true,
            Plugin = new DelegatePlugin(_ =>
            {
                if (++attempts == 1)
                {
                    throw new InvalidPluginExecutionException(OperationStatus.Retry, "busy, try again");
                }
            }),
        });

        org.GetService().Create(new Entity("account") { ["name"] = "Contoso" });
        org.RunAsyncWork();

        Assert.Equal(2, attempts);
        Assert.Equal(30, org.GetService().RetrieveMultiple(new QueryExpression("asyncoperation") { ColumnSet = new ColumnSet("statuscode") }).Entities.Single().GetAttributeValue<OptionSetValue>("statuscode").Value);
    }

    [Fact]
    public void Asynchronous_steps_of_a_rolled_back_request_never_run()
    {
        var org = TestOrg.New();
        org.RegisterStep(new StepRegistration { Message = "Create", PrimaryEntity = "task", Stage = 40, Asynchronous = true, Plugin = new DelegatePlugin(_ => { }) });
        org.RegisterStep(new StepRegistration
        {
            Message = "Create",
            PrimaryEntity = "account",
            Stage = 40,
            Plugin = new DelegatePlugin(p =>
            {
                p.Service().Create(new Entity("task") { ["subject"] = "t" });
                throw new InvalidPluginExecutionException("no");
            }),
        });

        TestOrg.Fault(PluginExecution, () => org.GetService().Create(new Entity("account") { ["name"] = "x" }));

        Assert.Equal(0, org.PendingAsyncJobs);
    }
}
