using System;
using System.IO;
using System.Linq;
using System.Text.RegularExpressions;
using System.Xml;
using System.Xml.Linq;
using CrmAccountability.Emulator.Solutions;
using CrmAccountability.Emulator.Solutions.Layout;

namespace CrmAccountability.Cli.Checking;

/// <summary>The zip container and the two manifests (solution-format.md §8 "Zip / container", "solution.xml").</summary>
internal static partial class ContainerRules
{
    public static void Check(CheckContext c)
    {
        RootFiles(c);
        ZipEntries(c);
        WellFormedXml(c);
        FileNamesResolve(c);
        ContentTypes(c);
        SolutionManifest(c);
        TopLevelOrder(c);
    }

    /// <summary>CRA001: Dataverse rejects a zip without the three root files (0x80048060).</summary>
    private static void RootFiles(CheckContext c)
    {
        var required = c.IsZip ? new[] { "solution.xml", "customizations.xml", "[Content_Types].xml" } : new[] { "solution.xml", "customizations.xml" };
        foreach (var file in required.Where(f => !c.Files.Contains(f)))
        {
            c.Error("CRA001", file, string.Empty, "The package has no " + file + " at its root (import fails with 0x80048060).", "Pack with crmacc pack, which writes solution.xml, customizations.xml and [Content_Types].xml at the root in lower case.");
        }
    }

    /// <summary>CRA002: forward slashes, no directory entries, no absolute or parent paths, no name twice.</summary>
    private static void ZipEntries(CheckContext c)
    {
        foreach (var repeated in c.Files.RawEntryNames.GroupBy(n => n.Replace('\\', '/'), StringComparer.OrdinalIgnoreCase).Where(g => g.Count() > 1))
        {
            c.Error("CRA002", repeated.Key, string.Empty, "The zip holds " + repeated.Count() + " entries named '" + repeated.Key + "' (ignoring case); which one an importer reads is undefined, and only the first was checked.", "Pack again so each file appears once.");
        }

        foreach (var name in c.Files.RawEntryNames)
        {
            if (name.Contains('\\', StringComparison.Ordinal) || name.EndsWith('/') || name.StartsWith('/') || name.Split('/', '\\').Contains(".."))
            {
                c.Error("CRA002", name, string.Empty, "The zip entry name is a directory entry, uses '\\', or is absolute or climbs out with '..'.", "Write entries with '/' separators, relative paths and no directory entries (ZipArchive does this; some Compress-Archive versions do not).");
            }
        }
    }

    /// <summary>CRA003: every XML file parses.</summary>
    private static void WellFormedXml(CheckContext c)
    {
        foreach (var path in c.Files.Paths.Where(p => p.EndsWith(".xml", StringComparison.OrdinalIgnoreCase)))
        {
            try
            {
                c.Files.Xml(path);
            }
            catch (XmlException ex)
            {
                c.Error("CRA003", path, string.Empty, "The file is not well-formed XML: " + ex.Message, "Correct the XML at line " + ex.LineNumber + ".");
            }
        }
    }

    /// <summary>
    /// CRA004: every payload reference (FileName, XamlFileName, JsonFileName, FormulaDefinitionFileName, a canvas app's
    /// DocumentUri, BackgroundImageUri and AdditionalUri) names a file of the package; and in a folder, every file
    /// belongs to a component (packing refuses to drop one).
    /// </summary>
    private static void FileNamesResolve(CheckContext c)
    {
        if (c.Customizations?.Root is not { } root)
        {
            return;
        }

        foreach (var reference in root.Descendants().Where(e => SolutionLayout.PayloadElements.Contains(e.Name.LocalName) && !e.HasElements && e.Value.Trim().Length > 0))
        {
            var path = reference.Value.Trim();
            var awaitingBuild = c.Files.Missing.Any(m => m.StartsWith(path.TrimStart('/'), StringComparison.Ordinal));
            if (!c.Files.Contains(path) && !awaitingBuild)
            {
                var owner = reference.Name.LocalName == "AdditionalUri" ? reference.Parent?.Parent : reference.Parent;
                var component = owner?.Element("Name")?.Value ?? (string?)owner?.Attribute("FullName") ?? (string?)owner?.Attribute("Name") ?? owner?.Name.LocalName ?? string.Empty;
                c.Error("CRA004", "customizations.xml", component, "<" + reference.Name.LocalName + "> points at " + path + ", which is not in the package.", "Add the file at that path (build the plug-in or control first), or correct the path.");
            }
        }

        foreach (var missing in c.Files.Missing)
        {
            c.Warn("CRA004", missing, string.Empty, "The source expects a built file that is not there yet.", "Build it; crmacc pack builds the plug-in and controls first.");
        }

        foreach (var unplaced in c.Files.Unplaced)
        {
            c.Error("CRA004", unplaced, string.Empty, "No component accounts for this file, so packing would leave it out (pack refuses instead).", "Move it where the unpacked layout puts its kind of component, reference it from customizations, or delete it.");
        }
    }

    /// <summary>CRA005: a Default per extension and an Override per extension-less part.</summary>
    private static void ContentTypes(CheckContext c)
    {
        if (!c.IsZip || c.TryXml("[Content_Types].xml")?.Root is not { } types)
        {
            return;
        }

        var defaults = types.Elements().Where(e => e.Name.LocalName == "Default").Select(e => ((string?)e.Attribute("Extension") ?? string.Empty).ToLowerInvariant()).ToHashSet();
        var overrides = types.Elements().Where(e => e.Name.LocalName == "Override").Select(e => (string?)e.Attribute("PartName") ?? string.Empty).ToHashSet(StringComparer.OrdinalIgnoreCase);
        foreach (var path in c.Files.Paths.Where(p => p != "[Content_Types].xml"))
        {
            var extension = Path.GetExtension(path).TrimStart('.').ToLowerInvariant();
            if (extension.Length > 0 ? !defaults.Contains(extension) : !overrides.Contains("/" + path))
            {
                c.Error("CRA005", "[Content_Types].xml", path, "No content type covers " + path + ".", extension.Length > 0 ? "Add <Default Extension=\"" + extension + "\" ContentType=\"application/octet-stream\" />." : "Add <Override PartName=\"/" + path + "\" ContentType=\"application/octet-stream\" />.");
            }
        }
    }

    /// <summary>CRA006: Managed, Version, unique name, publisher prefix and option value prefix.</summary>
    private static void SolutionManifest(CheckContext c)
    {
        if (c.Manifest is not { } manifest)
        {
            c.Error("CRA006", "solution.xml", string.Empty, "solution.xml has no <SolutionManifest>.", "Start from Other/Solution.xml of a real export.");
            return;
        }

        var managed = manifest.Element("Managed")?.Value.Trim();
        if (managed is not ("0" or "1" or "2") || (c.IsZip && managed == "2"))
        {
            c.Error("CRA006", "solution.xml", "Managed", "<Managed> is '" + managed + "'; a packed solution is 0 (unmanaged) or 1 (managed).", "Pack with crmacc pack, which writes 0 and 1 into the two zips.");
        }

        var version = manifest.Element("Version")?.Value.Trim() ?? string.Empty;
        if (!VersionPattern().IsMatch(version))
        {
            c.Error("CRA006", "solution.xml", "Version", "<Version> '" + version + "' is not 2 to 4 numbers separated by dots.", "Use a version such as 1.0.0.0.");
        }

        var unique = manifest.Element("UniqueName")?.Value.Trim() ?? string.Empty;
        if (!UniqueNamePattern().IsMatch(unique))
        {
            c.Error("CRA006", "solution.xml", "UniqueName", "<UniqueName> '" + unique + "' may only hold letters, digits and underscores and must start with a letter.", "Rename the solution.");
        }

        // Dataverse: 2 to 8 letters or digits, starting with a letter, and never "mscrm" (reserved for Microsoft).
        if (!PrefixPattern().IsMatch(c.Prefix) || c.Prefix.StartsWith("mscrm", StringComparison.OrdinalIgnoreCase))
        {
            c.Error("CRA006", "solution.xml", "CustomizationPrefix", "The publisher prefix '" + c.Prefix + "' must be 2 to 8 letters or digits, start with a letter and not start with 'mscrm'.", "Use the prefix of the publisher the components were made with, such as 'cra'.");
        }

        var optionPrefix = manifest.Element("Publisher")?.Element("CustomizationOptionValuePrefix")?.Value.Trim();
        if (!int.TryParse(optionPrefix, out var value) || value is < 10000 or > 99999)
        {
            c.Error("CRA006", "solution.xml", "CustomizationOptionValuePrefix", "The option value prefix '" + optionPrefix + "' must be a number from 10000 to 99999.", "Use the prefix the publisher was created with (this project: 47210).");
        }
    }

    /// <summary>CRA009: customizations.xml children in the schema's order (ImportExportXml is an xs:sequence).</summary>
    private static void TopLevelOrder(CheckContext c)
    {
        if (c.Customizations?.Root is not { } root)
        {
            return;
        }

        var previous = -1;
        foreach (var child in root.Elements())
        {
            var index = Array.IndexOf(UnpackedLayout.TopLevelOrder, child.Name.LocalName);
            if (index < 0)
            {
                continue;
            }

            if (index < previous)
            {
                c.Error("CRA009", "customizations.xml", child.Name.LocalName, "<" + child.Name.LocalName + "> comes after an element the schema puts later.", "Order the top-level elements as the ImportExportXml schema does: " + string.Join(", ", UnpackedLayout.TopLevelOrder.Take(12)) + ", ….");
            }

            previous = Math.Max(previous, index);
        }
    }

    [GeneratedRegex(@"^\d+(\.\d+){1,3}$")]
    private static partial Regex VersionPattern();

    [GeneratedRegex(@"^[A-Za-z][A-Za-z0-9_]*$")]
    private static partial Regex UniqueNamePattern();

    [GeneratedRegex(@"^[A-Za-z][A-Za-z0-9]{1,7}$")]
    private static partial Regex PrefixPattern();
}
