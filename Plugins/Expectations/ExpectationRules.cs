using System;
using System.Collections.Generic;
using System.Globalization;
using CrmAccountability.Plugins.Domain;

namespace CrmAccountability.Plugins.Expectations;

/// <summary>An expectation as it will be saved: the stored row with the caller's changes applied.</summary>
public sealed class ExpectationDraft
{
    public string? Name { get; set; }

    public Metric? Metric { get; set; }

    public Period? Period { get; set; }

    public decimal? Target { get; set; }

    public decimal? StretchTarget { get; set; }

    public bool HasRep { get; set; }

    public bool HasTeam { get; set; }

    public DateTime? CustomStart { get; set; }

    public DateTime? CustomEnd { get; set; }

    public DateTime? StartsOn { get; set; }

    public DateTime? EndsOn { get; set; }

    public int ActivityTypeCount { get; set; }

    public int PurposeCount { get; set; }

    public bool OutgoingOnly { get; set; }

    public bool FirstMeetingsOnly { get; set; }

    public decimal? MinimumAmount { get; set; }
}

/// <summary>
/// What makes an expectation clear and concrete enough to measure (DESIGN.md §5.1). Every problem is phrased for the
/// manager who set it, says what to change, and all of them are reported at once.
/// </summary>
public static class ExpectationRules
{
    public static IReadOnlyList<string> Problems(ExpectationDraft draft)
    {
        if (draft == null)
        {
            throw new ArgumentNullException(nameof(draft));
        }

        var problems = new List<string>();
        if (string.IsNullOrWhiteSpace(draft.Name))
        {
            problems.Add("Give the expectation a name the rep will recognise, such as \"90 minutes of prospecting every working day\".");
        }

        if (draft.Metric == null)
        {
            problems.Add("Choose what is measured (Metric), for example Activity minutes or Deals won.");
        }

        if (draft.Period == null)
        {
            problems.Add("Choose the period the target repeats over (Period), for example Day or Week.");
        }

        if (draft.Target == null || draft.Target <= 0)
        {
            problems.Add("The target must be a positive number" + (draft.Target == null ? "." : "; it is " + Format(draft.Target.Value) + "."));
        }
        else if (draft.StretchTarget != null && draft.StretchTarget < draft.Target)
        {
            problems.Add("The stretch target (" + Format(draft.StretchTarget.Value) + ") must be at least the target (" + Format(draft.Target.Value) + "), or left empty.");
        }

        if (draft.HasRep == draft.HasTeam)
        {
            problems.Add(draft.HasRep
                ? "Set either a rep or a team, not both: a team expectation gives every member their own attainment."
                : "Set who the expectation is for: a rep, or a team whose members each get their own attainment.");
        }

        if (draft.Period == Period.Custom)
        {
            if (draft.CustomStart == null || draft.CustomEnd == null)
            {
                problems.Add("A custom period needs both a start and an end date.");
            }
            else if (draft.CustomEnd < draft.CustomStart)
            {
                problems.Add("The custom period ends (" + Date(draft.CustomEnd.Value) + ") before it starts (" + Date(draft.CustomStart.Value) + ").");
            }
        }
        else if (draft.CustomStart != null || draft.CustomEnd != null)
        {
            problems.Add("Custom start and end dates apply only to the Custom period; clear them or choose Custom.");
        }

        if (draft.StartsOn != null && draft.EndsOn != null && draft.EndsOn < draft.StartsOn)
        {
            problems.Add("The expectation ends (" + Date(draft.EndsOn.Value) + ") before it starts (" + Date(draft.StartsOn.Value) + ").");
        }

        var isOpportunityMetric = draft.Metric is Domain.Metric.OpportunitiesCreated or Domain.Metric.PipelineCreated or Domain.Metric.DealsWon or Domain.Metric.RevenueWon;
        var isActivityMetric = draft.Metric is Domain.Metric.ActivityCount or Domain.Metric.ActivityMinutes;
        if (!isActivityMetric && draft.Metric != null && (draft.ActivityTypeCount > 0 || draft.PurposeCount > 0 || draft.OutgoingOnly || draft.FirstMeetingsOnly))
        {
            problems.Add("Activity types, purposes, outgoing-only and first-meetings-only filter activities; they do not apply to " + Label(draft.Metric.Value) + ". Clear them.");
        }

        if (!isOpportunityMetric && draft.MinimumAmount != null)
        {
            problems.Add("A minimum amount applies only to opportunity metrics; clear it for " + (draft.Metric == null ? "this metric" : Label(draft.Metric.Value)) + ".");
        }

        if (draft.MinimumAmount < 0)
        {
            problems.Add("The minimum amount cannot be negative.");
        }

        return problems;
    }

    private static string Label(Metric metric) => ChoiceLabels.Metric(metric);

    private static string Format(decimal value) => value.ToString("0.##", CultureInfo.InvariantCulture);

    private static string Date(DateTime value) => value.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
}
