using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Linq;
using CrmAccountability.Emulator;
using CrmAccountability.Emulator.Pipeline;
using CrmAccountability.Emulator.Solutions;
using Microsoft.Xrm.Sdk;
using Microsoft.Xrm.Sdk.Messages;
using Microsoft.Xrm.Sdk.Query;

namespace CrmAccountability.Cli.Bench;

/// <summary>
/// Measures the product on the emulator loaded with the packed managed zip, and beside it, in the same run, the naive
/// baseline (<see cref="NaiveRecountPlugin"/>) on an organisation with the same tables and data: per event type the
/// service calls and rows returned to the plug-ins (mean, max) and times (p50, p95), at each history size; events per
/// second through the whole pipeline; Recalculate's backfill rate.
/// </summary>
internal sealed class BenchRunner
{
    public static readonly DateTime Now = new(2026, 11, 25, 14, 0, 0, DateTimeKind.Utc);

    private const int ActivityMinutes = 472100001;
    private const int ActivityCount = 472100000;
    private const int Day = 472100000;
    private const int Week = 472100001;
    private const int RevenueWon = 472100005;
    private const int Prospecting = 472100000;

    private readonly string _zip;
    private readonly BenchShape _shape;
    private readonly Action<string> _progress;

    public BenchRunner(string zip, BenchShape shape, Action<string> progress)
    {
        _zip = zip;
        _shape = shape;
        _progress = progress;
    }

    public BenchReport Run()
    {
        var perEvent = new List<EventFigures>();
        ThroughputFigures? throughput = null;
        BackfillFigures? backfill = null;
        foreach (var history in _shape.Histories)
        {
            _progress("history " + history.ToString("N0", System.Globalization.CultureInfo.InvariantCulture) + ": building both organisations");
            var ours = Floor.Ours(_zip, history);
            var naive = Floor.Naive(_zip, history);
            foreach (var kind in EventKinds)
            {
                _progress("history " + history.ToString("N0", System.Globalization.CultureInfo.InvariantCulture) + ": " + kind);
                var mine = Measure(ours, kind);
                var theirs = Measure(naive, kind);
                perEvent.Add(new EventFigures(history, kind, mine, theirs));
            }

            if (history == _shape.ThroughputHistory)
            {
                _progress("throughput at history " + history);
                throughput = new ThroughputFigures(history, _shape.ThroughputEvents, EventsPerSecond(ours), EventsPerSecond(naive));
            }

            if (history == _shape.Histories.Max())
            {
                _progress("backfill of " + history + " rows");
                backfill = Backfill(ours, naive, history);
            }
        }

        var store = new StoreBench(_progress).Run(_shape.StoreSizes, _shape.StoreOperations, _shape.Samples * 3);
        return new BenchReport(_shape, perEvent, throughput!, backfill!, store);
    }

    public static readonly string[] EventKinds = ["phonecall completed", "phonecall reassigned", "appointment completed", "opportunity won"];

    private Sample Measure(Floor floor, string kind)
    {
        var calls = new List<long>();
        var rows = new List<long>();
        var requestMs = new List<double>();
        var pluginMs = new List<double>();
        for (var i = 0; i < _shape.Samples; i++)
        {
            floor.Org.Clock.Set(Now.AddMinutes(i + 1));
            var request = floor.Prepare(kind, i);
            var clock = Stopwatch.StartNew();
            floor.System.Execute(request);
            clock.Stop();
            var cost = floor.Org.Metrics.LastRequest!;
            calls.Add(cost.ServiceCalls);
            rows.Add(cost.RowsReturned);
            requestMs.Add(clock.Elapsed.TotalMilliseconds);
            pluginMs.Add(cost.PluginTime.TotalMilliseconds);
        }

        return new Sample(calls.Average(), calls.Max(), rows.Average(), rows.Max(), Percentile(requestMs, 0.5), Percentile(requestMs, 0.95), Percentile(pluginMs, 0.5), Percentile(pluginMs, 0.95));
    }

    private double EventsPerSecond(Floor floor)
    {
        var requests = Enumerable.Range(0, _shape.ThroughputEvents).Select(i => floor.Prepare("phonecall completed", 10_000 + i)).ToList();
        var clock = Stopwatch.StartNew();
        foreach (var request in requests)
        {
            floor.System.Execute(request);
        }

        return requests.Count / clock.Elapsed.TotalSeconds;
    }

    /// <summary>Recalculate over the whole history against the baseline's recount of each day; source rows per second.</summary>
    private BackfillFigures Backfill(Floor ours, Floor naive, int history)
    {
        var clock = Stopwatch.StartNew();
        var token = string.Empty;
        var calls = 0;
        do
        {
            var request = new OrganizationRequest("cra_Recalculate") { ["ExpectationId"] = new EntityReference("cra_expectation", ours.Minutes) };
            if (token.Length > 0)
            {
                request["ContinuationToken"] = token;
            }

            token = (string)ours.System.Execute(request)["ContinuationToken"];
            calls++;
        }
        while (token.Length > 0 && calls < 100_000);

        var ourSeconds = clock.Elapsed.TotalSeconds;

        // The baseline recounts a day by reading all of the rep's rows; a handful of days is enough to know its rate.
        var plugin = new NaiveRecountPlugin(naive.Minutes.ToString("D"), string.Empty);
        var days = Math.Min(_shape.BaselineBackfillDays, 365);
        clock.Restart();
        for (var d = 0; d < days; d++)
        {
            plugin.Recount(naive.System, "phonecall", naive.Rep, Now.AddDays(-1 - d));
        }

        var baselineSeconds = clock.Elapsed.TotalSeconds;
        var rowsPerDay = history / (510_000 / 1440.0);
        return new BackfillFigures(history, calls, history / ourSeconds, days * rowsPerDay / baselineSeconds);
    }

    private static double Percentile(List<double> values, double share)
    {
        var sorted = values.Order().ToList();
        return sorted.Count == 0 ? 0 : sorted[Math.Clamp((int)Math.Ceiling(share * sorted.Count) - 1, 0, sorted.Count - 1)];
    }

    /// <summary>One organisation: the product's (the packed zip, steps and all) or the baseline's (same tables, the naive step).</summary>
    private sealed class Floor
    {
        private readonly Dictionary<int, Guid> _calls = [];
        private readonly Dictionary<int, Guid> _appointments = [];
        private readonly Dictionary<int, Guid> _opportunities = [];

        private Floor(DataverseEmulator org, Guid rep, Guid other, Guid minutes, Guid account)
        {
            Org = org;
            Rep = rep;
            Other = other;
            Minutes = minutes;
            Account = account;
            System = org.GetService();
        }

        public DataverseEmulator Org { get; }

        public IOrganizationService System { get; }

        public Guid Rep { get; }

        public Guid Other { get; }

        public Guid Minutes { get; }

        public Guid Account { get; }

        public static Floor Ours(string zip, int history)
        {
            var org = new DataverseEmulator(new EmulatorOptions { StartUtc = Now, IdSeed = 1 });
            org.LoadSolution(zip);
            return Populate(org, history);
        }

        public static Floor Naive(string zip, int history)
        {
            var org = new DataverseEmulator(new EmulatorOptions { StartUtc = Now, IdSeed = 1 });
            org.LoadSolutionMetadata(PackageFiles.FromZip(zip, strict: true));
            var floor = Populate(org, history);
            foreach (var table in new[] { "phonecall", "appointment", "opportunity" })
            {
                org.RegisterStep(new StepRegistration
                {
                    Message = "Update",
                    PrimaryEntity = table,
                    Stage = 40,
                    FilteringAttributes = ["statecode", "ownerid", "actualend", "actualdurationminutes", "actualvalue"],
                    PluginType = typeof(NaiveRecountPlugin),
                    UnsecureConfiguration = floor.Minutes.ToString("D"),
                    Images =
                    [
                        new StepImageDefinition("PreImage", "PreImage", ImageType.PreImage, ["ownerid"], "Target"),
                        new StepImageDefinition("PostImage", "PostImage", ImageType.PostImage, ["ownerid"], "Target"),
                    ],
                });
            }

            return floor;
        }

        /// <summary>A manager, two reps in London, the seed material's daily and weekly expectations, and the rep's history imported without plug-ins.</summary>
        private static Floor Populate(DataverseEmulator org, int history)
        {
            var system = org.GetService();
            var manager = org.CreateUser("Mia Manager", "GMT Standard Time");
            var rep = org.CreateUser("Ana Rep", "GMT Standard Time", manager);
            var other = org.CreateUser("Ben Rep", "GMT Standard Time", manager);
            Guid Expect(Guid who, int metric, int period, decimal target, bool prospecting)
            {
                var expectation = new Entity("cra_expectation")
                {
                    ["cra_name"] = "Bench",
                    ["cra_metric"] = new OptionSetValue(metric),
                    ["cra_period"] = new OptionSetValue(period),
                    ["cra_target"] = target,
                    ["cra_repid"] = new EntityReference("systemuser", who),
                    ["ownerid"] = new EntityReference("systemuser", who),
                    ["cra_startson"] = Now.Date.AddDays(-370),
                };
                if (prospecting)
                {
                    expectation["cra_purposes"] = new OptionSetValueCollection { new(Prospecting) };
                }

                return system.Create(expectation);
            }

            var minutes = Expect(rep, ActivityMinutes, Day, 90m, prospecting: false);
            Expect(rep, ActivityCount, Week, 50m, prospecting: false);
            Expect(rep, RevenueWon, Week, 50_000m, prospecting: false);
            Expect(other, ActivityMinutes, Day, 90m, prospecting: false);
            var account = system.Create(new Entity("account") { ["name"] = "Contoso", ["ownerid"] = new EntityReference("systemuser", rep) });
            for (var i = 0; i < history; i++)
            {
                // As a data import does: BypassBusinessLogicExecution, so no plug-in runs for the history.
                var create = new CreateRequest { Target = new Entity("phonecall") { ["subject"] = "History", ["ownerid"] = new EntityReference("systemuser", rep), ["actualdurationminutes"] = 5 + (i % 40) } };
                create.Parameters["BypassBusinessLogicExecution"] = "CustomSync,CustomAsync";
                var id = ((CreateResponse)system.Execute(create)).id;
                // History is the past: spread over the year before last week, so the periods the events land in start empty.
                var complete = new UpdateRequest { Target = new Entity("phonecall", id) { ["statecode"] = new OptionSetValue(1), ["actualend"] = Now.Date.AddDays(-8).AddMinutes(-(1 + (i % 510_000))) } };
                complete.Parameters["BypassBusinessLogicExecution"] = "CustomSync,CustomAsync";
                system.Execute(complete);
            }

            return new Floor(org, rep, other, minutes, account);
        }

        /// <summary>Sets up what event <paramref name="index"/> of <paramref name="kind"/> needs (untimed) and returns the request that is the event.</summary>
        public OrganizationRequest Prepare(string kind, int index)
        {
            switch (kind)
            {
                case "phonecall completed":
                    _calls[index] = System.Create(new Entity("phonecall") { ["subject"] = "Call", ["ownerid"] = new EntityReference("systemuser", Rep), ["actualdurationminutes"] = 20, ["directioncode"] = true });
                    return new UpdateRequest { Target = new Entity("phonecall", _calls[index]) { ["statecode"] = new OptionSetValue(1) } };
                case "phonecall reassigned":
                    if (!_calls.TryGetValue(index, out var call))
                    {
                        call = System.Create(new Entity("phonecall") { ["subject"] = "Call", ["ownerid"] = new EntityReference("systemuser", Rep), ["actualdurationminutes"] = 20 });
                        System.Update(new Entity("phonecall", call) { ["statecode"] = new OptionSetValue(1) });
                    }

                    return new UpdateRequest { Target = new Entity("phonecall", call) { ["ownerid"] = new EntityReference("systemuser", Other) } };
                case "appointment completed":
                    _appointments[index] = System.Create(new Entity("appointment")
                    {
                        ["subject"] = "Meeting",
                        ["ownerid"] = new EntityReference("systemuser", Rep),
                        ["regardingobjectid"] = new EntityReference("account", Account),
                        ["scheduledstart"] = Now.AddHours(-1),
                        ["scheduledend"] = Now,
                    });
                    return new UpdateRequest { Target = new Entity("appointment", _appointments[index]) { ["statecode"] = new OptionSetValue(1) } };
                default:
                    _opportunities[index] = System.Create(new Entity("opportunity") { ["name"] = "Deal", ["estimatedvalue"] = new Money(10_000m), ["ownerid"] = new EntityReference("systemuser", Rep) });
                    return new OrganizationRequest("WinOpportunity")
                    {
                        ["OpportunityClose"] = new Entity("opportunityclose") { ["opportunityid"] = new EntityReference("opportunity", _opportunities[index]), ["subject"] = "Won", ["actualrevenue"] = new Money(12_000m) },
                        ["Status"] = new OptionSetValue(3),
                    };
            }
        }
    }
}

/// <summary>How much the benchmark measures: the same sequence of sampled events at every history size, so means compare.</summary>
internal sealed record BenchShape(bool Quick, int[] Histories, int Samples, int ThroughputHistory, int ThroughputEvents, int BaselineBackfillDays, int[] StoreSizes, int StoreOperations)
{
    public static BenchShape Full => new(false, [10, 1_000, 100_000], 12, 1_000, 300, 5, [10_000, 100_000], 20_000);

    public static BenchShape QuickRun => new(true, [10, 100, 1_000], 8, 100, 40, 5, [1_000, 10_000], 2_000);
}

internal sealed record Sample(double Calls, long CallsMax, double RowsReturned, long RowsReturnedMax, double P50Ms, double P95Ms, double PluginP50Ms, double PluginP95Ms);

internal sealed record EventFigures(int History, string Event, Sample Ours, Sample Baseline);

internal sealed record ThroughputFigures(int History, int Events, double EventsPerSecond, double BaselineEventsPerSecond);

internal sealed record BackfillFigures(int Rows, int RecalculateCalls, double RowsPerSecond, double BaselineRowsPerSecond);

internal sealed record BenchReport(BenchShape Shape, IReadOnlyList<EventFigures> PerEvent, ThroughputFigures Throughput, BackfillFigures Backfill, StoreFigures Store);
