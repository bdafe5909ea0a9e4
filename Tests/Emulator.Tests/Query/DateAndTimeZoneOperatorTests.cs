using System;
using System.Linq;
using Microsoft.Xrm.Sdk;
using Microsoft.Xrm.Sdk.Query;
using Xunit;

namespace CrmAccountability.Emulator.Tests.Query;

/// <summary>
/// Date operators in the caller's time zone (Learn, "Filter rows using FetchXml": date and time operators are
/// evaluated in the user's time zone). The clock is Wednesday 25 November 2026, 15:00 UTC.
/// </summary>
public sealed class DateAndTimeZoneOperatorTests
{
    private static int CallsFor(QueryTestData data, Guid user, string condition)
        => data.Fetch("<fetch><entity name='phonecall'><attribute name='activityid'/><filter><condition attribute='ownerid' operator='eq-userid'/>" + condition + "</filter></entity></fetch>", user).Entities.Count;

    [Theory]
    [InlineData("last-x-hours")]
    [InlineData("next-x-hours")]
    [InlineData("olderthan-x-hours")]
    [InlineData("olderthan-x-minutes")]
    public void An_hour_or_minute_operator_on_a_date_only_column_is_refused_as_Learn_says(string op)
    {
        // Learn, condition operators: "You can't apply this operator on a column that is configured to use the DateOnly behavior."
        var data = QueryTestData.New();

        var fault = TestOrg.Fault(CrmAccountability.Emulator.Storage.DataverseFaults.InvalidArgument, () => data.Fetch("<fetch><entity name='opportunity'><filter><condition attribute='estimatedclosedate' operator='" + op + "' value='3'/></filter></entity></fetch>"));

        Assert.Contains("DateOnly", fault.Message, System.StringComparison.Ordinal);
    }

    [Fact]
    public void Today_is_the_callers_local_day_not_the_UTC_day()
    {
        // Arrange: 02:00 UTC on the 26th is still the 25th in Los Angeles (18:00), already the 26th in Tokyo (11:00).
        var data = QueryTestData.New();
        var la = data.Org.CreateUser("Ana LA", timeZone: "Pacific Standard Time");
        var tokyo = data.Org.CreateUser("Kenji Tokyo", timeZone: "Tokyo Standard Time");
        data.Org.Clock.Set(new DateTime(2026, 11, 26, 2, 0, 0, DateTimeKind.Utc));
        data.CompletedCall(la, new DateTime(2026, 11, 26, 1, 0, 0, DateTimeKind.Utc), 10);
        data.CompletedCall(tokyo, new DateTime(2026, 11, 26, 1, 0, 0, DateTimeKind.Utc), 10);

        // Act
        var laToday = CallsFor(data, la, "<condition attribute='actualend' operator='today'/>");
        var tokyoToday = CallsFor(data, tokyo, "<condition attribute='actualend' operator='today'/>");
        var laYesterday = CallsFor(data, la, "<condition attribute='actualend' operator='yesterday'/>");

        // Assert: 01:00 UTC is 17:00 on the 25th in LA (today there) and 10:00 on the 26th in Tokyo (today there).
        Assert.Equal(1, laToday);
        Assert.Equal(1, tokyoToday);
        Assert.Equal(0, laYesterday);
    }

    [Fact]
    public void On_takes_the_date_in_the_callers_zone()
    {
        var data = QueryTestData.New();
        var la = data.Org.CreateUser("Ana LA", timeZone: "Pacific Standard Time");
        data.CompletedCall(la, new DateTime(2026, 11, 25, 5, 0, 0, DateTimeKind.Utc), 10); // 21:00 on the 24th in LA

        Assert.Equal(1, CallsFor(data, la, "<condition attribute='actualend' operator='on' value='2026-11-24'/>"));
        Assert.Equal(0, CallsFor(data, la, "<condition attribute='actualend' operator='on' value='2026-11-25'/>"));
        Assert.Equal(1, CallsFor(data, la, "<condition attribute='actualend' operator='on-or-before' value='2026-11-24'/>"));
        Assert.Equal(0, CallsFor(data, la, "<condition attribute='actualend' operator='on-or-after' value='2026-11-25'/>"));
    }

    [Fact]
    public void A_FetchXML_time_without_an_offset_is_the_callers_local_time_and_with_Z_is_UTC()
    {
        var data = QueryTestData.New();
        var la = data.Org.CreateUser("Ana LA", timeZone: "Pacific Standard Time");
        data.CompletedCall(la, new DateTime(2026, 11, 25, 17, 30, 0, DateTimeKind.Utc), 10); // 09:30 in LA

        Assert.Equal(1, CallsFor(data, la, "<condition attribute='actualend' operator='ge' value='2026-11-25T09:00:00'/>"));
        Assert.Equal(0, CallsFor(data, la, "<condition attribute='actualend' operator='ge' value='2026-11-25T10:00:00'/>"));
        Assert.Equal(1, CallsFor(data, la, "<condition attribute='actualend' operator='ge' value='2026-11-25T17:00:00Z'/>"));
    }

    [Theory]
    [InlineData(1, "2026-11-23", "2026-11-29")] // Monday week start
    [InlineData(0, "2026-11-22", "2026-11-28")] // Sunday week start
    public void This_week_uses_the_organisation_week_start(int weekStart, string firstDay, string lastDay)
    {
        var data = QueryTestData.New(new EmulatorOptions { WeekStartDay = weekStart });
        var rep = data.Org.CreateUser("Ana Rep");
        var first = DateTime.Parse(firstDay, System.Globalization.CultureInfo.InvariantCulture, System.Globalization.DateTimeStyles.AdjustToUniversal | System.Globalization.DateTimeStyles.AssumeUniversal);
        var last = DateTime.Parse(lastDay, System.Globalization.CultureInfo.InvariantCulture, System.Globalization.DateTimeStyles.AdjustToUniversal | System.Globalization.DateTimeStyles.AssumeUniversal);
        data.Org.Clock.Set(last.AddDays(2));
        data.CompletedCall(rep, first.AddHours(10), 10);
        data.CompletedCall(rep, last.AddHours(10), 10);
        data.CompletedCall(rep, first.AddHours(-2), 10);
        data.Org.Clock.Set(TestOrg.Start);

        Assert.Equal(2, CallsFor(data, rep, "<condition attribute='actualend' operator='this-week'/>"));
        Assert.Equal(1, CallsFor(data, rep, "<condition attribute='actualend' operator='last-week'/>"));
    }

    [Fact]
    public void Last_x_days_and_olderthan_x_days_split_at_the_boundary()
    {
        var data = QueryTestData.New();
        var rep = data.Org.CreateUser("Ana Rep");
        data.CompletedCall(rep, TestOrg.Start.AddDays(-2), 10);
        data.CompletedCall(rep, TestOrg.Start.AddDays(-10), 10);

        Assert.Equal(1, CallsFor(data, rep, "<condition attribute='actualend' operator='last-x-days' value='3'/>"));
        Assert.Equal(1, CallsFor(data, rep, "<condition attribute='actualend' operator='olderthan-x-days' value='3'/>"));
        Assert.Equal(2, CallsFor(data, rep, "<condition attribute='actualend' operator='this-month'/>"));
        Assert.Equal(2, CallsFor(data, rep, "<condition attribute='actualend' operator='this-year'/>"));
    }

    [Fact]
    public void Date_only_columns_compare_as_calendar_dates_without_conversion()
    {
        var data = QueryTestData.New();
        var tokyo = data.Org.CreateUser("Kenji Tokyo", timeZone: "Tokyo Standard Time");
        data.Service.Create(new Entity("opportunity") { ["name"] = "Closes 30th", ["estimatedclosedate"] = new DateTime(2026, 11, 30) });

        var rows = data.Fetch("<fetch><entity name='opportunity'><attribute name='name'/><filter><condition attribute='estimatedclosedate' operator='on' value='2026-11-30'/></filter></entity></fetch>", tokyo);

        Assert.Single(rows.Entities);
    }

    [Theory]
    [InlineData(1, "this-fiscal-year", 3)]
    [InlineData(1, "this-fiscal-period", 1)]
    [InlineData(1, "last-fiscal-period", 1)]
    [InlineData(7, "this-fiscal-period", 1)]
    [InlineData(7, "this-fiscal-year", 2)]
    public void Fiscal_operators_use_the_organisation_fiscal_calendar(int startMonth, string op, int expected)
    {
        // Calls on 20 Nov 2026 (Q4 of a calendar FY; Q2 of a July FY), 1 Sep 2026 (Q3 / Q1), 1 Jun 2026 (Q2 / the previous
        // July FY) and 1 Jul 2027 (next year either way). Today is 25 Nov 2026.
        var data = QueryTestData.New(new EmulatorOptions { FiscalYearStartMonth = startMonth });
        var rep = data.Org.CreateUser("Ana Rep");
        data.Org.Clock.Set(new DateTime(2026, 1, 1, 0, 0, 0, DateTimeKind.Utc));
        data.CompletedCall(rep, new DateTime(2026, 11, 20, 12, 0, 0, DateTimeKind.Utc), 10);
        data.CompletedCall(rep, new DateTime(2026, 9, 1, 12, 0, 0, DateTimeKind.Utc), 10);
        data.CompletedCall(rep, new DateTime(2026, 6, 1, 12, 0, 0, DateTimeKind.Utc), 10);
        data.CompletedCall(rep, new DateTime(2027, 7, 1, 12, 0, 0, DateTimeKind.Utc), 10);
        data.Org.Clock.Set(TestOrg.Start);

        var count = CallsFor(data, rep, "<condition attribute='actualend' operator='" + op + "'/>");

        Assert.Equal(expected, count);
    }

    [Fact]
    public void In_fiscal_period_and_year_selects_one_quarter()
    {
        var data = QueryTestData.New();
        var rep = data.Org.CreateUser("Ana Rep");
        data.CompletedCall(rep, new DateTime(2026, 11, 20, 12, 0, 0, DateTimeKind.Utc), 10);
        data.CompletedCall(rep, new DateTime(2026, 9, 1, 12, 0, 0, DateTimeKind.Utc), 10);

        Assert.Equal(1, CallsFor(data, rep, "<condition attribute='actualend' operator='in-fiscal-period-and-year'><value>4</value><value>2026</value></condition>"));
        Assert.Equal(2, CallsFor(data, rep, "<condition attribute='actualend' operator='in-fiscal-year' value='2026'/>"));
    }

    [Fact]
    public void QueryExpression_date_operators_behave_as_FetchXML()
    {
        var data = QueryTestData.New();
        var rep = data.Org.CreateUser("Ana Rep");
        data.CompletedCall(rep, TestOrg.Start.AddHours(-1), 10);
        var query = new QueryExpression("phonecall") { ColumnSet = new ColumnSet("subject") };
        query.Criteria.AddCondition("actualend", ConditionOperator.Today);
        query.Criteria.AddCondition("ownerid", ConditionOperator.EqualUserId);

        Assert.Single(data.Org.GetService(rep).RetrieveMultiple(query).Entities);
    }
}
