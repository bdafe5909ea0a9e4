using System;
using System.IO;
using System.Linq;
using CrmAccountability.Cli.Checking;
using CrmAccountability.Cli.Packing;
using CrmAccountability.Emulator;
using CrmAccountability.Emulator.Solutions;
using CrmAccountability.Emulator.Solutions.Layout;
using CrmAccountability.TestSupport;
using Xunit;

namespace CrmAccountability.Cli.Tests.RealPackages;

/// <summary>
/// Packages exported from Dataverse (Microsoft's samples and community solutions) import there, so the checker must
/// find no error in them, the emulator must load them, and unpack → pack must give each back whole.
/// </summary>
public sealed class RealPackageTests
{
    public static TheoryData<string> All() => [.. Fixtures.AllSolutions()];

    [FixtureTheory]
    [MemberData(nameof(All))]
    public void A_real_package_has_no_error_findings(string fixture)
    {
        var findings = SolutionChecker.Check(Packages.Fixture(fixture));

        Assert.Empty(findings.Where(f => f.Severity == Severity.Error).Select(f => f.ToString()));
    }

    [FixtureTheory]
    [MemberData(nameof(All))]
    public void A_real_package_loads_in_the_emulator(string fixture)
    {
        var org = new DataverseEmulator();

        var package = org.LoadSolution(Packages.Fixture(fixture));

        Assert.False(string.IsNullOrEmpty(package.UniqueName));
    }

    [FixtureTheory]
    [MemberData(nameof(All))]
    public void A_real_package_unpacked_and_packed_again_keeps_every_component_and_payload(string fixture)
    {
        // Arrange
        using var temp = TempFolder.Create("roundtrip-");
        var zip = Packages.Fixture(fixture);
        var original = PackageFiles.FromZip(zip);
        var folder = Path.Combine(temp.Path, "src");
        SolutionUnpacker.Unpack(original).WriteTo(folder);

        // Act: from disk, as crmacc pack --folder does.
        var written = Assert.Single(SolutionPacker.Pack(folder, Path.Combine(temp.Path, "out"), BuildOutputs.None, SolutionPacker.DeclaredType(folder)));

        // Assert
        Assert.Empty(PackageEquivalence.Differences(original, PackageFiles.FromZip(written)));
        Assert.DoesNotContain(SolutionChecker.Check(folder), f => f.Severity == Severity.Error);
        Assert.DoesNotContain(SolutionChecker.Check(written), f => f.Severity == Severity.Error);
    }

    [FixtureFact]
    public void A_community_folder_with_canvas_sources_packs_whole_and_says_what_it_left_to_the_msapp()
    {
        // Arrange: the community solution unpacked as pac does, with its canvas app's sources beside the .msapp.
        using var temp = TempFolder.Create("community-");
        var folder = Path.Combine(temp.Path, "src");
        SolutionUnpacker.Unpack(PackageFiles.FromZip(Packages.Fixture("OrganizationalPackageReview_1_0_0_4.zip"))).WriteTo(folder);
        Directory.CreateDirectory(Path.Combine(folder, "CanvasApps", "src", "bac_rulebuilderv1_38d84", "Src"));
        File.WriteAllText(Path.Combine(folder, "CanvasApps", "src", "bac_rulebuilderv1_38d84", "Src", "App.fx.yaml"), "App As appinfo:");
        var notes = new System.Collections.Generic.List<string>();

        // Act
        var written = Assert.Single(SolutionPacker.Pack(folder, Path.Combine(temp.Path, "out"), BuildOutputs.None, PackageType.Unmanaged, notes));

        // Assert: 115 files in the folder, every one in the zip or accounted for.
        using var zip = System.IO.Compression.ZipFile.OpenRead(written);
        Assert.Contains(zip.Entries, e => e.FullName == "CanvasApps/bac_rulebuilderv1_38d84_DocumentUri.msapp");
        Assert.Contains(zip.Entries, e => e.FullName == "Formulas/bac_packagereviewprocess-bpf_duration.xaml");
        Assert.Equal(3, zip.Entries.Count(e => e.FullName.StartsWith("Workflows/", StringComparison.Ordinal)));
        Assert.StartsWith("CanvasApps/src/bac_rulebuilderv1_38d84/ (1 files)", Assert.Single(notes), StringComparison.Ordinal);
    }
}
