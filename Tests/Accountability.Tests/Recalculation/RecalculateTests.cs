using System;
using System.Collections.Generic;
using System.Linq;
using System.ServiceModel;
using CrmAccountability.Accountability.Tests.Properties;
using Microsoft.Xrm.Sdk;
using Microsoft.Xrm.Sdk.Query;
using Xunit;
using static CrmAccountability.Accountability.Tests.Choices;

namespace CrmAccountability.Accountability.Tests.Recalculation;

/// <summary>cra_Recalculate (DESIGN §6.3): repair any attainment from source, in resumable chunks, idempotently.</summary>
public sealed class RecalculateTests
{
    private static readonly DateTime Wednesday = new(2026, 11, 25, 15, 0, 0, DateTimeKind.Utc);

    [Fact]
    public void Recalculate_restores_corrupted_deleted_and_never_counted_rows_to_what_the_oracle_computes()
    {
        // Arrange: three days of work, then damage: a row deleted, a row's figures overwritten, a backdated import that bypassed the plug-ins.
        var org = new SalesOrg(now: Wednesday);
        var daily = org.Expect(ActivityCount, Day, 2m, configure: e => e["cra_startson"] = new DateTime(2026, 11, 23));
        var weekly = org.Expect(ActivityMinutes, Week, 300m);
        org.Call(org.Rep, new DateTime(2026, 11, 23, 10, 0, 0, DateTimeKind.Utc));
        org.Call(org.Rep, new DateTime(2026, 11, 24, 10, 0, 0, DateTimeKind.Utc));
        org.Call(org.Rep, new DateTime(2026, 11, 24, 11, 0, 0, DateTimeKind.Utc));
        org.System.Delete("cra_attainment", org.Attainment(daily, org.Rep, new DateTime(2026, 11, 23))!.Id);
        Corrupt(org, org.Attainment(weekly, org.Rep, new DateTime(2026, 11, 23))!.Id);
        org.ImportHistory(org.Rep, 3, before: new DateTime(2026, 11, 25, 12, 0, 0, DateTimeKind.Utc));

        // Act
        var (processed, changed, token) = Recalculate(org, org.Manager);

        // Assert
        Assert.Empty(token);
        Assert.True(changed >= 3, "changed " + changed);
        Assert.True(processed >= 4, "processed " + processed);
        Assert.Empty(new CountingOracle(org.System).Disagreements());
        Assert.Equal(1m, org.Actual(daily, org.Rep, new DateTime(2026, 11, 23)));
        Assert.Equal(Missed, org.Status(daily, org.Rep, new DateTime(2026, 11, 23)));
    }

    [Fact]
    public void A_second_run_changes_nothing()
    {
        var org = new SalesOrg(now: Wednesday);
        org.Expect(ActivityCount, Day, 2m, configure: e => e["cra_startson"] = new DateTime(2026, 11, 20));
        org.Call(org.Rep, new DateTime(2026, 11, 23, 10, 0, 0, DateTimeKind.Utc));
        Recalculate(org, org.Manager);

        var (processed, changed, _) = Recalculate(org, org.Manager);

        Assert.True(processed > 0);
        Assert.Equal(0, changed);
    }

    [Fact]
    public void With_a_budget_of_one_each_call_handles_one_attainment_and_the_tokens_chain_to_the_end()
    {
        // Arrange: a daily expectation from Monday 16 November: eight working days to today, Wednesday the 25th.
        var org = new SalesOrg(now: Wednesday);
        var daily = org.Expect(ActivityCount, Day, 1m, configure: e => e["cra_startson"] = new DateTime(2026, 11, 16));
        org.SetVariable("cra_WorkBatchSize", "1");
        foreach (var id in org.Attainments(daily).Select(a => a.Id))
        {
            org.System.Delete("cra_attainment", id);
        }

        // Act
        var calls = new List<(int Processed, int Changed, string Token)>();
        var token = string.Empty;
        do
        {
            calls.Add(Recalculate(org, org.Manager, token: token, expectation: daily));
            token = calls[^1].Token;
        }
        while (token.Length > 0 && calls.Count < 50);

        // Assert: 10 days, of which the 2 weekend days are processed and skipped (nothing was logged on them).
        Assert.Equal(10, calls.Sum(c => c.Processed));
        Assert.All(calls, c => Assert.Equal(1, c.Processed));
        Assert.Equal(8, org.Attainments(daily).Count);
        Assert.Empty(calls[^1].Token);
    }

    [Fact]
    public void Calls_grow_with_reps_and_expectations_not_with_history()
    {
        var costs = new[] { 10, 2_000 }.Select(history =>
        {
            var org = new SalesOrg(now: Wednesday);
            // A target out of reach, so the status (and any recognition) is the same whatever the history.
            var weekly = org.Expect(ActivityMinutes, Week, 1_000_000m);
            org.ImportHistory(org.Rep, history, before: new DateTime(2026, 11, 25, 12, 0, 0, DateTimeKind.Utc));
            Recalculate(org, org.Manager, expectation: weekly, from: new DateTime(2026, 11, 23));
            return (org.Org.Metrics.LastRequest!.ServiceCalls, org.Org.Metrics.LastRequest!.RowsReturned);
        }).ToList();

        Assert.Equal(costs[0], costs[1]);
    }

    [Fact]
    public void A_rep_without_write_access_to_expectations_cannot_recalculate()
    {
        var org = new SalesOrg();
        var rep = org.User("Rita Rep", manager: org.Manager, roles: ["Accountability Rep"]);

        var fault = Assert.Throws<FaultException<OrganizationServiceFault>>(() => Recalculate(org, rep));

        Assert.Contains("prvWritecra_expectation", fault.Detail.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_token_from_another_scope_is_refused_with_a_message()
    {
        var org = new SalesOrg(now: Wednesday);
        var daily = org.Expect(ActivityCount, Day, 1m, configure: e => e["cra_startson"] = new DateTime(2026, 11, 16));
        org.SetVariable("cra_WorkBatchSize", "1");
        var (_, _, token) = Recalculate(org, org.Manager, expectation: daily);

        var fault = Assert.Throws<FaultException<OrganizationServiceFault>>(() => Recalculate(org, org.Manager, token: token));

        Assert.Contains("issued for a different expectation, rep or date range", fault.Detail.Message, StringComparison.Ordinal);
    }

    internal static (int Processed, int Changed, string Token) Recalculate(SalesOrg org, Guid caller, string token = "", Guid? expectation = null, DateTime? from = null, DateTime? to = null)
    {
        var request = new OrganizationRequest("cra_Recalculate");
        if (token.Length > 0)
        {
            request["ContinuationToken"] = token;
        }

        if (expectation != null)
        {
            request["ExpectationId"] = new EntityReference("cra_expectation", expectation.Value);
        }

        if (from != null)
        {
            request["From"] = from.Value;
        }

        if (to != null)
        {
            request["To"] = to.Value;
        }

        var response = org.As(caller).Execute(request);
        return ((int)response["Processed"], (int)response["Changed"], (string)response["ContinuationToken"]);
    }

    private static void Corrupt(SalesOrg org, Guid attainment)
    {
        // An import with plug-ins bypassed is the one way past the guard on computed columns.
        var update = new Microsoft.Xrm.Sdk.Messages.UpdateRequest { Target = new Entity("cra_attainment", attainment) { ["cra_actual"] = 999m, ["cra_contributioncount"] = 42 } };
        update.Parameters["BypassBusinessLogicExecution"] = "CustomSync";
        org.System.Execute(update);
    }
}
