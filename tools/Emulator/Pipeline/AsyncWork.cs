using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.ServiceModel;
using CrmAccountability.Emulator.Storage;
using Microsoft.Xrm.Sdk;

namespace CrmAccountability.Emulator.Pipeline;

/// <summary>
/// Asynchronous steps queued after their request committed, as the asynchronous service runs them: each in its own
/// context and outside any transaction, retried when the plug-in asks for it, and recorded as a system job
/// (asyncoperation) that succeeded or failed.
/// </summary>
internal sealed class AsyncWork(DataverseEmulator org)
{
    private readonly DataverseEmulator _org = org;
    private readonly ConcurrentQueue<AsyncJob> _queue = new();

    public int Pending => _queue.Count;

    public void Enqueue(IEnumerable<AsyncJob> jobs)
    {
        foreach (var job in jobs)
        {
            _queue.Enqueue(job);
        }
    }

    /// <summary>Runs queued asynchronous steps, each in its own context, retrying on OperationStatus.Retry; failures become system jobs.</summary>
    public int RunAll()
    {
        var ran = 0;
        while (_queue.TryDequeue(out var job))
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

            _org.Writer.Create(_org.Caller(null), new Entity("asyncoperation")
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
}

/// <summary>An asynchronous step waiting to run after its request committed.</summary>
internal sealed record AsyncJob(StepRegistration Step, PluginExecutionContext Context);
