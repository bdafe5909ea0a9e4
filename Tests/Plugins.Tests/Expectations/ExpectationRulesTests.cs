using System;
using CrmAccountability.Plugins.Domain;
using CrmAccountability.Plugins.Expectations;
using Xunit;

namespace CrmAccountability.Plugins.Tests.Expectations;

/// <summary>DESIGN.md §5.1: an expectation must be clear and concrete enough to measure, and say what to fix if not.</summary>
public sealed class ExpectationRulesTests
{
    private static ExpectationDraft Valid() => new()
    {
        Name = "90 minutes of prospecting every working day",
        Metric = Metric.ActivityMinutes,
        Period = Period.Day,
        Target = 90m,
        HasRep = true,
        PurposeCount = 1,
        OutgoingOnly = true,
    };

    [Fact]
    public void A_complete_expectation_has_no_problems()
    {
        Assert.Empty(ExpectationRules.Problems(Valid()));
    }

    [Theory]
    [InlineData(0)]
    [InlineData(-5)]
    public void The_target_must_be_positive(int target)
    {
        var draft = Valid();
        draft.Target = target;

        var problem = Assert.Single(ExpectationRules.Problems(draft));

        Assert.Equal("The target must be a positive number; it is " + target + ".", problem);
    }

    [Fact]
    public void A_stretch_target_below_the_target_is_refused()
    {
        var draft = Valid();
        draft.StretchTarget = 60m;

        Assert.Equal("The stretch target (60) must be at least the target (90), or left empty.", Assert.Single(ExpectationRules.Problems(draft)));
    }

    [Theory]
    [InlineData(true, true, "Set either a rep or a team, not both")]
    [InlineData(false, false, "Set who the expectation is for")]
    public void An_expectation_is_for_a_rep_or_a_team_but_not_both(bool rep, bool team, string start)
    {
        var draft = Valid();
        draft.HasRep = rep;
        draft.HasTeam = team;

        Assert.StartsWith(start, Assert.Single(ExpectationRules.Problems(draft)), StringComparison.Ordinal);
    }

    [Fact]
    public void A_custom_period_needs_both_dates_in_order()
    {
        var missing = Valid();
        missing.Period = Period.Custom;
        missing.CustomStart = new DateTime(2026, 12, 1);
        var reversed = Valid();
        reversed.Period = Period.Custom;
        reversed.CustomStart = new DateTime(2026, 12, 31);
        reversed.CustomEnd = new DateTime(2026, 12, 1);

        Assert.Equal("A custom period needs both a start and an end date.", Assert.Single(ExpectationRules.Problems(missing)));
        Assert.Equal("The custom period ends (2026-12-01) before it starts (2026-12-31).", Assert.Single(ExpectationRules.Problems(reversed)));
    }

    [Fact]
    public void Custom_dates_on_a_repeating_period_are_refused()
    {
        var draft = Valid();
        draft.CustomEnd = new DateTime(2026, 12, 31);

        Assert.StartsWith("Custom start and end dates apply only to the Custom period", Assert.Single(ExpectationRules.Problems(draft)), StringComparison.Ordinal);
    }

    [Fact]
    public void Opportunity_metrics_take_no_activity_filters_and_activity_metrics_no_minimum_amount()
    {
        var deals = Valid();
        deals.Metric = Metric.DealsWon;
        deals.MinimumAmount = 100_000m;
        var minutes = Valid();
        minutes.MinimumAmount = 100_000m;

        Assert.Equal("Activity types, purposes, outgoing-only and first-meetings-only filter activities; they do not apply to Deals won. Clear them.", Assert.Single(ExpectationRules.Problems(deals)));
        Assert.Equal("A minimum amount applies only to opportunity metrics; clear it for Activity minutes.", Assert.Single(ExpectationRules.Problems(minutes)));
    }

    [Fact]
    public void Every_problem_is_reported_at_once()
    {
        var draft = new ExpectationDraft { Target = 0 };

        var problems = ExpectationRules.Problems(draft);

        Assert.Equal(5, problems.Count);
    }

    [Fact]
    public void An_expectation_cannot_end_before_it_starts()
    {
        var draft = Valid();
        draft.StartsOn = new DateTime(2027, 1, 1);
        draft.EndsOn = new DateTime(2026, 12, 31);

        Assert.Equal("The expectation ends (2026-12-31) before it starts (2027-01-01).", Assert.Single(ExpectationRules.Problems(draft)));
    }
}
