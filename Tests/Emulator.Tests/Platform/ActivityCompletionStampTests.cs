using System;
using Microsoft.Xrm.Sdk;
using Microsoft.Xrm.Sdk.Query;
using Xunit;

namespace CrmAccountability.Emulator.Tests.Platform;

/// <summary>Completing an activity stamps its actual end unless the user gave one.</summary>
public sealed class ActivityCompletionStampTests
{
    [Fact]
    public void Completing_an_activity_without_an_actual_end_stamps_it_with_the_time_of_completion()
    {
        var org = TestOrg.New();
        var service = org.GetService();
        var id = service.Create(new Entity("phonecall") { ["subject"] = "Prospecting call", ["actualdurationminutes"] = 15 });

        org.Clock.Advance(TimeSpan.FromMinutes(20));
        service.Update(new Entity("phonecall", id) { ["statecode"] = new OptionSetValue(1), ["statuscode"] = new OptionSetValue(2) });

        Assert.Equal(TestOrg.Start.AddMinutes(20), service.Retrieve("phonecall", id, new ColumnSet("actualend")).GetAttributeValue<DateTime>("actualend"));
    }

    [Fact]
    public void Completing_an_activity_keeps_an_actual_end_the_user_entered()
    {
        var org = TestOrg.New();
        var service = org.GetService();
        var entered = TestOrg.Start.AddHours(-3);
        var id = service.Create(new Entity("task") { ["subject"] = "Proposal", ["actualend"] = entered });

        service.Update(new Entity("task", id) { ["statecode"] = new OptionSetValue(1) });

        var task = service.Retrieve("task", id, new ColumnSet("actualend", "statuscode"));
        Assert.Equal(entered, task.GetAttributeValue<DateTime>("actualend"));
        Assert.Equal(5, task.GetAttributeValue<OptionSetValue>("statuscode").Value);
    }
}
