using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Xml.Linq;
using CrmAccountability.Emulator.Solutions;

namespace CrmAccountability.Cli.Packing;

/// <summary>Where built artefacts come from: the plug-in DLLs and the PCF controls' build output.</summary>
/// <param name="PluginDirectories">Folders holding built plug-in DLLs named by PluginAssembly FileName elements.</param>
/// <param name="ControlBuildDirectories">PCF build outputs (out/controls/&lt;Control&gt;).</param>
/// <param name="RegisteredAssemblies">Built plug-in DLLs whose [PluginStep] attributes become the package's assembly and steps.</param>
internal sealed record BuildOutputs(IReadOnlyList<string> PluginDirectories, IReadOnlyList<string> ControlBuildDirectories, IReadOnlyList<string>? RegisteredAssemblies = null)
{
    private const string BuildPlugins = " (build the plug-in assembly in Release, or run crmacc pack without --no-build)";

    public static BuildOutputs None { get; } = new([], []);

    /// <summary>The repository's own layout: Plugins/bin/Release/net462 and every Controls/*/out/controls/* (the PCF projects).</summary>
    public static BuildOutputs ForRepository(string repoRoot)
    {
        var controls = Directory.Exists(Path.Combine(repoRoot, "Controls"))
            ? Directory.GetDirectories(Path.Combine(repoRoot, "Controls"))
                .Select(d => Path.Combine(d, "out", "controls"))
                .Where(Directory.Exists)
                .SelectMany(Directory.GetDirectories)
                .Order(StringComparer.Ordinal)
                .ToList()
            : [];
        var plugins = Path.Combine(repoRoot, "Plugins", "bin", "Release", "net462");
        return new BuildOutputs([plugins], controls, [Path.Combine(plugins, "CrmAccountability.Plugins.dll")]);
    }

    /// <summary>
    /// Completes a merged source with what the build made: registrations from [PluginStep] attributes, plug-in DLLs
    /// and PCF bundles. What should exist but does not is listed in <see cref="PackageFiles.Missing"/>, never guessed.
    /// </summary>
    public void AddTo(PackageFiles files)
    {
        var solution = files.Xml("solution.xml");
        var customizations = files.Xml("customizations.xml");
        var manifest = solution.Root!.Element("SolutionManifest")!;
        foreach (var assembly in RegisteredAssemblies ?? [])
        {
            if (File.Exists(assembly))
            {
                PluginRegistrations.AddTo(files, customizations.Root!, manifest, File.ReadAllBytes(assembly));
            }
            else
            {
                files.Missing.Add("PluginAssemblies/" + Path.GetFileName(assembly) + BuildPlugins);
            }
        }

        files.WriteXml("solution.xml", solution);
        files.WriteXml("customizations.xml", customizations);
        AddPluginAssemblies(customizations.Root!, files);
        AddControls(customizations.Root!, files);
    }

    private void AddPluginAssemblies(XElement customizations, PackageFiles files)
    {
        foreach (var assembly in customizations.Element("SolutionPluginAssemblies")?.Elements("PluginAssembly") ?? [])
        {
            var fileName = assembly.Element("FileName")?.Value.Trim() ?? string.Empty;
            if (files.Contains(fileName))
            {
                continue;
            }

            var built = PluginDirectories.Select(d => Path.Combine(d, Path.GetFileName(fileName))).FirstOrDefault(File.Exists);
            if (built == null)
            {
                files.Missing.Add(fileName.TrimStart('/') + BuildPlugins);
                continue;
            }

            files.Write(fileName, File.ReadAllBytes(built));
        }
    }

    private void AddControls(XElement customizations, PackageFiles files)
    {
        foreach (var control in customizations.Element("CustomControls")?.Elements("CustomControl") ?? [])
        {
            var name = control.Element("Name")?.Value.Trim() ?? string.Empty;
            var fileName = control.Element("FileName")?.Value.Trim() ?? string.Empty;
            var folder = Path.GetDirectoryName(fileName.TrimStart('/'))!.Replace('\\', '/');
            if (files.Contains(fileName))
            {
                // The folder holds the control as built (pac unpack writes it so).
                continue;
            }

            var build = ControlBuildDirectories.FirstOrDefault(d => Matches(d, name));
            if (build == null)
            {
                files.Missing.Add(fileName.TrimStart('/') + " (build the PCF control: npm run build in its folder)");
                continue;
            }

            foreach (var file in Directory.GetFiles(build, "*", SearchOption.AllDirectories).Order(StringComparer.Ordinal))
            {
                files.Write(folder + "/" + Path.GetRelativePath(build, file).Replace('\\', '/'), File.ReadAllBytes(file));
            }
        }
    }

    /// <summary>A build folder matches "prefix_namespace.constructor" when its manifest has that namespace and constructor.</summary>
    private static bool Matches(string buildDirectory, string controlName)
    {
        var manifestPath = Path.Combine(buildDirectory, "ControlManifest.xml");
        if (!File.Exists(manifestPath))
        {
            return false;
        }

        var control = XDocument.Load(manifestPath).Root?.Element("control");
        var qualified = (string?)control?.Attribute("namespace") + "." + (string?)control?.Attribute("constructor");
        var underscore = controlName.IndexOf('_', StringComparison.Ordinal);
        return underscore > 0 && string.Equals(controlName[(underscore + 1)..], qualified, StringComparison.Ordinal);
    }
}
