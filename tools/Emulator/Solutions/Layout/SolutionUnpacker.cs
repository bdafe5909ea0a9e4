using System;
using System.Collections.Generic;
using System.Linq;
using System.Xml.Linq;

namespace CrmAccountability.Emulator.Solutions.Layout;

/// <summary>
/// A packed solution into SolutionPackager's unpacked layout: Other/Solution.xml, Other/Customizations.xml holding
/// what has no files of its own, and one file (or folder) per component (<see cref="SolutionLayout"/>). Every result is
/// packed again and compared with the original before it is returned: an unpack that would lose anything is refused.
/// </summary>
public static class SolutionUnpacker
{
    private static readonly HashSet<string> RootFiles = new(StringComparer.Ordinal) { "solution.xml", "customizations.xml", "[Content_Types].xml" };

    /// <summary>One zip, managed or unmanaged; Other/Solution.xml keeps its &lt;Managed&gt; value, so packing the folder builds the same kind.</summary>
    public static UnpackedFolder Unpack(PackageFiles packed)
    {
        var folder = Split(packed);
        var managed = ManagedFlag(packed) == "1";
        Verify(packed, folder, managed);
        return folder;
    }

    /// <summary>
    /// An unmanaged zip and the managed zip of the same solution version into one folder (SolutionPackager's
    /// <c>/packagetype:Both</c>): &lt;Managed&gt; becomes 2 and a component file that differs in the managed zip gets a
    /// <c>_managed</c> twin beside it.
    /// </summary>
    public static UnpackedFolder UnpackBoth(PackageFiles unmanaged, PackageFiles managed)
    {
        if (ManagedFlag(unmanaged) != "0" || ManagedFlag(managed) != "1")
        {
            throw new SolutionFormatException(unmanaged.Description, "solution.xml", "unpacking both needs the unmanaged zip (<Managed>0</Managed>) and the managed zip (<Managed>1</Managed>) of one solution");
        }

        var plain = Split(unmanaged);
        var twins = Split(managed);
        var onlyOne = plain.Paths.Except(twins.Paths).Concat(twins.Paths.Except(plain.Paths)).Order(StringComparer.Ordinal).ToList();
        if (onlyOne.Count > 0)
        {
            throw new SolutionFormatException(managed.Description, onlyOne[0], "the two zips do not hold the same components (" + onlyOne.Count + " files are in only one, first " + onlyOne[0] + "); export both from the same solution version");
        }

        var both = new UnpackedFolder(unmanaged.Description);
        foreach (var path in plain.Paths)
        {
            var content = plain.Read(path);
            var managedContent = twins.Read(path);
            if (path == "Other/Solution.xml")
            {
                both.Add(path, SolutionXmlForBoth(content, managedContent, managed.Description));
                continue;
            }

            both.Add(path, content);
            if (!content.AsSpan().SequenceEqual(managedContent))
            {
                if (!path.EndsWith(".xml", StringComparison.OrdinalIgnoreCase) || !both.TryAdd(UnpackedFolder.Twin(path), managedContent))
                {
                    throw new SolutionFormatException(managed.Description, path, "it differs between the two zips, and only component XML files can have a managed variant in the unpacked layout");
                }
            }
        }

        Verify(unmanaged, both, managed: false);
        Verify(managed, both, managed: true);
        return both;
    }

    private static UnpackedFolder Split(PackageFiles packed)
    {
        var solution = Root(packed, "solution.xml");
        var customizations = Root(packed, "customizations.xml");
        var output = new UnpackedFolder(packed.Description);
        var context = new UnpackContext(packed, customizations, output);
        foreach (var layout in SolutionLayout.Components)
        {
            layout.Unpack(context);
        }

        output.Add("Other/Solution.xml", UnpackedFolder.Serialise(solution));
        output.Add("Other/Customizations.xml", UnpackedFolder.Serialise(customizations));
        foreach (var path in packed.Paths.Where(p => !RootFiles.Contains(p) && !context.Moved.Contains(p)))
        {
            if (!output.TryAdd(path, packed.Read(path)))
            {
                throw new SolutionFormatException(packed.Description, path, "the zip holds a file where the unpacked layout puts a component's file, so one of them would be lost");
            }
        }

        return output;
    }

    /// <summary>Packs the folder again and compares it with the original: nothing an importer reads may change.</summary>
    private static void Verify(PackageFiles original, UnpackedFolder folder, bool managed)
    {
        var repacked = UnpackedLayout.Merge(folder, managed);
        var problems = PackageEquivalence.Differences(original, repacked).Concat(repacked.Unplaced.Select(p => p + ": would not be packed again")).ToList();
        if (problems.Count > 0)
        {
            throw new SolutionFormatException(original.Description, string.Empty, "unpacking would not give the package back (" + string.Join("; ", problems.Take(5)) + (problems.Count > 5 ? "; …" : string.Empty) + "), so nothing was written");
        }
    }

    private static byte[] SolutionXmlForBoth(byte[] unmanaged, byte[] managed, string description)
    {
        var plain = SafeXml.Load(unmanaged).Root!;
        var other = SafeXml.Load(managed).Root!;
        plain.Element("SolutionManifest")!.SetElementValue("Managed", "2");
        other.Element("SolutionManifest")!.SetElementValue("Managed", "2");
        if (PackageEquivalence.Canonical(plain) != PackageEquivalence.Canonical(other))
        {
            throw new SolutionFormatException(description, "solution.xml", "the two manifests differ in more than <Managed> (version, publisher or root components); export both from the same solution version");
        }

        return UnpackedFolder.Serialise(plain);
    }

    private static XElement Root(PackageFiles packed, string path)
    {
        if (!packed.Contains(path))
        {
            throw new SolutionFormatException(packed.Description, path, "the file is missing");
        }

        try
        {
            return UnpackedFolder.WithoutLayoutWhitespace(SafeXml.Load(packed.Read(path), packed.Limits).Root ?? throw new SolutionFormatException(packed.Description, path, "it has no root element"));
        }
        catch (System.Xml.XmlException ex)
        {
            throw new SolutionFormatException(packed.Description, path, "it is not well-formed XML: " + ex.Message);
        }
    }

    private static string? ManagedFlag(PackageFiles packed) => Root(packed, "solution.xml").Element("SolutionManifest")?.Element("Managed")?.Value.Trim();
}
