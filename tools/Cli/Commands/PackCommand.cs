using System;
using System.Collections.Generic;
using System.CommandLine;
using System.Diagnostics;
using System.IO;
using System.Linq;
using CrmAccountability.Cli.Checking;
using CrmAccountability.Cli.Packing;
using CrmAccountability.Emulator.Solutions;

namespace CrmAccountability.Cli.Commands;

/// <summary>
/// crmacc pack: builds the plug-in (Release) and the PCF controls, packs Solution/ into the unmanaged and managed
/// zips, and checks both. With --folder it packs any folder in SolutionPackager's layout instead (nothing is built):
/// every file must belong to a component, or it refuses, naming the files.
/// </summary>
internal static class PackCommand
{
    public static Command Create(TextWriter output, TextWriter error)
    {
        var outputOption = new Option<string>("--output", "-o") { Description = "Folder for the zips.", DefaultValueFactory = _ => Path.Combine("artifacts", "solution") };
        var noBuild = new Option<bool>("--no-build") { Description = "Use the existing Release plug-in build and control builds." };
        var folder = new Option<string?>("--folder") { Description = "Pack this unpacked solution folder (SolutionPackager's layout, e.g. from crmacc unpack or pac solution unpack) instead of the repository's Solution/." };
        var type = new Option<PackageType?>("--package-type") { Description = "Unmanaged, Managed or Both. Default: Both for Solution/; for --folder, what its Other/Solution.xml says (0, 1 or 2)." };
        var command = new Command("pack", "Build the plug-in and controls, then pack Solution/ into CrmAccountability_<version>.zip and _managed.zip; or pack another unpacked folder with --folder.") { outputOption, noBuild, folder, type };
        command.SetAction(result => result.GetValue(folder) is { } source
            ? RunFolder(source, result.GetValue(outputOption)!, result.GetValue(type), output, error)
            : Run(result.GetValue(outputOption)!, result.GetValue(noBuild), output, error, result.GetValue(type) ?? PackageType.Both));
        return command;
    }

    public static int Run(string outputDirectory, bool noBuild, TextWriter output, TextWriter error, PackageType type = PackageType.Both)
    {
        var root = RepositoryRoot.Find();
        if (!noBuild)
        {
            Build(root, output);
        }

        return PackAndCheck(Path.Combine(root, "Solution"), outputDirectory, BuildOutputs.ForRepository(root), type, output, error);
    }

    /// <summary>Packs someone's unpacked folder as it is: its plug-in DLLs and control files must be in it.</summary>
    public static int RunFolder(string source, string outputDirectory, PackageType? type, TextWriter output, TextWriter error)
    {
        if (!File.Exists(Path.Combine(source, "Other", "Solution.xml")))
        {
            throw new CliException(Path.GetFullPath(source) + " is not an unpacked solution: it has no Other/Solution.xml (unpack a zip with crmacc unpack).");
        }

        return PackAndCheck(source, outputDirectory, BuildOutputs.None, type ?? SolutionPacker.DeclaredType(source), output, error);
    }

    private static int PackAndCheck(string source, string outputDirectory, BuildOutputs outputs, PackageType type, TextWriter output, TextWriter error)
    {
        IReadOnlyList<string> zips;
        var notes = new List<string>();
        try
        {
            zips = SolutionPacker.Pack(source, Path.GetFullPath(outputDirectory), outputs, type, notes);
        }
        catch (InvalidOperationException ex)
        {
            throw new CliException(ex.Message);
        }
        catch (SolutionFormatException ex)
        {
            throw new CliException("cannot pack: " + ex.Message);
        }
        catch (PackageLimitException ex)
        {
            throw new CliException("cannot pack: " + ex.Message);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new CliException("cannot write the zips to " + Path.GetFullPath(outputDirectory) + ": " + ex.Message + " Choose another folder with --output.");
        }

        foreach (var note in notes)
        {
            output.WriteLine("note: " + note);
        }

        var failed = false;
        foreach (var zip in zips)
        {
            output.WriteLine("packed " + zip + " (" + new FileInfo(zip).Length.ToString("N0", System.Globalization.CultureInfo.InvariantCulture) + " bytes)");
            failed |= CheckCommand.Run(zip, output, error) != 0;
        }

        return failed ? 1 : 0;
    }

    /// <summary>Builds the plug-in (Release) and each PCF control whose sources are newer than its last build.</summary>
    internal static void Build(string root, TextWriter output)
    {
        Run(root, "dotnet", "build Plugins/CrmAccountability.Plugins.csproj -c Release --nologo -v q", output);
        foreach (var control in Directory.GetDirectories(Path.Combine(root, "Controls")).Where(d => File.Exists(Path.Combine(d, "package.json"))).Order(StringComparer.Ordinal))
        {
            if (!Directory.Exists(Path.Combine(control, "node_modules")))
            {
                Run(control, "npm", "ci --no-audit --no-fund --loglevel=error", output);
            }

            if (IsBuilt(control))
            {
                output.WriteLine("  " + Path.GetFileName(control) + ": build is up to date");
                continue;
            }

            Run(control, "npm", "run --silent build", output);
        }
    }

    /// <summary>A control's out/ is current when its newest bundle is newer than every source file and the lock file.</summary>
    private static bool IsBuilt(string control)
    {
        var bundles = Directory.Exists(Path.Combine(control, "out")) ? Directory.GetFiles(Path.Combine(control, "out"), "bundle.js", SearchOption.AllDirectories) : [];
        if (bundles.Length == 0)
        {
            return false;
        }

        var built = bundles.Min(File.GetLastWriteTimeUtc);
        var sources = Directory.GetDirectories(control)
            .Where(d => Path.GetFileName(d) is not ("node_modules" or "out" or "obj" or "browser-test"))
            .SelectMany(d => Directory.GetFiles(d, "*", SearchOption.AllDirectories))
            .Concat(Directory.GetFiles(control));
        return sources.All(f => File.GetLastWriteTimeUtc(f) <= built);
    }

    private static void Run(string directory, string file, string arguments, TextWriter output)
    {
        output.WriteLine("> " + file + " " + arguments);
        using var process = Process.Start(new ProcessStartInfo(file, arguments) { WorkingDirectory = directory, UseShellExecute = false })
            ?? throw new CliException("could not start " + file + ".");
        process.WaitForExit();
        if (process.ExitCode != 0)
        {
            throw new CliException(file + " " + arguments + " failed with exit code " + process.ExitCode + " in " + directory + ".");
        }
    }
}
