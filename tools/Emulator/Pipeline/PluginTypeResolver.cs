using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Reflection;
using System.Runtime.Loader;
using System.Security.Cryptography;
using CrmAccountability.Emulator.Solutions;

namespace CrmAccountability.Emulator.Pipeline;

/// <summary>Finds the CLR type behind a step or Custom API: the package's own DLL, a supplied assembly, or one already loaded.</summary>
internal sealed class PluginTypeResolver
{
    /// <summary>
    /// Package assemblies loaded so far, by content hash: every organisation that loads the same DLL runs the same
    /// loaded copy, so a test suite creating thousands of organisations loads and JIT-compiles it once. Each copy lives
    /// in its own collectible load context, which resolves the SDK and the framework from the host.
    /// </summary>
    private static readonly ConcurrentDictionary<string, Lazy<Assembly>> LoadedByContent = new(StringComparer.Ordinal);

    private readonly SolutionPackage _package;
    private readonly List<Assembly> _supplied;
    private readonly Dictionary<string, Assembly> _loaded = new(StringComparer.OrdinalIgnoreCase);

    public PluginTypeResolver(SolutionPackage package, IEnumerable<Assembly>? supplied)
    {
        _package = package;
        _supplied = supplied?.ToList() ?? [];
    }

    public Type Resolve(string? typeName, Guid? typeId)
    {
        var definition = _package.PluginAssemblies
            .SelectMany(a => a.Types.Select(t => (Assembly: a, Type: t)))
            .FirstOrDefault(x => (typeId != null && x.Type.Id == typeId) || (typeName != null && x.Type.TypeName == typeName));
        var name = typeName ?? definition.Type?.TypeName
            ?? throw new SolutionFormatException(_package.UniqueName, "PluginAssemblies", "no plug-in type has id " + typeId);
        var assemblyName = definition.Assembly?.Name;
        foreach (var assembly in Candidates(assemblyName))
        {
            if (assembly.GetType(name, throwOnError: false) is { } type)
            {
                return type;
            }
        }

        throw new SolutionFormatException(_package.UniqueName, "PluginAssemblies", "plug-in type '" + name + "' was not found in " + (assemblyName ?? "any supplied assembly") + "; build the plug-in assembly or pass it to LoadSolution");
    }

    private IEnumerable<Assembly> Candidates(string? assemblyName)
    {
        foreach (var assembly in _supplied.Where(a => assemblyName == null || string.Equals(a.GetName().Name, assemblyName, StringComparison.OrdinalIgnoreCase)))
        {
            yield return assembly;
        }

        if (assemblyName == null)
        {
            yield break;
        }

        var alreadyLoaded = AppDomain.CurrentDomain.GetAssemblies().FirstOrDefault(a => string.Equals(a.GetName().Name, assemblyName, StringComparison.OrdinalIgnoreCase));
        if (alreadyLoaded != null)
        {
            yield return alreadyLoaded;
        }
        else if (_package.PluginAssemblies.FirstOrDefault(a => a.Name == assemblyName)?.Content is { } bytes)
        {
            if (!_loaded.TryGetValue(assemblyName, out var loaded))
            {
                var hash = Convert.ToHexString(SHA256.HashData(bytes));
                _loaded[assemblyName] = loaded = LoadedByContent.GetOrAdd(hash, _ => new Lazy<Assembly>(() =>
                {
                    var context = new AssemblyLoadContext("package:" + assemblyName + ":" + hash[..12], isCollectible: true);
                    using var image = new MemoryStream(bytes, writable: false);
                    return context.LoadFromStream(image);
                })).Value;
            }

            yield return loaded;
        }
    }
}
