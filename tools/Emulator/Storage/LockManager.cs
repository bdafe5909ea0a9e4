using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;

namespace CrmAccountability.Emulator.Storage;

/// <summary>
/// Exclusive write locks on rows and on alternate-key values, held by a transaction until it commits or rolls back,
/// as SQL Server holds them under Dataverse. A blocked writer waits; a cycle of waits is a deadlock and the waiter
/// that closes it is chosen as the victim; a wait longer than the timeout fails, as SQL's lock timeout does.
/// </summary>
internal sealed class LockManager
{
    private readonly object _gate = new();
    private readonly Dictionary<string, Transaction> _owners = new(StringComparer.Ordinal);
    private readonly Dictionary<Transaction, string> _waitingFor = [];

    public LockManager(TimeSpan timeout)
    {
        Timeout = timeout;
    }

    public TimeSpan Timeout { get; }

    public void Acquire(string resource, Transaction transaction)
    {
        lock (_gate)
        {
            var deadline = DateTime.UtcNow + Timeout;
            while (_owners.TryGetValue(resource, out var owner) && owner != transaction)
            {
                if (WouldDeadlock(owner, transaction))
                {
                    throw new DataverseFaultException(DataverseFaults.SqlDeadlock, "Transaction (Process ID) was deadlocked on lock resources with another process and has been chosen as the deadlock victim. Rerun the transaction.");
                }

                var remaining = deadline - DateTime.UtcNow;
                if (remaining <= TimeSpan.Zero)
                {
                    throw new DataverseFaultException(DataverseFaults.SqlTimeout, "Generic SQL error: the lock on " + resource + " was not released within " + Timeout.TotalSeconds + " seconds (SQL timeout).");
                }

                _waitingFor[transaction] = resource;
                try
                {
                    Monitor.Wait(_gate, remaining);
                }
                finally
                {
                    _waitingFor.Remove(transaction);
                }
            }

            if (_owners.TryAdd(resource, transaction))
            {
                transaction.HeldLocks.Add(resource);
            }
        }
    }

    public void ReleaseAll(Transaction transaction)
    {
        lock (_gate)
        {
            foreach (var resource in transaction.HeldLocks)
            {
                _owners.Remove(resource);
            }

            transaction.HeldLocks.Clear();
            Monitor.PulseAll(_gate);
        }
    }

    private bool WouldDeadlock(Transaction owner, Transaction waiter)
    {
        var current = owner;
        var seen = new HashSet<Transaction>();
        while (_waitingFor.TryGetValue(current, out var resource) && _owners.TryGetValue(resource, out var next) && seen.Add(current))
        {
            if (next == waiter)
            {
                return true;
            }

            current = next;
        }

        return false;
    }
}
