using System;
using System.Linq;
using Microsoft.Xrm.Sdk;
using Microsoft.Xrm.Sdk.Query;
using Xunit;
using static CrmAccountability.Emulator.Storage.DataverseFaults;

namespace CrmAccountability.Emulator.Tests.Operations;

/// <summary>Associate, Disassociate and the team membership messages.</summary>
public sealed class AssociateTests
{
    [Fact]
    public void AddMembersTeam_and_RemoveMembersTeam_change_the_teams_membership_and_adding_twice_adds_once()
    {
        // Arrange
        var org = TestOrg.New();
        var service = org.GetService();
        var ana = org.CreateUser("Ana Rep");
        var ben = org.CreateUser("Ben Rep");
        var team = org.CreateTeam("Sales East");

        // Act
        service.Execute(new OrganizationRequest("AddMembersTeam") { ["TeamId"] = team, ["MemberIds"] = new[] { ana, ben } });
        service.Execute(new OrganizationRequest("AddMembersTeam") { ["TeamId"] = team, ["MemberIds"] = new[] { ana } });
        service.Execute(new OrganizationRequest("RemoveMembersTeam") { ["TeamId"] = team, ["MemberIds"] = new[] { ben } });

        // Assert
        var query = new QueryExpression("teammembership") { ColumnSet = new ColumnSet("systemuserid") };
        query.Criteria.AddCondition("teamid", ConditionOperator.Equal, team);
        var members = service.RetrieveMultiple(query).Entities.Select(e => e["systemuserid"] is EntityReference r ? r.Id : (Guid)e["systemuserid"]).ToList();
        Assert.Equal([ana], members);
    }

    [Fact]
    public void Associating_users_with_a_team_writes_the_membership_and_a_duplicate_is_refused()
    {
        var org = TestOrg.New();
        var user = org.CreateUser("Ana Rep");
        var team = org.CreateTeam("Inside sales");
        var service = org.GetService();
        var members = new EntityReferenceCollection { new EntityReference("systemuser", user) };

        service.Associate("team", team, new Relationship("teammembership_association"), members);

        var membership = Assert.Single(service.RetrieveMultiple(new QueryExpression("teammembership") { ColumnSet = new ColumnSet("teamid", "systemuserid") }).Entities);
        Assert.Equal(user, membership.GetAttributeValue<EntityReference>("systemuserid").Id);
        TestOrg.Fault(DuplicateRecord, () => service.Associate("team", team, new Relationship("teammembership_association"), members));
        service.Disassociate("team", team, new Relationship("teammembership_association"), members);
        Assert.Empty(service.RetrieveMultiple(new QueryExpression("teammembership")).Entities);
    }

    [Fact]
    public void Associating_through_a_one_to_many_relationship_sets_the_lookup()
    {
        var org = TestOrg.New();
        var manager = org.CreateUser("Mia Manager");
        var rep = org.CreateUser("Ana Rep");
        var service = org.GetService();

        service.Associate("systemuser", manager, new Relationship("user_parent_user"), [new EntityReference("systemuser", rep)]);

        Assert.Equal(manager, service.Retrieve("systemuser", rep, new ColumnSet("parentsystemuserid")).GetAttributeValue<EntityReference>("parentsystemuserid").Id);
    }
}
