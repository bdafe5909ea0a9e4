using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using CrmAccountability.TestSupport;
using Xunit;
using Xunit.Abstractions;

namespace CrmAccountability.XrmSdk.Tests.Conformance;

/// <summary>
/// Every member reference that genuine Microsoft-compiled code makes into Microsoft.Xrm.Sdk must bind to the stand-in
/// exactly as it binds to the real SDK, for every type the stand-in defines. A wrong signature here would compile and
/// pass every other test, then fail with MissingMethodException only inside Dataverse.
/// </summary>
public sealed class GenuineBinaryConformanceTests
{
    private static readonly Lazy<StandInSurface> Surface = new(() => StandInSurface.Read(TestPaths.StandInAssembly));
    private readonly ITestOutputHelper _output;

    public GenuineBinaryConformanceTests(ITestOutputHelper output)
    {
        _output = output;
    }

    private const string ToolingConnector = "Microsoft.Xrm.Tooling.Connector.dll";
    private const string WorkflowTools = "msdyncrmWorkflowTools.dll";

    [Fact]
    public void Reader_reproduces_the_reference_oracle_read_from_the_tooling_connector() => ReaderReproducesOracle(ToolingConnector);

    [FixtureFact]
    public void Reader_reproduces_the_reference_oracle_read_from_the_workflow_tools_plug_in() => ReaderReproducesOracle(WorkflowTools);

    [Fact]
    public void Every_tooling_connector_reference_into_a_stand_in_type_binds_to_the_same_declaring_type_and_signature() => BindsLikeTheRealSdk(ToolingConnector);

    [FixtureFact]
    public void Every_workflow_tools_reference_into_a_stand_in_type_binds_to_the_same_declaring_type_and_signature() => BindsLikeTheRealSdk(WorkflowTools);

    [Theory]
    [InlineData("xrm-memberrefs-xrmtooling-connector.txt")]
    [InlineData("xrm-memberrefs-workflowtools.txt")]
    public void Every_reference_in_the_oracle_kept_in_the_repository_binds_in_the_stand_in(string oracle)
    {
        // The oracle is the facts read from the genuine binary, so the check holds with or without the binary at hand.
        var report = ConformanceChecker.Check(OracleReferences(oracle), Surface.Value);

        Assert.True(report.Failures.Count == 0, string.Join("\n", report.Failures));
        Assert.NotEmpty(report.Resolved);
    }

    [Fact]
    public void Types_left_out_of_the_stand_in_are_only_those_a_plug_in_has_no_business_using_in_the_tooling_connector() => OnlyClientTypesAreLeftOut(ToolingConnector);

    [FixtureFact]
    public void Types_left_out_of_the_stand_in_are_only_those_a_plug_in_has_no_business_using_in_the_workflow_tools() => OnlyClientTypesAreLeftOut(WorkflowTools);

    private static void ReaderReproducesOracle(string binary)
    {
        // Arrange: the oracle files were produced independently from the same binaries; they list the references
        // whose declaring type mentions Microsoft.Xrm.Sdk.
        var oracle = File.ReadAllLines(TestPaths.Oracle(OracleFile(binary)))
            .Where(line => line.Length > 0 && !line.StartsWith('#'))
            .ToHashSet(StringComparer.Ordinal);

        // Act
        var read = MemberReferenceReader.Read(Image(binary))
            .Where(r => r.DeclaringType.Contains("[Microsoft.Xrm.Sdk]", StringComparison.Ordinal))
            .Select(r => r.ToString())
            .ToHashSet(StringComparer.Ordinal);

        // Assert
        Assert.Empty(oracle.Except(read));
        Assert.Empty(read.Except(oracle));
    }

    private void BindsLikeTheRealSdk(string binary)
    {
        // Arrange
        var references = MemberReferenceReader.Read(Image(binary));

        // Act
        var report = ConformanceChecker.Check(references, Surface.Value);

        // Assert
        _output.WriteLine(binary + ": " + report.Resolved.Count + " references checked across " + report.CoveredTypes.Count
            + " stand-in types; " + report.OutsideStandIn.Count + " references into " + report.UncoveredTypes.Count + " types the stand-in does not define.");
        Assert.True(report.Failures.Count == 0, string.Join("\n", report.Failures));
        Assert.NotEmpty(report.Resolved);
    }

    private void OnlyClientTypesAreLeftOut(string binary)
    {
        // Connection, discovery and metadata types belong to client applications; ExecuteMultiple and ExecuteAsync
        // are not for plug-ins (Learn: "Best practices … Don't use batch request types in plug-ins").
        var allowedOutside = new[]
        {
            "Microsoft.Xrm.Sdk.Client.", "Microsoft.Xrm.Sdk.Discovery.", "Microsoft.Xrm.Sdk.WebServiceClient.",
            "Microsoft.Xrm.Sdk.Organization.", "Microsoft.Xrm.Sdk.Metadata.", "Microsoft.Xrm.Sdk.Messages.Retrieve",
            "Microsoft.Xrm.Sdk.Messages.InsertOptionValue", "Microsoft.Xrm.Sdk.Messages.UpdateOptionValue",
            "Microsoft.Xrm.Sdk.Messages.ExecuteMultiple", "Microsoft.Xrm.Sdk.Messages.ExecuteAsync",
            "Microsoft.Xrm.Sdk.ExecuteMultiple", "Microsoft.Xrm.Sdk.OrganizationRequestCollection",
            "Microsoft.Xrm.Sdk.Label", "Microsoft.Xrm.Sdk.LocalizedLabel", "Microsoft.Xrm.Sdk.SolutionParameters",
            "Microsoft.Xrm.Sdk.SolutionInfo", "Microsoft.Xrm.Sdk.LayerDesiredOrder", "Microsoft.Xrm.Sdk.ManagedProperty",
        };
        var references = MemberReferenceReader.Read(Image(binary));

        var report = ConformanceChecker.Check(references, Surface.Value);
        var unexpected = report.UncoveredTypes
            .Select(SignatureRenderer.StripAssembly)
            .Where(type => !allowedOutside.Any(prefix => type.StartsWith(prefix, StringComparison.Ordinal)))
            .ToList();

        _output.WriteLine("Covered: " + string.Join(", ", report.CoveredTypes.Select(SignatureRenderer.StripAssembly).Order()));
        _output.WriteLine("Not defined: " + string.Join(", ", report.UncoveredTypes.Select(SignatureRenderer.StripAssembly).Order()));
        Assert.Empty(unexpected);
    }

    internal static System.Collections.Generic.IReadOnlyList<MemberReferenceLine> OracleReferences(string oracle)
        => File.ReadAllLines(TestPaths.Oracle(oracle)).Where(line => line.Length > 0 && !line.StartsWith('#')).Select(MemberReferenceLine.Parse).ToList();

    internal static byte[] Image(string binary) => binary switch
    {
        ToolingConnector => File.ReadAllBytes(TestPaths.ToolingConnector),
        WorkflowTools => TestPaths.WorkflowToolsPluginImage(),
        _ => throw new ArgumentOutOfRangeException(nameof(binary), binary, "not a known genuine binary"),
    };

    private static string OracleFile(string binary) => binary switch
    {
        ToolingConnector => "xrm-memberrefs-xrmtooling-connector.txt",
        _ => "xrm-memberrefs-workflowtools.txt",
    };
}
