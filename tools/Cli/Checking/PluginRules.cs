using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Reflection;
using System.Reflection.Metadata;
using System.Reflection.PortableExecutable;
using System.Xml.Linq;
using CrmAccountability.Emulator.Solutions;

namespace CrmAccountability.Cli.Checking;

/// <summary>
/// CRA019 plug-in assemblies and CRA020 steps, read with System.Reflection.Metadata without loading the DLL
/// (Learn, "Build and package plug-in code": .NET Framework 4.6.2, strong-named, types implementing IPlugin).
/// </summary>
internal static class PluginRules
{
    public static void Check(CheckContext c)
    {
        var types = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var assembly in c.Component("SolutionPluginAssemblies", "PluginAssembly"))
        {
            CheckAssembly(c, assembly, types);
        }

        foreach (var step in c.Component("SdkMessageProcessingSteps", "SdkMessageProcessingStep"))
        {
            CheckStep(c, step, types);
        }
    }

    private static void CheckAssembly(CheckContext c, XElement assembly, Dictionary<string, string> types)
    {
        var fullName = (string?)assembly.Attribute("FullName") ?? string.Empty;
        var fileName = assembly.Element("FileName")?.Value.Trim() ?? string.Empty;
        var listed = new List<string>();
        foreach (var type in assembly.Element("PluginTypes")?.Elements("PluginType") ?? [])
        {
            var typeName = ((string?)type.Attribute("AssemblyQualifiedName") ?? string.Empty).Split(',')[0].Trim();
            types[typeName] = CheckContext.Braced((string?)type.Attribute("PluginTypeId"));
            listed.Add(typeName);
        }

        if (assembly.Element("IsolationMode")?.Value.Trim() is { } isolation && isolation != "2")
        {
            c.Error("CRA019", "customizations.xml", fullName, "IsolationMode is " + isolation + "; Dataverse online runs plug-ins only in the sandbox (2).", "Set <IsolationMode>2</IsolationMode>.");
        }

        if (!c.Files.Contains(fileName))
        {
            return;
        }

        try
        {
            CheckAssemblyMetadata(c, fileName, fullName, listed);
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            // Read as data, a damaged DLL is a finding: System.Reflection.Metadata throws one of several exception types
            // (BadImageFormatException, SecurityException for a bad public key, …) when its tables do not parse.
            c.Error("CRA019", fileName, fullName, "The DLL's metadata cannot be read (" + ex.Message + "); it is damaged or not a plug-in assembly.", "Package the plug-in DLL as built, or export the solution again.");
        }
    }

    /// <summary>The assembly's identity, signature, target framework and plug-in types, read as metadata (never loaded, never run).</summary>
    private static void CheckAssemblyMetadata(CheckContext c, string fileName, string fullName, List<string> listed)
    {
        var image = c.Files.Read(fileName);
        using var pe = new PEReader(new MemoryStream(image));
        if (!pe.HasMetadata)
        {
            c.Error("CRA019", fileName, fullName, "The file is not a .NET assembly.", "Package the plug-in DLL built from Plugins/.");
            return;
        }

        var reader = pe.GetMetadataReader();
        var name = reader.GetAssemblyDefinition().GetAssemblyName();
        if (name.GetPublicKeyToken() is not { Length: > 0 })
        {
            c.Error("CRA019", fileName, fullName, "The assembly is not strong-named; Dataverse refuses to register unsigned plug-in assemblies.", "Sign it with the project's key (SignAssembly + AssemblyOriginatorKeyFile).");
        }

        if (!string.Equals(name.FullName, fullName, StringComparison.OrdinalIgnoreCase))
        {
            c.Error("CRA019", fileName, fullName, "FullName in customizations.xml does not match the DLL, which is '" + name.FullName + "'.", "Regenerate the PluginAssembly element from the built DLL.");
        }

        var framework = TargetFramework(reader);
        if (framework != null && !framework.StartsWith(".NETFramework,Version=v4.", StringComparison.Ordinal))
        {
            c.Error("CRA019", fileName, fullName, "The assembly targets " + framework + "; the sandbox runs .NET Framework 4.6.2.", "Target net462.");
        }

        var definitions = new Dictionary<string, TypeDefinitionHandle>(StringComparer.Ordinal);
        foreach (var handle in reader.TypeDefinitions)
        {
            definitions.TryAdd(FullTypeName(reader, handle), handle);
        }
        foreach (var typeName in listed)
        {
            if (!definitions.TryGetValue(typeName, out var handle))
            {
                c.Error("CRA019", fileName, typeName, "The plug-in type is listed but not in the DLL (import fails: \"Plug-in assembly does not contain the required types\").", "Rebuild, or remove the PluginType.");
            }
            else if (!IsPluginOrActivity(reader, handle, definitions))
            {
                c.Error("CRA019", fileName, typeName, "The type neither implements Microsoft.Xrm.Sdk.IPlugin nor derives from System.Activities.CodeActivity.", "Register only plug-in or workflow activity types.");
            }
        }
    }

    private static void CheckStep(CheckContext c, XElement step, Dictionary<string, string> types)
    {
        var name = (string?)step.Attribute("Name") ?? string.Empty;
        var stage = step.Element("Stage")?.Value.Trim();
        var mode = step.Element("Mode")?.Value.Trim();
        var message = step.Element("SdkMessageId")?.Value.Trim() ?? string.Empty;
        var messageName = Guid.TryParse(message, out var id) && SdkMessages.NamesById.TryGetValue(id, out var known) ? known : null;
        var isUpdate = messageName == "Update" || name.Contains(": Update of ", StringComparison.Ordinal);
        var isCreate = messageName == "Create" || name.Contains(": Create of ", StringComparison.Ordinal);
        if (stage is not ("10" or "20" or "40"))
        {
            c.Error("CRA020", "customizations.xml", name, "Stage " + stage + " is not 10 (PreValidation), 20 (PreOperation) or 40 (PostOperation).", "Use one of the three stages.");
        }

        if (mode == "1" && stage != "40")
        {
            c.Error("CRA020", "customizations.xml", name, "Only PostOperation (40) steps can run asynchronously.", "Make the step synchronous or move it to stage 40.");
        }

        if (!Guid.TryParse(message, out var messageGuid) || !SdkMessages.NamesById.ContainsKey(messageGuid))
        {
            c.Warn("CRA020", "customizations.xml", name, "SdkMessageId " + message + " is not one of the well-known message ids; it must exist in the target organisation.", "Check the message id, or register the step after import.");
        }

        var filtering = step.Element("FilteringAttributes")?.Value.Trim() ?? string.Empty;
        if (isUpdate && filtering.Length == 0)
        {
            c.Error("CRA020", "customizations.xml", name, "An Update step without filtering attributes runs on every update of the table (stricter than Dataverse, which allows it).", "List the columns the plug-in reacts to in <FilteringAttributes>.");
        }

        if (!isUpdate && filtering.Length > 0)
        {
            c.Error("CRA020", "customizations.xml", name, "Filtering attributes apply only to Update steps.", "Remove <FilteringAttributes> or register the step on Update.");
        }

        var typeName = (step.Element("PluginTypeName")?.Value ?? string.Empty).Split(',')[0].Trim();
        var typeId = CheckContext.Braced(step.Element("PluginTypeId")?.Value);
        if (!types.ContainsKey(typeName) && !types.ContainsValue(typeId))
        {
            c.Error("CRA020", "customizations.xml", name, "The step's plug-in type " + typeName + " is not a PluginType of any assembly in the package.", "Add the type to its PluginAssembly or correct PluginTypeName.");
        }

        foreach (var image in step.Element("SdkMessageProcessingStepImages")?.Elements("SdkMessageProcessingStepImage") ?? [])
        {
            var imageName = (string?)image.Attribute("Name") ?? string.Empty;
            var type = image.Element("ImageType")?.Value.Trim();
            if (type is not ("0" or "1" or "2"))
            {
                c.Error("CRA020", "customizations.xml", name + " image " + imageName, "ImageType " + type + " is not 0 (pre), 1 (post) or 2 (both).", "Use 0, 1 or 2.");
            }

            if (isCreate && type is "0" or "2")
            {
                c.Error("CRA020", "customizations.xml", name + " image " + imageName, "A Create step has no pre-image: the row does not exist yet.", "Use a post-image at stage 40.");
            }

            if (type is "1" or "2" && stage != "40")
            {
                c.Error("CRA020", "customizations.xml", name + " image " + imageName, "Post-images exist only at PostOperation (40).", "Use a pre-image or move the step to stage 40.");
            }

            if ((image.Element("Attributes")?.Value.Trim() ?? string.Empty).Length == 0)
            {
                c.Error("CRA020", "customizations.xml", name + " image " + imageName, "The image names no columns, so it carries every column of the row (stricter than Dataverse, which allows it).", "List exactly the columns the plug-in reads in <Attributes>.");
            }
        }
    }

    private static string? TargetFramework(MetadataReader reader)
    {
        foreach (var handle in reader.GetAssemblyDefinition().GetCustomAttributes())
        {
            var attribute = reader.GetCustomAttribute(handle);
            if (attribute.Constructor.Kind == HandleKind.MemberReference
                && reader.GetMemberReference((MemberReferenceHandle)attribute.Constructor).Parent is { Kind: HandleKind.TypeReference } parent
                && reader.GetString(reader.GetTypeReference((TypeReferenceHandle)parent).Name) == "TargetFrameworkAttribute")
            {
                var blob = reader.GetBlobReader(attribute.Value);
                blob.ReadUInt16();
                return blob.ReadSerializedString();
            }
        }

        return null;
    }

    private static string FullTypeName(MetadataReader reader, TypeDefinitionHandle handle)
    {
        var type = reader.GetTypeDefinition(handle);
        var name = reader.GetString(type.Name);
        var declaring = type.GetDeclaringType();
        if (!declaring.IsNil)
        {
            return FullTypeName(reader, declaring) + "+" + name;
        }

        var ns = reader.GetString(type.Namespace);
        return ns.Length == 0 ? name : ns + "." + name;
    }

    private static bool IsPluginOrActivity(MetadataReader reader, TypeDefinitionHandle handle, Dictionary<string, TypeDefinitionHandle> definitions)
    {
        for (var depth = 0; depth < 20 && !handle.IsNil; depth++)
        {
            var type = reader.GetTypeDefinition(handle);
            foreach (var implementation in type.GetInterfaceImplementations())
            {
                var iface = reader.GetInterfaceImplementation(implementation).Interface;
                if (iface.Kind == HandleKind.TypeReference && Name(reader, (TypeReferenceHandle)iface) == "Microsoft.Xrm.Sdk.IPlugin")
                {
                    return true;
                }
            }

            switch (type.BaseType.Kind)
            {
                case HandleKind.TypeDefinition:
                    handle = (TypeDefinitionHandle)type.BaseType;
                    break;
                case HandleKind.TypeReference:
                    var baseName = Name(reader, (TypeReferenceHandle)type.BaseType);
                    if (baseName is "System.Activities.CodeActivity" or "System.Activities.AsyncCodeActivity")
                    {
                        return true;
                    }

                    return definitions.TryGetValue(baseName, out handle) && IsPluginOrActivity(reader, handle, definitions);
                default:
                    return false;
            }
        }

        return false;
    }

    private static string Name(MetadataReader reader, TypeReferenceHandle handle)
    {
        var reference = reader.GetTypeReference(handle);
        return reader.GetString(reference.Namespace) + "." + reader.GetString(reference.Name);
    }
}
