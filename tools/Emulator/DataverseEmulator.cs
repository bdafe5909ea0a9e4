using System;
using System.Collections.Generic;
using System.Linq;
using CrmAccountability.Emulator.Metadata;
using CrmAccountability.Emulator.Organization;
using CrmAccountability.Emulator.Pipeline;
using CrmAccountability.Emulator.Platform;
using CrmAccountability.Emulator.Query;
using CrmAccountability.Emulator.Solutions;
using CrmAccountability.Emulator.Storage;
using CrmAccountability.Emulator.Time;
using Microsoft.Xrm.Sdk;

namespace CrmAccountability.Emulator;

/// <summary>Settings for a new organisation. The defaults are a plain English (US-dollar) organisation.</summary>
public sealed record EmulatorOptions
{
    /// <summary>Where the clock starts (UTC). Tests pass their own fixed instant.</summary>
    public DateTime StartUtc { get; init; } = new(2026, 11, 2, 8, 0, 0, DateTimeKind.Utc);

    /// <summary>organization.weekstartdaycode: 0 = Sunday … 6 = Saturday.</summary>
    public int WeekStartDay { get; init; } = 1;

    /// <summary>The month (1–12) the fiscal year starts.</summary>
    public int FiscalYearStartMonth { get; init; } = 1;

    /// <summary>Fiscal periods a year: 1, 2, 4 (quarters) or 12.</summary>
    public int FiscalPeriodsPerYear { get; init; } = 4;

    /// <summary>Whether a fiscal year is named after the calendar year it ends in (e.g. July 2026–June 2027 = FY2027).</summary>
    public bool FiscalYearNamedByEndYear { get; init; } = true;

    public string BaseCurrencyCode { get; init; } = "USD";

    public string OrganizationName { get; init; } = "Contoso";

    /// <summary>How long a writer waits for another transaction's row lock before failing, as SQL's lock timeout does.</summary>
    public TimeSpan LockTimeout { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>
    /// Called after each query with the queried table, outside any lock: a test hook that can widen the gap between a
    /// plug-in's read and its write (e.g. a short sleep), so races a real server hits only sometimes show up every time.
    /// </summary>
    public Action<string>? AfterQuery { get; init; }

    /// <summary>When set, new ids follow a fixed sequence from this seed instead of being random: a seeded run is repeatable to the byte.</summary>
    public int? IdSeed { get; init; }
}

/// <summary>
/// An in-memory Dataverse organisation: the one entry point for tests, the CLI and anyone testing their own plug-ins.
/// Load a solution (zip or unpacked folder), create business units, users and teams, get an
/// <see cref="IOrganizationService"/> as SYSTEM or as any user, and move the clock. Thread-safe.
/// </summary>
/// <example>
/// <code>
/// var org = new DataverseEmulator();
/// org.LoadSolution("CrmAccountability_1_0_0_0_managed.zip");
/// var rep = org.CreateUser("Ana Rep", timeZone: "Pacific Standard Time");
/// var service = org.GetService(rep);
/// service.Create(new Entity("phonecall") { ["subject"] = "Discovery call" });
/// org.Clock.Advance(TimeSpan.FromHours(2));
/// </code>
/// </example>
public sealed class DataverseEmulator
{
    private readonly EmulatorOptions _options;
    private readonly List<SolutionPackage> _solutions = [];
    private readonly Dictionary<string, Guid> _roles = new(StringComparer.OrdinalIgnoreCase);
    private readonly System.Collections.Concurrent.ConcurrentQueue<PluginTraceLine> _traces = new();

    public DataverseEmulator(EmulatorOptions? options = null)
    {
        _options = options ?? new EmulatorOptions();
        if (_options.FiscalYearStartMonth is < 1 or > 12)
        {
            throw new ArgumentOutOfRangeException(nameof(options), _options.FiscalYearStartMonth, "FiscalYearStartMonth is a month number, 1 to 12.");
        }

        if (_options.FiscalPeriodsPerYear is not (1 or 2 or 4 or 12))
        {
            throw new ArgumentOutOfRangeException(nameof(options), _options.FiscalPeriodsPerYear, "FiscalPeriodsPerYear is 1, 2, 4 or 12.");
        }

        Clock = new EmulatorClock(_options.StartUtc);
        Ids = new IdSource(_options.IdSeed);
        Store = new DataStore(MetadataCatalog.Standard(), _options.LockTimeout);
        Writer = new CoreWrite(Store, Clock, Ids, Metrics);
        Projection = new EntityProjection(Store);
        Queries = new QueryEngine(Store, Projection);
        Pipeline = new EventPipeline(this);
        Security = new SecurityModel(this);
        Chart = new OrganizationChart(Store);
        new OrganizationSeed(this, _options).Seed();
    }

    public EmulatorClock Clock { get; }

    public RequestMetrics Metrics { get; } = new();

    public MetadataCatalog Metadata => Store.Catalog;

    public IReadOnlyList<SolutionPackage> Solutions => _solutions;

    public Guid OrganizationId { get; } = new("00000000-0000-4000-8000-00000000a001");

    public Guid RootBusinessUnitId { get; } = new("00000000-0000-4000-8000-00000000b001");

    /// <summary>The SYSTEM user, whom <see cref="GetService"/> with no user acts as.</summary>
    public Guid SystemUserId { get; } = new("00000000-0000-4000-8000-00000000c001");

    public Guid BaseCurrencyId { get; } = new("00000000-0000-4000-8000-00000000d001");

    public string OrganizationName => _options.OrganizationName;

    internal Action<string>? AfterQuery => _options.AfterQuery;

    /// <summary>Everything plug-ins wrote with ITracingService, in order (the plug-in trace log).</summary>
    public IReadOnlyCollection<PluginTraceLine> PluginTraces => _traces;

    /// <summary>The registered steps, from loaded solutions and <see cref="RegisterStep"/>.</summary>
    public IReadOnlyList<StepRegistration> Steps => Pipeline.Steps;

    public IReadOnlyCollection<CustomApiRegistration> CustomApis => Pipeline.CustomApis;

    /// <summary>Asynchronous steps waiting for <see cref="RunAsyncWork"/>.</summary>
    public int PendingAsyncJobs => Pipeline.PendingAsyncJobs;

    internal DataStore Store { get; }

    internal IdSource Ids { get; }

    /// <summary>The one path by which rows are written, with the platform's behaviours.</summary>
    internal CoreWrite Writer { get; }

    /// <summary>Stored rows as callers receive them.</summary>
    internal EntityProjection Projection { get; }

    internal QueryEngine Queries { get; }

    internal EventPipeline Pipeline { get; }

    internal SecurityModel Security { get; }

    /// <summary>Teams, reporting lines and table hierarchies, as committed.</summary>
    internal OrganizationChart Chart { get; }

    /// <summary>Registers a step directly (tests, or plug-ins outside a solution).</summary>
    public void RegisterStep(StepRegistration step) => Pipeline.Register(step);

    public void RegisterCustomApi(CustomApiRegistration api) => Pipeline.Register(api);

    /// <summary>Runs the queued asynchronous steps (and any they queue in turn); returns how many ran.</summary>
    public int RunAsyncWork()
    {
        var total = 0;
        int ran;
        do
        {
            ran = Pipeline.RunAsyncWork();
            total += ran;
        }
        while (ran > 0);

        return total;
    }

    internal void RecordTrace(PluginTraceLine line) => _traces.Enqueue(line);

    /// <summary>
    /// Loads a solution package (zip or SolutionPackager folder): its tables, columns, keys, choices, roles,
    /// environment variables, plug-in steps and Custom APIs become available. Plug-in types come from the assembly
    /// in the package, or, for an unpacked source whose DLL is added at build time, from
    /// <paramref name="pluginAssemblies"/> or an assembly of that name already loaded.
    /// </summary>
    public SolutionPackage LoadSolution(string path, IEnumerable<System.Reflection.Assembly>? pluginAssemblies = null)
        => new SolutionInstaller(this).Install(SolutionReader.Read(path), pluginAssemblies, runCode: true);

    /// <summary>Loads a package already in memory in packed form, such as a source merged by <see cref="UnpackedLayout"/>.</summary>
    public SolutionPackage LoadSolution(PackageFiles files, IEnumerable<System.Reflection.Assembly>? pluginAssemblies = null)
        => new SolutionInstaller(this).Install(SolutionReader.Read(files), pluginAssemblies, runCode: true);

    /// <summary>
    /// Loads only what a package declares — tables, columns, keys, choices, roles, environment variables and Custom
    /// API definitions — and never its plug-in assemblies: no step is registered and no type is loaded, so nothing in
    /// the package runs. For inspecting packages you do not trust (crmacc check).
    /// </summary>
    public SolutionPackage LoadSolutionMetadata(PackageFiles files)
        => new SolutionInstaller(this).Install(SolutionReader.Read(files), pluginAssemblies: null, runCode: false);

    /// <summary>An organisation service acting as <paramref name="userId"/>, or as SYSTEM when null.</summary>
    public IOrganizationService GetService(Guid? userId = null)
    {
        if (userId is { } id && Store.Peek("systemuser", id, null) == null)
        {
            throw new ArgumentException("No user " + id + " exists in this organisation; create one with CreateUser.", nameof(userId));
        }

        return new OrganizationService(this, userId);
    }

    public Guid CreateBusinessUnit(string name, Guid? parentBusinessUnitId = null)
        => Writer.Create(Caller(null), new Entity("businessunit")
        {
            ["name"] = name,
            ["parentbusinessunitid"] = new EntityReference("businessunit", parentBusinessUnitId ?? RootBusinessUnitId),
        }, null);

    /// <summary>
    /// Creates a user with a manager, a time zone (Windows id, e.g. "Pacific Standard Time") and security roles by name.
    /// A user created without <paramref name="roles"/> is a System Administrator, like the first user of a new
    /// environment; pass roles (e.g. from a loaded solution) for a user whose access is checked.
    /// </summary>
    public Guid CreateUser(string fullName, string timeZone = "UTC", Guid? managerId = null, Guid? businessUnitId = null, IEnumerable<string>? roles = null)
    {
        var code = TimeZoneCatalog.CodeFor(timeZone);
        var system = Caller(null);
        var names = fullName.Split(' ', 2);
        var user = new Entity("systemuser")
        {
            ["fullname"] = fullName,
            ["firstname"] = names[0],
            ["lastname"] = names.Length > 1 ? names[1] : string.Empty,
            ["domainname"] = fullName.Replace(' ', '.').ToLowerInvariant() + "@contoso.example",
            ["businessunitid"] = new EntityReference("businessunit", businessUnitId ?? RootBusinessUnitId),
        };
        if (managerId is { } manager)
        {
            user["parentsystemuserid"] = new EntityReference("systemuser", manager);
        }

        var id = Writer.Create(system, user, null);
        Writer.Create(system, new Entity("usersettings", id) { ["timezonecode"] = code, ["uilanguageid"] = 1033 }, null);
        foreach (var role in roles ?? [SecurityModel.SystemAdministrator])
        {
            var roleId = _roles.TryGetValue(role, out var found)
                ? found
                : throw new ArgumentException("No security role named '" + role + "'. Known roles: " + (_roles.Count == 0 ? "none (load a solution first)" : string.Join(", ", _roles.Keys.Order())) + ".", nameof(roles));
            Writer.Create(system, new Entity("systemuserroles") { ["systemuserid"] = new EntityReference("systemuser", id), ["roleid"] = new EntityReference("role", roleId) }, null);
        }

        return id;
    }

    public Guid CreateTeam(string name, Guid? businessUnitId = null, params Guid[] members)
    {
        var system = Caller(null);
        var team = Writer.Create(system, new Entity("team")
        {
            ["name"] = name,
            ["businessunitid"] = new EntityReference("businessunit", businessUnitId ?? RootBusinessUnitId),
            ["teamtype"] = new OptionSetValue(0),
        }, null);
        foreach (var member in members)
        {
            Writer.Create(system, new Entity("teammembership") { ["teamid"] = new EntityReference("team", team), ["systemuserid"] = new EntityReference("systemuser", member) }, null);
        }

        return team;
    }

    /// <summary>
    /// Disables a user, as happens when they leave and their account is removed or unlicensed in Microsoft Entra ID:
    /// Dataverse sets systemuser.isdisabled (a column clients cannot write), and the user can no longer sign in.
    /// </summary>
    public void DisableUser(Guid userId)
    {
        _ = Store.Peek("systemuser", userId, null) ?? throw new ArgumentException("No user " + userId + " exists in this organisation.", nameof(userId));
        Writer.Update(Caller(null), new Entity("systemuser", userId) { ["isdisabled"] = true }, null);
    }

    /// <summary>The user's time zone as Dataverse records it (usersettings.timezonecode → Windows id).</summary>
    public TimeZoneInfo TimeZoneOf(Guid userId)
    {
        var settings = Store.Peek("usersettings", userId, null);
        var code = settings?.GetValueOrDefault("timezonecode") as int? ?? TimeZoneCatalog.CodeFor("UTC");
        return TimeZoneCatalog.Resolve(TimeZoneCatalog.WindowsIdFor(code));
    }

    internal CallerContext Caller(Guid? userId)
    {
        var id = userId ?? SystemUserId;
        var user = Store.Peek("systemuser", id, null) ?? throw new ArgumentException("No user " + id + ".", nameof(userId));
        var businessUnit = (user.GetValueOrDefault("businessunitid") as EntityReference)?.Id ?? RootBusinessUnitId;
        return new CallerContext(id, businessUnit, TimeZoneOf(id), userId == null);
    }

    /// <summary>What a query by <paramref name="caller"/> is evaluated against; <paramref name="reader"/> is the transaction it runs in, whose own changes it sees.</summary>
    internal QueryEnvironment Environment(CallerContext caller, Transaction? reader = null) => new()
    {
        Caller = caller,
        NowUtc = Clock.UtcNow,
        WeekStartDay = _options.WeekStartDay,
        Fiscal = new FiscalCalendar(_options.FiscalYearStartMonth, _options.FiscalPeriodsPerYear, _options.FiscalYearNamedByEndYear),
        TeamsOfUser = user => Chart.TeamsOf(user, reader),
        UserAndReports = user => Chart.UserAndReports(user, reader),
        Hierarchy = (table, id, upward) => Chart.Hierarchy(table, id, upward, reader),
    };

    /// <summary>Records a security role's id by name, for <see cref="CreateUser"/>.</summary>
    internal void AddRoleId(string name, Guid id) => _roles[name] = id;

    internal void AddSolution(SolutionPackage package) => _solutions.Add(package);
}
