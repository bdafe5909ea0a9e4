using System;
using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using System.IO;
using System.Linq;
using CrmAccountability.Cli.Packing;
using CrmAccountability.Simulation.Casts;
using CrmAccountability.Simulation.Engine;
using CrmAccountability.Simulation.Export;
using CrmAccountability.Simulation.Review;
using CrmAccountability.Simulation.Scenario;
using Spectre.Console;

namespace CrmAccountability.Cli.Commands;

/// <summary>
/// crmacc demo: the whole product end to end on the embedded emulator. Packs the solution (or takes --solution),
/// loads the managed zip, creates a sales organisation, sets the seed material's expectations, simulates a quarter of
/// varied work through each person's own service while the flow evaluates hourly, then writes the CSVs of DESIGN §10
/// and dashboard.html and prints the managers' weekly review.
/// </summary>
internal static class DemoCommand
{
    public static Command Create(TextWriter output, TextWriter error)
    {
        var seed = new Option<int>("--seed") { Description = "Seed for everything random: the same seed writes byte-identical CSVs.", DefaultValueFactory = _ => 42 };
        var reps = new Option<int>("--reps") { Description = "How many reps (1–200).", DefaultValueFactory = _ => 12 };
        var weeks = new Option<int>("--weeks") { Description = "How many weeks to simulate (1–53).", DefaultValueFactory = _ => 13 };
        var start = new Option<string>("--start") { Description = "The first day, a Monday (yyyy-MM-dd).", DefaultValueFactory = _ => DemoShape.DefaultStart.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) };
        var zones = new Option<string?>("--zones") { Description = "Comma-separated Windows time zone ids the reps are spread across (default: London, Auckland, Los Angeles, New York, Honolulu, Berlin)." };
        var outputFolder = new Option<string>("--output", "-o") { Description = "Folder for the CSV files and dashboard.html.", DefaultValueFactory = _ => Path.Combine("artifacts", "demo") };
        var solution = new Option<string?>("--solution") { Description = "A managed solution zip to load instead of packing Solution/." };
        var command = new Command("demo", "Run the product end to end on the embedded emulator: a simulated quarter, its CSVs, dashboard.html and the weekly review.")
        {
            seed, reps, weeks, start, zones, outputFolder, solution,
        };
        command.SetAction(result => Run(
            new DemoOptions(result.GetValue(seed), result.GetValue(reps), result.GetValue(weeks), result.GetValue(start)!, result.GetValue(zones), result.GetValue(outputFolder)!, result.GetValue(solution)),
            output,
            error));
        return command;
    }

    public static int Run(DemoOptions options, TextWriter output, TextWriter error)
    {
        var shape = options.Shape();
        var folder = PrepareOutput(options.Output);
        var clock = Stopwatch.StartNew();
        var zip = options.Solution != null ? ExistingZip(options.Solution) : PackSolution(output);
        var packed = clock.Elapsed;

        var scenario = DemoCast.Build(shape);

        clock.Restart();
        var run = Simulate(zip, scenario, options.Seed, output);
        var simulated = clock.Elapsed;
        DemoCsv.Write(run, folder);
        var review = TeamReview.Read(run);
        Dashboard.Write(review, zip, Path.Combine(folder, "dashboard.html"), "simulated by crmacc demo with seed " + options.Seed.ToString(CultureInfo.InvariantCulture));
        ReviewPrinter.Print(review, run, output);
        output.WriteLine();
        output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"Simulated {shape.Weeks} weeks for {scenario.Cast.Count(c => c.IsRep)} reps in {simulated.TotalSeconds:0.0} s ({run.Evaluations:N0} scheduled evaluations, {run.Events.Events.Count:N0} actions){(options.Solution == null ? $"; packing took {packed.TotalSeconds:0.0} s" : string.Empty)}."));
        output.WriteLine("Wrote " + string.Join(", ", DemoCsv.Files) + " and dashboard.html to " + folder);
        return 0;
    }

    private static SimulationRun Simulate(string zip, SalesScenario scenario, int seed, TextWriter output)
    {
        try
        {
            if (!ReferenceEquals(output, Console.Out) || Console.IsOutputRedirected || !AnsiConsole.Profile.Capabilities.Interactive)
            {
                return Simulator.Run(zip, scenario, new SimulationOptions { Seed = seed });
            }

            SimulationRun? run = null;
            AnsiConsole.Progress()
                .AutoClear(true)
                .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new RemainingTimeColumn())
                .Start(context =>
                {
                    var task = context.AddTask("Simulating " + scenario.Weeks + " weeks", maxValue: 1.0);
                    run = Simulator.Run(zip, scenario, new SimulationOptions { Seed = seed, Progress = share => task.Value = share });
                });
            return run!;
        }
        catch (SimulationException ex)
        {
            throw new CliException("the demo script could not run: " + ex.Message);
        }
        catch (Emulator.Solutions.SolutionFormatException ex)
        {
            throw new CliException("the solution could not be loaded: " + ex.Message);
        }
        catch (Emulator.Solutions.PackageLimitException ex)
        {
            throw new CliException("the solution could not be loaded: " + ex.Message);
        }
    }

    /// <summary>Creates the output folder and proves it is writable before a minute of simulation is spent.</summary>
    private static string PrepareOutput(string folder)
    {
        var full = Path.GetFullPath(folder);
        try
        {
            Directory.CreateDirectory(full);
            var probe = Path.Combine(full, ".crmacc-write-test");
            File.WriteAllText(probe, string.Empty);
            File.Delete(probe);
            return full;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or NotSupportedException or ArgumentException)
        {
            throw new CliException("cannot write to the output folder " + full + ": " + ex.Message + " Choose another with --output.");
        }
    }

    private static string ExistingZip(string path)
    {
        if (!File.Exists(path))
        {
            throw new CliException("no solution zip at " + path + "; pass the managed zip crmacc pack wrote, or leave --solution out to pack Solution/.");
        }

        return Path.GetFullPath(path);
    }

    private static string PackSolution(TextWriter output)
    {
        var root = RepositoryRoot.Find();
        PackCommand.Build(root, output);
        var folder = Path.Combine(root, "artifacts", "solution");
        try
        {
            return SolutionPacker.Pack(Path.Combine(root, "Solution"), folder, BuildOutputs.ForRepository(root)).Managed;
        }
        catch (InvalidOperationException ex)
        {
            throw new CliException(ex.Message);
        }
        catch (Emulator.Solutions.SolutionFormatException ex)
        {
            throw new CliException("cannot pack: " + ex.Message);
        }
    }
}

/// <summary>The demo's options as typed, checked into a <see cref="DemoShape"/> with one-line messages.</summary>
internal sealed record DemoOptions(int Seed, int Reps, int Weeks, string Start, string? Zones, string Output, string? Solution)
{
    public DemoShape Shape()
    {
        if (Reps is < 1 or > 200)
        {
            throw new CliException("--reps must be between 1 and 200 (got " + Reps.ToString(CultureInfo.InvariantCulture) + ").");
        }

        if (Weeks is < 1 or > 53)
        {
            throw new CliException("--weeks must be between 1 and 53 (got " + Weeks.ToString(CultureInfo.InvariantCulture) + ").");
        }

        if (!DateOnly.TryParseExact(Start, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var start))
        {
            throw new CliException("--start '" + Start + "' is not a date; write it as yyyy-MM-dd, e.g. 2026-07-06.");
        }

        if (start.DayOfWeek != DayOfWeek.Monday)
        {
            throw new CliException("--start " + Start + " is a " + start.DayOfWeek + "; the demo starts on a Monday, e.g. " + start.AddDays((8 - (int)start.DayOfWeek) % 7).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) + ".");
        }

        string[]? zones = null;
        if (Zones != null)
        {
            zones = Zones.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
            foreach (var zone in zones)
            {
                if (!Emulator.Time.TimeZoneCatalog.IsKnown(zone))
                {
                    throw new CliException("unknown time zone '" + zone + "' in --zones: use Windows time zone ids as Dataverse does, such as \"GMT Standard Time\" or \"Pacific Standard Time\".");
                }
            }

            if (zones.Length == 0)
            {
                throw new CliException("--zones names no time zone; leave it out for the default six.");
            }
        }

        return new DemoShape(Seed, Reps, Weeks, start, zones);
    }
}
