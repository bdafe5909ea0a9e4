using System;
using System.Diagnostics;
using System.IO;
using System.Linq;
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

    [Fact]
    public void Unpack_then_pack_of_a_folder_gives_the_zip_back_and_checks_it()
    {
        // Arrange
        using var temp = TempFolder.Create("cli-unpack-");
        var (_, managed) = Packages.Packed;
        var folder = temp.File("src");

        // Act
        var unpack = Crmacc("unpack", managed, "-o", folder);
        var pack = Crmacc("pack", "--folder", folder, "-o", temp.File("out"));

        // Assert
        Assert.Equal(0, unpack.ExitCode);
        Assert.Contains("packing them again gives the same package", unpack.Output, StringComparison.Ordinal);
        Assert.True(File.Exists(Path.Combine(folder, "Other", "Solution.xml")));
        Assert.True(File.Exists(Path.Combine(folder, "Entities", "cra_expectation", "Entity.xml")));
        Assert.Equal(0, pack.ExitCode);
        Assert.Contains("CrmAccountability_1_0_0_0_managed.zip: 0 errors, 0 warnings", pack.Output, StringComparison.Ordinal);
        var repacked = Emulator.Solutions.PackageFiles.FromZip(temp.File(Path.Combine("out", "CrmAccountability_1_0_0_0_managed.zip")));
        Assert.Empty(Emulator.Solutions.Layout.PackageEquivalence.Differences(Emulator.Solutions.PackageFiles.FromZip(managed), repacked));
    }

    [Fact]
    public void Unpack_both_zips_writes_one_folder_that_packs_both()
    {
        using var temp = TempFolder.Create("cli-both-");
        var (unmanaged, _) = Packages.Packed;

        var unpack = Crmacc("unpack", unmanaged, "--package-type", "Both", "-o", temp.File("src"));
        var pack = Crmacc("pack", "--folder", temp.File("src"), "-o", temp.File("out"));

        Assert.Equal(0, unpack.ExitCode);
        Assert.Contains("<Managed>2</Managed>", File.ReadAllText(temp.File(Path.Combine("src", "Other", "Solution.xml"))), StringComparison.Ordinal);
        Assert.Equal(0, pack.ExitCode);
        Assert.True(File.Exists(temp.File(Path.Combine("out", "CrmAccountability_1_0_0_0.zip"))));
        Assert.True(File.Exists(temp.File(Path.Combine("out", "CrmAccountability_1_0_0_0_managed.zip"))));
    }

    [Fact]
    public void Unpack_into_a_folder_that_is_not_empty_is_a_one_line_error_and_overwrites_nothing()
    {
        using var temp = TempFolder.Create("cli-unpack-");
        File.WriteAllText(temp.File("notes.txt"), "mine");

        var (exitCode, _, error) = Crmacc("unpack", Packages.Packed.Managed, "-o", temp.Path);

        Assert.Equal(1, exitCode);
        Assert.Single(error.Trim().Split('\n'));
        Assert.Contains("is not empty", error, StringComparison.Ordinal);
        Assert.Equal(["notes.txt"], Directory.GetFileSystemEntries(temp.Path).Select(Path.GetFileName));
    }

    [Fact]
    public void Packing_a_folder_with_a_file_no_component_accounts_for_refuses_and_names_it()
    {
        using var temp = TempFolder.Create("cli-stray-");
        Assert.Equal(0, Crmacc("unpack", Packages.Packed.Managed, "-o", temp.File("src")).ExitCode);
        File.WriteAllText(temp.File(Path.Combine("src", "Entities", "cra_review", "notes.md")), "ideas");

        var (exitCode, _, error) = Crmacc("pack", "--folder", temp.File("src"), "-o", temp.File("out"));

        Assert.Equal(1, exitCode);
        Assert.Contains("Entities/cra_review/notes.md", error, StringComparison.Ordinal);
        Assert.False(Directory.Exists(temp.File("out")) && Directory.EnumerateFiles(temp.File("out")).Any());
    }

    [Fact]
    public void Unpack_both_without_the_managed_zip_beside_it_says_which_file_it_needs()
    {
        using var temp = TempFolder.Create("cli-both-");
        var lone = temp.File("CrmAccountability_1_0_0_0.zip");
        File.Copy(Packages.Packed.Unmanaged, lone);

        var (exitCode, _, error) = Crmacc("unpack", lone, "--package-type", "Both", "-o", temp.File("src"));

        Assert.Equal(1, exitCode);
        Assert.Contains("CrmAccountability_1_0_0_0_managed.zip", error, StringComparison.Ordinal);
    }
}
