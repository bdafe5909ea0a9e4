using System;
using System.Linq;
using System.ServiceModel;
using CrmAccountability.Plugins.Framework;
using Microsoft.Xrm.Sdk;
using Xunit;

namespace CrmAccountability.Plugins.Tests.Framework;

public sealed class PluginBaseTests
{
    [Fact]
    public void Execute_traces_entry_and_exit_with_message_stage_depth_and_correlation_id()
    {
        // Arrange
        var host = new FakePluginHost();
        var plugin = new DelegatePlugin(_ => { });

        // Act
        plugin.Execute(host);

        // Assert
        var entry = host.TraceLines.First();
        Assert.Contains("Entered DelegatePlugin: Create of phonecall 44444444-4444-4444-8444-444444444444, stage 40, mode 0, depth 1", entry, StringComparison.Ordinal);
        Assert.Contains("correlation 55555555-5555-4555-8555-555555555555", entry, StringComparison.Ordinal);
        Assert.Contains("Exiting DelegatePlugin after", host.TraceLines.Last(), StringComparison.Ordinal);
        Assert.All(host.TraceLines, line => Assert.Matches(@"^\[\+\d+ms, \d+ms\] ", line));
    }

    [Fact]
    public void Operation_time_comes_from_the_execution_context_as_UTC()
    {
        var host = new FakePluginHost();
        DateTime? seen = null;

        new DelegatePlugin(context => seen = context.OperationTimeUtc).Execute(host);

        Assert.Equal(new DateTime(2026, 11, 27, 14, 30, 0, DateTimeKind.Utc), seen);
        Assert.Equal(DateTimeKind.Utc, seen!.Value.Kind);
    }

    [Fact]
    public void User_service_is_created_for_the_context_user_and_system_service_for_SYSTEM()
    {
        // Learn (IOrganizationServiceFactory.CreateOrganizationService): in a plug-in, null means SYSTEM and
        // Guid.Empty means the context's UserId.
        var host = new FakePluginHost();

        new DelegatePlugin(context =>
        {
            _ = context.UserService;
            _ = context.SystemService;
            _ = context.SystemService;
        }).Execute(host);

        Assert.Equal(new Guid?[] { Guid.Empty, null }, host.ServicesCreatedFor);
    }

    [Fact]
    public void No_organisation_service_is_created_until_one_is_used()
    {
        var host = new FakePluginHost();

        new DelegatePlugin(_ => { }).Execute(host);

        Assert.Empty(host.ServicesCreatedFor);
    }

    [Fact]
    public void InvalidPluginExecutionException_reaches_the_caller_unchanged()
    {
        var host = new FakePluginHost();
        var thrown = new InvalidPluginExecutionException("Target must be positive.");

        var caught = Assert.Throws<InvalidPluginExecutionException>(() => new DelegatePlugin(_ => throw thrown).Execute(host));

        Assert.Same(thrown, caught);
        Assert.Contains(host.TraceLines, line => line.Contains("stopped the operation: Target must be positive.", StringComparison.Ordinal));
    }

    [Fact]
    public void SDK_fault_becomes_InvalidPluginExecutionException_keeping_the_fault_as_inner_exception()
    {
        var host = new FakePluginHost();
        var fault = new FaultException<OrganizationServiceFault>(
            new OrganizationServiceFault { ErrorCode = -2147220969, Message = "account With Id = 1 Does Not Exist" },
            new FaultReason("account With Id = 1 Does Not Exist"));

        var caught = Assert.Throws<InvalidPluginExecutionException>(() => new DelegatePlugin(_ => throw fault).Execute(host));

        Assert.Same(fault, caught.InnerException);
        Assert.Equal(
            "DelegatePlugin could not complete because Dataverse refused a request: account With Id = 1 Does Not Exist (correlation id 55555555-5555-4555-8555-555555555555).",
            caught.Message);
    }

    [Fact]
    public void Unexpected_exception_is_traced_in_full_and_reported_with_the_correlation_id()
    {
        var host = new FakePluginHost();
        var bug = new InvalidOperationException("Sequence contains no elements");

        var caught = Assert.Throws<InvalidPluginExecutionException>(() => new DelegatePlugin(_ => throw bug).Execute(host));

        Assert.Same(bug, caught.InnerException);
        Assert.Contains("correlation id 55555555-5555-4555-8555-555555555555", caught.Message, StringComparison.Ordinal);
        Assert.Contains(host.TraceLines, line => line.Contains("System.InvalidOperationException: Sequence contains no elements", StringComparison.Ordinal));
        Assert.Contains("Exiting DelegatePlugin", host.TraceLines.Last(), StringComparison.Ordinal);
    }

    [Fact]
    public void Missing_platform_service_is_a_clear_error_not_a_null_reference()
    {
        var host = new FakePluginHost { ProvidesTracing = false };

        var caught = Assert.Throws<InvalidPluginExecutionException>(() => new DelegatePlugin(_ => { }).Execute(host));

        Assert.Contains("did not supply ITracingService", caught.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Trace_messages_with_braces_are_written_verbatim()
    {
        var host = new FakePluginHost();

        new DelegatePlugin(context => context.Trace("<fetch>{not a format}</fetch>")).Execute(host);

        Assert.Contains(host.TraceLines, line => line.EndsWith("<fetch>{not a format}</fetch>", StringComparison.Ordinal));
    }

    private sealed class DelegatePlugin(Action<ILocalPluginContext> body) : PluginBase
    {
        protected override void ExecuteDataversePlugin(ILocalPluginContext context) => body(context);
    }
}
