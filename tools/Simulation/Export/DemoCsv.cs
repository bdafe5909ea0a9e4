using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Text;
using CrmAccountability.Simulation.Engine;
using CsvHelper;
using Microsoft.Xrm.Sdk;
using Microsoft.Xrm.Sdk.Query;
using static CrmAccountability.Simulation.Export.OrganizationReader;

namespace CrmAccountability.Simulation.Export;

/// <summary>
/// The demo's CSV files (DESIGN §10), read from the organisation as it ends through IOrganizationService: UTF-8, a
/// header row, commas, RFC 4180 quoting, UTC timestamps with Z, dates as yyyy-MM-dd, invariant decimals, lower-case
/// GUIDs, true/false, choice columns as their English labels. Stable: people load them into Excel or BI and tests
/// recompute from them.
/// </summary>
public static class DemoCsv
{
    public static readonly string[] Files =
    [
        "users.csv", "settings.csv", "expectations.csv", "activities.csv", "opportunities.csv", "attainment.csv", "events.csv",
        "notifications.csv", "tasks.csv", "recognitions.csv", "reviews.csv", "pipelinesnapshots.csv",
    ];

    private static readonly string[] ActivityTables = ["phonecall", "appointment", "email", "task", "cra_review"];

    public static void Write(SimulationRun run, string folder)
    {
        Directory.CreateDirectory(folder);
        var system = run.System;
        Users(system, Path.Combine(folder, "users.csv"));
        Settings(system, run.EndUtc, Path.Combine(folder, "settings.csv"));
        Expectations(system, Path.Combine(folder, "expectations.csv"));
        Activities(system, Path.Combine(folder, "activities.csv"));
        Opportunities(system, Path.Combine(folder, "opportunities.csv"));
        Attainment(system, Path.Combine(folder, "attainment.csv"));
        Events(run.Events, Path.Combine(folder, "events.csv"));
        Notifications(system, Path.Combine(folder, "notifications.csv"));
        Tasks(system, Path.Combine(folder, "tasks.csv"));
        Recognitions(system, Path.Combine(folder, "recognitions.csv"));
        Reviews(system, Path.Combine(folder, "reviews.csv"));
        Snapshots(system, Path.Combine(folder, "pipelinesnapshots.csv"));
    }

    private static void Users(IOrganizationService system, string path)
    {
        var zones = All(system, "timezonedefinition", "timezonecode", "standardname").ToDictionary(z => z.GetAttributeValue<int>("timezonecode"), z => z.GetAttributeValue<string>("standardname"));
        var settings = system.RetrieveMultiple(new QueryExpression("usersettings") { ColumnSet = new ColumnSet("systemuserid", "timezonecode") }).Entities
            .ToDictionary(s => Id(s, "systemuserid") ?? s.Id, s => s.GetAttributeValue<int?>("timezonecode"));
        var roleNames = All(system, "role", "name").ToDictionary(r => r.Id, r => r.GetAttributeValue<string>("name"));
        var roles = system.RetrieveMultiple(new QueryExpression("systemuserroles") { ColumnSet = new ColumnSet("systemuserid", "roleid") }).Entities
            .GroupBy(r => Id(r, "systemuserid") ?? System.Guid.Empty)
            .ToDictionary(g => g.Key, g => string.Join(";", g.Select(r => roleNames.GetValueOrDefault(Id(r, "roleid") ?? System.Guid.Empty, string.Empty)).Order(StringComparer.Ordinal)));
        Table(path, ["userid", "fullname", "managerid", "timezone", "businessunitid", "roles"], All(system, "systemuser", "fullname", "parentsystemuserid", "businessunitid"), (csv, u) =>
        {
            var code = settings.GetValueOrDefault(u.Id);
            csv.WriteField(Guid(u.Id));
            csv.WriteField(u.GetAttributeValue<string>("fullname"));
            csv.WriteField(Guid(Id(u, "parentsystemuserid")));
            csv.WriteField(code is { } c ? zones.GetValueOrDefault(c, string.Empty) : string.Empty);
            csv.WriteField(Guid(Id(u, "businessunitid")));
            csv.WriteField(roles.GetValueOrDefault(u.Id, string.Empty));
        });
    }

    /// <summary>Each variable's effective value: its current value, else its default, else the organisation's setting it falls back to.</summary>
    private static void Settings(IOrganizationService system, DateTime asOf, string path)
    {
        var definitions = All(system, "environmentvariabledefinition", "schemaname", "defaultvalue");
        var values = All(system, "environmentvariablevalue", "schemaname", "value")
            .GroupBy(v => v.GetAttributeValue<string>("schemaname"), StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => g.Last().GetAttributeValue<string>("value"), StringComparer.Ordinal);
        var organization = system.RetrieveMultiple(new QueryExpression("organization") { ColumnSet = new ColumnSet("weekstartdaycode", "fiscalcalendarstart") }).Entities.FirstOrDefault();
        string Fallback(string name) => name switch
        {
            "cra_WeekStartDay" => (organization?.GetAttributeValue<int?>("weekstartdaycode") ?? 1).ToString(CultureInfo.InvariantCulture),
            "cra_FiscalYearStartMonth" => (organization?.GetAttributeValue<DateTime?>("fiscalcalendarstart")?.AddHours(12).Month ?? 1).ToString(CultureInfo.InvariantCulture),
            _ => string.Empty,
        };

        var rows = definitions
            .Select(d => d.GetAttributeValue<string>("schemaname"))
            .Where(name => name.StartsWith("cra_", StringComparison.Ordinal))
            .Order(StringComparer.Ordinal)
            .Select(name =>
            {
                var definition = definitions.First(d => d.GetAttributeValue<string>("schemaname") == name);
                var value = values.GetValueOrDefault(name);
                return (Name: name, Value: !string.IsNullOrEmpty(value) ? value : !string.IsNullOrEmpty(definition.GetAttributeValue<string>("defaultvalue")) ? definition.GetAttributeValue<string>("defaultvalue") : Fallback(name));
            })
            .Append((Name: "asof", Value: Timestamp(asOf)));
        Table(path, ["name", "value"], rows, (csv, r) =>
        {
            csv.WriteField(r.Name);
            csv.WriteField(r.Value);
        });
    }

    private static void Expectations(IOrganizationService system, string path)
    {
        string[] header = ["expectationid", "name", "metric", "period", "target", "stretchtarget", "activitytypes", "purposes", "outgoingonly", "firstmeetingsonly", "minimumamount", "repid", "teamid", "managerid", "startson", "endson", "customstart", "customend", "statecode"];
        var rows = All(system, "cra_expectation", "cra_name", "cra_metric", "cra_period", "cra_target", "cra_stretchtarget", "cra_activitytypes", "cra_purposes", "cra_outgoingonly", "cra_firstmeetingsonly", "cra_minimumamount_base", "cra_repid", "cra_teamid", "cra_managerid", "cra_startson", "cra_endson", "cra_customstart", "cra_customend", "statecode");
        Table(path, header, rows, (csv, e) =>
        {
            csv.WriteField(Guid(e.Id));
            csv.WriteField(e.GetAttributeValue<string>("cra_name"));
            csv.WriteField(Label(e, "cra_metric"));
            csv.WriteField(Label(e, "cra_period"));
            csv.WriteField(Number(e.GetAttributeValue<decimal?>("cra_target")));
            csv.WriteField(Number(e.GetAttributeValue<decimal?>("cra_stretchtarget")));
            csv.WriteField(Label(e, "cra_activitytypes"));
            csv.WriteField(Label(e, "cra_purposes"));
            csv.WriteField(Bool(e.GetAttributeValue<bool>("cra_outgoingonly")));
            csv.WriteField(Bool(e.GetAttributeValue<bool>("cra_firstmeetingsonly")));
            csv.WriteField(Number(e.GetAttributeValue<Money>("cra_minimumamount_base")?.Value));
            csv.WriteField(Guid(Id(e, "cra_repid")));
            csv.WriteField(Guid(Id(e, "cra_teamid")));
            csv.WriteField(Guid(Id(e, "cra_managerid")));
            csv.WriteField(Date(e.GetAttributeValue<DateTime?>("cra_startson")));
            csv.WriteField(Date(e.GetAttributeValue<DateTime?>("cra_endson")));
            csv.WriteField(Date(e.GetAttributeValue<DateTime?>("cra_customstart")));
            csv.WriteField(Date(e.GetAttributeValue<DateTime?>("cra_customend")));
            csv.WriteField(Label(e, "statecode"));
        });
    }

    private static void Activities(IOrganizationService system, string path)
    {
        string[] header = ["activityid", "type", "ownerid", "owneristeam", "statecode", "statuscode", "actualend", "actualdurationminutes", "scheduleddurationminutes", "purpose", "directioncode", "regardingid", "isfirstmeeting", "createdon"];
        var rows = ActivityTables.SelectMany(table => All(system, table, Columns(table)).Select(row => (Table: table, Row: row)))
            .OrderBy(r => r.Row.GetAttributeValue<DateTime>("createdon"))
            .ThenBy(r => r.Row.Id);
        Table(path, header, rows, (csv, r) =>
        {
            var a = r.Row;
            var owner = a.GetAttributeValue<EntityReference>("ownerid");
            csv.WriteField(Guid(a.Id));
            csv.WriteField(r.Table);
            csv.WriteField(Guid(owner?.Id));
            csv.WriteField(Bool(owner?.LogicalName == "team"));
            csv.WriteField(Label(a, "statecode"));
            csv.WriteField(Label(a, "statuscode"));
            csv.WriteField(Timestamp(a.GetAttributeValue<DateTime?>("actualend")));
            csv.WriteField(Integer(a.GetAttributeValue<int?>("actualdurationminutes")));
            csv.WriteField(Integer(a.GetAttributeValue<int?>("scheduleddurationminutes")));
            csv.WriteField(Label(a, "cra_purpose"));
            csv.WriteField(a.Contains("directioncode") ? Bool(a.GetAttributeValue<bool>("directioncode")) : string.Empty);
            csv.WriteField(Guid(a.GetAttributeValue<EntityReference>("regardingobjectid")?.Id));
            csv.WriteField(r.Table == "appointment" ? Bool(a.GetAttributeValue<bool>("cra_isfirstmeeting")) : string.Empty);
            csv.WriteField(Timestamp(a.GetAttributeValue<DateTime?>("createdon")));
        });

        static string[] Columns(string table) => table switch
        {
            "appointment" => ["ownerid", "statecode", "statuscode", "actualend", "actualdurationminutes", "scheduleddurationminutes", "cra_purpose", "regardingobjectid", "cra_isfirstmeeting", "createdon"],
            "phonecall" or "email" => ["ownerid", "statecode", "statuscode", "actualend", "actualdurationminutes", "cra_purpose", "directioncode", "regardingobjectid", "createdon"],
            "task" => ["ownerid", "statecode", "statuscode", "actualend", "actualdurationminutes", "cra_purpose", "regardingobjectid", "createdon"],
            _ => ["ownerid", "statecode", "statuscode", "actualend", "actualdurationminutes", "scheduleddurationminutes", "regardingobjectid", "createdon"],
        };
    }

    private static void Opportunities(IOrganizationService system, string path)
    {
        string[] header = ["opportunityid", "ownerid", "owneristeam", "statecode", "statuscode", "createdon", "estimatedvalue_base", "actualvalue_base", "actualclosedate", "lastactivityon"];
        Table(path, header, All(system, "opportunity", "ownerid", "statecode", "statuscode", "createdon", "estimatedvalue_base", "actualvalue_base", "actualclosedate", "cra_lastactivityon"), (csv, o) =>
        {
            var owner = o.GetAttributeValue<EntityReference>("ownerid");
            csv.WriteField(Guid(o.Id));
            csv.WriteField(Guid(owner?.Id));
            csv.WriteField(Bool(owner?.LogicalName == "team"));
            csv.WriteField(Label(o, "statecode"));
            csv.WriteField(Label(o, "statuscode"));
            csv.WriteField(Timestamp(o.GetAttributeValue<DateTime?>("createdon")));
            csv.WriteField(Number(o.GetAttributeValue<Money>("estimatedvalue_base")?.Value));
            csv.WriteField(Number(o.GetAttributeValue<Money>("actualvalue_base")?.Value));
            csv.WriteField(Date(o.GetAttributeValue<DateTime?>("actualclosedate")));
            csv.WriteField(Timestamp(o.GetAttributeValue<DateTime?>("cra_lastactivityon")));
        });
    }

    private static void Attainment(IOrganizationService system, string path)
    {
        string[] header = ["attainmentid", "expectationid", "repid", "periodstart", "periodend", "periodlabel", "actual", "target", "percent", "expectedtodate", "status", "isclosed", "streak", "contributioncount"];
        var rows = All(system, "cra_attainment", "cra_expectationid", "cra_repid", "cra_periodstart", "cra_periodend", "cra_periodlabel", "cra_actual", "cra_target", "cra_percent", "cra_expectedtodate", "cra_status", "cra_isclosed", "cra_streak", "cra_contributioncount");
        Table(path, header, rows, (csv, a) =>
        {
            csv.WriteField(Guid(a.Id));
            csv.WriteField(Guid(Id(a, "cra_expectationid")));
            csv.WriteField(Guid(Id(a, "cra_repid")));
            csv.WriteField(Date(a.GetAttributeValue<DateTime?>("cra_periodstart")));
            csv.WriteField(Date(a.GetAttributeValue<DateTime?>("cra_periodend")));
            csv.WriteField(a.GetAttributeValue<string>("cra_periodlabel"));
            csv.WriteField(Number(a.GetAttributeValue<decimal?>("cra_actual")));
            csv.WriteField(Number(a.GetAttributeValue<decimal?>("cra_target")));
            csv.WriteField(Number(a.GetAttributeValue<decimal?>("cra_percent")));
            csv.WriteField(Number(a.GetAttributeValue<decimal?>("cra_expectedtodate")));
            csv.WriteField(Label(a, "cra_status"));
            csv.WriteField(Bool(a.GetAttributeValue<bool>("cra_isclosed")));
            csv.WriteField(Integer(a.GetAttributeValue<int?>("cra_streak")));
            csv.WriteField(Integer(a.GetAttributeValue<int?>("cra_contributioncount")));
        });
    }

    private static void Events(EventLog log, string path)
        => Table(path, ["seq", "at", "actor", "action", "entity", "recordid", "details"], log.Events, (csv, e) =>
        {
            csv.WriteField(e.Seq.ToString(CultureInfo.InvariantCulture));
            csv.WriteField(Timestamp(e.At));
            csv.WriteField(Guid(e.Actor));
            csv.WriteField(e.Action);
            csv.WriteField(e.Entity);
            csv.WriteField(e.RecordId == System.Guid.Empty ? string.Empty : Guid(e.RecordId));
            csv.WriteField(e.Details);
        });

    private static void Notifications(IOrganizationService system, string path)
        => Table(path, ["notificationid", "recipientid", "createdon", "title", "body", "icontype"], All(system, "appnotification", "ownerid", "createdon", "title", "body", "icontype"), (csv, n) =>
        {
            csv.WriteField(Guid(n.Id));
            csv.WriteField(Guid(Id(n, "ownerid")));
            csv.WriteField(Timestamp(n.GetAttributeValue<DateTime?>("createdon")));
            csv.WriteField(n.GetAttributeValue<string>("title"));
            csv.WriteField(n.GetAttributeValue<string>("body"));
            csv.WriteField(Label(n, "icontype"));
        });

    private static void Tasks(IOrganizationService system, string path)
    {
        var prompts = All(system, "task", "ownerid", "regardingobjectid", "subject", "description", "createdon", "statecode", "scheduledend")
            .Where(t => t.GetAttributeValue<EntityReference>("regardingobjectid")?.LogicalName == "cra_attainment");
        Table(path, ["taskid", "ownerid", "attainmentid", "createdon", "subject", "description", "statecode", "due"], prompts, (csv, t) =>
        {
            csv.WriteField(Guid(t.Id));
            csv.WriteField(Guid(Id(t, "ownerid")));
            csv.WriteField(Guid(Id(t, "regardingobjectid")));
            csv.WriteField(Timestamp(t.GetAttributeValue<DateTime?>("createdon")));
            csv.WriteField(t.GetAttributeValue<string>("subject"));
            csv.WriteField(t.GetAttributeValue<string>("description"));
            csv.WriteField(Label(t, "statecode"));
            csv.WriteField(Timestamp(t.GetAttributeValue<DateTime?>("scheduledend")));
        });
    }

    private static void Recognitions(IOrganizationService system, string path)
        => Table(path, ["recognitionid", "repid", "attainmentid", "kind", "message", "awardedon"], All(system, "cra_recognition", "cra_repid", "cra_attainmentid", "cra_kind", "cra_message", "cra_awardedon"), (csv, r) =>
        {
            csv.WriteField(Guid(r.Id));
            csv.WriteField(Guid(Id(r, "cra_repid")));
            csv.WriteField(Guid(Id(r, "cra_attainmentid")));
            csv.WriteField(Label(r, "cra_kind"));
            csv.WriteField(r.GetAttributeValue<string>("cra_message"));
            csv.WriteField(Timestamp(r.GetAttributeValue<DateTime?>("cra_awardedon")));
        });

    private static void Reviews(IOrganizationService system, string path)
        => Table(path, ["reviewid", "managerid", "repid", "reviewtype", "statecode", "scheduledstart", "actualend", "openpipelinevalue"], All(system, "cra_review", "ownerid", "cra_repid", "cra_reviewtype", "statecode", "scheduledstart", "actualend", "cra_openpipelinevalue_base"), (csv, r) =>
        {
            csv.WriteField(Guid(r.Id));
            csv.WriteField(Guid(Id(r, "ownerid")));
            csv.WriteField(Guid(Id(r, "cra_repid")));
            csv.WriteField(Label(r, "cra_reviewtype"));
            csv.WriteField(Label(r, "statecode"));
            csv.WriteField(Timestamp(r.GetAttributeValue<DateTime?>("scheduledstart")));
            csv.WriteField(Timestamp(r.GetAttributeValue<DateTime?>("actualend")));
            csv.WriteField(Number(r.GetAttributeValue<Money>("cra_openpipelinevalue_base")?.Value));
        });

    private static void Snapshots(IOrganizationService system, string path)
    {
        var rows = All(system, "cra_pipelinesnapshot", "cra_repid", "cra_weekstart", "cra_openvalue_base", "cra_opencount", "cra_openvaluechange_base", "cra_createdvalue_base", "cra_wonvalue_base", "cra_lostvalue_base", "cra_stalledcount")
            .OrderBy(s => s.GetAttributeValue<DateTime?>("cra_weekstart")).ThenBy(s => s.Id);
        Table(path, ["snapshotid", "repid", "weekstart", "openvalue", "opencount", "openvaluechange", "createdvalue", "wonvalue", "lostvalue", "stalledcount"], rows, (csv, s) =>
        {
            csv.WriteField(Guid(s.Id));
            csv.WriteField(Guid(Id(s, "cra_repid")));
            csv.WriteField(Date(s.GetAttributeValue<DateTime?>("cra_weekstart")));
            csv.WriteField(Number(s.GetAttributeValue<Money>("cra_openvalue_base")?.Value));
            csv.WriteField(Integer(s.GetAttributeValue<int?>("cra_opencount")));
            csv.WriteField(Number(s.GetAttributeValue<Money>("cra_openvaluechange_base")?.Value));
            csv.WriteField(Number(s.GetAttributeValue<Money>("cra_createdvalue_base")?.Value));
            csv.WriteField(Number(s.GetAttributeValue<Money>("cra_wonvalue_base")?.Value));
            csv.WriteField(Number(s.GetAttributeValue<Money>("cra_lostvalue_base")?.Value));
            csv.WriteField(Integer(s.GetAttributeValue<int?>("cra_stalledcount")));
        });
    }

    private static void Table<T>(string path, string[] header, IEnumerable<T> rows, Action<CsvWriter, T> write)
    {
        // CsvHelper's defaults are the format: RFC 4180 quoting when needed, CRLF, no byte order mark, no formula escaping.
        using var stream = new StreamWriter(path, append: false, new UTF8Encoding(encoderShouldEmitUTF8Identifier: false));
        using var csv = CsvWriter.Create(stream, CsvWriterOptions.Default, leaveOpen: false);
        foreach (var column in header)
        {
            csv.WriteField(column);
        }

        csv.EndRecord();
        foreach (var row in rows)
        {
            write(csv, row);
            csv.EndRecord();
        }

        csv.Flush();
    }

    public static string Guid(Guid? id) => id is { } value && value != System.Guid.Empty ? value.ToString("D") : string.Empty;

    public static string Timestamp(DateTime? utc) => utc is { } value ? DateTime.SpecifyKind(value, DateTimeKind.Utc).ToString("yyyy-MM-ddTHH:mm:ssZ", CultureInfo.InvariantCulture) : string.Empty;

    public static string Date(DateTime? date) => date?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) ?? string.Empty;

    public static string Number(decimal? value) => value?.ToString("0.##########", CultureInfo.InvariantCulture) ?? string.Empty;

    private static string Integer(int? value) => value?.ToString(CultureInfo.InvariantCulture) ?? string.Empty;

    private static string Bool(bool value) => value ? "true" : "false";
}
