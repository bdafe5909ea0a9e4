using System;
using System.IO;
using System.IO.Compression;
using System.Linq;
using System.Security.Cryptography;
using System.Xml.Linq;
using CrmAccountability.Cli.Checking;
using CrmAccountability.Emulator.Solutions;
using CrmAccountability.Emulator.Solutions.Layout;
using CrmAccountability.TestSupport;
using Xunit;

namespace CrmAccountability.Cli.Tests;

/// <summary>crmacc pack: zips shaped like Microsoft's (solution-format.md §1), deterministic, and clean under crmacc check.</summary>
public sealed class PackTests
{
    [Fact]
    public void Packing_writes_an_unmanaged_and_a_managed_zip_named_after_the_solution_version()
    {
        var (unmanaged, managed) = Packages.Packed;

        Assert.Equal("CrmAccountability_1_0_0_0.zip", Path.GetFileName(unmanaged));
        Assert.Equal("CrmAccountability_1_0_0_0_managed.zip", Path.GetFileName(managed));
        Assert.Equal("0", ManagedFlag(unmanaged));
        Assert.Equal("1", ManagedFlag(managed));
    }

    [Fact]
    public void The_same_sources_pack_to_byte_identical_zips()
    {
        var first = Packages.PackToTemp();
        var second = Packages.PackToTemp();

        Assert.Equal(Hash(first.Managed), Hash(second.Managed));
        Assert.Equal(Hash(first.Unmanaged), Hash(second.Unmanaged));
    }

    [Fact]
    public void Our_packed_zips_pass_the_checker_without_errors_or_warnings()
    {
        var (unmanaged, managed) = Packages.Packed;

        Assert.Empty(SolutionChecker.Check(unmanaged));
        Assert.Empty(SolutionChecker.Check(managed));
    }

    [Fact]
    public void Our_zips_unpack_and_pack_back_unchanged()
    {
        // Arrange
        var (unmanaged, managed) = Packages.Packed;
        var unmanagedFiles = PackageFiles.FromZip(unmanaged);
        var managedFiles = PackageFiles.FromZip(managed);

        // Act
        var folder = SolutionUnpacker.UnpackBoth(unmanagedFiles, managedFiles);

        // Assert
        Assert.Empty(PackageEquivalence.Differences(unmanagedFiles, UnpackedLayout.Merge(folder, managed: false)));
        Assert.Empty(PackageEquivalence.Differences(managedFiles, UnpackedLayout.Merge(folder, managed: true)));
    }

    /// <summary>
    /// Our managed zip differs from the unmanaged one only in &lt;Managed&gt;: every component is ours and new, so no
    /// form is a differential one (solution-format.md §6, from Microsoft's pac build of a managed zip and the R1/R2
    /// export pair; Learn "SolutionPackager tool": only forms, site maps, apps and relationships keep _managed variants).
    /// </summary>
    [Fact]
    public void Our_managed_zip_differs_from_the_unmanaged_one_only_in_the_manifests_Managed_flag()
    {
        var (unmanaged, managed) = Packages.Packed;

        var differences = PackageEquivalence.Differences(PackageFiles.FromZip(unmanaged), PackageFiles.FromZip(managed));

        Assert.Equal(["solution.xml: <SolutionManifest> differs (Managed)"], differences);
        Assert.Equal("0", ManagedFlag(unmanaged));
        Assert.Equal("1", ManagedFlag(managed));
    }

    [FixtureTheory]
    [InlineData("Dynamics365WorkflowTools_1_0_38_0.zip")]
    [InlineData("QuillRichTextField.zip")]
    public void Microsoft_built_packages_pass_the_checker_without_false_errors(string fixture)
    {
        var findings = SolutionChecker.Check(Packages.Fixture(fixture));

        Assert.DoesNotContain(findings, f => f.Severity == Severity.Error);
    }

    [FixtureFact]
    public void Our_zip_has_the_shape_of_the_real_packages()
    {
        // Arrange
        var (_, managed) = Packages.Packed;
        using var ours = ZipFile.OpenRead(managed);
        using var pac = ZipFile.OpenRead(Packages.Fixture("QuillRichTextField.zip"));
        using var export = ZipFile.OpenRead(Packages.Fixture("Dynamics365WorkflowTools_1_0_38_0.zip"));
        var names = ours.Entries.Select(e => e.FullName).ToList();

        // Assert: the three root files, in lower case, as both real packages have them.
        foreach (var root in new[] { "solution.xml", "customizations.xml", "[Content_Types].xml" })
        {
            Assert.Contains(root, names);
            Assert.Contains(root, pac.Entries.Select(e => e.FullName));
            Assert.Contains(root, export.Entries.Select(e => e.FullName));
        }

        // No directory entries, '/' separators, relative paths: like both real packages.
        Assert.All(ours.Entries.Concat(pac.Entries), e => Assert.False(e.FullName.EndsWith('/') || e.FullName.Contains('\\', StringComparison.Ordinal) || e.FullName.StartsWith('/')));

        // The PCF control sits where pac puts it: Controls/<prefix>_<namespace>.<constructor>/ControlManifest.xml and its build output.
        Assert.Contains(pac.Entries, e => e.FullName == "Controls/pblab_CustomControl.CustomRichTextField/ControlManifest.xml");
        Assert.Contains("Controls/cra_CrmAccountability.AttainmentScorecard/ControlManifest.xml", names);
        Assert.Contains("Controls/cra_CrmAccountability.AttainmentScorecard/bundle.js", names);
        Assert.Contains("Controls/cra_CrmAccountability.AttainmentScorecard/strings/AttainmentScorecard.1031.resx", names);

        // Content types: xml as text/xml and a Default for every other extension, as pac writes them.
        var types = XDocument.Load(ours.GetEntry("[Content_Types].xml")!.Open()).Root!;
        var pacTypes = XDocument.Load(pac.GetEntry("[Content_Types].xml")!.Open()).Root!;
        Assert.Equal(ContentType(pacTypes, "xml"), ContentType(types, "xml"));
        Assert.Equal("application/octet-stream", ContentType(types, "js"));
        Assert.All(names.Select(n => Path.GetExtension(n).TrimStart('.').ToLowerInvariant()).Where(x => x.Length > 0).Distinct(), x => Assert.NotNull(ContentType(types, x)));
    }

    private static string? ContentType(XElement types, string extension)
        => types.Elements().FirstOrDefault(e => e.Name.LocalName == "Default" && (string?)e.Attribute("Extension") == extension)?.Attribute("ContentType")?.Value;

    private static string ManagedFlag(string zip)
    {
        using var archive = ZipFile.OpenRead(zip);
        return XDocument.Load(archive.GetEntry("solution.xml")!.Open()).Root!.Element("SolutionManifest")!.Element("Managed")!.Value;
    }

    private static string Hash(string path) => Convert.ToHexString(SHA256.HashData(File.ReadAllBytes(path)));
}
