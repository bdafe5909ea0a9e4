using System;
using System.Collections.Generic;
using System.Linq;
using System.ServiceModel;
using CrmAccountability.Emulator;
using Microsoft.Xrm.Sdk;
using Microsoft.Xrm.Sdk.Query;
using static CrmAccountability.Accountability.Tests.Choices;

namespace CrmAccountability.Accountability.Tests.Properties;

/// <summary>
/// A small sales organisation for generated operations: three reps in London, Auckland and Los Angeles, a team of two,
/// two customers, and expectations covering every metric, period kind and filter. Operations go through the packed
/// solution; one Dataverse refuses leaves the organisation as it was.
/// </summary>
internal sealed class CountingWorld
{
    private static readonly string[] Tables = ["phonecall", "appointment", "email", "task"];
    private static readonly DateTime Start = new(2026, 11, 25, 15, 0, 0, DateTimeKind.Utc);

    private readonly List<ActivityRow> _activities = [];
    private readonly List<Guid> _opportunities = [];

    public CountingWorld()
    {
        Org = new DataverseEmulator(new EmulatorOptions { StartUtc = Start });
        Org.LoadSolution(PackedSolution.Managed);
        System = Org.GetService();
        var manager = Org.CreateUser("Mia Manager", "GMT Standard Time");
        Reps = [Org.CreateUser("Ana London", "GMT Standard Time", manager), Org.CreateUser("Aroha Auckland", "New Zealand Standard Time", manager), Org.CreateUser("Luis Los Angeles", "Pacific Standard Time", manager)];
        Team = Org.CreateTeam("Inside sales", members: [Reps[0], Reps[1]]);
        Customers = [System.Create(new Entity("account") { ["name"] = "Contoso" }), System.Create(new Entity("account") { ["name"] = "Fabrikam" })];
        var service = Org.GetService(manager);
        Expect(service, ActivityMinutes, Day, 60m, rep: Reps[0], configure: e => { e["cra_purposes"] = new OptionSetValueCollection { new(Prospecting) }; e["cra_outgoingonly"] = true; });
        Expect(service, ActivityCount, Week, 10m, team: Team);
        Expect(service, ActivityCount, Week, 2m, rep: Reps[2], configure: e => e["cra_firstmeetingsonly"] = true);
        Expect(service, ActivityCount, Month, 20m, rep: Reps[1], configure: e => e["cra_activitytypes"] = new OptionSetValueCollection { new(Task), new(Email) });
        Expect(service, OpportunitiesCreated, Month, 3m, rep: Reps[0], configure: e => e["cra_minimumamount"] = new Money(50_000m));
        Expect(service, PipelineCreated, Quarter, 300_000m, rep: Reps[1]);
        Expect(service, DealsWon, Month, 2m, rep: Reps[2]);
        Expect(service, RevenueWon, Year, 200_000m, rep: Reps[0], configure: e => e["cra_minimumamount"] = new Money(10_000m));
        Expect(service, ActivityMinutes, Custom, 300m, rep: Reps[2], configure: e => { e["cra_customstart"] = new DateTime(2026, 11, 10); e["cra_customend"] = new DateTime(2026, 12, 4); });
    }

    public DataverseEmulator Org { get; }

    public IOrganizationService System { get; }

    public Guid[] Reps { get; }

    public Guid Team { get; }

    public Guid[] Customers { get; }

    /// <summary>Carries out one operation; a fault Dataverse raises is part of the run (the save is refused, nothing changes).</summary>
    public string Apply(Operation operation)
    {
        try
        {
            return Do(operation);
        }
        catch (FaultException<OrganizationServiceFault> fault)
        {
            return operation + " refused: " + fault.Detail.Message;
        }
    }

    private string Do(Operation operation)
    {
        var now = Org.Clock.UtcNow;
        switch (operation)
        {
            case NewActivity a:
                var activity = new Entity(Tables[a.Table]) { ["subject"] = "Generated", ["ownerid"] = OwnerRef(a.Owner) };
                if (a.Minutes != null)
                {
                    activity["actualdurationminutes"] = a.Minutes.Value;
                    activity["scheduleddurationminutes"] = a.Minutes.Value + 5;
                }

                if (a.Purpose != null)
                {
                    activity["cra_purpose"] = new OptionSetValue(a.Purpose.Value);
                }

                if (a.Table is 0 or 2)
                {
                    activity["directioncode"] = a.Outgoing;
                }

                activity["regardingobjectid"] = Regarding(a.Regarding);
                _activities.Add(new ActivityRow(Tables[a.Table], System.Create(activity)));
                return operation.ToString();
            case CompleteActivity c when Pick(_activities, c.Activity) is { } row:
                if (c.Legacy)
                {
                    System.Execute(new OrganizationRequest("SetState") { ["EntityMoniker"] = new EntityReference(row.Table, row.Id), ["State"] = new OptionSetValue(1), ["Status"] = new OptionSetValue(-1) });
                    return operation.ToString();
                }

                var complete = new Entity(row.Table, row.Id) { ["statecode"] = new OptionSetValue(1) };
                if (c.HoursAgo != null)
                {
                    complete["actualend"] = now.AddHours(-c.HoursAgo.Value);
                }

                System.Update(complete);
                return operation.ToString();
            case CancelActivity c when Pick(_activities, c.Activity) is { } row:
                System.Update(new Entity(row.Table, row.Id) { ["statecode"] = new OptionSetValue(2) });
                return operation.ToString();
            case ReopenActivity r when Pick(_activities, r.Activity) is { } row:
                if (r.Legacy)
                {
                    System.Execute(new OrganizationRequest("SetStateDynamicEntity") { ["EntityMoniker"] = new EntityReference(row.Table, row.Id), ["State"] = new OptionSetValue(0), ["Status"] = new OptionSetValue(-1) });
                }
                else
                {
                    System.Update(new Entity(row.Table, row.Id) { ["statecode"] = new OptionSetValue(0) });
                }

                return operation.ToString();
            case ReassignActivity r when Pick(_activities, r.Activity) is { } row:
                if (r.Legacy)
                {
                    System.Execute(new OrganizationRequest("Assign") { ["Target"] = new EntityReference(row.Table, row.Id), ["Assignee"] = OwnerRef(r.Owner) });
                }
                else
                {
                    System.Update(new Entity(row.Table, row.Id) { ["ownerid"] = OwnerRef(r.Owner) });
                }

                return operation.ToString();
            case BackdateActivity b when Pick(_activities, b.Activity) is { } row:
                System.Update(new Entity(row.Table, row.Id) { ["actualend"] = now.AddHours(-b.HoursAgo) });
                return operation.ToString();
            case EditActivity e when Pick(_activities, e.Activity) is { } row:
                var edit = new Entity(row.Table, row.Id) { ["actualdurationminutes"] = e.Minutes, ["cra_purpose"] = e.Purpose == null ? null : new OptionSetValue(e.Purpose.Value), ["regardingobjectid"] = Regarding(e.Regarding) };
                if (row.Table is "phonecall" or "email")
                {
                    edit["directioncode"] = e.Outgoing;
                }

                System.Update(edit);
                return operation.ToString();
            case DeleteActivity d when Pick(_activities, d.Activity) is { } row:
                System.Delete(row.Table, row.Id);
                _activities.Remove(row);
                return operation.ToString();
            case NewOpportunity o:
                _opportunities.Add(System.Create(new Entity("opportunity") { ["name"] = "Generated deal", ["estimatedvalue"] = new Money(o.Value), ["ownerid"] = OwnerRef(o.Owner) }));
                return operation.ToString();
            case WinOpportunity w when Pick(_opportunities, w.Opportunity) is { } id:
                System.Execute(new OrganizationRequest("WinOpportunity")
                {
                    ["OpportunityClose"] = new Entity("opportunityclose") { ["opportunityid"] = new EntityReference("opportunity", id), ["actualrevenue"] = new Money(w.Revenue), ["actualend"] = now.AddDays(-w.DaysAgo) },
                    ["Status"] = new OptionSetValue(3),
                });
                return operation.ToString();
            case LoseOpportunity l when Pick(_opportunities, l.Opportunity) is { } id:
                System.Execute(new OrganizationRequest("LoseOpportunity")
                {
                    ["OpportunityClose"] = new Entity("opportunityclose") { ["opportunityid"] = new EntityReference("opportunity", id) },
                    ["Status"] = new OptionSetValue(l.Canceled ? 4 : 5),
                });
                return operation.ToString();
            case ReopenOpportunity r when Pick(_opportunities, r.Opportunity) is { } id:
                System.Update(new Entity("opportunity", id) { ["statecode"] = new OptionSetValue(0), ["statuscode"] = new OptionSetValue(1) });
                return operation.ToString();
            case ReassignOpportunity r when Pick(_opportunities, r.Opportunity) is { } id:
                System.Update(new Entity("opportunity", id) { ["ownerid"] = OwnerRef(r.Owner) });
                return operation.ToString();
            case EditOpportunity e when Pick(_opportunities, e.Opportunity) is { } id:
                System.Update(new Entity("opportunity", id) { ["estimatedvalue"] = new Money(e.Value) });
                return operation.ToString();
            case DeleteOpportunity d when Pick(_opportunities, d.Opportunity) is { } id:
                System.Delete("opportunity", id);
                _opportunities.Remove(id);
                return operation.ToString();
            case AdvanceClock a:
                Org.Clock.Advance(TimeSpan.FromHours(a.Hours));
                return operation.ToString();
            case Evaluate:
                var token = string.Empty;
                do
                {
                    var request = new OrganizationRequest("cra_EvaluateAccountability");
                    if (token.Length > 0)
                    {
                        request["ContinuationToken"] = token;
                    }

                    token = System.Execute(request).Results["ContinuationToken"] as string ?? string.Empty;
                }
                while (token.Length > 0);
                return operation.ToString();
            default:
                return operation + " skipped: nothing to apply it to";
        }
    }

    private EntityReference OwnerRef(int owner) => owner < 3 ? new EntityReference("systemuser", Reps[owner]) : new EntityReference("team", Team);

    private EntityReference? Regarding(int regarding) => regarding switch
    {
        0 => null,
        1 or 2 => new EntityReference("account", Customers[regarding - 1]),
        _ => _opportunities.Count == 0 ? null : new EntityReference("opportunity", _opportunities[0]),
    };

    private static ActivityRow? Pick(List<ActivityRow> items, int index) => items.Count == 0 ? null : items[index % items.Count];

    private static Guid? Pick(List<Guid> items, int index) => items.Count == 0 ? null : items[index % items.Count];

    private sealed record ActivityRow(string Table, Guid Id);

    private static void Expect(IOrganizationService service, int metric, int period, decimal target, Guid? rep = null, Guid? team = null, Action<Entity>? configure = null)
    {
        var expectation = new Entity("cra_expectation") { ["cra_name"] = "Generated", ["cra_metric"] = new OptionSetValue(metric), ["cra_period"] = new OptionSetValue(period), ["cra_target"] = target };
        if (rep != null)
        {
            expectation["cra_repid"] = new EntityReference("systemuser", rep.Value);
        }

        if (team != null)
        {
            expectation["cra_teamid"] = new EntityReference("team", team.Value);
        }

        configure?.Invoke(expectation);
        service.Create(expectation);
    }
}
