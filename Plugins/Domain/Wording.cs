using System;
using System.Globalization;
using CrmAccountability.Plugins.Domain.Counting;
using CrmAccountability.Plugins.Domain.Periods;

namespace CrmAccountability.Plugins.Domain;

/// <summary>Every sentence the solution writes for reps and managers, in one place, in plain English.</summary>
public static class Wording
{
    public static string AttainmentName(ExpectationDefinition expectation, AttainmentPeriod period)
        => Trim(expectation.Name + " — " + period.Label, 300);

    public static string RecognitionTitle(RecognitionKind kind, ExpectationDefinition expectation, AttainmentPeriod period, int? streak = null) => Trim(kind switch
    {
        RecognitionKind.Exceeded => "Exceeded: " + expectation.Name + " (" + period.Label + ")",
        RecognitionKind.Met => "Met: " + expectation.Name + " (" + period.Label + ")",
        RecognitionKind.Streak => streak + " in a row: " + expectation.Name,
        _ => "Personal best: " + expectation.Name + " (" + period.Label + ")",
    }, 200);

    public static string RecognitionMessage(RecognitionKind kind, ExpectationDefinition expectation, AttainmentPeriod period, decimal actual, decimal target, int? streak = null)
        => kind switch
        {
            RecognitionKind.Exceeded => "Beyond the stretch: " + Amount(expectation.Metric, actual) + " against a target of " + Amount(expectation.Metric, target) + " for " + period.Label + ". Outstanding work.",
            RecognitionKind.Streak => streak + " " + PeriodWord(expectation.Period, plural: true) + " in a row at or above target, the latest " + period.Label + ". Consistency like this is what builds a pipeline.",
            RecognitionKind.PersonalBest => "Your best " + PeriodWord(expectation.Period, plural: false) + " yet: " + Amount(expectation.Metric, actual) + " in " + period.Label + ".",
            _ => "Target reached: " + Amount(expectation.Metric, actual) + " of " + Amount(expectation.Metric, target) + " for " + period.Label + ". Well done.",
        };

    public static string RecognitionForManager(string repName, string title) => Trim(repName + " — " + title, 200);

    public static string PeriodWord(Period period, bool plural) => period switch
    {
        Period.Day => plural ? "days" : "day",
        Period.Week => plural ? "weeks" : "week",
        Period.Month => plural ? "months" : "month",
        Period.Quarter => plural ? "quarters" : "quarter",
        Period.Year => plural ? "years" : "year",
        _ => plural ? "windows" : "window",
    };

    /// <summary>An amount in the metric's unit: "90 minutes", "3 activities", "120,000" (money, in whole base-currency units).</summary>
    public static string Amount(Metric metric, decimal value) => metric switch
    {
        Metric.ActivityMinutes => Number(value) + " minutes",
        Metric.ActivityCount => Number(value) + (value == 1 ? " activity" : " activities"),
        Metric.OpportunitiesCreated => Number(value) + (value == 1 ? " opportunity" : " opportunities"),
        Metric.DealsWon => Number(value) + (value == 1 ? " deal" : " deals"),
        Metric.ReviewsHeld => Number(value) + (value == 1 ? " review" : " reviews"),
        // Money in whole units of the base currency: "150,000", not "150,000.00".
        _ => Math.Round(value, MidpointRounding.AwayFromZero).ToString("#,##0", CultureInfo.InvariantCulture),
    };

    public static string Number(decimal value) => value.ToString("#,##0.##", CultureInfo.InvariantCulture);

    private static string Trim(string text, int length) => text.Length <= length ? text : text.Substring(0, length - 1) + "…";

    public static string NudgeTitle(ExpectationDefinition expectation) => Trim("A step to get back on pace: " + expectation.Name, 200);

    /// <summary>"35 of 90 prospecting minutes so far today; a 30-minute block before 15:00 gets you back on pace."</summary>
    public static string NudgeBody(ExpectationDefinition expectation, AttainmentPeriod period, decimal actual, decimal target, decimal step, string by)
    {
        var text = Number(actual) + " of " + Amount(expectation.Metric, target, Subject(expectation)) + " so far " + Span(period) + "; "
            + Step(expectation.Metric, step) + " " + by + " gets you back on pace.";
        return string.IsNullOrWhiteSpace(expectation.Guidance) ? text : text + " Your plan: " + expectation.Guidance!.Trim();
    }

    public static string CoachingSubject(string repName, ExpectationDefinition expectation, AttainmentPeriod period)
        => Trim("Coaching conversation with " + repName + ": " + expectation.Name + " (" + period.Label + ")", 200);

    public static string CoachingDescription(string repName, ExpectationDefinition expectation, AttainmentPeriod period, decimal actual, decimal target, decimal expected, decimal elapsedShare)
    {
        var text = repName + " is at " + Amount(expectation.Metric, actual) + " of " + Amount(expectation.Metric, target) + " for " + period.Label
            + ", with " + Percent(elapsedShare) + " of the " + PeriodWord(expectation.Period, plural: false) + "'s working time gone; on pace would be " + Amount(expectation.Metric, expected) + " by now. "
            + (string.IsNullOrWhiteSpace(expectation.Guidance) ? string.Empty : "The agreed tactic: " + expectation.Guidance!.Trim() + " ")
            + "A question to open with: \"What is getting in the way of " + (string.IsNullOrWhiteSpace(expectation.Guidance) ? "this" : "that plan") + ", and what would help you this " + PeriodWord(expectation.Period, plural: false) + "?\" "
            + "This is a prompt for a conversation, not a verdict.";
        return Trim(text, 2000);
    }

    public static string SlumpSubject(string repName, ExpectationDefinition expectation)
        => Trim("Slump check-in with " + repName + ": " + expectation.Name, 200);

    /// <summary>The trend, newest first: "2026-11-23: 30 of 90 minutes; 2026-11-20: 45 of 90 minutes".</summary>
    public static string SlumpDescription(string repName, ExpectationDefinition expectation, System.Collections.Generic.IEnumerable<Ladder.PeriodResult> trend)
    {
        var lines = new System.Collections.Generic.List<string>();
        foreach (var result in trend)
        {
            lines.Add(result.Label + ": " + Amount(expectation.Metric, result.Actual) + " of " + Amount(expectation.Metric, result.Target));
        }

        return Trim(repName + " has ended " + lines.Count + " " + PeriodWord(expectation.Period, plural: true) + " in a row below target (" + string.Join("; ", lines) + "). "
            + "Ask what has changed and what support would help, and agree one small next step together.", 2000);
    }

    /// <summary>The Coverage note on an expectation: who it covers, and in plain words anything that keeps it from working as set.</summary>
    public static string Coverage(Coverage.CoverageFacts facts)
    {
        var parts = new System.Collections.Generic.List<string>();
        if (facts.TeamName == null)
        {
            parts.Add(facts.RepDisabled
                ? "Covers nobody now: " + facts.RepName + "'s user is disabled, so no new periods start and open ones close without a verdict."
                : "Covers " + facts.RepName + ".");
        }
        else if (facts.ActiveMembers == 0)
        {
            parts.Add("Covers nobody yet: " + facts.TeamName + " has no active members. Anyone added to the team gets their own attainment from the period they join.");
        }
        else
        {
            parts.Add("Covers the " + (facts.ActiveMembers == 1 ? "1 active member" : facts.ActiveMembers.ToString(CultureInfo.InvariantCulture) + " active members") + " of " + facts.TeamName
                + ", each with their own attainment; anyone who joins starts from the period they join.");
        }

        if (facts.DisabledMembers.Count > 0)
        {
            parts.Add("Leaves out " + Names(facts.DisabledMembers) + (facts.DisabledMembers.Count == 1 ? " (disabled user)." : " (disabled users)."));
        }

        if (facts.WithoutManager.Count > 0)
        {
            parts.Add("No manager for " + Names(facts.WithoutManager) + ": neither this expectation nor " + (facts.WithoutManager.Count == 1 ? "their user record" : "their user records")
                + " names one, so coaching prompts would reach nobody. Set Manager on this expectation to choose who coaches.");
        }

        if (facts.SetAfterLastPeriod != null)
        {
            parts.Add("It was set after its last period (" + facts.SetAfterLastPeriod + ") had ended: that period is counted and closed as it stood, without nudges or coaching.");
        }
        else if (facts.EndedWith != null)
        {
            parts.Add("Its last period (" + facts.EndedWith + ") has ended; nothing new starts.");
        }
        else if (facts.StartsOn is { } starts)
        {
            parts.Add("Starts with the period beginning " + starts.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) + ".");
        }

        return Trim(string.Join(" ", parts), 2000);
    }

    private static string Names(System.Collections.Generic.IReadOnlyList<string> names)
        => names.Count <= 3 ? string.Join(", ", names) : string.Join(", ", System.Linq.Enumerable.Take(names, 3)) + " and " + (names.Count - 3).ToString(CultureInfo.InvariantCulture) + " more";

    private static string Step(Metric metric, decimal step) => metric switch
    {
        Metric.ActivityMinutes => "a " + Number(step) + "-minute block",
        Metric.PipelineCreated or Metric.RevenueWon => Amount(metric, step) + " more",
        _ => Amount(metric, step) + " more",
    };

    private static string Span(AttainmentPeriod period) => period.Kind switch
    {
        Period.Day => "today",
        Period.Week => "this week",
        Period.Month => "this month",
        Period.Quarter => "this quarter",
        Period.Year => "this year",
        _ => "in " + period.Label,
    };

    /// <summary>The words that describe what is counted, e.g. "prospecting minutes" for a Prospecting-only minutes expectation.</summary>
    private static string? Subject(ExpectationDefinition expectation)
        => expectation.Purposes.Count == 1 ? ChoiceLabels.Purpose(System.Linq.Enumerable.First(expectation.Purposes)).ToLowerInvariant() : null;

    private static string Amount(Metric metric, decimal value, string? qualifier)
        => qualifier == null || metric is Metric.PipelineCreated or Metric.RevenueWon ? Amount(metric, value) : Number(value) + " " + qualifier + " " + Amount(metric, value).Substring(Number(value).Length + 1);

    private static string Percent(decimal share) => Math.Round(share * 100m, MidpointRounding.AwayFromZero).ToString("0", CultureInfo.InvariantCulture) + "%";
}
