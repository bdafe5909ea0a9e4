using System;
using System.Linq;
using System.Reflection;
using CrmAccountability.Plugins.Framework;
using Microsoft.Xrm.Sdk;
using Xunit;

namespace CrmAccountability.Plugins.Tests.Architecture;

/// <summary>
/// Rules every plug-in class must keep. Dataverse caches one instance per step and calls it from many threads, so
/// an instance field that changes per execution leaks data between users (Learn: "Develop IPlugin implementations
/// as stateless").
/// </summary>
public sealed class PluginArchitectureTests
{
    private static readonly Assembly PluginAssembly = typeof(PluginBase).Assembly;

    [Fact]
    public void Plug_in_classes_hold_no_mutable_instance_state()
    {
        var pluginTypes = PluginAssembly.GetTypes().Where(t => typeof(IPlugin).IsAssignableFrom(t)).ToList();

        var mutableFields = pluginTypes
            .SelectMany(t => t.GetFields(BindingFlags.Instance | BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.DeclaredOnly)
                .Where(f => !f.IsInitOnly)
                .Select(f => t.Name + "." + f.Name))
            .ToList();

        Assert.Contains(typeof(PluginBase), pluginTypes);
        Assert.Empty(mutableFields);
    }

    [Fact]
    public void Plug_in_assembly_has_no_static_mutable_state()
    {
        var staticFields = PluginAssembly.GetTypes()
            .Where(t => !t.IsDefined(typeof(System.Runtime.CompilerServices.CompilerGeneratedAttribute)))
            .SelectMany(t => t.GetFields(BindingFlags.Static | BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.DeclaredOnly)
                .Where(f => !f.IsLiteral && !f.IsInitOnly)
                .Select(f => t.Name + "." + f.Name))
            .ToList();

        Assert.Empty(staticFields);
    }
}
