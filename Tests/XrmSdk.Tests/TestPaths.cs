using System;
using System.IO;
using System.IO.Compression;
using System.Linq;
using System.Reflection;

namespace CrmAccountability.XrmSdk.Tests;

/// <summary>Where the repository, shared/ fixtures and the built assemblies are, as recorded at build time.</summary>
internal static class TestPaths
{
    public static string RepoRoot => Metadata("RepoRoot");

    public static string SharedRoot => Metadata("SharedRoot");

    public static string StandInAssembly => typeof(Microsoft.Xrm.Sdk.Entity).Assembly.Location;

    public static string PluginAssembly => typeof(CrmAccountability.Plugins.Framework.PluginBase).Assembly.Location;

    public static string ToolingConnector => Path.Combine(AppContext.BaseDirectory, "Oracles", "Microsoft.Xrm.Tooling.Connector.dll");

    public static string Reference(string fileName) => Path.Combine(SharedRoot, "reference", fileName);

    public static string FixtureSolution(string fileName) => Path.Combine(SharedRoot, "fixtures", "solutions", fileName);

    public static byte[] WorkflowToolsPluginImage()
    {
        using var zip = ZipFile.OpenRead(FixtureSolution("Dynamics365WorkflowTools_1_0_38_0.zip"));
        var entry = zip.Entries.Single(e => e.FullName.EndsWith("msdyncrmWorkflowTools.dll", StringComparison.OrdinalIgnoreCase));
        using var stream = entry.Open();
        using var copy = new MemoryStream();
        stream.CopyTo(copy);
        return copy.ToArray();
    }

    private static string Metadata(string key)
        => typeof(TestPaths).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>().Single(a => a.Key == key).Value
            ?? throw new InvalidOperationException("Build metadata " + key + " is missing.");
}
