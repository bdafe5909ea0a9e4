using System;
using System.Linq;
using System.ServiceModel;
using Microsoft.Xrm.Sdk;
using Microsoft.Xrm.Sdk.Query;
using Xunit;
using static CrmAccountability.Accountability.Tests.Choices;

namespace CrmAccountability.Accountability.Tests.Counting;

/// <summary>DESIGN §5.1: saving an expectation validates it, gives it to its people and shows every rep at 0.</summary>
public sealed class ExpectationTests
{
    [Fact]
    public void A_new_expectation_is_owned_by_its_rep_managed_by_their_manager_and_shows_the_rep_at_zero()
    {
        var org = new SalesOrg(now: SalesOrg.Monday.Date.AddHours(8));

        var expectation = org.Expect(ActivityMinutes, Day, 90m);

        var stored = org.System.Retrieve("cra_expectation", expectation, new ColumnSet("ownerid", "cra_managerid"));
        Assert.Equal(org.Rep, stored.GetAttributeValue<EntityReference>("ownerid").Id);
        Assert.Equal(org.Manager, stored.GetAttributeValue<EntityReference>("cra_managerid").Id);
        var attainment = Assert.Single(org.Attainments(expectation));
        Assert.Equal(0m, attainment.GetAttributeValue<decimal>("cra_actual"));
        Assert.Equal(90m, attainment.GetAttributeValue<decimal>("cra_target"));
        Assert.Equal(NotStarted, attainment.GetAttributeValue<OptionSetValue>("cra_status").Value);
        Assert.False(attainment.GetAttributeValue<bool>("cra_isclosed"));
    }

    [Fact]
    public void A_team_expectation_gives_every_active_member_their_own_attainment()
    {
        var org = new SalesOrg();
        var ben = org.User("Ben Rep", manager: org.Manager);
        var gone = org.User("Gil Gone", manager: org.Manager);
        org.System.Update(new Entity("systemuser", gone) { ["isdisabled"] = true });
        var team = org.Org.CreateTeam("Inside sales", members: [org.Rep, ben, gone]);

        var expectation = org.Expect(ActivityCount, Week, 20m, team: team);

        Assert.Equal(team, org.System.Retrieve("cra_expectation", expectation, new ColumnSet("ownerid")).GetAttributeValue<EntityReference>("ownerid").Id);
        Assert.Equal(new[] { org.Rep, ben }.Order(), org.Attainments(expectation).Select(a => a.GetAttributeValue<EntityReference>("cra_repid").Id).Order());
    }

    [Fact]
    public void A_team_members_activity_counts_into_their_own_team_attainment()
    {
        var org = new SalesOrg();
        var ben = org.User("Ben Rep", manager: org.Manager);
        var team = org.Org.CreateTeam("Inside sales", members: [org.Rep, ben]);
        var expectation = org.Expect(ActivityCount, Week, 20m, team: team);

        org.Call(ben, SalesOrg.Monday.AddHours(-1));

        Assert.Equal(1m, org.Actual(expectation, ben, SalesOrg.Monday.Date));
        Assert.Equal(0m, org.Actual(expectation, org.Rep, SalesOrg.Monday.Date));
    }

    [Fact]
    public void Raising_the_target_rescales_the_open_attainment()
    {
        var org = new SalesOrg();
        var expectation = org.Expect(ActivityCount, Day, 4m);
        org.Call(org.Rep, SalesOrg.Monday.AddHours(-1));

        org.As(org.Manager).Update(new Entity("cra_expectation", expectation) { ["cra_target"] = 10m });

        var attainment = org.Attainment(expectation, org.Rep, SalesOrg.Monday.Date)!;
        Assert.Equal(10m, attainment.GetAttributeValue<decimal>("cra_target"));
        Assert.Equal(10m, attainment.GetAttributeValue<decimal>("cra_percent"));
    }

    [Fact]
    public void Narrowing_what_counts_recounts_the_open_attainment()
    {
        var org = new SalesOrg();
        var expectation = org.Expect(ActivityCount, Day, 4m);
        org.Call(org.Rep, SalesOrg.Monday.AddHours(-1), purpose: FollowUp);
        org.Call(org.Rep, SalesOrg.Monday.AddHours(-2), purpose: Prospecting);

        org.As(org.Manager).Update(new Entity("cra_expectation", expectation) { ["cra_purposes"] = new OptionSetValueCollection { new(Prospecting) } });

        Assert.Equal(1m, org.Actual(expectation, org.Rep, SalesOrg.Monday.Date));
    }

    [Theory]
    [InlineData("no-one", "Set who the expectation is for")]
    [InlineData("zero-target", "The target must be a positive number; it is 0.")]
    [InlineData("stretch-below", "The stretch target (5) must be at least the target (10)")]
    [InlineData("custom-without-dates", "A custom period needs both a start and an end date.")]
    [InlineData("filters-on-deals", "they do not apply to Deals won")]
    public void An_expectation_that_cannot_be_measured_is_refused_with_a_message_the_manager_can_act_on(string problem, string message)
    {
        var org = new SalesOrg();
        var expectation = new Entity("cra_expectation") { ["cra_name"] = "Calls", ["cra_metric"] = new OptionSetValue(ActivityCount), ["cra_period"] = new OptionSetValue(Day), ["cra_target"] = 10m, ["cra_repid"] = new EntityReference("systemuser", org.Rep) };
        switch (problem)
        {
            case "no-one": expectation["cra_repid"] = null; break;
            case "zero-target": expectation["cra_target"] = 0m; break;
            case "stretch-below": expectation["cra_stretchtarget"] = 5m; break;
            case "custom-without-dates": expectation["cra_period"] = new OptionSetValue(Custom); break;
            default: expectation["cra_metric"] = new OptionSetValue(DealsWon); expectation["cra_outgoingonly"] = true; break;
        }

        var fault = Assert.Throws<FaultException<OrganizationServiceFault>>(() => org.As(org.Manager).Create(expectation));

        Assert.Contains(message, fault.Detail.Message, StringComparison.Ordinal);
        Assert.Empty(org.System.RetrieveMultiple(new QueryExpression("cra_expectation")).Entities);
        Assert.Empty(org.Attainments());
    }

    [Fact]
    public void A_custom_window_is_one_period_from_its_start_to_its_deadline()
    {
        var org = new SalesOrg();
        var guardrail = org.Expect(ActivityCount, Custom, 12m, configure: e => { e["cra_customstart"] = new DateTime(2026, 11, 20); e["cra_customend"] = new DateTime(2026, 12, 4); });

        org.Call(org.Rep, new DateTime(2026, 11, 20, 10, 0, 0, DateTimeKind.Utc));
        org.Call(org.Rep, SalesOrg.Monday.AddHours(-1));
        org.Call(org.Rep, new DateTime(2026, 11, 19, 10, 0, 0, DateTimeKind.Utc));

        var attainment = Assert.Single(org.Attainments(guardrail));
        Assert.Equal("2026-11-20..2026-12-04", attainment.GetAttributeValue<string>("cra_periodlabel"));
        Assert.Equal(new DateTime(2026, 12, 4), attainment.GetAttributeValue<DateTime>("cra_periodend").Date);
        Assert.Equal(2m, attainment.GetAttributeValue<decimal>("cra_actual"));
    }

    [Fact]
    public void Periods_are_whole_so_work_earlier_in_the_first_week_counts()
    {
        // Starts on Wednesday; the week began on Monday, and Monday's call counts.
        var org = new SalesOrg(now: new DateTime(2026, 11, 26, 12, 0, 0, DateTimeKind.Utc));
        var expectation = org.Expect(ActivityCount, Week, 10m, configure: e => e["cra_startson"] = new DateTime(2026, 11, 25));

        org.Call(org.Rep, SalesOrg.Monday.AddHours(-1));
        org.Call(org.Rep, new DateTime(2026, 11, 20, 10, 0, 0, DateTimeKind.Utc));

        var attainment = Assert.Single(org.Attainments(expectation));
        Assert.Equal("2026-W48", attainment.GetAttributeValue<string>("cra_periodlabel"));
        Assert.Equal(1m, attainment.GetAttributeValue<decimal>("cra_actual"));
    }

    [Fact]
    public void An_inactive_expectation_stops_counting()
    {
        var org = new SalesOrg();
        var expectation = org.Expect(ActivityCount, Day, 4m);
        org.As(org.Manager).Update(new Entity("cra_expectation", expectation) { ["statecode"] = new OptionSetValue(1), ["statuscode"] = new OptionSetValue(2) });

        org.Call(org.Rep, SalesOrg.Monday.AddHours(-1));

        Assert.Equal(0m, org.Actual(expectation, org.Rep, SalesOrg.Monday.Date));
    }
}
