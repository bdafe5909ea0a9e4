using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.IO;
using System.IO.Compression;
using System.Linq;
using System.Text;
using CrmAccountability.Emulator;
using CrmAccountability.Emulator.Solutions;
using CrmAccountability.TestSupport;
using Xunit;

namespace CrmAccountability.Cli.Tests.Hostile;

/// <summary>
/// crmacc treats every package as untrusted data: it never runs package code, answers every bad input with one line
/// and an exit code (never a stack trace), and reads within bounded memory and time. Each class of hostile input is
/// built here; resource bounds are asserted on what the reader counts (its limit findings) with the process held to a
/// hard heap limit, never by timing.
/// </summary>
public sealed class HostileInputTests
{
    /// <summary>A hard GC heap limit for the checker process: 384 MiB, far below what the bombs below would inflate to.</summary>
    private const string HeapLimit = "0x18000000";

    [Fact]
    public void Check_never_runs_the_packages_code_while_loading_it_into_the_emulator_does()
    {
        // Arrange: a package whose plug-in writes a marker from its module initializer, type initializer, constructor,
        // attribute constructor and Execute.
        using var folder = TempFolder.Create("hostile-code-");
        var package = HostilePackages.WithHostilePlugin(folder.File("hostile.zip"));
        var checkMarker = folder.File("check-marker.txt");
        var loadMarker = folder.File("load-marker.txt");

        // Act: check it; then, as the control, let the demo load it (LoadSolution runs plug-ins) and create accounts.
        var check = Run(new() { ["CRMACC_HOSTILE_MARKER"] = checkMarker }, "check", package);
        var load = Run(new() { ["CRMACC_HOSTILE_MARKER"] = loadMarker }, "demo", "--solution", package, "--reps", "1", "--weeks", "1", "--output", folder.File("demo"));

        // Assert
        Assert.NotEqual(70, check.ExitCode);
        Assert.Contains("hostile.zip: ", check.Output, StringComparison.Ordinal);
        Assert.False(File.Exists(checkMarker), "crmacc check ran package code: " + (File.Exists(checkMarker) ? File.ReadAllText(checkMarker) : string.Empty));
        Assert.True(File.Exists(loadMarker), "the control failed: loading the package ran nothing (" + load.Error + ")");
        Assert.Contains("Execute", File.ReadAllText(loadMarker), StringComparison.Ordinal);
        Assert.Contains("module initializer", File.ReadAllText(loadMarker), StringComparison.Ordinal);
    }

    public static TheoryData<string, string> BrokenContainers => new()
    {
        { "empty", "it is not a zip file, or it is truncated" },
        { "truncated", "it is not a zip file, or it is truncated" },
        { "random bytes", "it is not a zip file, or it is truncated" },
        { "damaged entry", "the entry is damaged and cannot be inflated" },
    };

    [Theory]
    [MemberData(nameof(BrokenContainers))]
    public void A_broken_container_is_one_finding_exit_code_1_and_LoadSolution_says_the_same_in_one_line(string kind, string message)
    {
        // Arrange
        using var folder = TempFolder.Create("hostile-zip-");
        var path = folder.File("broken.zip");
        var good = File.ReadAllBytes(Packages.Packed.Managed);
        File.WriteAllBytes(path, kind switch
        {
            "empty" => [],
            "truncated" => good[..(good.Length / 2)],
            "random bytes" => Enumerable.Range(0, 4096).Select(i => (byte)(i * 7919 % 251)).ToArray(),
            _ => Damaged(good),
        });

        // Act
        var check = Run([], "check", path);
        var load = Assert.Throws<SolutionFormatException>(() => new DataverseEmulator().LoadSolution(path));

        // Assert
        Assert.Equal(1, check.ExitCode);
        Assert.Contains(message, check.Error, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", check.Error, StringComparison.Ordinal);
        Assert.Contains(message, load.Message, StringComparison.Ordinal);
        Assert.DoesNotContain('\n', load.Message);
    }

    [Fact]
    public void A_package_without_solution_xml_or_with_malformed_xml_names_the_file_and_the_line()
    {
        using var folder = TempFolder.Create("hostile-xml-");
        var missing = HostilePackages.Rewrite(folder.File("missing.zip"), keep: name => name != "solution.xml");
        var malformed = HostilePackages.Rewrite(folder.File("malformed.zip"), (zip, _) =>
        {
            using var writer = new StreamWriter(zip.CreateEntry("solution.xml").Open());
            writer.Write("<ImportExportXml>\n  <SolutionManifest>\n    <UniqueName>x</UniqueName>\n  </Solution>\n</ImportExportXml>");
        }, keep: name => name != "solution.xml");

        var checkMissing = Run([], "check", missing);
        var checkMalformed = Run([], "check", malformed);
        var loadMalformed = Assert.Throws<SolutionFormatException>(() => new DataverseEmulator().LoadSolution(malformed));

        Assert.Equal(1, checkMissing.ExitCode);
        Assert.Contains("error CRA001 solution.xml", checkMissing.Error, StringComparison.Ordinal);
        Assert.Equal(1, checkMalformed.ExitCode);
        Assert.Contains("CRA003 solution.xml", checkMalformed.Error, StringComparison.Ordinal);
        Assert.Contains("line 4", checkMalformed.Error, StringComparison.Ordinal);
        Assert.StartsWith("malformed.zip: solution.xml: it is not well-formed XML", loadMalformed.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void An_entity_expansion_document_is_refused_for_its_dtd_within_bounded_memory()
    {
        // Arrange: "billion laughs" — ten levels of ten entity references.
        using var folder = TempFolder.Create("hostile-dtd-");
        var laughs = new StringBuilder("<?xml version=\"1.0\"?>\n<!DOCTYPE lolz [\n <!ENTITY lol0 \"lol\">\n");
        for (var i = 1; i <= 10; i++)
        {
            laughs.Append(" <!ENTITY lol").Append(i).Append(" \"").Append(string.Concat(Enumerable.Repeat("&lol" + (i - 1) + ";", 10))).Append("\">\n");
        }

        laughs.Append("]>\n<ImportExportXml>&lol10;</ImportExportXml>");
        var path = HostilePackages.WithCustomizations(folder.File("laughs.zip"), stream => stream.Write(Encoding.UTF8.GetBytes(laughs.ToString())));

        // Act
        var check = Run(new() { ["DOTNET_GCHeapHardLimit"] = HeapLimit }, "check", path);
        var load = Assert.Throws<SolutionFormatException>(() => new DataverseEmulator().LoadSolution(path));

        // Assert
        Assert.Equal(1, check.ExitCode);
        Assert.Contains("CRA003 customizations.xml", check.Error, StringComparison.Ordinal);
        Assert.Contains("declares a DTD", check.Error, StringComparison.Ordinal);
        Assert.Contains("declares a DTD", load.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("zeros", "customizations.xml inflates past 64 MiB")]
    [InlineData("whitespace XML", "customizations.xml inflates past 64 MiB")]
    public void A_gigabyte_entry_stops_at_the_entry_limit_within_a_hard_heap_limit(string kind, string message)
    {
        // Arrange: 1 GiB that deflates to about a megabyte.
        using var folder = TempFolder.Create("hostile-bomb-");
        var path = HostilePackages.Rewrite(folder.File("bomb.zip"), (zip, _) => HostilePackages.Filled(zip, "customizations.xml", 1L << 30, kind == "zeros" ? (byte)0 : (byte)' ', kind == "zeros" ? null : "<ImportExportXml>"), keep: name => name != "customizations.xml");

        // Act
        var check = Run(new() { ["DOTNET_GCHeapHardLimit"] = HeapLimit }, "check", path);

        // Assert: the reader stopped at the limit it counted, well inside a heap that could not hold the entry.
        Assert.Equal(1, check.ExitCode);
        Assert.Contains("CRA002", check.Error, StringComparison.Ordinal);
        Assert.Contains(message, check.Error, StringComparison.Ordinal);
        Assert.Contains("--max-entry-mb", check.Error, StringComparison.Ordinal);
    }

    [Fact]
    public void Deeply_nested_xml_is_refused_at_the_depth_limit()
    {
        // Arrange: 200,000 nested elements.
        using var folder = TempFolder.Create("hostile-deep-");
        var path = HostilePackages.WithCustomizations(folder.File("deep.zip"), stream =>
        {
            using var writer = new StreamWriter(stream);
            writer.Write("<ImportExportXml>");
            for (var i = 0; i < 200_000; i++)
            {
                writer.Write("<a>");
            }

            for (var i = 0; i < 200_000; i++)
            {
                writer.Write("</a>");
            }

            writer.Write("</ImportExportXml>");
        });

        // Act
        var check = Run(new() { ["DOTNET_GCHeapHardLimit"] = HeapLimit }, "check", path);
        var load = Assert.Throws<SolutionFormatException>(() => new DataverseEmulator().LoadSolution(path));

        // Assert
        Assert.Equal(1, check.ExitCode);
        Assert.Contains("CRA003 customizations.xml", check.Error, StringComparison.Ordinal);
        Assert.Contains("nest deeper than 256 levels", check.Error, StringComparison.Ordinal);
        Assert.Contains("nest deeper than 256 levels", load.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("../outside.txt", "climbs out of the package with '..'")]
    [InlineData("/etc/absolute.txt", "is absolute")]
    [InlineData("Customizations.XML", "appears twice in the zip")]
    public void Unsafe_or_repeated_entry_names_are_flagged_by_check_and_refused_by_LoadSolution(string name, string problem)
    {
        using var folder = TempFolder.Create("hostile-names-");
        var path = HostilePackages.Rewrite(folder.File("names.zip"), (zip, original) =>
        {
            using var stream = zip.CreateEntry(name).Open();
            stream.Write(original("customizations.xml"));
        });

        var check = Run([], "check", path);
        var load = Assert.Throws<SolutionFormatException>(() => new DataverseEmulator().LoadSolution(path));

        Assert.Equal(1, check.ExitCode);
        Assert.Contains("CRA002", check.Error, StringComparison.Ordinal);
        Assert.Contains(problem, load.Message, StringComparison.Ordinal);
        Assert.False(File.Exists(Path.Combine(folder.Path, "..", "outside.txt")));
    }

    [Fact]
    public void Pack_into_an_output_path_that_cannot_be_written_is_one_line_and_exit_code_1()
    {
        using var folder = TempFolder.Create("hostile-pack-");
        var blocker = folder.File("a-file");
        File.WriteAllText(blocker, "not a folder");

        var pack = Run([], "pack", "--no-build", "--output", Path.Combine(blocker, "zips"));

        Assert.Equal(1, pack.ExitCode);
        Assert.StartsWith("crmacc: cannot write the zips to ", pack.Error, StringComparison.Ordinal);
        Assert.Single(pack.Error.Trim().Split('\n'));
    }

    [Fact]
    public void A_limit_can_be_raised_when_the_package_is_trusted()
    {
        using var folder = TempFolder.Create("hostile-raise-");
        var path = HostilePackages.Rewrite(folder.File("wide.zip"), (zip, _) => HostilePackages.Filled(zip, "WebResources/big.bin", 3L << 20, 1));

        var strict = Run([], "check", "--max-entry-mb", "2", path);
        var raised = Run([], "check", "--max-entry-mb", "4", path);

        Assert.Contains("WebResources/big.bin inflates past 2 MiB", strict.Error, StringComparison.Ordinal);
        Assert.DoesNotContain("inflates past", raised.Error, StringComparison.Ordinal);
    }

    [Fact]
    public void A_usage_error_exits_2()
    {
        var check = Run([], "check");

        Assert.Equal(2, check.ExitCode);
        Assert.StartsWith("crmacc: ", check.Error, StringComparison.Ordinal);
    }

    /// <summary>Flips bytes inside the first entry's compressed data, leaving the headers intact.</summary>
    private static byte[] Damaged(byte[] zip)
    {
        var copy = (byte[])zip.Clone();

        // Local file header of the first entry is at 0; its data starts after 30 bytes plus the name and extra fields.
        var nameLength = BitConverter.ToUInt16(copy, 26);
        var extraLength = BitConverter.ToUInt16(copy, 28);
        var data = 30 + nameLength + extraLength;
        for (var i = data; i < Math.Min(copy.Length, data + 64); i++)
        {
            copy[i] ^= 0x5A;
        }

        return copy;
    }

    private static (int ExitCode, string Output, string Error) Run(Dictionary<string, string> environment, params string[] args)
    {
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false, WorkingDirectory = Packages.RepoRoot };
        start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "crmacc.dll"));
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        foreach (var (name, value) in environment)
        {
            start.Environment[name] = value;
        }

        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(TimeSpan.FromMinutes(3)))
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException("crmacc " + string.Join(' ', args) + " ran past the 3-minute kill timeout");
        }

        return (process.ExitCode, output.Result, error.Result);
    }
}
