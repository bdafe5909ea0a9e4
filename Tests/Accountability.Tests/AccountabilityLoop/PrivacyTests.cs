using System;
using System.Linq;
using System.ServiceModel;
using Microsoft.Xrm.Sdk;
using Microsoft.Xrm.Sdk.Query;
using Xunit;
using static CrmAccountability.Accountability.Tests.Choices;

namespace CrmAccountability.Accountability.Tests.AccountabilityLoop;

/// <summary>
/// Progress is private, wins are public (DESIGN §3, §5.4), enforced by the solution's own roles: a rep reads their own
/// attainments and notifications only; a manager reads the team's attainments but never the reps' notifications;
/// recognition is readable across the business unit and no further.
/// </summary>
public sealed class PrivacyTests
{
    private readonly SalesOrg _org;
    private readonly Guid _max;
    private readonly Guid _ana;
    private readonly Guid _ben;
    private readonly Guid _carl;
    private readonly Guid _expectation;

    public PrivacyTests()
    {
        // Max manages Ana and Ben in the root business unit; Carl sells in Northern. On Wednesday 25 November Ana has met
        // her weekly target of 2 calls; Ben has logged nothing and has been nudged, and Max has a coaching task about him.
        _org = new SalesOrg(now: new DateTime(2026, 11, 24, 15, 0, 0, DateTimeKind.Utc));
        _org.SetVariable("cra_NudgeRepFirst", "false");
        _max = _org.User("Max Manager", roles: ["Accountability Manager"]);
        _ana = _org.User("Ana Seller", manager: _max, roles: ["Accountability Rep"]);
        _ben = _org.User("Ben Seller", manager: _max, roles: ["Accountability Rep"]);
        var northern = _org.Org.CreateBusinessUnit("Northern");
        _carl = _org.Org.CreateUser("Carl North", "GMT Standard Time", businessUnitId: northern, roles: ["Accountability Rep"]);
        var team = _org.Org.CreateTeam("Sales East", null, _ana, _ben);
        _expectation = _org.As(_max).Create(new Entity("cra_expectation")
        {
            ["cra_name"] = "Weekly calls",
            ["cra_metric"] = new OptionSetValue(ActivityCount),
            ["cra_period"] = new OptionSetValue(Week),
            ["cra_target"] = 2m,
            ["cra_teamid"] = new EntityReference("team", team),
        });
        _org.Call(_ana, new DateTime(2026, 11, 23, 10, 0, 0, DateTimeKind.Utc));
        _org.Call(_ana, new DateTime(2026, 11, 24, 10, 0, 0, DateTimeKind.Utc));
        _org.Evaluate();
    }

    [Fact]
    public void A_rep_reads_their_own_attainment_and_not_another_reps()
    {
        // Arrange
        var bens = _org.Attainments(_expectation, _ben).Single();

        // Act
        var visible = _org.As(_ana).RetrieveMultiple(new QueryExpression("cra_attainment") { ColumnSet = new ColumnSet("cra_repid") }).Entities;

        // Assert
        Assert.All(visible, a => Assert.Equal(_ana, a.GetAttributeValue<EntityReference>("cra_repid").Id));
        Assert.Single(visible);
        Assert.Throws<FaultException<OrganizationServiceFault>>(() => _org.As(_ana).Retrieve("cra_attainment", bens.Id, new ColumnSet("cra_actual")));
    }

    [Fact]
    public void A_rep_reads_only_their_own_notifications()
    {
        var bensNudge = _org.Notifications(_ben)[0];

        var anaSees = _org.As(_ana).RetrieveMultiple(new QueryExpression("appnotification") { ColumnSet = new ColumnSet("ownerid") }).Entities;

        Assert.All(anaSees, n => Assert.Equal(_ana, n.GetAttributeValue<EntityReference>("ownerid").Id));
        Assert.Throws<FaultException<OrganizationServiceFault>>(() => _org.As(_ana).Retrieve("appnotification", bensNudge.Id, new ColumnSet("body")));
        Assert.NotEmpty(_org.As(_ben).RetrieveMultiple(new QueryExpression("appnotification") { ColumnSet = new ColumnSet("body") }).Entities);
    }

    [Fact]
    public void A_manager_reads_the_teams_attainments_but_never_a_reps_notifications()
    {
        var attainments = _org.As(_max).RetrieveMultiple(new QueryExpression("cra_attainment") { ColumnSet = new ColumnSet("cra_repid") }).Entities;
        var notifications = _org.As(_max).RetrieveMultiple(new QueryExpression("appnotification") { ColumnSet = new ColumnSet("ownerid") }).Entities;

        Assert.Equal(new[] { _ana, _ben }.OrderBy(id => id), attainments.Select(a => a.GetAttributeValue<EntityReference>("cra_repid").Id).OrderBy(id => id));
        Assert.All(notifications, n => Assert.Equal(_max, n.GetAttributeValue<EntityReference>("ownerid").Id));
        Assert.Throws<FaultException<OrganizationServiceFault>>(() => _org.As(_max).Retrieve("appnotification", _org.Notifications(_ben)[0].Id, new ColumnSet("body")));
    }

    [Fact]
    public void A_win_is_readable_across_the_business_unit_and_not_beyond_it()
    {
        var win = _org.Recognitions(_ana)[0];

        var benSees = _org.As(_ben).RetrieveMultiple(new QueryExpression("cra_recognition") { ColumnSet = new ColumnSet("cra_message") }).Entities;
        var carlSees = _org.As(_carl).RetrieveMultiple(new QueryExpression("cra_recognition") { ColumnSet = new ColumnSet("cra_message") }).Entities;

        Assert.Contains(benSees, r => r.Id == win.Id);
        Assert.DoesNotContain(carlSees, r => r.Id == win.Id);
    }

    [Fact]
    public void The_coaching_task_about_a_rep_is_the_managers_alone()
    {
        var task = _org.Tasks(_max, "Coaching conversation with Ben Seller").Single();

        Assert.Throws<FaultException<OrganizationServiceFault>>(() => _org.As(_ana).Retrieve("task", task.Id, new ColumnSet("subject")));
        Assert.Throws<FaultException<OrganizationServiceFault>>(() => _org.As(_ben).Retrieve("task", task.Id, new ColumnSet("subject")));
        Assert.Equal(task.Id, _org.As(_max).Retrieve("task", task.Id, new ColumnSet("subject")).Id);
    }

    [Fact]
    public void A_rep_cannot_edit_their_figures_or_what_the_ladder_has_sent()
    {
        var own = _org.Attainments(_expectation, _ben).Single();

        Assert.Throws<FaultException<OrganizationServiceFault>>(() => _org.As(_ben).Update(new Entity("cra_attainment", own.Id) { ["cra_nudgedon"] = null }));
        Assert.Throws<FaultException<OrganizationServiceFault>>(() => _org.As(_ben).Update(new Entity("cra_attainment", own.Id) { ["cra_actual"] = 2m }));
    }
}
