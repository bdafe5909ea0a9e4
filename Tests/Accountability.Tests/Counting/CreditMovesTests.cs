using System;
using Microsoft.Xrm.Sdk;
using Xunit;
using static CrmAccountability.Accountability.Tests.Choices;

namespace CrmAccountability.Accountability.Tests.Counting;

/// <summary>Recompute, never increment: whatever changes on a row afterwards, credit moves both ways (DESIGN §6.2).</summary>
public sealed class CreditMovesTests
{
    private static readonly DateTime Today = SalesOrg.Monday.Date;

    [Fact]
    public void Reassigning_a_completed_call_moves_its_credit_to_the_new_owner()
    {
        var org = new SalesOrg();
        var ben = org.User("Ben Rep", manager: org.Manager);
        var ana = org.Expect(ActivityCount, Day, 5m);
        var bens = org.Expect(ActivityCount, Day, 5m, rep: ben);
        var call = org.Call(org.Rep, SalesOrg.Monday.AddHours(-1));

        org.System.Update(new Entity("phonecall", call) { ["ownerid"] = new EntityReference("systemuser", ben) });

        Assert.Equal(0m, org.Actual(ana, org.Rep, Today));
        Assert.Equal(1m, org.Actual(bens, ben, Today));
    }

    [Fact]
    public void The_legacy_Assign_message_moves_credit_the_same_way()
    {
        var org = new SalesOrg();
        var ben = org.User("Ben Rep", manager: org.Manager);
        var ana = org.Expect(ActivityCount, Day, 5m);
        var bens = org.Expect(ActivityCount, Day, 5m, rep: ben);
        var call = org.Call(org.Rep, SalesOrg.Monday.AddHours(-1));

        org.System.Execute(new OrganizationRequest("Assign") { ["Target"] = new EntityReference("phonecall", call), ["Assignee"] = new EntityReference("systemuser", ben) });

        Assert.Equal(0m, org.Actual(ana, org.Rep, Today));
        Assert.Equal(1m, org.Actual(bens, ben, Today));
    }

    [Fact]
    public void The_legacy_SetState_message_counts_a_completion_and_a_reopening()
    {
        var org = new SalesOrg();
        var count = org.Expect(ActivityCount, Day, 5m);
        var call = org.Open("phonecall", org.Rep, c => c["actualend"] = SalesOrg.Monday.AddHours(-1));

        org.System.Execute(new OrganizationRequest("SetState") { ["EntityMoniker"] = new EntityReference("phonecall", call), ["State"] = new OptionSetValue(1), ["Status"] = new OptionSetValue(2) });
        var completed = org.Actual(count, org.Rep, Today);
        org.System.Execute(new OrganizationRequest("SetState") { ["EntityMoniker"] = new EntityReference("phonecall", call), ["State"] = new OptionSetValue(0), ["Status"] = new OptionSetValue(1) });

        Assert.Equal(1m, completed);
        Assert.Equal(0m, org.Actual(count, org.Rep, Today));
    }

    [Fact]
    public void One_update_that_completes_and_changes_other_columns_counts_once_on_the_new_date()
    {
        // Learn: such an Update runs the steps once for the other columns and once for the state.
        var org = new SalesOrg();
        var minutes = org.Expect(ActivityMinutes, Week, 300m);
        var call = org.Open("phonecall", org.Rep, c => { c["actualend"] = SalesOrg.Monday.AddDays(-7); c["actualdurationminutes"] = 10; });

        org.System.Update(new Entity("phonecall", call)
        {
            ["statecode"] = new OptionSetValue(1),
            ["statuscode"] = new OptionSetValue(2),
            ["actualend"] = SalesOrg.Monday.AddHours(-1),
            ["actualdurationminutes"] = 45,
            ["subject"] = "Discovery, done",
        });

        Assert.Equal(45m, org.Actual(minutes, org.Rep, Today));
        Assert.Equal(0m, org.Actual(minutes, org.Rep, Today.AddDays(-7)));
    }

    [Fact]
    public void Moving_the_actual_end_to_another_day_moves_the_credit_between_days()
    {
        var org = new SalesOrg();
        var count = org.Expect(ActivityCount, Day, 5m);
        var call = org.Call(org.Rep, SalesOrg.Monday.AddHours(-1));

        org.System.Update(new Entity("phonecall", call) { ["actualend"] = SalesOrg.Monday.AddDays(-1).AddHours(-1) });

        Assert.Equal(0m, org.Actual(count, org.Rep, Today));
        Assert.Equal(1m, org.Actual(count, org.Rep, Today.AddDays(-1)));
    }

    [Fact]
    public void Changing_the_purpose_or_the_direction_moves_a_call_in_and_out_of_a_filtered_expectation()
    {
        var org = new SalesOrg();
        var prospecting = org.Expect(ActivityCount, Day, 5m, configure: e => { e["cra_purposes"] = new OptionSetValueCollection { new(Prospecting) }; e["cra_outgoingonly"] = true; });
        var call = org.Call(org.Rep, SalesOrg.Monday.AddHours(-1), purpose: FollowUp);

        org.System.Update(new Entity("phonecall", call) { ["cra_purpose"] = new OptionSetValue(Prospecting) });
        var afterPurpose = org.Actual(prospecting, org.Rep, Today);
        org.System.Update(new Entity("phonecall", call) { ["directioncode"] = false });

        Assert.Equal(1m, afterPurpose);
        Assert.Equal(0m, org.Actual(prospecting, org.Rep, Today));
    }

    [Fact]
    public void Changing_the_duration_changes_the_minutes()
    {
        var org = new SalesOrg();
        var minutes = org.Expect(ActivityMinutes, Day, 90m);
        var call = org.Call(org.Rep, SalesOrg.Monday.AddHours(-1), minutes: 30);

        org.System.Update(new Entity("phonecall", call) { ["actualdurationminutes"] = 50 });

        Assert.Equal(50m, org.Actual(minutes, org.Rep, Today));
    }

    [Fact]
    public void Deleting_a_counted_call_takes_its_credit_away()
    {
        var org = new SalesOrg();
        var count = org.Expect(ActivityCount, Day, 5m);
        var call = org.Call(org.Rep, SalesOrg.Monday.AddHours(-1));
        org.Call(org.Rep, SalesOrg.Monday.AddHours(-2));

        org.System.Delete("phonecall", call);

        Assert.Equal(1m, org.Actual(count, org.Rep, Today));
    }

    [Fact]
    public void A_call_reassigned_to_a_team_credits_nobody()
    {
        var org = new SalesOrg();
        var team = org.Org.CreateTeam("Inside sales", members: [org.Rep]);
        var count = org.Expect(ActivityCount, Day, 5m);
        var call = org.Call(org.Rep, SalesOrg.Monday.AddHours(-1));

        org.System.Update(new Entity("phonecall", call) { ["ownerid"] = new EntityReference("team", team) });

        Assert.Equal(0m, org.Actual(count, org.Rep, Today));
    }

    [Fact]
    public void Saving_a_call_without_changing_what_counts_leaves_the_attainment_untouched()
    {
        var org = new SalesOrg();
        var count = org.Expect(ActivityCount, Day, 5m);
        var call = org.Call(org.Rep, SalesOrg.Monday.AddHours(-1));
        var before = org.Attainment(count, org.Rep, Today)!.GetAttributeValue<long>("versionnumber");

        org.System.Update(new Entity("phonecall", call) { ["subject"] = "Renamed" });
        org.System.Update(new Entity("phonecall", call) { ["statecode"] = new OptionSetValue(1), ["statuscode"] = new OptionSetValue(2) });

        Assert.Equal(before, org.Attainment(count, org.Rep, Today)!.GetAttributeValue<long>("versionnumber"));
    }
}
