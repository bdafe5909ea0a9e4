using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.IO;
using System.Linq;
using System.Reflection;
using System.Reflection.Metadata;
using System.Reflection.PortableExecutable;
using System.Security.Cryptography;
using System.Text;
using System.Xml.Linq;
using CrmAccountability.Emulator.Solutions;

namespace CrmAccountability.Cli.Packing;

/// <summary>One [PluginStep] attribute read from a built plug-in assembly.</summary>
internal sealed record PluginStepRegistration(string TypeName, string Message, string PrimaryEntity, int Stage, bool Asynchronous, int Rank, string? FilteringAttributes, string? PreImage, string? PreImageAttributes, Guid Id, string? PostImage = null, string? PostImageAttributes = null);

/// <summary>
/// Turns the [PluginStep] attributes on the plug-in classes (the single source of truth for registration) into the
/// PluginAssembly and SdkMessageProcessingStep elements of the package, reading the DLL with
/// System.Reflection.Metadata so that nothing is loaded or executed.
/// </summary>
internal static class PluginRegistrations
{
    public static (AssemblyName Name, IReadOnlyList<PluginStepRegistration> Steps) Read(byte[] image)
    {
        var (name, steps, _) = ReadAll(image);
        return (name, steps);
    }

    /// <summary>The [CustomApi] bindings: API unique name → implementing type.</summary>
    public static IReadOnlyDictionary<string, string> CustomApis(byte[] image) => ReadAll(image).CustomApis;

    private static (AssemblyName Name, IReadOnlyList<PluginStepRegistration> Steps, IReadOnlyDictionary<string, string> CustomApis) ReadAll(byte[] image)
    {
        using var pe = new PEReader(new MemoryStream(image));
        var reader = pe.GetMetadataReader();
        var name = reader.GetAssemblyDefinition().GetAssemblyName();
        var steps = new List<PluginStepRegistration>();
        var apis = new SortedDictionary<string, string>(StringComparer.Ordinal);
        foreach (var handle in reader.TypeDefinitions)
        {
            var type = reader.GetTypeDefinition(handle);
            var typeName = reader.GetString(type.Namespace) + "." + reader.GetString(type.Name);
            foreach (var attributeHandle in type.GetCustomAttributes())
            {
                var attribute = reader.GetCustomAttribute(attributeHandle);
                if (IsAttribute(reader, attribute, "CustomApiAttribute"))
                {
                    var uniqueName = (string)attribute.DecodeValue(new ArgumentTypes()).FixedArguments[0].Value!;
                    if (!apis.TryAdd(uniqueName, typeName))
                    {
                        throw new InvalidOperationException("Custom API " + uniqueName + " has two implementations, " + apis[uniqueName] + " and " + typeName + "; keep [CustomApi(\"" + uniqueName + "\")] on one class.");
                    }

                    continue;
                }

                if (!IsAttribute(reader, attribute, "PluginStepAttribute"))
                {
                    continue;
                }

                var value = attribute.DecodeValue(new ArgumentTypes());
                var named = value.NamedArguments.ToDictionary(a => a.Name!, a => a.Value, StringComparer.Ordinal);
                var message = (string)value.FixedArguments[0].Value!;
                steps.Add(new PluginStepRegistration(
                    typeName,
                    message,
                    (string)value.FixedArguments[1].Value!,
                    (int)value.FixedArguments[2].Value!,
                    named.TryGetValue("Asynchronous", out var async) && async is true,
                    named.TryGetValue("Rank", out var rank) && rank is int r ? r : 1,
                    named.GetValueOrDefault("FilteringAttributes") as string,
                    named.GetValueOrDefault("PreImage") as string,
                    named.GetValueOrDefault("PreImageAttributes") as string,
                    named.GetValueOrDefault("Id") is string id ? Guid.Parse(id) : StableId(typeName + ":" + message + ":" + value.FixedArguments[1].Value),
                    named.GetValueOrDefault("PostImage") as string,
                    named.GetValueOrDefault("PostImageAttributes") as string));
            }
        }

        return (name, steps, apis);
    }

    /// <summary>Adds the assembly, its types and steps to customizations.xml and solution.xml, and the DLL to the package.</summary>
    public static void AddTo(PackageFiles files, XElement customizations, XElement manifest, byte[] image)
    {
        var (name, steps, apis) = ReadAll(image);
        var assemblyId = StableId("assembly:" + name.Name);
        var fileName = "/PluginAssemblies/" + name.Name + "-" + assemblyId.ToString().ToUpperInvariant() + "/" + name.Name + ".dll";
        var types = steps.Select(s => s.TypeName).Concat(apis.Values).Distinct().Order(StringComparer.Ordinal).ToList();
        BindCustomApis(files, apis);
        var assembly = new XElement("PluginAssembly",
            new XAttribute("FullName", name.FullName),
            new XAttribute("PluginAssemblyId", assemblyId),
            new XAttribute("CustomizationLevel", "1"),
            new XElement("IsolationMode", "2"),
            new XElement("SourceType", "0"),
            new XElement("IntroducedVersion", "1.0.0.0"),
            new XElement("FileName", fileName),
            new XElement("PluginTypes", types.Select(t => new XElement("PluginType",
                new XAttribute("AssemblyQualifiedName", t + ", " + name.FullName),
                new XAttribute("PluginTypeId", StableId("type:" + t)),
                new XAttribute("Name", t),
                new XElement("FriendlyName", StableId("friendly:" + t))))));
        UnpackedLayout.Container(customizations, "SolutionPluginAssemblies").Add(assembly);
        var stepContainer = UnpackedLayout.Container(customizations, "SdkMessageProcessingSteps");
        foreach (var step in steps.OrderBy(s => s.Id))
        {
            var stepName = step.TypeName + ": " + step.Message + " of " + step.PrimaryEntity;
            var element = new XElement("SdkMessageProcessingStep",
                new XAttribute("Name", stepName),
                new XAttribute("SdkMessageProcessingStepId", "{" + step.Id + "}"),
                new XElement("SdkMessageId", SdkMessages.IdsByName.TryGetValue(step.Message, out var messageId) ? messageId : throw new InvalidOperationException(stepName + ": message " + step.Message + " has no well-known id; register it after import.")),
                new XElement("PluginTypeName", step.TypeName + ", " + name.FullName),
                new XElement("PluginTypeId", StableId("type:" + step.TypeName)),
                new XElement("PrimaryEntity", step.PrimaryEntity),
                new XElement("AsyncAutoDelete", step.Asynchronous ? "1" : "0"),
                new XElement("Description", stepName),
                new XElement("FilteringAttributes", step.FilteringAttributes ?? string.Empty),
                new XElement("InvocationSource", "1"),
                new XElement("Mode", step.Asynchronous ? "1" : "0"),
                new XElement("Rank", step.Rank),
                new XElement("EventHandlerTypeCode", "4602"),
                new XElement("Stage", step.Stage),
                new XElement("IsCustomizable", "1"),
                new XElement("IsHidden", "0"),
                new XElement("SupportedDeployment", "0"),
                new XElement("IntroducedVersion", "1.0.0.0"));
            var images = new[] { (Alias: step.PreImage, Columns: step.PreImageAttributes, Type: "0"), (Alias: step.PostImage, Columns: step.PostImageAttributes, Type: "1") }
                .Where(i => i.Alias != null)
                .Select(i => new XElement("SdkMessageProcessingStepImage",
                    new XAttribute("Name", i.Alias!),
                    new XElement("SdkMessageProcessingStepImageId", "{" + StableId("image:" + step.Id + ":" + i.Alias) + "}"),
                    new XElement("Attributes", i.Columns ?? string.Empty),
                    new XElement("EntityAlias", i.Alias),
                    new XElement("ImageType", i.Type),
                    new XElement("MessagePropertyName", step.Message == "Create" ? "id" : "Target"),
                    new XElement("IsCustomizable", "1")))
                .ToList();
            if (images.Count > 0)
            {
                element.Add(new XElement("SdkMessageProcessingStepImages", images));
            }

            stepContainer.Add(element);
        }

        var roots = manifest.Element("RootComponents")!;
        roots.Add(new XElement("RootComponent", new XAttribute("type", "91"), new XAttribute("schemaName", name.FullName), new XAttribute("behavior", "0")));
        foreach (var step in steps.OrderBy(s => s.Id))
        {
            roots.Add(new XElement("RootComponent", new XAttribute("type", "92"), new XAttribute("id", "{" + step.Id + "}"), new XAttribute("behavior", "0")));
        }

        files.Write(fileName, image);
    }

    /// <summary>
    /// Fills each bound Custom API's plugintypeid (customapis/&lt;name&gt;/customapi.xml) with its implementing type's id,
    /// in the nested form Dataverse exports. An attribute naming an API the source does not define is an error.
    /// </summary>
    private static void BindCustomApis(PackageFiles files, IReadOnlyDictionary<string, string> apis)
    {
        foreach (var (uniqueName, typeName) in apis)
        {
            var path = "customapis/" + uniqueName + "/customapi.xml";
            if (!files.Contains(path))
            {
                throw new InvalidOperationException(typeName + " implements Custom API " + uniqueName + ", but the solution has no " + path + "; define the API in Solution/customapis or fix the name in [CustomApi].");
            }

            var document = files.Xml(path);
            var root = document.Root!;
            root.Element("plugintypeid")?.Remove();
            var element = new XElement("plugintypeid", new XElement("plugintypeid", StableId("type:" + typeName).ToString()));
            var after = root.Element("name");
            if (after != null)
            {
                after.AddAfterSelf(element);
            }
            else
            {
                root.Add(element);
            }

            files.WriteXml(path, document);
        }
    }

    /// <summary>A GUID that stays the same for the same name, so upgrades update components instead of duplicating them.</summary>
    public static Guid StableId(string name)
    {
        var hash = SHA256.HashData(Encoding.UTF8.GetBytes("CrmAccountability/" + name));
        hash[7] = (byte)((hash[7] & 0x0F) | 0x50);
        hash[8] = (byte)((hash[8] & 0x3F) | 0x80);
        return new Guid(hash.AsSpan(0, 16));
    }

    private static bool IsAttribute(MetadataReader reader, CustomAttribute attribute, string attributeName)
    {
        if (attribute.Constructor.Kind != HandleKind.MethodDefinition)
        {
            return false;
        }

        var declaring = reader.GetMethodDefinition((MethodDefinitionHandle)attribute.Constructor).GetDeclaringType();
        return reader.GetString(reader.GetTypeDefinition(declaring).Name) == attributeName;
    }

    private sealed class ArgumentTypes : ICustomAttributeTypeProvider<Type>
    {
        public Type GetPrimitiveType(PrimitiveTypeCode typeCode) => typeCode switch
        {
            PrimitiveTypeCode.Boolean => typeof(bool),
            PrimitiveTypeCode.Int32 => typeof(int),
            PrimitiveTypeCode.String => typeof(string),
            _ => typeof(object),
        };

        public Type GetSystemType() => typeof(Type);

        public Type GetSZArrayType(Type elementType) => elementType.MakeArrayType();

        public Type GetTypeFromDefinition(MetadataReader reader, TypeDefinitionHandle handle, byte rawTypeKind) => typeof(object);

        public Type GetTypeFromReference(MetadataReader reader, TypeReferenceHandle handle, byte rawTypeKind) => typeof(object);

        public Type GetTypeFromSerializedName(string name) => typeof(object);

        public PrimitiveTypeCode GetUnderlyingEnumType(Type type) => PrimitiveTypeCode.Int32;

        public bool IsSystemType(Type type) => type == typeof(Type);
    }
}
