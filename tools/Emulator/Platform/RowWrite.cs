using System;
using System.Collections.Generic;
using CrmAccountability.Emulator.Metadata;
using CrmAccountability.Emulator.Storage;
using Microsoft.Xrm.Sdk;

namespace CrmAccountability.Emulator.Platform;

/// <summary>What kind of write a row is getting: the behaviours that apply differ.</summary>
internal enum WriteKind
{
    Create,
    Update,
    Delete,
}

/// <summary>
/// One row on its way into the store, as the platform behaviours see it: the message that writes it (Create, Update,
/// or Win and Lose, which close an opportunity), the row before (none on create), the values it will have, which
/// columns the caller set, who writes it and when.
/// </summary>
internal sealed class RowWrite
{
    private readonly HashSet<string> _changed = new(StringComparer.Ordinal);

    public RowWrite(PlatformServices platform, WriteKind kind, string message, TableStore store, Guid id, Entity? input, IReadOnlyDictionary<string, object?>? previous, CallerContext caller, Transaction? transaction)
    {
        Platform = platform;
        Kind = kind;
        Message = message;
        Store = store;
        Id = id;
        Input = input;
        Previous = previous;
        Values = previous == null ? new Dictionary<string, object?>(StringComparer.Ordinal) : new Dictionary<string, object?>(previous, StringComparer.Ordinal);
        Caller = caller;
        Transaction = transaction;
        Now = platform.Clock.UtcNow;
    }

    public WriteKind Kind { get; }

    /// <summary>The message writing the row: Create, Update, Delete, or Win / Lose for the opportunity they close.</summary>
    public string Message { get; }

    public TableStore Store { get; }

    public TableMetadata Table => Store.Table;

    public Guid Id { get; }

    /// <summary>The columns as the caller sent them; null for a delete.</summary>
    public Entity? Input { get; }

    /// <summary>The row as the writing transaction saw it before this write; null on create.</summary>
    public IReadOnlyDictionary<string, object?>? Previous { get; }

    /// <summary>The row as it will be stored.</summary>
    public Dictionary<string, object?> Values { get; }

    public CallerContext Caller { get; }

    public Transaction? Transaction { get; }

    public DateTime Now { get; }

    public PlatformServices Platform { get; }

    /// <summary>Whether the caller set <paramref name="column"/>; on create every column the row is given counts as set.</summary>
    public bool Sets(string column) => Kind == WriteKind.Create ? Values.ContainsKey(column) : _changed.Contains(column);

    public void MarkSet(string column) => _changed.Add(column);

    /// <summary>Another record as committed: an owner's business unit, a currency's rate.</summary>
    public IReadOnlyDictionary<string, object?>? Lookup(string table, Guid id) => Platform.Store.Committed(table, id);
}
