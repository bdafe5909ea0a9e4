using System;
using System.Diagnostics;
using System.IO;
using CrmAccountability.TestSupport;
using Xunit;

namespace CrmAccountability.Cli.Tests;

/// <summary>crmacc run as a process, as an admin or CI runs it: exit codes and one-line errors.</summary>
public sealed class CommandLineTests
{
    private static (int ExitCode, string Output, string Error) Crmacc(params string[] args)
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
        Assert.True(process.WaitForExit(TimeSpan.FromMinutes(2)), "crmacc did not finish");
        return (process.ExitCode, output.Result, error.Result);
    }

    [FixtureFact]
    public void Check_of_a_real_package_exits_zero_and_reports_no_errors()
    {
        var (exitCode, output, _) = Crmacc("check", Packages.Fixture("QuillRichTextField.zip"));

        Assert.Equal(0, exitCode);
        Assert.Contains("QuillRichTextField.zip: 0 errors, 0 warnings", output, StringComparison.Ordinal);
    }

    [Fact]
    public void Check_of_a_broken_package_exits_non_zero_and_names_file_component_and_fix()
    {
        using var folder = TempFolder.Create("cli-");
        var broken = folder.File("broken.zip");
        using (var zip = System.IO.Compression.ZipFile.Open(broken, System.IO.Compression.ZipArchiveMode.Create))
        {
            using var writer = new StreamWriter(zip.CreateEntry("solution.xml").Open());
            writer.Write("<ImportExportXml><SolutionManifest><UniqueName>x</UniqueName></SolutionManifest></ImportExportXml>");
        }

        var (exitCode, output, error) = Crmacc("check", broken);

        Assert.Equal(1, exitCode);
        Assert.Contains("error CRA001 customizations.xml", error, StringComparison.Ordinal);
        Assert.Contains("Fix:", error, StringComparison.Ordinal);
        Assert.Contains("broken.zip: ", output, StringComparison.Ordinal);
    }

    [Fact]
    public void A_missing_path_is_a_one_line_error_and_exit_code_1()
    {
        var (exitCode, output, error) = Crmacc("check", "no/such/solution.zip");

        Assert.Equal(1, exitCode);
        Assert.Equal("crmacc: no solution zip or folder at no/such/solution.zip.", error.Trim());
        Assert.Empty(output);
    }

    [Fact]
    public void An_unknown_command_is_a_usage_error()
    {
        var (exitCode, _, error) = Crmacc("deploy");

        Assert.Equal(2, exitCode);
        Assert.StartsWith("crmacc: ", error, StringComparison.Ordinal);
    }
}
