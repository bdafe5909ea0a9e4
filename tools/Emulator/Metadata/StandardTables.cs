using System.Collections.Generic;

namespace CrmAccountability.Emulator.Metadata;

/// <summary>
/// The standard tables this solution touches, with their real column types and state/status pairs (values from the
/// Dataverse table reference on Learn). Only the columns that plug-ins, views and tests use are listed; a column
/// outside this catalogue is rejected, exactly as an unknown column is in Dataverse.
/// </summary>
public static class StandardTables
{
    public static IEnumerable<TableMetadata> All()
    {
        yield return new TableBuilder("organization", "organizationid", "name", OwnershipType.None)
            .String("name", 160)
            .Integer("weekstartdaycode", 0, 6)
            .DateTime("fiscalcalendarstart", DateTimeBehavior.UserLocal)
            .Integer("fiscalperiodtype")
            .Integer("fiscalyeardisplaycode", 0, 1)
            .Lookup("basecurrencyid", "transactioncurrency")
            .Integer("localeid")
            .Build();

        yield return new TableBuilder("businessunit", "businessunitid", "name", OwnershipType.BusinessOwned)
            .String("name", 160, required: true)
            .Lookup("parentbusinessunitid", "businessunit")
            .Boolean("isdisabled")
            .TypeCode(10)
            .Build();

        yield return new TableBuilder("systemuser", "systemuserid", "fullname", OwnershipType.BusinessOwned)
            .String("fullname", 200)
            .String("firstname", 64)
            .String("lastname", 64)
            .String("domainname", 1024)
            .String("internalemailaddress", 100)
            .Lookup("parentsystemuserid", "systemuser")
            .Lookup("businessunitid", "businessunit")
            .Boolean("isdisabled")
            .Integer("accessmode", 0, 5)
            .Guid("azureactivedirectoryobjectid")
            .Guid("applicationid")
            .TypeCode(8)
            .Build();

        yield return new TableBuilder("team", "teamid", "name", OwnershipType.BusinessOwned)
            .String("name", 160, required: true)
            .Lookup("businessunitid", "businessunit")
            .Lookup("administratorid", "systemuser")
            .Choice("teamtype", (0, "Owner"), (1, "Access"), (2, "Security Group"), (3, "Office Group"))
            .Boolean("isdefault")
            .TypeCode(9)
            .Build();

        yield return new TableBuilder("teammembership", "teammembershipid", null, OwnershipType.None)
            .Lookup("teamid", "team")
            .Lookup("systemuserid", "systemuser")
            .Build();

        yield return new TableBuilder("role", "roleid", "name", OwnershipType.BusinessOwned)
            .String("name", 100)
            .Lookup("businessunitid", "businessunit")
            .Build();

        yield return new TableBuilder("systemuserroles", "systemuserroleid", null, OwnershipType.None)
            .Lookup("systemuserid", "systemuser")
            .Lookup("roleid", "role")
            .Build();

        // usersettings is keyed by the user's own id (systemuserid is its primary key).
        yield return new TableBuilder("usersettings", "systemuserid", null, OwnershipType.None)
            .Integer("timezonecode", -1, 1500)
            .Integer("uilanguageid")
            .Integer("localeid")
            .Lookup("businessunitid", "businessunit")
            .Lookup("transactioncurrencyid", "transactioncurrency")
            .Build();

        yield return new TableBuilder("timezonedefinition", "timezonedefinitionid", "standardname", OwnershipType.OrganizationOwned)
            .Integer("timezonecode", -1, 1500)
            .String("standardname", 100)
            .String("userinterfacename", 100)
            .Integer("bias", -1440, 1440)
            .Build();

        yield return new TableBuilder("transactioncurrency", "transactioncurrencyid", "currencyname", OwnershipType.OrganizationOwned)
            .String("currencyname", 100)
            .String("isocurrencycode", 5)
            .String("currencysymbol", 13)
            .Integer("currencyprecision", 0, 4)
            .Decimal("exchangerate", 10, 0.0000000001m, 100_000_000_000m)
            .ActiveInactive()
            .Build();

        yield return new TableBuilder("account", "accountid", "name", OwnershipType.UserOwned)
            .String("name", 160)
            .String("accountnumber", 20)
            .String("address1_city", 80)
            .Lookup("parentaccountid", "account")
            .Lookup("primarycontactid", "contact")
            .Money("revenue")
            .Integer("numberofemployees", 0, 1_000_000_000)
            .ActiveInactive()
            .TypeCode(1)
            .Build();

        yield return new TableBuilder("contact", "contactid", "fullname", OwnershipType.UserOwned)
            .String("fullname", 160)
            .String("firstname", 50)
            .String("lastname", 50)
            .String("emailaddress1", 100)
            .Customer("parentcustomerid")
            .ActiveInactive()
            .TypeCode(2)
            .Build();

        yield return new TableBuilder("opportunity", "opportunityid", "name", OwnershipType.UserOwned)
            .String("name", 300)
            .Customer("customerid")
            .Lookup("parentaccountid", "account")
            .Lookup("parentcontactid", "contact")
            .Money("estimatedvalue")
            .Money("actualvalue")
            .DateTime("estimatedclosedate", DateTimeBehavior.DateOnly)
            .DateTime("actualclosedate", DateTimeBehavior.DateOnly)
            .Integer("closeprobability", 0, 100)
            .String("stepname", 200)
            .Memo("description", 2000)
            .States(
                (0, "Open", 1, [(1, "In Progress"), (2, "On Hold")]),
                (1, "Won", 3, [(3, "Won")]),
                (2, "Lost", 4, [(4, "Canceled"), (5, "Out-Sold")]))
            .TypeCode(3)
            .Build();

        yield return Activity("opportunityclose", 4208, subjectLength: 200)
            .Lookup("opportunityid", "opportunity")
            .Money("actualrevenue")
            .String("competitorid", 100)
            .States(
                (0, "Open", 1, [(1, "Open")]),
                (1, "Completed", 2, [(2, "Completed")]),
                (2, "Canceled", 3, [(3, "Canceled")]))
            .Build();

        yield return Activity("activitypointer", 4200, subjectLength: 400)
            .Add(new ColumnMetadata("activitytypecode", ColumnType.EntityName) { IsValidForCreate = false, IsValidForUpdate = false })
            .States(
                (0, "Open", 1, [(1, "Open")]),
                (1, "Completed", 2, [(2, "Completed")]),
                (2, "Canceled", 3, [(3, "Canceled")]),
                (3, "Scheduled", 4, [(4, "Scheduled")]))
            .Build();

        yield return Activity("phonecall", 4210, subjectLength: 200)
            .Boolean("directioncode", defaultValue: true)
            .String("phonenumber", 200)
            .States(
                (0, "Open", 1, [(1, "Open")]),
                (1, "Completed", 2, [(2, "Made"), (4, "Received")]),
                (2, "Canceled", 3, [(3, "Canceled")]))
            .Build();

        yield return Activity("appointment", 4201, subjectLength: 200)
            .String("location", 200)
            .Boolean("isalldayevent")
            .States(
                (0, "Open", 1, [(1, "Free"), (2, "Tentative")]),
                (1, "Completed", 3, [(3, "Completed")]),
                (2, "Canceled", 4, [(4, "Canceled")]),
                (3, "Scheduled", 5, [(5, "Busy"), (6, "Out of Office")]))
            .Build();

        yield return Activity("email", 4202, subjectLength: 400)
            .Boolean("directioncode", defaultValue: true)
            .String("sender", 250)
            .String("torecipients", 500)
            .States(
                (0, "Open", 1, [(1, "Draft"), (8, "Failed")]),
                (1, "Completed", 2, [(2, "Completed"), (3, "Sent"), (4, "Received"), (6, "Pending Send"), (7, "Sending")]),
                (2, "Canceled", 5, [(5, "Canceled")]))
            .Build();

        yield return Activity("task", 4212, subjectLength: 200)
            .Integer("percentcomplete", 0, 100)
            .States(
                (0, "Open", 2, [(2, "Not Started"), (3, "In Progress"), (4, "Waiting on someone else"), (7, "Deferred")]),
                (1, "Completed", 5, [(5, "Completed")]),
                (2, "Canceled", 6, [(6, "Canceled")]))
            .Build();

        yield return new TableBuilder("appnotification", "appnotificationid", "title", OwnershipType.UserOwned)
            .String("title", 200)
            .Memo("body", 5000)
            .Memo("data", 5000)
            .Choice("icontype", (100000000, "Info"), (100000001, "Success"), (100000002, "Failure"), (100000003, "Warning"), (100000004, "Mention"), (100000005, "Custom"))
            .Choice("toasttype", (200000000, "Timed"), (200000001, "Hidden"))
            .Choice("priority", (1, "Normal"), (2, "High"))
            .Integer("ttlinseconds", 0, int.MaxValue)
            .Boolean("isread")
            .ActiveInactive()
            .Build();

        yield return new TableBuilder("savedquery", "savedqueryid", "name", OwnershipType.OrganizationOwned)
            .String("name", 200)
            .String("returnedtypecode", 64)
            .Integer("querytype")
            .Boolean("isdefault")
            .Memo("fetchxml")
            .Memo("layoutxml")
            .Build();

        yield return new TableBuilder("savedqueryvisualization", "savedqueryvisualizationid", "name", OwnershipType.OrganizationOwned)
            .String("name", 200)
            .String("primaryentitytypecode", 64)
            .Boolean("isdefault")
            .Memo("datadescription")
            .Memo("presentationdescription")
            .Build();

        yield return new TableBuilder("asyncoperation", "asyncoperationid", "name", OwnershipType.UserOwned)
            .String("name", 256)
            .Integer("operationtype")
            .Memo("message", 10000)
            .Guid("correlationid")
            .String("primaryentitytype", 64)
            .Add(new ColumnMetadata("regardingobjectid", ColumnType.Lookup) { Targets = [] })
            .States(
                (0, "Ready", 0, [(0, "Waiting For Resources")]),
                (1, "Suspended", 10, [(10, "Waiting")]),
                (2, "Locked", 20, [(20, "In Progress")]),
                (3, "Completed", 30, [(30, "Succeeded"), (31, "Failed"), (32, "Canceled")]))
            .Build();

        yield return new TableBuilder("environmentvariabledefinition", "environmentvariabledefinitionid", "schemaname", OwnershipType.UserOwned)
            .String("schemaname", 100)
            .String("displayname", 100)
            .Memo("defaultvalue", 2000)
            .Memo("description", 2000)
            .Choice("type", (100000000, "String"), (100000001, "Number"), (100000002, "Boolean"), (100000003, "JSON"), (100000004, "Data source"), (100000005, "Secret"))
            .ActiveInactive()
            .Build();

        yield return new TableBuilder("environmentvariablevalue", "environmentvariablevalueid", "schemaname", OwnershipType.UserOwned)
            .String("schemaname", 100)
            .Memo("value", 2000)
            .Lookup("environmentvariabledefinitionid", "environmentvariabledefinition")
            .ActiveInactive()
            .Build();
    }

    /// <summary>Relationships between standard tables that queries and associations use.</summary>
    public static IEnumerable<RelationshipMetadata> Relationships()
    {
        yield return new RelationshipMetadata("teammembership_association", RelationshipKind.ManyToMany, "team", "systemuser", null) { IntersectTable = "teammembership" };
        yield return new RelationshipMetadata("systemuserroles_association", RelationshipKind.ManyToMany, "systemuser", "role", null) { IntersectTable = "systemuserroles" };
        yield return new RelationshipMetadata("user_parent_user", RelationshipKind.OneToMany, "systemuser", "systemuser", "parentsystemuserid") { IsHierarchical = true };
        yield return new RelationshipMetadata("account_parent_account", RelationshipKind.OneToMany, "account", "account", "parentaccountid") { IsHierarchical = true };
        yield return new RelationshipMetadata("business_unit_system_users", RelationshipKind.OneToMany, "businessunit", "systemuser", "businessunitid");
        yield return new RelationshipMetadata("opportunity_OpportunityClose", RelationshipKind.OneToMany, "opportunity", "opportunityclose", "opportunityid") { CascadeDelete = "Cascade" };
    }

    /// <summary>The columns every activity shares; the activity pointer mirrors them.</summary>
    private static TableBuilder Activity(string logicalName, int typeCode, int subjectLength)
        => new TableBuilder(logicalName, "activityid", "subject", OwnershipType.UserOwned)
            .Activity()
            .TypeCode(typeCode)
            .String("subject", subjectLength)
            .Memo("description", 2000)
            .Add(new ColumnMetadata("regardingobjectid", ColumnType.Lookup) { Targets = [] })
            .DateTime("actualstart")
            .DateTime("actualend")
            .Integer("actualdurationminutes", 0, 2_147_483_647)
            .DateTime("scheduledstart")
            .DateTime("scheduledend")
            .Integer("scheduleddurationminutes", 0, 2_147_483_647)
            .Choice("prioritycode", (0, "Low"), (1, "Normal"), (2, "High"))
            .Boolean("isregularactivity", defaultValue: true);
}
