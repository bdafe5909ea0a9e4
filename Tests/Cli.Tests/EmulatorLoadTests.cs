using System;
using System.Linq;
using System.Xml.Linq;
using CrmAccountability.Emulator;
using Microsoft.Xrm.Sdk;
using Microsoft.Xrm.Sdk.Query;
using Xunit;

namespace CrmAccountability.Cli.Tests;

/// <summary>The packed zip loads into the emulator with everything it declares, and every view returns rows on seeded data.</summary>
public sealed class EmulatorLoadTests
{
    private static readonly DateTime Now = new(2026, 11, 25, 15, 0, 0, DateTimeKind.Utc);

    [Fact]
    public void The_packed_zip_gives_the_emulator_its_tables_keys_roles_and_custom_APIs()
    {
        // Arrange
        var (_, managed) = Packages.Packed;
        var org = new DataverseEmulator(new EmulatorOptions { StartUtc = Now });

        // Act
        var package = org.LoadSolution(managed);

        // Assert
        foreach (var table in new[] { "cra_expectation", "cra_attainment", "cra_recognition", "cra_review", "cra_pipelinesnapshot" })
        {
            Assert.NotNull(org.Metadata.FindTable(table));
        }

        Assert.True(org.Metadata.FindTable("cra_review")!.IsActivity);
        Assert.Equal(["cra_expectationid", "cra_repid", "cra_periodstart"], org.Metadata.FindTable("cra_attainment")!.AlternateKeys.Single().Columns);
        Assert.NotNull(org.Metadata.FindTable("phonecall")!.FindColumn("cra_purpose"));
        Assert.NotNull(org.Metadata.FindTable("appointment")!.FindColumn("cra_isfirstmeeting"));
        Assert.NotNull(org.Metadata.FindTable("opportunity")!.FindColumn("cra_lastactivityon"));
        Assert.Equal(["Accountability Admin", "Accountability Manager", "Accountability Rep"], package.Roles.Select(r => r.Name).Order());
        Assert.Equal(["cra_EvaluateAccountability", "cra_ExplainAttainment", "cra_Recalculate"], org.CustomApis.Select(a => a.UniqueName).Order());
        Assert.Equal(10, package.EnvironmentVariables.Count);
        Assert.Empty(package.Warnings);
    }

    [Fact]
    public void Every_view_in_the_package_runs_and_returns_rows_on_seeded_data()
    {
        // Arrange
        var (_, managed) = Packages.Packed;
        var org = new DataverseEmulator(new EmulatorOptions { StartUtc = Now });
        org.LoadSolution(managed);
        var manager = org.CreateUser("Mia Manager", "GMT Standard Time", roles: ["Accountability Manager"]);
        var rep = org.CreateUser("Ana Rep", "GMT Standard Time", managerId: manager, roles: ["Accountability Rep"]);
        Seed(org, rep, manager);
        using var zip = System.IO.Compression.ZipFile.OpenRead(managed);
        var views = XDocument.Load(zip.GetEntry("customizations.xml")!.Open()).Descendants("savedquery").ToList();

        // Act + Assert: each view returns rows for the rep or for the manager.
        Assert.Equal(13, views.Count);
        Assert.Equal(views.Count, org.GetService().RetrieveMultiple(new Microsoft.Xrm.Sdk.Query.QueryExpression("savedquery") { ColumnSet = new Microsoft.Xrm.Sdk.Query.ColumnSet("name") }).Entities.Count);
        foreach (var view in views)
        {
            var name = view.Descendants("LocalizedName").First().Attribute("description")!.Value;
            var fetch = view.Element("fetchxml")!.Element("fetch")!.ToString(SaveOptions.DisableFormatting).Replace("{0}", "%", StringComparison.Ordinal);
            var asRep = org.GetService(rep).RetrieveMultiple(new FetchExpression(fetch)).Entities.Count;
            var asManager = org.GetService(manager).RetrieveMultiple(new FetchExpression(fetch)).Entities.Count;
            Assert.True(asRep + asManager > 0, "view '" + name + "' returned no rows for the rep or the manager");
        }
    }

    private static void Seed(DataverseEmulator org, Guid rep, Guid manager)
    {
        var system = org.GetService();
        var expectation = system.Create(new Entity("cra_expectation")
        {
            ["cra_name"] = "Prospecting minutes",
            ["cra_metric"] = new OptionSetValue(472100001),
            ["cra_period"] = new OptionSetValue(472100000),
            ["cra_target"] = 90m,
            ["cra_repid"] = new EntityReference("systemuser", rep),
            ["cra_managerid"] = new EntityReference("systemuser", manager),
            ["ownerid"] = new EntityReference("systemuser", manager),
        });
        var attainment = system.Create(new Entity("cra_attainment")
        {
            ["cra_name"] = "Prospecting minutes — 2026-11-24",
            ["cra_expectationid"] = new EntityReference("cra_expectation", expectation),
            ["cra_repid"] = new EntityReference("systemuser", rep),
            ["cra_periodstart"] = new DateTime(2026, 11, 24),
            ["cra_periodend"] = new DateTime(2026, 11, 24),
            ["cra_periodlabel"] = "2026-11-24",
            ["cra_actual"] = 35m,
            ["cra_target"] = 90m,
            ["cra_status"] = new OptionSetValue(472100002),
            ["cra_isclosed"] = false,
            ["ownerid"] = new EntityReference("systemuser", rep),
        });
        system.Create(new Entity("cra_recognition") { ["cra_name"] = "Met: first meetings", ["cra_repid"] = new EntityReference("systemuser", rep), ["cra_attainmentid"] = new EntityReference("cra_attainment", attainment), ["cra_kind"] = new OptionSetValue(472100000), ["cra_awardedon"] = Now.AddHours(-2), ["ownerid"] = new EntityReference("systemuser", rep) });
        system.Create(new Entity("cra_review") { ["subject"] = "Weekly pipeline review", ["cra_reviewtype"] = new OptionSetValue(472100000), ["cra_repid"] = new EntityReference("systemuser", rep), ["scheduledstart"] = Now.AddHours(1), ["scheduledend"] = Now.AddHours(2), ["ownerid"] = new EntityReference("systemuser", manager) });
        system.Create(new Entity("cra_pipelinesnapshot") { ["cra_name"] = "Ana Rep 2026-11-23", ["cra_repid"] = new EntityReference("systemuser", rep), ["cra_weekstart"] = new DateTime(2026, 11, 23), ["cra_openvalue"] = new Money(250_000m), ["ownerid"] = new EntityReference("systemuser", rep) });
        system.Create(new Entity("opportunity") { ["name"] = "Quiet deal", ["estimatedvalue"] = new Money(120_000m), ["cra_isstalled"] = true, ["estimatedclosedate"] = new DateTime(2026, 11, 20), ["ownerid"] = new EntityReference("systemuser", rep) });
    }
}
