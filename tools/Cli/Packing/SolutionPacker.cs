using System;
using System.Collections.Generic;
using System.IO;
using System.IO.Compression;
using System.Linq;
using System.Xml.Linq;
using CrmAccountability.Emulator.Solutions;
using CrmAccountability.Emulator.Solutions.Layout;

namespace CrmAccountability.Cli.Packing;

/// <summary>Which zips to build from a folder, as SolutionPackager's /packagetype names them.</summary>
internal enum PackageType
{
    Unmanaged,
    Managed,
    Both,
}

/// <summary>
/// Writes packed solution zips the way Microsoft's tools do (solution-format.md §1): the three root files, payload
/// folders, "/" separators, no directory entries, and a [Content_Types].xml with a Default per extension and an
/// Override per extension-less part. Deterministic: the same inputs give byte-identical zips. It refuses, naming the
/// files, rather than write a zip that lacks something: a build output not built, a file of the folder that no
/// component accounts for, or a payload customizations.xml points at that is not there.
/// </summary>
internal static class SolutionPacker
{
    /// <summary>Zip entry times are fixed so that a rebuild of the same sources is byte-identical.</summary>
    private static readonly DateTimeOffset EntryTime = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);

    private static readonly string[] LeadingEntries = ["customizations.xml", "solution.xml"];

    /// <summary>Packs a folder; returns the zips written (unmanaged first).</summary>
    public static IReadOnlyList<string> Pack(string source, string outputDirectory, BuildOutputs outputs, PackageType type, ICollection<string>? notes = null)
    {
        Directory.CreateDirectory(outputDirectory);
        var written = new List<string>();
        foreach (var managed in type switch { PackageType.Unmanaged => [false], PackageType.Managed => [true], _ => new[] { false, true } })
        {
            var files = Merge(source, managed, outputs);
            var manifest = files.Xml("solution.xml").Root!.Element("SolutionManifest")!;
            var stem = (manifest.Element("UniqueName")?.Value.Trim() ?? "solution") + "_" + (manifest.Element("Version")?.Value.Trim() ?? "0.0.0.0").Replace('.', '_');
            var zip = Path.Combine(outputDirectory, stem + (managed ? "_managed" : string.Empty) + ".zip");
            Write(files, zip);
            foreach (var note in files.Notes.Where(n => notes != null && !notes.Contains(n)))
            {
                notes!.Add(note);
            }

            written.Add(zip);
        }

        return written;
    }

    /// <summary>The repository's solution: both zips, with the build's outputs.</summary>
    public static (string Unmanaged, string Managed) Pack(string source, string outputDirectory, BuildOutputs outputs)
    {
        var zips = Pack(source, outputDirectory, outputs, PackageType.Both);
        return (zips[0], zips[1]);
    }

    /// <summary>The folder's &lt;Managed&gt; value as the package type SolutionPackager would build by default: 0 unmanaged, 1 managed, 2 both.</summary>
    public static PackageType DeclaredType(string source)
    {
        var path = Path.Combine(source, "Other", "Solution.xml");
        var managed = File.Exists(path) ? SafeXml.Load(File.ReadAllBytes(path)).Root?.Element("SolutionManifest")?.Element("Managed")?.Value.Trim() : null;
        return managed switch { "1" => PackageType.Managed, "2" => PackageType.Both, _ => PackageType.Unmanaged };
    }

    /// <summary>The source in packed form with the build's outputs added: exactly what goes into the zip.</summary>
    public static PackageFiles Merge(string source, bool managed, BuildOutputs outputs)
    {
        var files = UnpackedLayout.Merge(source, managed);
        outputs.AddTo(files);
        return files;
    }

    public static void Write(PackageFiles files, string zipPath)
    {
        var problems = new List<string>();
        if (files.Missing.Count > 0)
        {
            problems.Add("missing " + string.Join("; ", files.Missing));
        }

        if (files.Unplaced.Count > 0)
        {
            problems.Add(files.Unplaced.Count + " file(s) of the folder belong to no component, and would be left out: " + string.Join(", ", files.Unplaced.Take(10)) + (files.Unplaced.Count > 10 ? ", …" : string.Empty)
                + " (move each where the unpacked layout puts its kind, reference it from customizations, or delete it)");
        }

        var unresolved = Unresolved(files);
        if (unresolved.Count > 0)
        {
            problems.Add("customizations.xml points at file(s) the folder does not have: " + string.Join(", ", unresolved.Take(10)) + (unresolved.Count > 10 ? ", …" : string.Empty));
        }

        if (problems.Count > 0)
        {
            throw new InvalidOperationException("Cannot pack " + files.Description + ": " + string.Join(". ", problems) + ".");
        }

        files.Write("[Content_Types].xml", ContentTypes(files.Paths.Where(p => p != "[Content_Types].xml")));
        var order = LeadingEntries
            .Concat(files.Paths.Where(p => p is not ("customizations.xml" or "solution.xml" or "[Content_Types].xml")).Order(StringComparer.Ordinal))
            .Append("[Content_Types].xml");
        using var stream = new FileStream(zipPath, FileMode.Create, FileAccess.Write);
        using var zip = new ZipArchive(stream, ZipArchiveMode.Create);
        foreach (var path in order)
        {
            var entry = zip.CreateEntry(path, CompressionLevel.Optimal);
            entry.LastWriteTime = EntryTime;
            using var target = entry.Open();
            target.Write(files.Read(path));
        }
    }

    private static List<string> Unresolved(PackageFiles files)
        => files.Xml("customizations.xml").Root!.Descendants()
            .Where(e => SolutionLayout.PayloadElements.Contains(e.Name.LocalName) && !e.HasElements && e.Value.Trim().Length > 0)
            .Select(e => e.Value.Trim().TrimStart('/'))
            .Where(p => !files.Contains(p))
            .Distinct(StringComparer.Ordinal)
            .ToList();

    public static byte[] ContentTypes(IEnumerable<string> paths)
    {
        XNamespace ns = "http://schemas.openxmlformats.org/package/2006/content-types";
        var list = paths.ToList();
        var types = new XElement(ns + "Types");
        foreach (var extension in list.Select(p => Path.GetExtension(p).TrimStart('.')).Where(e => e.Length > 0).Distinct(StringComparer.OrdinalIgnoreCase).Order(StringComparer.OrdinalIgnoreCase))
        {
            types.Add(new XElement(ns + "Default", new XAttribute("Extension", extension.ToLowerInvariant()), new XAttribute("ContentType", extension.Equals("xml", StringComparison.OrdinalIgnoreCase) ? "text/xml" : "application/octet-stream")));
        }

        foreach (var path in list.Where(p => Path.GetExtension(p).Length == 0))
        {
            types.Add(new XElement(ns + "Override", new XAttribute("PartName", "/" + path), new XAttribute("ContentType", "application/octet-stream")));
        }

        return PackageFiles.Serialise(new XDocument(types));
    }
}
