using System;
using System.Linq;
using System.ServiceModel;
using Microsoft.Xrm.Sdk;
using Xunit;
using static CrmAccountability.Accountability.Tests.Choices;

namespace CrmAccountability.Accountability.Tests.Explanation;

/// <summary>cra_ExplainAttainment (DESIGN §5.6): what counted, what did not and why, in words a rep understands.</summary>
public sealed class ExplainTests
{
    private static readonly DateTime Now = new(2026, 11, 24, 15, 0, 0, DateTimeKind.Utc); // Tuesday

    [Fact]
    public void Every_filter_and_period_rule_names_itself_as_the_reason_a_row_did_not_count()
    {
        // Arrange: Monday's prospecting calls, outgoing only, in Los Angeles.
        var org = new SalesOrg(now: Now, repZone: "Pacific Standard Time");
        var team = org.Org.CreateTeam("Inside sales", members: [org.Rep]);
        var expectation = org.Expect(ActivityMinutes, Day, 90m, configure: e =>
        {
            e["cra_purposes"] = new OptionSetValueCollection { new(Prospecting) };
            e["cra_outgoingonly"] = true;
            e["cra_activitytypes"] = new OptionSetValueCollection { new(PhoneCall), new(Appointment) };
        });
        var monday = new DateTime(2026, 11, 23, 18, 0, 0, DateTimeKind.Utc); // 10:00 Monday in Los Angeles
        var rep = org.As(org.Rep);
        var counted = Call(org, rep, monday, 30, Prospecting);
        Call(org, rep, monday.AddHours(1), 25, Prospecting);
        var incoming = Call(org, rep, monday, 20, Prospecting, outgoing: false);
        var followUp = Call(org, rep, monday, 15, FollowUp);
        var lateMonday = Call(org, rep, new DateTime(2026, 11, 24, 7, 40, 0, DateTimeKind.Utc), 10, Prospecting); // 23:40 Monday in Los Angeles
        var late = Call(org, rep, new DateTime(2026, 11, 24, 8, 40, 0, DateTimeKind.Utc), 10, Prospecting); // 00:40 Tuesday in LA
        var open = rep.Create(new Entity("phonecall") { ["subject"] = "Not yet", ["directioncode"] = true, ["cra_purpose"] = new OptionSetValue(Prospecting), ["actualdurationminutes"] = 5 });
        var canceled = rep.Create(new Entity("phonecall") { ["subject"] = "Never mind", ["directioncode"] = true, ["cra_purpose"] = new OptionSetValue(Prospecting) });
        rep.Update(new Entity("phonecall", canceled) { ["statecode"] = new OptionSetValue(2), ["actualend"] = monday });
        var task = rep.Create(new Entity("task") { ["subject"] = "Research", ["cra_purpose"] = new OptionSetValue(Prospecting) });
        rep.Update(new Entity("task", task) { ["statecode"] = new OptionSetValue(1), ["actualend"] = monday });
        var teamCall = Call(org, rep, monday, 40, Prospecting);
        org.System.Update(new Entity("phonecall", teamCall) { ["ownerid"] = new EntityReference("team", team) });
        var noPurpose = Call(org, rep, monday, 12, purpose: null);
        var attainment = org.Attainment(expectation, org.Rep, new DateTime(2026, 11, 23))!;

        // Act
        var response = org.As(org.Rep).Execute(new OrganizationRequest("cra_ExplainAttainment") { ["Target"] = attainment.ToEntityReference() });

        // Assert
        var countedRows = ((EntityCollection)response["Counted"]).Entities;
        var notCounted = ((EntityCollection)response["NotCounted"]).Entities.ToDictionary(e => e.Id, e => (string)e["cra_reason"]);
        Assert.Equal(3, countedRows.Count);
        Assert.Contains(countedRows, e => e.Id == counted && e.LogicalName == "phonecall" && e.GetAttributeValue<int>("actualdurationminutes") == 30);
        Assert.Contains(countedRows, e => e.Id == lateMonday);
        Assert.Equal("incoming call — this expectation counts outgoing phone calls", notCounted[incoming]);
        Assert.Equal("purpose is Follow-up", notCounted[followUp]);
        Assert.Equal("completed 00:40 on Tuesday 24 November your time, outside Monday 23 November", notCounted[late]);
        Assert.Equal("still open", notCounted[open]);
        Assert.Equal("canceled", notCounted[canceled]);
        Assert.Equal("this expectation counts phone calls and appointments, not tasks", notCounted[task]);
        Assert.Equal("owned by a team", notCounted[teamCall]);
        Assert.Equal("has no purpose — this expectation counts Prospecting", notCounted[noPurpose]);
        Assert.Equal(65m, attainment.GetAttributeValue<decimal>("cra_actual"));
        Assert.StartsWith("3 phone calls counted for 65 minutes in 2026-11-23; 8 did not: ", (string)response["Summary"], StringComparison.Ordinal);
    }

    [Fact]
    public void Opportunity_rules_explain_canceled_small_and_unwon_deals()
    {
        var org = new SalesOrg(now: Now);
        var deals = org.Expect(DealsWon, Month, 2m, configure: e => e["cra_minimumamount"] = new Money(100_000m));
        var big = org.Opportunity(org.Rep, 150_000m);
        var small = org.Opportunity(org.Rep, 150_000m);
        var lost = org.Opportunity(org.Rep, 150_000m);
        org.Win(big, revenue: 120_000m, closedOn: new DateTime(2026, 11, 20));
        org.Win(small, revenue: 80_000m, closedOn: new DateTime(2026, 11, 21));
        org.Lose(lost);
        var attainment = org.Attainment(deals, org.Rep, new DateTime(2026, 11, 1))!;

        var response = org.As(org.Rep).Execute(new OrganizationRequest("cra_ExplainAttainment") { ["Target"] = attainment.ToEntityReference() });

        var reasons = ((EntityCollection)response["NotCounted"]).Entities.ToDictionary(e => e.Id, e => (string)e["cra_reason"]);
        Assert.Equal(big, Assert.Single(((EntityCollection)response["Counted"]).Entities).Id);
        Assert.Equal("actual revenue 80,000.00 is below the minimum of 100,000.00", reasons[small]);
        Assert.Equal("lost", reasons[lost]);
        Assert.StartsWith("1 opportunity counted in 2026-11", (string)response["Summary"], StringComparison.Ordinal);
    }

    [Fact]
    public void A_rep_cannot_explain_someone_elses_attainment_but_their_manager_can()
    {
        var org = new SalesOrg(now: Now);
        var manager = org.User("Max Manager", roles: ["Accountability Manager"]);
        var rita = org.User("Rita Rep", manager: manager, roles: ["Accountability Rep"]);
        var sam = org.User("Sam Rep", manager: manager, roles: ["Accountability Rep"]);
        var expectation = org.Expect(ActivityCount, Day, 5m, rep: rita);
        var ritas = org.Attainments(expectation).Single();

        var fault = Assert.Throws<FaultException<OrganizationServiceFault>>(() => org.As(sam).Execute(new OrganizationRequest("cra_ExplainAttainment") { ["Target"] = ritas.ToEntityReference() }));
        var asManager = org.As(manager).Execute(new OrganizationRequest("cra_ExplainAttainment") { ["Target"] = ritas.ToEntityReference() });
        var asRita = org.As(rita).Execute(new OrganizationRequest("cra_ExplainAttainment") { ["Target"] = ritas.ToEntityReference() });

        Assert.Equal("You can only explain an attainment you can see: your own, or, for a manager, your team's.", fault.Detail.Message);
        Assert.StartsWith("0 activities counted", (string)asManager["Summary"], StringComparison.Ordinal);
        Assert.StartsWith("0 activities counted", (string)asRita["Summary"], StringComparison.Ordinal);
    }

    private static Guid Call(SalesOrg org, IOrganizationService rep, DateTime endUtc, int minutes, int? purpose, bool outgoing = true)
    {
        var call = new Entity("phonecall") { ["subject"] = "Call", ["directioncode"] = outgoing, ["actualdurationminutes"] = minutes, ["ownerid"] = new EntityReference("systemuser", org.Rep) };
        if (purpose != null)
        {
            call["cra_purpose"] = new OptionSetValue(purpose.Value);
        }

        var id = rep.Create(call);
        rep.Update(new Entity("phonecall", id) { ["statecode"] = new OptionSetValue(1), ["actualend"] = endUtc });
        return id;
    }
}
