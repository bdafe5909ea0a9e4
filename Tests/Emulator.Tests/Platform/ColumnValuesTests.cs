using System;
using Microsoft.Xrm.Sdk;
using Xunit;
using static CrmAccountability.Emulator.Storage.DataverseFaults;

namespace CrmAccountability.Emulator.Tests.Platform;

/// <summary>Column values checked against their columns on the way in.</summary>
public sealed class ColumnValuesTests
{
    [Fact]
    public void Regarding_accepts_tables_enabled_for_activities_and_refuses_others()
    {
        // Arrange: the sample solution's cra_widget has no activity relationship; account is activity-enabled as standard.
        var org = TestOrg.New();
        org.LoadSolution(TestOrg.Asset("SampleSolution"));
        var service = org.GetService();
        var account = service.Create(new Entity("account") { ["name"] = "Contoso" });
        var widget = service.Create(new Entity("cra_widget") { ["cra_name"] = "Sprocket" });

        // Act
        var onAccount = service.Create(new Entity("task") { ["subject"] = "Call back", ["regardingobjectid"] = new EntityReference("account", account) });
        var onWidget = TestOrg.Fault(InvalidArgument, () => service.Create(new Entity("task") { ["subject"] = "Inspect", ["regardingobjectid"] = new EntityReference("cra_widget", widget) }));

        // Assert
        Assert.NotEqual(Guid.Empty, onAccount);
        Assert.Contains("regardingobjectid", onWidget.Message, StringComparison.Ordinal);
        Assert.Contains("cra_widget", onWidget.Message, StringComparison.Ordinal);
    }
}
