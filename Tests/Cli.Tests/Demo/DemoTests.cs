using System;
using System.Diagnostics;
using System.Globalization;
using System.IO;
using System.Linq;
using CrmAccountability.TestSupport;
using Xunit;

namespace CrmAccountability.Cli.Tests.Demo;

/// <summary>
/// crmacc demo run as a process on a pre-packed zip (so it does not rebuild): it finishes, its CSVs agree with each
/// other and with an independent recount, the same seed writes the same bytes, and bad options get one line.
/// </summary>
public sealed class DemoTests : IClassFixture<DemoTests.SmallDemo>
{
    private readonly SmallDemo _demo;

    public DemoTests(SmallDemo demo)
    {
        _demo = demo;
    }

    [Fact]
    public void A_small_demo_finishes_with_exit_code_0_writes_every_file_and_prints_the_weekly_review()
    {
        Assert.True(_demo.First.ExitCode == 0, _demo.First.Error);
        foreach (var file in new[] { "users.csv", "settings.csv", "expectations.csv", "activities.csv", "opportunities.csv", "attainment.csv", "events.csv", "notifications.csv", "tasks.csv", "recognitions.csv", "reviews.csv", "pipelinesnapshots.csv", "dashboard.html" })
        {
            Assert.True(File.Exists(Path.Combine(_demo.FirstFolder, file)), file + " is missing");
        }

        Assert.Contains("Weekly review — ", _demo.First.Output, StringComparison.Ordinal);
        Assert.Contains("Needs attention", _demo.First.Output, StringComparison.Ordinal);
        Assert.Contains("Pipeline week over week", _demo.First.Output, StringComparison.Ordinal);
        Assert.Empty(_demo.First.Error);
    }

    [Fact]
    public void Every_attainments_actual_recomputed_from_the_other_csv_files_by_the_metric_rules_equals_attainment_csv()
    {
        var recount = new CsvRecount(_demo.FirstFolder);

        var wrong = recount.Attainments
            .Select(a => (Row: a, Expected: recount.Actual(a)))
            .Where(a => decimal.Parse(a.Row["actual"], CultureInfo.InvariantCulture) != a.Expected)
            .Select(a => a.Row["periodlabel"] + " " + a.Row["expectationid"] + " " + a.Row["repid"] + ": " + a.Row["actual"] + " in attainment.csv, " + a.Expected + " recounted")
            .ToList();

        Assert.True(recount.Attainments.Count > 50, "only " + recount.Attainments.Count + " attainments");
        Assert.Empty(wrong);
    }

    [Fact]
    public void The_csv_files_follow_the_stable_formats()
    {
        var settings = CsvRecount.Read(_demo.FirstFolder, "settings.csv");
        var users = CsvRecount.Read(_demo.FirstFolder, "users.csv");
        var activities = CsvRecount.Read(_demo.FirstFolder, "activities.csv");
        var events = CsvRecount.Read(_demo.FirstFolder, "events.csv");

        Assert.Equal(["cra_FiscalYearStartMonth", "cra_NudgeRepFirst", "cra_OffPaceRatio", "cra_OnTrackRatio", "cra_StalledDealDays", "cra_StretchRatio", "cra_WeekStartDay", "cra_WorkBatchSize", "cra_WorkingDays", "cra_WorkingHours", "asof"], settings.Select(s => s["name"]));
        Assert.Equal("1", settings.Single(s => s["name"] == "cra_WeekStartDay")["value"]);
        Assert.Matches("^\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\dZ$", settings.Single(s => s["name"] == "asof")["value"]);
        Assert.All(users, u => Assert.Matches("^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$", u["userid"]));
        Assert.Contains(users, u => u["timezone"] == "New Zealand Standard Time");
        Assert.Contains(users, u => u["roles"] == "Accountability Rep");
        Assert.All(activities, a => Assert.Contains(a["statecode"], new[] { "Open", "Completed", "Canceled", "Scheduled" }));
        Assert.All(activities.Where(a => a["actualend"].Length > 0), a => Assert.EndsWith("Z", a["actualend"], StringComparison.Ordinal));
        Assert.Equal(Enumerable.Range(1, events.Count).Select(i => i.ToString(CultureInfo.InvariantCulture)), events.Select(e => e["seq"]));
        Assert.StartsWith("activityid,type,ownerid,owneristeam,statecode,statuscode,actualend,actualdurationminutes,scheduleddurationminutes,purpose,directioncode,regardingid,isfirstmeeting,createdon\r\n", File.ReadAllText(Path.Combine(_demo.FirstFolder, "activities.csv")), StringComparison.Ordinal);
    }

    [Fact]
    public void The_same_seed_writes_byte_identical_csv_files()
    {
        Assert.True(_demo.Second.ExitCode == 0, _demo.Second.Error);
        foreach (var file in Directory.GetFiles(_demo.FirstFolder, "*.csv").Select(Path.GetFileName))
        {
            Assert.True(File.ReadAllBytes(Path.Combine(_demo.FirstFolder, file!)).AsSpan().SequenceEqual(File.ReadAllBytes(Path.Combine(_demo.SecondFolder, file!))), file + " differs between two runs with the same seed");
        }
    }

    [Theory]
    [InlineData("--start", "2026-13-01", "crmacc: --start '2026-13-01' is not a date; write it as yyyy-MM-dd, e.g. 2026-07-06.")]
    [InlineData("--start", "2026-07-07", "crmacc: --start 2026-07-07 is a Tuesday; the demo starts on a Monday, e.g. 2026-07-13.")]
    [InlineData("--reps", "0", "crmacc: --reps must be between 1 and 200 (got 0).")]
    [InlineData("--weeks", "54", "crmacc: --weeks must be between 1 and 53 (got 54).")]
    [InlineData("--zones", "GMT Standard Time,Mars Standard Time", "crmacc: unknown time zone 'Mars Standard Time' in --zones: use Windows time zone ids as Dataverse does, such as \"GMT Standard Time\" or \"Pacific Standard Time\".")]
    public void A_bad_option_is_one_line_and_a_non_zero_exit_code(string option, string value, string message)
    {
        using var folder = TempFolder.Create("demo-bad-");

        var (exitCode, output, error) = Crmacc("demo", "--solution", Packages.Packed.Managed, "--output", folder.Path, option, value);

        Assert.Equal(1, exitCode);
        Assert.Equal(message, error.Trim());
        Assert.Empty(output);
        Assert.Empty(Directory.GetFiles(folder.Path));
    }

    [Fact]
    public void An_option_that_is_not_a_number_is_a_usage_error()
    {
        var (exitCode, _, error) = Crmacc("demo", "--reps", "twelve");

        Assert.Equal(2, exitCode);
        Assert.Single(error.Trim().Split('\n'));
        Assert.StartsWith("crmacc: ", error, StringComparison.Ordinal);
    }

    [Fact]
    public void An_output_folder_that_cannot_be_written_is_one_line_and_exit_code_1()
    {
        using var folder = TempFolder.Create("demo-unwritable-");
        var blocker = folder.File("a-file");
        File.WriteAllText(blocker, "not a folder");

        var (exitCode, output, error) = Crmacc("demo", "--solution", Packages.Packed.Managed, "--output", Path.Combine(blocker, "demo"));

        Assert.Equal(1, exitCode);
        Assert.StartsWith("crmacc: cannot write to the output folder ", error, StringComparison.Ordinal);
        Assert.EndsWith("Choose another with --output.", error.Trim(), StringComparison.Ordinal);
        Assert.Single(error.Trim().Split('\n'));
        Assert.Empty(output);
    }

    [Fact]
    public void A_missing_solution_zip_is_one_line_and_exit_code_1()
    {
        using var folder = TempFolder.Create("demo-nozip-");

        var (exitCode, _, error) = Crmacc("demo", "--solution", "no/such.zip", "--output", folder.Path);

        Assert.Equal(1, exitCode);
        Assert.Equal("crmacc: no solution zip at no/such.zip; pass the managed zip crmacc pack wrote, or leave --solution out to pack Solution/.", error.Trim());
    }

    internal static (int ExitCode, string Output, string Error) Crmacc(params string[] args)
    {
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false, WorkingDirectory = Packages.RepoRoot };
        start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "crmacc.dll"));
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(TimeSpan.FromMinutes(5)))
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException("crmacc " + string.Join(' ', args) + " did not finish in 5 minutes");
        }

        return (process.ExitCode, output.Result, error.Result);
    }

    /// <summary>A five-rep, four-week demo run twice with the same seed into two folders.</summary>
    public sealed class SmallDemo : IDisposable
    {
        private readonly TempFolder _folder = TempFolder.Create("demo-");

        public SmallDemo()
        {
            FirstFolder = Path.Combine(_folder.Path, "first");
            SecondFolder = Path.Combine(_folder.Path, "second");
            First = Crmacc("demo", "--solution", Packages.Packed.Managed, "--reps", "5", "--weeks", "4", "--seed", "7", "--output", FirstFolder);
            Second = Crmacc("demo", "--solution", Packages.Packed.Managed, "--reps", "5", "--weeks", "4", "--seed", "7", "--output", SecondFolder);
        }

        public string FirstFolder { get; }

        public string SecondFolder { get; }

        public (int ExitCode, string Output, string Error) First { get; }

        public (int ExitCode, string Output, string Error) Second { get; }

        public void Dispose() => _folder.Dispose();
    }
}
