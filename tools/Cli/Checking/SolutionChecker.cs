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
    public static IReadOnlyList<Finding> Check(string path, BuildOutputs? outputs = null)
    {
        PackageFiles files;
        bool isZip;
        if (Directory.Exists(path))
        {
            try
            {
                files = SolutionPacker.Merge(path, managed: false, outputs ?? BuildOutputs.None);
            }
            catch (SolutionFormatException ex)
            {
                return [new Finding("CRA003", Severity.Error, ex.File, string.Empty, "The source cannot be read: " + ex.Problem, "Correct the file; nothing else can be checked until the source reads.")];
            }

            isZip = false;
        }
        else if (File.Exists(path))
        {
            files = PackageFiles.FromZip(path);
            isZip = true;
        }
        else
        {
            throw new FileNotFoundException("There is no solution zip or folder at " + path + ".", path);
        }

        var context = new CheckContext(files, isZip);
        ContainerRules.Check(context);
        if (context.Solution != null && context.Customizations != null)
        {
            ComponentRules.Check(context);
            QueryRules.Check(context);
            PluginRules.Check(context);
            ExtensionRules.Check(context);
        }

        return context.Findings.OrderBy(f => f.Severity == Severity.Error ? 0 : 1).ThenBy(f => f.Rule, StringComparer.Ordinal).ToList();
    }
}
