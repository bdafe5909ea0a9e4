using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Text.Json;
using Microsoft.Xrm.Sdk;

namespace CrmAccountability.Simulation.Engine;

/// <summary>One simulated action as events.csv records it: who did what to which record, and the columns they set.</summary>
public sealed record SimulationEvent(long Seq, DateTime At, Guid Actor, string Action, string Entity, Guid RecordId, string Details);

/// <summary>The simulation's actions in the order they happened.</summary>
public sealed class EventLog
{
    private readonly List<SimulationEvent> _events = [];

    public IReadOnlyList<SimulationEvent> Events => _events;

    public void Add(DateTime at, Guid actor, string action, string entity, Guid recordId, IEnumerable<KeyValuePair<string, object?>> columns)
        => _events.Add(new SimulationEvent(_events.Count + 1, at, actor, action, entity, recordId, Json(columns)));

    /// <summary>Columns as JSON with plain values: option values as numbers, lookups as "table:id", money as its amount.</summary>
    public static string Json(IEnumerable<KeyValuePair<string, object?>> columns)
        => JsonSerializer.Serialize(columns.OrderBy(c => c.Key, StringComparer.Ordinal).ToDictionary(c => c.Key, c => Plain(c.Value), StringComparer.Ordinal));

    private static object? Plain(object? value) => value switch
    {
        null => null,
        OptionSetValue option => option.Value,
        OptionSetValueCollection options => options.Select(o => o.Value).ToArray(),
        EntityReference reference => reference.LogicalName + ":" + reference.Id.ToString("D"),
        Money money => money.Value,
        DateTime date => date.ToString("yyyy-MM-ddTHH:mm:ssZ", CultureInfo.InvariantCulture),
        Guid id => id.ToString("D"),
        Guid[] ids => ids.Select(i => i.ToString("D")).ToArray(),
        _ => value,
    };
}
