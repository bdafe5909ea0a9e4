using System;
using System.Collections.Generic;
using Microsoft.Xrm.Sdk;

namespace CrmAccountability.Emulator.Pipeline;

/// <summary>One message's journey through the stages.</summary>
internal sealed class Frame(string message, string entityName, Guid entityId, ParameterCollection input, ParameterCollection output, ParameterCollection shared, Storage.CallerContext caller, ExecutionScope scope, Guid? requestId)
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
