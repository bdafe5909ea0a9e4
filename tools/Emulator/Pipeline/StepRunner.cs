using System;
using System.Collections.Generic;
using System.Linq;
using System.ServiceModel;
using CrmAccountability.Emulator.Solutions;
using CrmAccountability.Emulator.Storage;
using Microsoft.Xrm.Sdk;
using Microsoft.Xrm.Sdk.Query;

namespace CrmAccountability.Emulator.Pipeline;

/// <summary>
/// Runs the registered steps of one stage for a frame: the steps that fire (filtering attributes against the Target as
/// earlier stages left it), in rank order, each with its context and images; a plug-in's exception becomes the fault
/// Dataverse gives the caller.
/// </summary>
internal sealed class StepRunner(DataverseEmulator org)
{
    private readonly DataverseEmulator _org = org;

    public void RunStage(Frame frame, List<StepRegistration> steps, int stage, Transaction? tx)
    {
        foreach (var step in steps.Where(s => s.Stage == stage && !s.Asynchronous).OrderBy(s => s.Rank))
        {
            // Filtering attributes are checked against the Target as it is now, after earlier stages changed it.
            if (!Fires(step, frame))
            {
                continue;
            }

            var context = BuildContext(frame, step, stage, mode: 0, inTransaction: tx != null);
            var scope = frame.Scope with { Transaction = tx, Depth = frame.Scope.Depth, Parent = context };
            Invoke(step, context, scope);
        }
    }

    public void Invoke(StepRegistration step, PluginExecutionContext context, ExecutionScope scope)
    {
        var provider = new PluginServiceProvider(_org, context, scope, step.ResolvedType.FullName!);
        try
        {
            using var timer = _org.Metrics.TimePlugin();
            step.Instance.Value.Execute(provider);
        }
        catch (InvalidPluginExecutionException ex)
        {
            // ISV code aborted the operation: the caller sees the plug-in's message, unwrapped.
            var code = ex.ErrorCode is 0 or unchecked((int)0x80131500) ? DataverseFaults.PluginExecution : ex.ErrorCode;
            throw new DataverseFaultException(code, ex.Message);
        }
        catch (Exception ex) when (ex is FaultException<OrganizationServiceFault> or DataverseFaultException)
        {
            throw;
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            throw new DataverseFaultException(DataverseFaults.UnexpectedPluginException, "Unexpected exception from plug-in (Execute): " + step.ResolvedType.FullName + ": " + ex.GetType().FullName + ": " + ex.Message);
        }
    }

    public static bool Fires(StepRegistration step, Frame frame)
    {
        if (step.FilteringAttributes.Count == 0 || frame.Message != "Update")
        {
            return true;
        }

        return frame.Input.TryGetValue("Target", out var target) && target is Entity entity && step.FilteringAttributes.Any(entity.Contains);
    }

    public PluginExecutionContext BuildContext(Frame frame, StepRegistration step, int stage, int mode, bool inTransaction)
    {
        var user = step.RunAs ?? frame.Caller.UserId;
        var context = new PluginExecutionContext
        {
            Mode = mode,
            Depth = frame.Scope.Depth,
            MessageName = frame.Message,
            PrimaryEntityName = frame.EntityName,
            RequestId = frame.RequestId,
            InputParameters = frame.Input,
            OutputParameters = stage >= 30 ? frame.Output : [],
            SharedVariables = frame.Shared,
            UserId = user,
            InitiatingUserId = frame.Scope.InitiatingUserId,
            BusinessUnitId = _org.Caller(user == _org.SystemUserId ? null : user).BusinessUnitId,
            OrganizationId = _org.OrganizationId,
            OrganizationName = _org.OrganizationName,
            PrimaryEntityId = frame.EntityId,
            OwningExtension = new EntityReference("sdkmessageprocessingstep", step.Id) { Name = step.Name },
            CorrelationId = frame.Scope.CorrelationId,
            IsInTransaction = inTransaction,
            OperationId = frame.Scope.OperationId,
            OperationCreatedOn = _org.Clock.UtcNow,
            Stage = stage,
            ParentContext = frame.Scope.Parent,
            AuthenticatedUserId = frame.Caller.UserId,
            EnvironmentId = _org.OrganizationId.ToString(),
        };
        AddImages(frame, step, stage, context);
        return context;
    }

    private void AddImages(Frame frame, StepRegistration step, int stage, PluginExecutionContext context)
    {
        foreach (var image in step.Images)
        {
            var table = _org.Metadata.FindTable(frame.EntityName);
            if (table == null)
            {
                continue;
            }

            var columns = image.Attributes.Count == 0 ? new ColumnSet(true) : new ColumnSet([.. image.Attributes]);
            if (image.ImageType is ImageType.PreImage or ImageType.Both && frame.PreImage != null)
            {
                context.PreEntityImages[image.EntityAlias] = _org.Projection.ToEntity(table, frame.EntityId, frame.PreImage, columns);
            }

            if (image.ImageType is ImageType.PostImage or ImageType.Both && stage == 40 && frame.PostImage != null)
            {
                context.PostEntityImages[image.EntityAlias] = _org.Projection.ToEntity(table, frame.EntityId, frame.PostImage, columns);
            }
        }
    }

    public PluginExecutionContext Snapshot(Frame frame, StepRegistration step)
    {
        var context = BuildContext(frame, step, 40, mode: 1, inTransaction: false);
        return context;
    }
}
