using System.Linq;
using Microsoft.Xrm.Sdk;
using Xunit;

namespace CrmAccountability.Emulator.Tests.Query;

/// <summary>User operators: eq-userid, eq-useroruserteams, eq-useroruserhierarchy, eq-businessid (Learn, "Filter rows using FetchXml").</summary>
public sealed class UserOperatorTests
{
    private static string[] AccountNames(QueryTestData data, System.Guid asUser, string op)
        => data.Fetch("<fetch><entity name='account'><attribute name='name'/><order attribute='name'/><filter><condition attribute='ownerid' operator='" + op + "'/></filter></entity></fetch>", asUser)
            .Entities.Select(e => e.GetAttributeValue<string>("name")).ToArray();

    [Fact]
    public void User_operators_resolve_against_the_caller_its_teams_and_its_reports()
    {
        // Arrange
        var data = QueryTestData.New();
        var manager = data.Org.CreateUser("Mia Manager");
        var rep = data.Org.CreateUser("Ana Rep", managerId: manager);
        var other = data.Org.CreateUser("Ole Other");
        var team = data.Org.CreateTeam("Inside sales", null, manager);
        data.Account("Mine", owner: manager);
        data.Account("Reps", owner: rep);
        data.Account("Others", owner: other);
        data.Service.Create(new Entity("account") { ["name"] = "Teams", ["ownerid"] = new EntityReference("team", team) });

        // Act + Assert
        Assert.Equal(["Mine"], AccountNames(data, manager, "eq-userid"));
        Assert.Equal(["Others", "Reps", "Teams"], AccountNames(data, manager, "ne-userid"));
        Assert.Equal(["Teams"], AccountNames(data, manager, "eq-userteams"));
        Assert.Equal(["Mine", "Teams"], AccountNames(data, manager, "eq-useroruserteams"));
        Assert.Equal(["Mine", "Reps"], AccountNames(data, manager, "eq-useroruserhierarchy"));
        Assert.Equal(["Reps"], AccountNames(data, rep, "eq-useroruserhierarchy"));
    }

    [Fact]
    public void Eq_businessid_matches_the_callers_business_unit()
    {
        var data = QueryTestData.New();
        var east = data.Org.CreateBusinessUnit("East");
        var eastRep = data.Org.CreateUser("Erin East", businessUnitId: east);
        var rootRep = data.Org.CreateUser("Rory Root");
        data.Account("East account", owner: eastRep);
        data.Account("Root account", owner: rootRep);

        var rows = data.Fetch("<fetch><entity name='account'><attribute name='name'/><filter><condition attribute='owningbusinessunit' operator='eq-businessid'/></filter></entity></fetch>", eastRep);

        Assert.Equal("East account", Assert.Single(rows.Entities).GetAttributeValue<string>("name"));
    }
}
