using System;
using System.Collections.Generic;
using System.Linq;
using CrmAccountability.Emulator;
using Microsoft.Xrm.Sdk;
using Microsoft.Xrm.Sdk.Query;

namespace CrmAccountability.Accountability.Tests;

/// <summary>
/// A fresh organisation with the packed managed solution loaded, a manager and a rep, on a fixed clock (Monday
/// 23 November 2026, 14:00 UTC unless a test says otherwise), and the verbs a sales team uses. Everything goes
/// through IOrganizationService, as a client would.
/// </summary>
internal sealed class SalesOrg
{
    public static readonly DateTime Monday = new(2026, 11, 23, 14, 0, 0, DateTimeKind.Utc);

    public SalesOrg(DateTime? now = null, string repZone = "GMT Standard Time", EmulatorOptions? options = null)
    {
        Org = new DataverseEmulator((options ?? new EmulatorOptions()) with { StartUtc = now ?? Monday });
        Org.LoadSolution(PackedSolution.Managed);
        System = Org.GetService();
        Manager = User("Mia Manager", "GMT Standard Time");
        Rep = User("Ana Rep", repZone, Manager);
    }

    public DataverseEmulator Org { get; }

    public IOrganizationService System { get; }

    public Guid Manager { get; }

    public Guid Rep { get; }

    public DateTime Now => Org.Clock.UtcNow;

    public Guid User(string name, string zone = "GMT Standard Time", Guid? manager = null, string[]? roles = null)
        => Org.CreateUser(name, zone, manager, roles: roles);

    public IOrganizationService As(Guid user) => Org.GetService(user);

    public Guid Expect(int metric, int period, decimal target, Guid? rep = null, Guid? team = null, Action<Entity>? configure = null, string name = "Expectation")
    {
        var expectation = new Entity("cra_expectation")
        {
            ["cra_name"] = name,
            ["cra_metric"] = new OptionSetValue(metric),
            ["cra_period"] = new OptionSetValue(period),
            ["cra_target"] = target,
        };
        if (team is { } teamId)
        {
            expectation["cra_teamid"] = new EntityReference("team", teamId);
        }
        else
        {
            expectation["cra_repid"] = new EntityReference("systemuser", rep ?? Rep);
        }

        configure?.Invoke(expectation);
        return As(Manager).Create(expectation);
    }

    /// <summary>Creates an open activity owned by <paramref name="owner"/>, as the owner.</summary>
    public Guid Open(string table, Guid owner, Action<Entity>? configure = null)
    {
        var activity = new Entity(table) { ["subject"] = table + " for test", ["ownerid"] = new EntityReference("systemuser", owner) };
        configure?.Invoke(activity);
        return System.Create(activity);
    }

    /// <summary>Completes an activity (statecode 1) with the actual end given, or none so the platform stamps it.</summary>
    public void Complete(string table, Guid id, DateTime? actualEnd = null, IOrganizationService? service = null)
    {
        var update = new Entity(table, id) { ["statecode"] = new OptionSetValue(1) };
        if (actualEnd is { } end)
        {
            update["actualend"] = end;
        }

        (service ?? System).Update(update);
    }

    /// <summary>A completed phone call: created open, then completed at <paramref name="endUtc"/>.</summary>
    public Guid Call(Guid owner, DateTime endUtc, int? minutes = 30, bool outgoing = true, int? purpose = null, EntityReference? regarding = null)
    {
        var id = Open("phonecall", owner, call =>
        {
            call["directioncode"] = outgoing;
            if (minutes != null)
            {
                call["actualdurationminutes"] = minutes.Value;
            }

            if (purpose != null)
            {
                call["cra_purpose"] = new OptionSetValue(purpose.Value);
            }

            if (regarding != null)
            {
                call["regardingobjectid"] = regarding;
            }
        });
        Complete("phonecall", id, endUtc);
        return id;
    }

    /// <summary>
    /// Loads completed calls for <paramref name="rep"/>, spread over the year before <paramref name="before"/>, the way a
    /// data import does: with BypassBusinessLogicExecution, so no plug-in runs for them.
    /// </summary>
    public void ImportHistory(Guid rep, int count, DateTime before)
    {
        for (var i = 0; i < count; i++)
        {
            var create = new Microsoft.Xrm.Sdk.Messages.CreateRequest
            {
                Target = new Entity("phonecall") { ["subject"] = "History", ["ownerid"] = new EntityReference("systemuser", rep), ["actualdurationminutes"] = 5 },
            };
            create.Parameters["BypassBusinessLogicExecution"] = "CustomSync,CustomAsync";
            var id = ((Microsoft.Xrm.Sdk.Messages.CreateResponse)System.Execute(create)).id;
            var complete = new Microsoft.Xrm.Sdk.Messages.UpdateRequest
            {
                Target = new Entity("phonecall", id) { ["statecode"] = new OptionSetValue(1), ["actualend"] = before.AddMinutes(-(1 + (i % 525_000))) },
            };
            complete.Parameters["BypassBusinessLogicExecution"] = "CustomSync,CustomAsync";
            System.Execute(complete);
        }
    }

    public Guid Opportunity(Guid owner, decimal estimated, Action<Entity>? configure = null)
    {
        var opportunity = new Entity("opportunity") { ["name"] = "Deal", ["estimatedvalue"] = new Money(estimated), ["ownerid"] = new EntityReference("systemuser", owner) };
        configure?.Invoke(opportunity);
        return System.Create(opportunity);
    }

    public void Win(Guid opportunity, decimal? revenue = null, DateTime? closedOn = null)
    {
        var close = new Entity("opportunityclose") { ["opportunityid"] = new EntityReference("opportunity", opportunity), ["subject"] = "Won" };
        if (revenue != null)
        {
            close["actualrevenue"] = new Money(revenue.Value);
        }

        if (closedOn != null)
        {
            close["actualend"] = closedOn.Value;
        }

        System.Execute(new OrganizationRequest("WinOpportunity") { ["OpportunityClose"] = close, ["Status"] = new OptionSetValue(3) });
    }

    public void Lose(Guid opportunity, int status = 5)
        => System.Execute(new OrganizationRequest("LoseOpportunity")
        {
            ["OpportunityClose"] = new Entity("opportunityclose") { ["opportunityid"] = new EntityReference("opportunity", opportunity), ["subject"] = "Lost" },
            ["Status"] = new OptionSetValue(status),
        });

    public IReadOnlyList<Entity> Attainments(Guid? expectation = null, Guid? rep = null)
    {
        var query = new QueryExpression("cra_attainment") { ColumnSet = new ColumnSet(true) };
        if (expectation != null)
        {
            query.Criteria.AddCondition("cra_expectationid", ConditionOperator.Equal, expectation.Value);
        }

        if (rep != null)
        {
            query.Criteria.AddCondition("cra_repid", ConditionOperator.Equal, rep.Value);
        }

        query.AddOrder("cra_periodstart", OrderType.Ascending);
        return System.RetrieveMultiple(query).Entities.ToList();
    }

    /// <summary>The attainment of an expectation for a rep in the period starting on <paramref name="periodStart"/> (a date), or null.</summary>
    public Entity? Attainment(Guid expectation, Guid rep, DateTime periodStart)
        => Attainments(expectation, rep).SingleOrDefault(a => a.GetAttributeValue<DateTime>("cra_periodstart").Date == periodStart.Date);

    public decimal Actual(Guid expectation, Guid rep, DateTime periodStart)
        => Attainment(expectation, rep, periodStart)?.GetAttributeValue<decimal?>("cra_actual") ?? 0m;

    public int Status(Guid expectation, Guid rep, DateTime periodStart)
        => Attainment(expectation, rep, periodStart)?.GetAttributeValue<OptionSetValue>("cra_status")?.Value ?? -1;

    /// <summary>Sets an environment variable's current value, as an admin does after import.</summary>
    public void SetVariable(string schemaName, string value)
    {
        var query = new QueryExpression("environmentvariabledefinition") { ColumnSet = new ColumnSet("schemaname") };
        query.Criteria.AddCondition("schemaname", ConditionOperator.Equal, schemaName);
        var definition = System.RetrieveMultiple(query).Entities.Single();
        System.Create(new Entity("environmentvariablevalue")
        {
            ["schemaname"] = schemaName,
            ["value"] = value,
            ["environmentvariabledefinitionid"] = definition.ToEntityReference(),
        });
    }

    public IReadOnlyList<Entity> Recognitions(Guid? rep = null)
    {
        var query = new QueryExpression("cra_recognition") { ColumnSet = new ColumnSet(true) };
        if (rep != null)
        {
            query.Criteria.AddCondition("cra_repid", ConditionOperator.Equal, rep.Value);
        }

        return System.RetrieveMultiple(query).Entities.ToList();
    }

    /// <summary>Moves the organisation's clock to <paramref name="utc"/>.</summary>
    public void At(DateTime utc) => Org.Clock.Set(utc);

    /// <summary>
    /// Runs cra_EvaluateAccountability as the scheduled flow does: again and again while a continuation token comes
    /// back. Returns the summed counters and how many calls it took.
    /// </summary>
    public Evaluation Evaluate(Guid? caller = null)
    {
        var total = new Evaluation();
        var token = string.Empty;
        do
        {
            var request = new OrganizationRequest("cra_EvaluateAccountability");
            if (token.Length > 0)
            {
                request["ContinuationToken"] = token;
            }

            var response = (caller is { } user ? As(user) : System).Execute(request);
            total = total.Add(response);
            token = response.Results.TryGetValue("ContinuationToken", out var next) ? next as string ?? string.Empty : string.Empty;
        }
        while (token.Length > 0 && total.Calls < 10_000);

        return total;
    }

    /// <summary>In-app notifications, read as SYSTEM, oldest first.</summary>
    public IReadOnlyList<Entity> Notifications(Guid? recipient = null)
    {
        var query = new QueryExpression("appnotification") { ColumnSet = new ColumnSet("title", "body", "ownerid", "createdon", "icontype") };
        if (recipient != null)
        {
            query.Criteria.AddCondition("ownerid", ConditionOperator.Equal, recipient.Value);
        }

        query.AddOrder("createdon", OrderType.Ascending);
        return System.RetrieveMultiple(query).Entities.ToList();
    }

    /// <summary>Tasks, read as SYSTEM, oldest first; optionally only those whose subject starts with <paramref name="subjectPrefix"/>.</summary>
    public IReadOnlyList<Entity> Tasks(Guid? owner = null, string? subjectPrefix = null)
    {
        var query = new QueryExpression("task") { ColumnSet = new ColumnSet("subject", "description", "ownerid", "regardingobjectid", "createdon", "statecode", "scheduledend") };
        if (owner != null)
        {
            query.Criteria.AddCondition("ownerid", ConditionOperator.Equal, owner.Value);
        }

        if (subjectPrefix != null)
        {
            query.Criteria.AddCondition("subject", ConditionOperator.BeginsWith, subjectPrefix);
        }

        query.AddOrder("createdon", OrderType.Ascending);
        return System.RetrieveMultiple(query).Entities.ToList();
    }
}

/// <summary>What a run of cra_EvaluateAccountability reported, summed over its calls.</summary>
internal sealed record Evaluation(int Calls = 0, int Evaluated = 0, int Closed = 0, int Nudges = 0, int CoachingTasks = 0, int Recognitions = 0)
{
    public Evaluation Add(OrganizationResponse response) => new(
        Calls + 1,
        Evaluated + Count(response, "Evaluated"),
        Closed + Count(response, "Closed"),
        Nudges + Count(response, "Nudges"),
        CoachingTasks + Count(response, "CoachingTasks"),
        Recognitions + Count(response, "Recognitions"));

    private static int Count(OrganizationResponse response, string name) => response.Results.TryGetValue(name, out var value) && value is int count ? count : 0;
}
