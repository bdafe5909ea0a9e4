// The emulator examples in README.md, compiled here so they keep compiling: ReadmeTests checks that each block between
// the "readme:" markers appears in the README exactly as written below.
// readme:usings
using System;
using CrmAccountability.Emulator;
using CrmAccountability.Emulator.Pipeline;
using CrmAccountability.Emulator.Solutions;
using Microsoft.Xrm.Sdk;
using Microsoft.Xrm.Sdk.Query;
// readme:end

namespace CrmAccountability.Emulator.Tests.Readme;

internal static class ReadmeExamples
{
    public static (EntityCollection Today, DataverseEmulator Org) Queries(string solution)
    {
        // readme:queries
        var org = new DataverseEmulator(new EmulatorOptions { StartUtc = new DateTime(2026, 11, 25, 15, 0, 0, DateTimeKind.Utc) });
        org.LoadSolution(solution);                                        // tables, columns, keys, choices, roles, steps
        var manager = org.CreateUser("Mia Manager", timeZone: "GMT Standard Time");
        var rep = org.CreateUser("Ana Rep", timeZone: "Pacific Standard Time", managerId: manager);
        var service = org.GetService(rep);                                 // or GetService() for SYSTEM

        var call = service.Create(new Entity("phonecall") { ["subject"] = "Discovery", ["actualdurationminutes"] = 30 });
        org.Clock.Advance(TimeSpan.FromMinutes(45));
        service.Update(new Entity("phonecall", call) { ["statecode"] = new OptionSetValue(1) });  // actualend is stamped

        var today = service.RetrieveMultiple(new FetchExpression(
            "<fetch><entity name='phonecall'><filter><condition attribute='actualend' operator='today'/></filter></entity></fetch>"));
        // readme:end
        return (today, org);
    }

    public static int Steps(DataverseEmulator org)
    {
        // readme:steps
        org.RegisterStep(new StepRegistration
        {
            Message = "Update", PrimaryEntity = "phonecall", Stage = 40,
            FilteringAttributes = ["statecode"], PluginType = typeof(MyPlugin),
            Images = [new StepImageDefinition("PreImage", "PreImage", ImageType.PreImage, ["statecode", "ownerid"], "Target")],
        });
        org.RunAsyncWork();                 // asynchronous steps run after their request commits
        var traces = org.PluginTraces;      // what plug-ins wrote with ITracingService
        // readme:end
        return traces.Count;
    }

    /// <summary>The plug-in the README registers: it writes one trace line.</summary>
    public sealed class MyPlugin : IPlugin
    {
        public void Execute(IServiceProvider serviceProvider)
            => ((ITracingService)serviceProvider.GetService(typeof(ITracingService))!).Trace("MyPlugin ran");
    }
}
