using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using CrmAccountability.Plugins.Domain.Counting;
using Microsoft.Xrm.Sdk;
using Microsoft.Xrm.Sdk.Query;

namespace CrmAccountability.Plugins.Counting;

/// <summary>What an attainment adds up to from source: the actual, how many rows counted and the latest of them.</summary>
public sealed class Tally
{
    public decimal Actual { get; set; }

    public int Contributions { get; set; }

    public DateTime? LastContribution { get; set; }
}

/// <summary>
/// Recounts one attainment from its source rows with FetchXML aggregates (DESIGN §6.2 step 2), one per source table,
/// as SYSTEM. Before each, a one-row probe asks how many rows the range holds: above the 5,000 Dataverse reports, the
/// range is halved, so no aggregate ever meets the 50,000-row limit that would fail the user's save. What it returns to
/// the plug-in is a handful of rows, however much history the rep has.
/// </summary>
public sealed class AttainmentCounter
{
    private readonly IOrganizationService _system;

    public AttainmentCounter(IOrganizationService system)
    {
        _system = system;
    }

    public Tally Count(CountingScope scope)
    {
        var tally = new Tally();
        foreach (var table in scope.Expectation.SourceTables())
        {
            var measure = SourceMeasure.For(scope.Expectation.Metric, table);
            foreach (var range in SafeRanges(scope, table, scope.Range(measure), depth: 0))
            {
                if (range.Rows != 0)
                {
                    Add(tally, scope, table, range.Range);
                }
            }
        }

        tally.Actual = Math.Round(tally.Actual, 2, MidpointRounding.AwayFromZero);
        return tally;
    }

    /// <summary>The range, or its halves, each with the number of rows it holds (-1: more than Dataverse counts).</summary>
    private List<ProbedRange> SafeRanges(CountingScope scope, string table, DateRange range, int depth)
    {
        var probe = _system.RetrieveMultiple(new FetchExpression(CountingRules.ProbeFetch(scope, table, range)));
        if (!probe.TotalRecordCountLimitExceeded)
        {
            // An empty range needs no aggregate: nothing there counts.
            return [new ProbedRange(range, probe.TotalRecordCount < 0 ? probe.Entities.Count : probe.TotalRecordCount)];
        }

        if (!range.CanSplit || depth >= 24)
        {
            return [new ProbedRange(range, -1)];
        }

        return range.Split().SelectMany(half => SafeRanges(scope, table, half, depth + 1)).ToList();
    }

    private sealed class ProbedRange(DateRange range, int rows)
    {
        public DateRange Range { get; } = range;

        public int Rows { get; } = rows;
    }

    private void Add(Tally tally, CountingScope scope, string table, DateRange range)
    {
        var row = _system.RetrieveMultiple(new FetchExpression(CountingRules.AggregateFetch(scope, table, range))).Entities.FirstOrDefault();
        if (row == null)
        {
            return;
        }

        var contributions = (int)Number(row, "contributions");
        tally.Contributions += contributions;
        tally.Actual += SourceMeasure.For(scope.Expectation.Metric, table).SumColumn == null ? contributions : Number(row, "total");
        if (row.GetAttributeValue<AliasedValue>("last")?.Value is DateTime last && (tally.LastContribution == null || last > tally.LastContribution))
        {
            tally.LastContribution = DateTime.SpecifyKind(last, DateTimeKind.Utc);
        }

        if (CountingRules.FallbackFetch(scope, table, range) is { } fallback && contributions > 0)
        {
            var extra = _system.RetrieveMultiple(new FetchExpression(fallback)).Entities.FirstOrDefault();
            tally.Actual += extra == null ? 0m : Number(extra, "total");
        }
    }

    /// <summary>An aggregate's value as a number: counts and sums come back as int, decimal or Money; an empty sum as nothing.</summary>
    private static decimal Number(Entity row, string alias) => row.GetAttributeValue<AliasedValue>(alias)?.Value switch
    {
        null => 0m,
        Money money => money.Value,
        IConvertible number => number.ToDecimal(CultureInfo.InvariantCulture),
        _ => 0m,
    };
}
