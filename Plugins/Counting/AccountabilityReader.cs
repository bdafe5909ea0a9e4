using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Security;
using System.Text;
using CrmAccountability.Plugins.Domain.Counting;
using CrmAccountability.Plugins.Domain.Settings;
using Microsoft.Xrm.Sdk;
using Microsoft.Xrm.Sdk.Query;

namespace CrmAccountability.Plugins.Counting;

/// <summary>
/// What the engine reads besides source rows, as SYSTEM and once per execution: the settings (environment variables,
/// falling back to the organisation), each rep's time zone, teams and active expectations. Lives for one execution,
/// so what it remembers is never shared between users.
/// </summary>
public sealed class AccountabilityReader
{
    private readonly IOrganizationService _system;
    private readonly Action<string> _trace;
    private readonly Dictionary<Guid, TimeZoneInfo> _zones = [];
    private readonly Dictionary<Guid, List<Guid>> _teams = [];
    private readonly Dictionary<Guid, List<ExpectationDefinition>> _expectations = [];
    private readonly Dictionary<Guid, Person> _people = [];
    private AccountabilitySettings? _settings;
    private Entity? _organization;

    public AccountabilityReader(IOrganizationService system, Action<string> trace)
    {
        _system = system;
        _trace = trace;
    }

    public IOrganizationService System => _system;

    public void Trace(string message) => _trace(message);

    public AccountabilitySettings Settings => _settings ??= ReadSettings();

    /// <summary>The rep's time zone (usersettings.timezonecode → timezonedefinition.standardname); UTC, traced, when it cannot be found.</summary>
    public TimeZoneInfo ZoneOf(Guid userId)
    {
        if (_zones.TryGetValue(userId, out var known))
        {
            return known;
        }

        var fetch = "<fetch top='1'><entity name='usersettings'><attribute name='timezonecode' />"
            + "<filter><condition attribute='systemuserid' operator='eq' value='" + userId.ToString("D") + "' /></filter>"
            + "<link-entity name='timezonedefinition' from='timezonecode' to='timezonecode' link-type='outer' alias='zone'><attribute name='standardname' /></link-entity>"
            + "</entity></fetch>";
        var row = _system.RetrieveMultiple(new FetchExpression(fetch)).Entities.FirstOrDefault();
        var name = row?.GetAttributeValue<AliasedValue>("zone.standardname")?.Value as string;
        TimeZoneInfo zone;
        if (string.IsNullOrEmpty(name))
        {
            _trace("User " + userId + " has no time zone setting (usersettings.timezonecode " + (row?.GetAttributeValue<int?>("timezonecode")?.ToString(CultureInfo.InvariantCulture) ?? "empty") + "); their periods are counted in UTC.");
            zone = TimeZoneInfo.Utc;
        }
        else
        {
            try
            {
                zone = TimeZoneInfo.FindSystemTimeZoneById(name);
            }
            catch (TimeZoneNotFoundException)
            {
                _trace("Time zone '" + name + "' of user " + userId + " is not known on this server; their periods are counted in UTC.");
                zone = TimeZoneInfo.Utc;
            }
        }

        _zones[userId] = zone;
        return zone;
    }

    public IReadOnlyList<Guid> TeamsOf(Guid userId)
    {
        if (!_teams.TryGetValue(userId, out var teams))
        {
            var fetch = "<fetch><entity name='teammembership'><attribute name='teamid' /><filter><condition attribute='systemuserid' operator='eq' value='" + userId.ToString("D") + "' /></filter></entity></fetch>";
            teams = _system.RetrieveMultiple(new FetchExpression(fetch)).Entities
                .Select(e => IdOf(e, "teamid"))
                .Where(id => id != Guid.Empty)
                .Distinct()
                .ToList();
            _teams[userId] = teams;
        }

        return teams;
    }

    /// <summary>The active expectations that apply to the user: their own and their teams'.</summary>
    public IReadOnlyList<ExpectationDefinition> ExpectationsFor(Guid userId)
    {
        if (_expectations.TryGetValue(userId, out var found))
        {
            return found;
        }

        var teams = TeamsOf(userId);
        var fetch = new StringBuilder("<fetch><entity name='cra_expectation'>");
        foreach (var column in ExpectationRecords.ColumnArray)
        {
            fetch.Append("<attribute name='").Append(column).Append("' />");
        }

        fetch.Append("<filter type='and'><condition attribute='statecode' operator='eq' value='0' /><filter type='or'>");
        fetch.Append("<condition attribute='cra_repid' operator='eq' value='").Append(userId.ToString("D")).Append("' />");
        if (teams.Count > 0)
        {
            fetch.Append("<condition attribute='cra_teamid' operator='in'>");
            foreach (var team in teams)
            {
                fetch.Append("<value>").Append(team.ToString("D")).Append("</value>");
            }

            fetch.Append("</condition>");
        }

        fetch.Append("</filter></filter><order attribute='cra_expectationid' /></entity></fetch>");
        found = _system.RetrieveMultiple(new FetchExpression(fetch.ToString())).Entities
            .Select(ExpectationRecords.From)
            .Where(e => e != null)
            .Select(e => e!)
            .ToList();
        _expectations[userId] = found;
        return found;
    }

    public ExpectationDefinition? Expectation(Guid id)
    {
        var row = _system.RetrieveMultiple(new FetchExpression(
            "<fetch top='1'><entity name='cra_expectation'>" + string.Concat(ExpectationRecords.ColumnArray.Select(c => "<attribute name='" + c + "' />"))
            + "<filter><condition attribute='cra_expectationid' operator='eq' value='" + id.ToString("D") + "' /></filter></entity></fetch>")).Entities.FirstOrDefault();
        return row == null ? null : ExpectationRecords.From(row);
    }

    /// <summary>The team's members who can work (not disabled).</summary>
    public IReadOnlyList<Guid> ActiveMembers(Guid teamId)
        => MembersOf(teamId).Where(m => !m.IsDisabled).Select(m => m.Id).ToList();

    /// <summary>Every member of the team, disabled ones included, by id.</summary>
    public IReadOnlyList<Person> MembersOf(Guid teamId)
    {
        var fetch = "<fetch><entity name='teammembership'><attribute name='systemuserid' />"
            + "<filter><condition attribute='teamid' operator='eq' value='" + teamId.ToString("D") + "' /></filter>"
            + "<link-entity name='systemuser' from='systemuserid' to='systemuserid' alias='member'><attribute name='isdisabled' /><attribute name='fullname' /><attribute name='parentsystemuserid' /></link-entity>"
            + "</entity></fetch>";
        var members = new SortedDictionary<Guid, Person>();
        foreach (var row in _system.RetrieveMultiple(new FetchExpression(fetch)).Entities)
        {
            var id = IdOf(row, "systemuserid");
            if (id != Guid.Empty && !members.ContainsKey(id))
            {
                var person = new Person(
                    id,
                    row.GetAttributeValue<AliasedValue>("member.fullname")?.Value as string ?? "a team member",
                    row.GetAttributeValue<AliasedValue>("member.isdisabled")?.Value is true,
                    (row.GetAttributeValue<AliasedValue>("member.parentsystemuserid")?.Value as EntityReference)?.Id);
                members[id] = person;
                _people[id] = person;
            }
        }

        return members.Values.ToList();
    }

    /// <summary>The reps an expectation covers now: its rep unless their user is disabled, or its team's active members.</summary>
    public IReadOnlyList<Guid> RepsOf(ExpectationDefinition expectation)
        => expectation.RepId is { } rep ? (PersonOf(rep).IsDisabled ? [] : [rep]) : expectation.TeamId is { } team ? ActiveMembers(team) : [];

    /// <summary>The user's full name, for messages; "a rep" when it cannot be read.</summary>
    public string NameOf(Guid userId) => PersonOf(userId).Name;

    public Guid? ManagerOf(Guid userId) => PersonOf(userId).ManagerId;

    /// <summary>A user's name, whether they are disabled, and their manager; read once per execution.</summary>
    public Person PersonOf(Guid userId)
    {
        if (!_people.TryGetValue(userId, out var person))
        {
            var row = _system.RetrieveMultiple(new FetchExpression("<fetch top='1'><entity name='systemuser'><attribute name='fullname' /><attribute name='isdisabled' /><attribute name='parentsystemuserid' /><filter><condition attribute='systemuserid' operator='eq' value='" + userId.ToString("D") + "' /></filter></entity></fetch>"))
                .Entities.FirstOrDefault();
            person = new Person(userId, row?.GetAttributeValue<string>("fullname") ?? "a rep", row?.GetAttributeValue<bool>("isdisabled") ?? false, row?.GetAttributeValue<EntityReference>("parentsystemuserid")?.Id);
            _people[userId] = person;
        }

        return person;
    }

    public string TeamName(Guid teamId)
        => _system.RetrieveMultiple(new FetchExpression("<fetch top='1'><entity name='team'><attribute name='name' /><filter><condition attribute='teamid' operator='eq' value='" + teamId.ToString("D") + "' /></filter></entity></fetch>"))
            .Entities.FirstOrDefault()?.GetAttributeValue<string>("name") ?? "the team";

    /// <summary>teammembership's ids are plain uniqueidentifiers in Dataverse; some hosts hand them back as references.</summary>
    private static Guid IdOf(Entity row, string column) => row.Contains(column)
        ? row[column] switch
        {
            Guid id => id,
            EntityReference reference => reference.Id,
            _ => Guid.Empty,
        }
        : Guid.Empty;

    private AccountabilitySettings ReadSettings()
    {
        var fetch = new StringBuilder("<fetch><entity name='environmentvariabledefinition'><attribute name='schemaname' /><attribute name='defaultvalue' />");
        fetch.Append("<filter><condition attribute='schemaname' operator='in'>");
        foreach (var name in AccountabilitySettings.Names)
        {
            fetch.Append("<value>").Append(SecurityElement.Escape(name)).Append("</value>");
        }

        fetch.Append("</condition></filter>");
        fetch.Append("<link-entity name='environmentvariablevalue' from='environmentvariabledefinitionid' to='environmentvariabledefinitionid' link-type='outer' alias='current'><attribute name='value' /></link-entity>");
        fetch.Append("</entity></fetch>");
        var values = new Dictionary<string, string?>(StringComparer.Ordinal);
        foreach (var row in _system.RetrieveMultiple(new FetchExpression(fetch.ToString())).Entities)
        {
            var name = row.GetAttributeValue<string>("schemaname");
            if (name != null)
            {
                var current = row.GetAttributeValue<AliasedValue>("current.value")?.Value as string;
                values[name] = string.IsNullOrWhiteSpace(current) ? row.GetAttributeValue<string>("defaultvalue") : current;
            }
        }

        var settings = AccountabilitySettings.From(values, () => Organization().GetAttributeValue<int?>("weekstartdaycode") ?? 1, OrganizationFiscalStartMonth);
        foreach (var problem in settings.Problems)
        {
            _trace("Setting ignored: " + problem);
        }

        return settings;
    }

    private int OrganizationFiscalStartMonth()
    {
        // fiscalcalendarstart is a date stored as an instant; half a day either way keeps its month whatever the zone.
        var start = Organization().GetAttributeValue<DateTime?>("fiscalcalendarstart");
        return start == null ? 1 : start.Value.AddHours(12).Month;
    }

    private Entity Organization()
        => _organization ??= _system.RetrieveMultiple(new FetchExpression("<fetch top='1'><entity name='organization'><attribute name='weekstartdaycode' /><attribute name='fiscalcalendarstart' /></entity></fetch>")).Entities.FirstOrDefault()
            ?? new Entity("organization");
}

/// <summary>A user as the ladder and the coverage note need them.</summary>
public sealed class Person
{
    public Person(Guid id, string name, bool isDisabled, Guid? managerId)
    {
        Id = id;
        Name = name;
        IsDisabled = isDisabled;
        ManagerId = managerId;
    }

    public Guid Id { get; }

    public string Name { get; }

    public bool IsDisabled { get; }

    public Guid? ManagerId { get; }
}
