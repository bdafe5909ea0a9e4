using System;
using System.Collections.Generic;
using System.Linq;
using CrmAccountability.Emulator.Metadata;
using CrmAccountability.Emulator.Query.Operators;
using CrmAccountability.Emulator.Storage;

namespace CrmAccountability.Emulator.Query;

/// <summary>One row of the join: for each table alias, the row (or nothing, for an outer link with no match).</summary>
internal sealed class JoinedRow
{
    private readonly List<(string Alias, TableMetadata Table, Guid Id, IReadOnlyDictionary<string, object?>? Values)> _parts = [];

    public JoinedRow With(string alias, TableMetadata table, Guid id, IReadOnlyDictionary<string, object?>? values)
    {
        var copy = new JoinedRow();
        copy._parts.AddRange(_parts);
        copy._parts.Add((alias, table, id, values));
        return copy;
    }

    public (TableMetadata Table, Guid Id, IReadOnlyDictionary<string, object?>? Values) Get(string alias)
    {
        foreach (var part in _parts)
        {
            if (part.Alias == alias)
            {
                return (part.Table, part.Id, part.Values);
            }
        }

        throw new DataverseFaultException(DataverseFaults.InvalidFetchXml, "No table in the query has the alias '" + alias + "'.");
    }

    public Guid Id(string alias) => Get(alias).Id;

    public object? Value(string alias, string column) => Get(alias).Values?.GetValueOrDefault(column);
}

/// <summary>A FetchQuery checked against metadata and compiled: aliases assigned, conditions turned into predicates.</summary>
internal sealed class QueryPlan
{
    private readonly List<(FetchLink Link, string Alias, string ParentAlias, TableStore Store, Func<JoinedRow, bool> Filter, TableMetadata ParentTable)> _links = [];
    private readonly List<(string Column, bool IsKey, IReadOnlyList<Guid> Values, IReadOnlyCollection<Guid> Ids)> _equalities = [];
    private readonly Dictionary<string, KeyRange> _ranges = new(StringComparer.Ordinal);

    /// <summary>A root condition no index answers (an or, a string match, a related-row test …): the candidates are a superset.</summary>
    private bool _unindexedConditions;

    private readonly List<(FetchLink Link, string Alias)> _unaliased = [];
    private readonly Dictionary<string, List<Func<JoinedRow, bool>>> _restrictions = new(StringComparer.Ordinal);
    private readonly Transaction? _reader;
    private readonly Func<TableMetadata, IReadOnlyDictionary<string, object?>, bool>? _canRead;
    private readonly DataStore _store;
    private readonly QueryEnvironment _env;
    private long _subqueryRowsRead;

    private QueryPlan(FetchEntityNode root, TableStore rootStore, DataStore store, QueryEnvironment env, Transaction? reader, Func<TableMetadata, IReadOnlyDictionary<string, object?>, bool>? canRead)
    {
        Root = root;
        RootStore = rootStore;
        RootFilter = _ => true;
        _store = store;
        _env = env;
        _reader = reader;
        _canRead = canRead;
    }

    /// <summary>Rows the related-row conditions (exists, in, any, not any, all, not all) examined.</summary>
    public long SubqueryRowsRead => _subqueryRowsRead;

    public FetchEntityNode Root { get; }

    public TableStore RootStore { get; }

    public string RootAlias => Root.Alias ?? Root.Name;

    public Func<JoinedRow, bool> RootFilter { get; private set; }

    public List<(string Alias, TableMetadata Table, FetchOrder Order)> Orders { get; } = [];

    public IEnumerable<(string Alias, FetchLink Link)> Links => _links.Select(l => (l.Alias, l.Link));

    public Dictionary<string, TableMetadata> Aliases { get; } = new(StringComparer.Ordinal);

    public static QueryPlan Build(FetchQuery query, DataStore store, QueryEnvironment env, Transaction? reader, Func<TableMetadata, IReadOnlyDictionary<string, object?>, bool>? canRead)
    {
        var rootStore = store.Table(query.Root.Name);
        var plan = new QueryPlan(query.Root, rootStore, store, env, reader, canRead);
        plan.Aliases[plan.RootAlias] = rootStore.Table;
        plan.RegisterLinks(query.Root, plan.RootAlias, rootStore.Table, store, new Dictionary<string, int>(StringComparer.Ordinal));
        foreach (var attribute in query.Root.Attributes)
        {
            DataStore.Column(rootStore.Table, attribute.Name);
        }

        plan.Orders.AddRange(query.Root.Orders.Where(o => o.Attribute != null || query.Aggregate).Select(o => (plan.RootAlias, rootStore.Table, o)));
        foreach (var (link, alias, _, linkStore, _, _) in plan._links)
        {
            foreach (var attribute in link.Attributes)
            {
                DataStore.Column(linkStore.Table, attribute.Name);
            }

            plan.Orders.AddRange(link.Orders.Select(o => (alias, linkStore.Table, o)));
        }

        // An order on a column the table does not have is refused, as Dataverse refuses it, not silently ignored.
        foreach (var (_, table, order) in plan.Orders.Where(o => !query.Aggregate && o.Order.Attribute != null))
        {
            DataStore.Column(table, order.Attribute!);
        }

        plan.RootFilter = plan.WithRestrictions(plan.RootAlias, plan.CompileFilters(query.Root.Filters, plan.RootAlias, env));
        for (var i = 0; i < plan._links.Count; i++)
        {
            var entry = plan._links[i];
            plan._links[i] = entry with { Filter = plan.WithRestrictions(entry.Alias, plan.CompileFilters(entry.Link.Filters, entry.Alias, env)) };
        }

        plan.CollectIndexHints(query.Root.Filters, store, env);
        return plan;
    }

    /// <summary>
    /// Candidate root ids from the cheapest access path the top-level AND-ed conditions allow: an equality on a lookup
    /// or the key (hash index), a range on a date or number column (sorted index), both at once (the compound index of
    /// the lookup and the column: one owner's rows in a date window), or every row. <paramref name="exact"/> says the
    /// candidates are exactly the rows the query matches — no other condition, join, pending write or row security
    /// narrows them — so their count can be trusted before a row is read.
    /// </summary>
    public IReadOnlyCollection<Guid> Candidates(out bool exact)
    {
        var equality = _equalities.OrderBy(h => h.Ids.Count).FirstOrDefault();
        var best = equality.Ids;
        var bestCount = best?.Count ?? RootStore.Count;
        Func<IEnumerable<Guid>>? path = best == null ? null : () => equality.Ids;
        var covered = _equalities.Count <= 1 && _ranges.Count == 0;
        foreach (var (column, range) in _ranges)
        {
            // Compound (lookup + column) first: usually the narrowest, and it bounds how far the table-wide range is counted.
            foreach (var (lookup, _, values, _) in _equalities.Where(e => !e.IsKey))
            {
                var compound = values.Select(v => RootStore.Compound(lookup, column, v)).Where(i => i != null).ToList();
                var together = compound.Sum(i => i!.CountUpTo(range, bestCount));
                if (together < bestCount)
                {
                    (bestCount, path) = (together, () => compound.SelectMany(i => i!.Between(range)));
                    covered = _equalities.Count == 1 && _ranges.Count == 1 && range.Exact;
                }
            }

            var ordered = RootStore.Ordered(column);
            var count = ordered.CountUpTo(range, bestCount);
            if (count < bestCount)
            {
                (bestCount, path) = (count, () => ordered.Between(range));
                covered = _equalities.Count == 0 && _ranges.Count == 1 && range.Exact;
            }
        }

        var ids = path == null ? RootStore.Ids.ToList() : path().Distinct().ToList();
        exact = covered && !_unindexedConditions && _canRead == null && _links.Count == 0 && _restrictions.Count == 0 && RootStore.PendingCount == 0;
        return ids;
    }

    public IEnumerable<JoinedRow> Expand(JoinedRow root, DataStore store, ref long rowsRead)
    {
        IEnumerable<JoinedRow> current = [root];
        foreach (var (link, alias, parentAlias, linkStore, filter, parentTable) in _links)
        {
            var expanded = new List<JoinedRow>();
            foreach (var row in current)
            {
                var parentValue = ValueCoercion.Key(row.Value(parentAlias, link.To));
                var matched = false;
                if (parentValue != null)
                {
                    foreach (var childId in Matches(linkStore, link.From, parentValue, ref rowsRead))
                    {
                        var childRow = linkStore.Get(childId, _reader);
                        if (childRow == null || !ValueCoercion.Equals(ValueCoercion.Key(childRow.GetValueOrDefault(link.From)), parentValue) || (_canRead != null && !_canRead(linkStore.Table, childRow)))
                        {
                            continue;
                        }

                        var candidate = row.With(alias, linkStore.Table, childId, childRow);
                        if (filter(candidate))
                        {
                            expanded.Add(candidate);
                            matched = true;
                            if (link.Type == LinkType.MatchFirstRow)
                            {
                                // matchfirstrowusingcrossapply: one example of a matching row is enough.
                                break;
                            }
                        }
                    }
                }

                if (!matched && link.Outer)
                {
                    expanded.Add(row.With(alias, linkStore.Table, Guid.Empty, null));
                }
            }

            current = expanded;
        }

        return current;
    }

    private static List<Guid> Matches(TableStore store, string column, object parentValue, ref long rowsRead)
    {
        if (column == store.Table.PrimaryIdColumn && parentValue is Guid id)
        {
            rowsRead++;
            return store.Ids.Contains(id) ? [id] : [];
        }

        if (store.IsIndexed(column) && parentValue is Guid referenced)
        {
            var ids = store.RowsReferencing(column, referenced).ToList();
            rowsRead += ids.Count;
            return ids;
        }

        rowsRead += store.Count;
        return store.Ids.ToList();
    }

    private void RegisterLinks(FetchEntityNode node, string parentAlias, TableMetadata parentTable, DataStore store, Dictionary<string, int> counters)
    {
        foreach (var link in node.Links)
        {
            var linkStore = store.Table(link.Name);
            DataStore.Column(linkStore.Table, link.From);
            DataStore.Column(parentTable, link.To);
            if (!link.Joins)
            {
                // exists and in restrict the parent rows without joining: a condition on the parent's alias.
                Restrict(parentAlias, CompileRelated(link, parentAlias, parentTable));
                continue;
            }

            // An unaliased link is named after its table and numbered per table: contact1, contact2, account1.
            counters[link.Name] = counters.GetValueOrDefault(link.Name) + 1;
            var alias = link.Alias ?? link.Name + counters[link.Name].ToString(System.Globalization.CultureInfo.InvariantCulture);
            if (!Aliases.TryAdd(alias, linkStore.Table))
            {
                throw FetchXmlParser.Invalid("The alias '" + alias + "' is used twice in the query.");
            }

            if (link.Alias == null)
            {
                _unaliased.Add((link, alias));
            }

            _links.Add((link, alias, parentAlias, linkStore, _ => true, parentTable));
            RegisterLinks(link, alias, linkStore.Table, store, counters);
        }
    }

    private void Restrict(string alias, Func<JoinedRow, bool> predicate)
    {
        if (!_restrictions.TryGetValue(alias, out var list))
        {
            _restrictions[alias] = list = [];
        }

        list.Add(predicate);
    }

    private Func<JoinedRow, bool> WithRestrictions(string alias, Func<JoinedRow, bool> filter)
        => _restrictions.TryGetValue(alias, out var extra) ? row => filter(row) && extra.All(p => p(row)) : filter;

    /// <summary>
    /// A condition on related rows (Learn, "Join tables using FetchXml" and "Filter on values in related records"): the
    /// link's filters and nested links run as their own query over the rows whose <c>from</c> column matches the
    /// parent's <c>to</c> column. exists, in, any and not all: some related row passes; not any: none does; all: related
    /// rows exist and none of them passes (Learn's note: all and not all mean the opposite of what the names suggest).
    /// </summary>
    private Func<JoinedRow, bool> CompileRelated(FetchLink link, string parentAlias, TableMetadata parentTable)
    {
        var store = _store.Table(link.Name);
        var from = DataStore.Column(store.Table, link.From).LogicalName;
        var to = DataStore.Column(parentTable, link.To).LogicalName;
        var root = new FetchEntityNode { Name = link.Name, Alias = link.Alias };
        root.Filters.AddRange(link.Filters);
        root.Links.AddRange(link.Links);
        var filtered = Build(new FetchQuery { Root = root }, _store, _env, _reader, _canRead);
        var unfiltered = Build(new FetchQuery { Root = new FetchEntityNode { Name = link.Name, Alias = link.Alias } }, _store, _env, _reader, _canRead);

        bool AnyRelated(JoinedRow row, QueryPlan related)
        {
            var value = ValueCoercion.Key(row.Value(parentAlias, to));
            if (value == null)
            {
                return false;
            }

            foreach (var childId in Matches(store, from, value, ref _subqueryRowsRead))
            {
                var child = store.Get(childId, _reader);
                if (child == null || !ValueCoercion.Equals(ValueCoercion.Key(child.GetValueOrDefault(from)), value) || (_canRead != null && !_canRead(store.Table, child)))
                {
                    continue;
                }

                var start = new JoinedRow().With(related.RootAlias, store.Table, childId, child);
                foreach (var joined in related.Expand(start, _store, ref _subqueryRowsRead))
                {
                    if (related.RootFilter(joined))
                    {
                        return true;
                    }
                }
            }

            return false;
        }

        return link.Type switch
        {
            LinkType.NotAny => row => !AnyRelated(row, filtered),
            LinkType.All => row => AnyRelated(row, unfiltered) && !AnyRelated(row, filtered),
            _ => row => AnyRelated(row, filtered),
        };
    }

    private Func<JoinedRow, bool> CompileFilters(List<FetchFilter> filters, string alias, QueryEnvironment env)
    {
        var compiled = filters.Select(f => CompileFilter(f, alias, env)).ToList();
        return row => compiled.All(f => f(row));
    }

    private Func<JoinedRow, bool> CompileFilter(FetchFilter filter, string alias, QueryEnvironment env)
    {
        var parts = filter.Conditions.Select(c => CompileCondition(c, alias, env))
            .Concat(filter.Filters.Select(f => CompileFilter(f, alias, env)))
            .Concat(filter.Links.Select(link => CompileRelated(link, alias, Aliases[alias])))
            .ToList();
        if (parts.Count == 0)
        {
            return _ => true;
        }

        return filter.IsOr ? row => parts.Any(p => p(row)) : row => parts.All(p => p(row));
    }

    private Func<JoinedRow, bool> CompileCondition(FetchCondition condition, string alias, QueryEnvironment env)
    {
        var target = condition.EntityName ?? alias;
        if (!Aliases.ContainsKey(target) && _unaliased.Where(u => u.Link.Name == target).ToList() is { Count: 1 } byTable)
        {
            // A link-entity without an alias is named in entityname by its table's logical name.
            target = byTable[0].Alias;
        }

        if (!Aliases.TryGetValue(target, out var table))
        {
            throw FetchXmlParser.Invalid("The condition refers to entityname '" + target + "', which is not an alias in the query.");
        }

        var column = DataStore.Column(table, condition.Attribute);
        if (condition.ValueOf != null)
        {
            var other = DataStore.Column(table, condition.ValueOf);
            var compare = condition.Operator;
            return row =>
            {
                var left = ValueCoercion.Key(row.Value(target, column.LogicalName));
                var right = ValueCoercion.Key(row.Value(target, other.LogicalName));
                if (left == null || right == null)
                {
                    return false;
                }

                var order = ValueCoercion.Compare(left, right);
                return compare switch
                {
                    "eq" => order == 0,
                    "ne" or "neq" => order != 0,
                    "gt" => order > 0,
                    "ge" => order >= 0,
                    "lt" => order < 0,
                    "le" => order <= 0,
                    _ => throw FetchXmlParser.Invalid("valueof supports only eq, ne, gt, ge, lt and le."),
                };
            };
        }

        var predicate = OperatorCatalog.Compile(condition.Operator, new OperatorInput(table.LogicalName, column, condition.Values, env));
        var name = column.LogicalName;
        return row => predicate(row.Value(target, name));
    }

    /// <summary>
    /// What the indexes can answer: equalities on lookups and the key, ranges on dates and numbers. Only conditions
    /// AND-ed at the top level narrow the candidates safely; anything else is remembered as unindexed.
    /// </summary>
    private void CollectIndexHints(List<FetchFilter> filters, DataStore store, QueryEnvironment env)
    {
        foreach (var filter in filters)
        {
            if (filter.Links.Count > 0 || (filter.IsOr && filter.Conditions.Count + filter.Filters.Count > 1))
            {
                _unindexedConditions = true;
                continue;
            }

            foreach (var condition in filter.Conditions)
            {
                if (!CollectIndexHint(condition, env))
                {
                    _unindexedConditions = true;
                }
            }

            CollectIndexHints(filter.Filters, store, env);
        }
    }

    private bool CollectIndexHint(FetchCondition condition, QueryEnvironment env)
    {
        if (condition.EntityName != null || condition.ValueOf != null)
        {
            return false;
        }

        var column = DataStore.Column(RootStore.Table, condition.Attribute);
        var isKey = column.LogicalName == RootStore.Table.PrimaryIdColumn;
        if (isKey || RootStore.IsIndexed(column.LogicalName))
        {
            List<Guid>? values = condition.Operator switch
            {
                "eq" or "in" => condition.Values.Select((_, i) => (Guid)ValueCoercion.Constant(new TableMetadataRef(RootStore.Table.LogicalName), column, condition.Values[i])).Distinct().ToList(),
                "eq-userid" => [env.Caller.UserId],
                _ => null,
            };
            if (values == null)
            {
                return false;
            }

            // One value's rows are the index's own set, not a copy: a plan that goes another way (a compound
            // owner + date index) must not pay for every row the owner has.
            _equalities.Add((column.LogicalName, isKey, values, isKey
                ? values.Where(v => RootStore.Get(v, _reader) != null).ToList()
                : values.Count == 1
                    ? RootStore.RowsReferencing(column.LogicalName, values[0])
                    : values.SelectMany(v => RootStore.RowsReferencing(column.LogicalName, v)).ToHashSet()));
            return true;
        }

        if (RootStore.IsOrderable(column.LogicalName) && OperatorCatalog.TryRange(condition.Operator, new OperatorInput(RootStore.Table.LogicalName, column, condition.Values, env)) is { } range)
        {
            _ranges[column.LogicalName] = _ranges.TryGetValue(column.LogicalName, out var other) ? other.Intersect(range) : range;
            return true;
        }

        return false;
    }
}
