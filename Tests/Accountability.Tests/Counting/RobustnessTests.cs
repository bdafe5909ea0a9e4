using System;
using System.Linq;
using System.ServiceModel;
using CrmAccountability.Emulator.Pipeline;
using Microsoft.Xrm.Sdk;
using Microsoft.Xrm.Sdk.Query;
using Xunit;
using static CrmAccountability.Accountability.Tests.Choices;

namespace CrmAccountability.Accountability.Tests.Counting;

/// <summary>Transactions, bad input and what a misbehaving neighbour cannot break.</summary>
public sealed class RobustnessTests
{
    [Fact]
    public void A_failure_later_in_the_same_save_leaves_attainment_and_recognition_untouched()
    {
        // Arrange: another solution's step, after ours, refuses the completion.
        var org = new SalesOrg();
        var expectation = org.Expect(ActivityCount, Day, 1m);
        var before = org.Attainments(expectation).Single();
        var call = org.Open("phonecall", org.Rep);
        org.Org.RegisterStep(new StepRegistration
        {
            Message = "Update", PrimaryEntity = "phonecall", Stage = 40, Rank = 99,
            Plugin = new RefusingPlugin("The call log is being audited; try again in a minute."),
        });

        // Act
        var fault = Assert.Throws<FaultException<OrganizationServiceFault>>(() => org.Complete("phonecall", call, SalesOrg.Monday.AddHours(-1)));

        // Assert
        Assert.Equal("The call log is being audited; try again in a minute.", fault.Detail.Message);
        var after = org.Attainments(expectation).Single();
        Assert.Equal(before.GetAttributeValue<long>("versionnumber"), after.GetAttributeValue<long>("versionnumber"));
        Assert.Equal(0m, after.GetAttributeValue<decimal>("cra_actual"));
        Assert.Empty(org.Recognitions());
        Assert.Equal(0, org.System.Retrieve("phonecall", call, new ColumnSet("statecode")).GetAttributeValue<OptionSetValue>("statecode").Value);
    }

    [Fact]
    public void A_negative_duration_is_refused_by_the_platform_with_the_column_named()
    {
        var org = new SalesOrg();
        org.Expect(ActivityMinutes, Day, 90m);

        var fault = Assert.Throws<FaultException<OrganizationServiceFault>>(() => org.Call(org.Rep, SalesOrg.Monday.AddHours(-1), minutes: -30));

        Assert.Contains("actualdurationminutes", fault.Detail.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_huge_duration_still_saves_and_the_figures_are_capped_at_what_the_columns_hold()
    {
        var org = new SalesOrg();
        var expectation = org.Expect(ActivityMinutes, Day, 0.01m);

        org.Call(org.Rep, SalesOrg.Monday.AddHours(-1), minutes: int.MaxValue);

        var attainment = org.Attainments(expectation).Single();
        Assert.Equal(int.MaxValue, attainment.GetAttributeValue<decimal>("cra_actual"));
        Assert.Equal(100_000_000m, attainment.GetAttributeValue<decimal>("cra_percent"));
        Assert.Equal(Exceeded, attainment.GetAttributeValue<OptionSetValue>("cra_status").Value);
    }

    [Fact]
    public void A_mistyped_setting_falls_back_to_its_default_and_the_trace_tells_the_admin()
    {
        var org = new SalesOrg();
        org.SetVariable("cra_WorkingHours", "nine to five");
        var expectation = org.Expect(ActivityMinutes, Day, 90m);

        org.Call(org.Rep, SalesOrg.Monday.AddHours(-1), minutes: 10);

        Assert.Equal(10m, org.Actual(expectation, org.Rep, SalesOrg.Monday.Date));
        Assert.Contains(org.Org.PluginTraces, t => t.Text.Contains("cra_WorkingHours is 'nine to five'", StringComparison.Ordinal));
    }

    private sealed class RefusingPlugin(string message) : IPlugin
    {
        public void Execute(IServiceProvider serviceProvider) => throw new InvalidPluginExecutionException(message);
    }
}
