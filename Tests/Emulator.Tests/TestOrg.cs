using System;
using System.IO;
using System.Linq;
using System.Reflection;
using System.ServiceModel;
using Microsoft.Xrm.Sdk;
using Xunit;

namespace CrmAccountability.Emulator.Tests;

/// <summary>A fresh organisation per test on a fixed clock: Wednesday 25 November 2026, 15:00 UTC.</summary>
internal static class TestOrg
{
    public static readonly DateTime Start = new(2026, 11, 25, 15, 0, 0, DateTimeKind.Utc);

    public static DataverseEmulator New(EmulatorOptions? options = null) => new((options ?? new EmulatorOptions()) with { StartUtc = Start });

    public static string Asset(params string[] parts) => Path.Combine([AppContext.BaseDirectory, "Assets", .. parts]);

    public static string Fixture(string name) => CrmAccountability.TestSupport.Fixtures.Solution(name);

    /// <summary>Runs <paramref name="action"/> and returns the Dataverse fault it raised, checking its error code.</summary>
    public static OrganizationServiceFault Fault(int expectedCode, Action action)
    {
        var exception = Assert.Throws<FaultException<OrganizationServiceFault>>(action);
        Assert.True(expectedCode == exception.Detail.ErrorCode, $"expected error code 0x{expectedCode:X8}, got 0x{exception.Detail.ErrorCode:X8}: {exception.Detail.Message}");
        return exception.Detail;
    }
}
