using System;
using System.IO;
using System.IO.Compression;
using System.Linq;
using System.Reflection;

namespace CrmAccountability.XrmSdk.Tests;

/// <summary>Where the repository, the reference oracles, the real packages and the built assemblies are.</summary>
internal static class TestPaths
{
    public static string RepoRoot => Metadata("RepoRoot");

    public static string StandInAssembly => typeof(Microsoft.Xrm.Sdk.Entity).Assembly.Location;

    public static string PluginAssembly => typeof(CrmAccountability.Plugins.Framework.PluginBase).Assembly.Location;

    public static string ToolingConnector => Path.Combine(AppContext.BaseDirectory, "Oracles", "Microsoft.Xrm.Tooling.Connector.dll");

    /// <summary>A member-reference oracle kept beside the tests (Oracles/README.md says where each came from).</summary>
    public static string Oracle(string fileName) => Path.Combine(AppContext.BaseDirectory, "Oracles", fileName);

    public static byte[] WorkflowToolsPluginImage()
    {
        using var zip = ZipFile.OpenRead(CrmAccountability.TestSupport.Fixtures.Solution("Dynamics365WorkflowTools_1_0_38_0.zip"));
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
