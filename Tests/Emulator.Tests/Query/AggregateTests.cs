using System;
using System.Linq;
using Microsoft.Xrm.Sdk;
using Xunit;
using static CrmAccountability.Emulator.Storage.DataverseFaults;

namespace CrmAccountability.Emulator.Tests.Query;

/// <summary>Learn, "Aggregate data using FetchXml": groupby, dategrouping, money sums, and the 50,000-row limit.</summary>
public sealed class AggregateTests
{
    [Fact]
    public void Sum_of_minutes_grouped_by_owner_counts_only_matching_rows()
    {
        // Arrange
        var data = QueryTestData.New();
        var ana = data.Org.CreateUser("Ana Rep");
        var ben = data.Org.CreateUser("Ben Rep");
        data.CompletedCall(ana, TestOrg.Start.AddHours(-1), 30);
        data.CompletedCall(ana, TestOrg.Start.AddHours(-2), 15);
        data.CompletedCall(ben, TestOrg.Start.AddHours(-1), 60, outgoing: false);

        // Act
        var rows = data.Fetch(@"<fetch aggregate='true'><entity name='phonecall'>
            <attribute name='ownerid' alias='owner' groupby='true'/>
            <attribute name='actualdurationminutes' alias='minutes' aggregate='sum'/>
            <attribute name='activityid' alias='calls' aggregate='count'/>
            <filter><condition attribute='directioncode' operator='eq' value='1'/></filter>
          </entity></fetch>");

        // Assert
        var row = Assert.Single(rows.Entities);
        Assert.Equal(ana, ((EntityReference)row.GetAttributeValue<AliasedValue>("owner").Value).Id);
        Assert.Equal(45, row.GetAttributeValue<AliasedValue>("minutes").Value);
        Assert.Equal(2, row.GetAttributeValue<AliasedValue>("calls").Value);
    }

    [Fact]
    public void Money_aggregates_return_Money_over_the_base_column()
    {
        var data = QueryTestData.New();
        data.Service.Create(new Entity("opportunity") { ["name"] = "A", ["estimatedvalue"] = new Money(100_000m) });
        data.Service.Create(new Entity("opportunity") { ["name"] = "B", ["estimatedvalue"] = new Money(50_000m) });

        var row = Assert.Single(data.Fetch("<fetch aggregate='true'><entity name='opportunity'><attribute name='estimatedvalue_base' alias='total' aggregate='sum'/><attribute name='estimatedvalue_base' alias='biggest' aggregate='max'/></entity></fetch>").Entities);

        Assert.Equal(new Money(150_000m), row.GetAttributeValue<AliasedValue>("total").Value);
        Assert.Equal(new Money(100_000m), row.GetAttributeValue<AliasedValue>("biggest").Value);
    }

    [Fact]
    public void Aggregates_over_no_rows_return_one_row_with_a_zero_count_and_no_sum()
    {
        var data = QueryTestData.New();

        var row = Assert.Single(data.Fetch("<fetch aggregate='true'><entity name='phonecall'><attribute name='activityid' alias='n' aggregate='count'/><attribute name='actualdurationminutes' alias='m' aggregate='sum'/></entity></fetch>").Entities);

        Assert.Equal(0, row.GetAttributeValue<AliasedValue>("n").Value);
        Assert.False(row.Contains("m"));
    }

    [Fact]
    public void Dategrouping_groups_in_the_callers_time_zone()
    {
        // 23 Nov 07:00 UTC is the 22nd in Los Angeles (Sunday 23:00), so it falls in the week before for an LA user.
        var data = QueryTestData.New();
        var la = data.Org.CreateUser("Ana LA", timeZone: "Pacific Standard Time");
        data.CompletedCall(la, new DateTime(2026, 11, 23, 7, 0, 0, DateTimeKind.Utc), 10);
        data.CompletedCall(la, new DateTime(2026, 11, 24, 18, 0, 0, DateTimeKind.Utc), 20);

        var rows = data.Fetch(@"<fetch aggregate='true'><entity name='phonecall'>
            <attribute name='actualend' alias='day' groupby='true' dategrouping='day'/>
            <attribute name='actualdurationminutes' alias='minutes' aggregate='sum'/>
            <order alias='day'/></entity></fetch>", la);
        var utcRows = data.Fetch(@"<fetch aggregate='true'><entity name='phonecall'>
            <attribute name='actualend' alias='day' groupby='true' dategrouping='day' usertimezone='false'/>
            <attribute name='actualdurationminutes' alias='minutes' aggregate='sum'/>
            <order alias='day'/></entity></fetch>", la);

        Assert.Equal([22, 24], rows.Entities.Select(e => (int)e.GetAttributeValue<AliasedValue>("day").Value));
        Assert.Equal([23, 24], utcRows.Entities.Select(e => (int)e.GetAttributeValue<AliasedValue>("day").Value));
    }

    [Fact]
    public void Dategrouping_by_fiscal_period_uses_the_fiscal_calendar()
    {
        var data = QueryTestData.New(new EmulatorOptions { FiscalYearStartMonth = 7, FiscalYearNamedByEndYear = true });
        var rep = data.Org.CreateUser("Ana Rep");
        data.CompletedCall(rep, new DateTime(2026, 11, 20, 12, 0, 0, DateTimeKind.Utc), 10);

        var row = Assert.Single(data.Fetch(@"<fetch aggregate='true'><entity name='phonecall'>
            <attribute name='actualend' alias='fy' groupby='true' dategrouping='fiscal-year'/>
            <attribute name='actualend' alias='fp' groupby='true' dategrouping='fiscal-period'/>
            <attribute name='activityid' alias='n' aggregate='count'/></entity></fetch>").Entities);

        Assert.Equal(2027, row.GetAttributeValue<AliasedValue>("fy").Value);
        Assert.Equal(2, row.GetAttributeValue<AliasedValue>("fp").Value);
    }

    [Fact]
    public void An_aggregate_attribute_needs_an_alias()
    {
        var data = QueryTestData.New();

        TestOrg.Fault(InvalidFetchXml, () => data.Fetch("<fetch aggregate='true'><entity name='account'><attribute name='numberofemployees' aggregate='sum'/></entity></fetch>"));
    }

    [Fact]
    public void An_aggregate_over_more_than_50000_rows_is_refused_with_AggregateQueryRecordLimit()
    {
        // Arrange
        var data = QueryTestData.New();
        for (var i = 0; i <= 50_000; i++)
        {
            data.Service.Create(new Entity("task") { ["subject"] = "t" });
        }

        // Act
        var fault = TestOrg.Fault(AggregateQueryRecordLimit, () => data.Fetch("<fetch aggregate='true'><entity name='task'><attribute name='activityid' alias='n' aggregate='count'/></entity></fetch>"));
        var filtered = data.Fetch("<fetch aggregate='true'><entity name='task'><attribute name='activityid' alias='n' aggregate='count'/><filter><condition attribute='subject' operator='eq' value='none'/></filter></entity></fetch>");

        // Assert: the limit counts the rows that reach the aggregate, so a narrower filter is the documented remedy.
        Assert.Contains("50000", fault.Message, StringComparison.Ordinal);
        Assert.Equal(0, Assert.Single(filtered.Entities).GetAttributeValue<AliasedValue>("n").Value);
    }
}
