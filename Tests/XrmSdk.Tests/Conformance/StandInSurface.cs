using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Reflection;
using System.Reflection.Metadata;
using System.Reflection.PortableExecutable;

namespace CrmAccountability.XrmSdk.Tests.Conformance;

internal sealed record DefinedMember(string Name, string Signature, int GenericArity, bool IsInstance, bool IsField, bool IsCallableFromOutside);

internal sealed record DefinedType(string Name, bool IsPublic, string? BaseType, List<DefinedMember> Members);

/// <summary>
/// The public surface of the stand-in as metadata, in the same rendering as the member references, so a reference
/// resolves exactly when a line matches. Mutable on purpose: tests break it to prove the checker notices.
/// </summary>
internal sealed class StandInSurface
{
    private StandInSurface(string assemblyName, Dictionary<string, DefinedType> types)
    {
        AssemblyName = assemblyName;
        Types = types;
    }

    public string AssemblyName { get; }

    public Dictionary<string, DefinedType> Types { get; }

    public static StandInSurface Read(string path)
    {
        using var pe = new PEReader(File.OpenRead(path));
        var reader = pe.GetMetadataReader();
        var assemblyName = reader.GetString(reader.GetAssemblyDefinition().Name);
        var renderer = new SignatureRenderer(reader, assemblyName);
        var types = new Dictionary<string, DefinedType>(System.StringComparer.Ordinal);
        foreach (var handle in reader.TypeDefinitions)
        {
            var definition = reader.GetTypeDefinition(handle);
            var name = renderer.GetTypeFromDefinition(reader, handle, 0);
            var visibility = definition.Attributes & TypeAttributes.VisibilityMask;
            var isPublic = visibility is TypeAttributes.Public or TypeAttributes.NestedPublic;
            var baseType = definition.BaseType.IsNil ? null : renderer.RenderParent(definition.BaseType).Rendered;
            var members = new List<DefinedMember>();
            foreach (var methodHandle in definition.GetMethods())
            {
                var method = reader.GetMethodDefinition(methodHandle);
                var signature = method.DecodeSignature(renderer, null);
                var access = method.Attributes & MethodAttributes.MemberAccessMask;
                members.Add(new DefinedMember(
                    reader.GetString(method.Name),
                    SignatureRenderer.RenderMethod(signature),
                    signature.GenericParameterCount,
                    signature.Header.IsInstance,
                    IsField: false,
                    access is MethodAttributes.Public or MethodAttributes.Family or MethodAttributes.FamORAssem));
            }

            foreach (var fieldHandle in definition.GetFields())
            {
                var field = reader.GetFieldDefinition(fieldHandle);
                var access = field.Attributes & FieldAttributes.FieldAccessMask;
                members.Add(new DefinedMember(
                    reader.GetString(field.Name),
                    field.DecodeSignature(renderer, null),
                    0,
                    (field.Attributes & FieldAttributes.Static) == 0,
                    IsField: true,
                    access is FieldAttributes.Public or FieldAttributes.Family or FieldAttributes.FamORAssem));
            }

            types[name] = new DefinedType(name, isPublic, baseType, members);
        }

        return new StandInSurface(assemblyName, types);
    }

    public IEnumerable<DefinedType> PublicTypes => Types.Values.Where(t => t.IsPublic);
}
