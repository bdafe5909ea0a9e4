using System;
using System.IO;
using System.Linq;
using System.Reflection;
using CrmAccountability.Cli.Packing;
using CrmAccountability.TestSupport;

namespace CrmAccountability.Accountability.Tests;

/// <summary>
/// The managed zip exactly as crmacc pack makes it from Solution/ and the Release plug-in build (test.sh builds both
/// first), packed once per test run and shared: tests load it, never change it.
/// </summary>
internal static class PackedSolution
{
    private static readonly Lazy<string> Zip = new(() =>
    {
        var root = typeof(PackedSolution).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>().Single(a => a.Key == "RepoRoot").Value!;
        var (_, managed) = SolutionPacker.Pack(Path.Combine(root, "Solution"), TempFolder.ForProcess("accountability-pack-"), BuildOutputs.ForRepository(root));
        return managed;
    });

    public static string Managed => Zip.Value;
}
