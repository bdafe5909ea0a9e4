using System;
using System.Collections.Generic;
using CrmAccountability.Emulator.Organization;
using CrmAccountability.Emulator.Storage;
using CrmAccountability.Emulator.Time;
using Microsoft.Xrm.Sdk;

namespace CrmAccountability.Emulator.Platform;

/// <summary>
/// The one path by which the platform writes a row: resolve the id, lock the row, read what it was, apply the
/// behaviours of <see cref="PlatformBehaviours"/> in order, let the store check its constraints and put the row, then
/// apply the behaviours that keep other rows in step — all in the caller's transaction. Composite messages (Win and
/// Lose, Associate, Upsert) are built from these writes; nothing here re-enters the event pipeline.
/// </summary>
internal sealed class CoreWrite
{
    private readonly DataStore _store;
    private readonly IdSource _ids;
    private readonly RequestMetrics _metrics;

    public CoreWrite(DataStore store, EmulatorClock clock, IdSource ids, RequestMetrics metrics)
    {
        _store = store;
        _ids = ids;
        _metrics = metrics;
        Platform = new PlatformServices(store, clock, this);
    }

    public PlatformServices Platform { get; }

    public Guid Create(CallerContext caller, Entity entity, Transaction? tx)
    {
        var store = _store.Table(entity.LogicalName);
        var id = NewId(store, entity);
        var write = new RowWrite(Platform, WriteKind.Create, "Create", store, id, entity, previous: null, caller, tx);
        write.Values[store.Table.PrimaryIdColumn] = id;
        Apply(PlatformBehaviours.Create, write);

        _store.LockRow(store, id, tx);
        _store.LockKeys(store, write.Values, tx);
        using (_store.WriteScope())
        {
            _store.Insert(store, id, write.Values, tx);
            Apply(PlatformBehaviours.AfterWrite, write);
        }

        return id;
    }

    /// <summary>Updates a row; <paramref name="message"/> is Win or Lose when those messages close an opportunity.</summary>
    public void Update(CallerContext caller, Entity entity, Transaction? tx, ConcurrencyBehavior concurrency = ConcurrencyBehavior.Default, string message = "Update")
    {
        var store = _store.Table(entity.LogicalName);
        var id = _store.ResolveId(store, entity, tx);

        // The row lock comes first: what is read after it is the latest committed row, never a stale one.
        _store.LockRow(store, id, tx);
        var previous = _store.Peek(store.Table.LogicalName, id, tx) ?? throw DataStore.NotFound(store.Table.LogicalName, id);
        if (concurrency == ConcurrencyBehavior.IfRowVersionMatches && !string.Equals(entity.RowVersion, Convert.ToString(previous["versionnumber"], System.Globalization.CultureInfo.InvariantCulture), StringComparison.Ordinal))
        {
            throw new DataverseFaultException(unchecked((int)0x80060882), "The version of the existing record doesn't match the RowVersion property provided.");
        }

        var write = new RowWrite(Platform, WriteKind.Update, message, store, id, entity, previous, caller, tx);
        Apply(PlatformBehaviours.Update, write);
        using (_store.WriteScope())
        {
            _store.Replace(store, id, write.Values, tx);
            Apply(PlatformBehaviours.AfterWrite, write);
        }
    }

    public void Delete(CallerContext caller, string tableName, Guid id, Transaction? tx)
    {
        var store = _store.Table(tableName);
        if (_store.Peek(tableName, id, tx) == null)
        {
            throw DataStore.NotFound(tableName, id);
        }

        _store.LockRow(store, id, tx);
        var previous = _store.Peek(tableName, id, tx) ?? throw DataStore.NotFound(tableName, id);
        var write = new RowWrite(Platform, WriteKind.Delete, "Delete", store, id, input: null, previous, caller, tx);
        Apply(PlatformBehaviours.Delete, write);
        using (_store.WriteScope())
        {
            _store.Remove(store, id, tx);
            Apply(PlatformBehaviours.AfterDelete, write);
        }
    }

    /// <summary>Creates the row, or updates it when its alternate key (or id) finds one: Upsert's two paths.</summary>
    public (Guid Id, bool Created) Upsert(CallerContext caller, Entity entity, Transaction? tx)
    {
        var store = _store.Table(entity.LogicalName);
        Guid? existing = null;
        if (entity.KeyAttributes.Count > 0)
        {
            // Serialise on the key's values, so that concurrent upserts of one key create it once (SQL's key-range lock).
            var (key, normalised) = DataStore.ResolveKey(store, entity.KeyAttributes);
            if (key != null)
            {
                _store.LockKey(store, key, normalised, tx);
            }

            existing = _store.FindByKey(store, entity.KeyAttributes, tx);
        }
        else if (entity.Id != Guid.Empty)
        {
            _store.LockRow(store, entity.Id, tx);
            existing = _store.Peek(store.Table.LogicalName, entity.Id, tx) != null ? entity.Id : null;
        }

        if (existing is not { } id)
        {
            return (Create(caller, entity, tx), true);
        }

        var update = new Entity(entity.LogicalName, id);
        foreach (var attribute in entity.Attributes)
        {
            update[attribute.Key] = attribute.Value;
        }

        Update(caller, update, tx);
        return (id, false);
    }

    private void Apply(IReadOnlyList<IPlatformBehaviour> behaviours, RowWrite write)
    {
        foreach (var behaviour in behaviours)
        {
            if (behaviour.Applies(write))
            {
                behaviour.Apply(write);
                _metrics.AddBehaviour(write.Table.LogicalName, write.Message, behaviour.GetType().Name);
            }
        }
    }

    private Guid NewId(TableStore store, Entity entity)
    {
        var id = entity.Id;
        if (entity.Attributes.TryGetValue(store.Table.PrimaryIdColumn, out var pk) && pk is Guid explicitId && explicitId != Guid.Empty)
        {
            if (id != Guid.Empty && id != explicitId)
            {
                throw new DataverseFaultException(DataverseFaults.InvalidArgument, "The entity's Id and its primary key attribute '" + store.Table.PrimaryIdColumn + "' differ.");
            }

            id = explicitId;
        }

        return id == Guid.Empty ? _ids.Next() : id;
    }
}
