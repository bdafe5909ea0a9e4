using System;
using System.Collections.Generic;
using System.Linq;
using CrmAccountability.Emulator.Storage;
using Microsoft.Xrm.Sdk;

namespace CrmAccountability.Emulator.Organization;

/// <summary>
/// The organisation's structure, for user operators, hierarchical conditions and team ownership: the teams a user
/// belongs to, a user's reporting line, and any table's hierarchy — as <c>reader</c> sees them (a query inside a
/// transaction sees that transaction's own changes, as SQL does), or as committed when there is no reader.
/// </summary>
internal sealed class OrganizationChart(DataStore store)
{
    private readonly DataStore _store = store;

    /// <summary>
    /// The records above or below <paramref name="id"/> in its table's hierarchical relationship, the record itself
    /// left out; at most 100 levels, Dataverse's default recursion limit for hierarchical conditions (Learn: "Query
    /// hierarchical data"). Null when the table has no hierarchy.
    /// </summary>
    public HashSet<Guid>? Hierarchy(string table, Guid id, bool upward, Transaction? reader = null)
    {
        const int RecursionLimit = 100;
        return _store.Catalog.HierarchyOf(table)?.ReferencingColumn is { } parentColumn
            ? Walk(table, parentColumn, id, upward, RecursionLimit, reader)
            : null;
    }

    public List<Guid> TeamsOf(Guid userId, Transaction? reader = null)
    {
        using (_store.ReadScope())
        {
            var memberships = _store.Table("teammembership");
            return ChildrenOf(memberships, "systemuserid", userId, reader)
                .Select(m => memberships.Get(m, reader)?.GetValueOrDefault("teamid") as EntityReference)
                .Where(t => t != null)
                .Select(t => t!.Id)
                .ToList();
        }
    }

    /// <summary>The user and everyone below them in the reporting line (parentsystemuserid), at any depth.</summary>
    public List<Guid> UserAndReports(Guid userId, Transaction? reader = null)
        => [userId, .. Walk("systemuser", "parentsystemuserid", userId, upward: false, int.MaxValue, reader)];

    /// <summary>Follows a self-referencing lookup from <paramref name="id"/>, level by level, up through the parent or down through the children.</summary>
    private HashSet<Guid> Walk(string table, string parentColumn, Guid id, bool upward, int maximumDepth, Transaction? reader)
    {
        using (_store.ReadScope())
        {
            var rows = _store.Table(table);
            var found = new HashSet<Guid>();
            var level = new List<Guid> { id };
            for (var depth = 0; depth < maximumDepth && level.Count > 0; depth++)
            {
                level = upward
                    ? level.Select(r => rows.Get(r, reader)?.GetValueOrDefault(parentColumn) as EntityReference).Where(p => p != null).Select(p => p!.Id).Where(found.Add).ToList()
                    : level.SelectMany(r => ChildrenOf(rows, parentColumn, r, reader)).Where(found.Add).ToList();
            }

            found.Remove(id);
            return found;
        }
    }

    /// <summary>The rows whose <paramref name="column"/> points at <paramref name="parent"/> in the version the reader sees (the index holds every version).</summary>
    private static List<Guid> ChildrenOf(TableStore rows, string column, Guid parent, Transaction? reader)
        => rows.RowsReferencing(column, parent).Where(c => rows.Get(c, reader)?.GetValueOrDefault(column) is EntityReference p && p.Id == parent).ToList();
}
