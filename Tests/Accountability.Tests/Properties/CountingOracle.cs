using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using Microsoft.Xrm.Sdk;
using Microsoft.Xrm.Sdk.Query;

namespace CrmAccountability.Accountability.Tests.Properties;

/// <summary>
/// An independent reading of DESIGN §3–§4, written for the tests only (it shares no code with the plug-ins): from the
/// organisation's rows, what every attainment's actual, contribution count and last contribution must be, which
/// appointments are first meetings, and each open opportunity's last activity. Week start Monday, fiscal year from
/// January, the defaults the property tests run with.
/// </summary>
internal sealed class CountingOracle
{
    private static readonly string[] ActivityTables = ["phonecall", "appointment", "email", "task"];
    private static readonly Dictionary<int, string> TypeTables = new() { [472100000] = "phonecall", [472100001] = "appointment", [472100002] = "email", [472100003] = "task" };

    private readonly IOrganizationService _system;
    private readonly Dictionary<Guid, TimeZoneInfo> _zones = [];

    public CountingOracle(IOrganizationService system)
    {
        _system = system;
    }

    /// <summary>Every disagreement between the stored state and this oracle, in words; empty when they agree.</summary>
    public List<string> Disagreements()
    {
        var problems = new List<string>();
        var rows = ActivityTables.Concat(["opportunity", "cra_review"]).SelectMany(t => _system.RetrieveMultiple(new QueryExpression(t) { ColumnSet = new ColumnSet(true) }).Entities).ToList();
        var expectations = _system.RetrieveMultiple(new QueryExpression("cra_expectation") { ColumnSet = new ColumnSet(true) }).Entities.ToList();
        var memberships = _system.RetrieveMultiple(new QueryExpression("teammembership") { ColumnSet = new ColumnSet(true) }).Entities
            .Select(m => (Team: Id(m["teamid"]), User: Id(m["systemuserid"]))).ToList();
        var attainments = _system.RetrieveMultiple(new QueryExpression("cra_attainment") { ColumnSet = new ColumnSet(true) }).Entities.ToList();

        // First meetings: the earliest completed appointment (by actual end, then creation) per regarding record.
        var appointments = rows.Where(r => r.LogicalName == "appointment").ToList();
        var firsts = appointments
            .Where(a => State(a) == 1 && a.GetAttributeValue<DateTime?>("actualend") != null && a.GetAttributeValue<EntityReference>("regardingobjectid") != null)
            .GroupBy(a => a.GetAttributeValue<EntityReference>("regardingobjectid").Id)
            .Select(g => g.OrderBy(a => a.GetAttributeValue<DateTime>("actualend")).ThenBy(a => a.GetAttributeValue<DateTime>("createdon")).First().Id)
            .ToHashSet();
        foreach (var appointment in appointments)
        {
            var stored = appointment.GetAttributeValue<bool?>("cra_isfirstmeeting") ?? false;
            if (stored != firsts.Contains(appointment.Id))
            {
                problems.Add("appointment " + appointment.Id + ": cra_isfirstmeeting is " + stored + ", expected " + firsts.Contains(appointment.Id));
            }
        }

        // Last activity on open opportunities.
        foreach (var opportunity in rows.Where(r => r.LogicalName == "opportunity" && State(r) == 0))
        {
            var latest = rows.Where(r => ActivityTables.Contains(r.LogicalName) && State(r) == 1 && r.GetAttributeValue<EntityReference>("regardingobjectid")?.Id == opportunity.Id)
                .Select(r => r.GetAttributeValue<DateTime?>("actualend")).Max();
            var stored = opportunity.GetAttributeValue<DateTime?>("cra_lastactivityon");
            if (stored != latest)
            {
                problems.Add("opportunity " + opportunity.Id + ": cra_lastactivityon is " + Show(stored) + ", expected " + Show(latest));
            }
        }

        var counted = new HashSet<(Guid, Guid, DateTime)>();
        foreach (var expectation in expectations.Where(e => State(e) == 0))
        {
            var reps = expectation.GetAttributeValue<EntityReference>("cra_repid") is { } rep
                ? [rep.Id]
                : memberships.Where(m => m.Team == expectation.GetAttributeValue<EntityReference>("cra_teamid")?.Id).Select(m => m.User).ToList();
            foreach (var repId in reps)
            {
                foreach (var row in rows)
                {
                    if (Counts(expectation, repId, row, firsts) is { } day && Period(expectation, day) is { } period)
                    {
                        counted.Add((expectation.Id, repId, period.Start));
                    }
                }
            }
        }

        foreach (var attainment in attainments)
        {
            var expectation = expectations.Single(e => e.Id == attainment.GetAttributeValue<EntityReference>("cra_expectationid").Id);
            var repId = attainment.GetAttributeValue<EntityReference>("cra_repid").Id;
            var start = attainment.GetAttributeValue<DateTime>("cra_periodstart").Date;
            var end = attainment.GetAttributeValue<DateTime>("cra_periodend").Date;
            var period = Period(expectation, start);
            if (period == null || period.Value.Start != start || period.Value.End != end || period.Value.Label != attainment.GetAttributeValue<string>("cra_periodlabel"))
            {
                problems.Add("attainment " + attainment.Id + ": stored period " + start.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) + ".." + end.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) + " '" + attainment.GetAttributeValue<string>("cra_periodlabel") + "', expected " + (period == null ? "none" : period.Value.Start.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) + ".." + period.Value.End.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) + " '" + period.Value.Label + "'"));
                continue;
            }

            if (State(expectation) != 0)
            {
                continue;
            }

            var contributions = rows
                .Select(r => (Row: r, Day: Counts(expectation, repId, r, firsts)))
                .Where(x => x.Day is { } day && day >= start && day <= end)
                .ToList();
            var metric = expectation.GetAttributeValue<OptionSetValue>("cra_metric").Value;
            var actual = contributions.Sum(x => Value(metric, x.Row));
            var last = contributions.Select(x => Date(metric, x.Row)).Max();
            Compare(problems, attainment, "cra_actual", Math.Round(actual, 2), attainment.GetAttributeValue<decimal?>("cra_actual") ?? 0m);
            Compare(problems, attainment, "cra_contributioncount", contributions.Count, attainment.GetAttributeValue<int?>("cra_contributioncount") ?? 0);
            Compare(problems, attainment, "cra_lastcontributionon", last, attainment.GetAttributeValue<DateTime?>("cra_lastcontributionon"));
            if (attainment.GetAttributeValue<DateTime?>("cra_recalculatedon") is { } asOf)
            {
                var (status, expected) = StatusAsOf(attainment, actual, Local(asOf, repId)!.Value, TimeZoneInfo.ConvertTimeFromUtc(DateTime.SpecifyKind(asOf, DateTimeKind.Utc), _zones[repId]), start, end);
                Compare(problems, attainment, "cra_status", status, attainment.GetAttributeValue<OptionSetValue>("cra_status")?.Value ?? -1);
                Compare(problems, attainment, "cra_expectedtodate", expected, attainment.GetAttributeValue<decimal?>("cra_expectedtodate") ?? 0m);
            }
            counted.Remove((expectation.Id, repId, start));
        }

        foreach (var (expectation, rep, start) in counted)
        {
            problems.Add("no attainment for expectation " + expectation + ", rep " + rep + ", period starting " + start.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) + ", though rows count there");
        }

        return problems;
    }

    /// <summary>The local day a row counts on for this expectation and rep, or null when it does not count.</summary>
    private DateTime? Counts(Entity expectation, Guid repId, Entity row, HashSet<Guid> firsts)
    {
        var owner = row.GetAttributeValue<EntityReference>("ownerid");
        if (owner?.LogicalName != "systemuser" || owner.Id != repId)
        {
            return null;
        }

        var metric = expectation.GetAttributeValue<OptionSetValue>("cra_metric").Value;
        var state = State(row);
        DateTime? day;
        switch (metric)
        {
            case 472100000 or 472100001:
                var types = expectation.GetAttributeValue<OptionSetValueCollection>("cra_activitytypes")?.Select(o => TypeTables[o.Value]).ToList() ?? [.. ActivityTables];
                var firstOnly = expectation.GetAttributeValue<bool?>("cra_firstmeetingsonly") == true;
                if (!ActivityTables.Contains(row.LogicalName) || (types.Count > 0 && !types.Contains(row.LogicalName)) || state != 1)
                {
                    return null;
                }

                var purposes = expectation.GetAttributeValue<OptionSetValueCollection>("cra_purposes")?.Select(o => o.Value).ToList() ?? [];
                if (purposes.Count > 0 && (row.GetAttributeValue<OptionSetValue>("cra_purpose") is not { } purpose || !purposes.Contains(purpose.Value)))
                {
                    return null;
                }

                if (expectation.GetAttributeValue<bool?>("cra_outgoingonly") == true && row.LogicalName is "phonecall" or "email" && row.GetAttributeValue<bool?>("directioncode") != true)
                {
                    return null;
                }

                if (firstOnly && (row.LogicalName != "appointment" || !firsts.Contains(row.Id)))
                {
                    return null;
                }

                day = Local(row.GetAttributeValue<DateTime?>("actualend"), repId);
                break;
            case 472100002 or 472100003:
                if (row.LogicalName != "opportunity" || (state == 2 && row.GetAttributeValue<OptionSetValue>("statuscode")?.Value == 4) || !AboveMinimum(expectation, row.GetAttributeValue<Money>("estimatedvalue_base")))
                {
                    return null;
                }

                day = Local(row.GetAttributeValue<DateTime?>("createdon"), repId);
                break;
            case 472100004 or 472100005:
                if (row.LogicalName != "opportunity" || state != 1 || !AboveMinimum(expectation, row.GetAttributeValue<Money>("actualvalue_base")))
                {
                    return null;
                }

                day = row.GetAttributeValue<DateTime?>("actualclosedate")?.Date;
                break;
            default:
                if (row.LogicalName != "cra_review" || state != 1)
                {
                    return null;
                }

                day = Local(row.GetAttributeValue<DateTime?>("actualend"), repId);
                break;
        }

        return day != null && Period(expectation, day.Value) != null ? day : null;
    }

    /// <summary>DESIGN §4 "Pace" with the default settings (Monday–Friday, 09:00–17:00, ratios 0.9, 0.6 and 1.2), as of a local moment.</summary>
    private static (int Status, decimal Expected) StatusAsOf(Entity attainment, decimal actual, DateTime localDay, DateTime localNow, DateTime start, DateTime end)
    {
        var target = attainment.GetAttributeValue<decimal>("cra_target");
        var stretch = attainment.GetAttributeValue<decimal?>("cra_stretchtarget") ?? Math.Round(target * 1.2m, 2);
        static bool Working(DateTime d) => d.DayOfWeek is not (DayOfWeek.Saturday or DayOfWeek.Sunday);
        var total = 0m;
        var elapsed = 0m;
        for (var d = start; d <= end; d = d.AddDays(1))
        {
            if (!Working(d))
            {
                continue;
            }

            total += 8m;
            if (d < localDay)
            {
                elapsed += 8m;
            }
            else if (d == localDay)
            {
                elapsed += Math.Clamp((decimal)(localNow.TimeOfDay.TotalHours - 9), 0m, 8m);
            }
        }

        var closed = localDay > end;
        var share = total == 0 ? (closed ? 1m : 0m) : Math.Min(1m, elapsed / total);
        var expected = Math.Round(target * share, 2, MidpointRounding.AwayFromZero);
        actual = Math.Round(actual, 2);
        int status = actual >= stretch && actual >= target ? 472100005
            : actual >= target ? 472100004
            : closed ? 472100006
            : actual == 0 && share < 0.1m ? 472100000
            : actual >= expected * 0.9m ? 472100001
            : actual >= expected * 0.6m ? 472100002
            : 472100003;
        return (status, expected);
    }

    private static bool AboveMinimum(Entity expectation, Money? amount)
        => expectation.GetAttributeValue<Money>("cra_minimumamount_base") is not { } minimum || (amount != null && amount.Value >= minimum.Value);

    private static decimal Value(int metric, Entity row) => metric switch
    {
        472100001 => row.GetAttributeValue<int?>("actualdurationminutes") ?? (row.LogicalName == "appointment" ? row.GetAttributeValue<int?>("scheduleddurationminutes") : null) ?? 0,
        472100003 => row.GetAttributeValue<Money>("estimatedvalue_base")?.Value ?? 0m,
        472100005 => row.GetAttributeValue<Money>("actualvalue_base")?.Value ?? 0m,
        _ => 1m,
    };

    private static DateTime? Date(int metric, Entity row) => metric switch
    {
        472100002 or 472100003 => row.GetAttributeValue<DateTime?>("createdon"),
        472100004 or 472100005 => row.GetAttributeValue<DateTime?>("actualclosedate"),
        _ => row.GetAttributeValue<DateTime?>("actualend"),
    };

    /// <summary>The expectation's period containing a local day: (start, end, label), or null outside its range.</summary>
    private static (DateTime Start, DateTime End, string Label)? Period(Entity expectation, DateTime day)
    {
        var kind = expectation.GetAttributeValue<OptionSetValue>("cra_period").Value;
        (DateTime Start, DateTime End, string Label) period;
        switch (kind)
        {
            case 472100000:
                period = (day, day, day.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture));
                break;
            case 472100001:
                var monday = day.AddDays(-(((int)day.DayOfWeek + 6) % 7));
                period = (monday, monday.AddDays(6), ISOWeek.GetYear(monday).ToString(CultureInfo.InvariantCulture) + "-W" + ISOWeek.GetWeekOfYear(monday).ToString("00", CultureInfo.InvariantCulture));
                break;
            case 472100002:
                var first = new DateTime(day.Year, day.Month, 1);
                period = (first, first.AddMonths(1).AddDays(-1), first.ToString("yyyy-MM", CultureInfo.InvariantCulture));
                break;
            case 472100003:
                var quarterStart = new DateTime(day.Year, ((day.Month - 1) / 3 * 3) + 1, 1);
                period = (quarterStart, quarterStart.AddMonths(3).AddDays(-1), "FY" + day.Year.ToString(CultureInfo.InvariantCulture) + "-Q" + (((day.Month - 1) / 3) + 1).ToString(CultureInfo.InvariantCulture));
                break;
            case 472100004:
                period = (new DateTime(day.Year, 1, 1), new DateTime(day.Year, 12, 31), "FY" + day.Year.ToString(CultureInfo.InvariantCulture));
                break;
            default:
                var start = expectation.GetAttributeValue<DateTime>("cra_customstart").Date;
                var end = expectation.GetAttributeValue<DateTime>("cra_customend").Date;
                if (day < start || day > end)
                {
                    return null;
                }

                period = (start, end, start.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) + ".." + end.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture));
                break;
        }

        if (expectation.GetAttributeValue<DateTime?>("cra_startson") is { } startsOn && period.End < startsOn.Date)
        {
            return null;
        }

        return expectation.GetAttributeValue<DateTime?>("cra_endson") is { } endsOn && period.Start > endsOn.Date ? null : period;
    }

    private DateTime? Local(DateTime? utc, Guid userId)
    {
        if (utc == null)
        {
            return null;
        }

        if (!_zones.TryGetValue(userId, out var zone))
        {
            var code = _system.Retrieve("usersettings", userId, new ColumnSet("timezonecode")).GetAttributeValue<int>("timezonecode");
            var definition = _system.RetrieveMultiple(new QueryExpression("timezonedefinition") { ColumnSet = new ColumnSet("standardname"), Criteria = { Conditions = { new ConditionExpression("timezonecode", ConditionOperator.Equal, code) } } }).Entities.Single();
            _zones[userId] = zone = TimeZoneInfo.FindSystemTimeZoneById(definition.GetAttributeValue<string>("standardname"));
        }

        return TimeZoneInfo.ConvertTimeFromUtc(DateTime.SpecifyKind(utc.Value, DateTimeKind.Utc), zone).Date;
    }

    private static int State(Entity row) => row.GetAttributeValue<OptionSetValue>("statecode")?.Value ?? 0;

    private static Guid Id(object value) => value switch
    {
        Guid id => id,
        EntityReference reference => reference.Id,
        _ => Guid.Empty,
    };

    private static void Compare<T>(List<string> problems, Entity attainment, string column, T expected, T actual)
    {
        if (!EqualityComparer<T>.Default.Equals(expected, actual))
        {
            problems.Add("attainment " + attainment.GetAttributeValue<string>("cra_name") + " (" + attainment.Id + "): " + column + " is " + actual + ", expected " + expected);
        }
    }

    private static string Show(DateTime? value) => value?.ToString("o", CultureInfo.InvariantCulture) ?? "empty";
}
