using System;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using CrmAccountability.Emulator.Pipeline;
using Microsoft.Xrm.Sdk;
using Microsoft.Xrm.Sdk.Messages;
using Microsoft.Xrm.Sdk.Query;
using Xunit;

namespace CrmAccountability.Emulator.Tests.Pipeline;

/// <summary>
/// Row locks held to commit, readers seeing only committed rows, blocked writers waiting: so a read-then-write plug-in
/// really loses updates under concurrency here, as in Dataverse, and the pre-lock pattern (write first to take the
/// lock, then read; Learn: "Handle concurrency issues in plug-ins") really prevents it.
/// </summary>
public sealed class ConcurrencyTests
{
    private const int Writers = 50;

    /// <summary>Counts each new task into the account named in its subject: +1 on numberofemployees.</summary>
    private static DataverseEmulator OrgCounting(bool preLock, out Guid counter)
    {
        var org = TestOrg.New();
        counter = org.GetService().Create(new Entity("account") { ["name"] = "Counter", ["numberofemployees"] = 0 });
        var id = counter;
        org.RegisterStep(new StepRegistration
        {
            Message = "Create",
            PrimaryEntity = "task",
            Stage = 40,
            Plugin = new DelegatePlugin(p =>
            {
                var service = p.Service(null);
                if (preLock)
                {
                    // Any write takes the row's lock; everything read after it is current.
                    service.Update(new Entity("account", id) { ["accountnumber"] = p.Context().OperationId.ToString("N")[..20] });
                }

                var current = service.ReadCount(id);
                Thread.Sleep(1); // the work between read and write that a real plug-in does
                service.Update(new Entity("account", id) { ["numberofemployees"] = current + 1 });
            }),
        });
        return org;
    }

    private static int RunWriters(DataverseEmulator org, Guid counter)
    {
        InParallel(Writers, () => org.GetService().Create(new Entity("task") { ["subject"] = "count me" }));
        return org.GetService().ReadCount(counter);
    }

    /// <summary>
    /// Dedicated threads released together: the test runner's scheduler limits Parallel.For to its own few threads,
    /// which would serialise the writers and hide the race.
    /// </summary>
    private static void InParallel(int count, Action action)
    {
        using var start = new ManualResetEventSlim();
        var failures = new System.Collections.Concurrent.ConcurrentQueue<Exception>();
        var threads = Enumerable.Range(0, count).Select(_ => new Thread(() =>
        {
            start.Wait();
            try
            {
                action();
            }
            catch (Exception ex) when (ex is System.ServiceModel.FaultException<OrganizationServiceFault>)
            {
                failures.Enqueue(ex);
            }
        })).ToList();
        threads.ForEach(t => t.Start());
        start.Set();
        threads.ForEach(t => t.Join());
        Assert.Empty(failures);
    }

    [Fact]
    public void With_the_pre_lock_50_parallel_writers_give_the_exact_total_in_20_of_20_runs()
    {
        var totals = Enumerable.Range(0, 20).Select(_ =>
        {
            var org = OrgCounting(preLock: true, out var counter);
            return RunWriters(org, counter);
        }).ToList();

        Assert.All(totals, total => Assert.Equal(Writers, total));
    }

    [Fact]
    public void Without_the_pre_lock_a_read_then_write_plugin_loses_updates()
    {
        var totals = Enumerable.Range(0, 5).Select(_ =>
        {
            var org = OrgCounting(preLock: false, out var counter);
            return RunWriters(org, counter);
        }).ToList();

        Assert.True(totals.Any(total => total < Writers), "totals: " + string.Join(",", totals));
        Assert.All(totals, total => Assert.InRange(total, 1, Writers));
    }

    [Fact]
    public void Concurrent_upserts_of_one_alternate_key_create_the_row_once()
    {
        var org = TestOrg.New();
        org.LoadSolution(TestOrg.Asset("SampleSolution"));

        InParallel(20, () => org.GetService().Execute(new UpsertRequest { Target = new Entity("cra_widget", "cra_code", "W-1") { ["cra_name"] = "W" } }));

        Assert.Single(org.GetService().RetrieveMultiple(new QueryExpression("cra_widget")).Entities);
    }

    [Fact]
    public async Task A_writer_blocked_longer_than_the_lock_timeout_fails_with_a_SQL_timeout()
    {
        // Arrange: one request holds the account's lock inside a plug-in while another tries to write it.
        var org = TestOrg.New(new EmulatorOptions { LockTimeout = TimeSpan.FromMilliseconds(200) });
        var service = org.GetService();
        var id = service.Create(new Entity("account") { ["name"] = "Contended" });
        using var holding = new ManualResetEventSlim();
        using var release = new ManualResetEventSlim();
        org.RegisterStep(new StepRegistration
        {
            Message = "Create",
            PrimaryEntity = "task",
            Stage = 40,
            Plugin = new DelegatePlugin(p =>
            {
                p.Service().Update(new Entity("account", id) { ["accountnumber"] = "held" });
                holding.Set();
                release.Wait(TimeSpan.FromSeconds(10));
            }),
        });
        var holder = Task.Run(() => service.Create(new Entity("task") { ["subject"] = "hold" }));
        holding.Wait(TimeSpan.FromSeconds(10));

        // Act
        var fault = TestOrg.Fault(CrmAccountability.Emulator.Storage.DataverseFaults.SqlTimeout, () => service.Update(new Entity("account", id) { ["name"] = "blocked" }));
        release.Set();
        await holder.WaitAsync(TimeSpan.FromSeconds(10));

        // Assert
        Assert.Contains("SQL timeout", fault.Message, StringComparison.Ordinal);
        Assert.Equal("held", service.Retrieve("account", id, new ColumnSet("accountnumber")).GetAttributeValue<string>("accountnumber"));
    }

    [Fact]
    public async Task Two_requests_locking_the_same_rows_in_opposite_order_end_in_one_deadlock_victim()
    {
        // Arrange: a task locks account A then B; a phone call locks B then A; both hold their first lock before
        // either asks for its second.
        var org = TestOrg.New();
        var service = org.GetService();
        var a = service.Create(new Entity("account") { ["name"] = "A" });
        var b = service.Create(new Entity("account") { ["name"] = "B" });
        using var bothHoldFirst = new Barrier(2);
        StepRegistration LockInOrder(string table, Guid first, Guid second) => new()
        {
            Message = "Create",
            PrimaryEntity = table,
            Stage = 40,
            Plugin = new DelegatePlugin(p =>
            {
                p.Service().Update(new Entity("account", first) { ["accountnumber"] = table });
                bothHoldFirst.SignalAndWait(TimeSpan.FromSeconds(10));
                p.Service().Update(new Entity("account", second) { ["accountnumber"] = table });
            }),
        };
        org.RegisterStep(LockInOrder("task", a, b));
        org.RegisterStep(LockInOrder("phonecall", b, a));

        // Act
        var task = Task.Run(() => Outcome(() => service.Create(new Entity("task") { ["subject"] = "t" })));
        var call = Task.Run(() => Outcome(() => service.Create(new Entity("phonecall") { ["subject"] = "c" })));
        var outcomes = await Task.WhenAll(task, call).WaitAsync(TimeSpan.FromSeconds(30));

        // Assert: exactly one victim, whose work is rolled back; the other commits both updates.
        Assert.Single(outcomes, o => o == CrmAccountability.Emulator.Storage.DataverseFaults.SqlDeadlock);
        Assert.Single(outcomes, o => o == 0);
        var winner = outcomes[0] == 0 ? "task" : "phonecall";
        Assert.Equal(winner, service.Retrieve("account", a, new ColumnSet("accountnumber")).GetAttributeValue<string>("accountnumber"));
        Assert.Equal(winner, service.Retrieve("account", b, new ColumnSet("accountnumber")).GetAttributeValue<string>("accountnumber"));
    }

    private static int Outcome(Action action)
    {
        try
        {
            action();
            return 0;
        }
        catch (System.ServiceModel.FaultException<OrganizationServiceFault> fault)
        {
            return fault.Detail.ErrorCode;
        }
    }
}
