using System;
using System.Globalization;
using System.Linq;
using System.Xml;
using System.Xml.Linq;
using CrmAccountability.Emulator.Storage;

namespace CrmAccountability.Emulator.Query;

/// <summary>Parses FetchXML into <see cref="FetchQuery"/>; malformed documents fail as Dataverse fails them.</summary>
internal static class FetchXmlParser
{
    public static FetchQuery Parse(string fetchXml)
    {
        XElement fetch;
        try
        {
            // Queries come from clients: read as untrusted XML (no DTD, bounded size and depth).
            fetch = Solutions.SafeXml.ParseElement(fetchXml);
        }
        catch (XmlException ex)
        {
            throw Invalid("The FetchXML is not well-formed: " + ex.Message);
        }

        if (fetch.Name.LocalName != "fetch")
        {
            throw Invalid("The root element must be <fetch>.");
        }

        var entity = fetch.Element("entity") ?? throw Invalid("<fetch> must contain an <entity> element.");
        var query = new FetchQuery
        {
            Root = ReadNode(entity, isLink: false),
            Top = Int(fetch, "top"),
            Count = Int(fetch, "count"),
            Page = Int(fetch, "page"),
            PagingCookie = (string?)fetch.Attribute("paging-cookie"),
            Distinct = Bool(fetch, "distinct"),
            Aggregate = Bool(fetch, "aggregate"),
            ReturnTotalRecordCount = Bool(fetch, "returntotalrecordcount"),
        };
        if (query.Top != null && (query.Count != null || query.Page != null))
        {
            throw Invalid("The top attribute can't be specified with paging attribute page or count.");
        }

        return query;
    }

    private static FetchEntityNode ReadNode(XElement element, bool isLink)
    {
        var name = Required(element, "name");
        FetchEntityNode node = isLink
            ? new FetchLink
            {
                Name = name,
                From = Required(element, "from"),
                To = Required(element, "to"),
                Type = LinkTypeOf(element),
                Alias = (string?)element.Attribute("alias"),
            }
            : new FetchEntityNode { Name = name };

        foreach (var child in element.Elements())
        {
            switch (child.Name.LocalName)
            {
                case "all-attributes":
                    node.AllAttributes = true;
                    break;
                case "attribute":
                    node.Attributes.Add(ReadAttribute(child));
                    break;
                case "order":
                    node.Orders.Add(new FetchOrder
                    {
                        Attribute = (string?)child.Attribute("attribute"),
                        Alias = (string?)child.Attribute("alias"),
                        Descending = Bool(child, "descending"),
                    });
                    break;
                case "filter":
                    node.Filters.Add(ReadFilter(child));
                    break;
                case "link-entity":
                    var link = (FetchLink)ReadNode(child, isLink: true);
                    if (link.IsFilterLink)
                    {
                        throw Invalid("A link-entity with link-type '" + (string?)child.Attribute("link-type") + "' filters on related rows and must sit inside a filter element.");
                    }

                    node.Links.Add(link);
                    break;
                default:
                    throw Invalid("Unexpected element <" + child.Name.LocalName + "> inside <" + element.Name.LocalName + ">.");
            }
        }

        if (node is FetchLink { Joins: false } restricted && (restricted.AllAttributes || restricted.Attributes.Count > 0))
        {
            throw Invalid("A link-entity with link-type '" + (string?)element.Attribute("link-type") + "' only restricts the parent rows and can't return its columns; remove its attribute elements.");
        }

        return node;
    }

    /// <summary>Learn, link-entity reference: inner (default), outer, any, not any, all, not all, exists, in, matchfirstrowusingcrossapply.</summary>
    private static LinkType LinkTypeOf(XElement element) => (string?)element.Attribute("link-type") switch
    {
        null or "inner" => LinkType.Inner,
        "outer" => LinkType.Outer,
        "matchfirstrowusingcrossapply" => LinkType.MatchFirstRow,
        "exists" => LinkType.Exists,
        "in" => LinkType.In,
        "any" => LinkType.Any,
        "not any" => LinkType.NotAny,
        "all" => LinkType.All,
        "not all" => LinkType.NotAll,
        var other => throw Invalid("'" + other + "' is not a valid link-type; use inner, outer, any, not any, all, not all, exists, in or matchfirstrowusingcrossapply."),
    };

    private static FetchAttribute ReadAttribute(XElement element)
    {
        var aggregate = (string?)element.Attribute("aggregate") switch
        {
            null => AggregateFunction.None,
            "count" => AggregateFunction.Count,
            "countcolumn" => AggregateFunction.CountColumn,
            "sum" => AggregateFunction.Sum,
            "avg" => AggregateFunction.Avg,
            "min" => AggregateFunction.Min,
            "max" => AggregateFunction.Max,
            var other => throw Invalid("'" + other + "' is not a valid aggregate."),
        };
        var grouping = (string?)element.Attribute("dategrouping") switch
        {
            null => DateGrouping.None,
            "day" => DateGrouping.Day,
            "week" => DateGrouping.Week,
            "month" => DateGrouping.Month,
            "quarter" => DateGrouping.Quarter,
            "year" => DateGrouping.Year,
            "fiscal-period" => DateGrouping.FiscalPeriod,
            "fiscal-year" => DateGrouping.FiscalYear,
            var other => throw Invalid("'" + other + "' is not a valid dategrouping."),
        };
        return new FetchAttribute
        {
            Name = Required(element, "name"),
            Alias = (string?)element.Attribute("alias"),
            Aggregate = aggregate,
            GroupBy = Bool(element, "groupby"),
            DateGrouping = grouping,
            DistinctValues = Bool(element, "distinct"),
            UserTimeZone = (string?)element.Attribute("usertimezone") != "false",
        };
    }

    private static FetchFilter ReadFilter(XElement element)
    {
        var filter = new FetchFilter { IsOr = (string?)element.Attribute("type") == "or" };
        foreach (var child in element.Elements())
        {
            if (child.Name.LocalName == "filter")
            {
                filter.Filters.Add(ReadFilter(child));
                continue;
            }

            if (child.Name.LocalName == "link-entity")
            {
                var link = (FetchLink)ReadNode(child, isLink: true);
                if (!link.IsFilterLink)
                {
                    throw Invalid("A link-entity inside a filter must have link-type any, not any, all or not all.");
                }

                filter.Links.Add(link);
                continue;
            }

            if (child.Name.LocalName != "condition")
            {
                throw Invalid("Unexpected element <" + child.Name.LocalName + "> inside <filter>.");
            }

            var condition = new FetchCondition
            {
                EntityName = (string?)child.Attribute("entityname"),
                Attribute = Required(child, "attribute"),
                Operator = Required(child, "operator"),
                ValueOf = (string?)child.Attribute("valueof"),
            };
            if (child.Attribute("value") is { } single)
            {
                condition.Values.Add(single.Value);
            }

            condition.Values.AddRange(child.Elements("value").Select(v => (object?)v.Value));
            filter.Conditions.Add(condition);
        }

        return filter;
    }

    private static string Required(XElement element, string attribute)
        => (string?)element.Attribute(attribute) is { Length: > 0 } value
            ? value
            : throw Invalid("<" + element.Name.LocalName + "> requires the '" + attribute + "' attribute.");

    private static int? Int(XElement element, string attribute)
    {
        var text = (string?)element.Attribute(attribute);
        if (text == null)
        {
            return null;
        }

        return int.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var value) && value > 0
            ? value
            : throw Invalid("The '" + attribute + "' attribute must be a positive whole number, not '" + text + "'.");
    }

    private static bool Bool(XElement element, string attribute)
        => (string?)element.Attribute(attribute) is "true" or "1";

    internal static DataverseFaultException Invalid(string message) => new(DataverseFaults.InvalidFetchXml, message);
}
