using System;
using Microsoft.Xrm.Sdk;
using Xunit;
using static CrmAccountability.Accountability.Tests.Choices;

namespace CrmAccountability.Accountability.Tests.Counting;

/// <summary>DESIGN §4, the opportunity and review rows of the metric table.</summary>
public sealed class OpportunityCountingTests
{
    private static readonly DateTime Today = SalesOrg.Monday.Date;

    [Fact]
    public void Creating_opportunities_counts_them_and_their_pipeline_on_the_day_created()
    {
        var org = new SalesOrg();
        var created = org.Expect(OpportunitiesCreated, Week, 3m);
        var pipeline = org.Expect(PipelineCreated, Week, 300_000m);

        org.Opportunity(org.Rep, 120_000m);
        org.Opportunity(org.Rep, 80_000m);

        Assert.Equal(2m, org.Actual(created, org.Rep, Today));
        Assert.Equal(200_000m, org.Actual(pipeline, org.Rep, Today));
    }

    [Fact]
    public void A_minimum_amount_drops_smaller_and_unvalued_opportunities()
    {
        var org = new SalesOrg();
        var big = org.Expect(OpportunitiesCreated, Year, 2m, configure: e => e["cra_minimumamount"] = new Money(100_000m));

        org.Opportunity(org.Rep, 120_000m);
        org.Opportunity(org.Rep, 99_999m);
        org.System.Create(new Entity("opportunity") { ["name"] = "No value yet", ["ownerid"] = new EntityReference("systemuser", org.Rep) });

        Assert.Equal(1m, org.Actual(big, org.Rep, new DateTime(2026, 1, 1)));
    }

    [Fact]
    public void Amounts_count_in_the_base_currency()
    {
        var org = new SalesOrg();
        var pipeline = org.Expect(PipelineCreated, Week, 300_000m);
        var euro = org.System.Create(new Entity("transactioncurrency") { ["currencyname"] = "Euro", ["isocurrencycode"] = "EUR", ["currencysymbol"] = "€", ["currencyprecision"] = 2, ["exchangerate"] = 0.8m });

        org.Opportunity(org.Rep, 80_000m, o => o["transactioncurrencyid"] = new EntityReference("transactioncurrency", euro));

        Assert.Equal(100_000m, org.Actual(pipeline, org.Rep, Today));
    }

    [Fact]
    public void An_opportunity_without_a_currency_counts_in_the_base_currency()
    {
        var org = new SalesOrg();
        var pipeline = org.Expect(PipelineCreated, Week, 300_000m);

        org.Opportunity(org.Rep, 42_000m);

        Assert.Equal(42_000m, org.Actual(pipeline, org.Rep, Today));
    }

    [Fact]
    public void Losing_as_canceled_removes_an_opportunity_from_created_but_losing_as_out_sold_does_not()
    {
        var org = new SalesOrg();
        var created = org.Expect(OpportunitiesCreated, Week, 3m);
        var canceled = org.Opportunity(org.Rep, 10_000m);
        var outSold = org.Opportunity(org.Rep, 10_000m);

        org.Lose(canceled, status: 4);
        org.Lose(outSold, status: 5);

        Assert.Equal(1m, org.Actual(created, org.Rep, Today));
    }

    [Fact]
    public void Winning_counts_the_deal_and_its_revenue_on_the_close_date_without_time_zone_conversion()
    {
        var org = new SalesOrg(repZone: "Tokyo Standard Time");
        var deals = org.Expect(DealsWon, Month, 2m);
        var revenue = org.Expect(RevenueWon, Quarter, 1_000_000m);
        var deal = org.Opportunity(org.Rep, 150_000m);

        org.Win(deal, revenue: 140_000m, closedOn: new DateTime(2026, 11, 20));

        Assert.Equal(1m, org.Actual(deals, org.Rep, new DateTime(2026, 11, 1)));
        Assert.Equal(140_000m, org.Actual(revenue, org.Rep, new DateTime(2026, 10, 1)));
    }

    [Fact]
    public void Reopening_a_won_deal_takes_the_win_away_and_winning_it_again_counts_it_once()
    {
        var org = new SalesOrg();
        var deals = org.Expect(DealsWon, Month, 2m);
        var deal = org.Opportunity(org.Rep, 150_000m);
        org.Win(deal, closedOn: new DateTime(2026, 11, 20));

        org.System.Update(new Entity("opportunity", deal) { ["statecode"] = new OptionSetValue(0), ["statuscode"] = new OptionSetValue(1) });
        var reopened = org.Actual(deals, org.Rep, new DateTime(2026, 11, 1));
        org.Win(deal, closedOn: new DateTime(2026, 11, 22));

        Assert.Equal(0m, reopened);
        Assert.Equal(1m, org.Actual(deals, org.Rep, new DateTime(2026, 11, 1)));
    }

    [Fact]
    public void A_won_deal_below_the_minimum_does_not_count()
    {
        var org = new SalesOrg();
        var big = org.Expect(DealsWon, Year, 2m, configure: e => e["cra_minimumamount"] = new Money(100_000m));
        var small = org.Opportunity(org.Rep, 150_000m);

        org.Win(small, revenue: 60_000m, closedOn: new DateTime(2026, 11, 20));

        Assert.Equal(0m, org.Actual(big, org.Rep, new DateTime(2026, 1, 1)));
    }

    [Fact]
    public void A_completed_review_counts_for_the_manager_who_held_it_and_a_canceled_one_does_not()
    {
        var org = new SalesOrg();
        var held = org.Expect(ReviewsHeld, Week, 1m, rep: org.Manager);
        var review = org.System.Create(new Entity("cra_review") { ["subject"] = "Pipeline review", ["ownerid"] = new EntityReference("systemuser", org.Manager), ["cra_repid"] = new EntityReference("systemuser", org.Rep) });
        var canceled = org.System.Create(new Entity("cra_review") { ["subject"] = "1:1", ["ownerid"] = new EntityReference("systemuser", org.Manager) });

        org.System.Update(new Entity("cra_review", review) { ["statecode"] = new OptionSetValue(1), ["actualend"] = SalesOrg.Monday.AddHours(-1) });
        org.System.Update(new Entity("cra_review", canceled) { ["statecode"] = new OptionSetValue(2), ["actualend"] = SalesOrg.Monday.AddHours(-1) });

        Assert.Equal(1m, org.Actual(held, org.Manager, Today));
    }
}
