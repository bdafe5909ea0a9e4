using System;
using CrmAccountability.Plugins.Counting;
using CrmAccountability.Plugins.Tests.Framework;
using Microsoft.Xrm.Sdk;
using Xunit;

namespace CrmAccountability.Plugins.Tests.Counting;

/// <summary>A step registered without the images the plug-in reads (an edited registration) fails with a message an admin can act on.</summary>
public sealed class MisconfiguredStepTests
{
    [Theory]
    [InlineData("Update", "pre-image named PreImage")]
    [InlineData("Delete", "pre-image named PreImage")]
    public void A_counting_step_without_its_pre_image_says_what_is_missing_and_how_to_restore_it(string message, string missing)
    {
        // Arrange
        var host = new FakePluginHost();
        host.Context.MessageName = message;
        host.Context.InputParameters["Target"] = new Entity("phonecall", host.Context.PrimaryEntityId);
        host.Context.PostEntityImages["PostImage"] = new Entity("phonecall", host.Context.PrimaryEntityId);

        // Act
        var error = Assert.Throws<InvalidPluginExecutionException>(() => new CountActivityPlugin().Execute(host));

        // Assert
        Assert.Contains(missing, error.Message, StringComparison.Ordinal);
        Assert.Contains("Re-import the CrmAccountability solution", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_create_step_without_its_post_image_says_so()
    {
        var host = new FakePluginHost();
        host.Context.InputParameters["Target"] = new Entity("phonecall", host.Context.PrimaryEntityId);

        var error = Assert.Throws<InvalidPluginExecutionException>(() => new CountActivityPlugin().Execute(host));

        Assert.Contains("post-image named PostImage", error.Message, StringComparison.Ordinal);
    }
}
