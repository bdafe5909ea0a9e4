using System;
using System.Collections.Generic;
using System.Linq;
using CrmAccountability.Emulator.Storage;
using Microsoft.Xrm.Sdk;
using Microsoft.Xrm.Sdk.Messages;

namespace CrmAccountability.Emulator.Pipeline;

/// <summary>
/// The event pipeline, stage by stage as Learn's "Event framework" describes it:
/// PreValidation (10) outside the transaction for the initial operation and inside it when nested; PreOperation (20);
/// the main operation (30, the platform or a Custom API's plug-in); PostOperation (40). The synchronous stages share
/// one transaction: a failure anywhere rolls back every write of the request, nested plug-in writes included.
/// Asynchronous steps are queued after commit and run on <see cref="DataverseEmulator.RunAsyncWork"/>.
/// The stages are here; the steps run in <see cref="StepRunner"/>; the platform's own operation is a handler listed
/// in <see cref="Operations.MessageHandlers"/>; which steps a specialized update fires is <see cref="SpecializedUpdates"/>.
/// </summary>
internal sealed class EventPipeline
{
    /// <summary>Dataverse stops a chain of plug-in calls deeper than this (Learn: "IExecutionContext.Depth").</summary>
    public const int MaximumDepth = 8;

    private readonly DataverseEmulator _org;
    private readonly object _registrationGate = new();
    private readonly StepRunner _runner;
    private readonly AsyncWork _async;
    private readonly Operations.MessageHandlers _handlers = new();
    private List<StepRegistration> _steps = [];
    private Dictionary<string, CustomApiRegistration> _apis = new(StringComparer.OrdinalIgnoreCase);

    public EventPipeline(DataverseEmulator org)
    {
        _org = org;
        _runner = new StepRunner(org);
        _async = new AsyncWork(org);
    }

    public IReadOnlyList<StepRegistration> Steps => _steps;

    public IReadOnlyCollection<CustomApiRegistration> CustomApis => _apis.Values;

    public int PendingAsyncJobs => _async.Pending;

    /// <summary>Runs queued asynchronous steps; see <see cref="AsyncWork"/>.</summary>
    public int RunAsyncWork() => _async.RunAll();

    public void Register(StepRegistration step)
    {
        if (step.Stage is not (10 or 20 or 40))
        {
            throw new ArgumentException("A step's stage is 10 (PreValidation), 20 (PreOperation) or 40 (PostOperation), not " + step.Stage + ".", nameof(step));
        }

        if (step.Asynchronous && step.Stage != 40)
        {
            throw new ArgumentException("Only PostOperation (40) steps can be asynchronous.", nameof(step));
        }

        lock (_registrationGate)
        {
            _steps = [.. _steps, step];
        }
    }

    public void Register(CustomApiRegistration api)
    {
        lock (_registrationGate)
        {
            _apis = new Dictionary<string, CustomApiRegistration>(_apis, StringComparer.OrdinalIgnoreCase) { [api.UniqueName] = api };
        }
    }

    public OrganizationResponse Execute(OrganizationRequest request, Guid? userId, ExecutionScope? scope)
    {
        var depth = (scope?.Depth ?? 0) + 1;
        if (depth > MaximumDepth)
        {
            throw new DataverseFaultException(DataverseFaults.InfiniteLoopDetected, "This workflow job was canceled because the workflow that started it included an infinite loop. Correct the workflow logic and try again.");
        }

        if (scope?.Transaction is { IsDoomed: true })
        {
            throw NoActiveTransaction();
        }

        var caller = _org.Caller(userId);

        // The deprecated messages Assign, SetState and SetStateDynamicEntity are performed as an Update of the columns
        // they set (Learn: "Behavior of specialized update operations"); their own steps still run beside it.
        var legacy = SpecializedUpdates.AsUpdate(request);
        var effective = legacy?.Update ?? request;
        var message = RequestShape.MessageName(effective);
        var (entityName, entityId) = RequestShape.Primary(effective);
        var input = RequestShape.Clone(effective.Parameters);
        var shared = new ParameterCollection();
        var output = new ParameterCollection();
        var chain = new ExecutionScope(scope?.Transaction, depth, scope?.Parent, scope?.CorrelationId ?? _org.Ids.Next(), scope?.InitiatingUserId ?? caller.UserId, scope?.OperationId ?? _org.Ids.Next());
        var (skipSync, skipAsync) = Bypass(request, caller);
        var steps = StepsFor(message, entityName).Where(s => s.Asynchronous ? !skipAsync : !skipSync).ToList();
        var outer = scope?.Transaction;
        var frame = new Frame(message, entityName, entityId, input, output, shared, caller, chain, request.RequestId);
        var legacyFrame = legacy == null ? null : LegacyFrame(frame, legacy.Message, RequestShape.Clone(request.Parameters));

        // Pre-images are the row before the operation, available from PreValidation on.
        frame.PreImage = entityId == Guid.Empty || message == "Create" || entityName == "none" ? null : _org.Store.Peek(entityName, entityId, outer);

        // ───── Stage 10, PreValidation: outside the transaction for the initial operation, once with the whole Target. ─────
        _runner.RunStage(frame, steps, 10, outer);
        if (legacyFrame != null)
        {
            legacyFrame.PreImage = frame.PreImage;
            _runner.RunStage(legacyFrame, legacyFrame.Steps, 10, outer);
        }

        var tx = outer ?? new Transaction();
        var asyncWork = new List<AsyncJob>();
        try
        {
            OrganizationResponse response;
            if (message == "Update" && input.TryGetValue("Target", out var updateTarget) && updateTarget is Entity updated)
            {
                // An Update that sets state or status (or, on a business-owned table, an owner field) together with other
                // columns runs its PreOperation and PostOperation steps once per part (Learn: "Behavior of specialized
                // update operations"); each part is written before the next begins.
                foreach (var part in SpecializedUpdates.Split(updated, _org.Metadata.FindTable(entityName)))
                {
                    var partFrame = frame.ForPart(RequestShape.CloneEntity(part.Target));
                    partFrame.Companions.AddRange(PartCompanions(partFrame, part, legacyFrame));
                    RunOperation(partFrame, steps, new UpdateRequest(), tx, asyncWork);
                }

                response = legacy == null ? RequestShape.Response("Update", new UpdateResponse()) : RequestShape.Response(legacy.Message, new OrganizationResponse());
            }
            else
            {
                if (message is "Win" or "Lose" && entityId != Guid.Empty)
                {
                    frame.Companions.Add(OpportunityCloseUpdate(frame, message == "Win", input));
                }

                response = RunOperation(frame, steps, effective, tx, asyncWork);
            }

            if (outer == null)
            {
                if (tx.IsDoomed)
                {
                    throw NoActiveTransaction();
                }

                _org.Store.Commit(tx);
                _async.Enqueue(tx.AfterCommit.Concat(asyncWork));
            }
            else
            {
                outer.AfterCommit.AddRange(asyncWork);
            }

            return response;
        }
        catch
        {
            if (outer == null)
            {
                if (!tx.IsFinished)
                {
                    _org.Store.Rollback(tx);
                }
            }
            else
            {
                // Dataverse cannot continue a transaction after a failure, even if a plug-in catches it.
                outer.IsDoomed = true;
            }

            throw;
        }
    }

    /// <summary>
    /// Learn, "Bypass custom business logic": a caller with prvBypassCustomBusinessLogic (system administrators have it)
    /// may send BypassBusinessLogicExecution = CustomSync and/or CustomAsync, or the older BypassCustomPluginExecution,
    /// and the custom steps registered on the message do not run — as a bulk import does.
    /// </summary>
    private (bool Sync, bool Async) Bypass(OrganizationRequest request, Storage.CallerContext caller)
    {
        var parameters = request.Parameters;
        var modes = parameters.TryGetValue("BypassBusinessLogicExecution", out var value) && value is string text ? text : null;
        var legacy = parameters.TryGetValue("BypassCustomPluginExecution", out var flag) && flag is true;
        if (modes == null && !legacy)
        {
            return (false, false);
        }

        if (modes != null && modes.Split(',').Select(m => m.Trim()).Any(m => m is not ("CustomSync" or "CustomAsync")))
        {
            throw new DataverseFaultException(DataverseFaults.InvalidArgument, "BypassBusinessLogicExecution takes CustomSync, CustomAsync or both, comma-separated; '" + modes + "' is not valid.");
        }

        _org.Security.CheckPrivilege(caller, legacy ? "prvBypassCustomPlugins" : "prvBypassCustomBusinessLogic");
        return legacy ? (true, true) : (modes!.Contains("CustomSync", StringComparison.Ordinal), modes.Contains("CustomAsync", StringComparison.Ordinal));
    }

    /// <summary>PreOperation, the main operation and PostOperation of one frame (one part of a split Update), inside the transaction.</summary>
    private OrganizationResponse RunOperation(Frame frame, List<StepRegistration> steps, OrganizationRequest request, Transaction tx, List<AsyncJob> asyncWork)
    {
        var entityName = frame.EntityName;
        var message = frame.Message;

        // Re-read inside the transaction: PreValidation may have run outside it, and the row may have moved since.
        frame.PreImage = frame.EntityId == Guid.Empty || message == "Create" || entityName == "none" ? null : _org.Store.Peek(entityName, frame.EntityId, tx);

        // ───── Stage 20, PreOperation. ─────
        _runner.RunStage(frame, steps, 20, tx);
        foreach (var companion in frame.Companions)
        {
            companion.PreImage = frame.PreImage;
            _runner.RunStage(companion, companion.Steps, 20, tx);
        }

        // ───── Stage 30, main operation. ─────
        var response = MainOperation(frame, request, tx);
        foreach (var (key, value) in response.Results)
        {
            frame.Output[key] = value;
        }

        if (message == "Create" && response.Results.TryGetValue("id", out var created) && created is Guid newId)
        {
            frame.EntityId = newId;
        }

        frame.PostImage = frame.EntityId == Guid.Empty || message == "Delete" || entityName == "none" ? null : _org.Store.Peek(entityName, frame.EntityId, tx);

        // ───── Stage 40, PostOperation (synchronous). ─────
        _runner.RunStage(frame, steps, 40, tx);
        foreach (var companion in frame.Companions)
        {
            companion.PostImage = frame.PostImage;
            _runner.RunStage(companion, companion.Steps, 40, tx);
        }

        asyncWork.AddRange(steps.Where(s => s.Asynchronous && s.Stage == 40 && StepRunner.Fires(s, frame)).Select(s => new AsyncJob(s, _runner.Snapshot(frame, s))));
        foreach (var companion in frame.Companions)
        {
            asyncWork.AddRange(companion.Steps.Where(s => s.Asynchronous && s.Stage == 40 && StepRunner.Fires(s, companion)).Select(s => new AsyncJob(s, _runner.Snapshot(companion, s))));
        }

        return response;
    }

    /// <summary>
    /// The legacy-message steps that run with one part of an Update: SetState and SetStateDynamicEntity steps with the
    /// state part, Assign steps with the owner part — with the parameters those messages carry.
    /// </summary>
    private IEnumerable<Frame> PartCompanions(Frame part, SpecializedUpdates.UpdatePart split, Frame? legacyFrame)
    {
        if (legacyFrame != null && legacyFrame.Message is "SetState" or "SetStateDynamicEntity" && split.Kind == SpecializedUpdates.PartKind.State)
        {
            // The client sent SetState or SetStateDynamicEntity: those steps get its parameters; the other state
            // message's steps run too, each under its own message name.
            yield return legacyFrame;
            var other = legacyFrame.Message == "SetState" ? "SetStateDynamicEntity" : "SetState";
            yield return new Frame(other, part.EntityName, part.EntityId, legacyFrame.Input, [], part.Shared, part.Caller, part.Scope, part.RequestId) { Steps = StepsFor(other, part.EntityName) };
            yield break;
        }

        if (legacyFrame != null && legacyFrame.Message == "Assign" && split.Target.Contains("ownerid"))
        {
            yield return legacyFrame;
            yield break;
        }

        if (split.Kind == SpecializedUpdates.PartKind.State)
        {
            var target = split.Target;
            var input = new ParameterCollection
            {
                ["EntityMoniker"] = new EntityReference(part.EntityName, part.EntityId),
                ["State"] = target.GetAttributeValue<OptionSetValue>("statecode") ?? new OptionSetValue(-1),
                ["Status"] = target.GetAttributeValue<OptionSetValue>("statuscode") ?? new OptionSetValue(-1),
            };
            foreach (var message in new[] { "SetStateDynamicEntity", "SetState" })
            {
                yield return new Frame(message, part.EntityName, part.EntityId, input, [], part.Shared, part.Caller, part.Scope, part.RequestId) { Steps = StepsFor(message, part.EntityName) };
            }
        }

        if (split.Target.Contains("ownerid"))
        {
            var input = new ParameterCollection
            {
                ["Target"] = new EntityReference(part.EntityName, part.EntityId),
                ["Assignee"] = split.Target["ownerid"],
            };
            yield return new Frame("Assign", part.EntityName, part.EntityId, input, [], part.Shared, part.Caller, part.Scope, part.RequestId) { Steps = StepsFor("Assign", part.EntityName) };
        }
    }

    /// <summary>
    /// Closing an opportunity changes its state, so the opportunity's Update steps that filter on state run beside the
    /// Win or Lose steps, with a Target of the state and status set (as XrmMockup's fidelity fix for Win and Lose does,
    /// delegateas/XrmMockup#288); the close columns appear in the post-image.
    /// </summary>
    private Frame OpportunityCloseUpdate(Frame close, bool won, ParameterCollection input)
    {
        var state = won ? 1 : 2;
        var status = input.TryGetValue("Status", out var requested) && requested is OptionSetValue { Value: not -1 } option
            ? option.Value
            : _org.Metadata.FindTable("opportunity")?.DefaultStatusFor(state) ?? (won ? 3 : 4);
        var target = new Entity("opportunity", close.EntityId) { ["statecode"] = new OptionSetValue(state), ["statuscode"] = new OptionSetValue(status) };
        return new Frame("Update", "opportunity", close.EntityId, new ParameterCollection { ["Target"] = target }, [], close.Shared, close.Caller, close.Scope, close.RequestId)
        {
            Steps = StepsFor("Update", "opportunity"),
        };
    }

    private Frame LegacyFrame(Frame update, string legacyMessage, ParameterCollection legacyInput)
    {
        var frame = new Frame(legacyMessage, update.EntityName, update.EntityId, legacyInput, [], update.Shared, update.Caller, update.Scope, update.RequestId);
        frame.Steps = StepsFor(legacyMessage, update.EntityName);
        return frame;
    }

    private List<StepRegistration> StepsFor(string message, string entityName)
        => _steps.Where(s => string.Equals(s.Message, message, StringComparison.OrdinalIgnoreCase) && (s.PrimaryEntity == null || s.PrimaryEntity == entityName)).ToList();

    /// <summary>Stage 30: the platform message's handler, or the Custom API's plug-in.</summary>
    private OrganizationResponse MainOperation(Frame frame, OrganizationRequest original, Transaction tx)
    {
        if (_handlers.Find(original.RequestName) is { } handler)
        {
            return handler.Execute(new Operations.OperationContext(_org, original.RequestName!, frame.Input, frame.Caller, tx));
        }

        if (_apis.TryGetValue(original.RequestName ?? string.Empty, out var api))
        {
            return RunCustomApi(api, frame, tx);
        }

        throw new DataverseFaultException(DataverseFaults.InvalidArgument, "Request not supported: the message '" + original.RequestName + "' is neither a platform message the emulator implements nor a Custom API in a loaded solution.");
    }

    private OrganizationResponse RunCustomApi(CustomApiRegistration api, Frame frame, Transaction tx)
    {
        if (api.ExecutePrivilegeName != null)
        {
            _org.Security.CheckPrivilege(frame.Caller, api.ExecutePrivilegeName);
        }

        CustomApiValidation.CheckRequest(api, frame.Input);
        var main = api.MainOperation.Value;
        if (main != null)
        {
            var context = _runner.BuildContext(frame, main, 30, mode: 0, inTransaction: true);
            _runner.Invoke(main, context, frame.Scope with { Transaction = tx, Parent = context });
        }

        var response = new OrganizationResponse { ResponseName = api.UniqueName };
        foreach (var property in api.ResponseProperties)
        {
            if (frame.Output.TryGetValue(property.UniqueName, out var value))
            {
                CustomApiValidation.CheckValue(api.UniqueName, property, value, "response property");
                response.Results[property.UniqueName] = value;
            }
        }

        return response;
    }

    private static DataverseFaultException NoActiveTransaction()
        => new(DataverseFaults.NoActiveTransaction, "There is no active transaction. This error is usually caused by custom plug-ins that ignore errors from service calls and continue processing.");
}

