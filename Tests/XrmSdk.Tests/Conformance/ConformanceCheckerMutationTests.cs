using System;
using System.Linq;
using Xunit;

namespace CrmAccountability.XrmSdk.Tests.Conformance;

/// <summary>
/// The conformance check is only worth something if a wrong stand-in fails it. Each test breaks the stand-in's
/// surface the way a careless edit would and expects the genuine references to stop binding.
/// </summary>
public sealed class ConformanceCheckerMutationTests
{
    private static StandInSurface FreshSurface() => StandInSurface.Read(TestPaths.StandInAssembly);

    private static ConformanceReport CheckWorkflowTools(StandInSurface surface)
        => ConformanceChecker.Check(GenuineBinaryConformanceTests.OracleReferences("xrm-memberrefs-workflowtools.txt"), surface);

    [Fact]
    public void Moving_an_interface_member_to_another_interface_in_the_chain_fails_the_check()
    {
        // Arrange: UserId declared on IPluginExecutionContext instead of IExecutionContext.
        var surface = FreshSurface();
        var source = surface.Types["[Microsoft.Xrm.Sdk]Microsoft.Xrm.Sdk.IExecutionContext"];
        var member = source.Members.Single(m => m.Name == "get_UserId");
        source.Members.Remove(member);
        surface.Types["[Microsoft.Xrm.Sdk]Microsoft.Xrm.Sdk.IPluginExecutionContext"].Members.Add(member);

        // Act
        var report = CheckWorkflowTools(surface);

        // Assert
        var failure = Assert.Single(report.Failures, f => f.Contains("IExecutionContext::get_UserId", StringComparison.Ordinal));
        Assert.Contains("declared on [Microsoft.Xrm.Sdk]Microsoft.Xrm.Sdk.IPluginExecutionContext instead", failure, StringComparison.Ordinal);
    }

    [Fact]
    public void Moving_a_class_member_to_its_base_class_fails_the_check()
    {
        // Arrange: ErrorCode declared on OrganizationServiceFault's base is right; declaring TraceText there is not.
        var surface = FreshSurface();
        var derived = surface.Types["[Microsoft.Xrm.Sdk]Microsoft.Xrm.Sdk.OrganizationServiceFault"];
        var baseType = surface.Types["[Microsoft.Xrm.Sdk]Microsoft.Xrm.Sdk.BaseServiceFault"];
        var member = baseType.Members.Single(m => m.Name == "get_ErrorCode");
        baseType.Members.Remove(member);
        derived.Members.Add(member);

        // Act
        var report = CheckWorkflowTools(surface);

        // Assert
        Assert.Contains(report.Failures, f => f.Contains("BaseServiceFault::get_ErrorCode", StringComparison.Ordinal) && f.Contains("instead", StringComparison.Ordinal));
    }

    [Fact]
    public void Changing_a_parameter_type_fails_the_check()
    {
        // Arrange: Entity(string, Guid) becomes Entity(string, Guid?), which compiles for callers but does not bind.
        var surface = FreshSurface();
        var entity = surface.Types["[Microsoft.Xrm.Sdk]Microsoft.Xrm.Sdk.Entity"];
        var constructor = entity.Members.Single(m => m.Name == ".ctor" && m.Signature == "Void (String, [mscorlib]System.Guid)");
        entity.Members.Remove(constructor);
        entity.Members.Add(constructor with { Signature = "Void (String, [mscorlib]System.Nullable`1<[mscorlib]System.Guid>)" });

        // Act
        var report = CheckWorkflowTools(surface);

        // Assert
        var failure = Assert.Single(report.Failures, f => f.Contains("Entity::.ctor : Void (String, [mscorlib]System.Guid)", StringComparison.Ordinal));
        Assert.Contains("no overload matches", failure, StringComparison.Ordinal);
    }

    [Fact]
    public void Narrowing_a_member_to_internal_fails_the_check()
    {
        // Arrange
        var surface = FreshSurface();
        var entityReference = surface.Types["[Microsoft.Xrm.Sdk]Microsoft.Xrm.Sdk.EntityReference"];
        var getter = entityReference.Members.Single(m => m.Name == "get_Name");
        entityReference.Members.Remove(getter);
        entityReference.Members.Add(getter with { IsCallableFromOutside = false });

        // Act
        var report = CheckWorkflowTools(surface);

        // Assert
        Assert.Contains(report.Failures, f => f.Contains("EntityReference::get_Name", StringComparison.Ordinal) && f.Contains("not public", StringComparison.Ordinal));
    }

    [Fact]
    public void Unmodified_stand_in_passes_the_same_check()
    {
        var report = CheckWorkflowTools(FreshSurface());

        Assert.Empty(report.Failures);
    }
}
