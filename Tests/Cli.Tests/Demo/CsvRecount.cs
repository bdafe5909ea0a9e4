using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using CsvHelper;

namespace CrmAccountability.Cli.Tests.Demo;

/// <summary>
/// An independent recomputation of every attainment's actual from the demo's CSV files alone, by the metric rules of
/// DESIGN §4, written from the specification without the plug-in's code: users.csv gives each rep's zone, expectations.csv
/// what counts, activities.csv and opportunities.csv the source rows; attainment.csv says which period each row covers.
/// </summary>
internal sealed class CsvRecount
{
    private static readonly Dictionary<string, string> TypeLabels = new(StringComparer.Ordinal)
    {
        ["Phone call"] = "phonecall",
        ["Appointment"] = "appointment",
        ["Email"] = "email",
        ["Task"] = "task",
    };

    private readonly Dictionary<string, TimeZoneInfo> _zones;
    private readonly Dictionary<string, Dictionary<string, string>> _expectations;
    private readonly List<Dictionary<string, string>> _activities;
    private readonly List<Dictionary<string, string>> _opportunities;

    public CsvRecount(string folder)
    {
        _zones = Read(folder, "users.csv").ToDictionary(u => u["userid"], u => TimeZoneInfo.FindSystemTimeZoneById(u["timezone"]), StringComparer.Ordinal);
        _expectations = Read(folder, "expectations.csv").ToDictionary(e => e["expectationid"], StringComparer.Ordinal);
        _activities = Read(folder, "activities.csv");
        _opportunities = Read(folder, "opportunities.csv");
        Attainments = Read(folder, "attainment.csv");
    }

    public List<Dictionary<string, string>> Attainments { get; }

    public static List<Dictionary<string, string>> Read(string folder, string file)
    {
        using var reader = CsvReader.FromFile(Path.Combine(folder, file));
        var rows = new List<Dictionary<string, string>>();
        while (reader.Read())
        {
            rows.Add(reader.Current.ToDictionary().ToDictionary(f => f.Key, f => f.Value ?? string.Empty, StringComparer.Ordinal));
        }

        return rows;
    }

    /// <summary>The actual an attainment row should have.</summary>
    public decimal Actual(Dictionary<string, string> attainment)
    {
        var expectation = _expectations[attainment["expectationid"]];
        var rep = attainment["repid"];
        var zone = _zones[rep];
        var from = DateOnly.ParseExact(attainment["periodstart"], "yyyy-MM-dd", CultureInfo.InvariantCulture);
        var to = DateOnly.ParseExact(attainment["periodend"], "yyyy-MM-dd", CultureInfo.InvariantCulture);
        bool InPeriod(DateOnly day) => day >= from && day <= to;
        DateOnly Local(string utc) => DateOnly.FromDateTime(TimeZoneInfo.ConvertTimeFromUtc(DateTime.Parse(utc, CultureInfo.InvariantCulture, DateTimeStyles.AdjustToUniversal | DateTimeStyles.AssumeUniversal), zone));
        var minimum = expectation["minimumamount"].Length > 0 ? decimal.Parse(expectation["minimumamount"], CultureInfo.InvariantCulture) : (decimal?)null;

        switch (expectation["metric"])
        {
            case "Activity count" or "Activity minutes":
            {
                var types = Labels(expectation["activitytypes"]).Select(t => TypeLabels[t]).ToHashSet(StringComparer.Ordinal);
                var purposes = Labels(expectation["purposes"]).ToHashSet(StringComparer.Ordinal);
                var outgoingOnly = expectation["outgoingonly"] == "true";
                var firstOnly = expectation["firstmeetingsonly"] == "true";
                var minutes = expectation["metric"] == "Activity minutes";
                return _activities
                    .Where(a => a["type"] != "cra_review" && a["ownerid"] == rep && a["owneristeam"] == "false" && a["statecode"] == "Completed" && a["actualend"].Length > 0)
                    .Where(a => types.Count == 0 || types.Contains(a["type"]))
                    .Where(a => purposes.Count == 0 || purposes.Contains(a["purpose"]))
                    .Where(a => !outgoingOnly || a["type"] is "appointment" or "task" || a["directioncode"] == "true")
                    .Where(a => !firstOnly || (a["type"] == "appointment" && a["isfirstmeeting"] == "true"))
                    .Where(a => InPeriod(Local(a["actualend"])))
                    .Sum(a => minutes ? Minutes(a) : 1m);
            }

            case "Reviews held":
                return _activities.Count(a => a["type"] == "cra_review" && a["ownerid"] == rep && a["statecode"] == "Completed" && a["actualend"].Length > 0 && InPeriod(Local(a["actualend"])));

            case "Opportunities created" or "Pipeline created":
            {
                var created = _opportunities
                    .Where(o => o["ownerid"] == rep && o["owneristeam"] == "false" && o["statuscode"] != "Canceled")
                    .Where(o => InPeriod(Local(o["createdon"])))
                    .Select(o => Money(o["estimatedvalue_base"]))
                    .Where(value => minimum == null || value >= minimum);
                return expectation["metric"] == "Opportunities created" ? created.Count() : created.Sum();
            }

            case "Deals won" or "Revenue won":
            {
                var won = _opportunities
                    .Where(o => o["ownerid"] == rep && o["owneristeam"] == "false" && o["statecode"] == "Won" && o["actualclosedate"].Length > 0)
                    .Where(o => InPeriod(DateOnly.ParseExact(o["actualclosedate"], "yyyy-MM-dd", CultureInfo.InvariantCulture)))
                    .Select(o => Money(o["actualvalue_base"]))
                    .Where(value => minimum == null || value >= minimum);
                return expectation["metric"] == "Deals won" ? won.Count() : won.Sum();
            }

            default:
                throw new InvalidDataException("expectations.csv has a metric this recount does not know: " + expectation["metric"]);
        }
    }

    private static decimal Minutes(Dictionary<string, string> activity)
        => activity["actualdurationminutes"].Length > 0 ? decimal.Parse(activity["actualdurationminutes"], CultureInfo.InvariantCulture)
            : activity["type"] == "appointment" && activity["scheduleddurationminutes"].Length > 0 ? decimal.Parse(activity["scheduleddurationminutes"], CultureInfo.InvariantCulture)
            : 0m;

    private static decimal Money(string value) => value.Length > 0 ? decimal.Parse(value, CultureInfo.InvariantCulture) : 0m;

    private static string[] Labels(string joined) => joined.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
}
