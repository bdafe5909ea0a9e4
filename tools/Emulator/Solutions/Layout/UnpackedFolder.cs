using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text;
using System.Xml;
using System.Xml.Linq;

namespace CrmAccountability.Emulator.Solutions.Layout;

/// <summary>
/// The files of a solution in SolutionPackager's unpacked layout, held in memory by relative path ('/' separators).
/// Packing reads it and remembers which files it used, so that a file no component accounts for is reported instead
/// of dropped. A file's "_managed" twin (<c>{id}_managed.xml</c>, <c>AppModule_managed.xml</c> …) replaces it when a
/// managed package is built, as SolutionPackager does with <c>/packagetype:Both</c>.
/// </summary>
public sealed class UnpackedFolder
{
    private const string ManagedSuffix = "_managed";
    private readonly SortedDictionary<string, byte[]> _files = new(StringComparer.Ordinal);
    private readonly HashSet<string> _used = new(StringComparer.Ordinal);

    public UnpackedFolder(string description)
    {
        Description = description;
    }

    public string Description { get; }

    public IReadOnlyCollection<string> Paths => _files.Keys;

    public bool Contains(string path) => _files.ContainsKey(path);

    public byte[] Read(string path) => _files[path];

    /// <summary>Adds a file; false when the path is taken (callers pick another name rather than overwrite).</summary>
    public bool TryAdd(string path, byte[] content) => _files.TryAdd(path, content);

    public void Add(string path, byte[] content)
    {
        if (!_files.TryAdd(path, content))
        {
            throw new InvalidOperationException("Two components were given the same file " + path + ".");
        }
    }

    public void Replace(string path, byte[] content) => _files[path] = content;

    /// <summary>The managed twin's path: <c>dir/name_managed.ext</c> (the extension is what follows the last dot).</summary>
    public static string Twin(string path)
    {
        var slash = path.LastIndexOf('/');
        var name = path[(slash + 1)..];
        var dot = name.LastIndexOf('.');
        var stem = dot > 0 ? name[..dot] : name;
        var extension = dot > 0 ? name[dot..] : string.Empty;
        return path[..(slash + 1)] + stem + ManagedSuffix + extension;
    }

    /// <summary>Whether <paramref name="path"/> is the managed twin of another file in the folder (only component XML files have twins).</summary>
    public bool IsTwin(string path)
    {
        if (!path.EndsWith(".xml", StringComparison.OrdinalIgnoreCase))
        {
            return false;
        }

        var slash = path.LastIndexOf('/');
        var name = path[(slash + 1)..^4];
        return name.EndsWith(ManagedSuffix, StringComparison.Ordinal) && name.Length > ManagedSuffix.Length
            && _files.ContainsKey(path[..(slash + 1)] + name[..^ManagedSuffix.Length] + path[^4..]);
    }

    /// <summary>Whether a component XML file of this name would read as some other file's managed twin.</summary>
    public static bool LooksLikeTwin(string path)
        => path.EndsWith(".xml", StringComparison.OrdinalIgnoreCase) && path[..^4].EndsWith(ManagedSuffix, StringComparison.Ordinal);

    /// <summary>
    /// The files (not twins) under <paramref name="folder"/> (matched without regard to case, as SolutionPackager on
    /// Windows does) whose path below it satisfies <paramref name="match"/>, in ordinal order.
    /// </summary>
    public IReadOnlyList<string> Find(string folder, Func<string, bool> match)
    {
        var prefix = folder.TrimEnd('/') + "/";
        return _files.Keys
            .Where(p => p.StartsWith(prefix, StringComparison.OrdinalIgnoreCase) && match(p[prefix.Length..]) && !IsTwin(p))
            .ToList();
    }

    /// <summary>The first file <see cref="Find"/> would list, or null.</summary>
    public string? FindFirst(string folder, Func<string, bool> match) => Find(folder, match) is { Count: > 0 } found ? found[0] : null;

    /// <summary>A component XML file for the package being built: its managed twin when building managed and one exists. Both count as used.</summary>
    public byte[] Take(string path, bool managed)
    {
        _used.Add(path);
        var twin = path.EndsWith(".xml", StringComparison.OrdinalIgnoreCase) ? Twin(path) : null;
        if (twin != null && _files.ContainsKey(twin))
        {
            _used.Add(twin);
            if (managed)
            {
                return _files[twin];
            }
        }

        return _files[path];
    }

    /// <summary>A payload file (a DLL, a script, a flow) exactly as it is: payloads have no managed variants.</summary>
    public byte[] TakeExact(string path)
    {
        _used.Add(path);
        return _files[path];
    }

    /// <summary>A file's root element, read as untrusted XML; a malformed file is named in the error.</summary>
    public XElement TakeXml(string path, bool managed, PackageLimits limits)
    {
        var bytes = Take(path, managed);
        try
        {
            return WithoutLayoutWhitespace(SafeXml.Load(bytes, limits).Root ?? throw new SolutionFormatException(Description, path, "it has no root element"));
        }
        catch (XmlException ex)
        {
            throw new SolutionFormatException(Description, path, "it is not well-formed XML: " + ex.Message);
        }
    }

    /// <summary>Files nothing has used yet (twins of used files count as used).</summary>
    public IEnumerable<string> Unused => _files.Keys.Where(p => !_used.Contains(p)).ToList();

    public void MarkUsed(string path) => _used.Add(path);

    /// <summary>Starts a new packing pass: a folder can be packed more than once (unmanaged, then managed).</summary>
    public void ForgetUse() => _used.Clear();

    /// <summary>
    /// Drops whitespace-only text between elements (indentation), keeping whitespace that is an element's whole
    /// content, so files are indented afresh and packed compactly.
    /// </summary>
    public static XElement WithoutLayoutWhitespace(XElement root)
    {
        foreach (var text in root.DescendantNodes().OfType<XText>().Where(t => t.Value.Trim().Length == 0 && t.Parent is { } parent && parent.HasElements).ToList())
        {
            text.Remove();
        }

        return root;
    }

    /// <summary>UTF-8 with BOM, declaration and two-space indentation, as SolutionPackager writes its files.</summary>
    public static byte[] Serialise(XElement root)
    {
        using var stream = new MemoryStream();
        var settings = new XmlWriterSettings { Encoding = new UTF8Encoding(encoderShouldEmitUTF8Identifier: true), Indent = true, IndentChars = "  ", NewLineChars = "\n", NewLineHandling = NewLineHandling.Entitize };
        using (var writer = XmlWriter.Create(stream, settings))
        {
            new XDocument(new XDeclaration("1.0", "utf-8", null), root).Save(writer);
        }

        return stream.ToArray();
    }

    /// <summary>
    /// Reads a folder's regular files under <paramref name="limits"/> (count, per-file and total size). Symbolic links
    /// are refused: packing reads only what is in the folder.
    /// </summary>
    public static UnpackedFolder Read(string directory, PackageLimits limits)
    {
        var root = Path.GetFullPath(directory);
        var folder = new UnpackedFolder(root);
        long total = 0;
        foreach (var file in Directory.EnumerateFiles(root, "*", new EnumerationOptions { RecurseSubdirectories = true, AttributesToSkip = 0, ReturnSpecialDirectories = false }))
        {
            var relative = Path.GetRelativePath(root, file).Replace('\\', '/');
            var info = new FileInfo(file);
            if (info.LinkTarget != null || IsUnderLink(root, file))
            {
                throw new SolutionFormatException(root, relative, "it is a symbolic link (or inside one); pack reads only regular files inside the folder");
            }

            if (folder._files.Count >= limits.MaxEntries)
            {
                throw new PackageLimitException(relative, "the folder holds more than " + limits.MaxEntries + " files");
            }

            if (info.Length > limits.MaxEntryBytes)
            {
                throw new PackageLimitException(relative, relative + " is larger than " + (limits.MaxEntryBytes >> 20) + " MiB");
            }

            total += info.Length;
            if (total > limits.MaxTotalBytes)
            {
                throw new PackageLimitException(relative, "the folder's files add up to more than " + (limits.MaxTotalBytes >> 20) + " MiB");
            }

            folder._files[relative] = File.ReadAllBytes(file);
        }

        return folder;
    }

    private static bool IsUnderLink(string root, string file)
    {
        for (var dir = Path.GetDirectoryName(file); dir != null && dir.Length > root.Length; dir = Path.GetDirectoryName(dir))
        {
            if (new DirectoryInfo(dir).LinkTarget != null)
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>
    /// Writes every file under <paramref name="directory"/>, which must not exist or be empty: unpacking never
    /// overwrites. Each path is checked to stay inside the folder.
    /// </summary>
    public void WriteTo(string directory)
    {
        var root = Path.GetFullPath(directory);
        if (Directory.Exists(root) && Directory.EnumerateFileSystemEntries(root).Any())
        {
            throw new IOException(root + " is not empty; unpack writes only into a new or empty folder, so nothing there is overwritten.");
        }

        foreach (var (relative, content) in _files)
        {
            var target = Path.GetFullPath(Path.Combine(root, relative));
            if (!target.StartsWith(root + Path.DirectorySeparatorChar, StringComparison.Ordinal))
            {
                throw new SolutionFormatException(Description, relative, "the path would leave the output folder");
            }

            Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            File.WriteAllBytes(target, content);
        }
    }
}
