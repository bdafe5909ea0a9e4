using System.Linq;
using Microsoft.Xrm.Sdk;
using Microsoft.Xrm.Sdk.Query;
using Xunit;
using static CrmAccountability.Emulator.Storage.DataverseFaults;

namespace CrmAccountability.Emulator.Tests.Platform;

/// <summary>The activitypointer row kept in step with each activity.</summary>
public sealed class ActivityPointerMirrorTests
{
    [Fact]
    public void The_activity_pointer_mirrors_each_activity_with_its_type()
    {
        var org = TestOrg.New();
        var service = org.GetService();
        var call = service.Create(new Entity("phonecall") { ["subject"] = "Call" });
        var meeting = service.Create(new Entity("appointment") { ["subject"] = "Meeting", ["scheduleddurationminutes"] = 30 });

        service.Update(new Entity("appointment", meeting) { ["statecode"] = new OptionSetValue(1) });
        service.Delete("phonecall", call);

        var pointers = service.RetrieveMultiple(new QueryExpression("activitypointer") { ColumnSet = new ColumnSet("activitytypecode", "statecode", "scheduleddurationminutes") }).Entities;
        var pointer = Assert.Single(pointers);
        Assert.Equal(meeting, pointer.Id);
        Assert.Equal("appointment", pointer.GetAttributeValue<string>("activitytypecode"));
        Assert.Equal(1, pointer.GetAttributeValue<OptionSetValue>("statecode").Value);
        Assert.Equal(30, pointer.GetAttributeValue<int>("scheduleddurationminutes"));
    }

    [Fact]
    public void The_activity_pointer_cannot_be_created_directly()
    {
        var service = TestOrg.New().GetService();

        TestOrg.Fault(InvalidArgument, () => service.Create(new Entity("activitypointer") { ["subject"] = "x" }));
    }
}
