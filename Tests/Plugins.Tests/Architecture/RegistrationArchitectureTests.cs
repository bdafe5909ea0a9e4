using System;
using System.Linq;
using System.Reflection;
using CrmAccountability.Plugins.Framework;
using Microsoft.Xrm.Sdk;
using Xunit;

namespace CrmAccountability.Plugins.Tests.Architecture;

/// <summary>
/// The [PluginStep] attributes are the only registration there is (crmacc pack generates the solution's steps from
/// them), so every plug-in class must carry one and every one must be registrable as Dataverse requires.
/// </summary>
public sealed class RegistrationArchitectureTests
{
    private static readonly Type[] PluginClasses = typeof(PluginBase).Assembly.GetTypes()
        .Where(t => typeof(IPlugin).IsAssignableFrom(t) && !t.IsAbstract)
        .ToArray();

    private static readonly (Type Type, PluginStepAttribute Step)[] Steps = PluginClasses
        .SelectMany(t => t.GetCustomAttributes<PluginStepAttribute>().Select(s => (t, s)))
        .ToArray();

    [Fact]
    public void Every_plugin_class_is_registered_and_every_registration_is_on_a_plugin_class()
    {
        Assert.NotEmpty(PluginClasses);
        Assert.All(PluginClasses, t => Assert.True(t.GetCustomAttributes<PluginStepAttribute>().Any() || t.GetCustomAttribute<CustomApiAttribute>() != null, t.Name + " is neither registered on a step nor bound to a Custom API"));
        var registeredElsewhere = typeof(PluginBase).Assembly.GetTypes().Where(t => t.GetCustomAttributes<PluginStepAttribute>().Any() && !PluginClasses.Contains(t));
        Assert.Empty(registeredElsewhere);
    }

    [Fact]
    public void Update_steps_name_their_filtering_attributes_and_only_they_do()
    {
        Assert.All(Steps, s => Assert.Equal(s.Step.Message == "Update", !string.IsNullOrWhiteSpace(s.Step.FilteringAttributes)));
    }

    [Fact]
    public void Images_name_exactly_the_columns_they_carry()
    {
        Assert.All(Steps.Where(s => s.Step.PreImage != null), s => Assert.False(string.IsNullOrWhiteSpace(s.Step.PreImageAttributes), s.Type.Name + " has an image without columns"));
        Assert.All(Steps.Where(s => s.Step.PostImage != null), s => Assert.False(string.IsNullOrWhiteSpace(s.Step.PostImageAttributes), s.Type.Name + " has an image without columns"));
        Assert.All(Steps.Where(s => s.Step.Message == "Create"), s => Assert.Null(s.Step.PreImage));
        Assert.All(Steps.Where(s => s.Step.PostImage != null), s => Assert.True(s.Step.Stage == 40 && s.Step.Message is "Create" or "Update", s.Type.Name + ": post-images exist only in PostOperation of Create and Update"));
    }

    [Fact]
    public void Stages_are_Dataverse_stages_and_only_PostOperation_steps_are_asynchronous()
    {
        Assert.All(Steps, s => Assert.Contains(s.Step.Stage, new[] { 10, 20, 40 }));
        Assert.All(Steps.Where(s => s.Step.Asynchronous), s => Assert.Equal(40, s.Step.Stage));
    }

    [Fact]
    public void Every_step_has_its_own_stable_id()
    {
        var ids = Steps.Select(s => Guid.Parse(s.Step.Id!)).ToList();

        Assert.Equal(ids.Count, ids.Distinct().Count());
    }
}
