using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using CrmAccountability.Cli.Packing;
using CrmAccountability.Emulator.Solutions;

namespace CrmAccountability.Cli.Checking;

/// <summary>
/// The offline checker (solution-format.md §8): a packed zip as is, or an unpacked source merged into the packed
/// form first, then every rule. Errors name the file, the component and the fix.
/// </summary>
internal static class SolutionChecker
{
    public static IReadOnlyList<Finding> Check(string path, BuildOutputs? outputs = null, PackageLimits? limits = null)
    {
        PackageFiles files;
        bool isZip;
        try
        {
            if (Directory.Exists(path))
            {
                files = SolutionPacker.Merge(path, managed: false, outputs ?? BuildOutputs.None);
                isZip = false;
            }
            else if (File.Exists(path))
            {
                files = PackageFiles.FromZip(path, limits);
                isZip = true;
            }
            else
            {
                throw new FileNotFoundException("There is no solution zip or folder at " + path + ".", path);
            }
        }
        catch (SolutionFormatException ex)
        {
            return [new Finding("CRA003", Severity.Error, ex.File, string.Empty, "The package cannot be read: " + ex.Problem, "Nothing else can be checked until it reads; export or pack it again.")];
        }
        catch (PackageLimitException ex)
        {
            return [new Finding("CRA002", Severity.Error, ex.File, string.Empty, "Reading stopped at a safety limit: " + ex.Message, "Check where the package came from before raising the limit.")];
        }

        files.Limits = limits ?? PackageLimits.Default;
        var context = new CheckContext(files, isZip);
        Run(context, "container", ContainerRules.Check);
        if (context.Solution != null && context.Customizations != null)
        {
            Run(context, "component", ComponentRules.Check);
            Run(context, "query", QueryRules.Check);
            Run(context, "plug-in", PluginRules.Check);
            Run(context, "extension", ExtensionRules.Check);
        }

        return context.Findings.OrderBy(f => f.Severity == Severity.Error ? 0 : 1).ThenBy(f => f.Rule, StringComparer.Ordinal).ToList();
    }

    /// <summary>
    /// Runs one family of rules. Packages are untrusted: something a rule did not foresee becomes a finding that says
    /// which rules could not finish and why, never a crash — and the other families still run.
    /// </summary>
    private static void Run(CheckContext context, string family, Action<CheckContext> rules)
    {
        try
        {
            rules(context);
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            var (file, line) = ex is System.Xml.XmlException xml ? (string.Empty, xml.LineNumber) : (string.Empty, 0);
            context.Error("CRA000", file, string.Empty, "The " + family + " rules could not finish on this package: " + ex.GetType().Name + ": " + ex.Message + (line > 0 ? " (line " + line + ")" : string.Empty), "Correct the malformed part; please also report the package shape, since a rule should have named it.");
        }
    }
}
