using System;
using System.Linq;
using Microsoft.Xrm.Sdk;
using Microsoft.Xrm.Sdk.Query;
using Xunit;
using static CrmAccountability.Emulator.Storage.DataverseFaults;

namespace CrmAccountability.Emulator.Tests.Query;

/// <summary>
/// The link types beyond inner and outer, as Learn documents them: "Join tables using FetchXml" (exists, in,
/// matchfirstrowusingcrossapply) and "Filter rows using FetchXml — Filter on values in related records" (any, not any,
/// all, not all, with their SQL equivalents). Contacts are linked from accounts' primarycontactid.
/// </summary>
public sealed class LinkTypeTests
{
    private readonly QueryTestData _data = QueryTestData.New();
    private readonly Guid _ana;
    private readonly Guid _ben;
    private readonly Guid _cho;
    private readonly Guid _dev;

    public LinkTypeTests()
    {
        // Ana is the primary contact of Contoso and of two Fabrikams; Ben of nothing and inactive; Cho of one Fabrikam; Dev of nothing.
        _ana = Contact("Ana");
        _ben = Contact("Ben");
        _cho = Contact("Cho");
        _dev = Contact("Dev");
        _data.Service.Update(new Entity("contact", _ben) { ["statecode"] = new OptionSetValue(1), ["statuscode"] = new OptionSetValue(2) });
        Account("Contoso", _ana);
        Account("Fabrikam", _ana);
        Account("Fabrikam", _ana);
        Account("Fabrikam", _cho);
    }

    [Fact]
    public void Any_in_an_or_filter_returns_contacts_of_a_Contoso_account_or_inactive_ones()
        => Assert.Equal(["Ana", "Ben"], Names(Related("any", "Contoso", "or", "<condition attribute='statecode' operator='eq' value='1' />")));

    [Fact]
    public void Not_any_returns_contacts_no_Contoso_account_references()
        => Assert.Equal(["Ben", "Cho", "Dev"], Names(Related("not any", "Contoso")));

    [Fact]
    public void Not_all_is_the_same_as_any_as_Learn_notes()
        => Assert.Equal(["Ana"], Names(Related("not all", "Contoso")));

    [Fact]
    public void All_returns_contacts_some_account_references_when_none_of_those_is_Contoso()
        => Assert.Equal(["Cho"], Names(Related("all", "Contoso")));

    [Theory]
    [InlineData("exists")]
    [InlineData("in")]
    public void Exists_and_in_return_each_matching_parent_once_where_inner_repeats_it(string linkType)
    {
        var inner = Fetch("inner", "Fabrikam");
        var semi = Fetch(linkType, "Fabrikam");

        Assert.Equal(["Ana", "Ana", "Cho"], Names(inner));
        Assert.Equal(["Ana", "Cho"], Names(semi));
    }

    [Fact]
    public void Matchfirstrowusingcrossapply_returns_each_parent_once_with_one_matching_rows_columns()
    {
        var rows = _data.Fetch(@"<fetch><entity name='contact'><attribute name='fullname'/><order attribute='fullname'/>
            <link-entity name='account' from='primarycontactid' to='contactid' link-type='matchfirstrowusingcrossapply' alias='a'>
              <attribute name='name'/><filter><condition attribute='name' operator='eq' value='Fabrikam'/></filter>
            </link-entity></entity></fetch>");

        Assert.Equal(["Ana", "Cho"], Names(rows));
        Assert.All(rows.Entities, r => Assert.Equal("Fabrikam", r.GetAttributeValue<AliasedValue>("a.name").Value));
    }

    [Fact]
    public void A_link_that_only_restricts_cannot_return_columns()
    {
        var fault = TestOrg.Fault(InvalidFetchXml, () => _data.Fetch("<fetch><entity name='contact'><link-entity name='account' from='primarycontactid' to='contactid' link-type='exists'><attribute name='name'/></link-entity></entity></fetch>"));

        Assert.Contains("can't return its columns", fault.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Any_outside_a_filter_and_inner_inside_one_are_refused()
    {
        TestOrg.Fault(InvalidFetchXml, () => _data.Fetch("<fetch><entity name='contact'><link-entity name='account' from='primarycontactid' to='contactid' link-type='any'/></entity></fetch>"));
        TestOrg.Fault(InvalidFetchXml, () => _data.Fetch("<fetch><entity name='contact'><filter><link-entity name='account' from='primarycontactid' to='contactid' link-type='inner'/></filter></entity></fetch>"));
        TestOrg.Fault(InvalidFetchXml, () => _data.Fetch("<fetch><entity name='contact'><link-entity name='account' from='primarycontactid' to='contactid' link-type='sideways'/></entity></fetch>"));
    }

    [Fact]
    public void A_QueryExpression_link_with_JoinOperator_NotAny_filters_like_FetchXml_not_any()
    {
        var query = new QueryExpression("contact") { ColumnSet = new ColumnSet("fullname") };
        var link = query.AddLink("account", "contactid", "primarycontactid", JoinOperator.NotAny);
        link.LinkCriteria.AddCondition("name", ConditionOperator.Equal, "Contoso");
        query.AddOrder("fullname", OrderType.Ascending);

        Assert.Equal(["Ben", "Cho", "Dev"], Names(_data.Service.RetrieveMultiple(query)));
    }

    [Fact]
    public void Unaliased_links_are_numbered_per_table_and_entityname_may_name_one_by_its_table()
    {
        // Two unaliased links to account would be account1 and account2; one to systemuser is systemuser1.
        var rows = _data.Fetch(@"<fetch><entity name='contact'><attribute name='fullname'/>
            <link-entity name='account' from='primarycontactid' to='contactid'><attribute name='name'/></link-entity>
            <link-entity name='systemuser' from='systemuserid' to='owninguser'><attribute name='fullname'/></link-entity>
            <filter><condition entityname='account' attribute='name' operator='eq' value='Contoso'/></filter>
          </entity></fetch>");

        var row = Assert.Single(rows.Entities);
        Assert.Equal("Contoso", row.GetAttributeValue<AliasedValue>("account1.name").Value);
        Assert.True(row.Contains("systemuser1.fullname"));
    }

    [Fact]
    public void An_order_on_a_column_the_table_does_not_have_is_refused()
        => TestOrg.Fault(QueryBuilderNoAttribute, () => _data.Fetch("<fetch><entity name='contact'><attribute name='fullname'/><order attribute='shoesize'/></entity></fetch>"));

    [Fact]
    public void A_paging_cookie_no_page_returned_is_refused()
    {
        var fault = TestOrg.Fault(InvalidArgument, () => _data.Fetch("<fetch count='2' page='2' paging-cookie='not a cookie'><entity name='contact'><attribute name='fullname'/></entity></fetch>"));

        Assert.Contains("paging cookie", fault.Message, StringComparison.Ordinal);
    }

    private Guid Contact(string name) => _data.Service.Create(new Entity("contact") { ["lastname"] = name, ["fullname"] = name });

    private void Account(string name, Guid primary) => _data.Service.Create(new Entity("account") { ["name"] = name, ["primarycontactid"] = new EntityReference("contact", primary) });

    private EntityCollection Related(string linkType, string accountName, string filterType = "and", string otherConditions = "")
        => _data.Fetch("<fetch><entity name='contact'><attribute name='fullname'/><order attribute='fullname'/><filter type='" + filterType + "'>"
            + "<link-entity name='account' from='primarycontactid' to='contactid' link-type='" + linkType + "'><filter><condition attribute='name' operator='eq' value='" + accountName + "'/></filter></link-entity>"
            + otherConditions + "</filter></entity></fetch>");

    private EntityCollection Fetch(string linkType, string accountName)
        => _data.Fetch("<fetch><entity name='contact'><attribute name='fullname'/><order attribute='fullname'/>"
            + "<link-entity name='account' from='primarycontactid' to='contactid' link-type='" + linkType + "'><filter><condition attribute='name' operator='eq' value='" + accountName + "'/></filter></link-entity>"
            + "</entity></fetch>");

    private static string[] Names(EntityCollection rows) => rows.Entities.Select(e => e.GetAttributeValue<string>("fullname")).ToArray();
}
