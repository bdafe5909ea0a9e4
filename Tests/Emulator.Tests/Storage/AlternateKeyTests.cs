using System;
using Microsoft.Xrm.Sdk;
using Microsoft.Xrm.Sdk.Messages;
using Microsoft.Xrm.Sdk.Query;
using Xunit;
using static CrmAccountability.Emulator.Storage.DataverseFaults;

namespace CrmAccountability.Emulator.Tests.Storage;

/// <summary>Alternate keys: uniqueness and Upsert by key (Learn: "Use Upsert to insert or update a record").</summary>
public sealed class AlternateKeyTests
{
    private static (DataverseEmulator Org, IOrganizationService Service) OrgWithWidgets()
    {
        var org = TestOrg.New();
        org.LoadSolution(TestOrg.Asset("SampleSolution"));
        return (org, org.GetService());
    }

    [Fact]
    public void Upsert_by_key_creates_the_row_once_then_updates_it()
    {
        // Arrange
        var (_, service) = OrgWithWidgets();
        var first = new Entity("cra_widget", "cra_code", "W-1") { ["cra_name"] = "First", ["cra_count"] = 1 };
        var second = new Entity("cra_widget", "cra_code", "W-1") { ["cra_count"] = 2 };

        // Act
        var created = (UpsertResponse)service.Execute(new UpsertRequest { Target = first });
        var updated = (UpsertResponse)service.Execute(new UpsertRequest { Target = second });

        // Assert
        Assert.True(created.RecordCreated);
        Assert.False(updated.RecordCreated);
        Assert.Equal(created.Target.Id, updated.Target.Id);
        var row = service.Retrieve("cra_widget", created.Target.Id, new ColumnSet("cra_name", "cra_count", "cra_code"));
        Assert.Equal(("First", 2, "W-1"), (row.GetAttributeValue<string>("cra_name"), row.GetAttributeValue<int>("cra_count"), row.GetAttributeValue<string>("cra_code")));
    }

    [Fact]
    public void A_second_row_with_the_same_key_values_is_DuplicateAlternateKey()
    {
        var (_, service) = OrgWithWidgets();
        service.Create(new Entity("cra_widget") { ["cra_name"] = "A", ["cra_code"] = "W-1" });

        var fault = TestOrg.Fault(DuplicateAlternateKey, () => service.Create(new Entity("cra_widget") { ["cra_name"] = "B", ["cra_code"] = "W-1" }));

        Assert.Contains("The entity key cra_widget_code requires that this set of attributes contains unique values", fault.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Updating_by_a_key_that_matches_nothing_is_RecordNotFoundByEntityKey()
    {
        var (_, service) = OrgWithWidgets();

        TestOrg.Fault(RecordNotFoundByEntityKey, () => service.Update(new Entity("cra_widget", "cra_code", "missing") { ["cra_count"] = 3 }));
    }

    [Fact]
    public void Rows_without_the_key_columns_do_not_collide()
    {
        var (_, service) = OrgWithWidgets();

        service.Create(new Entity("cra_widget") { ["cra_name"] = "A" });
        service.Create(new Entity("cra_widget") { ["cra_name"] = "B" });
    }
}
