using System;
using CrmAccountability.Plugins.Framework;
using Microsoft.Xrm.Sdk;

namespace CrmAccountability.Plugins.Counting;

/// <summary>Reads the before and after of a source row from the step's images and hands them to <see cref="SourceRowEvent"/>.</summary>
public static class SourceRowSteps
{
    public static void Handle(ILocalPluginContext context, Func<ILocalPluginContext, AccountabilityReader, AttainmentEngine>? engine = null)
    {
        var execution = context.ExecutionContext;
        var table = execution.PrimaryEntityName;
        var message = execution.MessageName;
        var before = Image(execution.PreEntityImages, "PreImage");
        var after = Image(execution.PostEntityImages, "PostImage");
        if ((message == "Update" || message == "Delete") && before == null)
        {
            throw new InvalidPluginExecutionException(
                "The " + message + " step of " + table + " has no pre-image named PreImage, so the attainment it affects cannot be found. "
                + "Re-import the CrmAccountability solution to restore its step registrations.");
        }

        if ((message == "Create" || message == "Update") && after == null)
        {
            throw new InvalidPluginExecutionException(
                "The " + message + " step of " + table + " has no post-image named PostImage, so the attainment it affects cannot be counted. "
                + "Re-import the CrmAccountability solution to restore its step registrations.");
        }

        new SourceRowEvent(context, engine).Handle(table, before == null ? null : SourceRows.From(before), message == "Delete" || after == null ? null : SourceRows.From(after));
    }

    private static Entity? Image(EntityImageCollection images, string name) => images.TryGetValue(name, out var image) ? image : null;
}
