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

    /// <summary>Files of an unpacked folder that no component accounts for: packing refuses rather than drop them.</summary>
    public List<string> Unplaced { get; } = [];

    /// <summary>What merging a folder chose to leave out and why (a canvas app's sources beside its .msapp), for the user to read.</summary>
    public List<string> Notes { get; } = [];

    public IReadOnlyCollection<string> Paths => _files.Keys;

    public bool Contains(string path) => _files.ContainsKey(path.TrimStart('/'));

    public byte[] Read(string path) => _files[path.TrimStart('/')];

    public void Write(string path, byte[] content) => _files[path.TrimStart('/')] = content;

    public void Remove(string path) => _files.Remove(path.TrimStart('/'));

    /// <summary>A file's XML, read as untrusted data (<see cref="SafeXml"/>) with its whitespace kept.</summary>
    public XDocument Xml(string path) => SafeXml.Load(Read(path), Limits, LoadOptions.PreserveWhitespace);

    public PackageLimits Limits { get; set; } = PackageLimits.Default;

    public void WriteXml(string path, XDocument document) => Write(path, Serialise(document));

    /// <summary>
    /// UTF-8 with BOM and declaration, as pac writes it; byte-identical for identical trees. Line breaks inside attribute
    /// values are written as character references: written raw, any reader would normalise them to spaces.
    /// </summary>
    public static byte[] Serialise(XDocument document)
    {
        using var stream = new MemoryStream();
        var settings = new XmlWriterSettings { Encoding = new System.Text.UTF8Encoding(encoderShouldEmitUTF8Identifier: true), Indent = false, NewLineHandling = NewLineHandling.Entitize };
        using (var writer = XmlWriter.Create(stream, settings))
        {
            new XDocument(new XDeclaration("1.0", "utf-8", null), document.Root).Save(writer);
        }

        return stream.ToArray();
    }

    /// <summary>
    /// A zip's files under <paramref name="limits"/>. Unsafe or repeated entry names are left out (and kept in
    /// <see cref="RawEntryNames"/>) unless <paramref name="strict"/>, which refuses the package.
    /// </summary>
    public static PackageFiles FromZip(string path, PackageLimits? limits = null, bool strict = false)
        => SafeZip.Read(path, limits, strict);

    /// <summary>Entry names exactly as stored in a zip (with separators and directory entries), for container checks.</summary>
    public List<string> RawEntryNames { get; } = [];
}
