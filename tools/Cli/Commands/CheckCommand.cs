using System.CommandLine;
using System.IO;
using System.Linq;
using CrmAccountability.Cli.Checking;
using CrmAccountability.Cli.Packing;
using CrmAccountability.Emulator.Solutions;

namespace CrmAccountability.Cli.Commands;

/// <summary>crmacc check &lt;zip-or-folder&gt;: the offline checker; non-zero exit when it finds errors.</summary>
internal static class CheckCommand
{
    public static Command Create(TextWriter output, TextWriter error)
    {
        var path = new Argument<string>("path") { Description = "A solution zip, or a solution source folder in SolutionPackager's unpacked layout." };
        var defaults = PackageLimits.Default;
        var maxEntries = new Option<int>("--max-entries") { Description = "Most zip entries read (default " + defaults.MaxEntries + ").", DefaultValueFactory = _ => defaults.MaxEntries };
        var maxEntry = new Option<int>("--max-entry-mb") { Description = "Most MiB one file may inflate to (default " + (defaults.MaxEntryBytes >> 20) + ").", DefaultValueFactory = _ => (int)(defaults.MaxEntryBytes >> 20) };
        var maxTotal = new Option<int>("--max-total-mb") { Description = "Most MiB the whole package may inflate to (default " + (defaults.MaxTotalBytes >> 20) + ").", DefaultValueFactory = _ => (int)(defaults.MaxTotalBytes >> 20) };
        var maxDepth = new Option<int>("--max-xml-depth") { Description = "Deepest XML nesting read (default " + defaults.MaxXmlDepth + ").", DefaultValueFactory = _ => defaults.MaxXmlDepth };
        var command = new Command("check", "Check a solution package offline, as untrusted data: container, manifests, components, queries, plug-ins (read as metadata, never run), controls.")
        {
            path, maxEntries, maxEntry, maxTotal, maxDepth,
        };
        command.SetAction(result =>
        {
            var limits = new PackageLimits
            {
                MaxEntries = Positive(result.GetValue(maxEntries), "--max-entries"),
                MaxEntryBytes = (long)Positive(result.GetValue(maxEntry), "--max-entry-mb") << 20,
                MaxTotalBytes = (long)Positive(result.GetValue(maxTotal), "--max-total-mb") << 20,
                MaxXmlDepth = Positive(result.GetValue(maxDepth), "--max-xml-depth"),
            };
            return Run(result.GetValue(path)!, output, error, limits);
        });
        return command;
    }

    private static int Positive(int value, string option)
        => value > 0 ? value : throw new CliException(option + " must be a positive number (got " + value.ToString(System.Globalization.CultureInfo.InvariantCulture) + ").");

    public static int Run(string path, TextWriter output, TextWriter error, PackageLimits? limits = null)
    {
        if (!File.Exists(path) && !Directory.Exists(path))
        {
            throw new CliException("no solution zip or folder at " + path + ".");
        }

        // The repository's own Solution/ gets its build outputs added, as packing does; any other folder is checked as it is.
        var parent = Path.GetFullPath(Path.Combine(path, ".."));
        var outputs = Directory.Exists(path) && File.Exists(Path.Combine(parent, "CrmAccountability.sln")) ? BuildOutputs.ForRepository(parent) : null;
        var findings = SolutionChecker.Check(path, outputs, limits);
        foreach (var finding in findings)
        {
            (finding.Severity == Severity.Error ? error : output).WriteLine(finding);
        }

        var errors = findings.Count(f => f.Severity == Severity.Error);
        output.WriteLine(Path.GetFileName(Path.TrimEndingDirectorySeparator(path)) + ": " + errors + " errors, " + (findings.Count - errors) + " warnings");
        return errors == 0 ? 0 : 1;
    }
}
