using Microsoft.Xrm.Sdk;
using Xunit;
using static CrmAccountability.Emulator.Storage.DataverseFaults;

namespace CrmAccountability.Emulator.Tests.Platform;

/// <summary>New rows start open, in a state with its default status.</summary>
public sealed class InitialStateTests
{
    [Fact]
    public void A_new_activity_must_be_created_open()
    {
        var service = TestOrg.New().GetService();

        TestOrg.Fault(InvalidArgument, () => service.Create(new Entity("task") { ["subject"] = "x", ["statecode"] = new OptionSetValue(1), ["statuscode"] = new OptionSetValue(5) }));
    }
}
