using System;
using Microsoft.Xrm.Sdk;
using Microsoft.Xrm.Sdk.Query;

namespace CrmAccountability.Emulator.Tests.Query;

/// <summary>Small seeded organisations for query tests. Each test builds its own.</summary>
internal sealed class QueryTestData
{
    private QueryTestData(DataverseEmulator org)
    {
        Org = org;
        Service = org.GetService();
    }

    public DataverseEmulator Org { get; }

    public IOrganizationService Service { get; }

    public static QueryTestData New(EmulatorOptions? options = null) => new(TestOrg.New(options));

    public Guid Account(string name, int? employees = null, string? number = null, Guid? owner = null)
    {
        var account = new Entity("account") { ["name"] = name, ["numberofemployees"] = employees, ["accountnumber"] = number };
        if (owner is { } id)
        {
            account["ownerid"] = new EntityReference("systemuser", id);
        }

        return Service.Create(account);
    }

    public Guid CompletedCall(Guid owner, DateTime actualEndUtc, int minutes, bool outgoing = true, Guid? regarding = null)
    {
        var call = new Entity("phonecall")
        {
            ["subject"] = "Call",
            ["ownerid"] = new EntityReference("systemuser", owner),
            ["actualend"] = actualEndUtc,
            ["actualdurationminutes"] = minutes,
            ["directioncode"] = outgoing,
        };
        if (regarding is { } account)
        {
            call["regardingobjectid"] = new EntityReference("account", account);
        }

        var id = Service.Create(call);
        Service.Update(new Entity("phonecall", id) { ["statecode"] = new OptionSetValue(1), ["statuscode"] = new OptionSetValue(2) });
        return id;
    }

    public EntityCollection Fetch(string fetchXml, Guid? asUser = null)
        => Org.GetService(asUser).RetrieveMultiple(new FetchExpression(fetchXml));
}
