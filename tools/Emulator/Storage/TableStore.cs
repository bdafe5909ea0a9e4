using System;
using System.Collections.Generic;
using System.Linq;
using CrmAccountability.Emulator.Metadata;
using Microsoft.Xrm.Sdk;

namespace CrmAccountability.Emulator.Storage;

/// <summary>
/// The rows of one table, with the indexes that keep per-event cost independent of data volume: alternate keys
/// (unique) and every lookup column (row ids by referenced id), so "activities of this owner" never scans the table.
/// Not thread-safe by itself; <see cref="DataStore"/> serialises access.
/// </summary>
internal sealed class TableStore
{
    private readonly Dictionary<Guid, Dictionary<string, object?>> _rows = [];
    private readonly Dictionary<string, Dictionary<string, Guid>> _keyIndexes = new(StringComparer.Ordinal);
    private readonly Dictionary<string, Dictionary<Guid, HashSet<Guid>>> _lookupIndexes = new(StringComparer.Ordinal);

    public TableStore(TableMetadata table)
    {
        Table = table;
        foreach (var key in table.AlternateKeys)
        {
            _keyIndexes[key.LogicalName] = new Dictionary<string, Guid>(StringComparer.Ordinal);
        }

        foreach (var column in table.Columns.Where(c => c.Type is ColumnType.Lookup or ColumnType.Customer or ColumnType.Owner))
        {
            _lookupIndexes[column.LogicalName] = [];
        }
    }

    public TableMetadata Table { get; }

    public int Count => _rows.Count;

    public IEnumerable<Guid> Ids => _rows.Keys;

    public IReadOnlyDictionary<string, object?>? Get(Guid id) => _rows.GetValueOrDefault(id);

    public bool IsIndexed(string column) => _lookupIndexes.ContainsKey(column);

    /// <summary>Ids of rows whose lookup column points at <paramref name="referencedId"/>.</summary>
    public IReadOnlyCollection<Guid> RowsReferencing(string column, Guid referencedId)
        => _lookupIndexes.TryGetValue(column, out var index) && index.TryGetValue(referencedId, out var ids) ? ids : [];

    public Guid? FindByKey(AlternateKeyMetadata key, IReadOnlyDictionary<string, object?> values)
        => _keyIndexes[key.LogicalName].TryGetValue(KeyText(key, values), out var id) ? id : null;

    /// <summary>The key whose values another row already uses, if any.</summary>
    public AlternateKeyMetadata? ConflictingKey(Guid id, IReadOnlyDictionary<string, object?> values)
    {
        foreach (var key in Table.AlternateKeys)
        {
            if (key.Columns.Any(c => !values.TryGetValue(c, out var v) || v == null))
            {
                continue;
            }

            if (_keyIndexes[key.LogicalName].TryGetValue(KeyText(key, values), out var holder) && holder != id)
            {
                return key;
            }
        }

        return null;
    }

    public void Put(Guid id, Dictionary<string, object?> values)
    {
        if (_rows.TryGetValue(id, out var previous))
        {
            Unindex(id, previous);
        }

        _rows[id] = values;
        Index(id, values);
    }

    public bool Remove(Guid id)
    {
        if (!_rows.Remove(id, out var previous))
        {
            return false;
        }

        Unindex(id, previous);
        return true;
    }

    public static string KeyText(AlternateKeyMetadata key, IReadOnlyDictionary<string, object?> values)
        => string.Join("\u001f", key.Columns.Select(c => values.TryGetValue(c, out var v) ? KeyPart(v) : string.Empty));

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

    private void Index(Guid id, Dictionary<string, object?> values)
    {
        foreach (var key in Table.AlternateKeys)
        {
            if (key.Columns.All(c => values.TryGetValue(c, out var v) && v != null))
            {
                _keyIndexes[key.LogicalName][KeyText(key, values)] = id;
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
    }

    private void Unindex(Guid id, Dictionary<string, object?> values)
    {
        foreach (var key in Table.AlternateKeys)
        {
            var text = KeyText(key, values);
            if (_keyIndexes[key.LogicalName].TryGetValue(text, out var holder) && holder == id)
            {
                _keyIndexes[key.LogicalName].Remove(text);
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
    }
}
