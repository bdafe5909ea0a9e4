using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Linq;
using System.ServiceModel;
using CrmAccountability.Emulator.Metadata;
using CrmAccountability.Emulator.Query;
using CrmAccountability.Emulator.Solutions;
using CrmAccountability.Emulator.Storage;
using Microsoft.Xrm.Sdk;
using Microsoft.Xrm.Sdk.Messages;
using Microsoft.Xrm.Sdk.Query;

namespace CrmAccountability.Emulator.Pipeline;

/// <summary>
/// The event pipeline, stage by stage as Learn's "Event framework" describes it:
/// PreValidation (10) outside the transaction for the initial operation and inside it when nested; PreOperation (20);
/// the main operation (30, the platform or a Custom API's plug-in); PostOperation (40). The synchronous stages share
/// one transaction: a failure anywhere rolls back every write of the request, nested plug-in writes included.
/// Asynchronous steps are queued after commit and run on <see cref="DataverseEmulator.RunAsyncWork"/>.
/// </summary>
internal sealed class EventPipeline
{
    /// <summary>Dataverse stops a chain of plug-in calls deeper than this (Learn: "IExecutionContext.Depth").</summary>
    public const int MaximumDepth = 8;

    private readonly DataverseEmulator _org;
    private readonly object _registrationGate = new();
    private readonly ConcurrentQueue<AsyncJob> _asyncQueue = new();
    private List<StepRegistration> _steps = [];
    private Dictionary<string, CustomApiRegistration> _apis = new(StringComparer.OrdinalIgnoreCase);

    public EventPipeline(DataverseEmulator org)
    {
        _org = org;
    }

    public IReadOnlyList<StepRegistration> Steps => _steps;

    public IReadOnlyCollection<CustomApiRegistration> CustomApis => _apis.Values;

    public int PendingAsyncJobs => _asyncQueue.Count;

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
        var message = MessageName(effective);
        var (entityName, entityId) = Primary(effective);
        var input = Clone(effective.Parameters);
        var shared = new ParameterCollection();
        var output = new ParameterCollection();
        var chain = new ExecutionScope(scope?.Transaction, depth, scope?.Parent, scope?.CorrelationId ?? _org.Ids.Next(), scope?.InitiatingUserId ?? caller.UserId, scope?.OperationId ?? _org.Ids.Next());
        var (skipSync, skipAsync) = Bypass(request, caller);
        var steps = StepsFor(message, entityName).Where(s => s.Asynchronous ? !skipAsync : !skipSync).ToList();
        var outer = scope?.Transaction;
        var frame = new Frame(message, entityName, entityId, input, output, shared, caller, chain, request.RequestId);
        var legacyFrame = legacy == null ? null : LegacyFrame(frame, legacy.Message, Clone(request.Parameters));

        // Pre-images are the row before the operation, available from PreValidation on.
        frame.PreImage = entityId == Guid.Empty || message == "Create" || entityName == "none" ? null : _org.Store.Peek(entityName, entityId, outer);

        // ───── Stage 10, PreValidation: outside the transaction for the initial operation, once with the whole Target. ─────
        RunStage(frame, steps, 10, outer);
        if (legacyFrame != null)
        {
            legacyFrame.PreImage = frame.PreImage;
            RunStage(legacyFrame, legacyFrame.Steps, 10, outer);
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
                    var partFrame = frame.ForPart(CloneEntity(part.Target));
                    partFrame.Companions.AddRange(PartCompanions(partFrame, part, legacyFrame));
                    RunOperation(partFrame, steps, new UpdateRequest(), tx, asyncWork);
                }

                response = legacy == null ? Response("Update", new UpdateResponse()) : Response(legacy.Message, new OrganizationResponse());
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
                foreach (var job in tx.AfterCommit.Concat(asyncWork))
                {
                    _asyncQueue.Enqueue(job);
                }
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
        RunStage(frame, steps, 20, tx);
        foreach (var companion in frame.Companions)
        {
            companion.PreImage = frame.PreImage;
            RunStage(companion, companion.Steps, 20, tx);
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
        RunStage(frame, steps, 40, tx);
        foreach (var companion in frame.Companions)
        {
            companion.PostImage = frame.PostImage;
            RunStage(companion, companion.Steps, 40, tx);
        }

        asyncWork.AddRange(steps.Where(s => s.Asynchronous && s.Stage == 40 && Fires(s, frame)).Select(s => new AsyncJob(s, Snapshot(frame, s))));
        foreach (var companion in frame.Companions)
        {
            asyncWork.AddRange(companion.Steps.Where(s => s.Asynchronous && s.Stage == 40 && Fires(s, companion)).Select(s => new AsyncJob(s, Snapshot(companion, s))));
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

    /// <summary>Runs queued asynchronous steps, each in its own context, retrying on OperationStatus.Retry; failures become system jobs.</summary>
    public int RunAsyncWork()
    {
        var ran = 0;
        while (_asyncQueue.TryDequeue(out var job))
        {
            ran++;
            string? failure = null;
            for (var attempt = 1; attempt <= 3; attempt++)
            {
                try
                {
                    var scope = new ExecutionScope(null, job.Context.Depth, null, job.Context.CorrelationId, job.Context.InitiatingUserId, job.Context.OperationId);
                    job.Step.Instance.Value.Execute(new PluginServiceProvider(_org, job.Context, scope, job.Step.ResolvedType.FullName!));
                    failure = null;
                    break;
                }
                catch (InvalidPluginExecutionException ex) when (ex.Status == OperationStatus.Retry && attempt < 3)
                {
                    failure = ex.Message;
                }
                catch (Exception ex) when (ex is InvalidPluginExecutionException or FaultException<OrganizationServiceFault> or DataverseFaultException or InvalidOperationException or NullReferenceException or ArgumentException or KeyNotFoundException or InvalidCastException or FormatException)
                {
                    failure = ex.Message;
                    break;
                }
            }

            _org.Store.Create(_org.Caller(null), new Entity("asyncoperation")
            {
                ["name"] = job.Step.Name,
                ["operationtype"] = 1,
                ["statecode"] = new OptionSetValue(3),
                ["statuscode"] = new OptionSetValue(failure == null ? 30 : 31),
                ["message"] = failure,
                ["correlationid"] = job.Context.CorrelationId,
                ["regardingobjectid"] = null,
                ["primaryentitytype"] = job.Context.PrimaryEntityName,
            }, null);
        }

        return ran;
    }

    // ───────────────────────────── stages ─────────────────────────────

    private void RunStage(Frame frame, List<StepRegistration> steps, int stage, Transaction? tx)
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

    private static void Invoke(StepRegistration step, PluginExecutionContext context, ExecutionScope scope, DataverseEmulator org)
    {
        var provider = new PluginServiceProvider(org, context, scope, step.ResolvedType.FullName!);
        try
        {
            using var timer = org.Metrics.TimePlugin();
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

    private void Invoke(StepRegistration step, PluginExecutionContext context, ExecutionScope scope) => Invoke(step, context, scope, _org);

    private static bool Fires(StepRegistration step, Frame frame)
    {
        if (step.FilteringAttributes.Count == 0 || frame.Message != "Update")
        {
            return true;
        }

        return frame.Input.TryGetValue("Target", out var target) && target is Entity entity && step.FilteringAttributes.Any(entity.Contains);
    }

    private PluginExecutionContext BuildContext(Frame frame, StepRegistration step, int stage, int mode, bool inTransaction)
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
                context.PreEntityImages[image.EntityAlias] = _org.Store.ToEntity(table, frame.EntityId, frame.PreImage, columns);
            }

            if (image.ImageType is ImageType.PostImage or ImageType.Both && stage == 40 && frame.PostImage != null)
            {
                context.PostEntityImages[image.EntityAlias] = _org.Store.ToEntity(table, frame.EntityId, frame.PostImage, columns);
            }
        }
    }

    private PluginExecutionContext Snapshot(Frame frame, StepRegistration step)
    {
        var context = BuildContext(frame, step, 40, mode: 1, inTransaction: false);
        return context;
    }

    private List<StepRegistration> StepsFor(string message, string entityName)
        => _steps.Where(s => string.Equals(s.Message, message, StringComparison.OrdinalIgnoreCase) && (s.PrimaryEntity == null || s.PrimaryEntity == entityName)).ToList();

    // ───────────────────────────── main operation ─────────────────────────────

    private OrganizationResponse MainOperation(Frame frame, OrganizationRequest original, Transaction tx)
    {
        var store = _org.Store;
        var caller = frame.Caller;
        var security = _org.Security;
        var input = frame.Input;
        switch (original.RequestName)
        {
            case "Create":
                var target = Target<Entity>(input);
                security.CheckCreate(caller, target);
                return Response("Create", new CreateResponse(), ("id", store.Create(caller, target, tx)));
            case "Retrieve":
                var reference = Target<EntityReference>(input);
                var columns = input.TryGetValue("ColumnSet", out var cs) && cs is ColumnSet set
                    ? set
                    : throw new DataverseFaultException(DataverseFaults.InvalidArgument, "Required field 'ColumnSet' is missing");
                security.CheckRow(caller, "Read", reference.LogicalName, store.Peek(reference.LogicalName, reference.Id, tx));
                _org.Metrics.AddRowsRead(1);
                _org.Metrics.AddRowsMatched(1);
                _org.Metrics.AddRowsReturned(1);
                return Response("Retrieve", new RetrieveResponse(), ("Entity", store.Retrieve(reference.LogicalName, reference.Id, columns, tx)));
            case "Update":
                var updated = Target<Entity>(input);
                security.CheckUpdate(caller, updated, store.Peek(updated.LogicalName, updated.Id, tx));
                var concurrency = input.TryGetValue("ConcurrencyBehavior", out var behaviour) && behaviour is ConcurrencyBehavior b ? b : ConcurrencyBehavior.Default;
                store.Update(caller, updated, tx, concurrency);
                return Response("Update", new UpdateResponse());
            case "Delete":
                var deleted = Target<EntityReference>(input);
                security.CheckRow(caller, "Delete", deleted.LogicalName, store.Peek(deleted.LogicalName, deleted.Id, tx));
                store.Delete(deleted.LogicalName, deleted.Id, tx);
                return Response("Delete", new DeleteResponse());
            case "Upsert":
                var upsert = Target<Entity>(input);
                security.CheckCreate(caller, upsert);
                var (id, wasCreated) = store.Upsert(caller, upsert, tx);
                return Response("Upsert", new UpsertResponse(), ("RecordCreated", wasCreated), ("Target", new EntityReference(upsert.LogicalName, id)));
            case "RetrieveMultiple":
                var query = input.TryGetValue("Query", out var q) ? q : null;
                var found = RetrieveMultiple(query, caller, tx);
                _org.Metrics.AddRowsReturned(found.Entities.Count);
                _org.AfterQuery?.Invoke(found.EntityName ?? string.Empty);
                return Response("RetrieveMultiple", new RetrieveMultipleResponse(), ("EntityCollection", found));
            case "Associate" or "Disassociate":
                var source = Target<EntityReference>(input);
                security.CheckRow(caller, "Append", source.LogicalName, store.Peek(source.LogicalName, source.Id, tx));
                store.Associate(caller, source.LogicalName, source.Id, (Relationship)input["Relationship"], (EntityReferenceCollection)input["RelatedEntities"], original.RequestName == "Associate", tx);
                return Response(original.RequestName, new OrganizationResponse());
            case "WinOpportunity" or "LoseOpportunity":
                var close = input.TryGetValue("OpportunityClose", out var oc) && oc is Entity closeEntity
                    ? closeEntity
                    : throw new DataverseFaultException(DataverseFaults.InvalidArgument, "Required field 'OpportunityClose' is missing");
                var opportunity = close.GetAttributeValue<EntityReference>("opportunityid");
                security.CheckRow(caller, "Write", "opportunity", opportunity == null ? null : store.Peek("opportunity", opportunity.Id, tx));
                var status = input.TryGetValue("Status", out var st) && st is OptionSetValue option ? option.Value : -1;
                store.CloseOpportunity(caller, close, status, original.RequestName == "WinOpportunity", tx);
                return Response(original.RequestName, new OrganizationResponse());
            case "AddMembersTeam" or "RemoveMembersTeam":
                // Learn: AddMembersTeamRequest / RemoveMembersTeamRequest (TeamId, MemberIds) — the teammembership rows behind teammembership_association.
                var teamId = input.TryGetValue("TeamId", out var tid) && tid is Guid teamGuid && teamGuid != Guid.Empty
                    ? teamGuid
                    : throw new DataverseFaultException(DataverseFaults.InvalidArgument, "Required field 'TeamId' is missing");
                var memberIds = input.TryGetValue("MemberIds", out var mids) && mids is Guid[] ids
                    ? ids
                    : throw new DataverseFaultException(DataverseFaults.InvalidArgument, "Required field 'MemberIds' is missing");
                security.CheckRow(caller, "Write", "team", store.Peek("team", teamId, tx));
                // Adding a member twice, or removing a non-member, changes nothing (unlike Associate, which refuses a duplicate).
                var adding = original.RequestName == "AddMembersTeam";
                var users = new EntityReferenceCollection();
                users.AddRange(memberIds.Distinct().Where(member => _org.TeamsOf(member).Contains(teamId) != adding).Select(member => new EntityReference("systemuser", member)));
                store.Associate(caller, "team", teamId, new Relationship("teammembership_association"), users, adding, tx);
                return Response(original.RequestName, new OrganizationResponse());
            case "FetchXmlToQueryExpression":
                // Learn: FetchXmlToQueryExpressionRequest (FetchXml) → Query; QueryExpressionToFetchXmlRequest (Query) → FetchXml.
                var fetchXml = input.TryGetValue("FetchXml", out var fx) && fx is string text && text.Length > 0
                    ? text
                    : throw new DataverseFaultException(DataverseFaults.InvalidArgument, "Required field 'FetchXml' is missing");
                return Response(original.RequestName, new OrganizationResponse(), ("Query", QueryConversion.ToQueryExpression(FetchXmlParser.Parse(fetchXml))));
            case "QueryExpressionToFetchXml":
                var converted = (input.TryGetValue("Query", out var qe) ? qe : null) switch
                {
                    QueryExpression expression => QueryExpressionTranslator.Translate(expression),
                    QueryByAttribute byAttribute => QueryExpressionTranslator.Translate(byAttribute),
                    _ => throw new DataverseFaultException(DataverseFaults.InvalidArgument, "Required field 'Query' is missing: pass a QueryExpression or QueryByAttribute."),
                };
                return Response(original.RequestName, new OrganizationResponse(), ("FetchXml", QueryConversion.ToFetchXml(converted)));
            case "WhoAmI":
                return Response("WhoAmI", new OrganizationResponse(), ("UserId", caller.UserId), ("BusinessUnitId", caller.BusinessUnitId), ("OrganizationId", _org.OrganizationId));
            default:
                if (_apis.TryGetValue(original.RequestName ?? string.Empty, out var api))
                {
                    return RunCustomApi(api, frame, tx);
                }

                throw new DataverseFaultException(DataverseFaults.InvalidArgument, "Request not supported: the message '" + original.RequestName + "' is neither a platform message the emulator implements nor a Custom API in a loaded solution.");
        }
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
            var context = BuildContext(frame, main, 30, mode: 0, inTransaction: true);
            Invoke(main, context, frame.Scope with { Transaction = tx, Parent = context });
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

    private EntityCollection RetrieveMultiple(object? query, Storage.CallerContext caller, Transaction tx)
    {
        FetchQuery fetch = query switch
        {
            FetchExpression expression => FetchXmlParser.Parse(expression.Query ?? string.Empty),
            QueryExpression expression => QueryExpressionTranslator.Translate(expression),
            QueryByAttribute byAttribute => QueryExpressionTranslator.Translate(byAttribute),
            _ => throw new DataverseFaultException(DataverseFaults.InvalidArgument, "RetrieveMultiple needs a FetchExpression, QueryExpression or QueryByAttribute."),
        };
        var table = _org.Metadata.FindTable(fetch.Root.Name);
        if (table != null)
        {
            _org.Security.CheckPrivilege(caller, Organization.SecurityModel.PrivilegeName("Read", table), table.LogicalName);
        }

        return _org.Queries.Execute(fetch, _org.Environment(caller), _org.Metrics.AddRowsRead, tx, _org.Security.ReadFilter(caller), _org.Metrics.AddRowsMatched);
    }

    // ───────────────────────────── helpers ─────────────────────────────

    private static string MessageName(OrganizationRequest request) => request.RequestName switch
    {
        "WinOpportunity" => "Win",
        "LoseOpportunity" => "Lose",
        null => throw new DataverseFaultException(DataverseFaults.InvalidArgument, "The request has no RequestName."),
        var name => name,
    };

    private static (string Entity, Guid Id) Primary(OrganizationRequest request)
    {
        var parameters = request.Parameters;
        if (parameters.TryGetValue("Target", out var target))
        {
            return target switch
            {
                Entity entity => (entity.LogicalName, entity.Id != Guid.Empty ? entity.Id : entity.Attributes.TryGetValue(entity.LogicalName + "id", out var key) && key is Guid id ? id : Guid.Empty),
                EntityReference reference => (reference.LogicalName, reference.Id),
                _ => ("none", Guid.Empty),
            };
        }

        if (parameters.TryGetValue("OpportunityClose", out var close) && close is Entity closeEntity && closeEntity.GetAttributeValue<EntityReference>("opportunityid") is { } opportunity)
        {
            return ("opportunity", opportunity.Id);
        }

        if (parameters.TryGetValue("TeamId", out var team) && team is Guid teamId)
        {
            return ("team", teamId);
        }

        if (parameters.TryGetValue("EntityMoniker", out var moniker) && moniker is EntityReference monikerReference)
        {
            return (monikerReference.LogicalName, monikerReference.Id);
        }

        if (parameters.TryGetValue("Query", out var query))
        {
            return (query switch
            {
                QueryExpression expression => expression.EntityName,
                QueryByAttribute byAttribute => byAttribute.EntityName,
                FetchExpression fetch => TryFetchEntity(fetch.Query),
                _ => "none",
            } ?? "none", Guid.Empty);
        }

        return ("none", Guid.Empty);
    }

    private static string TryFetchEntity(string? fetchXml)
    {
        try
        {
            return FetchXmlParser.Parse(fetchXml ?? string.Empty).Root.Name;
        }
        catch (DataverseFaultException)
        {
            return "none";
        }
    }

    /// <summary>Requests cross a service boundary in Dataverse, so plug-ins never change the caller's own objects.</summary>
    private static ParameterCollection Clone(ParameterCollection parameters)
    {
        var copy = new ParameterCollection();
        foreach (var (key, value) in parameters)
        {
            copy[key] = value is Entity entity ? CloneEntity(entity) : value;
        }

        return copy;
    }

    private static Entity CloneEntity(Entity entity)
    {
        var copy = new Entity(entity.LogicalName, entity.Id) { RowVersion = entity.RowVersion, EntityState = entity.EntityState };
        foreach (var (key, value) in entity.Attributes)
        {
            copy[key] = ValueRules.Copy(value);
        }

        foreach (var (key, value) in entity.KeyAttributes)
        {
            copy.KeyAttributes[key] = value;
        }

        return copy;
    }

    private static T Target<T>(ParameterCollection parameters)
        where T : class
        => parameters.TryGetValue("Target", out var value) && value is T typed
            ? typed
            : throw new DataverseFaultException(DataverseFaults.InvalidArgument, "Required field 'Target' is missing");

    private static OrganizationResponse Response(string name, OrganizationResponse response, params (string Key, object Value)[] results)
    {
        response.ResponseName = name;
        foreach (var (key, value) in results)
        {
            response.Results[key] = value;
        }

        return response;
    }

    private static DataverseFaultException NoActiveTransaction()
        => new(DataverseFaults.NoActiveTransaction, "There is no active transaction. This error is usually caused by custom plug-ins that ignore errors from service calls and continue processing.");

    /// <summary>One message's journey through the stages.</summary>
    private sealed class Frame(string message, string entityName, Guid entityId, ParameterCollection input, ParameterCollection output, ParameterCollection shared, Storage.CallerContext caller, ExecutionScope scope, Guid? requestId)
    {
        public string Message { get; } = message;

        public string EntityName { get; } = entityName;

        public Guid EntityId { get; set; } = entityId;

        public ParameterCollection Input { get; } = input;

        public ParameterCollection Output { get; } = output;

        public ParameterCollection Shared { get; } = shared;

        public Storage.CallerContext Caller { get; } = caller;

        public ExecutionScope Scope { get; } = scope;

        public Guid? RequestId { get; } = requestId;

        public IReadOnlyDictionary<string, object?>? PreImage { get; set; }

        public IReadOnlyDictionary<string, object?>? PostImage { get; set; }

        /// <summary>For a legacy-message frame running beside an Update (SetState, Assign): the steps it runs.</summary>
        public List<StepRegistration> Steps { get; set; } = [];

        /// <summary>Legacy-message frames whose steps run at this frame's PreOperation and PostOperation.</summary>
        public List<Frame> Companions { get; } = [];

        /// <summary>One part of a split Update: same message, caller, shared variables and scope; its own Target.</summary>
        public Frame ForPart(Entity target)
        {
            var input = new ParameterCollection();
            foreach (var (key, value) in Input)
            {
                input[key] = value;
            }

            input["Target"] = target;
            return new Frame(Message, EntityName, EntityId, input, Output, Shared, Caller, Scope, RequestId) { PreImage = PreImage };
        }

    }
}

/// <summary>An asynchronous step waiting to run after its request committed.</summary>
internal sealed record AsyncJob(StepRegistration Step, PluginExecutionContext Context);
