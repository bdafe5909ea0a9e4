using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Linq;
using System.Threading;
using CrmAccountability.Emulator;
using Microsoft.Xrm.Sdk;
using Microsoft.Xrm.Sdk.Query;

namespace CrmAccountability.Cli.Bench;

/// <summary>One query shape at one table size: median time, and rows the emulator examined for the rows that met the conditions.</summary>
internal sealed record QueryFigures(int Rows, string Shape, double Milliseconds, long Examined, long Matched);

/// <summary>The emulator's own costs, with no solution loaded: writes, reads by id, the two query shapes, and 1 vs 8 threads.</summary>
internal sealed record StoreFigures(double CreatesPerSecond, double UpdatesPerSecond, double RetrievesPerSecond, IReadOnlyList<QueryFigures> Queries, double OneThreadPerSecond, double EightThreadsPerSecond, double OneReaderPerSecond, double EightReadersPerSecond);

/// <summary>
/// Measures the store the product runs on, the way the counting engine uses it: phone calls spread over 10 owners and
/// 1,000 days; the per-event shape (one owner, a date window, about 100 rows back, counted and maxed) and a date-window
/// query across owners (about 100 rows back). Threads each create a row and run the per-event aggregate, as a save
/// with its counting plug-in does, or only run the aggregate, as readers of dashboards do. Uses only the public
/// service, so any version of the emulator can be measured.
/// </summary>
internal sealed class StoreBench
{
    public static readonly DateTime Start = new(2024, 1, 1, 0, 0, 0, DateTimeKind.Utc);
    private const int Owners = 10;
    private const int Days = 1_000;
    private readonly Action<string> _progress;

    public StoreBench(Action<string> progress)
    {
        _progress = progress;
    }

    public StoreFigures Run(int[] sizes, int operations, int querySamples)
    {
        var queries = new List<QueryFigures>();
        double creates = 0, updates = 0, retrieves = 0, one = 0, eight = 0, oneReader = 0, eightReaders = 0;
        foreach (var size in sizes.Order())
        {
            _progress("store: " + size.ToString("N0", System.Globalization.CultureInfo.InvariantCulture) + " phone calls");
            var (org, owners, ids) = Populate(size);
            queries.Add(Query(org, size, "owner + date window, aggregate", PerEvent(owners[3], size), querySamples));
            queries.Add(Query(org, size, "date window only", DateWindow(size), querySamples));
            if (size == sizes.Min())
            {
                var service = org.GetService();
                creates = Rate(operations, i => service.Create(Call(owners[i % Owners], i)));
                updates = Rate(operations, i => service.Update(new Entity("phonecall", ids[i % ids.Count]) { ["subject"] = "edited " + i }));
                retrieves = Rate(operations, i => service.Retrieve("phonecall", ids[i % ids.Count], new ColumnSet("subject")));
                one = Threaded(org, owners, size, threads: 1, operations / 4, write: true);
                eight = Threaded(org, owners, size, threads: 8, operations / 4, write: true);
                oneReader = Threaded(org, owners, size, threads: 1, operations / 4, write: false);
                eightReaders = Threaded(org, owners, size, threads: 8, operations / 4, write: false);
            }
        }

        return new StoreFigures(creates, updates, retrieves, queries, one, eight, oneReader, eightReaders);
    }

    private static (DataverseEmulator Org, List<Guid> Owners, List<Guid> Ids) Populate(int size)
    {
        var org = new DataverseEmulator(new EmulatorOptions { StartUtc = Start.AddDays(Days + 1), IdSeed = 19 });
        var owners = Enumerable.Range(0, Owners).Select(i => org.CreateUser("Owner " + i)).ToList();
        var service = org.GetService();
        var ids = new List<Guid>(size);
        for (var i = 0; i < size; i++)
        {
            ids.Add(service.Create(Call(owners[i % Owners], i, size)));
        }

        return (org, owners, ids);
    }

    /// <summary>Row <paramref name="i"/> of <paramref name="size"/>: dates spread evenly over 1,000 days.</summary>
    private static Entity Call(Guid owner, int i, int size = 1) => new("phonecall")
    {
        ["subject"] = "call " + i,
        ["ownerid"] = new EntityReference("systemuser", owner),
        ["actualend"] = Start.AddMinutes((double)i * Days * 24 * 60 / Math.Max(size, 1) % (Days * 24 * 60)),
    };

    /// <summary>One owner's rows in a date window sized to hold about 100 of them, counted and maxed, as the counting engine asks.</summary>
    private static string PerEvent(Guid owner, int size)
    {
        var days = 100.0 * Owners * Days / size;
        return "<fetch aggregate='true'><entity name='phonecall'><attribute name='activityid' alias='n' aggregate='count' /><attribute name='actualend' alias='last' aggregate='max' />"
            + "<filter><condition attribute='ownerid' operator='eq' value='" + owner + "' />" + Window(days) + "</filter></entity></fetch>";
    }

    private static string DateWindow(int size)
        => "<fetch><entity name='phonecall'><attribute name='activityid' /><filter>" + Window(100.0 * Days / size) + "</filter></entity></fetch>";

    private static string Window(double days)
    {
        var from = Start.AddDays(400);
        return "<condition attribute='actualend' operator='ge' value='" + Utc(from) + "' /><condition attribute='actualend' operator='lt' value='" + Utc(from.AddDays(days)) + "' />";
    }

    private static string Utc(DateTime instant) => instant.ToString("yyyy-MM-ddTHH:mm:ssZ", System.Globalization.CultureInfo.InvariantCulture);

    private static QueryFigures Query(DataverseEmulator org, int size, string shape, string fetch, int samples)
    {
        var service = org.GetService();
        service.RetrieveMultiple(new FetchExpression(fetch));
        var cost = org.Metrics.LastRequest!;
        var times = new List<double>();
        for (var i = 0; i < samples; i++)
        {
            var clock = Stopwatch.StartNew();
            service.RetrieveMultiple(new FetchExpression(fetch));
            times.Add(clock.Elapsed.TotalMilliseconds);
        }

        times.Sort();
        return new QueryFigures(size, shape, times[times.Count / 2], cost.RowsRead, cost.RowsMatched);
    }

    private static double Rate(int count, Action<int> operation)
    {
        var clock = Stopwatch.StartNew();
        for (var i = 0; i < count; i++)
        {
            operation(i);
        }

        return count / clock.Elapsed.TotalSeconds;
    }

    /// <summary>
    /// Operations per second when <paramref name="threads"/> threads each create a row and run the per-event aggregate
    /// (a save with its counting plug-in), or, without <paramref name="write"/>, only run the aggregate (readers).
    /// </summary>
    private static double Threaded(DataverseEmulator org, List<Guid> owners, int size, int threads, int total, bool write)
    {
        var each = total / threads;
        using var go = new ManualResetEventSlim(false);
        var workers = Enumerable.Range(0, threads).Select(t => new Thread(() =>
        {
            var service = org.GetService();
            go.Wait();
            for (var i = 0; i < each; i++)
            {
                if (write)
                {
                    service.Create(Call(owners[(t + i) % Owners], i));
                }

                service.RetrieveMultiple(new FetchExpression(PerEvent(owners[(t + i) % Owners], size)));
            }
        })).ToList();
        workers.ForEach(w => w.Start());
        var clock = Stopwatch.StartNew();
        go.Set();
        workers.ForEach(w => w.Join());
        return each * threads / clock.Elapsed.TotalSeconds;
    }
}
