using System;
using System.Collections.Generic;
using System.Linq;
using CrmAccountability.Emulator.Storage;
using Microsoft.Xrm.Sdk;

namespace CrmAccountability.Emulator.Operations;

/// <summary>
/// Learn: AddMembersTeamRequest / RemoveMembersTeamRequest (TeamId, MemberIds) — the teammembership rows behind
/// teammembership_association. Adding a member twice, or removing a non-member, changes nothing (unlike Associate,
/// which refuses a duplicate).
/// </summary>
internal sealed class TeamMembersHandler : IMessageHandler
{
    public IReadOnlyList<string> Messages { get; } = ["AddMembersTeam", "RemoveMembersTeam"];

    public OrganizationResponse Execute(OperationContext context)
    {
        var teamId = context.Input.TryGetValue("TeamId", out var team) && team is Guid id && id != Guid.Empty
            ? id
            : throw new DataverseFaultException(DataverseFaults.InvalidArgument, "Required field 'TeamId' is missing");
        var memberIds = context.Required<Guid[]>("MemberIds");
        context.Security.CheckRow(context.Caller, "Write", "team", context.Store.Peek("team", teamId, context.Transaction));
        var adding = context.RequestName == "AddMembersTeam";
        var users = new EntityReferenceCollection();
        users.AddRange(memberIds.Distinct().Where(member => context.Org.Chart.TeamsOf(member).Contains(teamId) != adding).Select(member => new EntityReference("systemuser", member)));
        AssociateHandler.Link(context, new EntityReference("team", teamId), new Relationship("teammembership_association"), users, adding);
        return context.Respond(new OrganizationResponse());
    }
}
