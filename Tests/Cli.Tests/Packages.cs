using System;
using System.IO;
using System.Linq;
using System.Reflection;
using CrmAccountability.Cli.Packing;
using CrmAccountability.TestSupport;

namespace CrmAccountability.Cli.Tests;

/// <summary>The repository's solution source, its build outputs, our packed zips and the real packages (when <see cref="Fixtures.Folder"/> is set).</summary>
internal static class Packages
{
    public static string RepoRoot => Metadata("RepoRoot");

    public static string Source => Path.Combine(RepoRoot, "Solution");

    public static string Fixture(string name) => Fixtures.Solution(name);

    public static BuildOutputs Outputs => BuildOutputs.ForRepository(RepoRoot);

    private static readonly Lazy<(string Unmanaged, string Managed)> SharedPack = new(PackToTemp);

    /// <summary>Our zips packed once per test run, for tests that only read them.</summary>
    public static (string Unmanaged, string Managed) Packed => SharedPack.Value;

    /// <summary>Packs the repository's solution into a fresh folder; the PCF control must have been built (test.sh does).</summary>
    public static (string Unmanaged, string Managed) PackToTemp()
        => SolutionPacker.Pack(Source, TempFolder.ForProcess("pack-"), Outputs);

    /// <summary>A copy of the solution source to break on purpose.</summary>
    public static string CopySource()
    {
        var target = TempFolder.ForProcess("source-");
        foreach (var file in Directory.GetFiles(Source, "*", SearchOption.AllDirectories))
        {
            var destination = Path.Combine(target, Path.GetRelativePath(Source, file));
            Directory.CreateDirectory(Path.GetDirectoryName(destination)!);
            File.Copy(file, destination);
        }

        return target;
    }

    private static string Metadata(string key)
        => typeof(Packages).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>().Single(a => a.Key == key).Value!;
}
