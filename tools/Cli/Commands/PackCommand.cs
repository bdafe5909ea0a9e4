using System;
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
/// zips, and checks both.
/// </summary>
internal static class PackCommand
{
    public static Command Create(TextWriter output, TextWriter error)
    {
        var outputOption = new Option<string>("--output", "-o") { Description = "Folder for the zips.", DefaultValueFactory = _ => Path.Combine("artifacts", "solution") };
        var noBuild = new Option<bool>("--no-build") { Description = "Use the existing Release plug-in build and control builds." };
        var command = new Command("pack", "Build the plug-in and controls, then pack Solution/ into CrmAccountability_<version>.zip and _managed.zip.") { outputOption, noBuild };
        command.SetAction(result => Run(result.GetValue(outputOption)!, result.GetValue(noBuild), output, error));
        return command;
    }

    public static int Run(string outputDirectory, bool noBuild, TextWriter output, TextWriter error)
    {
        var root = RepositoryRoot.Find();
        if (!noBuild)
        {
            Build(root, output);
        }

        var source = Path.Combine(root, "Solution");
        (string Unmanaged, string Managed) zips;
        try
        {
            zips = SolutionPacker.Pack(source, Path.GetFullPath(outputDirectory), BuildOutputs.ForRepository(root));
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

        var failed = false;
        foreach (var zip in new[] { zips.Unmanaged, zips.Managed })
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
        foreach (var control in Directory.GetDirectories(Path.Combine(root, "Solution", "Controls")).Where(d => File.Exists(Path.Combine(d, "package.json"))).Order(StringComparer.Ordinal))
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
