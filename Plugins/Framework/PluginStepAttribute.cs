using System;

namespace CrmAccountability.Plugins.Framework;

/// <summary>
/// The one source of truth for a plug-in's registration: message, table, stage, filtering attributes and image.
/// crmacc pack turns these into the solution's SdkMessageProcessingSteps, the emulator runs what the package says,
/// and an architecture test keeps classes and registrations in step. Compiled into the plug-in assembly, so nothing
/// extra ships.
/// </summary>
[AttributeUsage(AttributeTargets.Class, AllowMultiple = true, Inherited = false)]
public sealed class PluginStepAttribute : Attribute
{
    public PluginStepAttribute(string message, string primaryEntity, int stage)
    {
        Message = message;
        PrimaryEntity = primaryEntity;
        Stage = stage;
    }

    public string Message { get; }

    public string PrimaryEntity { get; }

    /// <summary>10 PreValidation, 20 PreOperation, 40 PostOperation.</summary>
    public int Stage { get; }

    public bool Asynchronous { get; set; }

    public int Rank { get; set; } = 1;

    /// <summary>Comma-separated logical names; required on Update steps.</summary>
    public string? FilteringAttributes { get; set; }

    /// <summary>Alias of a pre-image, when the step needs one ("PreImage").</summary>
    public string? PreImage { get; set; }

    /// <summary>Comma-separated columns of the pre-image: exactly the columns the plug-in reads.</summary>
    public string? PreImageAttributes { get; set; }

    /// <summary>Alias of a post-image (PostOperation steps on Create and Update), when the step needs one ("PostImage").</summary>
    public string? PostImage { get; set; }

    /// <summary>Comma-separated columns of the post-image: exactly the columns the plug-in reads.</summary>
    public string? PostImageAttributes { get; set; }

    /// <summary>A stable id for the step, so upgrades update it rather than add another.</summary>
    public string? Id { get; set; }
}
