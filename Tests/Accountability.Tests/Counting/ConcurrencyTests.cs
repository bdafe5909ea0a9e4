using System;
using System.Collections.Concurrent;
using System.Linq;
using System.Threading;
using CrmAccountability.Emulator;
using Microsoft.Xrm.Sdk;
using Xunit;
using static CrmAccountability.Accountability.Tests.Choices;

namespace CrmAccountability.Accountability.Tests.Counting;

/// <summary>
/// Many reps' saves at once for one attainment: the pre-lock (DESIGN §6.2) makes every one of them count. The
/// emulator pauses after every query, widening the gap between a read and a write where lost updates happen;
/// Tests/Plugins.Tests shows the same workload losing updates once the pre-lock is taken out.
/// </summary>
public sealed class ConcurrencyTests
{
    private const int Writers = 50;

    [Fact]
    public void Fifty_writers_completing_calls_for_one_rep_and_day_give_the_exact_total_in_every_run()
    {
        var totals = Enumerable.Range(0, 5).Select(_ =>
        {
            // Arrange
            var org = new SalesOrg(options: new EmulatorOptions { AfterQuery = table => { if (table == "phonecall") { Thread.Sleep(1); } } });
            var count = org.Expect(ActivityCount, Day, 100m);
            var calls = Enumerable.Range(0, Writers).Select(_ => org.Open("phonecall", org.Rep)).ToList();

            // Act
            InParallel(calls.Select<Guid, Action>(call => () => org.Complete("phonecall", call, SalesOrg.Monday.AddHours(-1), org.As(org.Rep))).ToList());

            return org.Actual(count, org.Rep, SalesOrg.Monday.Date);
        }).ToList();

        // Assert
        Assert.All(totals, total => Assert.Equal(Writers, total));
    }

    /// <summary>Dedicated threads released together: the test runner's own scheduler would serialise Parallel.For.</summary>
    internal static void InParallel(System.Collections.Generic.IReadOnlyList<Action> actions)
    {
        using var start = new ManualResetEventSlim();
        var failures = new ConcurrentQueue<Exception>();
        var threads = actions.Select(action => new Thread(() =>
        {
            start.Wait();
            try
            {
                action();
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
    }
}
