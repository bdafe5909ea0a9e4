using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.ServiceModel;
using System.Threading;
using CrmAccountability.Emulator.Pipeline;
using CrmAccountability.Emulator.Tests.Pipeline;
using CrmAccountability.Emulator.Storage;
using Microsoft.Xrm.Sdk;
using Microsoft.Xrm.Sdk.Query;
using Xunit;

namespace CrmAccountability.Emulator.Tests.Query;

/// <summary>
/// Queries cost what their answers cost, as Dataverse's indexes make them: the rows a query examines stay close to the
/// rows it matches, whatever the table holds, and the aggregate limit is known before rows are read.
/// </summary>
public sealed class IndexTests
{
    private static readonly DateTime First = new(2024, 1, 1, 0, 0, 0, DateTimeKind.Utc);
    private const int Owners = 10;
    private const int Days = 1_000;

    /// <summary>Phone calls spread evenly over 10 owners and 1,000 days.</summary>
    private static (DataverseEmulator Org, List<Guid> Owners) Calls(int count)
    {
        var org = TestOrg.New();
        var owners = Enumerable.Range(0, Owners).Select(i => org.CreateUser("Owner " + i)).ToList();
        var service = org.GetService();
        for (var i = 0; i < count; i++)
        {
            service.Create(new Entity("phonecall")
            {
                ["subject"] = "call " + i,
                ["ownerid"] = new EntityReference("systemuser", owners[i % Owners]),
                ["actualend"] = First.AddMinutes((double)i * Days * 24 * 60 / count),
            });
        }

        return (org, owners);
    }

    private static string Window(DateTime from, double days)
        => "<condition attribute='actualend' operator='ge' value='" + Utc(from) + "' /><condition attribute='actualend' operator='lt' value='" + Utc(from.AddDays(days)) + "' />";

    private static string Utc(DateTime instant) => instant.ToString("yyyy-MM-ddTHH:mm:ssZ", CultureInfo.InvariantCulture);

    [Fact]
    public void At_100000_rows_one_owners_calls_in_a_date_window_are_aggregated_from_about_as_many_rows_as_match()
    {
        // Arrange: 10 days hold about 100 of one owner's 10,000 calls.
        var (org, owners) = Calls(100_000);

        // Act
        var result = org.GetService().RetrieveMultiple(new FetchExpression("<fetch aggregate='true'><entity name='phonecall'><attribute name='activityid' alias='n' aggregate='count' /><attribute name='actualend' alias='last' aggregate='max' />"
            + "<filter><condition attribute='ownerid' operator='eq' value='" + owners[3] + "' />" + Window(First.AddDays(400), 10) + "</filter></entity></fetch>"));

        // Assert
        var cost = org.Metrics.LastRequest!;
        var counted = (int)result.Entities[0].GetAttributeValue<AliasedValue>("n").Value;
        Assert.Equal(counted, cost.RowsMatched);
        Assert.InRange(counted, 90, 110);
        Assert.True(cost.RowsRead <= 3 * cost.RowsMatched, cost.RowsRead + " rows examined for " + cost.RowsMatched + " matched");
    }

    [Fact]
    public void At_100000_rows_a_date_window_examines_about_as_many_rows_as_it_returns()
    {
        var (org, _) = Calls(100_000);

        var result = org.GetService().RetrieveMultiple(new FetchExpression("<fetch><entity name='phonecall'><attribute name='activityid' /><filter>" + Window(First.AddDays(400), 1) + "</filter></entity></fetch>"));

        var cost = org.Metrics.LastRequest!;
        Assert.InRange(result.Entities.Count, 90, 110);
        Assert.Equal(result.Entities.Count, cost.RowsMatched);
        Assert.True(cost.RowsRead <= 3 * result.Entities.Count, cost.RowsRead + " rows examined for " + result.Entities.Count + " returned");
    }

    [Fact]
    public void An_aggregate_over_more_than_50000_rows_fails_before_a_row_is_read()
    {
        // Arrange: 600 of the 1,000 days hold 60,000 calls.
        var (org, _) = Calls(100_000);

        // Act
        var fault = Assert.Throws<FaultException<OrganizationServiceFault>>(() => org.GetService().RetrieveMultiple(new FetchExpression(
            "<fetch aggregate='true'><entity name='phonecall'><attribute name='activityid' alias='n' aggregate='count' /><filter>" + Window(First.AddDays(100), 600) + "</filter></entity></fetch>")));

        // Assert
        Assert.Equal(DataverseFaults.AggregateQueryRecordLimit, fault.Detail.ErrorCode);
        Assert.Equal(0, org.Metrics.LastRequest!.RowsRead);
    }

    [Fact]
    public void An_aggregate_the_indexes_cannot_count_stops_reading_once_it_passes_50000_rows()
    {
        var (org, _) = Calls(60_000);

        var fault = Assert.Throws<FaultException<OrganizationServiceFault>>(() => org.GetService().RetrieveMultiple(new FetchExpression(
            "<fetch aggregate='true'><entity name='phonecall'><attribute name='activityid' alias='n' aggregate='count' /><filter><condition attribute='subject' operator='like' value='call%' /></filter></entity></fetch>")));

        Assert.Equal(DataverseFaults.AggregateQueryRecordLimit, fault.Detail.ErrorCode);
        Assert.Equal(50_001, org.Metrics.LastRequest!.RowsRead);
    }

    [Fact]
    public void A_row_moved_to_another_date_in_an_open_transaction_is_found_there_inside_it_and_at_its_committed_date_outside()
    {
        // Arrange: a plug-in that, inside the update's transaction, looks for the call in both windows.
        var (org, owners) = Calls(1_000);
        var service = org.GetService();
        var id = service.Create(new Entity("phonecall") { ["subject"] = "moving", ["ownerid"] = new EntityReference("systemuser", owners[0]), ["actualend"] = First.AddDays(10).AddHours(1) });
        string Find(double fromDay) => "<fetch><entity name='phonecall'><attribute name='subject' /><filter><condition attribute='ownerid' operator='eq' value='" + owners[0] + "' />" + Window(First.AddDays(fromDay), 1) + "<condition attribute='subject' operator='eq' value='moving' /></filter></entity></fetch>";
        var seenInside = new List<int>();
        var seenOutside = new List<int>();
        org.RegisterStep(new StepRegistration
        {
            Message = "Update",
            PrimaryEntity = "phonecall",
            Stage = 40,
            Plugin = new DelegatePlugin(p =>
            {
                seenInside.Add(p.Service(null).RetrieveMultiple(new FetchExpression(Find(20))).Entities.Count);
                seenInside.Add(p.Service(null).RetrieveMultiple(new FetchExpression(Find(10))).Entities.Count);
                var other = new Thread(() => seenOutside.AddRange([org.GetService().RetrieveMultiple(new FetchExpression(Find(20))).Entities.Count, org.GetService().RetrieveMultiple(new FetchExpression(Find(10))).Entities.Count]));
                other.Start();
                other.Join();
            }),
        });

        // Act
        service.Update(new Entity("phonecall", id) { ["actualend"] = First.AddDays(20).AddHours(1) });

        // Assert: inside, the new date; outside, until commit, the old one; after commit, the new one.
        Assert.Equal([1, 0], seenInside);
        Assert.Equal([0, 1], seenOutside);
        Assert.Single(service.RetrieveMultiple(new FetchExpression(Find(20))).Entities);
        Assert.Empty(service.RetrieveMultiple(new FetchExpression(Find(10))).Entities);
    }

    [Fact]
    public void Readers_share_the_store_while_one_of_them_is_reading()
    {
        // Arrange
        var store = TestOrg.New().Store;
        using var secondReaderIn = new ManualResetEventSlim(false);

        // Act: one reader holds the store while another asks for it.
        using (store.ReadScope())
        {
            var other = new Thread(() =>
            {
                using (store.ReadScope())
                {
                    secondReaderIn.Set();
                }
            });
            other.Start();

            // Assert: the second reader gets in without the first leaving (a generous bound, not a timing claim).
            Assert.True(secondReaderIn.Wait(TimeSpan.FromSeconds(30)), "a reader waited for another reader");
            other.Join();
        }
    }
}
