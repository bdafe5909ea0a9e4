using System;
using System.Linq;
using Microsoft.Xrm.Sdk;
using Microsoft.Xrm.Sdk.Query;
using Xunit;
using static CrmAccountability.Accountability.Tests.Choices;

namespace CrmAccountability.Accountability.Tests.AccountabilityLoop;

/// <summary>
/// The weekly pipeline review (DESIGN §3, §5.5): snapshots per rep per week with the change since last week, the
/// stalled flag the Stalled opportunities view filters on, the Overdue close dates view, and review cadence —
/// completing a review captures the open pipeline, held reviews count, cancelled ones do not. Views and charts are
/// read from the imported solution's savedquery and savedqueryvisualization rows and run as the user would.
/// </summary>
public sealed class PipelineReviewTests
{
    private static readonly Guid StalledView = new("0e8d8276-2f00-5dcb-95b6-9a12456cba6e");
    private static readonly Guid OverdueView = new("6a1f3c52-8e0d-5b7a-9c44-1d2e3f405162");
    private static readonly Guid ReviewsChart = new("f04043f8-f21e-51e3-9014-9f3688ac4b09");
    private static readonly Guid SnapshotView = new("6664b41f-f517-5ed8-8249-633df39a9396");

    [Fact]
    public void The_weekly_snapshot_has_open_created_won_lost_and_stalled_figures_and_the_change_since_last_week()
    {
        // Arrange: in W47 one 10,000 deal; in W48 four more — one still open, one won for 7,000, one lost, one canceled.
        var org = new SalesOrg(now: new DateTime(2026, 11, 16, 10, 0, 0, DateTimeKind.Utc));
        org.SetVariable("cra_StalledDealDays", "7");
        org.Expect(OpportunitiesCreated, Month, 4m);
        org.Opportunity(org.Rep, 10_000m);
        org.Evaluate();
        org.At(new DateTime(2026, 11, 25, 10, 0, 0, DateTimeKind.Utc));
        org.Opportunity(org.Rep, 5_000m);
        org.Win(org.Opportunity(org.Rep, 8_000m), revenue: 7_000m);
        org.Lose(org.Opportunity(org.Rep, 3_000m));
        org.Lose(org.Opportunity(org.Rep, 2_000m), status: 4);

        // Act
        org.Evaluate();

        // Assert: the W47 deal has been quiet since 16 November, over the 7 days allowed.
        var week = Snapshot(org, new DateTime(2026, 11, 23));
        Assert.Equal("Ana Rep — 2026-W48", week.GetAttributeValue<string>("cra_name"));
        Assert.Equal(
            (15_000m, 2, 5_000m, 16_000m, 7_000m, 3_000m, 1),
            (Money(week, "cra_openvalue"), week.GetAttributeValue<int>("cra_opencount"), Money(week, "cra_openvaluechange"), Money(week, "cra_createdvalue"), Money(week, "cra_wonvalue"), Money(week, "cra_lostvalue"), week.GetAttributeValue<int>("cra_stalledcount")));
        Assert.Equal(org.Rep, week.GetAttributeValue<EntityReference>("ownerid").Id);
        Assert.Null(Snapshot(org, new DateTime(2026, 11, 16)).GetAttributeValue<Money>("cra_openvaluechange"));
    }

    [Fact]
    public void A_win_in_the_last_minutes_of_a_week_reaches_that_weeks_snapshot_after_the_week_is_over()
    {
        // Arrange: evaluated on Sunday 22:00; the deal is won at 23:30.
        var org = new SalesOrg(now: new DateTime(2026, 11, 29, 22, 0, 0, DateTimeKind.Utc));
        org.Expect(DealsWon, Month, 1m);
        var deal = org.Opportunity(org.Rep, 4_000m);
        org.Evaluate();
        org.At(new DateTime(2026, 11, 29, 23, 30, 0, DateTimeKind.Utc));
        org.Win(deal, revenue: 4_500m, closedOn: new DateTime(2026, 11, 29, 23, 30, 0, DateTimeKind.Utc));

        // Act
        org.At(new DateTime(2026, 11, 30, 1, 0, 0, DateTimeKind.Utc));
        org.Evaluate();

        // Assert
        Assert.Equal(4_500m, Money(Snapshot(org, new DateTime(2026, 11, 23)), "cra_wonvalue"));
        Assert.Equal(-4_000m, Money(Snapshot(org, new DateTime(2026, 11, 30)), "cra_openvaluechange"));
    }

    [Fact]
    public void The_stalled_view_lists_open_deals_quiet_for_the_configured_days_and_drops_one_when_activity_resumes()
    {
        // Arrange: on 1 November two deals are opened; one gets a call on 20 November; a new deal on 24 November; a won deal.
        var org = new SalesOrg(now: new DateTime(2026, 11, 2, 10, 0, 0, DateTimeKind.Utc));
        org.Expect(PipelineCreated, Month, 10_000m);
        var quiet = org.Opportunity(org.Rep, 1_000m, o => o["name"] = "Quiet deal");
        var active = org.Opportunity(org.Rep, 1_000m, o => o["name"] = "Active deal");
        var won = org.Opportunity(org.Rep, 1_000m, o => o["name"] = "Won deal");
        org.Win(won);
        org.At(new DateTime(2026, 11, 20, 10, 0, 0, DateTimeKind.Utc));
        org.Call(org.Rep, org.Now, regarding: new EntityReference("opportunity", active));
        org.At(new DateTime(2026, 11, 24, 10, 0, 0, DateTimeKind.Utc));
        org.Opportunity(org.Rep, 1_000m, o => o["name"] = "New deal");
        org.At(new DateTime(2026, 11, 25, 10, 0, 0, DateTimeKind.Utc));
        org.Evaluate();
        var manager = org.User("Max Manager", roles: ["Accountability Manager"]);

        // Act
        var before = Names(org, manager, StalledView);
        org.Call(org.Rep, org.Now, regarding: new EntityReference("opportunity", quiet));
        org.At(org.Now.AddHours(1));
        org.Evaluate();
        var after = Names(org, manager, StalledView);

        // Assert
        Assert.Equal(["Quiet deal"], before);
        Assert.Empty(after);
    }

    [Fact]
    public void The_overdue_view_lists_open_deals_whose_close_date_is_before_today()
    {
        // Arrange: Wednesday 25 November.
        var org = new SalesOrg(now: new DateTime(2026, 11, 25, 10, 0, 0, DateTimeKind.Utc));
        foreach (var (name, day) in new[] { ("Due last week", 20), ("Due yesterday", 24), ("Due today", 25), ("Due next week", 30) })
        {
            org.Opportunity(org.Rep, 1_000m, o =>
            {
                o["name"] = name;
                o["estimatedclosedate"] = new DateTime(2026, 11, day);
            });
        }

        org.Win(org.Opportunity(org.Rep, 1_000m, o =>
        {
            o["name"] = "Won late";
            o["estimatedclosedate"] = new DateTime(2026, 11, 10);
        }));

        // Act
        var overdue = Names(org, org.Rep, OverdueView);

        // Assert
        Assert.Equal(["Due last week", "Due yesterday"], overdue);
    }

    [Fact]
    public void Completing_a_review_captures_the_reps_open_pipeline_and_counts_toward_the_managers_reviews_held()
    {
        // Arrange: Max manages Ana; Max is expected to hold one pipeline review a week.
        var org = new SalesOrg(now: new DateTime(2026, 11, 23, 9, 0, 0, DateTimeKind.Utc));
        var max = org.User("Max Manager", roles: ["Accountability Manager"]);
        var ana = org.User("Ana Seller", manager: max, roles: ["Accountability Rep"]);
        var reviews = org.Expect(ReviewsHeld, Week, 1m, rep: max, name: "Weekly pipeline review");
        org.Opportunity(ana, 12_000m);
        org.Opportunity(ana, 3_000m);
        var review = org.As(max).Create(new Entity("cra_review")
        {
            ["subject"] = "Pipeline review with Ana",
            ["cra_repid"] = new EntityReference("systemuser", ana),
            ["scheduledstart"] = org.Now,
            ["scheduledend"] = org.Now.AddMinutes(30),
        });

        // Act
        org.At(org.Now.AddMinutes(30));
        org.Complete("cra_review", review, service: org.As(max));

        // Assert
        Assert.Equal(15_000m, Money(org.System.Retrieve("cra_review", review, new ColumnSet("cra_openpipelinevalue")), "cra_openpipelinevalue"));
        Assert.Equal((1m, Met), (org.Actual(reviews, max, new DateTime(2026, 11, 23)), org.Status(reviews, max, new DateTime(2026, 11, 23))));
    }

    [Fact]
    public void A_team_review_captures_the_open_pipeline_of_the_managers_direct_reports()
    {
        var org = new SalesOrg(now: new DateTime(2026, 11, 23, 9, 0, 0, DateTimeKind.Utc));
        var max = org.User("Max Manager", roles: ["Accountability Manager"]);
        var ana = org.User("Ana Seller", manager: max, roles: ["Accountability Rep"]);
        var ben = org.User("Ben Seller", manager: max, roles: ["Accountability Rep"]);
        org.Opportunity(ana, 12_000m);
        org.Opportunity(ben, 8_000m);
        org.Opportunity(org.Rep, 99_000m);
        var review = org.As(max).Create(new Entity("cra_review") { ["subject"] = "Team pipeline review", ["scheduledstart"] = org.Now });

        org.Complete("cra_review", review, service: org.As(max));

        Assert.Equal(20_000m, Money(org.System.Retrieve("cra_review", review, new ColumnSet("cra_openpipelinevalue")), "cra_openpipelinevalue"));
    }

    [Fact]
    public void A_cancelled_review_does_not_count_and_the_cadence_chart_shows_held_and_cancelled_week_by_week()
    {
        // Arrange: held in W47, cancelled in W48.
        var org = new SalesOrg(now: new DateTime(2026, 11, 16, 9, 0, 0, DateTimeKind.Utc));
        var max = org.User("Max Manager", roles: ["Accountability Manager"]);
        var reviews = org.Expect(ReviewsHeld, Week, 1m, rep: max);
        var held = org.As(max).Create(new Entity("cra_review") { ["subject"] = "Pipeline review", ["scheduledstart"] = org.Now });
        org.Complete("cra_review", held, service: org.As(max));
        org.At(new DateTime(2026, 11, 23, 9, 0, 0, DateTimeKind.Utc));
        org.Evaluate();
        var cancelled = org.As(max).Create(new Entity("cra_review") { ["subject"] = "Pipeline review", ["scheduledstart"] = org.Now });

        // Act
        org.As(max).Update(new Entity("cra_review", cancelled) { ["statecode"] = new OptionSetValue(2) });
        org.At(new DateTime(2026, 11, 30, 9, 0, 0, DateTimeKind.Utc));
        org.Evaluate();
        var chart = org.System.Retrieve("savedqueryvisualization", ReviewsChart, new ColumnSet("datadescription", "name"));
        var fetch = System.Xml.Linq.XElement.Parse(chart.GetAttributeValue<string>("datadescription")).Descendants("fetch").Single().ToString();
        var bars = org.As(max).RetrieveMultiple(new FetchExpression(fetch)).Entities
            .Select(e => (State: (int)((OptionSetValue)e.GetAttributeValue<AliasedValue>("state").Value).Value, Reviews: Convert.ToInt32(e.GetAttributeValue<AliasedValue>("reviews").Value, System.Globalization.CultureInfo.InvariantCulture)))
            .OrderBy(b => b.State)
            .ToList();

        // Assert
        Assert.Equal((Met, Missed), (org.Status(reviews, max, new DateTime(2026, 11, 16)), org.Status(reviews, max, new DateTime(2026, 11, 23))));
        Assert.Equal([(1, 1), (2, 1)], bars);
        Assert.Equal("Reviews held vs cancelled, week by week", chart.GetAttributeValue<string>("name"));
    }

    [Fact]
    public void The_pipeline_snapshot_view_shows_the_last_weeks_with_their_change()
    {
        var org = new SalesOrg(now: new DateTime(2026, 11, 25, 10, 0, 0, DateTimeKind.Utc));
        org.Expect(PipelineCreated, Month, 10_000m);
        org.Opportunity(org.Rep, 2_000m);
        org.Evaluate();

        var view = org.System.Retrieve("savedquery", SnapshotView, new ColumnSet("fetchxml", "layoutxml"));
        var rows = org.System.RetrieveMultiple(new FetchExpression(view.GetAttributeValue<string>("fetchxml"))).Entities;

        Assert.Equal("Ana Rep — 2026-W48", Assert.Single(rows).GetAttributeValue<string>("cra_name"));
        Assert.Contains("cra_openvaluechange", view.GetAttributeValue<string>("layoutxml"), StringComparison.Ordinal);
    }

    private static Entity Snapshot(SalesOrg org, DateTime weekStart)
    {
        var query = new QueryExpression("cra_pipelinesnapshot") { ColumnSet = new ColumnSet(true) };
        query.Criteria.AddCondition("cra_weekstart", ConditionOperator.On, weekStart);
        return org.System.RetrieveMultiple(query).Entities.Single();
    }

    private static decimal Money(Entity entity, string column) => entity.GetAttributeValue<Money>(column)?.Value ?? throw new InvalidOperationException(column + " is empty");

    /// <summary>Runs a system view's FetchXML, read from its savedquery row, as <paramref name="user"/>, and returns the names.</summary>
    private static string[] Names(SalesOrg org, Guid user, Guid viewId)
    {
        var fetch = org.System.Retrieve("savedquery", viewId, new ColumnSet("fetchxml")).GetAttributeValue<string>("fetchxml");
        return org.As(user).RetrieveMultiple(new FetchExpression(fetch)).Entities.Select(e => e.GetAttributeValue<string>("name")).ToArray();
    }
}
