using System;
using System.Linq;
using Microsoft.Xrm.Sdk;
using Microsoft.Xrm.Sdk.Query;
using Xunit;
using static CrmAccountability.Accountability.Tests.Choices;

namespace CrmAccountability.Accountability.Tests.Counting;

/// <summary>DESIGN §4, activity rows of the metric table and every activity filter, through the packed solution.</summary>
public sealed class ActivityCountingTests
{
    private static readonly DateTime Today = SalesOrg.Monday.Date;

    [Fact]
    public void A_completed_call_counts_its_minutes_into_the_reps_day()
    {
        var org = new SalesOrg();
        var minutes = org.Expect(ActivityMinutes, Day, 90m);

        org.Call(org.Rep, SalesOrg.Monday.AddHours(-2), minutes: 35);

        var attainment = org.Attainment(minutes, org.Rep, Today)!;
        Assert.Equal(35m, attainment.GetAttributeValue<decimal>("cra_actual"));
        Assert.Equal(1, attainment.GetAttributeValue<int>("cra_contributioncount"));
        Assert.Equal(SalesOrg.Monday.AddHours(-2), attainment.GetAttributeValue<DateTime>("cra_lastcontributionon"));
        Assert.Equal("2026-11-23", attainment.GetAttributeValue<string>("cra_periodlabel"));
        Assert.Equal(org.Rep, attainment.GetAttributeValue<EntityReference>("ownerid").Id);
    }

    [Fact]
    public void Each_of_the_four_activity_types_counts_once_when_completed()
    {
        var org = new SalesOrg();
        var count = org.Expect(ActivityCount, Day, 10m);

        foreach (var table in new[] { "phonecall", "appointment", "email", "task" })
        {
            var id = org.Open(table, org.Rep);
            org.Complete(table, id, SalesOrg.Monday.AddHours(-1));
        }

        Assert.Equal(4m, org.Actual(count, org.Rep, Today));
    }

    [Fact]
    public void Open_and_canceled_activities_do_not_count()
    {
        var org = new SalesOrg();
        var count = org.Expect(ActivityCount, Day, 10m);

        org.Open("phonecall", org.Rep, c => c["actualend"] = SalesOrg.Monday.AddHours(-1));
        var canceled = org.Open("task", org.Rep, t => t["actualend"] = SalesOrg.Monday.AddHours(-1));
        org.System.Update(new Entity("task", canceled) { ["statecode"] = new OptionSetValue(2), ["statuscode"] = new OptionSetValue(6) });

        Assert.Equal(0m, org.Actual(count, org.Rep, Today));
    }

    [Fact]
    public void A_sent_email_counts_and_an_email_that_fails_back_to_open_stops_counting()
    {
        // Email state 1 (Completed) covers Sent, Received, Pending send and Sending; Failed is state 0 again.
        var org = new SalesOrg();
        var count = org.Expect(ActivityCount, Day, 10m);
        var email = org.Open("email", org.Rep);

        org.System.Update(new Entity("email", email) { ["statecode"] = new OptionSetValue(1), ["statuscode"] = new OptionSetValue(6), ["actualend"] = SalesOrg.Monday.AddHours(-1) });
        var pending = org.Actual(count, org.Rep, Today);
        org.System.Update(new Entity("email", email) { ["statecode"] = new OptionSetValue(0), ["statuscode"] = new OptionSetValue(8) });

        Assert.Equal(1m, pending);
        Assert.Equal(0m, org.Actual(count, org.Rep, Today));
    }

    [Fact]
    public void An_activity_completed_without_an_actual_end_is_stamped_now_and_counts_today()
    {
        var org = new SalesOrg();
        var count = org.Expect(ActivityCount, Day, 10m);
        var task = org.Open("task", org.Rep);

        org.Complete("task", task);

        Assert.Equal(1m, org.Actual(count, org.Rep, Today));
        Assert.Equal(SalesOrg.Monday, org.System.Retrieve("task", task, new ColumnSet("actualend")).GetAttributeValue<DateTime>("actualend"));
    }

    [Fact]
    public void An_appointment_without_actual_minutes_falls_back_to_its_scheduled_minutes()
    {
        var org = new SalesOrg();
        var minutes = org.Expect(ActivityMinutes, Day, 90m);
        var meeting = org.Open("appointment", org.Rep, a =>
        {
            a["scheduledstart"] = SalesOrg.Monday.AddHours(-3);
            a["scheduledend"] = SalesOrg.Monday.AddHours(-2);
            a["scheduleddurationminutes"] = 60;
        });
        var call = org.Call(org.Rep, SalesOrg.Monday.AddHours(-1), minutes: null);

        org.Complete("appointment", meeting, SalesOrg.Monday.AddHours(-2));

        var attainment = org.Attainment(minutes, org.Rep, Today)!;
        Assert.Equal(60m, attainment.GetAttributeValue<decimal>("cra_actual"));
        Assert.Equal(2, attainment.GetAttributeValue<int>("cra_contributioncount"));
        Assert.NotEqual(Guid.Empty, call);
    }

    [Fact]
    public void Activity_types_narrow_what_counts()
    {
        var org = new SalesOrg();
        var callsAndEmails = org.Expect(ActivityCount, Day, 10m, configure: e => e["cra_activitytypes"] = new OptionSetValueCollection { new(PhoneCall), new(Email) });

        org.Call(org.Rep, SalesOrg.Monday.AddHours(-1));
        var task = org.Open("task", org.Rep);
        org.Complete("task", task, SalesOrg.Monday.AddHours(-1));
        var email = org.Open("email", org.Rep);
        org.Complete("email", email, SalesOrg.Monday.AddHours(-1));

        Assert.Equal(2m, org.Actual(callsAndEmails, org.Rep, Today));
    }

    [Fact]
    public void Purposes_narrow_what_counts_and_an_activity_without_a_purpose_does_not_count_then()
    {
        var org = new SalesOrg();
        var prospecting = org.Expect(ActivityMinutes, Day, 90m, configure: e => e["cra_purposes"] = new OptionSetValueCollection { new(Prospecting) });
        var any = org.Expect(ActivityMinutes, Day, 90m);

        org.Call(org.Rep, SalesOrg.Monday.AddHours(-3), minutes: 30, purpose: Prospecting);
        org.Call(org.Rep, SalesOrg.Monday.AddHours(-2), minutes: 20, purpose: FollowUp);
        org.Call(org.Rep, SalesOrg.Monday.AddHours(-1), minutes: 10);

        Assert.Equal(30m, org.Actual(prospecting, org.Rep, Today));
        Assert.Equal(60m, org.Actual(any, org.Rep, Today));
    }

    [Fact]
    public void Outgoing_only_drops_incoming_calls_and_emails_and_keeps_appointments_and_tasks()
    {
        var org = new SalesOrg();
        var outgoing = org.Expect(ActivityCount, Day, 10m, configure: e => e["cra_outgoingonly"] = true);

        org.Call(org.Rep, SalesOrg.Monday.AddHours(-1), outgoing: true);
        org.Call(org.Rep, SalesOrg.Monday.AddHours(-1), outgoing: false);
        var incomingEmail = org.Open("email", org.Rep, e => e["directioncode"] = false);
        org.Complete("email", incomingEmail, SalesOrg.Monday.AddHours(-1));
        var task = org.Open("task", org.Rep);
        org.Complete("task", task, SalesOrg.Monday.AddHours(-1));
        var meeting = org.Open("appointment", org.Rep);
        org.Complete("appointment", meeting, SalesOrg.Monday.AddHours(-1));

        Assert.Equal(3m, org.Actual(outgoing, org.Rep, Today));
    }

    [Fact]
    public void First_meetings_only_counts_a_customers_first_completed_appointment_and_nothing_else()
    {
        var org = new SalesOrg();
        var firsts = org.Expect(ActivityCount, Week, 3m, configure: e => e["cra_firstmeetingsonly"] = true);
        var contoso = org.System.Create(new Entity("account") { ["name"] = "Contoso" });
        var fabrikam = org.System.Create(new Entity("account") { ["name"] = "Fabrikam" });

        var first = Meeting(org, contoso, SalesOrg.Monday.AddHours(-5));
        var second = Meeting(org, contoso, SalesOrg.Monday.AddHours(-3));
        Meeting(org, fabrikam, SalesOrg.Monday.AddHours(-2));
        org.Call(org.Rep, SalesOrg.Monday.AddHours(-1), regarding: new EntityReference("account", contoso));

        Assert.Equal(2m, org.Actual(firsts, org.Rep, Today));
        Assert.True(IsFirst(org, first));
        Assert.False(IsFirst(org, second));
    }

    [Fact]
    public void A_backdated_appointment_takes_the_first_meeting_flag_and_the_credit_moves_to_its_owner()
    {
        var org = new SalesOrg();
        var ben = org.User("Ben Rep", manager: org.Manager);
        var anaFirsts = org.Expect(ActivityCount, Week, 3m, configure: e => e["cra_firstmeetingsonly"] = true);
        var benFirsts = org.Expect(ActivityCount, Week, 3m, rep: ben, configure: e => e["cra_firstmeetingsonly"] = true);
        var contoso = org.System.Create(new Entity("account") { ["name"] = "Contoso" });
        var anas = Meeting(org, contoso, SalesOrg.Monday.AddHours(-2));

        var bens = Meeting(org, contoso, SalesOrg.Monday.AddHours(-4), owner: ben);

        Assert.False(IsFirst(org, anas));
        Assert.True(IsFirst(org, bens));
        Assert.Equal(0m, org.Actual(anaFirsts, org.Rep, Today));
        Assert.Equal(1m, org.Actual(benFirsts, ben, Today));
    }

    [Fact]
    public void Deleting_the_first_meeting_hands_the_flag_and_the_credit_to_the_next_one()
    {
        var org = new SalesOrg();
        var firsts = org.Expect(ActivityCount, Week, 3m, configure: e => e["cra_firstmeetingsonly"] = true);
        var contoso = org.System.Create(new Entity("account") { ["name"] = "Contoso" });
        var first = Meeting(org, contoso, SalesOrg.Monday.AddHours(-5));
        var second = Meeting(org, contoso, SalesOrg.Monday.AddHours(-3));

        org.System.Delete("appointment", first);

        Assert.True(IsFirst(org, second));
        Assert.Equal(1m, org.Actual(firsts, org.Rep, Today));
    }

    [Fact]
    public void An_appointment_regarding_nothing_is_never_a_first_meeting()
    {
        var org = new SalesOrg();
        var firsts = org.Expect(ActivityCount, Week, 3m, configure: e => e["cra_firstmeetingsonly"] = true);
        var meeting = org.Open("appointment", org.Rep);

        org.Complete("appointment", meeting, SalesOrg.Monday.AddHours(-1));

        Assert.False(IsFirst(org, meeting));
        Assert.Equal(0m, org.Actual(firsts, org.Rep, Today));
    }

    [Fact]
    public void A_completed_activity_regarding_an_open_opportunity_stamps_its_last_activity()
    {
        var org = new SalesOrg();
        var deal = org.Opportunity(org.Rep, 50_000m);

        org.Call(org.Rep, SalesOrg.Monday.AddHours(-6), regarding: new EntityReference("opportunity", deal));
        org.Call(org.Rep, SalesOrg.Monday.AddHours(-2), regarding: new EntityReference("opportunity", deal));
        org.Call(org.Rep, SalesOrg.Monday.AddHours(-4), regarding: new EntityReference("opportunity", deal));

        Assert.Equal(SalesOrg.Monday.AddHours(-2), org.System.Retrieve("opportunity", deal, new ColumnSet("cra_lastactivityon")).GetAttributeValue<DateTime>("cra_lastactivityon"));
    }

    private static Guid Meeting(SalesOrg org, Guid account, DateTime endUtc, Guid? owner = null)
    {
        var id = org.Open("appointment", owner ?? org.Rep, a => a["regardingobjectid"] = new EntityReference("account", account));
        org.Complete("appointment", id, endUtc);
        return id;
    }

    private static bool IsFirst(SalesOrg org, Guid appointment)
        => org.System.Retrieve("appointment", appointment, new ColumnSet("cra_isfirstmeeting")).GetAttributeValue<bool>("cra_isfirstmeeting");
}
