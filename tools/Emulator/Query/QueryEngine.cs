using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Net;
using System.Text.RegularExpressions;
using CrmAccountability.Emulator.Metadata;
using CrmAccountability.Emulator.Query.Operators;
using CrmAccountability.Emulator.Storage;
using Microsoft.Xrm.Sdk;

namespace CrmAccountability.Emulator.Query;

/// <summary>
/// The one interpreter for FetchXML and QueryExpression: picks candidate rows (through an index where a top-level
/// condition allows), joins link-entities, filters, then either projects, orders and pages, or groups and aggregates.
/// Limits are Dataverse's: 5,000 rows a page, 50,000 rows into an aggregate.
/// </summary>
internal sealed partial class QueryEngine
{
    public const int MaxPageSize = 5000;
    public const int AggregateRowLimit = 50_000;

    private readonly DataStore _store;
    private readonly Platform.EntityProjection _projection;

    public QueryEngine(DataStore store, Platform.EntityProjection projection)
    {
        _store = store;
        _projection = projection;
    }

    /// <param name="query">The parsed query.</param>
    /// <param name="env">Caller, clock and calendars for user and date operators.</param>
    /// <param name="rowsRead">Receives how many stored rows were examined, for the request counters.</param>
    /// <param name="reader">The transaction reading (its own uncommitted writes are visible to it), or null.</param>
    /// <param name="canRead">Row-level security: which rows the caller may see; null when it may see all.</param>
    /// <param name="rowsMatched">Receives how many rows met the query's conditions (what an aggregate aggregated, or every page's rows).</param>
    public EntityCollection Execute(FetchQuery query, QueryEnvironment env, Action<long> rowsRead, Transaction? reader = null, Func<TableMetadata, IReadOnlyDictionary<string, object?>, bool>? canRead = null, Action<long>? rowsMatched = null)
    {
        using var shared = _store.ReadScope();
        var plan = QueryPlan.Build(query, _store, env, reader, canRead);
        var candidates = plan.Candidates(out var exact);
        if (query.Aggregate && exact && candidates.Count > AggregateRowLimit)
        {
            // The index says how many rows match before one is read, as SQL's plan does.
            rowsRead(plan.SubqueryRowsRead);
            throw AggregateLimit();
        }

        var rows = new List<JoinedRow>();
        long read = 0;
        foreach (var id in candidates)
        {
            read++;
            var values = plan.RootStore.Get(id, reader);
            if (values == null || (canRead != null && !canRead(plan.RootStore.Table, values)))
            {
                continue;
            }

            var root = new JoinedRow().With(plan.RootAlias, plan.RootStore.Table, id, values);
            foreach (var joined in plan.Expand(root, _store, ref read))
            {
                if (plan.RootFilter(joined))
                {
                    rows.Add(joined);
                    if (query.Aggregate && rows.Count > AggregateRowLimit)
                    {
                        // No need to read on: the aggregate fails whatever the rest holds.
                        rowsRead(read + plan.SubqueryRowsRead);
                        throw AggregateLimit();
                    }
                }
            }
        }

        rowsRead(read + plan.SubqueryRowsRead);
        rowsMatched?.Invoke(rows.Count);
        return query.Aggregate ? Aggregate(query, plan, rows, env) : Project(query, plan, rows);
    }

    private static DataverseFaultException AggregateLimit()
        => new(DataverseFaults.AggregateQueryRecordLimit, "The maximum record limit of 50000 is exceeded. Reduce the number of records.");

    private EntityCollection Project(FetchQuery query, QueryPlan plan, List<JoinedRow> rows)
    {
        var ordered = Order(plan, rows);
        if (query.Top is { } top && top > MaxPageSize)
        {
            throw FetchXmlParser.Invalid("The top attribute can't be greater than 5000.");
        }

        if (query.Distinct)
        {
            // Distinct compares projected rows, so every row is projected first.
            var entities = ordered.Select(row => ToEntity(plan, row))
                .DistinctBy(e => string.Join("\u001f", e.Attributes.Where(a => a.Key != plan.RootStore.Table.PrimaryIdColumn || plan.Root.AllAttributes || plan.Root.Attributes.Any(x => x.Name == a.Key)).OrderBy(a => a.Key, StringComparer.Ordinal).Select(a => a.Key + "=" + Describe(a.Value))))
                .ToList();
            return query.Top is { } distinctTop
                ? new EntityCollection(entities.Take(distinctTop).ToList()) { EntityName = plan.Root.Name }
                : Page(query, plan, entities.Count, start => entities.Skip(start), null);
        }

        // Otherwise only the rows handed back are projected: a page of 5,000 out of 100,000 costs 5,000 projections.
        return query.Top is { } rowLimit
            ? new EntityCollection(ordered.Take(rowLimit).Select(row => ToEntity(plan, row)).ToList()) { EntityName = plan.Root.Name }
            : Page(query, plan, ordered.Count, start => ordered.Skip(start).Select(row => ToEntity(plan, row)), ordered);
    }

    private static EntityCollection Page(FetchQuery query, QueryPlan plan, int total, Func<int, IEnumerable<Entity>> from, List<JoinedRow>? ordered)
    {
        var size = query.Count ?? MaxPageSize;
        if (size > MaxPageSize)
        {
            throw FetchXmlParser.Invalid("The count attribute can't be greater than 5000; page through the results with the paging cookie.");
        }

        var page = query.Page ?? 1;
        var start = (page - 1) * size;
        if (!string.IsNullOrEmpty(query.PagingCookie) && CookieLastId(query.PagingCookie) == null)
        {
            throw new DataverseFaultException(DataverseFaults.InvalidArgument, "The paging cookie is not one a previous page returned; pass the PagingCookie of the page before, or leave it out and page by number.");
        }

        if (query.PagingCookie != null && ordered != null && CookieLastId(query.PagingCookie) is { } lastId)
        {
            // The cookie names the last row of the previous page; continue right after it (rows may have moved).
            var index = ordered.FindIndex(r => r.Id(plan.RootAlias) == lastId);
            if (index >= 0)
            {
                start = index + 1;
            }
        }

        var slice = from(start).Take(size).ToList();
        var more = total > start + size;
        var collection = new EntityCollection(slice)
        {
            EntityName = plan.Root.Name,
            MoreRecords = more,
            TotalRecordCount = query.ReturnTotalRecordCount ? Math.Min(total, MaxPageSize) : -1,
            TotalRecordCountLimitExceeded = query.ReturnTotalRecordCount && total > MaxPageSize,
        };
        if (slice.Count > 0)
        {
            var primaryId = plan.RootStore.Table.PrimaryIdColumn;
            collection.PagingCookie = "<cookie page=\"" + page.ToString(CultureInfo.InvariantCulture) + "\"><" + primaryId + " last=\"{" + slice[^1].Id.ToString().ToUpperInvariant() + "}\" first=\"{" + slice[0].Id.ToString().ToUpperInvariant() + "}\" /></cookie>";
        }

        return collection;
    }

    private static Guid? CookieLastId(string cookie)
    {
        var decoded = WebUtility.HtmlDecode(WebUtility.UrlDecode(cookie));
        var match = LastIdPattern().Match(decoded);
        return match.Success && Guid.TryParse(match.Groups[1].Value, out var id) ? id : null;
    }

    [GeneratedRegex("last=\"\\{?([0-9A-Fa-f-]{36})\\}?\"")]
    private static partial Regex LastIdPattern();

    private List<JoinedRow> Order(QueryPlan plan, List<JoinedRow> rows)
    {
        IOrderedEnumerable<JoinedRow>? ordered = null;
        foreach (var (alias, table, order) in plan.Orders)
        {
            var column = order.Attribute ?? throw FetchXmlParser.Invalid("An order on a non-aggregate query needs an attribute.");
            object? Key(JoinedRow row) => SortKey(table, column, row.Value(alias, column));
            ordered = ordered == null
                ? (order.Descending ? rows.OrderByDescending(Key, SortComparer.Instance) : rows.OrderBy(Key, SortComparer.Instance))
                : (order.Descending ? ordered.ThenByDescending(Key, SortComparer.Instance) : ordered.ThenBy(Key, SortComparer.Instance));
        }

        // Dataverse pages in primary key order when no other order decides.
        return (ordered == null ? rows.OrderBy(r => r.Id(plan.RootAlias)) : ordered.ThenBy(r => r.Id(plan.RootAlias))).ToList();
    }

    private object? SortKey(TableMetadata table, string column, object? value) => value switch
    {
        EntityReference reference => _projection.ToEntity(table, Guid.Empty, new Dictionary<string, object?> { [column] = reference }, new Microsoft.Xrm.Sdk.Query.ColumnSet(column)).GetAttributeValue<EntityReference>(column)?.Name ?? reference.Id.ToString(),
        OptionSetValue option => table.FindColumn(column)?.OptionSet?.Find(option.Value)?.Label ?? option.Value.ToString(CultureInfo.InvariantCulture),
        _ => ValueCoercion.Key(value),
    };

    private Entity ToEntity(QueryPlan plan, JoinedRow row)
    {
        var (table, id, values) = row.Get(plan.RootAlias);
        var columns = plan.Root.AllAttributes
            ? null
            : new Microsoft.Xrm.Sdk.Query.ColumnSet(plan.Root.Attributes.Where(a => a.Alias == null).Select(a => a.Name).ToArray());
        var entity = _projection.ToEntity(table, id, values!, columns);
        foreach (var aliased in plan.Root.Attributes.Where(a => a.Alias != null))
        {
            if (values!.TryGetValue(aliased.Name, out var value) && value != null)
            {
                entity[aliased.Alias!] = new AliasedValue(table.LogicalName, aliased.Name, ValueRules.Copy(value));
            }
        }

        foreach (var (alias, link) in plan.Links)
        {
            var (linkTable, linkId, linkValues) = row.Get(alias);
            if (linkValues == null)
            {
                continue;
            }

            var names = link.AllAttributes ? linkValues.Keys.ToList() : link.Attributes.Select(a => a.Name).ToList();
            var projected = _projection.ToEntity(linkTable, linkId, linkValues, new Microsoft.Xrm.Sdk.Query.ColumnSet(names.ToArray()));
            foreach (var name in names)
            {
                if (!projected.Attributes.TryGetValue(name, out var value) || value == null)
                {
                    continue;
                }

                var key = link.Attributes.FirstOrDefault(a => a.Name == name)?.Alias ?? alias + "." + name;
                entity[key] = new AliasedValue(linkTable.LogicalName, name, value);
                if (projected.FormattedValues.TryGetValue(name, out var formatted))
                {
                    entity.FormattedValues[key] = formatted;
                }
            }
        }

        return entity;
    }

    private static string Describe(object? value) => value switch
    {
        AliasedValue aliased => Describe(aliased.Value),
        _ => Convert.ToString(ValueCoercion.Key(value), CultureInfo.InvariantCulture) ?? string.Empty,
    };

    private sealed class SortComparer : IComparer<object?>
    {
        public static readonly SortComparer Instance = new();

        // SQL Server sorts NULL first in ascending order.
        public int Compare(object? x, object? y) => (x, y) switch
        {
            (null, null) => 0,
            (null, _) => -1,
            (_, null) => 1,
            _ => ValueCoercion.Compare(x, y),
        };
    }
}
