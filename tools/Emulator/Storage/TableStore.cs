using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Linq;
using CrmAccountability.Emulator.Metadata;
using System.Threading;
using Microsoft.Xrm.Sdk;

namespace CrmAccountability.Emulator.Storage;

/// <summary>
/// The rows of one table. Each row has its committed version and at most one pending version, owned by the
/// transaction holding the row's write lock: that transaction reads its own pending version, every other reader the
/// committed one (read committed). Indexes hold every version's values, so they give candidate ids that the caller
/// re-checks against the version it can see: alternate keys and every lookup column always; a sorted index of a date
/// or number column, and a compound one of a lookup and such a column (owner + date), from the first query that can
/// use it on — as a database keeps the indexes its queries need. Readers may share a table (building an index
/// included); writers hold <see cref="DataStore"/>'s write lock, alone.
/// </summary>
internal sealed class TableStore
{
    private readonly Dictionary<Guid, Slot> _rows = [];
    private readonly Dictionary<string, Dictionary<string, HashSet<Guid>>> _keyIndexes = new(StringComparer.Ordinal);
    private readonly Dictionary<string, Dictionary<Guid, HashSet<Guid>>> _lookupIndexes = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, OrderedIndex> _ordered = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<(string Lookup, string Column), Dictionary<Guid, OrderedIndex>> _compound = new();
    private int _pending;

    public TableStore(TableMetadata table)
    {
        Table = table;
        foreach (var key in table.AlternateKeys)
        {
            _keyIndexes[key.LogicalName] = new Dictionary<string, HashSet<Guid>>(StringComparer.Ordinal);
        }

        foreach (var column in table.Columns.Where(c => c.Type is ColumnType.Lookup or ColumnType.Customer or ColumnType.Owner))
        {
            _lookupIndexes[column.LogicalName] = [];
        }
    }

    public TableMetadata Table { get; }

    public int Count => _rows.Count;

    /// <summary>Every id with any version; callers resolve the version they can see with <see cref="Get"/>.</summary>
    public IEnumerable<Guid> Ids => _rows.Keys;

    public IReadOnlyDictionary<string, object?>? Get(Guid id, Transaction? reader = null)
    {
        if (!_rows.TryGetValue(id, out var slot))
        {
            return null;
        }

        return reader != null && slot.Owner == reader ? slot.Pending : slot.Committed;
    }

    public IReadOnlyDictionary<string, object?>? Committed(Guid id) => _rows.TryGetValue(id, out var slot) ? slot.Committed : null;

    public bool IsIndexed(string column) => _lookupIndexes.ContainsKey(column);

    /// <summary>Rows with a version pending in some transaction; while there are none, an index's entries are the committed rows exactly.</summary>
    public int PendingCount => Volatile.Read(ref _pending);

    /// <summary>Whether a column's values sort: dates and numbers (whole, decimal, floating, money).</summary>
    public bool IsOrderable(string column)
        => Table.FindColumn(column)?.Type is ColumnType.DateTime or ColumnType.Integer or ColumnType.BigInt or ColumnType.Decimal or ColumnType.Double or ColumnType.Money;

    /// <summary>The sorted index of a date or number column, built on first use.</summary>
    public OrderedIndex Ordered(string column) => _ordered.GetOrAdd(column, BuildOrdered);

    /// <summary>The sorted index of <paramref name="column"/> over the rows whose <paramref name="lookup"/> is <paramref name="value"/>, built on first use.</summary>
    public OrderedIndex? Compound(string lookup, string column, Guid value)
        => _compound.GetOrAdd((lookup, column), BuildCompound).GetValueOrDefault(value);

    /// <summary>Candidate ids whose lookup column points at <paramref name="referencedId"/> in some version.</summary>
    public IReadOnlyCollection<Guid> RowsReferencing(string column, Guid referencedId)
        => _lookupIndexes.TryGetValue(column, out var index) && index.TryGetValue(referencedId, out var ids) ? ids : [];

    public Guid? FindByKey(AlternateKeyMetadata key, IReadOnlyDictionary<string, object?> values, Transaction? reader)
    {
        var text = KeyText(key, values);
        if (!_keyIndexes[key.LogicalName].TryGetValue(text, out var ids))
        {
            return null;
        }

        foreach (var id in ids)
        {
            var visible = Get(id, reader);
            if (visible != null && KeyText(key, visible) == text)
            {
                return id;
            }
        }

        return null;
    }

    /// <summary>The key whose values another row already uses, committed or pending in another transaction.</summary>
    public AlternateKeyMetadata? ConflictingKey(Guid id, IReadOnlyDictionary<string, object?> values, Transaction? writer)
    {
        foreach (var key in Table.AlternateKeys)
        {
            if (key.Columns.Any(c => !values.TryGetValue(c, out var v) || v == null))
            {
                continue;
            }

            var text = KeyText(key, values);
            if (!_keyIndexes[key.LogicalName].TryGetValue(text, out var ids))
            {
                continue;
            }

            foreach (var other in ids.Where(o => o != id))
            {
                var slot = _rows[other];
                var versions = slot.Owner == writer ? [slot.Pending] : new[] { slot.Committed, slot.Pending };
                if (versions.Any(v => v != null && KeyText(key, v) == text))
                {
                    return key;
                }
            }
        }

        return null;
    }

    /// <summary>Writes a version: pending for <paramref name="writer"/>, or committed at once when there is no transaction.</summary>
    public void Put(Guid id, Dictionary<string, object?>? values, Transaction? writer)
    {
        if (!_rows.TryGetValue(id, out var slot))
        {
            _rows[id] = slot = new Slot();
        }

        if (writer == null)
        {
            slot.Committed = values;
        }
        else
        {
            if (slot.Owner != writer)
            {
                if (slot.Owner == null)
                {
                    Interlocked.Increment(ref _pending);
                }

                slot.Owner = writer;
                writer.Touched.Add((this, id));
            }

            slot.Pending = values;
        }

        Reindex(id, slot);
    }

    public void Commit(Guid id)
    {
        if (_rows.TryGetValue(id, out var slot))
        {
            slot.Committed = slot.Pending;
            Finish(id, slot);
        }
    }

    public void Rollback(Guid id)
    {
        if (_rows.TryGetValue(id, out var slot))
        {
            Finish(id, slot);
        }
    }

    public static string KeyText(AlternateKeyMetadata key, IReadOnlyDictionary<string, object?> values)
        => string.Join("\u001f", key.Columns.Select(c => values.TryGetValue(c, out var v) ? KeyPart(v) : string.Empty));

    private void Finish(Guid id, Slot slot)
    {
        if (slot.Owner != null)
        {
            Interlocked.Decrement(ref _pending);
        }

        slot.Owner = null;
        slot.Pending = null;
        if (slot.Committed == null)
        {
            _rows.Remove(id);
        }

        Reindex(id, slot);
    }

    private static string KeyPart(object? value) => value switch
    {
        null => string.Empty,
        EntityReference reference => reference.Id.ToString("N"),
        OptionSetValue option => option.Value.ToString(System.Globalization.CultureInfo.InvariantCulture),
        Money money => money.Value.ToString(System.Globalization.CultureInfo.InvariantCulture),
        DateTime date => date.Ticks.ToString(System.Globalization.CultureInfo.InvariantCulture),
        string text => text.ToUpperInvariant(),
        IFormattable formattable => formattable.ToString(null, System.Globalization.CultureInfo.InvariantCulture),
        _ => value.ToString() ?? string.Empty,
    };

    private void Reindex(Guid id, Slot slot)
    {
        foreach (var (_, keyed) in slot.Indexed)
        {
            Unindex(id, keyed);
        }

        slot.Indexed.Clear();
        foreach (var version in new[] { slot.Committed, slot.Owner == null ? null : slot.Pending })
        {
            if (version != null)
            {
                slot.Indexed.Add((id, version));
                Index(id, version);
            }
        }
    }

    private void Index(Guid id, Dictionary<string, object?> values)
    {
        foreach (var key in Table.AlternateKeys)
        {
            if (key.Columns.All(c => values.TryGetValue(c, out var v) && v != null))
            {
                var index = _keyIndexes[key.LogicalName];
                var text = KeyText(key, values);
                if (!index.TryGetValue(text, out var ids))
                {
                    index[text] = ids = [];
                }

                ids.Add(id);
            }
        }

        foreach (var (column, index) in _lookupIndexes)
        {
            if (values.TryGetValue(column, out var value) && value is EntityReference reference)
            {
                if (!index.TryGetValue(reference.Id, out var ids))
                {
                    index[reference.Id] = ids = [];
                }

                ids.Add(id);
            }
        }

        foreach (var (column, index) in _ordered)
        {
            if (KeyRange.KeyOf(values.GetValueOrDefault(column)) is { } key)
            {
                index.Add(key, id);
            }
        }

        foreach (var ((lookup, column), byValue) in _compound)
        {
            AddCompound(byValue, lookup, column, id, values);
        }
    }

    private static void AddCompound(Dictionary<Guid, OrderedIndex> byValue, string lookup, string column, Guid id, IReadOnlyDictionary<string, object?> values)
    {
        if (values.GetValueOrDefault(lookup) is EntityReference reference && KeyRange.KeyOf(values.GetValueOrDefault(column)) is { } key)
        {
            if (!byValue.TryGetValue(reference.Id, out var index))
            {
                byValue[reference.Id] = index = new OrderedIndex();
            }

            index.Add(key, id);
        }
    }

    private OrderedIndex BuildOrdered(string column)
    {
        var index = new OrderedIndex();
        foreach (var (id, slot) in _rows)
        {
            foreach (var (_, version) in slot.Indexed)
            {
                if (KeyRange.KeyOf(version.GetValueOrDefault(column)) is { } key)
                {
                    index.Add(key, id);
                }
            }
        }

        return index;
    }

    private Dictionary<Guid, OrderedIndex> BuildCompound((string Lookup, string Column) columns)
    {
        var byValue = new Dictionary<Guid, OrderedIndex>();
        foreach (var (id, slot) in _rows)
        {
            foreach (var (_, version) in slot.Indexed)
            {
                AddCompound(byValue, columns.Lookup, columns.Column, id, version);
            }
        }

        return byValue;
    }

    private void Unindex(Guid id, Dictionary<string, object?> values)
    {
        foreach (var key in Table.AlternateKeys)
        {
            var text = KeyText(key, values);
            if (_keyIndexes[key.LogicalName].TryGetValue(text, out var ids))
            {
                ids.Remove(id);
                if (ids.Count == 0)
                {
                    _keyIndexes[key.LogicalName].Remove(text);
                }
            }
        }

        foreach (var (column, index) in _lookupIndexes)
        {
            if (values.TryGetValue(column, out var value) && value is EntityReference reference && index.TryGetValue(reference.Id, out var ids))
            {
                ids.Remove(id);
                if (ids.Count == 0)
                {
                    index.Remove(reference.Id);
                }
            }
        }

        foreach (var (column, index) in _ordered)
        {
            if (KeyRange.KeyOf(values.GetValueOrDefault(column)) is { } key)
            {
                index.Remove(key, id);
            }
        }

        foreach (var ((lookup, column), byValue) in _compound)
        {
            if (values.GetValueOrDefault(lookup) is EntityReference reference && KeyRange.KeyOf(values.GetValueOrDefault(column)) is { } key && byValue.TryGetValue(reference.Id, out var index))
            {
                index.Remove(key, id);
            }
        }
    }

    private sealed class Slot
    {
        public Dictionary<string, object?>? Committed { get; set; }

        public Dictionary<string, object?>? Pending { get; set; }

        public Transaction? Owner { get; set; }

        public List<(Guid Id, Dictionary<string, object?> Values)> Indexed { get; } = [];
    }
}
