using System.Collections.Generic;
using System.IO;
using System.Reflection.Metadata;
using System.Reflection.PortableExecutable;

namespace CrmAccountability.XrmSdk.Tests.Conformance;

/// <summary>One call site's target as the CLR binds it: declaring type, name and full signature.</summary>
internal sealed record MemberReferenceLine(string DeclaringType, string DeclaringDefinition, bool IsSpecification, string Name, string Signature, int GenericArity, bool IsInstance, bool IsField)
{
    /// <summary>The line format of Oracles/xrm-memberrefs-*.txt.</summary>
    public override string ToString()
        => (IsSpecification ? "spec:" : string.Empty) + DeclaringType + "::" + Name + " : " + Signature
            + (IsField ? string.Empty : " gen=" + GenericArity + " inst=" + (IsInstance ? "True" : "False"));

    /// <summary>Reads one oracle line back, so the oracle itself can be checked against the stand-in without the binary.</summary>
    public static MemberReferenceLine Parse(string line)
    {
        var isSpecification = line.StartsWith("spec:", System.StringComparison.Ordinal);
        var text = isSpecification ? line["spec:".Length..] : line;
        var separator = text.IndexOf("::", System.StringComparison.Ordinal);
        var declaring = text[..separator];
        var rest = text[(separator + 2)..];
        var colon = rest.IndexOf(" : ", System.StringComparison.Ordinal);
        var name = rest[..colon];
        var signature = rest[(colon + 3)..];
        var suffix = System.Text.RegularExpressions.Regex.Match(signature, " gen=([0-9]+) inst=(True|False)$");
        var definition = isSpecification ? declaring[..declaring.IndexOf('<', System.StringComparison.Ordinal)] : declaring;
        return suffix.Success
            ? new MemberReferenceLine(declaring, definition, isSpecification, name, signature[..suffix.Index], int.Parse(suffix.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture), suffix.Groups[2].Value == "True", false)
            : new MemberReferenceLine(declaring, definition, isSpecification, name, signature, 0, false, true);
    }
}

/// <summary>Reads every MemberRef row of an assembly with System.Reflection.Metadata, without loading it.</summary>
internal static class MemberReferenceReader
{
    public static IReadOnlyList<MemberReferenceLine> Read(byte[] image)
    {
        using var pe = new PEReader(new MemoryStream(image));
        var reader = pe.GetMetadataReader();
        var renderer = new SignatureRenderer(reader, definitionAssemblyPrefix: null);
        var lines = new List<MemberReferenceLine>();
        foreach (var handle in reader.MemberReferences)
        {
            var reference = reader.GetMemberReference(handle);
            var (declaring, definition, isSpecification) = renderer.RenderParent(reference.Parent);
            var name = reader.GetString(reference.Name);
            if (reference.GetKind() == MemberReferenceKind.Field)
            {
                lines.Add(new MemberReferenceLine(declaring, definition, isSpecification, name, reference.DecodeFieldSignature(renderer, null), 0, false, true));
                continue;
            }

            var signature = reference.DecodeMethodSignature(renderer, null);
            lines.Add(new MemberReferenceLine(declaring, definition, isSpecification, name, SignatureRenderer.RenderMethod(signature), signature.GenericParameterCount, signature.Header.IsInstance, false));
        }

        return lines;
    }
}
