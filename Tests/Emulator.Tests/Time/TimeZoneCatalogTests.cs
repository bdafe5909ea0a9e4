using System;
using System.Linq;
using CrmAccountability.Emulator.Time;
using Microsoft.Xrm.Sdk.Query;
using Xunit;

namespace CrmAccountability.Emulator.Tests.Time;

/// <summary>The time zones Dataverse offers (timezonedefinition), each resolving to real rules on this machine.</summary>
public sealed class TimeZoneCatalogTests
{
    [Fact]
    public void Every_zone_in_the_catalogue_resolves_to_a_system_time_zone_and_codes_are_unique()
    {
        var zones = TimeZoneCatalog.All.ToList();

        Assert.True(zones.Count >= 90, "expected the full Windows list Dataverse offers, found " + zones.Count);
        Assert.Equal(zones.Count, zones.Select(z => z.Code).Distinct().Count());
        Assert.Equal(zones.Count, zones.Select(z => z.WindowsId).Distinct(StringComparer.OrdinalIgnoreCase).Count());
        Assert.All(zones, z => Assert.NotNull(TimeZoneCatalog.Resolve(z.WindowsId)));
    }

    [Theory]
    [InlineData("Tonga Standard Time", 13)]
    [InlineData("Line Islands Standard Time", 14)]
    [InlineData("Dateline Standard Time", -12)]
    [InlineData("Nepal Standard Time", 5.75)]
    public void Zones_at_the_edges_of_the_clock_are_offered(string windowsId, double offsetHours)
    {
        var zone = TimeZoneCatalog.Resolve(windowsId);

        Assert.Equal(TimeSpan.FromHours(offsetHours), zone.GetUtcOffset(new DateTime(2026, 7, 1, 0, 0, 0, DateTimeKind.Utc)));
        Assert.True(TimeZoneCatalog.CodeFor(windowsId) >= 0);
    }

    [Fact]
    public void The_organisation_lists_every_zone_as_a_timezonedefinition_row()
    {
        var org = TestOrg.New();

        var rows = org.GetService().RetrieveMultiple(new QueryExpression("timezonedefinition") { ColumnSet = new ColumnSet("standardname", "timezonecode") }).Entities;

        Assert.Equal(TimeZoneCatalog.All.Count(), rows.Count);
        Assert.Contains(rows, r => r.GetAttributeValue<string>("standardname") == "Tonga Standard Time" && r.GetAttributeValue<int>("timezonecode") == 300);
    }
}
