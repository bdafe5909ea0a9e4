using System;
using System.Collections.Generic;
using System.IO;
using System.IO.Compression;
using System.Linq;
using System.Xml.Linq;
using CrmAccountability.Emulator.Solutions;

namespace CrmAccountability.Cli.Packing;

/// <summary>
/// Writes packed solution zips the way Microsoft's tools do (solution-format.md §1): the three root files, payload
/// folders, "/" separators, no directory entries, and a [Content_Types].xml with a Default per extension and an
/// Override per extension-less part. Deterministic: the same inputs give byte-identical zips.
/// </summary>
internal static class SolutionPacker
{
    /// <summary>Zip entry times are fixed so that a rebuild of the same sources is byte-identical.</summary>
    private static readonly DateTimeOffset EntryTime = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);

    private static readonly string[] LeadingEntries = ["customizations.xml", "solution.xml"];

    public static (string Unmanaged, string Managed) Pack(string source, string outputDirectory, BuildOutputs outputs)
    {
        Directory.CreateDirectory(outputDirectory);
        var manifest = XDocument.Load(Path.Combine(source, "Other", "Solution.xml")).Root!.Element("SolutionManifest")!;
        var stem = manifest.Element("UniqueName")!.Value.Trim() + "_" + manifest.Element("Version")!.Value.Trim().Replace('.', '_');
        var unmanaged = Path.Combine(outputDirectory, stem + ".zip");
        var managed = Path.Combine(outputDirectory, stem + "_managed.zip");
        Write(Merge(source, managed: false, outputs), unmanaged);
        Write(Merge(source, managed: true, outputs), managed);
        return (unmanaged, managed);
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
        if (files.Missing.Count > 0)
        {
            throw new InvalidOperationException("Cannot pack " + files.Description + ": missing " + string.Join("; ", files.Missing));
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
