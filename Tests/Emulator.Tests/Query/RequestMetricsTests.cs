using System;
using Microsoft.Xrm.Sdk;
using Xunit;

namespace CrmAccountability.Emulator.Tests.Query;

/// <summary>Service-call and rows-read counters per top-level request, which the benchmark reads.</summary>
public sealed class RequestMetricsTests
{
    [Fact]
    public void A_filter_on_an_owner_reads_only_that_owners_rows_however_many_others_exist()
    {
        // Arrange
        var data = QueryTestData.New();
        var ana = data.Org.CreateUser("Ana Rep");
        var ben = data.Org.CreateUser("Ben Rep");
        for (var i = 0; i < 3; i++)
        {
            data.CompletedCall(ana, TestOrg.Start.AddHours(-i - 1), 10);
        }

        for (var i = 0; i < 500; i++)
        {
            data.Service.Create(new Entity("phonecall") { ["subject"] = "other", ["ownerid"] = new EntityReference("systemuser", ben) });
        }

        // Act
        data.Fetch("<fetch aggregate='true'><entity name='phonecall'><attribute name='actualdurationminutes' alias='m' aggregate='sum'/>"
            + "<filter><condition attribute='ownerid' operator='eq' value='" + ana + "'/><condition attribute='statecode' operator='eq' value='1'/></filter></entity></fetch>");

        // Assert
        var cost = data.Org.Metrics.LastRequest!;
        Assert.Equal("RetrieveMultiple", cost.Message);
        Assert.Equal(1, cost.ServiceCalls);
        Assert.Equal(3, cost.RowsRead);
    }

    [Fact]
    public void Without_an_indexed_condition_the_whole_table_is_read()
    {
        var data = QueryTestData.New();
        data.Account("A", 1);
        data.Account("B", 2);

        data.Fetch("<fetch><entity name='account'><filter><condition attribute='name' operator='like' value='A%'/></filter></entity></fetch>");

        Assert.Equal(2, data.Org.Metrics.LastRequest!.RowsRead);
    }

    [Fact]
    public void Each_call_is_one_top_level_request()
    {
        var data = QueryTestData.New();
        var before = data.Org.Metrics.Requests;

        var id = data.Account("A");
        data.Service.Retrieve("account", id, new Microsoft.Xrm.Sdk.Query.ColumnSet("name"));

        Assert.Equal(before + 2, data.Org.Metrics.Requests);
        Assert.Equal(new Emulator.Organization.RequestCost("Retrieve", 1, 1, RowsReturned: 1, RowsMatched: 1), data.Org.Metrics.LastRequest);
    }
}
