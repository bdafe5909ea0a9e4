using System.Collections.Generic;
using System.Linq;
using CrmAccountability.Emulator.Metadata;
using Microsoft.Xrm.Sdk;
using Microsoft.Xrm.Sdk.Messages;

namespace CrmAccountability.Emulator.Pipeline;

/// <summary>
/// Learn, "Behavior of specialized update operations" and "Legacy update messages": the deprecated messages Assign,
/// SetState and SetStateDynamicEntity are performed as an Update of the columns they set, and an Update that sets
/// state/status (or, on a business-owned table, owner fields) together with other columns runs its PreOperation and
/// PostOperation steps once for the other columns and once more for those.
/// </summary>
internal static class SpecializedUpdates
{
    public enum PartKind
    {
        Other,
        Owner,
        State,
    }

    /// <summary>A legacy request rewritten as the Update Dataverse performs for it.</summary>
    public sealed record LegacyUpdate(string Message, UpdateRequest Update);

    public sealed record UpdatePart(PartKind Kind, Entity Target);

    /// <summary>The columns Learn names as owner fields of business-owned tables (e.g. a user's business unit and manager).</summary>
    private static readonly HashSet<string> OwnerFields = ["businessunitid", "parentsystemuserid", "parentbusinessunitid"];

    public static LegacyUpdate? AsUpdate(OrganizationRequest request)
    {
        var parameters = request.Parameters;
        switch (request.RequestName)
        {
            case "Assign" when parameters.TryGetValue("Target", out var target) && target is EntityReference assigned:
                if (!parameters.TryGetValue("Assignee", out var assignee) || assignee is not EntityReference)
                {
                    throw new Storage.DataverseFaultException(Storage.DataverseFaults.InvalidArgument, "Required field 'Assignee' is missing");
                }

                return new LegacyUpdate("Assign", new UpdateRequest { Target = new Entity(assigned.LogicalName, assigned.Id) { ["ownerid"] = assignee } });
            case "SetState" or "SetStateDynamicEntity" when parameters.TryGetValue("EntityMoniker", out var moniker) && moniker is EntityReference row:
                var change = new Entity(row.LogicalName, row.Id)
                {
                    ["statecode"] = parameters.TryGetValue("State", out var state) ? state : throw new Storage.DataverseFaultException(Storage.DataverseFaults.InvalidArgument, "Required field 'State' is missing"),
                };
                if (parameters.TryGetValue("Status", out var status) && status is OptionSetValue { Value: not -1 })
                {
                    change["statuscode"] = status;
                }

                return new LegacyUpdate(request.RequestName, new UpdateRequest { Target = change });
            default:
                return null;
        }
    }

    /// <summary>The parts an Update runs as, in order: other columns, then owner fields, then state and status.</summary>
    public static IReadOnlyList<UpdatePart> Split(Entity target, TableMetadata? table)
    {
        var businessOwned = table?.Ownership == OwnershipType.BusinessOwned;
        PartKind KindOf(string column) => column is "statecode" or "statuscode"
            ? PartKind.State
            : column == "ownerid" || (businessOwned && OwnerFields.Contains(column)) ? PartKind.Owner : PartKind.Other;

        var groups = target.Attributes.GroupBy(a => KindOf(a.Key)).ToDictionary(g => g.Key, g => g.ToList());
        if (groups.Count <= 1)
        {
            // Nothing to split: one execution, whose kind still decides which legacy steps run beside it.
            return [new UpdatePart(groups.Keys.FirstOrDefault(), target)];
        }

        // ownerid on a user-owned table is not split off (Learn names business-owned tables only); it stays with the other columns.
        if (!businessOwned && groups.Remove(PartKind.Owner, out var owner))
        {
            groups[PartKind.Other] = [.. groups.GetValueOrDefault(PartKind.Other) ?? [], .. owner];
        }

        return [.. new[] { PartKind.Other, PartKind.Owner, PartKind.State }
            .Where(groups.ContainsKey)
            .Select(kind =>
            {
                var part = new Entity(target.LogicalName, target.Id) { RowVersion = target.RowVersion };
                foreach (var (name, value) in groups[kind])
                {
                    part[name] = value;
                }

                foreach (var (name, value) in target.KeyAttributes)
                {
                    part.KeyAttributes[name] = value;
                }

                return new UpdatePart(kind, part);
            })];
    }
}
