using System;
using System.Collections.Generic;
using System.Linq;
using CrmAccountability.Emulator.Storage;
using Microsoft.Xrm.Sdk;

namespace CrmAccountability.Emulator.Organization;

/// <summary>
/// The organisation's structure as committed, for user operators, hierarchical conditions and team ownership: the
/// teams a user belongs to, a user's reporting line, and any table's hierarchy.
/// </summary>
internal sealed class OrganizationChart(DataStore store)
{
    private readonly DataStore _store = store;

    /// <summary>
    /// Walks a table's hierarchical relationship from <paramref name="id"/>, up through the parent lookup or down
    /// through the rows pointing at it, as committed; at most 100 levels, Dataverse's default recursion limit for
    /// hierarchical conditions (Learn: "Query hierarchical data").
    /// </summary>
    public HashSet<Guid>? Hierarchy(string table, Guid id, bool upward)
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
                    ? level.Select(r => rows.Committed(r)?.GetValueOrDefault(parentColumn) as EntityReference).Where(p => p != null).Select(p => p!.Id).Where(found.Add).ToList()
                    : level.SelectMany(r => rows.RowsReferencing(parentColumn, r).Where(c => rows.Committed(c)?.GetValueOrDefault(parentColumn) is EntityReference p && p.Id == r)).Where(found.Add).ToList();
            }

            found.Remove(id);
            return found;
        }
    }

    public List<Guid> TeamsOf(Guid userId)
    {
        using (_store.ReadScope())
        {
            return TeamsOfLocked(userId);
        }
    }

    private List<Guid> TeamsOfLocked(Guid userId)
    {
        var memberships = _store.Table("teammembership");
        return memberships.RowsReferencing("systemuserid", userId)
            .Select(m => memberships.Committed(m)?.GetValueOrDefault("teamid") as EntityReference)
            .Where(t => t != null)
            .Select(t => t!.Id)
            .ToList();
    }

    public List<Guid> UserAndReports(Guid userId)
    {
        using (_store.ReadScope())
        {
            return UserAndReportsLocked(userId);
        }
    }

    private List<Guid> UserAndReportsLocked(Guid userId)
    {
        var users = _store.Table("systemuser");
        var found = new List<Guid> { userId };
        // Direct reports only through committed rows: hierarchy operators read the organisation chart as it stands.
        for (var i = 0; i < found.Count; i++)
        {
            found.AddRange(users.RowsReferencing("parentsystemuserid", found[i]).Where(r => !found.Contains(r)));
        }

        return found;
    }
}
