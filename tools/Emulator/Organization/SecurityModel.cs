using System;
using System.Collections.Generic;
using System.Linq;
using CrmAccountability.Emulator.Metadata;
using CrmAccountability.Emulator.Solutions;
using CrmAccountability.Emulator.Storage;
using Microsoft.Xrm.Sdk;

namespace CrmAccountability.Emulator.Organization;

/// <summary>
/// Role-based security: privileges (prv&lt;Verb&gt;&lt;Table&gt;) with a depth from the roles a user holds — Basic
/// (own rows and their teams'), Local (business unit), Deep (business unit and below), Global. SYSTEM and the
/// System Administrator role bypass every check. Learn: "Security roles and privileges".
/// </summary>
internal sealed class SecurityModel
{
    public const string SystemAdministrator = "System Administrator";

    private readonly DataverseEmulator _org;
    private readonly object _gate = new();
    private Dictionary<string, RoleDefinition> _roles = new(StringComparer.OrdinalIgnoreCase);

    public SecurityModel(DataverseEmulator org)
    {
        _org = org;
    }

    public void AddRole(RoleDefinition role)
    {
        lock (_gate)
        {
            _roles = new Dictionary<string, RoleDefinition>(_roles, StringComparer.OrdinalIgnoreCase) { [role.Name] = role };
        }
    }

    public bool HasRole(string name) => _roles.ContainsKey(name);

    public IEnumerable<string> RoleNames => _roles.Keys;

    public static string PrivilegeName(string verb, TableMetadata table)
        => "prv" + verb + (table.IsActivity ? "Activity" : table.LogicalName switch
        {
            "systemuser" => "User",
            _ => table.SchemaName ?? table.LogicalName,
        });

    public void CheckCreate(CallerContext caller, Entity entity)
    {
        if (Bypasses(caller))
        {
            return;
        }

        var table = _org.Metadata.FindTable(entity.LogicalName);
        if (table == null)
        {
            return;
        }

        CheckPrivilege(caller, PrivilegeName("Create", table), table.LogicalName);
        if (entity.GetAttributeValue<EntityReference>("ownerid") is { } owner && owner.Id != caller.UserId)
        {
            CheckPrivilege(caller, PrivilegeName("Assign", table), table.LogicalName);
        }
    }

    public void CheckUpdate(CallerContext caller, Entity entity, IReadOnlyDictionary<string, object?>? row)
    {
        CheckRow(caller, "Write", entity.LogicalName, row);
        if (!Bypasses(caller) && entity.Contains("ownerid") && _org.Metadata.FindTable(entity.LogicalName) is { } table)
        {
            CheckRow(caller, "Assign", table.LogicalName, row);
        }
    }

    /// <summary>The caller may <paramref name="verb"/> this row (no-op if the row is missing: the operation reports that).</summary>
    public void CheckRow(CallerContext caller, string verb, string tableName, IReadOnlyDictionary<string, object?>? row)
    {
        if (Bypasses(caller) || row == null || _org.Metadata.FindTable(tableName) is not { } table)
        {
            return;
        }

        var privilege = PrivilegeName(verb, table);
        var depth = Depth(caller, privilege);
        if (depth == PrivilegeDepth.None)
        {
            throw Missing(caller, privilege, table.LogicalName);
        }

        if (!Reaches(caller, table, row, depth))
        {
            throw new DataverseFaultException(DataverseFaults.PrivilegeDenied, DataverseFaults.Format(
                "Principal user (Id={0}) is missing {1} privilege at the depth needed for this {2} row: the role grants {3} access, and the row belongs to another {4}.",
                caller.UserId, privilege, table.LogicalName, depth, depth == PrivilegeDepth.Basic ? "user" : "business unit"));
        }
    }

    public void CheckPrivilege(CallerContext caller, string privilege, string? table = null)
    {
        if (!Bypasses(caller) && Depth(caller, privilege) == PrivilegeDepth.None)
        {
            throw Missing(caller, privilege, table);
        }
    }

    /// <summary>A row filter for queries: the rows this caller may read, or null when it may read everything.</summary>
    public Func<TableMetadata, IReadOnlyDictionary<string, object?>, bool>? ReadFilter(CallerContext caller)
    {
        if (Bypasses(caller))
        {
            return null;
        }

        return (table, row) =>
        {
            var depth = Depth(caller, PrivilegeName("Read", table));
            return depth != PrivilegeDepth.None && Reaches(caller, table, row, depth);
        };
    }

    private bool Bypasses(CallerContext caller)
        => caller.IsSystem || RolesOf(caller.UserId).Any(r => string.Equals(r.Name, SystemAdministrator, StringComparison.OrdinalIgnoreCase));

    private PrivilegeDepth Depth(CallerContext caller, string privilege)
        => RolesOf(caller.UserId).Select(r => r.Privileges.TryGetValue(privilege, out var depth) ? depth : PrivilegeDepth.None).DefaultIfEmpty(PrivilegeDepth.None).Max();

    private List<RoleDefinition> RolesOf(Guid userId)
    {
        using (_org.Store.ReadScope())
        {
            return RolesOfLocked(userId);
        }
    }

    private List<RoleDefinition> RolesOfLocked(Guid userId)
    {
        var store = _org.Store;
        var links = store.Table("systemuserroles");
        var roles = store.Table("role");
        return links.RowsReferencing("systemuserid", userId)
            .Select(id => links.Committed(id)?.GetValueOrDefault("roleid") as EntityReference)
            .Where(r => r != null)
            .Select(r => roles.Committed(r!.Id)?.GetValueOrDefault("name") as string)
            .Where(name => name != null && _roles.ContainsKey(name))
            .Select(name => _roles[name!])
            .ToList();
    }

    private bool Reaches(CallerContext caller, TableMetadata table, IReadOnlyDictionary<string, object?> row, PrivilegeDepth depth)
    {
        if (depth == PrivilegeDepth.Global || table.Ownership is OwnershipType.OrganizationOwned or OwnershipType.None)
        {
            return true;
        }

        var rowUnit = (row.GetValueOrDefault("owningbusinessunit") ?? row.GetValueOrDefault("businessunitid")) as EntityReference;
        switch (depth)
        {
            case PrivilegeDepth.Deep:
                return rowUnit != null && UnitAndChildren(caller.BusinessUnitId).Contains(rowUnit.Id);
            case PrivilegeDepth.Local:
                return rowUnit?.Id == caller.BusinessUnitId;
            default:
                var owner = row.GetValueOrDefault("ownerid") as EntityReference;
                if (table.LogicalName == "systemuser")
                {
                    return row.GetValueOrDefault("systemuserid") is Guid self && self == caller.UserId;
                }

                return owner != null && (owner.Id == caller.UserId || (owner.LogicalName == "team" && _org.Chart.TeamsOf(caller.UserId).Contains(owner.Id)));
        }
    }

    private HashSet<Guid> UnitAndChildren(Guid unit)
    {
        using (_org.Store.ReadScope())
        {
            return UnitAndChildrenLocked(unit);
        }
    }

    private HashSet<Guid> UnitAndChildrenLocked(Guid unit)
    {
        var units = _org.Store.Table("businessunit");
        var found = new HashSet<Guid> { unit };
        var queue = new Queue<Guid>([unit]);
        while (queue.TryDequeue(out var current))
        {
            foreach (var child in units.RowsReferencing("parentbusinessunitid", current))
            {
                if (found.Add(child))
                {
                    queue.Enqueue(child);
                }
            }
        }

        return found;
    }

    private DataverseFaultException Missing(CallerContext caller, string privilege, string? table)
        => new(DataverseFaults.PrivilegeDenied, DataverseFaults.Format(
            "Principal user (Id={0}, type=8, roleCount={1}), is missing {2} privilege{3}. Ask an administrator to add it to one of your security roles.",
            caller.UserId, RolesOf(caller.UserId).Count, privilege, table == null ? string.Empty : " for entity '" + table + "'"));
}
