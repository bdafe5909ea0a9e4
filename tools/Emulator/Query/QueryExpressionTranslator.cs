using System;
using System.Collections.Generic;
using System.Linq;
using CrmAccountability.Emulator.Storage;
using Microsoft.Xrm.Sdk.Query;

namespace CrmAccountability.Emulator.Query;

/// <summary>QueryExpression and QueryByAttribute into the FetchXML model, so both run through one interpreter.</summary>
internal static class QueryExpressionTranslator
{
    private static readonly Dictionary<ConditionOperator, string> Operators = new()
    {
        [ConditionOperator.Equal] = "eq", [ConditionOperator.NotEqual] = "ne", [ConditionOperator.GreaterThan] = "gt",
        [ConditionOperator.LessThan] = "lt", [ConditionOperator.GreaterEqual] = "ge", [ConditionOperator.LessEqual] = "le",
        [ConditionOperator.Like] = "like", [ConditionOperator.NotLike] = "not-like", [ConditionOperator.In] = "in",
        [ConditionOperator.NotIn] = "not-in", [ConditionOperator.Between] = "between", [ConditionOperator.NotBetween] = "not-between",
        [ConditionOperator.Null] = "null", [ConditionOperator.NotNull] = "not-null", [ConditionOperator.Yesterday] = "yesterday",
        [ConditionOperator.Today] = "today", [ConditionOperator.Tomorrow] = "tomorrow", [ConditionOperator.Last7Days] = "last-seven-days",
        [ConditionOperator.Next7Days] = "next-seven-days", [ConditionOperator.LastWeek] = "last-week", [ConditionOperator.ThisWeek] = "this-week",
        [ConditionOperator.NextWeek] = "next-week", [ConditionOperator.LastMonth] = "last-month", [ConditionOperator.ThisMonth] = "this-month",
        [ConditionOperator.NextMonth] = "next-month", [ConditionOperator.On] = "on", [ConditionOperator.OnOrBefore] = "on-or-before",
        [ConditionOperator.OnOrAfter] = "on-or-after", [ConditionOperator.LastYear] = "last-year", [ConditionOperator.ThisYear] = "this-year",
        [ConditionOperator.NextYear] = "next-year", [ConditionOperator.LastXHours] = "last-x-hours", [ConditionOperator.NextXHours] = "next-x-hours",
        [ConditionOperator.LastXDays] = "last-x-days", [ConditionOperator.NextXDays] = "next-x-days", [ConditionOperator.LastXWeeks] = "last-x-weeks",
        [ConditionOperator.NextXWeeks] = "next-x-weeks", [ConditionOperator.LastXMonths] = "last-x-months", [ConditionOperator.NextXMonths] = "next-x-months",
        [ConditionOperator.LastXYears] = "last-x-years", [ConditionOperator.NextXYears] = "next-x-years", [ConditionOperator.EqualUserId] = "eq-userid",
        [ConditionOperator.NotEqualUserId] = "ne-userid", [ConditionOperator.EqualBusinessId] = "eq-businessid", [ConditionOperator.NotEqualBusinessId] = "ne-businessid",
        [ConditionOperator.NotOn] = "not-on", [ConditionOperator.OlderThanXMonths] = "olderthan-x-months", [ConditionOperator.BeginsWith] = "begins-with",
        [ConditionOperator.DoesNotBeginWith] = "not-begin-with", [ConditionOperator.EndsWith] = "ends-with", [ConditionOperator.DoesNotEndWith] = "not-end-with",
        [ConditionOperator.ThisFiscalYear] = "this-fiscal-year", [ConditionOperator.ThisFiscalPeriod] = "this-fiscal-period", [ConditionOperator.NextFiscalYear] = "next-fiscal-year",
        [ConditionOperator.NextFiscalPeriod] = "next-fiscal-period", [ConditionOperator.LastFiscalYear] = "last-fiscal-year", [ConditionOperator.LastFiscalPeriod] = "last-fiscal-period",
        [ConditionOperator.LastXFiscalYears] = "last-x-fiscal-years", [ConditionOperator.LastXFiscalPeriods] = "last-x-fiscal-periods", [ConditionOperator.NextXFiscalYears] = "next-x-fiscal-years",
        [ConditionOperator.NextXFiscalPeriods] = "next-x-fiscal-periods", [ConditionOperator.InFiscalYear] = "in-fiscal-year", [ConditionOperator.InFiscalPeriod] = "in-fiscal-period",
        [ConditionOperator.InFiscalPeriodAndYear] = "in-fiscal-period-and-year", [ConditionOperator.InOrBeforeFiscalPeriodAndYear] = "in-or-before-fiscal-period-and-year",
        [ConditionOperator.InOrAfterFiscalPeriodAndYear] = "in-or-after-fiscal-period-and-year", [ConditionOperator.EqualUserTeams] = "eq-userteams",
        [ConditionOperator.EqualUserOrUserTeams] = "eq-useroruserteams", [ConditionOperator.EqualUserOrUserHierarchy] = "eq-useroruserhierarchy",
        [ConditionOperator.EqualUserOrUserHierarchyAndTeams] = "eq-useroruserhierarchyandteams", [ConditionOperator.OlderThanXYears] = "olderthan-x-years",
        [ConditionOperator.OlderThanXWeeks] = "olderthan-x-weeks", [ConditionOperator.OlderThanXDays] = "olderthan-x-days", [ConditionOperator.OlderThanXHours] = "olderthan-x-hours",
        [ConditionOperator.OlderThanXMinutes] = "olderthan-x-minutes", [ConditionOperator.ContainValues] = "contain-values", [ConditionOperator.DoesNotContainValues] = "not-contain-values",
        [ConditionOperator.Under] = "under", [ConditionOperator.UnderOrEqual] = "eq-or-under", [ConditionOperator.NotUnder] = "not-under",
        [ConditionOperator.Above] = "above", [ConditionOperator.AboveOrEqual] = "eq-or-above",
    };

    /// <summary>Every FetchXML operator name a ConditionOperator stands for.</summary>
    public static IReadOnlyCollection<string> FetchOperators => Operators.Values;

    /// <summary>The ConditionOperator for a FetchXML operator name (for FetchXmlToQueryExpression).</summary>
    public static ConditionOperator OperatorFor(string fetchOperator)
    {
        foreach (var (op, name) in Operators)
        {
            if (name == fetchOperator)
            {
                return op;
            }
        }

        return fetchOperator switch
        {
            "neq" => ConditionOperator.NotEqual,
            _ => throw new DataverseFaultException(DataverseFaults.InvalidArgument, "The FetchXML operator '" + fetchOperator + "' has no QueryExpression ConditionOperator the emulator knows."),
        };
    }

    public static FetchQuery Translate(QueryExpression query)
    {
        var root = new FetchEntityNode { Name = query.EntityName ?? throw new DataverseFaultException(DataverseFaults.InvalidArgument, "QueryExpression.EntityName is required.") };
        Columns(root, query.ColumnSet);
        if (query.Criteria != null)
        {
            root.Filters.Add(Filter(query.Criteria));
        }

        root.Orders.AddRange(query.Orders.Select(o => new FetchOrder { Attribute = o.AttributeName, Alias = o.Alias, Descending = o.OrderType == OrderType.Descending }));
        AddLinks(root, query.LinkEntities);
        var paging = query.PageInfo;
        var paged = paging != null && (paging.Count > 0 || paging.PageNumber > 0);
        return new FetchQuery
        {
            Root = root,
            Distinct = query.Distinct,
            Top = query.TopCount,
            Count = paged && paging!.Count > 0 ? paging.Count : null,
            Page = paged && paging!.PageNumber > 0 ? paging.PageNumber : null,
            PagingCookie = paging?.PagingCookie,
            ReturnTotalRecordCount = paging?.ReturnTotalRecordCount ?? false,
        };
    }

    public static FetchQuery Translate(QueryByAttribute query)
    {
        if (query.Attributes.Count != query.Values.Count)
        {
            throw new DataverseFaultException(DataverseFaults.InvalidArgument, "QueryByAttribute needs one value per attribute.");
        }

        var expression = new QueryExpression(query.EntityName) { ColumnSet = query.ColumnSet, TopCount = query.TopCount, PageInfo = query.PageInfo };
        for (var i = 0; i < query.Attributes.Count; i++)
        {
            expression.Criteria.AddCondition(query.Attributes[i], ConditionOperator.Equal, query.Values[i]);
        }

        foreach (var order in query.Orders)
        {
            expression.Orders.Add(order);
        }

        return Translate(expression);
    }

    private static FetchLink Link(LinkEntity link)
    {
        var node = new FetchLink
        {
            Name = link.LinkToEntityName,
            From = link.LinkToAttributeName,
            To = link.LinkFromAttributeName,
            Type = link.JoinOperator switch
            {
                JoinOperator.Inner or JoinOperator.Natural => LinkType.Inner,
                JoinOperator.LeftOuter => LinkType.Outer,
                JoinOperator.MatchFirstRowUsingCrossApply => LinkType.MatchFirstRow,
                JoinOperator.In => LinkType.In,
                JoinOperator.Exists => LinkType.Exists,
                JoinOperator.Any => LinkType.Any,
                JoinOperator.NotAny => LinkType.NotAny,
                JoinOperator.All => LinkType.All,
                JoinOperator.NotAll => LinkType.NotAll,
                var other => throw new DataverseFaultException(DataverseFaults.InvalidArgument, "The join operator " + other + " is not a valid JoinOperator."),
            },
            Alias = link.EntityAlias,
        };
        Columns(node, link.Columns);
        if (link.LinkCriteria != null)
        {
            node.Filters.Add(Filter(link.LinkCriteria));
        }

        node.Orders.AddRange(link.Orders.Select(o => new FetchOrder { Attribute = o.AttributeName, Descending = o.OrderType == OrderType.Descending }));
        AddLinks(node, link.LinkEntities);
        return node;
    }

    private static void Columns(FetchEntityNode node, ColumnSet? columns)
    {
        if (columns == null)
        {
            return;
        }

        node.AllAttributes = columns.AllColumns;
        node.Attributes.AddRange(columns.Columns.Select(c => new FetchAttribute { Name = c }));
    }

    private static FetchFilter Filter(FilterExpression filter)
    {
        var result = new FetchFilter { IsOr = filter.FilterOperator == LogicalOperator.Or };
        foreach (var condition in filter.Conditions)
        {
            var op = Operators.TryGetValue(condition.Operator, out var name)
                ? name
                : throw new DataverseFaultException(DataverseFaults.InvalidArgument, "The condition operator " + condition.Operator + " is not one the emulator implements.");
            var translated = new FetchCondition
            {
                EntityName = condition.EntityName,
                Attribute = condition.AttributeName,
                Operator = op,
                ValueOf = condition.CompareColumns ? condition.Values.FirstOrDefault() as string : null,
            };
            if (!condition.CompareColumns)
            {
                translated.Values.AddRange(condition.Values.SelectMany(Spread));
            }

            result.Conditions.Add(translated);
        }

        result.Filters.AddRange(filter.Filters.Select(Filter));

        return result;
    }

    /// <summary>
    /// Links added to a query or link-entity. The filtering kinds (Any, NotAny, All, NotAll) become conditions of an AND
    /// filter: SDK 9.0's FilterExpression has no LinkEntities, so this is where such a link can be written.
    /// </summary>
    private static void AddLinks(FetchEntityNode node, IEnumerable<LinkEntity> links)
    {
        foreach (var link in links.Select(Link))
        {
            if (link.IsFilterLink)
            {
                var filter = new FetchFilter();
                filter.Links.Add(link);
                node.Filters.Add(filter);
            }
            else
            {
                node.Links.Add(link);
            }
        }
    }

    // A single array value passed as "params object[]" arrives as one element holding the array.
    private static IEnumerable<object?> Spread(object? value)
        => value is Array array && value is not byte[] ? array.Cast<object?>() : [value];
}
