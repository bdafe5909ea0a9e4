using System;
using System.IO;
using System.Linq;
using System.Reflection;
using System.Reflection.Metadata;
using System.Reflection.PortableExecutable;
using Xunit;

namespace CrmAccountability.XrmSdk.Tests.Conformance;

/// <summary>
/// The identities that make the plug-in bind to the platform's SDK and load in the sandbox (xrm-sdk-surface.md §2–§3;
/// Learn: "Build and package plug-in code": .NET Framework 4.6.2, strong-named, SDK not uploaded with it).
/// </summary>
public sealed class AssemblyIdentityTests
{
    private const string SdkFullName = "Microsoft.Xrm.Sdk, Version=9.0.0.0, Culture=neutral, PublicKeyToken=31bf3856ad364e35";

    [Fact]
    public void Stand_in_has_the_genuine_SDK_identity()
    {
        var name = AssemblyName.GetAssemblyName(TestPaths.StandInAssembly);

        Assert.Equal(SdkFullName, name.FullName);
    }

    [Fact]
    public void Plug_in_targets_NET_Framework_4_6_2()
    {
        var targetFramework = ReadAssemblyAttribute(TestPaths.PluginAssembly, "TargetFrameworkAttribute");

        Assert.Equal(".NETFramework,Version=v4.6.2", targetFramework);
    }

    [Fact]
    public void Plug_in_is_strong_named_with_the_project_key_not_Microsofts()
    {
        var token = AssemblyName.GetAssemblyName(TestPaths.PluginAssembly).GetPublicKeyToken();

        Assert.NotNull(token);
        Assert.Equal(8, token.Length);
        Assert.NotEqual("31bf3856ad364e35", Convert.ToHexStringLower(token));
        using var pe = new PEReader(File.OpenRead(TestPaths.PluginAssembly));
        Assert.True(pe.PEHeaders.CorHeader!.Flags.HasFlag(CorFlags.StrongNameSigned), "The plug-in must be fully signed, not public-signed.");
    }

    [Fact]
    public void Plug_in_references_only_the_SDK_and_the_NET_Framework()
    {
        var references = AssemblyReferences(TestPaths.PluginAssembly);

        var sdk = Assert.Single(references, r => r.Name == "Microsoft.Xrm.Sdk");
        Assert.Equal(SdkFullName, sdk.FullName);
        var allowed = new[] { "mscorlib", "System", "System.Core", "System.Runtime.Serialization", "System.ServiceModel", "Microsoft.Xrm.Sdk" };
        Assert.All(references, r => Assert.Contains(r.Name, allowed));
    }

    [Fact]
    public void No_Microsoft_Xrm_Sdk_dll_is_copied_next_to_the_plug_in_in_any_build_output()
    {
        var pluginBin = Path.Combine(TestPaths.RepoRoot, "Plugins", "bin");

        var copies = Directory.Exists(pluginBin)
            ? Directory.GetFiles(pluginBin, "Microsoft.Xrm.Sdk.dll", SearchOption.AllDirectories)
            : [];

        Assert.True(Directory.GetFiles(pluginBin, "CrmAccountability.Plugins.dll", SearchOption.AllDirectories).Length > 0, "the plug-in was not built under " + pluginBin);
        Assert.Empty(copies);
    }

    private static AssemblyName[] AssemblyReferences(string path)
    {
        using var pe = new PEReader(File.OpenRead(path));
        var reader = pe.GetMetadataReader();
        return reader.AssemblyReferences.Select(h => reader.GetAssemblyReference(h).GetAssemblyName()).ToArray();
    }

    private static string? ReadAssemblyAttribute(string path, string attributeName)
    {
        using var pe = new PEReader(File.OpenRead(path));
        var reader = pe.GetMetadataReader();
        foreach (var handle in reader.GetAssemblyDefinition().GetCustomAttributes())
        {
            var attribute = reader.GetCustomAttribute(handle);
            if (attribute.Constructor.Kind != HandleKind.MemberReference)
            {
                continue;
            }

            var parent = reader.GetMemberReference((MemberReferenceHandle)attribute.Constructor).Parent;
            if (parent.Kind == HandleKind.TypeReference && reader.GetString(reader.GetTypeReference((TypeReferenceHandle)parent).Name) == attributeName)
            {
                var value = attribute.DecodeValue(new StringOnlyAttributeProvider());
                return value.FixedArguments[0].Value as string;
            }
        }

        return null;
    }

    private sealed class StringOnlyAttributeProvider : ICustomAttributeTypeProvider<object?>
    {
        public object? GetPrimitiveType(PrimitiveTypeCode typeCode) => typeCode;
        public object? GetSystemType() => null;
        public object? GetSZArrayType(object? elementType) => null;
        public object? GetTypeFromDefinition(MetadataReader reader, TypeDefinitionHandle handle, byte rawTypeKind) => null;
        public object? GetTypeFromReference(MetadataReader reader, TypeReferenceHandle handle, byte rawTypeKind) => null;
        public object? GetTypeFromSerializedName(string name) => null;
        public PrimitiveTypeCode GetUnderlyingEnumType(object? type) => PrimitiveTypeCode.Int32;
        public bool IsSystemType(object? type) => false;
    }
}
