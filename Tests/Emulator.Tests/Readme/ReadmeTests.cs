using System;
using System.IO;
using System.Linq;
using System.Text.RegularExpressions;
using Microsoft.Xrm.Sdk;
using Xunit;

namespace CrmAccountability.Emulator.Tests.Readme;

/// <summary>The README's emulator examples compile (they are ReadmeExamples.cs), run, and are the text the README shows.</summary>
public sealed partial class ReadmeTests
{
    [Fact]
    public void Every_example_block_appears_in_the_readme_exactly_as_compiled()
    {
        var readme = File.ReadAllText(Path.Combine(RepoRoot(), "README.md")).Replace("\r\n", "\n", StringComparison.Ordinal);
        var source = File.ReadAllText(Path.Combine(RepoRoot(), "Tests", "Emulator.Tests", "Readme", "ReadmeExamples.cs")).Replace("\r\n", "\n", StringComparison.Ordinal);

        var blocks = Block().Matches(source).Select(m => Dedent(m.Groups[2].Value)).ToList();

        Assert.Equal(3, blocks.Count);
        Assert.All(blocks, block => Assert.Contains(block, readme, StringComparison.Ordinal));
    }

    [Fact]
    public void The_examples_run_as_the_readme_says()
    {
        var (today, org) = ReadmeExamples.Queries(TestOrg.Asset("SampleSolution"));
        var call = today.Entities.Single();
        var traces = ReadmeExamples.Steps(org);
        org.GetService().Update(new Entity("phonecall", call.Id) { ["subject"] = "Renamed" });
        org.GetService().Update(new Entity("phonecall", call.Id) { ["statecode"] = new Microsoft.Xrm.Sdk.OptionSetValue(0) });

        Assert.Equal(0, traces);
        Assert.Contains(org.PluginTraces, t => t.Text.Contains("MyPlugin ran", StringComparison.Ordinal));
    }

    private static string Dedent(string block)
    {
        var lines = block.Trim('\n').Split('\n');
        var indent = lines.Where(l => l.Trim().Length > 0).Min(l => l.Length - l.TrimStart().Length);
        return string.Join('\n', lines.Select(l => l.Length >= indent ? l[indent..] : l.TrimStart()));
    }

    private static string RepoRoot()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory != null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "CrmAccountability.sln")))
            {
                return directory.FullName;
            }
        }

        throw new InvalidOperationException("The repository root (CrmAccountability.sln) is not above " + AppContext.BaseDirectory);
    }

    [GeneratedRegex(@"// readme:(\w+)\n(.*?)\n\s*// readme:end", RegexOptions.Singleline)]
    private static partial Regex Block();
}
