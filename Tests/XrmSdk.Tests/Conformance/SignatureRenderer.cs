using System.Collections.Immutable;
using System.Linq;
using System.Reflection.Metadata;

namespace CrmAccountability.XrmSdk.Tests.Conformance;

/// <summary>
/// Renders types in signatures the way the reference oracles in Oracles/ are written:
/// <c>[assembly]Namespace.Name</c> for referenced types, primitives by name, <c>!0</c>/<c>!!0</c> for generic
/// parameters, <c>Name`1&lt;A,B&gt;</c> for instantiations. Both the genuine binaries and the stand-in are rendered
/// with it, so equal text means an equal signature.
/// </summary>
internal sealed class SignatureRenderer : ISignatureTypeProvider<string, object?>
{
    private readonly MetadataReader _reader;
    private readonly string? _definitionAssemblyPrefix;

    /// <param name="reader">The assembly being read.</param>
    /// <param name="definitionAssemblyPrefix">
    /// How types defined in this assembly are written. The stand-in's own types are definitions there but
    /// references (<c>[Microsoft.Xrm.Sdk]…</c>) in a caller, so the stand-in is rendered with that prefix.
    /// </param>
    public SignatureRenderer(MetadataReader reader, string? definitionAssemblyPrefix)
    {
        _reader = reader;
        _definitionAssemblyPrefix = definitionAssemblyPrefix;
    }

    public string GetPrimitiveType(PrimitiveTypeCode typeCode) => typeCode.ToString();

    public string GetTypeFromDefinition(MetadataReader reader, TypeDefinitionHandle handle, byte rawTypeKind)
    {
        var definition = reader.GetTypeDefinition(handle);
        var name = reader.GetString(definition.Name);
        var declaring = definition.GetDeclaringType();
        if (!declaring.IsNil)
        {
            return GetTypeFromDefinition(reader, declaring, rawTypeKind) + "/" + name;
        }

        var ns = reader.GetString(definition.Namespace);
        var qualified = ns.Length == 0 ? name : ns + "." + name;
        return _definitionAssemblyPrefix == null ? qualified : "[" + _definitionAssemblyPrefix + "]" + qualified;
    }

    public string GetTypeFromReference(MetadataReader reader, TypeReferenceHandle handle, byte rawTypeKind)
    {
        var reference = reader.GetTypeReference(handle);
        var assembly = reference.ResolutionScope.Kind == HandleKind.AssemblyReference
            ? reader.GetString(reader.GetAssemblyReference((AssemblyReferenceHandle)reference.ResolutionScope).Name)
            : string.Empty;
        return "[" + assembly + "]" + reader.GetString(reference.Namespace) + "." + reader.GetString(reference.Name);
    }

    public string GetTypeFromSpecification(MetadataReader reader, object? genericContext, TypeSpecificationHandle handle, byte rawTypeKind)
        => reader.GetTypeSpecification(handle).DecodeSignature(this, genericContext);

    public string GetGenericInstantiation(string genericType, ImmutableArray<string> typeArguments)
        => genericType + "<" + string.Join(",", typeArguments) + ">";

    public string GetArrayType(string elementType, ArrayShape shape) => elementType + "[" + new string(',', shape.Rank - 1) + "]";

    public string GetSZArrayType(string elementType) => elementType + "[]";

    public string GetByReferenceType(string elementType) => elementType + "&";

    public string GetPointerType(string elementType) => elementType + "*";

    public string GetGenericTypeParameter(object? genericContext, int index) => "!" + index;

    public string GetGenericMethodParameter(object? genericContext, int index) => "!!" + index;

    public string GetFunctionPointerType(MethodSignature<string> signature) => "method " + RenderMethod(signature);

    public string GetModifiedType(string modifier, string unmodifiedType, bool isRequired) => unmodifiedType;

    public string GetPinnedType(string elementType) => elementType;

    public static string RenderMethod(MethodSignature<string> signature)
        => signature.ReturnType + " (" + string.Join(", ", signature.ParameterTypes) + ")";

    /// <summary>The type that declares a member reference, and the generic definition it instantiates (if any).</summary>
    public (string Rendered, string Definition, bool IsSpecification) RenderParent(EntityHandle parent)
    {
        switch (parent.Kind)
        {
            case HandleKind.TypeReference:
                var rendered = GetTypeFromReference(_reader, (TypeReferenceHandle)parent, 0);
                return (rendered, rendered, false);
            case HandleKind.TypeDefinition:
                var definition = GetTypeFromDefinition(_reader, (TypeDefinitionHandle)parent, 0);
                return (definition, definition, false);
            case HandleKind.TypeSpecification:
                var specification = GetTypeFromSpecification(_reader, null, (TypeSpecificationHandle)parent, 0);
                var angle = specification.IndexOf('<', System.StringComparison.Ordinal);
                return (specification, angle < 0 ? specification : specification[..angle], true);
            default:
                return (parent.Kind.ToString(), parent.Kind.ToString(), false);
        }
    }

    public static string StripAssembly(string rendered)
    {
        var close = rendered.StartsWith('[') ? rendered.IndexOf(']', System.StringComparison.Ordinal) : -1;
        return close < 0 ? rendered : rendered[(close + 1)..];
    }

    public static bool IsInAssembly(string rendered, string assemblyName)
        => rendered.StartsWith("[" + assemblyName + "]", System.StringComparison.Ordinal);

    internal static string Join(System.Collections.Generic.IEnumerable<string> parts) => string.Join(", ", parts.ToArray());
}
