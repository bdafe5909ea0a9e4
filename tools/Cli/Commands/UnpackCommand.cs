using System;
using System.CommandLine;
using System.Globalization;
using System.IO;
using System.Linq;
using CrmAccountability.Cli.Packing;
using CrmAccountability.Emulator.Solutions;
using CrmAccountability.Emulator.Solutions.Layout;

namespace CrmAccountability.Cli.Commands;

/// <summary>
/// crmacc unpack &lt;zip&gt; -o &lt;folder&gt;: a solution zip into SolutionPackager's unpacked layout. The zip is read as
/// untrusted data (limits, safe names); the result is packed again in memory and compared with the zip before a file
/// is written, and nothing already on disk is overwritten.
/// </summary>
internal static class UnpackCommand
{
    public static Command Create(TextWriter output)
    {
        var zip = new Argument<string>("zip") { Description = "A solution zip (managed or unmanaged)." };
        var folder = new Option<string>("--output", "-o") { Description = "A new or empty folder for the unpacked solution.", Required = true };
        var type = new Option<PackageType?>("--package-type") { Description = "Unmanaged or Managed (checked against the zip), or Both: the unmanaged zip and its <name>_managed.zip beside it into one folder, with _managed variants where they differ. Default: what the zip is." };
        var command = new Command("unpack", "Unpack a solution zip into SolutionPackager's layout (Entities/, OptionSets/, Other/, Workflows/ …), verifying that packing it again gives the zip back.") { zip, folder, type };
        command.SetAction(result => Run(result.GetValue(zip)!, result.GetValue(folder)!, result.GetValue(type), output));
        return command;
    }

    public static int Run(string zip, string folder, PackageType? type, TextWriter output)
    {
        UnpackedFolder unpacked;
        string description;
        try
        {
            var packed = Read(zip);
            var isManaged = ManagedFlag(packed) == "1";
            switch (type)
            {
                case PackageType.Both:
                    var unmanagedPath = isManaged ? Sibling(zip, managed: false) : zip;
                    var managedPath = isManaged ? zip : Sibling(zip, managed: true);
                    unpacked = SolutionUnpacker.UnpackBoth(isManaged ? Read(unmanagedPath) : packed, isManaged ? packed : Read(managedPath));
                    description = Path.GetFileName(unmanagedPath) + " and " + Path.GetFileName(managedPath);
                    break;
                case PackageType.Managed when !isManaged:
                case PackageType.Unmanaged when isManaged:
                    throw new CliException(zip + " is " + (isManaged ? "a managed" : "an unmanaged") + " solution; leave out --package-type, or use Both with its twin beside it.");
                default:
                    unpacked = SolutionUnpacker.Unpack(packed);
                    description = Path.GetFileName(zip);
                    break;
            }
        }
        catch (SolutionFormatException ex)
        {
            throw new CliException("cannot unpack: " + ex.Message);
        }
        catch (PackageLimitException ex)
        {
            throw new CliException("cannot unpack " + zip + ": reading stopped at a safety limit: " + ex.Message);
        }

        try
        {
            unpacked.WriteTo(folder);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new CliException("cannot write to " + Path.GetFullPath(folder) + ": " + ex.Message);
        }

        var kinds = unpacked.Paths.GroupBy(p => p.Contains('/', StringComparison.Ordinal) ? p[..p.IndexOf('/', StringComparison.Ordinal)] : p).Select(g => g.Key + " " + g.Count().ToString(CultureInfo.InvariantCulture));
        output.WriteLine("unpacked " + description + " into " + Path.GetFullPath(folder) + ": " + unpacked.Paths.Count + " files (" + string.Join(", ", kinds) + "); packing them again gives the same package.");
        return 0;
    }

    private static PackageFiles Read(string zip)
    {
        if (!File.Exists(zip))
        {
            throw new CliException("no solution zip at " + zip + ".");
        }

        return PackageFiles.FromZip(zip, PackageLimits.Default, strict: true);
    }

    /// <summary>SolutionPackager's naming: Name_1_0_0_0.zip and Name_1_0_0_0_managed.zip side by side.</summary>
    private static string Sibling(string zip, bool managed)
    {
        var directory = Path.GetDirectoryName(Path.GetFullPath(zip))!;
        var stem = Path.GetFileNameWithoutExtension(zip);
        var path = Path.Combine(directory, managed ? stem + "_managed.zip" : (stem.EndsWith("_managed", StringComparison.OrdinalIgnoreCase) ? stem[..^"_managed".Length] : stem) + ".zip");
        return File.Exists(path) ? path : throw new CliException("--package-type Both needs the " + (managed ? "managed" : "unmanaged") + " zip beside " + Path.GetFileName(zip) + ", named " + Path.GetFileName(path) + ".");
    }

    private static string? ManagedFlag(PackageFiles packed)
    {
        try
        {
            return packed.Xml("solution.xml").Root?.Element("SolutionManifest")?.Element("Managed")?.Value.Trim();
        }
        catch (Exception ex) when (ex is System.Xml.XmlException or System.Collections.Generic.KeyNotFoundException)
        {
            throw new CliException("cannot unpack " + packed.Description + ": its solution.xml is missing or not well-formed XML.");
        }
    }
}
