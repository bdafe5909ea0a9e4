using System.Collections.Generic;
using System.Linq;
using CrmAccountability.Plugins.Domain;
using CrmAccountability.Plugins.Domain.Counting;
using CrmAccountability.Plugins.Domain.Periods;
using Microsoft.Xrm.Sdk;

namespace CrmAccountability.Plugins.Explanation;

/// <summary>The one plain-English sentence that sums up an explanation: "4 phone calls counted for 90 minutes; 2 did not: …".</summary>
public static class ExplanationSummary
{
    public static string Sentence(ExpectationDefinition expectation, AttainmentPeriod period, EntityCollection counted, EntityCollection notCounted, decimal total, bool truncated)
    {
        var sentence = Count(counted.Entities.Count, counted.Entities.Select(e => e.LogicalName).Distinct().ToList(), expectation) + " counted";
        if (expectation.Metric is not (Metric.ActivityCount or Metric.OpportunitiesCreated or Metric.DealsWon or Metric.ReviewsHeld))
        {
            sentence += " for " + Wording.Amount(expectation.Metric, total);
        }

        sentence += " in " + period.Label;
        if (notCounted.Entities.Count > 0)
        {
            var reasons = notCounted.Entities
                .GroupBy(e => (string)e["cra_reason"])
                .OrderByDescending(g => g.Count())
                .ThenBy(g => g.Key, System.StringComparer.Ordinal)
                .Select(g => g.Key + (g.Count() > 1 ? " (" + g.Count() + ")" : string.Empty))
                .ToList();
            sentence += "; " + notCounted.Entities.Count + " did not: " + string.Join("; ", reasons.Take(3)) + (reasons.Count > 3 ? "; and " + (reasons.Count - 3) + " other reasons" : string.Empty);
        }

        return sentence + (truncated ? " (the longest lists were cut short)." : ".");
    }

    private static string Count(int count, List<string> tables, ExpectationDefinition expectation)
    {
        string noun;
        if (tables.Count == 1)
        {
            noun = count == 1 ? ChoiceLabels.Singular(tables[0]) : ChoiceLabels.Plural(tables[0]);
        }
        else
        {
            noun = expectation.IsActivityMetric ? (count == 1 ? "activity" : "activities") : expectation.IsOpportunityMetric ? (count == 1 ? "opportunity" : "opportunities") : (count == 1 ? "review" : "reviews");
        }

        return count + " " + noun;
    }
}
