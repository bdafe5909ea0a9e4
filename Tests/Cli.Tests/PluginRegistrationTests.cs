using System;
using System.IO;
using System.IO.Compression;
using System.Linq;
using System.ServiceModel;
using System.Xml.Linq;
using CrmAccountability.Cli.Packing;
using CrmAccountability.Emulator;
using Microsoft.Xrm.Sdk;
using Xunit;

namespace CrmAccountability.Cli.Tests;

/// <summary>
/// The steps in the packed zip are exactly the [PluginStep] attributes on the plug-in classes, and the emulator,
/// loading that zip, runs those plug-ins from the DLL inside it.
/// </summary>
public sealed class PluginRegistrationTests
{
    private static readonly DateTime Now = new(2026, 11, 25, 15, 0, 0, DateTimeKind.Utc);

    private static string PluginDll => Path.Combine(Packages.RepoRoot, "Plugins", "bin", "Release", "net462", "CrmAccountability.Plugins.dll");

    [Fact]
    public void The_packed_steps_are_the_attributes_on_the_plugin_classes()
    {
        // Arrange
        var (_, attributes) = PluginRegistrations.Read(File.ReadAllBytes(PluginDll));
        var (_, managed) = Packages.Packed;

        // Act
        using var zip = ZipFile.OpenRead(managed);
        var customizations = XDocument.Load(zip.GetEntry("customizations.xml")!.Open()).Root!;
        var steps = customizations.Element("SdkMessageProcessingSteps")!.Elements("SdkMessageProcessingStep").ToList();
        var assembly = customizations.Element("SolutionPluginAssemblies")!.Elements("PluginAssembly").Single();

        // Assert
        Assert.Equal(attributes.Count, steps.Count);
        Assert.Equal(
            attributes.Select(a => a.TypeName + ":" + a.Message + ":" + a.PrimaryEntity + ":" + a.Stage + ":" + a.FilteringAttributes).Order(),
            steps.Select(s => s.Element("PluginTypeName")!.Value.Split(',')[0] + ":" + (string)s.Attribute("Name")!.Value.Split(": ")[1].Split(" of ")[0] + ":" + s.Element("PrimaryEntity")!.Value + ":" + s.Element("Stage")!.Value + ":" + NullIfEmpty(s.Element("FilteringAttributes")!.Value)).Order());
        Assert.NotNull(zip.GetEntry(assembly.Element("FileName")!.Value.TrimStart('/')));
        Assert.StartsWith("CrmAccountability.Plugins, Version=1.0.0.0", (string)assembly.Attribute("FullName")!, StringComparison.Ordinal);
    }

    [Fact]
    public void Saving_an_expectation_that_cannot_be_measured_is_refused_with_every_problem()
    {
        // Arrange
        var org = LoadedOrg(out var manager, out var rep);
        var service = org.GetService(manager);

        // Act
        var fault = Assert.Throws<FaultException<OrganizationServiceFault>>(() => service.Create(new Entity("cra_expectation")
        {
            ["cra_name"] = "Prospecting",
            ["cra_metric"] = new OptionSetValue(472100001),
            ["cra_period"] = new OptionSetValue(472100000),
            ["cra_target"] = 0m,
        }));

        // Assert
        Assert.Equal("This expectation can't be saved yet: The target must be a positive number; it is 0. Set who the expectation is for: a rep, or a team whose members each get their own attainment.", fault.Detail.Message);
        Assert.Empty(org.GetService().RetrieveMultiple(new Microsoft.Xrm.Sdk.Query.QueryExpression("cra_expectation")).Entities);
    }

    [Fact]
    public void An_update_is_validated_against_the_stored_row_through_the_pre_image()
    {
        var org = LoadedOrg(out var manager, out var rep);
        var service = org.GetService(manager);
        var id = service.Create(new Entity("cra_expectation")
        {
            ["cra_name"] = "Deals",
            ["cra_metric"] = new OptionSetValue(472100004),
            ["cra_period"] = new OptionSetValue(472100003),
            ["cra_target"] = 4m,
            ["cra_repid"] = new EntityReference("systemuser", rep),
        });

        var fault = Assert.Throws<FaultException<OrganizationServiceFault>>(() => service.Update(new Entity("cra_expectation", id) { ["cra_stretchtarget"] = 2m }));

        Assert.Contains("The stretch target (2) must be at least the target (4)", fault.Detail.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Nobody_edits_computed_attainment_columns_but_the_systems_own_plugins()
    {
        // Arrange
        var org = LoadedOrg(out var manager, out var rep);
        var system = org.GetService();
        var expectation = system.Create(new Entity("cra_expectation") { ["cra_name"] = "Calls", ["cra_metric"] = new OptionSetValue(472100000), ["cra_period"] = new OptionSetValue(472100000), ["cra_target"] = 10m, ["cra_repid"] = new EntityReference("systemuser", rep) });
        var attainment = system.Create(new Entity("cra_attainment") { ["cra_name"] = "Calls today", ["cra_expectationid"] = new EntityReference("cra_expectation", expectation), ["cra_repid"] = new EntityReference("systemuser", rep), ["cra_periodstart"] = new DateTime(2026, 11, 24), ["cra_actual"] = 3m });

        // Act
        var fault = Assert.Throws<FaultException<OrganizationServiceFault>>(() => system.Update(new Entity("cra_attainment", attainment) { ["cra_actual"] = 10m, ["cra_name"] = "Calls" }));
        system.Update(new Entity("cra_attainment", attainment) { ["cra_name"] = "Calls, renamed" });

        // Assert
        Assert.StartsWith("Attainment figures are calculated from logged activities and opportunities, so cra_actual can't be edited.", fault.Detail.Message, StringComparison.Ordinal);
        Assert.Equal(3m, system.Retrieve("cra_attainment", attainment, new Microsoft.Xrm.Sdk.Query.ColumnSet("cra_actual")).GetAttributeValue<decimal>("cra_actual"));
    }

    private static DataverseEmulator LoadedOrg(out Guid manager, out Guid rep)
    {
        var (_, managed) = Packages.Packed;
        var org = new DataverseEmulator(new EmulatorOptions { StartUtc = Now });
        org.LoadSolution(managed);
        manager = org.CreateUser("Mia Manager", roles: ["Accountability Manager"]);
        rep = org.CreateUser("Ana Rep", managerId: manager, roles: ["Accountability Rep"]);
        return org;
    }

    private static string? NullIfEmpty(string value) => value.Length == 0 ? null : value;
}
