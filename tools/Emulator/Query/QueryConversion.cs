using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Xml.Linq;
using CrmAccountability.Emulator.Storage;
using Microsoft.Xrm.Sdk;
using Microsoft.Xrm.Sdk.Query;

namespace CrmAccountability.Emulator.Query;

/// <summary>
/// The FetchXmlToQueryExpression and QueryExpressionToFetchXml messages: both go through the one query model, so a
/// query converted either way runs exactly as the original does. Values stay as written (FetchXML's strings become
/// QueryExpression string values, which the emulator coerces by column type as Dataverse does).
/// </summary>
internal static class QueryConversion
{
    public static QueryExpression ToQueryExpression(FetchQuery query)
    {
        if (query.Aggregate)
        {
            throw new DataverseFaultException(DataverseFaults.InvalidArgument, "An aggregate FetchXML query can't be converted to a QueryExpression, which has no aggregates; run the FetchXML itself.");
        }

        var expression = new QueryExpression(query.Root.Name)
        {
            ColumnSet = Columns(query.Root),
            Distinct = query.Distinct,
            TopCount = query.Top,
            Criteria = Criteria(query.Root.Filters),
        };
        if (query.Count != null || query.Page != null || query.PagingCookie != null || query.ReturnTotalRecordCount)
        {
            expression.PageInfo = new PagingInfo { Count = query.Count ?? 0, PageNumber = query.Page ?? 0, PagingCookie = query.PagingCookie, ReturnTotalRecordCount = query.ReturnTotalRecordCount };
        }

        foreach (var order in query.Root.Orders)
        {
            expression.Orders.Add(new OrderExpression(order.Attribute, order.Descending ? OrderType.Descending : OrderType.Ascending, order.Alias));
        }

        foreach (var link in Links(query.Root))
        {
            expression.LinkEntities.Add(ToLinkEntity(query.Root.Name, link));
        }

        return expression;
    }

    public static string ToFetchXml(FetchQuery query)
    {
        var fetch = new XElement("fetch", new XAttribute("mapping", "logical"));
        if (query.Top is { } top)
        {
            fetch.Add(new XAttribute("top", top));
        }

        if (query.Count is { } count)
        {
            fetch.Add(new XAttribute("count", count));
        }

        if (query.Page is { } page)
        {
            fetch.Add(new XAttribute("page", page));
        }

        if (!string.IsNullOrEmpty(query.PagingCookie))
        {
            fetch.Add(new XAttribute("paging-cookie", query.PagingCookie));
        }

        if (query.Distinct)
        {
            fetch.Add(new XAttribute("distinct", "true"));
        }

        if (query.ReturnTotalRecordCount)
        {
            fetch.Add(new XAttribute("returntotalrecordcount", "true"));
        }

        var entity = new XElement("entity", new XAttribute("name", query.Root.Name));
        Node(entity, query.Root);
        fetch.Add(entity);
        return fetch.ToString(SaveOptions.DisableFormatting);
    }

    private static void Node(XElement element, FetchEntityNode node)
    {
        if (node.AllAttributes)
        {
            element.Add(new XElement("all-attributes"));
        }

        element.Add(node.Attributes.Select(a => new XElement("attribute", new XAttribute("name", a.Name), a.Alias == null ? null : new XAttribute("alias", a.Alias))));
        element.Add(node.Orders.Select(o => new XElement("order", o.Attribute == null ? null : new XAttribute("attribute", o.Attribute), o.Alias == null ? null : new XAttribute("alias", o.Alias), o.Descending ? new XAttribute("descending", "true") : null)));
        element.Add(node.Filters.Select(Filter));
        foreach (var link in node.Links)
        {
            element.Add(Link(link));
        }
    }

    private static XElement Link(FetchLink link)
    {
        var element = new XElement("link-entity", new XAttribute("name", link.Name), new XAttribute("from", link.From), new XAttribute("to", link.To), new XAttribute("link-type", LinkTypeName(link.Type)));
        if (link.Alias != null)
        {
            element.Add(new XAttribute("alias", link.Alias));
        }

        Node(element, link);
        return element;
    }

    private static XElement Filter(FetchFilter filter)
    {
        var element = new XElement("filter", new XAttribute("type", filter.IsOr ? "or" : "and"));
        foreach (var condition in filter.Conditions)
        {
            var xml = new XElement("condition");
            if (condition.EntityName != null)
            {
                xml.Add(new XAttribute("entityname", condition.EntityName));
            }

            xml.Add(new XAttribute("attribute", condition.Attribute), new XAttribute("operator", condition.Operator));
            if (condition.ValueOf != null)
            {
                xml.Add(new XAttribute("valueof", condition.ValueOf));
            }
            else if (condition.Values.Count == 1 && condition.Operator is not ("in" or "not-in"))
            {
                xml.Add(new XAttribute("value", Text(condition.Values[0])));
            }
            else
            {
                xml.Add(condition.Values.Select(v => new XElement("value", Text(v))));
            }

            element.Add(xml);
        }

        element.Add(filter.Filters.Select(Filter));
        element.Add(filter.Links.Select(Link));
        return element;
    }

    /// <summary>A QueryExpression value as FetchXML writes it.</summary>
    private static string Text(object? value) => value switch
    {
        null => string.Empty,
        string text => text,
        Guid id => id.ToString("D"),
        EntityReference reference => reference.Id.ToString("D"),
        OptionSetValue option => option.Value.ToString(CultureInfo.InvariantCulture),
        Money money => money.Value.ToString(CultureInfo.InvariantCulture),
        bool flag => flag ? "1" : "0",
        DateTime date => date.Kind == DateTimeKind.Utc ? date.ToString("yyyy-MM-ddTHH:mm:ssZ", CultureInfo.InvariantCulture) : date.ToString("yyyy-MM-ddTHH:mm:ss", CultureInfo.InvariantCulture),
        IFormattable formattable => formattable.ToString(null, CultureInfo.InvariantCulture),
        _ => value.ToString() ?? string.Empty,
    };

    private static string LinkTypeName(LinkType type) => type switch
    {
        LinkType.Outer => "outer",
        LinkType.MatchFirstRow => "matchfirstrowusingcrossapply",
        LinkType.Exists => "exists",
        LinkType.In => "in",
        LinkType.Any => "any",
        LinkType.NotAny => "not any",
        LinkType.All => "all",
        LinkType.NotAll => "not all",
        _ => "inner",
    };

    private static ColumnSet Columns(FetchEntityNode node) => node.AllAttributes ? new ColumnSet(true) : new ColumnSet(node.Attributes.Select(a => a.Name).ToArray());

    /// <summary>A node's filters as one QueryExpression criteria (several FetchXML filters on one entity are AND-ed).</summary>
    private static FilterExpression Criteria(List<FetchFilter> filters)
    {
        var relevant = filters.Where(f => f.Conditions.Count + f.Filters.Count > 0).ToList();
        if (relevant.Count == 1)
        {
            return ToFilterExpression(relevant[0]);
        }

        var all = new FilterExpression(LogicalOperator.And);
        foreach (var filter in relevant)
        {
            all.AddFilter(ToFilterExpression(filter));
        }

        return all;
    }

    private static FilterExpression ToFilterExpression(FetchFilter filter)
    {
        if (filter.Links.Count > 0 && filter.IsOr)
        {
            throw new DataverseFaultException(DataverseFaults.InvalidArgument, "A link-entity of type any, not any, all or not all inside an or filter has no QueryExpression form in this SDK; run the FetchXML itself.");
        }

        var expression = new FilterExpression(filter.IsOr ? LogicalOperator.Or : LogicalOperator.And);
        foreach (var condition in filter.Conditions)
        {
            var op = QueryExpressionTranslator.OperatorFor(condition.Operator);
            var converted = condition.ValueOf != null
                ? new ConditionExpression(condition.EntityName, condition.Attribute, op, true, condition.ValueOf)
                : new ConditionExpression(condition.EntityName, condition.Attribute, op, condition.Values.Select(v => v ?? string.Empty).ToArray<object>());
            expression.Conditions.Add(converted);
        }

        foreach (var nested in filter.Filters)
        {
            expression.AddFilter(ToFilterExpression(nested));
        }

        return expression;
    }

    /// <summary>A node's links, with the filtering ones taken out of AND filters (SDK 9.0 puts them on the query or link).</summary>
    private static IEnumerable<FetchLink> Links(FetchEntityNode node)
        => node.Links.Concat(node.Filters.Where(f => !f.IsOr).SelectMany(f => f.Links));

    private static LinkEntity ToLinkEntity(string parent, FetchLink link)
    {
        var converted = new LinkEntity(parent, link.Name, link.To, link.From, link.Type switch
        {
            LinkType.Outer => JoinOperator.LeftOuter,
            LinkType.MatchFirstRow => JoinOperator.MatchFirstRowUsingCrossApply,
            LinkType.Exists => JoinOperator.Exists,
            LinkType.In => JoinOperator.In,
            LinkType.Any => JoinOperator.Any,
            LinkType.NotAny => JoinOperator.NotAny,
            LinkType.All => JoinOperator.All,
            LinkType.NotAll => JoinOperator.NotAll,
            _ => JoinOperator.Inner,
        })
        {
            EntityAlias = link.Alias,
            Columns = Columns(link),
            LinkCriteria = Criteria(link.Filters),
        };
        foreach (var order in link.Orders)
        {
            converted.Orders.Add(new OrderExpression(order.Attribute, order.Descending ? OrderType.Descending : OrderType.Ascending));
        }

        foreach (var nested in Links(link))
        {
            converted.LinkEntities.Add(ToLinkEntity(link.Name, nested));
        }

        return converted;
    }
}
