using CrmAccountability.Plugins.Framework;

namespace CrmAccountability.Plugins.Counting;

/// <summary>
/// Counts phone calls, appointments, emails and tasks into attainment the moment they are saved (DESIGN §6.1): Create,
/// Update (only when a column the rules read is in the Target) and Delete, synchronously in PostOperation, inside the
/// save's transaction. Each table's images carry exactly the columns its rules read.
/// </summary>
[PluginStep("Create", "phonecall", 40, Id = "7a1e2c40-1d6b-4f0e-9b51-2f0c00000101", PostImage = "PostImage", PostImageAttributes = SourceRows.DirectedActivityColumns)]
[PluginStep("Update", "phonecall", 40, Id = "7a1e2c40-1d6b-4f0e-9b51-2f0c00000102", FilteringAttributes = SourceRows.ActivityFilter, PreImage = "PreImage", PreImageAttributes = SourceRows.DirectedActivityColumns, PostImage = "PostImage", PostImageAttributes = SourceRows.DirectedActivityColumns)]
[PluginStep("Delete", "phonecall", 40, Id = "7a1e2c40-1d6b-4f0e-9b51-2f0c00000103", PreImage = "PreImage", PreImageAttributes = SourceRows.DirectedActivityColumns)]
[PluginStep("Create", "email", 40, Id = "7a1e2c40-1d6b-4f0e-9b51-2f0c00000111", PostImage = "PostImage", PostImageAttributes = SourceRows.DirectedActivityColumns)]
[PluginStep("Update", "email", 40, Id = "7a1e2c40-1d6b-4f0e-9b51-2f0c00000112", FilteringAttributes = SourceRows.ActivityFilter, PreImage = "PreImage", PreImageAttributes = SourceRows.DirectedActivityColumns, PostImage = "PostImage", PostImageAttributes = SourceRows.DirectedActivityColumns)]
[PluginStep("Delete", "email", 40, Id = "7a1e2c40-1d6b-4f0e-9b51-2f0c00000113", PreImage = "PreImage", PreImageAttributes = SourceRows.DirectedActivityColumns)]
[PluginStep("Create", "appointment", 40, Id = "7a1e2c40-1d6b-4f0e-9b51-2f0c00000121", PostImage = "PostImage", PostImageAttributes = SourceRows.AppointmentColumns)]
[PluginStep("Update", "appointment", 40, Id = "7a1e2c40-1d6b-4f0e-9b51-2f0c00000122", FilteringAttributes = SourceRows.ActivityFilter, PreImage = "PreImage", PreImageAttributes = SourceRows.AppointmentColumns, PostImage = "PostImage", PostImageAttributes = SourceRows.AppointmentColumns)]
[PluginStep("Delete", "appointment", 40, Id = "7a1e2c40-1d6b-4f0e-9b51-2f0c00000123", PreImage = "PreImage", PreImageAttributes = SourceRows.AppointmentColumns)]
[PluginStep("Create", "task", 40, Id = "7a1e2c40-1d6b-4f0e-9b51-2f0c00000131", PostImage = "PostImage", PostImageAttributes = SourceRows.ActivityColumns)]
[PluginStep("Update", "task", 40, Id = "7a1e2c40-1d6b-4f0e-9b51-2f0c00000132", FilteringAttributes = SourceRows.ActivityFilter, PreImage = "PreImage", PreImageAttributes = SourceRows.ActivityColumns, PostImage = "PostImage", PostImageAttributes = SourceRows.ActivityColumns)]
[PluginStep("Delete", "task", 40, Id = "7a1e2c40-1d6b-4f0e-9b51-2f0c00000133", PreImage = "PreImage", PreImageAttributes = SourceRows.ActivityColumns)]
public sealed class CountActivityPlugin : PluginBase
{
    protected override void ExecuteDataversePlugin(ILocalPluginContext context) => SourceRowSteps.Handle(context);
}

/// <summary>
/// Counts opportunities (created, pipeline, won, revenue) on Create, Update and Delete. Winning and losing change the
/// opportunity's state, which reaches the Update step; registering Win and Lose as well would count the same change twice.
/// </summary>
[PluginStep("Create", "opportunity", 40, Id = "7a1e2c40-1d6b-4f0e-9b51-2f0c00000141", PostImage = "PostImage", PostImageAttributes = SourceRows.OpportunityColumns)]
[PluginStep("Update", "opportunity", 40, Id = "7a1e2c40-1d6b-4f0e-9b51-2f0c00000142", FilteringAttributes = SourceRows.OpportunityFilter, PreImage = "PreImage", PreImageAttributes = SourceRows.OpportunityColumns, PostImage = "PostImage", PostImageAttributes = SourceRows.OpportunityColumns)]
[PluginStep("Delete", "opportunity", 40, Id = "7a1e2c40-1d6b-4f0e-9b51-2f0c00000143", PreImage = "PreImage", PreImageAttributes = SourceRows.OpportunityColumns)]
public sealed class CountOpportunityPlugin : PluginBase
{
    protected override void ExecuteDataversePlugin(ILocalPluginContext context) => SourceRowSteps.Handle(context);
}

/// <summary>Counts the reviews managers hold (metric Reviews held) on Create, Update and Delete of cra_review.</summary>
[PluginStep("Create", "cra_review", 40, Id = "7a1e2c40-1d6b-4f0e-9b51-2f0c00000151", PostImage = "PostImage", PostImageAttributes = SourceRows.ReviewColumns)]
[PluginStep("Update", "cra_review", 40, Id = "7a1e2c40-1d6b-4f0e-9b51-2f0c00000152", FilteringAttributes = SourceRows.ReviewFilter, PreImage = "PreImage", PreImageAttributes = SourceRows.ReviewColumns, PostImage = "PostImage", PostImageAttributes = SourceRows.ReviewColumns)]
[PluginStep("Delete", "cra_review", 40, Id = "7a1e2c40-1d6b-4f0e-9b51-2f0c00000153", PreImage = "PreImage", PreImageAttributes = SourceRows.ReviewColumns)]
public sealed class CountReviewPlugin : PluginBase
{
    protected override void ExecuteDataversePlugin(ILocalPluginContext context) => SourceRowSteps.Handle(context);
}
