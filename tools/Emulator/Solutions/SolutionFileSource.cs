using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Xml;
using System.Xml.Linq;

namespace CrmAccountability.Emulator.Solutions;

/// <summary>
/// The files of a package in packed form, whether zipped, in a folder, or in memory; paths use '/' and no leading
/// slash. SolutionPackager's unpacked layout is merged into packed form first (<see cref="UnpackedLayout"/>), so
/// there is one reading of each layout.
/// </summary>
internal abstract class SolutionFileSource : IDisposable
{
    public abstract string Description { get; }

    public abstract IReadOnlyList<string> Paths { get; }

    public abstract byte[] ReadBytes(string path);

    /// <summary>Case-insensitive lookup: SolutionPackager writes "Other/Solution.xml", exports write "solution.xml".</summary>
    public string? Find(string path)
    {
        var normalised = path.TrimStart('/').Replace('\\', '/');
        return Paths.FirstOrDefault(p => string.Equals(p, normalised, StringComparison.OrdinalIgnoreCase));
    }

    public XDocument ReadXml(string path)
    {
        var actual = Find(path) ?? throw new SolutionFormatException(Description, path, "the file is missing");
        try
        {
            return SafeXml.Load(ReadBytes(actual));
        }
        catch (XmlException ex)
        {
            throw new SolutionFormatException(Description, actual, "it is not well-formed XML: " + ex.Message);
        }
    }

    public IEnumerable<string> Under(string folder, string suffix)
        => Paths.Where(p => p.StartsWith(folder.TrimEnd('/') + "/", StringComparison.OrdinalIgnoreCase) && p.EndsWith(suffix, StringComparison.OrdinalIgnoreCase)).Order(StringComparer.Ordinal);

    public abstract void Dispose();

    public static SolutionFileSource Open(string path)
    {
        if (Directory.Exists(path))
        {
            return File.Exists(Path.Combine(path, "Other", "Solution.xml"))
                ? new MemorySource(UnpackedLayout.Merge(path, managed: false))
                : new FolderSource(path);
        }

        if (File.Exists(path))
        {
            // Zips are read whole, under the package limits, refusing unsafe or repeated entry names.
            return new MemorySource(SafeZip.Read(path, PackageLimits.Default, strict: true));
        }

        throw new FileNotFoundException("No solution zip or unpacked solution folder at " + path, path);
    }

    public static SolutionFileSource FromFiles(PackageFiles files) => new MemorySource(files);

    private sealed class MemorySource : SolutionFileSource
    {
        private readonly PackageFiles _files;

        public MemorySource(PackageFiles files)
        {
            _files = files;
            Paths = [.. files.Paths];
        }

        public override string Description => _files.Description;

        public override IReadOnlyList<string> Paths { get; }

        public override byte[] ReadBytes(string path) => _files.Read(path);

        public override void Dispose()
        {
        }
    }

    private sealed class FolderSource : SolutionFileSource
    {
        private readonly string _root;

        public FolderSource(string root)
        {
            _root = Path.GetFullPath(root);
            Description = root;
            Paths = Directory.GetFiles(_root, "*", SearchOption.AllDirectories)
                .Select(f => Path.GetRelativePath(_root, f).Replace('\\', '/'))
                .ToList();
        }

        public override string Description { get; }

        public override IReadOnlyList<string> Paths { get; }

        public override byte[] ReadBytes(string path) => File.ReadAllBytes(Path.Combine(_root, path));

        public override void Dispose()
        {
        }
    }
}

/// <summary>A package that cannot be read, naming the file and what is wrong with it.</summary>
public sealed class SolutionFormatException : Exception
{
    public SolutionFormatException(string package, string file, string problem)
        : base(package + (file.Length == 0 ? string.Empty : ": " + file) + ": " + problem)
    {
        Package = package;
        File = file;
        Problem = problem;
    }

    public SolutionFormatException()
    {
        Package = string.Empty;
        File = string.Empty;
        Problem = string.Empty;
    }

    public SolutionFormatException(string message)
        : base(message)
    {
        Package = string.Empty;
        File = string.Empty;
        Problem = message;
    }

    public SolutionFormatException(string package, string file, string problem, Exception innerException)
        : base(package + (file.Length == 0 ? string.Empty : ": " + file) + ": " + problem, innerException)
    {
        Package = package;
        File = file;
        Problem = problem;
    }

    public SolutionFormatException(string message, Exception innerException)
        : base(message, innerException)
    {
        Package = string.Empty;
        File = string.Empty;
        Problem = message;
    }

    public string Package { get; }

    public string File { get; }

    /// <summary>What is wrong, without the package and file names (for reports that show those separately).</summary>
    public string Problem { get; }
}
