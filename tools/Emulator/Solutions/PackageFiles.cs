using System;
using System.Collections.Generic;
using System.IO;
using System.IO.Compression;
using System.Xml;
using System.Xml.Linq;

namespace CrmAccountability.Emulator.Solutions;

/// <summary>
/// A package's files by zip path, from a packed zip or from SolutionPackager's unpacked layout merged into the packed
/// form (solution-format.md §2.2). Packing writes it out, checking reads it and the emulator loads it: one mapping,
/// so all three agree.
/// </summary>
public sealed class PackageFiles
{
    private readonly SortedDictionary<string, byte[]> _files = new(StringComparer.Ordinal);

    public PackageFiles(string description)
    {
        Description = description;
    }

    public string Description { get; }

    /// <summary>Files the source expected but the build has not produced (e.g. a plug-in DLL before Release build).</summary>
    public List<string> Missing { get; } = [];

    public IReadOnlyCollection<string> Paths => _files.Keys;

    public bool Contains(string path) => _files.ContainsKey(path.TrimStart('/'));

    public byte[] Read(string path) => _files[path.TrimStart('/')];

    public void Write(string path, byte[] content) => _files[path.TrimStart('/')] = content;

    public void Remove(string path) => _files.Remove(path.TrimStart('/'));

    public XDocument Xml(string path)
    {
        using var stream = new MemoryStream(Read(path));
        return XDocument.Load(stream, LoadOptions.PreserveWhitespace);
    }

    public void WriteXml(string path, XDocument document) => Write(path, Serialise(document));

    /// <summary>UTF-8 with BOM and declaration, as pac writes it; byte-identical for identical trees.</summary>
    public static byte[] Serialise(XDocument document)
    {
        using var stream = new MemoryStream();
        var settings = new XmlWriterSettings { Encoding = new System.Text.UTF8Encoding(encoderShouldEmitUTF8Identifier: true), Indent = false, NewLineHandling = NewLineHandling.None };
        using (var writer = XmlWriter.Create(stream, settings))
        {
            new XDocument(new XDeclaration("1.0", "utf-8", null), document.Root).Save(writer);
        }

        return stream.ToArray();
    }

    public static PackageFiles FromZip(string path)
    {
        var files = new PackageFiles(Path.GetFileName(path));
        using var zip = ZipFile.OpenRead(path);
        foreach (var entry in zip.Entries)
        {
            files.RawEntryNames.Add(entry.FullName);
            if (entry.FullName.EndsWith('/') && entry.Length == 0)
            {
                continue;
            }

            using var stream = entry.Open();
            using var copy = new MemoryStream();
            stream.CopyTo(copy);
            files._files[entry.FullName] = copy.ToArray();
        }

        return files;
    }

    /// <summary>Entry names exactly as stored in a zip (with separators and directory entries), for container checks.</summary>
    public List<string> RawEntryNames { get; } = [];
}
