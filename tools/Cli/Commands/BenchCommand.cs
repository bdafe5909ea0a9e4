using System;
using System.CommandLine;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Text.Json;
using CrmAccountability.Cli.Bench;
using CrmAccountability.Cli.Packing;
using Spectre.Console;

namespace CrmAccountability.Cli.Commands;

/// <summary>
/// crmacc bench: what one saved call costs, whether it grows with history, and how fast a backfill runs — each figure
/// beside a naive baseline measured in the same run. A table on the terminal and bench.json.
/// </summary>
internal static class BenchCommand
{
    public static Command Create(TextWriter output, TextWriter error)
    {
        var quick = new Option<bool>("--quick") { Description = "A smaller run (histories 10, 100 and 1,000; fewer samples)." };
        var outputFolder = new Option<string>("--output", "-o") { Description = "Folder for bench.json.", DefaultValueFactory = _ => Path.Combine("artifacts", "bench") };
        var solution = new Option<string?>("--solution") { Description = "A managed solution zip to measure instead of packing Solution/." };
        var command = new Command("bench", "Measure the cost per event and of a backfill against a naive baseline, on the emulator with the packed zip.") { quick, outputFolder, solution };
        command.SetAction(result => Run(result.GetValue(quick), result.GetValue(outputFolder)!, result.GetValue(solution), output, error));
        return command;
    }

    public static int Run(bool quick, string outputFolder, string? solution, TextWriter output, TextWriter error)
    {
        var folder = Path.GetFullPath(outputFolder);
        try
        {
            Directory.CreateDirectory(folder);
            File.WriteAllText(Path.Combine(folder, "bench.json.tmp"), string.Empty);
            File.Delete(Path.Combine(folder, "bench.json.tmp"));
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new CliException("cannot write to the output folder " + folder + ": " + ex.Message + " Choose another with --output.");
        }

        string zip;
        if (solution != null)
        {
            zip = File.Exists(solution) ? Path.GetFullPath(solution) : throw new CliException("no solution zip at " + solution + "; pass the managed zip crmacc pack wrote, or leave --solution out to pack Solution/.");
        }
        else
        {
            var root = RepositoryRoot.Find();
            PackCommand.Build(root, output);
            zip = SolutionPacker.Pack(Path.Combine(root, "Solution"), Path.Combine(root, "artifacts", "solution"), BuildOutputs.ForRepository(root)).Managed;
        }

        var shape = quick ? BenchShape.QuickRun : BenchShape.Full;
        var report = new BenchRunner(zip, shape, step => error.WriteLine("bench: " + step)).Run();
        Print(report, output);
        var path = Path.Combine(folder, "bench.json");
        File.WriteAllText(path, Json(report));
        output.WriteLine("Wrote " + path);
        return 0;
    }

    private static void Print(BenchReport report, TextWriter output)
    {
        var console = AnsiConsole.Create(new AnsiConsoleSettings
        {
            Out = new AnsiConsoleOutput(output),
            Ansi = AnsiSupport.No,
            ColorSystem = ColorSystemSupport.NoColors,
            Interactive = InteractionSupport.No,
        });
        console.Profile.Width = 160;
        var table = new Table().Title("Per event: ours vs the naive baseline (mean calls and rows returned to plug-ins, with the max; request and plug-in ms, p50 / p95)")
            .AddColumns("History", "Event", "Calls", "Rows returned", "Request ms", "Plug-in ms", "Baseline calls", "Baseline rows", "Baseline request ms", "Baseline plug-in ms");
        foreach (var figures in report.PerEvent)
        {
            var (o, b) = (figures.Ours, figures.Baseline);
            table.AddRow(
                N(figures.History),
                figures.Event,
                F(o.Calls) + " (max " + o.CallsMax + ")",
                F(o.RowsReturned) + " (max " + o.RowsReturnedMax + ")",
                F(o.P50Ms) + " / " + F(o.P95Ms),
                F(o.PluginP50Ms) + " / " + F(o.PluginP95Ms),
                F(b.Calls) + " (max " + b.CallsMax + ")",
                F(b.RowsReturned) + " (max " + b.RowsReturnedMax + ")",
                F(b.P50Ms) + " / " + F(b.P95Ms),
                F(b.PluginP50Ms) + " / " + F(b.PluginP95Ms));
        }

        console.Write(table);
        var t = report.Throughput;
        console.WriteLine("Throughput at " + N(t.History) + " history rows: " + F(t.EventsPerSecond) + " completions/s (baseline " + F(t.BaselineEventsPerSecond) + "/s; ×" + F(t.EventsPerSecond / t.BaselineEventsPerSecond) + ").");
        var b2 = report.Backfill;
        console.WriteLine("Backfill of " + N(b2.Rows) + " rows with Recalculate: " + F(b2.RowsPerSecond) + " rows/s in " + b2.RecalculateCalls + " calls (baseline " + F(b2.BaselineRowsPerSecond) + " rows/s; ×" + F(b2.RowsPerSecond / b2.BaselineRowsPerSecond) + ").");
        var small = report.PerEvent.Where(e => e.Event == "phonecall completed").OrderBy(e => e.History).ToList();
        if (small.Count >= 2)
        {
            var (first, last) = (small[0], small[^1]);
            console.WriteLine("Phone call completed, " + N(last.History) + " vs " + N(first.History) + " history rows: calls ×" + F(last.Ours.Calls / first.Ours.Calls) + ", rows returned ×" + F(last.Ours.RowsReturned / Math.Max(1, first.Ours.RowsReturned)) + " (baseline ×" + F(last.Baseline.RowsReturned / Math.Max(1, first.Baseline.RowsReturned)) + ").");
        }

        var store = report.Store;
        var queries = new Table().Title("The emulator's store: median ms per query, rows examined for rows that met the conditions")
            .AddColumns("Phone calls stored", "Query", "ms", "Examined", "Matched", "Examined ÷ matched");
        foreach (var query in store.Queries)
        {
            queries.AddRow(N(query.Rows), query.Shape, F(query.Milliseconds), N(query.Examined), N(query.Matched), F(query.Examined / (double)Math.Max(1, query.Matched)));
        }

        console.Write(queries);
        console.WriteLine("Store writes and reads: " + F(store.CreatesPerSecond) + " creates/s, " + F(store.UpdatesPerSecond) + " updates/s, " + F(store.RetrievesPerSecond) + " retrieves by id/s.");
        console.WriteLine("Saves with their per-event aggregate: 1 thread " + F(store.OneThreadPerSecond) + "/s, 8 threads " + F(store.EightThreadsPerSecond) + "/s (×" + F(store.EightThreadsPerSecond / store.OneThreadPerSecond) + " on " + Environment.ProcessorCount + " cores).");
        console.WriteLine("Per-event aggregates alone (readers): 1 thread " + F(store.OneReaderPerSecond) + "/s, 8 threads " + F(store.EightReadersPerSecond) + "/s (×" + F(store.EightReadersPerSecond / store.OneReaderPerSecond) + ").");
    }

    private static string N(long value) => value.ToString("N0", CultureInfo.InvariantCulture);

    private static string Json(BenchReport report)
    {
        var document = new
        {
            quick = report.Shape.Quick,
            machine = new { processors = Environment.ProcessorCount, os = System.Runtime.InteropServices.RuntimeInformation.OSDescription, runtime = System.Runtime.InteropServices.RuntimeInformation.FrameworkDescription },
            perEvent = report.PerEvent.Select(e => new
            {
                history = e.History,
                @event = e.Event,
                calls = Math.Round(e.Ours.Calls, 2),
                callsMax = e.Ours.CallsMax,
                rowsReturned = Math.Round(e.Ours.RowsReturned, 2),
                rowsReturnedMax = e.Ours.RowsReturnedMax,
                p50Ms = Math.Round(e.Ours.P50Ms, 3),
                p95Ms = Math.Round(e.Ours.P95Ms, 3),
                pluginP50Ms = Math.Round(e.Ours.PluginP50Ms, 3),
                pluginP95Ms = Math.Round(e.Ours.PluginP95Ms, 3),
                baselineCalls = Math.Round(e.Baseline.Calls, 2),
                baselineCallsMax = e.Baseline.CallsMax,
                baselineRowsReturned = Math.Round(e.Baseline.RowsReturned, 2),
                baselineRowsReturnedMax = e.Baseline.RowsReturnedMax,
                baselineP50Ms = Math.Round(e.Baseline.P50Ms, 3),
                baselineP95Ms = Math.Round(e.Baseline.P95Ms, 3),
                baselinePluginP50Ms = Math.Round(e.Baseline.PluginP50Ms, 3),
                baselinePluginP95Ms = Math.Round(e.Baseline.PluginP95Ms, 3),
            }),
            throughput = new { history = report.Throughput.History, events = report.Throughput.Events, eventsPerSecond = Math.Round(report.Throughput.EventsPerSecond, 1), baselineEventsPerSecond = Math.Round(report.Throughput.BaselineEventsPerSecond, 1) },
            store = new
            {
                createsPerSecond = Math.Round(report.Store.CreatesPerSecond, 1),
                updatesPerSecond = Math.Round(report.Store.UpdatesPerSecond, 1),
                retrievesPerSecond = Math.Round(report.Store.RetrievesPerSecond, 1),
                oneThreadSavesPerSecond = Math.Round(report.Store.OneThreadPerSecond, 1),
                eightThreadSavesPerSecond = Math.Round(report.Store.EightThreadsPerSecond, 1),
                oneThreadReadsPerSecond = Math.Round(report.Store.OneReaderPerSecond, 1),
                eightThreadReadsPerSecond = Math.Round(report.Store.EightReadersPerSecond, 1),
                queries = report.Store.Queries.Select(q => new { rows = q.Rows, shape = q.Shape, medianMs = Math.Round(q.Milliseconds, 3), examined = q.Examined, matched = q.Matched }),
            },
            backfill = new { rows = report.Backfill.Rows, recalculateCalls = report.Backfill.RecalculateCalls, rowsPerSecond = Math.Round(report.Backfill.RowsPerSecond, 1), baselineRowsPerSecond = Math.Round(report.Backfill.BaselineRowsPerSecond, 1) },
        };
        return JsonSerializer.Serialize(document, Indented);
    }

    private static readonly JsonSerializerOptions Indented = new() { WriteIndented = true };

    private static string N(int value) => value.ToString("N0", CultureInfo.InvariantCulture);

    private static string F(double value) => value.ToString(value >= 100 ? "N0" : "0.##", CultureInfo.InvariantCulture);
}
