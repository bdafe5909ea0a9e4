using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using CrmAccountability.Emulator.Metadata;
using Microsoft.Xrm.Sdk;

namespace CrmAccountability.Emulator.Storage;

/// <summary>
/// Only a store, as a database is one: the tables' rows and versions, their indexes, the constraints a database keeps
/// (no duplicate id, no duplicate alternate key, no lookup to a missing row), row and key locks, and transactions.
/// What the platform does to a row on its way in lives in <see cref="Platform.PlatformBehaviours"/>; the store knows
/// nothing of state, owners or currencies. Readers share the store; a write has it alone while it changes rows.
/// </summary>
[System.Diagnostics.CodeAnalysis.SuppressMessage("Reliability", "CA1001", Justification = "The gate lives as long as the organisation, which has no end of life to dispose it at; an undisposed ReaderWriterLockSlim holds only the wait handles it makes under contention, SafeHandles their finalisers release.")]
internal sealed class DataStore
{
    private readonly ReaderWriterLockSlim _gate = new(LockRecursionPolicy.SupportsRecursion);
    private readonly Dictionary<string, TableStore> _tables = new(StringComparer.Ordinal);
    private long _version = 1000;

    public DataStore(MetadataCatalog catalog, TimeSpan lockTimeout)
    {
        Locks = new LockManager(lockTimeout);
        Catalog = catalog;
        foreach (var table in catalog.Tables)
        {
            _tables[table.LogicalName] = new TableStore(table);
        }
    }

    public MetadataCatalog Catalog { get; private set; }

    public LockManager Locks { get; }

    /// <summary>
    /// Shared access for readers (queries, retrieves, security checks), which run side by side; a write takes the
    /// store alone for the moment it changes rows and indexes. Row locks, which keep transactions apart, are taken
    /// outside it, so a writer waiting for another transaction's row never holds up readers.
    /// </summary>
    public GateScope ReadScope()
    {
        _gate.EnterReadLock();
        return new GateScope(_gate, write: false);
    }

    public GateScope WriteScope()
    {
        _gate.EnterWriteLock();
        return new GateScope(_gate, write: true);
    }

    /// <summary>Adopts a catalogue with more tables or columns; rows of existing tables are kept and re-indexed.</summary>
    public void Adopt(MetadataCatalog catalog)
    {
        using (WriteScope())
        {
            Catalog = catalog;
            foreach (var table in catalog.Tables)
            {
                var fresh = new TableStore(table);
                if (_tables.TryGetValue(table.LogicalName, out var existing))
                {
                    foreach (var id in existing.Ids.ToList())
                    {
                        if (existing.Committed(id) is { } committed)
                        {
                            fresh.Put(id, new Dictionary<string, object?>(committed), writer: null);
                        }
                    }
                }

                _tables[table.LogicalName] = fresh;
            }
        }
    }

    public TableStore Table(string logicalName)
        => _tables.TryGetValue(logicalName ?? string.Empty, out var store)
            ? store
            : throw new DataverseFaultException(DataverseFaults.QueryBuilderNoEntity, DataverseFaults.Format("The entity with a name = '{0}' with namemapping = 'Logical' was not found in the MetadataCache.", logicalName));

    public TableStore? FindTable(string logicalName) => _tables.GetValueOrDefault(logicalName);

    public static ColumnMetadata Column(TableMetadata table, string column)
        => table.FindColumn(column ?? string.Empty)
            ?? throw new DataverseFaultException(DataverseFaults.QueryBuilderNoAttribute, DataverseFaults.Format("'{0}' entity doesn't contain attribute with Name = '{1}' and NameMapping = 'Logical'.", table.LogicalName, column));

    /// <summary>The next row version: every write of every table takes one, in order (Dataverse's versionnumber).</summary>
    public long NextVersion() => Interlocked.Increment(ref _version);

    // ───────────────────────────── reads ─────────────────────────────

    /// <summary>The row as <paramref name="tx"/> sees it, or null; for images and checks.</summary>
    public IReadOnlyDictionary<string, object?>? Peek(string tableName, Guid id, Transaction? tx)
    {
        using (ReadScope())
        {
            return Table(tableName).Get(id, tx);
        }
    }

    /// <summary>The committed row, or null: what a platform rule reads about another record (an owner, a currency).</summary>
    public IReadOnlyDictionary<string, object?>? Committed(string tableName, Guid id)
    {
        using (ReadScope())
        {
            return Table(tableName).Committed(id);
        }
    }

    /// <summary>The id of the row an Entity names: its Id, its primary key column, or its alternate key values.</summary>
    public Guid ResolveId(TableStore store, Entity entity, Transaction? tx)
    {
        if (entity.Id != Guid.Empty)
        {
            return entity.Id;
        }

        if (entity.Attributes.TryGetValue(store.Table.PrimaryIdColumn, out var pk) && pk is Guid id && id != Guid.Empty)
        {
            return id;
        }

        if (entity.KeyAttributes.Count > 0)
        {
            return FindByKey(store, entity.KeyAttributes, tx)
                ?? throw new DataverseFaultException(DataverseFaults.RecordNotFoundByEntityKey, DataverseFaults.Format("A record with the specified key values does not exist in {0} entity", store.Table.LogicalName));
        }

        throw new DataverseFaultException(DataverseFaults.InvalidArgument, "Entity Id must be specified for Operation.");
    }

    /// <summary>The alternate key whose columns are exactly <paramref name="keyAttributes"/>, if any, and the values in stored form.</summary>
    public static (AlternateKeyMetadata? Key, Dictionary<string, object?> Values) ResolveKey(TableStore store, KeyAttributeCollection keyAttributes)
    {
        var names = keyAttributes.Keys.ToHashSet(StringComparer.Ordinal);
        var key = store.Table.AlternateKeys.FirstOrDefault(k => k.Columns.ToHashSet(StringComparer.Ordinal).SetEquals(names));
        var values = keyAttributes.ToDictionary(k => k.Key, k => ValueRules.Normalise(store.Table, Column(store.Table, k.Key), k.Value), StringComparer.Ordinal);
        return (key, values);
    }

    public Guid? FindByKey(TableStore store, KeyAttributeCollection keyAttributes, Transaction? tx)
    {
        var names = keyAttributes.Keys.ToHashSet(StringComparer.Ordinal);
        if (!store.Table.AlternateKeys.Any(k => k.Columns.ToHashSet(StringComparer.Ordinal).SetEquals(names)))
        {
            var primaryId = store.Table.PrimaryIdColumn;
            if (names.Count == 1 && keyAttributes.TryGetValue(primaryId, out var value) && value is Guid pk)
            {
                return Peek(store.Table.LogicalName, pk, tx) != null ? pk : null;
            }

            throw new DataverseFaultException(DataverseFaults.InvalidArgument, DataverseFaults.Format("The key attributes ({0}) do not match an alternate key of {1}.", string.Join(", ", names.Order()), store.Table.LogicalName));
        }

        var (key, normalised) = ResolveKey(store, keyAttributes);
        using (ReadScope())
        {
            return store.FindByKey(key!, normalised, tx);
        }
    }

    // ───────────────────────────── writes ─────────────────────────────

    /// <summary>Inserts a new row; the caller holds its row lock. Refuses a duplicate id, a duplicate alternate key and a dangling lookup.</summary>
    public void Insert(TableStore store, Guid id, Dictionary<string, object?> values, Transaction? tx)
    {
        using (WriteScope())
        {
            if (store.Get(id, tx) != null || store.Committed(id) != null)
            {
                throw new DataverseFaultException(DataverseFaults.DuplicateRecord, "Cannot insert duplicate key.");
            }

            CheckReferences(store.Table, values, tx);
            CheckKeys(store, id, values, tx);
            store.Put(id, values, tx);
        }
    }

    /// <summary>Replaces a row's values; the caller holds its row lock. Refuses a duplicate alternate key and a dangling lookup.</summary>
    public void Replace(TableStore store, Guid id, Dictionary<string, object?> values, Transaction? tx)
    {
        using (WriteScope())
        {
            CheckReferences(store.Table, values, tx);
            CheckKeys(store, id, values, tx);
            store.Put(id, values, tx);
        }
    }

    /// <summary>Writes a row without constraints: a row the platform derives from one already checked (a mirror), or a lookup it clears.</summary>
    public void Put(TableStore store, Guid id, Dictionary<string, object?>? values, Transaction? tx)
    {
        using (WriteScope())
        {
            store.Put(id, values, tx);
        }
    }

    public void Remove(TableStore store, Guid id, Transaction? tx)
    {
        using (WriteScope())
        {
            store.Put(id, null, tx);
        }
    }

    // ───────────────────────────── locks and transactions ─────────────────────────────

    public void LockRow(TableStore store, Guid id, Transaction? tx)
    {
        if (tx != null)
        {
            Locks.Acquire("row:" + store.Table.LogicalName + ":" + id.ToString("N"), tx);
        }
    }

    /// <summary>Locks the values of every alternate key the row fills, so two transactions cannot both insert them.</summary>
    public void LockKeys(TableStore store, IReadOnlyDictionary<string, object?> values, Transaction? tx)
    {
        foreach (var key in store.Table.AlternateKeys.Where(k => k.Columns.All(c => values.GetValueOrDefault(c) != null)))
        {
            LockKey(store, key, values, tx);
        }
    }

    public void LockKey(TableStore store, AlternateKeyMetadata key, IReadOnlyDictionary<string, object?> values, Transaction? tx)
    {
        if (tx != null)
        {
            Locks.Acquire("key:" + store.Table.LogicalName + ":" + key.LogicalName + ":" + TableStore.KeyText(key, values), tx);
        }
    }

    public void Commit(Transaction tx)
    {
        // A transaction that wrote nothing (a query, a retrieve) has nothing to publish: it must not take the store
        // from the readers beside it.
        if (tx.Touched.Count == 0 && tx.HeldLocks.Count == 0)
        {
            tx.IsFinished = true;
            return;
        }

        using (WriteScope())
        {
            foreach (var (table, id) in tx.Touched)
            {
                table.Commit(id);
            }

            tx.IsFinished = true;
        }

        Locks.ReleaseAll(tx);
    }

    public void Rollback(Transaction tx)
    {
        if (tx.Touched.Count == 0 && tx.HeldLocks.Count == 0)
        {
            tx.IsFinished = true;
            return;
        }

        using (WriteScope())
        {
            foreach (var (table, id) in tx.Touched)
            {
                table.Rollback(id);
            }

            tx.IsFinished = true;
        }

        Locks.ReleaseAll(tx);
    }

    // ───────────────────────────── constraints ─────────────────────────────

    private void CheckReferences(TableMetadata table, Dictionary<string, object?> values, Transaction? tx)
    {
        foreach (var (name, value) in values)
        {
            if (value is EntityReference reference && name is not ("createdby" or "modifiedby") && table.FindColumn(name)?.Type is ColumnType.Lookup or ColumnType.Customer or ColumnType.Owner)
            {
                if (Table(reference.LogicalName).Get(reference.Id, tx) == null)
                {
                    throw NotFound(reference.LogicalName, reference.Id);
                }
            }
        }
    }

    private static void CheckKeys(TableStore store, Guid id, Dictionary<string, object?> values, Transaction? tx)
    {
        var conflict = store.ConflictingKey(id, values, tx);
        if (conflict != null)
        {
            throw new DataverseFaultException(DataverseFaults.DuplicateAlternateKey, DataverseFaults.Format(
                "A record that has the attribute values {0} already exists. The entity key {1} requires that this set of attributes contains unique values. Select unique values and try again.",
                string.Join(", ", conflict.Columns.Select(c => values[c] is EntityReference r ? r.Id.ToString() : Convert.ToString(values[c], System.Globalization.CultureInfo.InvariantCulture))),
                conflict.LogicalName));
        }
    }

    public static DataverseFaultException NotFound(string table, Guid id)
        => new(DataverseFaults.ObjectDoesNotExist, DataverseFaults.Format("Entity '{0}' With Id = {1} Does Not Exist", table, id));
}

/// <summary>Leaves the store's read or write gate when disposed.</summary>
internal readonly struct GateScope : IDisposable
{
    private readonly ReaderWriterLockSlim _gate;
    private readonly bool _write;

    public GateScope(ReaderWriterLockSlim gate, bool write)
    {
        _gate = gate;
        _write = write;
    }

    public void Dispose()
    {
        if (_write)
        {
            _gate.ExitWriteLock();
        }
        else
        {
            _gate.ExitReadLock();
        }
    }
}
