using System;
using System.Diagnostics;
using System.Linq;
using CrmAccountability.Emulator.Organization;
using Xunit;
using Xunit.Abstractions;
using static CrmAccountability.Accountability.Tests.Choices;

namespace CrmAccountability.Accountability.Tests.Counting;

/// <summary>
/// What one saved call costs does not grow with the rep's history (DESIGN §6.2): the same service calls and the same
/// rows handed back to the plug-in — and the same rows examined by the emulator — with 10, 1,000 or 100,000 earlier
/// calls. Time is reported, never asserted.
/// </summary>
public sealed class CostTests(ITestOutputHelper output)
{
    [Fact]
    public void Completing_a_call_costs_the_same_calls_rows_and_rows_examined_with_10_1000_and_100000_calls_of_history()
    {
        var costs = new[] { 10, 1_000, 100_000 }.Select(history =>
        {
            // Arrange
            var org = new SalesOrg();
            org.Expect(ActivityMinutes, Day, 90m, configure: e => e["cra_purposes"] = new Microsoft.Xrm.Sdk.OptionSetValueCollection { new(Prospecting) });
            org.Expect(ActivityCount, Week, 50m);
            org.ImportHistory(org.Rep, history, before: SalesOrg.Monday.Date);
            var call = org.Open("phonecall", org.Rep, c => { c["actualdurationminutes"] = 20; c["cra_purpose"] = new Microsoft.Xrm.Sdk.OptionSetValue(Prospecting); });

            // Act
            var clock = Stopwatch.StartNew();
            org.Complete("phonecall", call, SalesOrg.Monday.AddHours(-1));
            clock.Stop();

            var cost = org.Org.Metrics.LastRequest!;
            output.WriteLine(history + " calls of history: " + cost.ServiceCalls + " service calls, " + cost.RowsReturned + " rows returned to the plug-in, " + cost.RowsRead + " rows examined by the emulator, " + clock.Elapsed.TotalMilliseconds.ToString("0.0", System.Globalization.CultureInfo.InvariantCulture) + " ms");
            return cost;
        }).ToList();

        // Assert
        Assert.All(costs, c => Assert.Equal("Update", c.Message));
        Assert.Single(costs.Select(c => (c.ServiceCalls, c.RowsReturned)).Distinct());
        Assert.InRange(costs[0].ServiceCalls, 2, 40);
        Assert.InRange(costs[0].RowsReturned, 1, 40);

        // The emulator answers the plug-in's bounded queries from its indexes, as Dataverse does: the rows it examines
        // do not grow with history either.
        Assert.Single(costs.Select(c => c.RowsRead).Distinct());
    }
}
