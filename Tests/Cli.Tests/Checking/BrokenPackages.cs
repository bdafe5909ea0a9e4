using System;
using System.IO;
using System.IO.Compression;
using System.Linq;
using CrmAccountability.Cli.Checking;
using CrmAccountability.TestSupport;
using Xunit;

namespace CrmAccountability.Cli.Tests.Checking;

/// <summary>Packages to check, made by editing a copy of our solution source or of a zip.</summary>
internal static class BrokenPackages
{
    public static string[] Errors(string path) => SolutionChecker.Check(path).Where(f => f.Severity == Severity.Error).Select(f => f.Rule).Distinct().Order().ToArray();

    /// <summary>A copy of the solution source with one file edited.</summary>
    public static string Source(string relativePath, Func<string, string> edit)
    {
        var copy = Packages.CopySource();
        var file = Path.Combine(copy, relativePath);
        var before = File.ReadAllText(file);
        var after = edit(before);
        Assert.NotEqual(before, after);
        File.WriteAllText(file, after);
        return copy;
    }

    public static string SourceFile(string folder, string pattern, string contains)
        => Directory.GetFiles(Path.Combine(Packages.Source, folder), pattern, SearchOption.AllDirectories).Select(f => Path.GetRelativePath(Packages.Source, f)).Single(f => File.ReadAllText(Path.Combine(Packages.Source, f)).Contains(contains, StringComparison.Ordinal));

    /// <summary>A copy of a zip with its entries rewritten by <paramref name="edit"/> (name, content) → (name, content) or null to drop.</summary>
    public static string Zip(string zip, Func<string, string, (string Name, string Content)?> edit, params (string Name, string Content)[] extra)
    {
        var copy = Path.Combine(TempFolder.ForProcess("zip-"), Path.GetFileName(zip));
        using (var source = ZipFile.OpenRead(zip))
        using (var target = ZipFile.Open(copy, ZipArchiveMode.Create))
        {
            foreach (var entry in source.Entries)
            {
                using var reader = new StreamReader(entry.Open());
                var content = entry.FullName.EndsWith(".dll", StringComparison.Ordinal) ? null : reader.ReadToEnd();
                if (content == null)
                {
                    var binary = target.CreateEntry(entry.FullName);
                    using var output = binary.Open();
                    entry.Open().CopyTo(output);
                    continue;
                }

                if (edit(entry.FullName, content) is { } changed)
                {
                    using var writer = new StreamWriter(target.CreateEntry(changed.Name).Open());
                    writer.Write(changed.Content);
                }
            }

            foreach (var (name, content) in extra)
            {
                using var writer = new StreamWriter(target.CreateEntry(name).Open());
                writer.Write(content);
            }
        }

        return copy;
    }

    public static string OurZip() => Packages.Packed.Managed;

    public static string RemoveElement(string text, string start, string end)
    {
        var from = text.IndexOf(start, StringComparison.Ordinal);
        Assert.True(from >= 0, start + " not found");
        var to = text.IndexOf(end, from, StringComparison.Ordinal) + end.Length;
        return text[..from] + text[to..];
    }

    public static string ReplaceFirst(string text, string what, string with)
    {
        var at = text.IndexOf(what, StringComparison.Ordinal);
        Assert.True(at >= 0, what + " not found");
        return text[..at] + with + text[(at + what.Length)..];
    }
}
