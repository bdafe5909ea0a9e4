using System;
using System.Collections.Concurrent;
using System.Linq;
using System.Reflection;
using System.Threading;
using CrmAccountability.Emulator;
using CrmAccountability.Emulator.Pipeline;
using CrmAccountability.Emulator.Solutions;
using CrmAccountability.Plugins.Counting;
using CrmAccountability.Plugins.Framework;
using Microsoft.Xrm.Sdk;
using Microsoft.Xrm.Sdk.Query;
using Xunit;

namespace CrmAccountability.Plugins.Tests.Counting;

/// <summary>
/// The negative control for the pre-lock: the same counting plug-in with its pre-lock replaced by a plain read, under
/// the same 50 parallel completions with the emulator pausing after each query, loses updates. Only this test
/// subclass lacks the lock; the shipped plug-in has no switch for it.
/// </summary>
public sealed class PreLockNegativeControlTests
{
    private const int Writers = 50;
    private static readonly DateTime Monday = new(2026, 11, 23, 14, 0, 0, DateTimeKind.Utc);

    [Fact]
    public void Without_the_pre_lock_parallel_completions_lose_updates()
    {
        var totals = Enumerable.Range(0, 3).Select(_ => RunWithoutPreLock()).ToList();

        Assert.True(totals.Any(total => total < Writers), "every run counted all " + Writers + " calls: " + string.Join(",", totals));
    }

    private static decimal RunWithoutPreLock()
    {
        // Arrange: the solution's tables, and the counting step registered with the unlocked variant instead.
        var org = new DataverseEmulator(new EmulatorOptions { StartUtc = Monday, AfterQuery = table => { if (table == "phonecall") { Thread.Sleep(1); } } });
        var root = typeof(PreLockNegativeControlTests).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>().Single(a => a.Key == "RepoRoot").Value!;
        org.LoadSolutionMetadata(UnpackedLayout.Merge(System.IO.Path.Combine(root, "Solution"), managed: false));
        var update = typeof(CountActivityPlugin).GetCustomAttributes<PluginStepAttribute>().Single(s => s.Message == "Update" && s.PrimaryEntity == "phonecall");
        org.RegisterStep(new StepRegistration
        {
            Message = "Update", PrimaryEntity = "phonecall", Stage = 40,
            FilteringAttributes = update.FilteringAttributes!.Split(','),
            Images =
            [
                new StepImageDefinition("PreImage", "PreImage", ImageType.PreImage, update.PreImageAttributes!.Split(','), "Target"),
                new StepImageDefinition("PostImage", "PostImage", ImageType.PostImage, update.PostImageAttributes!.Split(','), "Target"),
            ],
            PluginType = typeof(UnlockedCountActivityPlugin),
        });
        var system = org.GetService();
        var rep = org.CreateUser("Ana Rep", "GMT Standard Time");
        var expectation = system.Create(new Entity("cra_expectation")
        {
            ["cra_name"] = "Calls", ["cra_metric"] = new OptionSetValue(472100000), ["cra_period"] = new OptionSetValue(472100000), ["cra_target"] = 100m,
            ["cra_repid"] = new EntityReference("systemuser", rep), ["ownerid"] = new EntityReference("systemuser", rep),
        });
        var attainment = system.Create(new Entity("cra_attainment")
        {
            ["cra_expectationid"] = new EntityReference("cra_expectation", expectation), ["cra_repid"] = new EntityReference("systemuser", rep),
            ["cra_periodstart"] = Monday.Date, ["ownerid"] = new EntityReference("systemuser", rep),
        });
        var calls = Enumerable.Range(0, Writers).Select(_ => system.Create(new Entity("phonecall") { ["subject"] = "Call", ["ownerid"] = new EntityReference("systemuser", rep) })).ToList();

        // Act
        using var start = new ManualResetEventSlim();
        var failures = new ConcurrentQueue<Exception>();
        var threads = calls.Select(call => new Thread(() =>
        {
            start.Wait();
            try
            {
                org.GetService(rep).Update(new Entity("phonecall", call) { ["statecode"] = new OptionSetValue(1), ["actualend"] = Monday.AddHours(-1) });
            }
            catch (System.ServiceModel.FaultException<OrganizationServiceFault> ex)
            {
                failures.Enqueue(ex);
            }
        })).ToList();
        threads.ForEach(t => t.Start());
        start.Set();
        threads.ForEach(t => t.Join());

        Assert.Empty(failures);
        return system.Retrieve("cra_attainment", attainment, new ColumnSet("cra_actual")).GetAttributeValue<decimal>("cra_actual");
    }
}

/// <summary>The engine with its pre-lock replaced by a read of the row: what a read-then-write plug-in does.</summary>
internal sealed class UnlockedAttainmentEngine(ILocalPluginContext context, AccountabilityReader reader) : AttainmentEngine(context, reader)
{
    protected override Guid Lock(AttainmentKey key)
    {
        var query = new QueryExpression("cra_attainment") { ColumnSet = new ColumnSet("cra_attainmentid"), TopCount = 1 };
        query.Criteria.AddCondition("cra_expectationid", ConditionOperator.Equal, key.Expectation.Id);
        query.Criteria.AddCondition("cra_repid", ConditionOperator.Equal, key.RepId);
        return System.RetrieveMultiple(query).Entities.Single().Id;
    }
}

public sealed class UnlockedCountActivityPlugin : PluginBase
{
    protected override void ExecuteDataversePlugin(ILocalPluginContext context)
        => SourceRowSteps.Handle(context, (c, r) => new UnlockedAttainmentEngine(c, r));
}
