using System;
using System.Collections.Generic;
using System.Linq;
using Bogus;
using CrmAccountability.Emulator;
using CrmAccountability.Simulation.Scenario;
using Microsoft.Xrm.Sdk;
using Microsoft.Xrm.Sdk.Query;

namespace CrmAccountability.Simulation.Engine;

/// <summary>How often the scheduled flow runs cra_EvaluateAccountability.</summary>
public enum EvaluationCadence
{
    /// <summary>At the top of every hour, as the solution's flow does.</summary>
    Hourly,

    /// <summary>Once a day at <see cref="SimulationOptions.DailyEvaluationHourUtc"/>.</summary>
    Daily,
}

public sealed class SimulationOptions
{
    /// <summary>Seeds record ids (and nothing else: the scenario's own randomness is planned before it runs).</summary>
    public int Seed { get; init; } = 1;

    public EvaluationCadence Cadence { get; init; } = EvaluationCadence.Hourly;

    public int DailyEvaluationHourUtc { get; init; } = 16;

    /// <summary>Told the share of simulated time done, after each simulated hour.</summary>
    public Action<double>? Progress { get; init; }
}

/// <summary>
/// Plays a <see cref="SalesScenario"/> on a fresh emulator with the packed managed solution loaded: the admin creates
/// the users, teams, territories and settings; managers set their expectations through their own services; then hour
/// by hour the scheduled flow evaluates (as the admin who turned it on) and everyone does what the script says, in
/// time order, through their own service and security roles. Nothing is registered by hand.
/// </summary>
public sealed class Simulator
{
    private readonly SalesScenario _scenario;
    private readonly SimulationOptions _options;
    private readonly DataverseEmulator _org;
    private readonly Dictionary<string, Guid> _people = new(StringComparer.Ordinal);
    private readonly Dictionary<string, Guid> _teams = new(StringComparer.Ordinal);
    private readonly Dictionary<string, Guid> _accounts = new(StringComparer.Ordinal);
    private readonly Dictionary<string, Guid> _opportunities = new(StringComparer.Ordinal);
    private readonly Dictionary<string, Guid> _expectations = new(StringComparer.Ordinal);
    private readonly EventLog _log = new();
    private string _adminKey = string.Empty;
    private int _evaluations;
    private int _evaluateCalls;

    private Simulator(string solutionZip, SalesScenario scenario, SimulationOptions options)
    {
        _scenario = scenario;
        _options = options;
        _org = new DataverseEmulator(new EmulatorOptions { StartUtc = scenario.StartUtc, IdSeed = options.Seed });
        _org.LoadSolution(solutionZip);
    }

    /// <summary>Runs the whole scenario and returns the organisation as it ends, with what happened on the way.</summary>
    public static SimulationRun Run(string solutionZip, SalesScenario scenario, SimulationOptions? options = null)
    {
        var simulator = new Simulator(solutionZip, scenario, options ?? new SimulationOptions());
        simulator.SetUp();
        simulator.Play();
        return new SimulationRun(simulator._org, scenario, simulator._people, simulator._teams, simulator._expectations, simulator._opportunities, simulator._log, simulator._evaluations, simulator._evaluateCalls, simulator._adminKey);
    }

    private IOrganizationService As(string key) => _org.GetService(Person(key));

    private Guid Person(string key) => _people.TryGetValue(key, out var id) ? id : throw new SimulationException("The script names '" + key + "', who is not in the cast.");

    private DateTime Now => _org.Clock.UtcNow;

    private void SetUp()
    {
        var admin = _scenario.Cast.FirstOrDefault(c => c.Roles.Count == 0)
            ?? throw new SimulationException("The cast needs an administrator (a member without roles) to set the organisation up and own the scheduled flow.");
        _adminKey = admin.Key;
        foreach (var member in InManagementOrder(_scenario.Cast))
        {
            _people[member.Key] = _org.CreateUser(
                member.FullName,
                member.TimeZone,
                member.ManagerKey == null ? null : Person(member.ManagerKey),
                roles: member.Roles.Count == 0 ? null : member.Roles);
            _log.Add(Now, _people[admin.Key], "create", "systemuser", _people[member.Key], [new("fullname", member.FullName), new("timezone", member.TimeZone), new("roles", string.Join(";", member.Roles))]);
        }

        var adminService = As(admin.Key);
        foreach (var (name, value) in _scenario.Settings.OrderBy(s => s.Key, StringComparer.Ordinal))
        {
            var definition = adminService.RetrieveMultiple(new QueryExpression("environmentvariabledefinition") { ColumnSet = new ColumnSet("schemaname"), Criteria = { Conditions = { new ConditionExpression("schemaname", ConditionOperator.Equal, name) } } }).Entities.FirstOrDefault()
                ?? throw new SimulationException("The solution has no environment variable '" + name + "'.");
            var row = new Entity("environmentvariablevalue") { ["schemaname"] = name, ["value"] = value, ["environmentvariabledefinitionid"] = definition.ToEntityReference() };
            Record(admin.Key, "create", adminService.Create(row), row);
        }

        foreach (var team in _scenario.Teams)
        {
            _teams[team.Key] = _org.CreateTeam(team.Name, null, team.Members.Select(Person).ToArray());
            _log.Add(Now, _people[admin.Key], "create", "team", _teams[team.Key], [new("name", team.Name), new("members", team.Members.Select(Person).ToArray())]);
        }

        CreateTerritories(adminService, admin.Key);
        foreach (var plan in _scenario.Expectations)
        {
            var expectation = ExpectationRow(plan);
            _expectations[plan.Key] = As(plan.SetByKey).Create(expectation);
            Record(plan.SetByKey, "create", _expectations[plan.Key], expectation);
        }
    }

    /// <summary>Accounts each rep owns, named by a seeded Faker: the customers first meetings are with.</summary>
    private void CreateTerritories(IOrganizationService admin, string adminKey)
    {
        var faker = new Faker("en") { Random = new Randomizer(_options.Seed) };
        foreach (var rep in _scenario.Cast.Where(c => c.IsRep))
        {
            for (var i = 0; i < _scenario.AccountsPerRep; i++)
            {
                var account = new Entity("account") { ["name"] = faker.Company.CompanyName(), ["ownerid"] = new EntityReference("systemuser", Person(rep.Key)) };
                _accounts[AccountKey(rep.Key, i)] = admin.Create(account);
                Record(adminKey, "create", _accounts[AccountKey(rep.Key, i)], account);
            }
        }
    }

    public static string AccountKey(string repKey, int index) => repKey + "/account/" + index;

    private void Play()
    {
        var actions = _scenario.Actions.Select((a, i) => (Action: a, Order: i)).OrderBy(a => a.Action.At).ThenBy(a => a.Order).Select(a => a.Action).ToList();
        var next = 0;
        var start = new DateTime(_scenario.StartUtc.Ticks - (_scenario.StartUtc.Ticks % TimeSpan.TicksPerHour), DateTimeKind.Utc);
        var end = _scenario.EndUtc;
        for (var hour = start; hour < end; hour = hour.AddHours(1))
        {
            _org.Clock.Set(hour);
            if (_options.Cadence == EvaluationCadence.Hourly || hour.Hour == _options.DailyEvaluationHourUtc)
            {
                Evaluate();
            }

            while (next < actions.Count && actions[next].At < hour.AddHours(1))
            {
                var action = actions[next++];
                _org.Clock.Set(action.At < hour ? hour : action.At);
                Do(action);
            }

            _options.Progress?.Invoke((hour.AddHours(1) - start).TotalHours / (end - start).TotalHours);
        }

        // The flow's run at the end: every period that has ended by then is closed, whatever the cadence.
        _org.Clock.Set(end);
        Evaluate();
    }

    private void Evaluate()
    {
        var admin = As(_adminKey);
        var token = string.Empty;
        var calls = 0;
        var created = 0;
        do
        {
            var request = new OrganizationRequest("cra_EvaluateAccountability");
            if (token.Length > 0)
            {
                request["ContinuationToken"] = token;
            }

            var response = admin.Execute(request);
            calls++;
            created += Count(response, "Nudges") + Count(response, "CoachingTasks") + Count(response, "Recognitions") + Count(response, "Closed");
            token = response.Results.TryGetValue("ContinuationToken", out var value) ? value as string ?? string.Empty : string.Empty;
        }
        while (token.Length > 0 && calls < 10_000);

        _evaluations++;
        _evaluateCalls += calls;
        _log.Add(Now, Person(_adminKey), "evaluate", "cra_EvaluateAccountability", Guid.Empty, [new("calls", calls), new("sent", created)]);
    }

    private static int Count(OrganizationResponse response, string name) => response.Results.TryGetValue(name, out var value) && value is int count ? count : 0;

    private void Do(PlannedAction action)
    {
        try
        {
            switch (action)
            {
                case LogActivity a:
                    LogActivity(a);
                    break;
                case OpenOpportunity o:
                    var opportunity = new Entity("opportunity")
                    {
                        ["name"] = o.Name,
                        ["estimatedvalue"] = new Money(o.EstimatedValue),
                        ["estimatedclosedate"] = o.EstimatedCloseDate.ToDateTime(TimeOnly.MinValue, DateTimeKind.Utc),
                        ["ownerid"] = new EntityReference("systemuser", Person(o.ActorKey)),
                    };
                    if (o.AccountKey != null)
                    {
                        opportunity["parentaccountid"] = new EntityReference("account", Account(o.AccountKey));
                    }

                    if (o.CreatedOn is { } createdOn)
                    {
                        opportunity["overriddencreatedon"] = createdOn;
                    }

                    _opportunities[o.Key] = As(o.ActorKey).Create(opportunity);
                    Record(o.ActorKey, "create", _opportunities[o.Key], opportunity);
                    break;
                case WinDeal w:
                    var won = new Entity("opportunityclose") { ["opportunityid"] = new EntityReference("opportunity", Opportunity(w.Key)), ["subject"] = "Won", ["actualrevenue"] = new Money(w.Revenue), ["actualend"] = w.At };
                    As(w.ActorKey).Execute(new OrganizationRequest("WinOpportunity") { ["OpportunityClose"] = won, ["Status"] = new OptionSetValue(3) });
                    Record(w.ActorKey, "win", Opportunity(w.Key), won, "opportunity");
                    break;
                case LoseDeal l:
                    var lost = new Entity("opportunityclose") { ["opportunityid"] = new EntityReference("opportunity", Opportunity(l.Key)), ["subject"] = l.Canceled ? "Canceled" : "Lost" };
                    As(l.ActorKey).Execute(new OrganizationRequest("LoseOpportunity") { ["OpportunityClose"] = lost, ["Status"] = new OptionSetValue(l.Canceled ? 4 : 5) });
                    Record(l.ActorKey, l.Canceled ? "cancel" : "lose", Opportunity(l.Key), lost, "opportunity");
                    break;
                case ReassignDeal r:
                    var moved = new Entity("opportunity", Opportunity(r.Key)) { ["ownerid"] = new EntityReference("systemuser", Person(r.ToKey)) };
                    As(r.ActorKey).Update(moved);
                    Record(r.ActorKey, "reassign", moved.Id, moved);
                    break;
                case HoldReview h:
                    HoldReview(h);
                    break;
                case CompleteCoaching c:
                    CompleteCoaching(c);
                    break;
                case JoinTeam j:
                    var join = new OrganizationRequest("AddMembersTeam") { ["TeamId"] = Team(j.TeamKey), ["MemberIds"] = new[] { Person(j.MemberKey) } };
                    As(j.ActorKey).Execute(join);
                    _log.Add(Now, Person(j.ActorKey), "join", "team", Team(j.TeamKey), [new("member", Person(j.MemberKey))]);
                    break;
                default:
                    throw new SimulationException("The simulator cannot play " + action.GetType().Name + ".");
            }
        }
        catch (System.ServiceModel.FaultException<OrganizationServiceFault> fault)
        {
            throw new SimulationException("The script's " + action + " was refused by Dataverse: " + fault.Detail.Message, fault);
        }
    }

    private void LogActivity(LogActivity a)
    {
        var service = As(a.ActorKey);
        var activity = new Entity(a.Table) { ["subject"] = a.Subject, ["ownerid"] = new EntityReference("systemuser", Person(a.ActorKey)) };
        if (a.Purpose is { } purpose)
        {
            activity["cra_purpose"] = new OptionSetValue(purpose);
        }

        if (a.Table is "phonecall" or "email")
        {
            activity["directioncode"] = a.Outgoing;
        }

        if (a.Minutes is { } minutes)
        {
            if (a.Table == "appointment")
            {
                activity["scheduledstart"] = a.At.AddMinutes(-minutes);
                activity["scheduledend"] = a.At;
            }
            else
            {
                activity["actualdurationminutes"] = minutes;
            }
        }

        if (a.OpportunityKey != null)
        {
            activity["regardingobjectid"] = new EntityReference("opportunity", Opportunity(a.OpportunityKey));
        }
        else if (a.AccountKey != null)
        {
            activity["regardingobjectid"] = new EntityReference("account", Account(a.AccountKey));
        }

        var id = service.Create(activity);
        var complete = new Entity(a.Table, id) { ["statecode"] = new OptionSetValue(1), ["actualend"] = a.At };
        service.Update(complete);
        foreach (var (column, value) in complete.Attributes)
        {
            activity[column] = value;
        }

        Record(a.ActorKey, "log", id, activity);
    }

    private void HoldReview(HoldReview h)
    {
        var service = As(h.ActorKey);
        var review = new Entity("cra_review")
        {
            ["subject"] = h.RepKey == null ? "Weekly pipeline review" : "Pipeline review with " + _scenario.Cast.First(c => c.Key == h.RepKey).FullName,
            ["cra_reviewtype"] = new OptionSetValue(h.RepKey == null ? ChoiceValues.WeeklyPipelineReview : ChoiceValues.OneToOne),
            ["scheduledstart"] = h.At.AddMinutes(-45),
            ["scheduledend"] = h.At,
        };
        if (h.RepKey != null)
        {
            review["cra_repid"] = new EntityReference("systemuser", Person(h.RepKey));
        }

        var id = service.Create(review);
        var close = new Entity("cra_review", id) { ["statecode"] = new OptionSetValue(h.Held ? 1 : 2) };
        if (h.Held)
        {
            close["actualend"] = h.At;
        }

        service.Update(close);
        foreach (var (column, value) in close.Attributes)
        {
            review[column] = value;
        }

        Record(h.ActorKey, h.Held ? "hold review" : "cancel review", id, review);
    }

    private void CompleteCoaching(CompleteCoaching c)
    {
        var service = As(c.ActorKey);
        var query = new QueryExpression("task") { ColumnSet = new ColumnSet("subject") };
        query.Criteria.AddCondition("ownerid", ConditionOperator.Equal, Person(c.ActorKey));
        query.Criteria.AddCondition("statecode", ConditionOperator.Equal, 0);
        var prompts = new FilterExpression(LogicalOperator.Or);
        prompts.AddCondition("subject", ConditionOperator.BeginsWith, "Coaching conversation with");
        prompts.AddCondition("subject", ConditionOperator.BeginsWith, "Slump check-in with");
        query.Criteria.AddFilter(prompts);
        query.AddOrder("createdon", OrderType.Ascending);
        foreach (var task in service.RetrieveMultiple(query).Entities)
        {
            var done = new Entity("task", task.Id) { ["statecode"] = new OptionSetValue(1), ["actualend"] = c.At };
            service.Update(done);
            Record(c.ActorKey, "complete", task.Id, done);
        }
    }

    private void Record(string actorKey, string action, Guid id, Entity entity, string? table = null)
        => _log.Add(Now, Person(actorKey), action, table ?? entity.LogicalName, id, entity.Attributes);

    private Guid Account(string key) => _accounts.TryGetValue(key, out var id) ? id : throw new SimulationException("The script names account '" + key + "', which does not exist.");

    private Guid Opportunity(string key) => _opportunities.TryGetValue(key, out var id) ? id : throw new SimulationException("The script names opportunity '" + key + "' before it was opened.");

    private Guid Team(string key) => _teams.TryGetValue(key, out var id) ? id : throw new SimulationException("The script names team '" + key + "', which is not in the scenario.");

    private static IEnumerable<CastMember> InManagementOrder(IReadOnlyList<CastMember> cast)
    {
        var placed = new HashSet<string>(StringComparer.Ordinal);
        var remaining = cast.ToList();
        while (remaining.Count > 0)
        {
            var ready = remaining.Where(m => m.ManagerKey == null || placed.Contains(m.ManagerKey)).ToList();
            if (ready.Count == 0)
            {
                throw new SimulationException("The cast's managers form a loop or name someone missing: " + string.Join(", ", remaining.Select(m => m.Key + " → " + m.ManagerKey)) + ".");
            }

            foreach (var member in ready)
            {
                placed.Add(member.Key);
                remaining.Remove(member);
                yield return member;
            }
        }
    }

    private Entity ExpectationRow(ExpectationPlan plan)
    {
        var row = new Entity("cra_expectation")
        {
            ["cra_name"] = plan.Name,
            ["cra_metric"] = new OptionSetValue(plan.Metric),
            ["cra_period"] = new OptionSetValue(plan.Period),
            ["cra_target"] = plan.Target,
        };
        if (plan.StretchTarget is { } stretch)
        {
            row["cra_stretchtarget"] = stretch;
        }

        if (plan.RepKey != null)
        {
            row["cra_repid"] = new EntityReference("systemuser", Person(plan.RepKey));
        }
        else if (plan.TeamKey != null)
        {
            row["cra_teamid"] = new EntityReference("team", Team(plan.TeamKey));
        }

        if (plan.ActivityTypes.Count > 0)
        {
            row["cra_activitytypes"] = new OptionSetValueCollection(plan.ActivityTypes.Select(t => new OptionSetValue(t)).ToList());
        }

        if (plan.Purposes.Count > 0)
        {
            row["cra_purposes"] = new OptionSetValueCollection(plan.Purposes.Select(p => new OptionSetValue(p)).ToList());
        }

        row["cra_outgoingonly"] = plan.OutgoingOnly;
        row["cra_firstmeetingsonly"] = plan.FirstMeetingsOnly;
        if (plan.MinimumAmount is { } minimum)
        {
            row["cra_minimumamount"] = new Money(minimum);
        }

        SetDate(row, "cra_startson", plan.StartsOn);
        SetDate(row, "cra_endson", plan.EndsOn);
        SetDate(row, "cra_customstart", plan.CustomStart);
        SetDate(row, "cra_customend", plan.CustomEnd);
        if (plan.Guidance != null)
        {
            row["cra_guidance"] = plan.Guidance;
        }

        return row;
    }

    private static void SetDate(Entity row, string column, DateOnly? date)
    {
        if (date is { } value)
        {
            row[column] = value.ToDateTime(TimeOnly.MinValue, DateTimeKind.Utc);
        }
    }
}

/// <summary>The script asked for something that cannot be done; the message says what.</summary>
public sealed class SimulationException : Exception
{
    public SimulationException()
    {
    }

    public SimulationException(string message)
        : base(message)
    {
    }

    public SimulationException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
