using System.CommandLine;
using System.IO;
using System.Linq;
using CrmAccountability.Cli.Checking;
using CrmAccountability.Cli.Packing;

namespace CrmAccountability.Cli.Commands;

/// <summary>crmacc check &lt;zip-or-folder&gt;: the offline checker; non-zero exit when it finds errors.</summary>
internal static class CheckCommand
{
    public static Command Create(TextWriter output, TextWriter error)
    {
        var path = new Argument<string>("path") { Description = "A solution zip, or a solution source folder in SolutionPackager's unpacked layout." };
        var command = new Command("check", "Check a solution package offline: container, manifests, components, queries, plug-ins, controls.") { path };
        command.SetAction(result => Run(result.GetValue(path)!, output, error));
        return command;
    }

    public static int Run(string path, TextWriter output, TextWriter error)
    {
        if (!File.Exists(path) && !Directory.Exists(path))
        {
            throw new CliException("no solution zip or folder at " + path + ".");
        }

        var outputs = Directory.Exists(path) ? BuildOutputs.ForRepository(Path.GetFullPath(Path.Combine(path, ".."))) : null;
        var findings = SolutionChecker.Check(path, outputs);
        foreach (var finding in findings)
        {
            (finding.Severity == Severity.Error ? error : output).WriteLine(finding);
        }

        var errors = findings.Count(f => f.Severity == Severity.Error);
        output.WriteLine(Path.GetFileName(Path.TrimEndingDirectorySeparator(path)) + ": " + errors + " errors, " + (findings.Count - errors) + " warnings");
        return errors == 0 ? 0 : 1;
    }
}
