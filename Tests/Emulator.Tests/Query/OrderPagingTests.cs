using System;
using System.Linq;
using Microsoft.Xrm.Sdk;
using Microsoft.Xrm.Sdk.Query;
using Xunit;
using static CrmAccountability.Emulator.Storage.DataverseFaults;

namespace CrmAccountability.Emulator.Tests.Query;

/// <summary>Learn, "Page results using FetchXml" and "Order rows using FetchXml": order, top, distinct, page and paging cookie.</summary>
public sealed class OrderPagingTests
{
    private static QueryTestData Accounts(int count)
    {
        var data = QueryTestData.New();
        for (var i = 0; i < count; i++)
        {
            data.Account("Account " + i.ToString("D4", System.Globalization.CultureInfo.InvariantCulture), employees: i % 7);
        }

        return data;
    }

    [Fact]
    public void Orders_apply_in_sequence_with_nulls_first_ascending()
    {
        var data = QueryTestData.New();
        data.Account("B", 5);
        data.Account("A", 5);
        data.Account("C", null);

        var names = data.Fetch("<fetch><entity name='account'><attribute name='name'/><order attribute='numberofemployees'/><order attribute='name' descending='true'/></entity></fetch>")
            .Entities.Select(e => e.GetAttributeValue<string>("name"));

        Assert.Equal(["C", "B", "A"], names);
    }

    [Fact]
    public void Top_limits_the_rows_and_cannot_be_combined_with_paging()
    {
        var data = Accounts(10);

        var rows = data.Fetch("<fetch top='3'><entity name='account'><attribute name='name'/><order attribute='name'/></entity></fetch>");

        Assert.Equal(["Account 0000", "Account 0001", "Account 0002"], rows.Entities.Select(e => e.GetAttributeValue<string>("name")));
        TestOrg.Fault(InvalidFetchXml, () => data.Fetch("<fetch top='3' count='2'><entity name='account'/></fetch>"));
    }

    [Fact]
    public void Distinct_removes_duplicate_projections()
    {
        var data = Accounts(20);

        var rows = data.Fetch("<fetch distinct='true'><entity name='account'><attribute name='numberofemployees'/></entity></fetch>");

        Assert.Equal(7, rows.Entities.Count);
    }

    [Fact]
    public void Paging_with_the_cookie_walks_every_row_exactly_once()
    {
        // Arrange
        var data = Accounts(25);
        string? cookie = null;
        var page = 1;
        var seen = new System.Collections.Generic.List<string>();

        // Act
        while (true)
        {
            var cookieAttribute = cookie == null ? string.Empty : " paging-cookie='" + System.Security.SecurityElement.Escape(cookie) + "'";
            var rows = data.Fetch("<fetch count='10' page='" + page + "'" + cookieAttribute + "><entity name='account'><attribute name='name'/><order attribute='name'/></entity></fetch>");
            seen.AddRange(rows.Entities.Select(e => e.GetAttributeValue<string>("name")));
            if (!rows.MoreRecords)
            {
                break;
            }

            cookie = rows.PagingCookie;
            page++;
        }

        // Assert
        Assert.Equal(3, page);
        Assert.Equal(25, seen.Count);
        Assert.Equal(seen.Order(StringComparer.Ordinal), seen);
        Assert.Equal(25, seen.Distinct().Count());
    }

    [Fact]
    public void Without_a_count_a_page_holds_at_most_5000_rows()
    {
        var data = Accounts(5002);

        var first = data.Fetch("<fetch><entity name='account'><attribute name='accountid'/></entity></fetch>");

        Assert.Equal(5000, first.Entities.Count);
        Assert.True(first.MoreRecords);
        Assert.NotNull(first.PagingCookie);
        TestOrg.Fault(InvalidFetchXml, () => data.Fetch("<fetch count='5001'><entity name='account'/></fetch>"));
    }

    [Fact]
    public void QueryExpression_paging_uses_PageInfo()
    {
        var data = Accounts(7);
        var query = new QueryExpression("account") { ColumnSet = new ColumnSet("name"), PageInfo = new PagingInfo { Count = 5, PageNumber = 2 } };
        query.AddOrder("name", OrderType.Ascending);

        var rows = data.Service.RetrieveMultiple(query);

        Assert.Equal(["Account 0005", "Account 0006"], rows.Entities.Select(e => e.GetAttributeValue<string>("name")));
        Assert.False(rows.MoreRecords);
    }

    [Fact]
    public void Returntotalrecordcount_reports_the_total()
    {
        var data = Accounts(12);

        var rows = data.Fetch("<fetch count='5' returntotalrecordcount='true'><entity name='account'/></fetch>");

        Assert.Equal(12, rows.TotalRecordCount);
        Assert.False(rows.TotalRecordCountLimitExceeded);
    }

    [Fact]
    public void Without_attributes_only_the_primary_key_is_returned()
    {
        var data = Accounts(1);

        var row = Assert.Single(data.Fetch("<fetch><entity name='account'/></fetch>").Entities);

        Assert.Equal(["accountid"], row.Attributes.Keys);
    }

    [Fact]
    public void Choice_columns_come_back_with_their_labels_as_formatted_values()
    {
        var data = QueryTestData.New();
        data.Service.Create(new Entity("task") { ["subject"] = "t", ["prioritycode"] = new OptionSetValue(2) });

        var row = Assert.Single(data.Fetch("<fetch><entity name='task'><attribute name='prioritycode'/></entity></fetch>").Entities);

        Assert.Equal("High", row.FormattedValues["prioritycode"]);
    }
}
