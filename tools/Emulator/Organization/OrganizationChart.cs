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
    /// Walks a table's hierarchical relationship from <paramref name="id"/>, up through the parent lookup or down
    /// through the rows pointing at it; at most 100 levels, Dataverse's default recursion limit for hierarchical
    /// conditions (Learn: "Query hierarchical data").
    /// </summary>
    public HashSet<Guid>? Hierarchy(string table, Guid id, bool upward, Transaction? reader = null)
    {
        const int RecursionLimit = 100;
        if (_store.Catalog.HierarchyOf(table)?.ReferencingColumn is not { } parentColumn)
        {
            return null;
        }

        using (_store.ReadScope())
        {
            var rows = _store.Table(table);
            var found = new HashSet<Guid>();
            var level = new List<Guid> { id };
            for (var depth = 0; depth < RecursionLimit && level.Count > 0; depth++)
            {
                level = upward
                    ? level.Select(r => rows.Get(r, reader)?.GetValueOrDefault(parentColumn) as EntityReference).Where(p => p != null).Select(p => p!.Id).Where(found.Add).ToList()
                    : level.SelectMany(r => ChildrenOf(rows, parentColumn, r, reader)).Where(found.Add).ToList();
            }

            found.Remove(id);
            return found;
        }
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

    public List<Guid> UserAndReports(Guid userId, Transaction? reader = null)
    {
        using (_store.ReadScope())
        {
            var users = _store.Table("systemuser");
            var found = new List<Guid> { userId };
            for (var i = 0; i < found.Count; i++)
            {
                found.AddRange(ChildrenOf(users, "parentsystemuserid", found[i], reader).Where(r => !found.Contains(r)));
            }

            return found;
        }
    }

    /// <summary>The rows whose <paramref name="column"/> points at <paramref name="parent"/> in the version the reader sees (the index holds every version).</summary>
    private static List<Guid> ChildrenOf(TableStore rows, string column, Guid parent, Transaction? reader)
        => rows.RowsReferencing(column, parent).Where(c => rows.Get(c, reader)?.GetValueOrDefault(column) is EntityReference p && p.Id == parent).ToList();
}
