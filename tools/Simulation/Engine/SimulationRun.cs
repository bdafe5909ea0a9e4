using System;
using System.Collections.Generic;
using CrmAccountability.Emulator;
using CrmAccountability.Simulation.Scenario;
using Microsoft.Xrm.Sdk;

namespace CrmAccountability.Simulation.Engine;

/// <summary>A finished simulation: the organisation as it ended, who is who, and every action taken.</summary>
public sealed class SimulationRun
{
    internal SimulationRun(
        DataverseEmulator org,
        SalesScenario scenario,
        IReadOnlyDictionary<string, Guid> people,
        IReadOnlyDictionary<string, Guid> teams,
        IReadOnlyDictionary<string, Guid> expectations,
        IReadOnlyDictionary<string, Guid> opportunities,
        EventLog events,
        int evaluations,
        int evaluateCalls,
        string adminKey)
    {
        Org = org;
        Scenario = scenario;
        People = people;
        Teams = teams;
        Expectations = expectations;
        Opportunities = opportunities;
        Events = events;
        Evaluations = evaluations;
        EvaluateCalls = evaluateCalls;
        AdminKey = adminKey;
    }

    public DataverseEmulator Org { get; }

    public SalesScenario Scenario { get; }

    /// <summary>Cast keys to systemuser ids.</summary>
    public IReadOnlyDictionary<string, Guid> People { get; }

    public IReadOnlyDictionary<string, Guid> Teams { get; }

    public IReadOnlyDictionary<string, Guid> Expectations { get; }

    public IReadOnlyDictionary<string, Guid> Opportunities { get; }

    public EventLog Events { get; }

    /// <summary>How many times the scheduled flow ran, and how many Custom API calls its runs took in all.</summary>
    public int Evaluations { get; }

    public int EvaluateCalls { get; }

    public string AdminKey { get; }

    /// <summary>The end of the simulation (UTC): "as of" for every figure the outputs show.</summary>
    public DateTime EndUtc => Scenario.EndUtc;

    /// <summary>SYSTEM's view of the organisation, for reading the final state.</summary>
    public IOrganizationService System => Org.GetService();

    public IOrganizationService As(string key) => Org.GetService(People[key]);
}
