using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using CrmAccountability.Emulator.Metadata;
using CrmAccountability.Emulator.Storage;
using Microsoft.Xrm.Sdk;

namespace CrmAccountability.Emulator.Query;

/// <summary>
/// aggregate="true": groupby (with dategrouping in the caller's time zone unless usertimezone="false"), count,
/// countcolumn (optionally distinct), sum, avg, min, max. Over 50,000 input rows Dataverse refuses the query
/// (AggregateQueryRecordLimit); so does this.
/// </summary>
internal sealed partial class QueryEngine
{
    private EntityCollection Aggregate(FetchQuery query, QueryPlan plan, List<JoinedRow> rows, QueryEnvironment env)
    {
        var attributes = plan.Root.Attributes.Select(a => (Alias: plan.RootAlias, Attribute: a))
            .Concat(plan.Links.SelectMany(l => l.Link.Attributes.Select(a => (Alias: l.Alias, Attribute: a))))
            .ToList();
        foreach (var (_, attribute) in attributes)
        {
            if (attribute.Alias == null)
            {
                throw FetchXmlParser.Invalid("An attribute in an aggregate query needs an alias (attribute '" + attribute.Name + "').");
            }

            if (attribute.Aggregate == AggregateFunction.None && !attribute.GroupBy)
            {
                throw FetchXmlParser.Invalid("In an aggregate query every attribute needs an aggregate or groupby=\"true\" (attribute '" + attribute.Name + "').");
            }
        }

        var groupings = attributes.Where(a => a.Attribute.GroupBy).ToList();
        var groups = rows.GroupBy(row => string.Join("\u001f", groupings.Select(g => Convert.ToString(GroupValue(plan, g.Alias, g.Attribute, row, env), CultureInfo.InvariantCulture))), StringComparer.Ordinal)
            .Select(g => g.ToList())
            .ToList();
        if (groups.Count == 0 && groupings.Count == 0)
        {
            // Without groupby, an aggregate over no rows still answers one row (count 0, sums empty).
            groups.Add([]);
        }

        var results = new List<Entity>();
        foreach (var group in groups)
        {
            var entity = new Entity(plan.Root.Name);
            foreach (var (alias, attribute) in attributes)
            {
                var table = plan.Aliases[alias];
                var column = DataStore.Column(table, attribute.Name);
                var value = attribute.GroupBy
                    ? GroupOutput(plan, alias, attribute, group.First(), env)
                    : Compute(attribute, column, group.Select(r => r.Value(alias, attribute.Name)).ToList(), group.Count);
                if (value != null)
                {
                    entity[attribute.Alias!] = new AliasedValue(table.LogicalName, attribute.Name, value);
                    var label = attribute.GroupBy ? ValueRules.Labels(column, value).FirstOrDefault() : null;
                    if (label != null)
                    {
                        entity.FormattedValues[attribute.Alias!] = label;
                    }
                }
            }

            results.Add(entity);
        }

        IEnumerable<Entity> ordered = results;
        IOrderedEnumerable<Entity>? sorted = null;
        foreach (var (_, _, order) in plan.Orders)
        {
            var alias = order.Alias ?? throw FetchXmlParser.Invalid("An order in an aggregate query names an alias.");
            object? Key(Entity e) => e.Attributes.TryGetValue(alias, out var v) && v is AliasedValue a ? ValueCoercion.Key(a.Value) : null;
            sorted = sorted == null
                ? (order.Descending ? results.OrderByDescending(Key, new NullFirst()) : results.OrderBy(Key, new NullFirst()))
                : (order.Descending ? sorted.ThenByDescending(Key, new NullFirst()) : sorted.ThenBy(Key, new NullFirst()));
        }

        ordered = sorted ?? ordered;
        var list = (query.Top is { } top ? ordered.Take(top) : ordered).ToList();
        return new EntityCollection(list) { EntityName = plan.Root.Name };
    }

    private static object? GroupValue(QueryPlan plan, string alias, FetchAttribute attribute, JoinedRow row, QueryEnvironment env)
        => ValueCoercion.Key(GroupOutput(plan, alias, attribute, row, env));

    private static object? GroupOutput(QueryPlan plan, string alias, FetchAttribute attribute, JoinedRow row, QueryEnvironment env)
    {
        var value = row.Value(alias, attribute.Name);
        if (attribute.DateGrouping == DateGrouping.None || value is not DateTime date)
        {
            return ValueRules.Copy(value);
        }

        var column = plan.Aliases[alias].FindColumn(attribute.Name)!;
        var local = attribute.UserTimeZone && column.DateTimeBehavior == DateTimeBehavior.UserLocal ? env.UtcToLocal(date) : date;
        return attribute.DateGrouping switch
        {
            DateGrouping.Day => local.Day,
            DateGrouping.Week => ISOWeekOrOrgWeek(local, env),
            DateGrouping.Month => local.Month,
            DateGrouping.Quarter => ((local.Month - 1) / 3) + 1,
            DateGrouping.Year => local.Year,
            DateGrouping.FiscalPeriod => env.Fiscal.Locate(local).Period,
            DateGrouping.FiscalYear => env.Fiscal.Locate(local).Year,
            _ => local,
        };
    }

    /// <summary>Week of the year counted from the organisation's week start (the week containing 1 January is week 1).</summary>
    private static int ISOWeekOrOrgWeek(DateTime local, QueryEnvironment env)
    {
        var firstWeekStart = env.StartOfWeek(new DateTime(local.Year, 1, 1));
        return ((env.StartOfWeek(local) - firstWeekStart).Days / 7) + 1;
    }

    private static object? Compute(FetchAttribute attribute, ColumnMetadata column, List<object?> values, int rowCount)
    {
        var present = values.Where(v => v != null).ToList();
        switch (attribute.Aggregate)
        {
            case AggregateFunction.Count:
                return rowCount;
            case AggregateFunction.CountColumn:
                return attribute.DistinctValues ? present.Select(ValueCoercion.Key).Distinct().Count() : present.Count;
            case AggregateFunction.Min or AggregateFunction.Max:
                if (present.Count == 0)
                {
                    return null;
                }

                var keys = present.Select(ValueCoercion.Key).ToList();
                var best = keys.Aggregate((a, b) => ValueCoercion.Compare(a!, b!) <= 0 == (attribute.Aggregate == AggregateFunction.Min) ? a : b);
                return column.Type == ColumnType.Money ? new Money((decimal)best!) : best;
            case AggregateFunction.Sum or AggregateFunction.Avg:
                if (present.Count == 0)
                {
                    return null;
                }

                if (column.Type is not (ColumnType.Integer or ColumnType.BigInt or ColumnType.Decimal or ColumnType.Double or ColumnType.Money))
                {
                    throw FetchXmlParser.Invalid("The " + attribute.Aggregate.ToString().ToLowerInvariant() + " aggregate needs a numeric column; '" + column.LogicalName + "' is " + column.Type + ".");
                }

                var numbers = present.Select(v => Convert.ToDecimal(ValueCoercion.Key(v), CultureInfo.InvariantCulture)).ToList();
                var result = attribute.Aggregate == AggregateFunction.Sum ? numbers.Sum() : numbers.Average();
                return column.Type switch
                {
                    ColumnType.Money => new Money(result),
                    // SQL AVG over an integer column is integer arithmetic: Learn's aggregate example shows 3,911 for 35,200 / 9.
                    ColumnType.Integer => (int)result,
                    ColumnType.BigInt => (long)result,
                    ColumnType.Double => (double)result,
                    _ => result,
                };
            default:
                return null;
        }
    }

    private sealed class NullFirst : IComparer<object?>
    {
        public int Compare(object? x, object? y) => (x, y) switch
        {
            (null, null) => 0,
            (null, _) => -1,
            (_, null) => 1,
            _ => ValueCoercion.Compare(x, y),
        };
    }
}
