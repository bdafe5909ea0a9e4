using System;
using System.IO;
using System.Linq;
using System.Reflection;
using CrmAccountability.Plugins.Framework;
using Microsoft.Xrm.Sdk;
using Xunit;

namespace CrmAccountability.Plugins.Tests.Architecture;

/// <summary>Every Custom API the solution defines has exactly one implementing plug-in class, and every implementation names a defined API.</summary>
public sealed class CustomApiArchitectureTests
{
    [Fact]
    public void Every_custom_API_has_exactly_one_implementation_and_every_implementation_a_custom_API()
    {
        // Arrange
        var root = typeof(CustomApiArchitectureTests).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>().Single(a => a.Key == "RepoRoot").Value!;
        var defined = Directory.GetDirectories(Path.Combine(root, "Solution", "customapis")).Select(Path.GetFileName).Order(StringComparer.Ordinal).ToList();

        // Act
        var implemented = typeof(PluginBase).Assembly.GetTypes()
            .Select(t => (Type: t, Api: t.GetCustomAttribute<CustomApiAttribute>()))
            .Where(x => x.Api != null)
            .ToList();

        // Assert
        Assert.Equal(defined, implemented.Select(x => x.Api!.UniqueName).Order(StringComparer.Ordinal));
        Assert.All(implemented, x => Assert.True(typeof(IPlugin).IsAssignableFrom(x.Type) && !x.Type.IsAbstract, x.Type.Name + " is not a plug-in class"));
        Assert.All(implemented, x => Assert.Empty(x.Type.GetCustomAttributes<PluginStepAttribute>()));
    }
}
