using System;
using System.Collections.Generic;
using System.Linq;
using CrmAccountability.Plugins.Domain.Counting;
using CrmAccountability.Plugins.Domain.Periods;

namespace CrmAccountability.Plugins.Counting;

/// <summary>One attainment row's identity (its alternate key) with what is needed to recount it.</summary>
public sealed class AttainmentKey
{
    public AttainmentKey(ExpectationDefinition expectation, Guid repId, AttainmentPeriod period, TimeZoneInfo zone)
    {
        Expectation = expectation;
        RepId = repId;
        Period = period;
        Zone = zone;
    }

    public ExpectationDefinition Expectation { get; }

    public Guid RepId { get; }

    public AttainmentPeriod Period { get; }

    public TimeZoneInfo Zone { get; }

    public CountingScope Scope => new(Expectation, RepId, Period, Zone);

    public override string ToString() => Expectation.Id + "/" + RepId + "/" + Period.Label;
}

/// <summary>
/// The attainments an operation touches, each once, in the one canonical lock order (expectation id, rep id, period
/// start) that every writer follows, so two transactions never wait on each other in a circle.
/// </summary>
public sealed class AttainmentKeySet
{
    private readonly Dictionary<string, AttainmentKey> _keys = new(StringComparer.Ordinal);

    public int Count => _keys.Count;

    public void Add(AttainmentKey key)
    {
        var id = key.Expectation.Id.ToString("N") + "|" + key.RepId.ToString("N") + "|" + key.Period.Start.Ticks;
        if (!_keys.ContainsKey(id))
        {
            _keys[id] = key;
        }
    }

    public IReadOnlyList<AttainmentKey> InLockOrder()
        => _keys.Values.OrderBy(k => k.Expectation.Id).ThenBy(k => k.RepId).ThenBy(k => k.Period.Start).ToList();
}
