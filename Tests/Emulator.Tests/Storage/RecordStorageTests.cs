using System;
using System.Linq;
using Microsoft.Xrm.Sdk;
using Microsoft.Xrm.Sdk.Messages;
using Microsoft.Xrm.Sdk.Query;
using Xunit;
using static CrmAccountability.Emulator.Storage.DataverseFaults;

namespace CrmAccountability.Emulator.Tests.Storage;

/// <summary>Create, Retrieve, Update, Delete and Upsert: the platform's columns, checks and faults.</summary>
public sealed class RecordStorageTests
{
    [Fact]
    public void Create_stamps_created_and_modified_columns_owner_and_version_from_the_caller_and_clock()
    {
        // Arrange
        var org = TestOrg.New();
        var rep = org.CreateUser("Ana Rep");
        var service = org.GetService(rep);

        // Act
        var id = service.Create(new Entity("account") { ["name"] = "Contoso" });
        var account = service.Retrieve("account", id, new ColumnSet(true));

        // Assert
        Assert.Equal(TestOrg.Start, account.GetAttributeValue<DateTime>("createdon"));
        Assert.Equal(TestOrg.Start, account.GetAttributeValue<DateTime>("modifiedon"));
        Assert.Equal(rep, account.GetAttributeValue<EntityReference>("createdby").Id);
        Assert.Equal(new EntityReference("systemuser", rep), account.GetAttributeValue<EntityReference>("ownerid"));
        Assert.Equal(rep, account.GetAttributeValue<EntityReference>("owninguser").Id);
        Assert.Equal(org.RootBusinessUnitId, account.GetAttributeValue<EntityReference>("owningbusinessunit").Id);
        Assert.Equal(0, account.GetAttributeValue<OptionSetValue>("statecode").Value);
        Assert.Equal(1, account.GetAttributeValue<OptionSetValue>("statuscode").Value);
        Assert.Equal("Ana Rep", account.GetAttributeValue<EntityReference>("ownerid").Name);
        Assert.Equal(account.GetAttributeValue<long>("versionnumber").ToString(System.Globalization.CultureInfo.InvariantCulture), account.RowVersion);
    }

    [Fact]
    public void A_seeded_organisation_hands_out_the_same_ids_every_run_and_an_unseeded_one_does_not()
    {
        // Arrange
        static Guid[] Ids(int? seed)
        {
            var org = TestOrg.New(new EmulatorOptions { IdSeed = seed });
            var rep = org.CreateUser("Ana Rep");
            var account = org.GetService(rep).Create(new Entity("account") { ["name"] = "Contoso" });
            return [rep, account];
        }

        // Act
        var first = Ids(7);
        var second = Ids(7);
        var otherSeed = Ids(8);
        var unseeded = Ids(null);

        // Assert
        Assert.Equal(first, second);
        Assert.NotEqual(first, otherSeed);
        Assert.NotEqual(first, unseeded);
        Assert.All(first, id => Assert.Equal('4', id.ToString()[14]));
    }

    [Fact]
    public void Every_write_moves_modifiedon_and_increases_versionnumber()
    {
        var org = TestOrg.New();
        var service = org.GetService();
        var id = service.Create(new Entity("account") { ["name"] = "Contoso" });
        var before = service.Retrieve("account", id, new ColumnSet("versionnumber"));

        org.Clock.Advance(TimeSpan.FromMinutes(5));
        service.Update(new Entity("account", id) { ["name"] = "Contoso Ltd" });
        var after = service.Retrieve("account", id, new ColumnSet("versionnumber", "modifiedon", "createdon"));

        Assert.True(after.GetAttributeValue<long>("versionnumber") > before.GetAttributeValue<long>("versionnumber"));
        Assert.Equal(TestOrg.Start.AddMinutes(5), after.GetAttributeValue<DateTime>("modifiedon"));
        Assert.Equal(TestOrg.Start, after.GetAttributeValue<DateTime>("createdon"));
    }

    [Fact]
    public void Retrieve_returns_only_the_requested_columns_plus_the_primary_key()
    {
        var org = TestOrg.New();
        var service = org.GetService();
        var id = service.Create(new Entity("account") { ["name"] = "Contoso", ["accountnumber"] = "A-1" });

        var account = service.Retrieve("account", id, new ColumnSet("name"));

        Assert.Equal(["accountid", "name"], account.Attributes.Keys.Order(StringComparer.Ordinal));
    }

    [Fact]
    public void Reads_return_copies_that_cannot_change_stored_rows()
    {
        var org = TestOrg.New();
        var service = org.GetService();
        var entity = new Entity("opportunity") { ["name"] = "Big deal", ["estimatedvalue"] = new Money(1000m) };
        var id = service.Create(entity);

        ((Money)entity["estimatedvalue"]).Value = 5m;
        var first = service.Retrieve("opportunity", id, new ColumnSet("estimatedvalue"));
        first.GetAttributeValue<Money>("estimatedvalue").Value = 1m;
        var second = service.Retrieve("opportunity", id, new ColumnSet("estimatedvalue"));

        Assert.Equal(1000m, second.GetAttributeValue<Money>("estimatedvalue").Value);
    }

    [Fact]
    public void Retrieving_a_missing_row_is_ObjectDoesNotExist()
    {
        var service = TestOrg.New().GetService();
        var id = Guid.Parse("9f0e3c1a-2b4d-4e6f-8a9b-0c1d2e3f4a5b");

        var fault = TestOrg.Fault(ObjectDoesNotExist, () => service.Retrieve("account", id, new ColumnSet("name")));

        Assert.Equal("Entity 'account' With Id = 9f0e3c1a-2b4d-4e6f-8a9b-0c1d2e3f4a5b Does Not Exist", fault.Message);
    }

    [Fact]
    public void Writing_an_unknown_column_is_QueryBuilderNoAttribute()
    {
        var service = TestOrg.New().GetService();

        var fault = TestOrg.Fault(QueryBuilderNoAttribute, () => service.Create(new Entity("account") { ["nmae"] = "typo" }));

        Assert.Equal("'account' entity doesn't contain attribute with Name = 'nmae' and NameMapping = 'Logical'.", fault.Message);
    }

    [Fact]
    public void Writing_an_unknown_table_is_QueryBuilderNoEntity()
    {
        var service = TestOrg.New().GetService();

        TestOrg.Fault(QueryBuilderNoEntity, () => service.Create(new Entity("acount") { ["name"] = "typo" }));
    }

    [Fact]
    public void A_value_of_the_wrong_type_is_rejected_not_converted()
    {
        var service = TestOrg.New().GetService();

        var fault = TestOrg.Fault(InvalidArgument, () => service.Create(new Entity("account") { ["numberofemployees"] = "12" }));

        Assert.Equal("Incorrect attribute value type System.String", fault.Message);
    }

    [Fact]
    public void A_string_longer_than_the_column_allows_is_StringLengthTooLong()
    {
        var service = TestOrg.New().GetService();

        var fault = TestOrg.Fault(StringLengthTooLong, () => service.Create(new Entity("account") { ["accountnumber"] = new string('9', 21) }));

        Assert.Contains("exceeded the maximum allowed length of '20'", fault.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_number_outside_the_column_range_is_rejected()
    {
        var service = TestOrg.New().GetService();

        var fault = TestOrg.Fault(InvalidArgument, () => service.Create(new Entity("opportunity") { ["name"] = "x", ["closeprobability"] = 101 }));

        Assert.Contains("is outside the valid range", fault.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_status_that_does_not_belong_to_the_state_is_rejected_with_the_platform_message()
    {
        var service = TestOrg.New().GetService();
        var id = service.Create(new Entity("task") { ["subject"] = "Follow up" });

        var fault = TestOrg.Fault(InvalidArgument, () => service.Update(new Entity("task", id) { ["statecode"] = new OptionSetValue(1), ["statuscode"] = new OptionSetValue(6) }));

        Assert.Equal("6 is not a valid status code for state code TaskState.Completed on task with Id " + id + ".", fault.Message);
    }

    [Fact]
    public void Changing_only_the_state_takes_that_states_default_status()
    {
        var service = TestOrg.New().GetService();
        var id = service.Create(new Entity("account") { ["name"] = "Contoso" });

        service.Update(new Entity("account", id) { ["statecode"] = new OptionSetValue(1) });

        Assert.Equal(2, service.Retrieve("account", id, new ColumnSet("statuscode")).GetAttributeValue<OptionSetValue>("statuscode").Value);
    }

    [Fact]
    public void A_lookup_to_a_missing_row_is_ObjectDoesNotExist()
    {
        var service = TestOrg.New().GetService();

        TestOrg.Fault(ObjectDoesNotExist, () => service.Create(new Entity("contact") { ["lastname"] = "Lee", ["parentcustomerid"] = new EntityReference("account", Guid.NewGuid()) }));
    }

    [Fact]
    public void A_lookup_to_a_table_the_column_does_not_accept_is_rejected()
    {
        var org = TestOrg.New();
        var service = org.GetService();

        TestOrg.Fault(InvalidArgument, () => service.Create(new Entity("opportunity") { ["name"] = "x", ["parentaccountid"] = new EntityReference("contact", Guid.NewGuid()) }));
    }

    [Fact]
    public void Creating_with_an_existing_id_is_DuplicateRecord()
    {
        var service = TestOrg.New().GetService();
        var id = service.Create(new Entity("account") { ["name"] = "Contoso" });

        TestOrg.Fault(DuplicateRecord, () => service.Create(new Entity("account", id) { ["name"] = "Again" }));
    }

    [Fact]
    public void Money_base_column_is_the_value_divided_by_the_currency_exchange_rate()
    {
        var org = TestOrg.New();
        var service = org.GetService();
        var euro = service.Create(new Entity("transactioncurrency") { ["currencyname"] = "Euro", ["isocurrencycode"] = "EUR", ["exchangerate"] = 0.8m, ["currencyprecision"] = 2 });

        var id = service.Create(new Entity("opportunity") { ["name"] = "EU deal", ["estimatedvalue"] = new Money(100m), ["transactioncurrencyid"] = new EntityReference("transactioncurrency", euro) });
        var usd = service.Create(new Entity("opportunity") { ["name"] = "US deal", ["estimatedvalue"] = new Money(100m) });

        var eu = service.Retrieve("opportunity", id, new ColumnSet("estimatedvalue_base", "exchangerate"));
        var us = service.Retrieve("opportunity", usd, new ColumnSet("estimatedvalue_base", "transactioncurrencyid"));
        Assert.Equal(125m, eu.GetAttributeValue<Money>("estimatedvalue_base").Value);
        Assert.Equal(0.8m, eu.GetAttributeValue<decimal>("exchangerate"));
        Assert.Equal(100m, us.GetAttributeValue<Money>("estimatedvalue_base").Value);
        Assert.Equal(org.BaseCurrencyId, us.GetAttributeValue<EntityReference>("transactioncurrencyid").Id);
    }

    [Fact]
    public void Base_columns_cannot_be_written_directly()
    {
        var service = TestOrg.New().GetService();

        var id = service.Create(new Entity("opportunity") { ["name"] = "x", ["estimatedvalue"] = new Money(10m), ["estimatedvalue_base"] = new Money(99m) });

        Assert.Equal(10m, service.Retrieve("opportunity", id, new ColumnSet("estimatedvalue_base")).GetAttributeValue<Money>("estimatedvalue_base").Value);
    }

    [Fact]
    public void Reassigning_moves_owning_user_and_business_unit()
    {
        var org = TestOrg.New();
        var east = org.CreateBusinessUnit("East");
        var ana = org.CreateUser("Ana Rep");
        var ben = org.CreateUser("Ben Rep", businessUnitId: east);
        var service = org.GetService();
        var id = service.Create(new Entity("account") { ["name"] = "Contoso", ["ownerid"] = new EntityReference("systemuser", ana) });

        service.Update(new Entity("account", id) { ["ownerid"] = new EntityReference("systemuser", ben) });

        var account = service.Retrieve("account", id, new ColumnSet("owninguser", "owningbusinessunit"));
        Assert.Equal(ben, account.GetAttributeValue<EntityReference>("owninguser").Id);
        Assert.Equal(east, account.GetAttributeValue<EntityReference>("owningbusinessunit").Id);
    }

    [Fact]
    public void Team_owned_rows_record_the_owning_team_not_a_user()
    {
        var org = TestOrg.New();
        var team = org.CreateTeam("Inside sales");
        var service = org.GetService();

        var id = service.Create(new Entity("phonecall") { ["subject"] = "Call", ["ownerid"] = new EntityReference("team", team) });

        var call = service.Retrieve("phonecall", id, new ColumnSet("owninguser", "owningteam"));
        Assert.False(call.Contains("owninguser"));
        Assert.Equal(team, call.GetAttributeValue<EntityReference>("owningteam").Id);
    }

    [Fact]
    public void Overriddencreatedon_backdates_createdon()
    {
        var service = TestOrg.New().GetService();
        var backdated = new DateTime(2026, 10, 1, 12, 0, 0, DateTimeKind.Utc);

        var id = service.Create(new Entity("account") { ["name"] = "Imported", ["overriddencreatedon"] = backdated });

        var account = service.Retrieve("account", id, new ColumnSet("createdon", "overriddencreatedon"));
        Assert.Equal(backdated, account.GetAttributeValue<DateTime>("createdon"));
        Assert.Equal(TestOrg.Start, account.GetAttributeValue<DateTime>("overriddencreatedon"));
    }

    [Fact]
    public void Delete_removes_the_row_and_a_second_delete_is_ObjectDoesNotExist()
    {
        var service = TestOrg.New().GetService();
        var id = service.Create(new Entity("account") { ["name"] = "Contoso" });

        service.Delete("account", id);

        TestOrg.Fault(ObjectDoesNotExist, () => service.Retrieve("account", id, new ColumnSet("name")));
        TestOrg.Fault(ObjectDoesNotExist, () => service.Delete("account", id));
    }

    [Fact]
    public void Deleting_a_referenced_row_removes_the_link_from_referencing_rows()
    {
        var org = TestOrg.New();
        org.LoadSolution(TestOrg.Asset("SampleSolution"));
        var service = org.GetService();
        var account = service.Create(new Entity("account") { ["name"] = "Contoso" });
        var widget = service.Create(new Entity("cra_widget") { ["cra_name"] = "W", ["cra_accountid"] = new EntityReference("account", account) });

        service.Delete("account", account);

        // The sample relationship cascades deletes.
        TestOrg.Fault(ObjectDoesNotExist, () => service.Retrieve("cra_widget", widget, new ColumnSet("cra_name")));
    }

    [Fact]
    public void Update_with_a_stale_row_version_fails_when_asked_to_check_it()
    {
        var service = TestOrg.New().GetService();
        var id = service.Create(new Entity("account") { ["name"] = "Contoso" });
        var stale = service.Retrieve("account", id, new ColumnSet("name"));
        service.Update(new Entity("account", id) { ["name"] = "Changed" });

        stale["name"] = "Mine";
        TestOrg.Fault(unchecked((int)0x80060882), () => service.Execute(new UpdateRequest { Target = stale, ConcurrencyBehavior = ConcurrencyBehavior.IfRowVersionMatches }));
    }

    [Fact]
    public void A_two_option_column_never_written_reads_the_default_its_solution_declares()
    {
        // Learn, BooleanAttributeMetadata.DefaultValue: the platform fills it on create; a choice's DefaultFormValue is a form default only.
        var org = TestOrg.New();
        org.LoadSolution(TestOrg.Asset("SampleSolution"));
        var service = org.GetService();

        var id = service.Create(new Entity("cra_widget") { ["cra_name"] = "W" });
        var explicitlyNo = service.Create(new Entity("cra_widget") { ["cra_name"] = "X", ["cra_isshipped"] = false });

        Assert.True(service.Retrieve("cra_widget", id, new ColumnSet("cra_isshipped")).GetAttributeValue<bool?>("cra_isshipped"));
        Assert.False(service.Retrieve("cra_widget", explicitlyNo, new ColumnSet("cra_isshipped")).GetAttributeValue<bool?>("cra_isshipped"));
        Assert.Null(service.Retrieve("cra_widget", id, new ColumnSet("cra_kind")).GetAttributeValue<OptionSetValue>("cra_kind"));
    }
}
