using System;
using System.Collections.Generic;
using System.IO;
using System.IO.Compression;
using System.Linq;
using System.Xml.Linq;
using CrmAccountability.Cli.Checking;
using CrmAccountability.Emulator.Solutions;
using CrmAccountability.TestSupport;
using CsCheck;
using Xunit;

namespace CrmAccountability.Cli.Tests.Hostile;

/// <summary>
/// Generated damage to real packages — truncation, flipped bytes, removed or repeated entries, renamed or removed XML
/// elements — never makes the checker or the package reader throw anything but their documented refusal: the checker
/// names the damage in its findings (its CRA000 safety net for a rule that threw never fires), the reader throws a <see cref="SolutionFormatException"/> or <see cref="PackageLimitException"/>.
/// </summary>
public sealed class MutatedPackageTests
{
    private static readonly Gen<Mutation> Mutations = Gen.OneOf(
        Gen.Double[0, 1].Select(at => (Mutation)new Truncate(at)),
        Gen.Select(Gen.Double[0, 1], Gen.Int[1, 16], (at, count) => (Mutation)new FlipBytes(at, count)),
        Gen.Int[0, 1000].Select(entry => (Mutation)new RemoveEntry(entry)),
        Gen.Int[0, 1000].Select(entry => (Mutation)new RepeatEntry(entry)),
        Gen.Select(Gen.Bool, Gen.Int[0, 100_000], (manifest, element) => (Mutation)new RenameElement(manifest, element)),
        Gen.Select(Gen.Bool, Gen.Int[0, 100_000], (manifest, element) => (Mutation)new RemoveElement(manifest, element)));

    [Fact]
    public void Our_own_package_damaged_at_random_never_crashes_the_checker_or_the_reader()
        => Mutate(File.ReadAllBytes(Packages.Packed.Managed), iterations: 150);

    [FixtureFact]
    public void Real_packages_damaged_at_random_never_crash_the_checker_or_the_reader()
    {
        foreach (var package in Directory.GetFiles(Fixtures.Folder!, "*.zip").Order(StringComparer.Ordinal))
        {
            Mutate(File.ReadAllBytes(package), iterations: 25);
        }
    }

    private static void Mutate(byte[] original, int iterations)
    {
        using var folder = TempFolder.Create("mutated-");
        var entries = Entries(original);
        var attempt = 0;
        Mutations.Sample(mutation =>
        {
            // CsCheck samples on several threads: each case gets its own file.
            var path = folder.File("mutated-" + System.Threading.Interlocked.Increment(ref attempt) + ".zip");
            File.WriteAllBytes(path, mutation.Apply(original, entries));
            var findings = SolutionChecker.Check(path);

            // CRA000 is the checker's safety net: a rule that threw. Every damage must be named by a rule instead.
            Assert.True(!findings.Any(f => f.Rule == "CRA000"), mutation + ": " + string.Join(" | ", findings.Where(f => f.Rule == "CRA000").Select(f => f.Problem)));
            try
            {
                SolutionReader.Read(path);
            }
            catch (SolutionFormatException)
            {
            }
            catch (PackageLimitException)
            {
            }
            finally
            {
                File.Delete(path);
            }
        }, iter: iterations, seed: "0N0XIzNsQ0O2");
    }

    private static List<(string Name, byte[] Bytes)> Entries(byte[] zip)
    {
        using var archive = new ZipArchive(new MemoryStream(zip), ZipArchiveMode.Read);
        return archive.Entries.Select(e =>
        {
            using var stream = e.Open();
            using var copy = new MemoryStream();
            stream.CopyTo(copy);
            return (e.FullName, copy.ToArray());
        }).ToList();
    }

    private static byte[] Zip(IEnumerable<(string Name, byte[] Bytes)> entries)
    {
        using var memory = new MemoryStream();
        using (var archive = new ZipArchive(memory, ZipArchiveMode.Create, leaveOpen: true))
        {
            foreach (var (name, bytes) in entries)
            {
                using var stream = archive.CreateEntry(name, CompressionLevel.Fastest).Open();
                stream.Write(bytes);
            }
        }

        return memory.ToArray();
    }

    private abstract record Mutation
    {
        public abstract byte[] Apply(byte[] zip, List<(string Name, byte[] Bytes)> entries);
    }

    private sealed record Truncate(double At) : Mutation
    {
        public override byte[] Apply(byte[] zip, List<(string Name, byte[] Bytes)> entries) => zip[..(int)(zip.Length * At)];
    }

    private sealed record FlipBytes(double At, int Count) : Mutation
    {
        public override byte[] Apply(byte[] zip, List<(string Name, byte[] Bytes)> entries)
        {
            var copy = (byte[])zip.Clone();
            var start = (int)((copy.Length - 1) * At);
            for (var i = 0; i < Count && start + (i * 97) < copy.Length; i++)
            {
                copy[start + (i * 97)] ^= 0xA5;
            }

            return copy;
        }
    }

    private sealed record RemoveEntry(int Entry) : Mutation
    {
        public override byte[] Apply(byte[] zip, List<(string Name, byte[] Bytes)> entries)
            => Zip(entries.Where((_, i) => i != Entry % entries.Count));
    }

    private sealed record RepeatEntry(int Entry) : Mutation
    {
        public override byte[] Apply(byte[] zip, List<(string Name, byte[] Bytes)> entries)
        {
            var repeated = entries[Entry % entries.Count];
            return Zip([.. entries, (repeated.Name.ToUpperInvariant(), repeated.Bytes)]);
        }
    }

    private sealed record RenameElement(bool Manifest, int Element) : Mutation
    {
        public override byte[] Apply(byte[] zip, List<(string Name, byte[] Bytes)> entries)
            => EditXml(entries, Manifest, Element, element => element.Name = "renamed" + element.Name.LocalName);
    }

    private sealed record RemoveElement(bool Manifest, int Element) : Mutation
    {
        public override byte[] Apply(byte[] zip, List<(string Name, byte[] Bytes)> entries)
            => EditXml(entries, Manifest, Element, element =>
            {
                if (element.Parent != null)
                {
                    element.Remove();
                }
            });
    }

    private static byte[] EditXml(List<(string Name, byte[] Bytes)> entries, bool manifest, int index, Action<XElement> edit)
    {
        var file = manifest ? "solution.xml" : "customizations.xml";
        var position = entries.FindIndex(e => string.Equals(e.Name, file, StringComparison.OrdinalIgnoreCase));
        if (position < 0)
        {
            return Zip(entries);
        }

        var document = XDocument.Load(new MemoryStream(entries[position].Bytes));
        var elements = document.Descendants().ToList();
        edit(elements[index % elements.Count]);
        var copy = entries.ToList();
        copy[position] = (entries[position].Name, PackageFiles.Serialise(document));
        return Zip(copy);
    }
}
