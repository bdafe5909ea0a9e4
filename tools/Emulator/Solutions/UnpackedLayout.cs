using System;
using System.Collections.Generic;
using System.Linq;
using System.Xml.Linq;
using CrmAccountability.Emulator.Solutions.Layout;

namespace CrmAccountability.Emulator.Solutions;

/// <summary>
/// SolutionPackager's unpacked layout merged into the packed form (solution-format.md §2.2): each component kind's
/// files go back into customizations.xml (<see cref="SolutionLayout"/>), payloads move to the paths their data files
/// name, and every other file is either one customizations.xml points at or a record folder, copied as it is. A file
/// that is none of these is listed in <see cref="PackageFiles.Unplaced"/>, so that packing can refuse instead of
/// dropping it. Build outputs (plug-in DLLs, PCF bundles) are the packer's to add.
/// </summary>
public static class UnpackedLayout
{
    /// <summary>The order of customizations.xml's children (the XSD sequence, with the newer elements where exports put them).</summary>
    public static readonly string[] TopLevelOrder =
    [
        "Entities", "Roles", "Workflows", "FieldSecurityProfiles", "Templates", "RibbonDiffXml", "IsvConfig", "RelationshipRoles",
        "ConnectionRoles", "SiteMap", "EntityMaps", "EntityRelationships", "OrganizationSettings", "optionsets", "Reports", "RoutingRules",
        "ChannelPropertyGroups", "ConvertRules", "MobileOfflineProfiles", "Slas", "ChannelAccessProfiles", "ChannelAccessProfileRules",
        "Dashboards", "InteractionCentricDashboards", "Dialogs", "WebResources", "CustomControls", "SolutionPluginAssemblies",
        "SdkMessageProcessingSteps", "ServiceEndpoints", "AppModuleSiteMaps", "AppModules", "EntityDataProviders", "EntityDataSources",
        "CanvasApps", "connectionreferences", "Languages", "GlobalSearchConfigurations", "StoredProcedures",
    ];

    /// <summary>Reads the folder (under the default package limits) and merges it.</summary>
    public static PackageFiles Merge(string source, bool managed) => Merge(UnpackedFolder.Read(source, PackageLimits.Default), managed);

    public static PackageFiles Merge(UnpackedFolder source, bool managed)
    {
        var limits = PackageLimits.Default;
        source.ForgetUse();
        var files = new PackageFiles(source.Description);
        var solution = source.TakeXml(Required(source, "Other/Solution.xml"), managed, limits);
        var manifest = solution.Element("SolutionManifest") ?? throw new SolutionFormatException(source.Description, "Other/Solution.xml", "it has no <SolutionManifest>");
        manifest.SetElementValue("Managed", managed ? "1" : "0");

        var customizations = source.TakeXml(Required(source, "Other/Customizations.xml"), managed, limits);
        var context = new PackContext(source, customizations, files, managed, limits);
        foreach (var layout in SolutionLayout.Components)
        {
            layout.Pack(context);
        }

        files.WriteXml("solution.xml", new XDocument(solution));
        files.WriteXml("customizations.xml", new XDocument(customizations));
        CopyTheRest(source, customizations, files, managed);
        return files;
    }

    /// <summary>
    /// Files no component kind used: copied when customizations.xml points at them, when they sit in a record folder or in
    /// a PCF control's folder; a canvas app's unpacked sources are noted (its .msapp is what Dataverse imports); anything
    /// else is unplaced.
    /// </summary>
    private static void CopyTheRest(UnpackedFolder source, XElement customizations, PackageFiles files, bool managed)
    {
        var referenced = SolutionLayout.ReferencedPaths(customizations);
        var controlFolders = customizations.Element("CustomControls")?.Elements("CustomControl")
            .Select(c => c.Element("FileName")?.Value.Trim().TrimStart('/') ?? string.Empty)
            .Where(f => f.Contains('/', StringComparison.Ordinal))
            .Select(f => f[..(f.LastIndexOf('/') + 1)])
            .ToList() ?? [];
        var canvasApps = customizations.Element("CanvasApps")?.Elements("CanvasApp").Select(c => c.Element("Name")?.Value.Trim()).Where(n => !string.IsNullOrEmpty(n)).ToHashSet(StringComparer.OrdinalIgnoreCase) ?? [];
        var canvasSources = new SortedDictionary<string, int>(StringComparer.Ordinal);
        foreach (var path in source.Unused.Where(p => !source.IsTwin(p)))
        {
            if (referenced.Contains(path) || SolutionLayout.IsRecordFolder(path) || controlFolders.Any(f => path.StartsWith(f, StringComparison.Ordinal)))
            {
                files.Write(path, source.Take(path, managed));
            }
            else if (CanvasSourceOf(path) is { } app && canvasApps.Contains(app))
            {
                source.MarkUsed(path);
                canvasSources[app] = canvasSources.GetValueOrDefault(app) + 1;
            }
            else
            {
                files.Unplaced.Add(path);
            }
        }

        foreach (var (app, count) in canvasSources)
        {
            files.Notes.Add("CanvasApps/src/" + app + "/ (" + count + " files) is the canvas app's unpacked source; its .msapp is packed instead, as pac solution pack does without --processCanvasApps. Rebuild the .msapp with pac canvas pack if the source changed.");
        }
    }

    private static string? CanvasSourceOf(string path)
    {
        const string Prefix = "CanvasApps/src/";
        if (!path.StartsWith(Prefix, StringComparison.OrdinalIgnoreCase))
        {
            return null;
        }

        var rest = path[Prefix.Length..];
        var slash = rest.IndexOf('/', StringComparison.Ordinal);
        return slash > 0 ? rest[..slash] : null;
    }

    private static string Required(UnpackedFolder source, string path)
        => source.Paths.FirstOrDefault(p => string.Equals(p, path, StringComparison.OrdinalIgnoreCase))
            ?? throw new SolutionFormatException(source.Description, path, "the file is missing");

    /// <summary>The top-level element of customizations.xml named <paramref name="name"/>, inserted in schema order if absent.</summary>
    public static XElement Container(XElement customizations, string name)
    {
        var element = customizations.Element(name);
        if (element == null)
        {
            element = new XElement(name);
            var index = Array.IndexOf(TopLevelOrder, name);
            var after = customizations.Elements().LastOrDefault(e => Array.IndexOf(TopLevelOrder, e.Name.LocalName) is var i && i >= 0 && i < index);
            if (after != null)
            {
                after.AddAfterSelf(element);
            }
            else
            {
                customizations.AddFirst(element);
            }
        }

        return element;
    }
}
