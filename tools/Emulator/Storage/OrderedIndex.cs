using System;
using System.Collections.Generic;
using Microsoft.Xrm.Sdk;

namespace CrmAccountability.Emulator.Storage;

/// <summary>
/// A range of index keys, bounds optional. <see cref="Exact"/> says the range is the condition itself, not a
/// conservative cover of it (a date operator in the caller's time zone is widened by an hour each side for daylight
/// saving, so it is not exact).
/// </summary>
internal readonly record struct KeyRange(decimal? Low, bool LowInclusive, decimal? High, bool HighInclusive, bool Exact = true)
{
    public static KeyRange All => new(null, true, null, true);

    public bool Contains(decimal key)
        => (Low is not { } low || (LowInclusive ? key >= low : key > low)) && (High is not { } high || (HighInclusive ? key <= high : key < high));

    /// <summary>Both ranges at once (two conditions on one column, as ge and lt are).</summary>
    public KeyRange Intersect(KeyRange other)
    {
        var (low, lowInclusive) = (Low, other.Low) switch
        {
            (null, _) => (other.Low, other.LowInclusive),
            (_, null) => (Low, LowInclusive),
            var (a, b) when a > b => (a, LowInclusive),
            var (a, b) when b > a => (b, other.LowInclusive),
            _ => (Low, LowInclusive && other.LowInclusive),
        };
        var (high, highInclusive) = (High, other.High) switch
        {
            (null, _) => (other.High, other.HighInclusive),
            (_, null) => (High, HighInclusive),
            var (a, b) when a < b => (a, HighInclusive),
            var (a, b) when b < a => (b, other.HighInclusive),
            _ => (High, HighInclusive && other.HighInclusive),
        };
        return new KeyRange(low, lowInclusive, high, highInclusive, Exact && other.Exact);
    }

    /// <summary>The key a stored value sorts by: ticks for dates, the number for numbers and money; null for what is not ordered.</summary>
    public static decimal? KeyOf(object? value) => value switch
    {
        DateTime date => date.Ticks,
        int i => i,
        long l => l,
        decimal d => d,
        Money money => money.Value,
        double f when !double.IsNaN(f) => f >= (double)decimal.MaxValue ? decimal.MaxValue : f <= (double)decimal.MinValue ? decimal.MinValue : (decimal)f,
        _ => null,
    };
}

/// <summary>
/// A sorted index of one date or number column: (key, id) pairs for every version of every row, like the other
/// indexes, so a range gives candidate ids that the reader re-checks against the version it can see. Not thread-safe
/// by itself: readers share it, writers hold the store's write lock.
/// </summary>
internal sealed class OrderedIndex
{
    private static readonly Guid MaxId = new("ffffffff-ffff-ffff-ffff-ffffffffffff");
    private readonly SortedSet<(decimal Key, Guid Id)> _entries = new(EntryComparer.Instance);

    public void Add(decimal key, Guid id) => _entries.Add((key, id));

    public void Remove(decimal key, Guid id) => _entries.Remove((key, id));

    /// <summary>Ids whose key is in the range, in key order; an id with two versions in range appears twice.</summary>
    public IEnumerable<Guid> Between(KeyRange range)
    {
        if (_entries.Count == 0 || (range.Low is { } l && range.High is { } h && l > h))
        {
            yield break;
        }

        var view = range.Low == null && range.High == null
            ? _entries
            : _entries.GetViewBetween((range.Low ?? decimal.MinValue, Guid.Empty), (range.High ?? decimal.MaxValue, MaxId));
        foreach (var (key, id) in view)
        {
            if (range.Contains(key))
            {
                yield return id;
            }
        }
    }

    /// <summary>How many entries are in the range, counting no further than <paramref name="limit"/>.</summary>
    public int CountUpTo(KeyRange range, int limit)
    {
        var count = 0;
        foreach (var _ in Between(range))
        {
            if (++count > limit)
            {
                break;
            }
        }

        return count;
    }

    private sealed class EntryComparer : IComparer<(decimal Key, Guid Id)>
    {
        public static readonly EntryComparer Instance = new();

        public int Compare((decimal Key, Guid Id) x, (decimal Key, Guid Id) y)
        {
            var byKey = x.Key.CompareTo(y.Key);
            return byKey != 0 ? byKey : x.Id.CompareTo(y.Id);
        }
    }
}
