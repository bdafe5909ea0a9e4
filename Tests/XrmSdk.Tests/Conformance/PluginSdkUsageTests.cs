using System;
using System.IO;
using System.Linq;
using Xunit;

namespace CrmAccountability.XrmSdk.Tests.Conformance;

/// <summary>
/// Our plug-in assembly may only use SDK members that bind in the stand-in and that someone has checked against the
/// genuine SDK. A new use fails here until it is added to Plugins/SdkReferences.reviewed.txt, which keeps every
/// widening of the SDK surface a visible, reviewed change.
/// </summary>
public sealed class PluginSdkUsageTests
{
    private static string ReviewedListPath => Path.Combine(TestPaths.RepoRoot, "Plugins", "SdkReferences.reviewed.txt");

    [Fact]
    public void Every_SDK_member_the_plug_in_uses_binds_in_the_stand_in()
    {
        // Arrange
        var references = MemberReferenceReader.Read(File.ReadAllBytes(TestPaths.PluginAssembly));

        // Act
        var report = ConformanceChecker.Check(references, StandInSurface.Read(TestPaths.StandInAssembly));

        // Assert: the plug-in touches no type outside the stand-in, and everything it touches binds.
        Assert.True(report.Failures.Count == 0, string.Join("\n", report.Failures));
        Assert.Empty(report.OutsideStandIn);
        Assert.NotEmpty(report.Resolved);
    }

    [Fact]
    public void Every_SDK_member_the_plug_in_uses_is_in_the_reviewed_list_and_nothing_stale_is()
    {
        // Arrange
        var reviewed = File.ReadAllLines(ReviewedListPath)
            .Where(line => line.Length > 0 && !line.StartsWith('#'))
            .ToHashSet(StringComparer.Ordinal);

        // Act
        var used = MemberReferenceReader.Read(File.ReadAllBytes(TestPaths.PluginAssembly))
            .Where(r => SignatureRenderer.IsInAssembly(r.DeclaringDefinition, "Microsoft.Xrm.Sdk"))
            .Select(r => r.ToString())
            .ToHashSet(StringComparer.Ordinal);

        // Assert
        var unreviewed = used.Except(reviewed).Order().ToList();
        var stale = reviewed.Except(used).Order().ToList();
        Assert.True(unreviewed.Count == 0, "New SDK uses: check each against the Microsoft.Xrm.Sdk reference on Learn and add it to Plugins/SdkReferences.reviewed.txt:\n" + string.Join("\n", unreviewed));
        Assert.True(stale.Count == 0, "No longer used; remove from Plugins/SdkReferences.reviewed.txt:\n" + string.Join("\n", stale));
    }

    [Fact]
    public void Every_SDK_type_the_plug_in_references_is_a_public_type_of_the_stand_in()
    {
        // Arrange
        using var pe = new System.Reflection.PortableExecutable.PEReader(File.OpenRead(TestPaths.PluginAssembly));
        var reader = System.Reflection.Metadata.PEReaderExtensions.GetMetadataReader(pe);
        var surface = StandInSurface.Read(TestPaths.StandInAssembly);

        // Act
        var referenced = reader.TypeReferences
            .Select(reader.GetTypeReference)
            .Where(t => t.ResolutionScope.Kind == System.Reflection.Metadata.HandleKind.AssemblyReference
                && reader.GetString(reader.GetAssemblyReference((System.Reflection.Metadata.AssemblyReferenceHandle)t.ResolutionScope).Name) == "Microsoft.Xrm.Sdk")
            .Select(t => "[Microsoft.Xrm.Sdk]" + reader.GetString(t.Namespace) + "." + reader.GetString(t.Name))
            .ToList();

        // Assert
        Assert.NotEmpty(referenced);
        Assert.All(referenced, name => Assert.True(surface.Types.TryGetValue(name, out var type) && type.IsPublic, name + " is not a public type of the stand-in"));
    }
}
