using System;
using System.Diagnostics;
using System.Globalization;
using System.ServiceModel;
using Microsoft.Xrm.Sdk;

namespace CrmAccountability.Plugins.Framework;

/// <summary>
/// The template every plug-in class follows: resolve the context, trace entry and exit with the correlation id,
/// run one handler, and apply one exception policy. Derived classes only pick inputs out of the context and call a
/// domain class, and hold no state: Dataverse caches plug-in instances and runs them on many threads at once.
/// </summary>
/// <remarks>
/// Exception policy: an <see cref="InvalidPluginExecutionException"/> passes through unchanged (its message is meant
/// for the user). An SDK fault becomes one with the fault's message, keeping the fault as the inner exception. Any
/// other exception is traced in full and reported with the correlation id, so an admin can find the trace log.
/// </remarks>
public abstract class PluginBase : IPlugin
{
    protected PluginBase(string? unsecureConfiguration = null, string? secureConfiguration = null)
    {
        UnsecureConfiguration = unsecureConfiguration;
        SecureConfiguration = secureConfiguration;
    }

    protected string? UnsecureConfiguration { get; }

    protected string? SecureConfiguration { get; }

    public void Execute(IServiceProvider serviceProvider)
    {
        if (serviceProvider == null)
        {
            throw new InvalidPluginExecutionException("The plug-in host passed no service provider.");
        }

        var local = new LocalPluginContext(serviceProvider);
        var context = local.ExecutionContext;
        var name = GetType().Name;
        var stopwatch = Stopwatch.StartNew();
        local.Trace(string.Format(
            CultureInfo.InvariantCulture,
            "Entered {0}: {1} of {2} {3}, stage {4}, mode {5}, depth {6}, correlation {7}, operation {8}, at {9:o}",
            name,
            context.MessageName,
            context.PrimaryEntityName,
            context.PrimaryEntityId,
            context.Stage,
            context.Mode,
            context.Depth,
            context.CorrelationId,
            context.OperationId,
            local.OperationTimeUtc));

        try
        {
            ExecuteDataversePlugin(local);
        }
        catch (InvalidPluginExecutionException ex)
        {
            local.Trace(name + " stopped the operation: " + ex.Message);
            throw;
        }
        catch (FaultException<OrganizationServiceFault> fault)
        {
            local.Trace(name + " received a Dataverse fault: " + fault);
            throw new InvalidPluginExecutionException(
                string.Format(CultureInfo.InvariantCulture, "{0} could not complete because Dataverse refused a request: {1} (correlation id {2}).", name, fault.Detail?.Message ?? fault.Message, context.CorrelationId),
                fault);
        }
        catch (Exception ex) when (!(ex is OutOfMemoryException || ex is StackOverflowException))
        {
            local.Trace(name + " failed unexpectedly: " + ex);
            throw new InvalidPluginExecutionException(
                string.Format(CultureInfo.InvariantCulture, "An unexpected error occurred in {0}: {1} Ask an administrator to look up correlation id {2} in the plug-in trace log.", name, ex.Message, context.CorrelationId),
                ex);
        }
        finally
        {
            local.Trace(string.Format(CultureInfo.InvariantCulture, "Exiting {0} after {1} ms", name, stopwatch.ElapsedMilliseconds));
        }
    }

    /// <summary>The plug-in's work. Runs inside the exception policy described on the class.</summary>
    protected abstract void ExecuteDataversePlugin(ILocalPluginContext context);
}
