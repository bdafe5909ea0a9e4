using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.IO.Compression;
using System.Linq;
using System.Xml;
using System.Xml.Linq;

namespace CrmAccountability.Emulator.Solutions;

/// <summary>
/// How much of a package is read before it is refused. Packages are untrusted data: a zip can claim anything in its
/// headers and inflate a kilobyte into gigabytes, and XML can nest without end or expand entities without bound, so
/// every limit is enforced while reading, on what was actually read. The defaults sit well above real solutions
/// (Dataverse itself refuses a solution file over 95 MB when importing through the maker portal) and can be raised.
/// </summary>
public sealed record PackageLimits
{
    /// <summary>Entries in one zip.</summary>
    public int MaxEntries { get; init; } = 20_000;

    /// <summary>Inflated bytes of any one entry or file.</summary>
    public long MaxEntryBytes { get; init; } = 64L * 1024 * 1024;

    /// <summary>Inflated bytes of the whole package.</summary>
    public long MaxTotalBytes { get; init; } = 256L * 1024 * 1024;

    /// <summary>Inflated ÷ compressed size of an entry, checked once an entry has inflated past 1 MiB (zip bombs).</summary>
    public int MaxCompressionRatio { get; init; } = 200;

    /// <summary>Characters in one XML document.</summary>
    public long MaxXmlCharacters { get; init; } = 64L * 1024 * 1024;

    /// <summary>Element nesting in one XML document (real solution files stay under 40).</summary>
    public int MaxXmlDepth { get; init; } = 256;

    public static PackageLimits Default { get; } = new();

    /// <summary>The option a user raises to read past each limit, for the messages (crmacc check and pack name them).</summary>
    internal const string RaiseHint = "If you trust the package, raise the limit (crmacc check --max-entry-mb, --max-total-mb, --max-entries, --max-xml-depth).";
}

/// <summary>A package went past one of the <see cref="PackageLimits"/>; reading stopped there.</summary>
public sealed class PackageLimitException : Exception
{
    public PackageLimitException(string file, string problem)
        : base(problem + " " + PackageLimits.RaiseHint)
    {
        File = file;
    }

    public PackageLimitException()
    {
        File = string.Empty;
    }

    public PackageLimitException(string message)
        : base(message)
    {
        File = string.Empty;
    }

    public PackageLimitException(string message, Exception innerException)
        : base(message, innerException)
    {
        File = string.Empty;
    }

    public string File { get; }
}

/// <summary>XML read as untrusted data: no DTD, no external resources, bounded size and depth, errors with their line.</summary>
public static class SafeXml
{
    public static XDocument Load(byte[] bytes, PackageLimits? limits = null, LoadOptions options = LoadOptions.None)
    {
        var settings = Settings(limits ?? PackageLimits.Default);
        var depthLimit = (limits ?? PackageLimits.Default).MaxXmlDepth;

        // A streaming pass first: it refuses a DTD, and deep nesting, before any tree is built.
        using (var scan = XmlReader.Create(new MemoryStream(bytes, writable: false), settings))
        {
            try
            {
                while (scan.Read())
                {
                    if (scan.Depth > depthLimit)
                    {
                        var info = (IXmlLineInfo)scan;
                        throw new XmlException("Elements nest deeper than " + depthLimit.ToString(CultureInfo.InvariantCulture) + " levels; solution files never do. " + PackageLimits.RaiseHint, null, info.LineNumber, info.LinePosition);
                    }
                }
            }
            catch (XmlException ex) when (ex.Message.Contains("DTD", StringComparison.Ordinal))
            {
                throw new XmlException("The document declares a DTD (<!DOCTYPE …>), which solution files never do and which could expand entities without bound; remove it.", ex, ex.LineNumber, ex.LinePosition);
            }
        }

        using var reader = XmlReader.Create(new MemoryStream(bytes, writable: false), settings);
        return XDocument.Load(reader, options | LoadOptions.SetLineInfo);
    }

    /// <summary>Parses a string (a FetchXML query, say) under the same rules.</summary>
    public static XElement ParseElement(string xml, PackageLimits? limits = null)
        => Load(System.Text.Encoding.UTF8.GetBytes(xml), limits).Root ?? throw new XmlException("The document has no root element.");

    private static XmlReaderSettings Settings(PackageLimits limits) => new()
    {
        DtdProcessing = DtdProcessing.Prohibit,
        XmlResolver = null,
        MaxCharactersInDocument = limits.MaxXmlCharacters,
        MaxCharactersFromEntities = 1024,
        CloseInput = true,
    };
}

/// <summary>Reads a zip into memory under <see cref="PackageLimits"/>, counting what it inflates instead of trusting headers.</summary>
public static class SafeZip
{
    private const long RatioCheckAfter = 1024 * 1024;

    /// <summary>
    /// The entries of <paramref name="path"/> with their contents. Entry names that are absolute, climb out with "..",
    /// or repeat (ignoring case) are refused when <paramref name="strict"/>; otherwise they are left out of the files and
    /// kept in <see cref="PackageFiles.RawEntryNames"/> for a checker to report.
    /// </summary>
    public static PackageFiles Read(string path, PackageLimits? limits = null, bool strict = true)
    {
        limits ??= PackageLimits.Default;
        var description = Path.GetFileName(path);
        var files = new PackageFiles(description);
        ZipArchive zip;
        try
        {
            zip = ZipFile.OpenRead(path);
        }
        catch (InvalidDataException ex)
        {
            throw new SolutionFormatException(description, string.Empty, "it is not a zip file, or it is truncated (" + ex.Message.TrimEnd('.') + "). Export the solution again, or pack it with crmacc pack.");
        }

        using (zip)
        {
            System.Collections.ObjectModel.ReadOnlyCollection<ZipArchiveEntry> entries;
            try
            {
                entries = zip.Entries;
            }
            catch (InvalidDataException ex)
            {
                throw new SolutionFormatException(description, string.Empty, "its list of entries is damaged (" + ex.Message.TrimEnd('.') + "). Export the solution again.");
            }

            if (entries.Count > limits.MaxEntries)
            {
                throw new PackageLimitException(string.Empty, description + " has " + entries.Count.ToString("N0", CultureInfo.InvariantCulture) + " entries, more than the " + limits.MaxEntries.ToString("N0", CultureInfo.InvariantCulture) + " a solution is read with.");
            }

            var seen = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
            long total = 0;
            foreach (var entry in entries)
            {
                var name = entry.FullName;
                files.RawEntryNames.Add(name);
                if (name.EndsWith('/') && entry.Length == 0)
                {
                    continue;
                }

                var problem = NameProblem(name) ?? (seen.Add(name.Replace('\\', '/')) ? null : "appears twice in the zip");
                if (problem != null)
                {
                    if (strict)
                    {
                        throw new SolutionFormatException(description, name, "the entry name " + problem + ", which a solution never has; refusing the package.");
                    }

                    continue;
                }

                files.Write(name.Replace('\\', '/'), Inflate(description, entry, limits, ref total));
            }
        }

        return files;
    }

    /// <summary>Why a zip entry name is unsafe to use as a path, or null.</summary>
    public static string? NameProblem(string name)
    {
        var normalised = name.Replace('\\', '/');
        if (normalised.StartsWith('/') || (normalised.Length > 1 && normalised[1] == ':'))
        {
            return "is absolute";
        }

        return normalised.Split('/').Contains("..") ? "climbs out of the package with '..'" : null;
    }

    private static byte[] Inflate(string description, ZipArchiveEntry entry, PackageLimits limits, ref long total)
    {
        try
        {
            using var stream = entry.Open();
            using var copy = new MemoryStream();
            var buffer = new byte[81920];
            int read;
            while ((read = stream.Read(buffer, 0, buffer.Length)) > 0)
            {
                copy.Write(buffer, 0, read);
                total += read;
                if (copy.Length > limits.MaxEntryBytes)
                {
                    throw new PackageLimitException(entry.FullName, entry.FullName + " inflates past " + Mib(limits.MaxEntryBytes) + ", the most one file of a solution is read with.");
                }

                if (total > limits.MaxTotalBytes)
                {
                    throw new PackageLimitException(entry.FullName, description + " inflates past " + Mib(limits.MaxTotalBytes) + " in all (reached in " + entry.FullName + ").");
                }

                if (copy.Length > RatioCheckAfter && copy.Length > (long)limits.MaxCompressionRatio * Math.Max(1, entry.CompressedLength))
                {
                    throw new PackageLimitException(entry.FullName, entry.FullName + " inflates more than " + limits.MaxCompressionRatio.ToString(CultureInfo.InvariantCulture) + " times its compressed size, as a zip bomb does.");
                }
            }

            return copy.ToArray();
        }
        catch (InvalidDataException ex)
        {
            throw new SolutionFormatException(description, entry.FullName, "the entry is damaged and cannot be inflated (" + ex.Message.TrimEnd('.') + "). Export the solution again.");
        }
    }

    private static string Mib(long bytes) => (bytes / (1024 * 1024)).ToString("N0", CultureInfo.InvariantCulture) + " MiB";
}
