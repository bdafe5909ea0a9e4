using System.Collections.Generic;

namespace CrmAccountability.Emulator.Query;

/// <summary>
/// FetchXML parsed once into a typed tree; QueryExpression is translated into the same tree, so one interpreter
/// serves both. Condition values stay as given (strings from FetchXML, typed objects from QueryExpression) and are
/// coerced against the column's metadata when the query is compiled.
/// </summary>
internal sealed class FetchQuery
{
    public required FetchEntityNode Root { get; init; }

    public int? Top { get; init; }

    public int? Count { get; init; }

    public int? Page { get; init; }

    public string? PagingCookie { get; init; }

    public bool Distinct { get; init; }

    public bool Aggregate { get; init; }

    public bool ReturnTotalRecordCount { get; init; }
}

internal class FetchEntityNode
{
    public required string Name { get; init; }

    public string? Alias { get; set; }

    public bool AllAttributes { get; set; }

    public List<FetchAttribute> Attributes { get; } = [];

    public List<FetchOrder> Orders { get; } = [];

    public List<FetchFilter> Filters { get; } = [];

    public List<FetchLink> Links { get; } = [];
}

/// <summary>
/// How a link-entity joins (Learn: "Join tables using FetchXml", link-type). Inner, outer and
/// matchfirstrowusingcrossapply add the linked row's columns; exists and in only restrict the parent rows; any, not any,
/// all and not all are conditions inside a filter element ("Filter on values in related records").
/// </summary>
internal enum LinkType
{
    Inner,
    Outer,
    MatchFirstRow,
    Exists,
    In,
    Any,
    NotAny,
    All,
    NotAll,
}

internal sealed class FetchLink : FetchEntityNode
{
    /// <summary>The column on the linked table.</summary>
    public required string From { get; init; }

    /// <summary>The column on the parent table.</summary>
    public required string To { get; init; }

    public LinkType Type { get; init; }

    public bool Outer => Type == LinkType.Outer;

    /// <summary>The link adds rows and columns to the result (inner, outer, matchfirstrowusingcrossapply).</summary>
    public bool Joins => Type is LinkType.Inner or LinkType.Outer or LinkType.MatchFirstRow;

    /// <summary>The link belongs inside a filter element (any, not any, all, not all).</summary>
    public bool IsFilterLink => Type is LinkType.Any or LinkType.NotAny or LinkType.All or LinkType.NotAll;
}

internal enum AggregateFunction
{
    None,
    Count,
    CountColumn,
    Sum,
    Avg,
    Min,
    Max,
}

internal enum DateGrouping
{
    None,
    Day,
    Week,
    Month,
    Quarter,
    Year,
    FiscalPeriod,
    FiscalYear,
}

internal sealed class FetchAttribute
{
    public required string Name { get; init; }

    public string? Alias { get; init; }

    public AggregateFunction Aggregate { get; init; }

    public bool GroupBy { get; init; }

    public DateGrouping DateGrouping { get; init; }

    public bool DistinctValues { get; init; }

    public bool UserTimeZone { get; init; } = true;
}

internal sealed class FetchOrder
{
    public string? Attribute { get; init; }

    public string? Alias { get; init; }

    public bool Descending { get; init; }
}

internal sealed class FetchFilter
{
    public bool IsOr { get; init; }

    public List<FetchCondition> Conditions { get; } = [];

    public List<FetchFilter> Filters { get; } = [];

    /// <summary>Conditions on related rows: link-entities of type any, not any, all or not all.</summary>
    public List<FetchLink> Links { get; } = [];
}

internal sealed class FetchCondition
{
    /// <summary>The alias of a linked table the condition refers to, or null for the table the filter sits on.</summary>
    public string? EntityName { get; init; }

    public required string Attribute { get; init; }

    public required string Operator { get; init; }

    public List<object?> Values { get; } = [];

    /// <summary>Column comparison: the other column's name (FetchXML valueof).</summary>
    public string? ValueOf { get; init; }
}
