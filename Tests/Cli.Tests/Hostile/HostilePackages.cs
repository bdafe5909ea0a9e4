using System;
using System.IO;
using System.IO.Compression;
using System.Linq;
using System.Text;

namespace CrmAccountability.Cli.Tests.Hostile;

/// <summary>Bad and hostile packages, built in the test from our own packed zip (nothing big is committed).</summary>
internal static class HostilePackages
{
    public static string HostilePluginDll => Path.Combine(Packages.RepoRoot, "Tests", "Assets", "HostilePlugin", "bin", "Release", "net462", "HostilePlugin.dll");

    /// <summary>Our managed zip with its entries rewritten: <paramref name="edit"/> gets the archive being built and the original entries' bytes.</summary>
    public static string Rewrite(string path, Action<ZipArchive, Func<string, byte[]>>? edit = null, Func<string, bool>? keep = null)
    {
        using var source = ZipFile.OpenRead(Packages.Packed.Managed);
        var originals = source.Entries.ToDictionary(e => e.FullName, e =>
        {
            using var stream = e.Open();
            using var copy = new MemoryStream();
            stream.CopyTo(copy);
            return copy.ToArray();
        }, StringComparer.Ordinal);
        using (var target = ZipFile.Open(path, ZipArchiveMode.Create))
        {
            foreach (var (name, bytes) in originals.Where(o => keep?.Invoke(o.Key) ?? true))
            {
                using var stream = target.CreateEntry(name).Open();
                stream.Write(bytes);
            }

            edit?.Invoke(target, name => originals[name]);
        }

        return path;
    }

    /// <summary>Our managed zip with customizations.xml replaced by <paramref name="customizations"/>.</summary>
    public static string WithCustomizations(string path, Action<Stream> customizations)
        => Rewrite(path, (zip, _) =>
        {
            using var stream = zip.CreateEntry("customizations.xml", CompressionLevel.Fastest).Open();
            customizations(stream);
        }, keep: name => name != "customizations.xml");

    /// <summary>
    /// Our managed zip plus the HostilePlugin assembly, registered with a synchronous step on Create of account, the way a
    /// vendor's package registers its plug-ins.
    /// </summary>
    public static string WithHostilePlugin(string path)
    {
        const string assemblyId = "0b6c3c4e-4f1d-4d8a-9b57-6a3f0e2d1c11";
        const string typeId = "0b6c3c4e-4f1d-4d8a-9b57-6a3f0e2d1c12";
        const string stepId = "0b6c3c4e-4f1d-4d8a-9b57-6a3f0e2d1c13";
        const string qualified = "HostilePlugin.HostilePlugin, HostilePlugin, Version=1.0.0.0, Culture=neutral, PublicKeyToken=null";
        var file = "PluginAssemblies/HostilePlugin-" + assemblyId.ToUpperInvariant() + "/HostilePlugin.dll";
        return Rewrite(path, (zip, original) =>
        {
            var customizations = Encoding.UTF8.GetString(original("customizations.xml"));
            customizations = customizations.Replace("</SolutionPluginAssemblies>", "<PluginAssembly FullName=\"HostilePlugin, Version=1.0.0.0, Culture=neutral, PublicKeyToken=null\" PluginAssemblyId=\"" + assemblyId + "\" CustomizationLevel=\"1\"><IsolationMode>2</IsolationMode><SourceType>0</SourceType><IntroducedVersion>1.0.0.0</IntroducedVersion><FileName>/" + file + "</FileName><PluginTypes><PluginType AssemblyQualifiedName=\"" + qualified + "\" PluginTypeId=\"" + typeId + "\" Name=\"HostilePlugin.HostilePlugin\"><FriendlyName>" + typeId + "</FriendlyName></PluginType></PluginTypes></PluginAssembly></SolutionPluginAssemblies>", StringComparison.Ordinal);
            customizations = customizations.Replace("</SdkMessageProcessingSteps>", "<SdkMessageProcessingStep Name=\"HostilePlugin: Create of account\" SdkMessageProcessingStepId=\"{" + stepId + "}\"><SdkMessageId>9ebdbb1b-ea3e-db11-86a7-000a3a5473e8</SdkMessageId><PluginTypeName>" + qualified + "</PluginTypeName><PluginTypeId>" + typeId + "</PluginTypeId><PrimaryEntity>account</PrimaryEntity><AsyncAutoDelete>0</AsyncAutoDelete><InvocationSource>1</InvocationSource><Mode>0</Mode><Rank>1</Rank><EventHandlerTypeCode>4602</EventHandlerTypeCode><Stage>40</Stage><IsCustomizable>1</IsCustomizable><IsHidden>0</IsHidden><SupportedDeployment>0</SupportedDeployment><IntroducedVersion>1.0.0.0</IntroducedVersion></SdkMessageProcessingStep></SdkMessageProcessingSteps>", StringComparison.Ordinal);
            using (var stream = zip.CreateEntry("customizations.xml").Open())
            {
                stream.Write(Encoding.UTF8.GetBytes(customizations));
            }

            using (var stream = zip.CreateEntry(file).Open())
            {
                stream.Write(File.ReadAllBytes(HostilePluginDll));
            }
        }, keep: name => name != "customizations.xml");
    }

    /// <summary>An entry of <paramref name="bytes"/> bytes of <paramref name="fill"/>, streamed into the zip (never held in memory).</summary>
    public static void Filled(ZipArchive zip, string name, long bytes, byte fill, string? prefix = null)
    {
        using var stream = zip.CreateEntry(name, CompressionLevel.Fastest).Open();
        if (prefix != null)
        {
            stream.Write(Encoding.UTF8.GetBytes(prefix));
        }

        var block = Enumerable.Repeat(fill, 1 << 20).ToArray();
        for (long written = 0; written < bytes; written += block.Length)
        {
            stream.Write(block, 0, (int)Math.Min(block.Length, bytes - written));
        }
    }
}
