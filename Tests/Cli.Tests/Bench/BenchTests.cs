using System;
using System.IO;
using System.Linq;
using System.Text.Json;
using CrmAccountability.Cli.Tests.Demo;
using CrmAccountability.TestSupport;
using Xunit;

namespace CrmAccountability.Cli.Tests.Bench;

/// <summary>crmacc bench --quick run as a process: our cost per event does not grow with history, the baseline's does; the store examines about the rows it matches.</summary>
public sealed class BenchTests
{
    [Fact]
    public void Bench_quick_writes_per_event_figures_where_ours_are_flat_in_history_and_the_baselines_grow()
    {
        // Arrange
        using var folder = TempFolder.Create("bench-");

        // Act
        var (exitCode, output, error) = DemoTests.Crmacc("bench", "--quick", "--solution", Packages.Packed.Managed, "--output", folder.Path);

        // Assert
        Assert.True(exitCode == 0, error);
        Assert.Contains("Throughput at ", output, StringComparison.Ordinal);
        using var json = JsonDocument.Parse(File.ReadAllText(Path.Combine(folder.Path, "bench.json")));
        var perEvent = json.RootElement.GetProperty("perEvent").EnumerateArray().ToList();
        Assert.Equal(12, perEvent.Count);
        foreach (var kind in perEvent.GroupBy(e => e.GetProperty("event").GetString()))
        {
            var byHistory = kind.OrderBy(e => e.GetProperty("history").GetInt32()).ToList();
            Assert.Equal([10, 100, 1_000], byHistory.Select(e => e.GetProperty("history").GetInt32()));
            Assert.Single(byHistory.Select(e => e.GetProperty("calls").GetDouble()).Distinct());
            Assert.Single(byHistory.Select(e => e.GetProperty("rowsReturned").GetDouble()).Distinct());
            Assert.All(byHistory, e => Assert.True(e.GetProperty("p50Ms").GetDouble() > 0 && e.GetProperty("baselineP50Ms").GetDouble() > 0));
        }

        var baseline = perEvent.Where(e => e.GetProperty("event").GetString() == "phonecall completed").OrderBy(e => e.GetProperty("history").GetInt32()).Select(e => e.GetProperty("baselineRowsReturned").GetDouble()).ToList();
        Assert.True(baseline[0] < baseline[1] && baseline[1] < baseline[2], "the baseline's rows returned should grow with history: " + string.Join(", ", baseline));
        Assert.True(json.RootElement.GetProperty("backfill").GetProperty("rowsPerSecond").GetDouble() > 0);
        Assert.True(json.RootElement.GetProperty("throughput").GetProperty("eventsPerSecond").GetDouble() > 0);

        // The store's queries are answered from indexes: rows examined stay within 3× the rows that met the conditions.
        var store = json.RootElement.GetProperty("store");
        var queries = store.GetProperty("queries").EnumerateArray().ToList();
        Assert.Equal(4, queries.Count);
        Assert.All(queries, q => Assert.True(
            q.GetProperty("matched").GetInt64() > 0 && q.GetProperty("examined").GetInt64() <= 3 * q.GetProperty("matched").GetInt64(),
            q.GetProperty("shape").GetString() + " at " + q.GetProperty("rows").GetInt32() + " rows examined " + q.GetProperty("examined").GetInt64() + " for " + q.GetProperty("matched").GetInt64()));
        Assert.All(
            ["createsPerSecond", "updatesPerSecond", "retrievesPerSecond", "oneThreadSavesPerSecond", "eightThreadSavesPerSecond", "oneThreadReadsPerSecond", "eightThreadReadsPerSecond"],
            name => Assert.True(store.GetProperty(name).GetDouble() > 0, name));
    }
}
