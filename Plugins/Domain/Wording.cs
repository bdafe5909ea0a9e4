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

    public static string RecognitionTitle(RecognitionKind kind, ExpectationDefinition expectation, AttainmentPeriod period) => Trim(kind switch
    {
        RecognitionKind.Exceeded => "Exceeded: " + expectation.Name + " (" + period.Label + ")",
        RecognitionKind.Met => "Met: " + expectation.Name + " (" + period.Label + ")",
        RecognitionKind.Streak => "Streak: " + expectation.Name,
        _ => "Personal best: " + expectation.Name,
    }, 200);

    public static string RecognitionMessage(RecognitionKind kind, ExpectationDefinition expectation, AttainmentPeriod period, decimal actual, decimal target)
        => kind switch
        {
            RecognitionKind.Exceeded => "Beyond the stretch: " + Amount(expectation.Metric, actual) + " against a target of " + Amount(expectation.Metric, target) + " for " + period.Label + ". Outstanding work.",
            _ => "Target reached: " + Amount(expectation.Metric, actual) + " of " + Amount(expectation.Metric, target) + " for " + period.Label + ". Well done.",
        };

    /// <summary>An amount in the metric's unit: "90 minutes", "3 activities", "$120,000.00".</summary>
    public static string Amount(Metric metric, decimal value) => metric switch
    {
        Metric.ActivityMinutes => Number(value) + " minutes",
        Metric.ActivityCount => Number(value) + (value == 1 ? " activity" : " activities"),
        Metric.OpportunitiesCreated => Number(value) + (value == 1 ? " opportunity" : " opportunities"),
        Metric.DealsWon => Number(value) + (value == 1 ? " deal" : " deals"),
        Metric.ReviewsHeld => Number(value) + (value == 1 ? " review" : " reviews"),
        _ => value.ToString("#,##0.00", CultureInfo.InvariantCulture),
    };

    public static string Number(decimal value) => value.ToString("#,##0.##", CultureInfo.InvariantCulture);

    private static string Trim(string text, int length) => text.Length <= length ? text : text.Substring(0, length - 1) + "…";
}
