using System.Collections.Generic;
using System.Linq;

namespace CrmAccountability.XrmSdk.Tests.Conformance;

internal sealed record ConformanceReport(
    IReadOnlyList<MemberReferenceLine> Resolved,
    IReadOnlyList<string> Failures,
    IReadOnlyList<MemberReferenceLine> OutsideStandIn)
{
    public IReadOnlyCollection<string> CoveredTypes => Resolved.Select(r => r.DeclaringDefinition).ToHashSet();

    public IReadOnlyCollection<string> UncoveredTypes => OutsideStandIn.Select(r => r.DeclaringDefinition).ToHashSet();
}

/// <summary>
/// Binds member references the way the CLR does (xrm-sdk-surface.md §1): the declaring type named in the reference
/// must itself declare a member with that name and exact signature, callable from outside the assembly. A member on
/// a base type or another interface does not count: that is a MissingMethodException inside Dataverse.
/// </summary>
internal static class ConformanceChecker
{
    public static ConformanceReport Check(IEnumerable<MemberReferenceLine> references, StandInSurface surface)
    {
        var resolved = new List<MemberReferenceLine>();
        var failures = new List<string>();
        var outside = new List<MemberReferenceLine>();
        foreach (var reference in references.Where(r => SignatureRenderer.IsInAssembly(r.DeclaringDefinition, surface.AssemblyName)).Distinct())
        {
            if (!surface.Types.TryGetValue(reference.DeclaringDefinition, out var type))
            {
                outside.Add(reference);
                continue;
            }

            var failure = Explain(reference, type, surface);
            if (failure == null)
            {
                resolved.Add(reference);
            }
            else
            {
                failures.Add(reference + "\n    " + failure);
            }
        }

        return new ConformanceReport(resolved, failures, outside);
    }

    private static string? Explain(MemberReferenceLine reference, DefinedType type, StandInSurface surface)
    {
        if (!type.IsPublic)
        {
            return "the stand-in declares " + type.Name + " but not as a public type";
        }

        var exact = type.Members.FirstOrDefault(m => Matches(m, reference));
        if (exact != null)
        {
            return exact.IsCallableFromOutside ? null : "declared, but not public or protected in the stand-in (MethodAccessException in Dataverse)";
        }

        var sameName = type.Members.Where(m => m.Name == reference.Name && m.IsField == reference.IsField).ToList();
        if (sameName.Count > 0)
        {
            return "no overload matches; the stand-in has: " + string.Join(" | ", sameName.Select(m => m.Signature + " gen=" + m.GenericArity + " inst=" + m.IsInstance));
        }

        var elsewhere = surface.Types.Values.Where(t => t.Members.Any(m => Matches(m, reference))).Select(t => t.Name).ToList();
        return elsewhere.Count > 0
            ? "declared on " + string.Join(", ", elsewhere) + " instead; the CLR looks only on " + type.Name + (type.BaseType == null ? string.Empty : " and its base classes")
            : "missing from the stand-in";
    }

    private static bool Matches(DefinedMember member, MemberReferenceLine reference)
        => member.Name == reference.Name
            && member.Signature == reference.Signature
            && member.IsField == reference.IsField
            && (reference.IsField || (member.GenericArity == reference.GenericArity && member.IsInstance == reference.IsInstance));
}
