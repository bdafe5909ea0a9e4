using System;
using System.Collections.Generic;

namespace CrmAccountability.Emulator.Storage;

/// <summary>
/// One request's unit of work: the rows it has written (invisible to others until commit) and the locks it holds.
/// Doomed once a failure has passed through it: Dataverse then refuses to commit even if a plug-in swallowed the error.
/// </summary>
internal sealed class Transaction
{
    public List<(TableStore Table, Guid Id)> Touched { get; } = [];

    public List<string> HeldLocks { get; } = [];

    public bool IsDoomed { get; set; }

    /// <summary>Asynchronous steps triggered inside this transaction; they are queued only if it commits.</summary>
    public List<Pipeline.AsyncJob> AfterCommit { get; } = [];

    public bool IsFinished { get; set; }

    public override string ToString() => "transaction touching " + Touched.Count + " rows";
}
