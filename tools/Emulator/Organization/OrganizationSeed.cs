using System;
using System.Collections.Generic;
using CrmAccountability.Emulator.Solutions;
using CrmAccountability.Emulator.Storage;
using CrmAccountability.Emulator.Time;
using Microsoft.Xrm.Sdk;

namespace CrmAccountability.Emulator.Organization;

/// <summary>
/// What a new organisation holds before anyone signs in: the root business unit and SYSTEM, the time zone
/// definitions, the base currency, the organization row with its calendar settings, and the System Administrator role.
/// </summary>
internal sealed class OrganizationSeed(DataverseEmulator org, EmulatorOptions options)
{
    private readonly DataverseEmulator _org = org;
    private readonly EmulatorOptions _options = options;

    public void Seed()
    {
        var bootstrap = new CallerContext(_org.SystemUserId, _org.RootBusinessUnitId, TimeZoneInfo.Utc, IsSystem: true);
        var businessUnits = _org.Store.Table("businessunit");
        var now = _org.Clock.UtcNow;

        // The root business unit and SYSTEM reference each other, so they are written directly, as setup does.
        businessUnits.Put(_org.RootBusinessUnitId, new Dictionary<string, object?>
        {
            ["businessunitid"] = _org.RootBusinessUnitId,
            ["name"] = _options.OrganizationName,
            ["createdon"] = now,
            ["modifiedon"] = now,
            ["versionnumber"] = 1L,
        }, writer: null);
        _org.Store.Table("systemuser").Put(_org.SystemUserId, new Dictionary<string, object?>
        {
            ["systemuserid"] = _org.SystemUserId,
            ["fullname"] = "SYSTEM",
            ["businessunitid"] = new EntityReference("businessunit", _org.RootBusinessUnitId),
            ["accessmode"] = 3,
            ["createdon"] = now,
            ["modifiedon"] = now,
            ["versionnumber"] = 1L,
        }, writer: null);
        _org.Writer.Platform.SystemUserId = _org.SystemUserId;
        foreach (var (code, windowsId, display) in TimeZoneCatalog.All)
        {
            _org.Writer.Create(bootstrap, new Entity("timezonedefinition")
            {
                ["timezonecode"] = code,
                ["standardname"] = windowsId,
                ["userinterfacename"] = display,
                ["bias"] = -(int)TimeZoneCatalog.Resolve(windowsId).BaseUtcOffset.TotalMinutes,
            }, null);
        }

        _org.Writer.Create(bootstrap, new Entity("usersettings", _org.SystemUserId) { ["timezonecode"] = TimeZoneCatalog.CodeFor("UTC"), ["uilanguageid"] = 1033 }, null);
        _org.Writer.Create(bootstrap, new Entity("transactioncurrency", _org.BaseCurrencyId)
        {
            ["currencyname"] = _options.BaseCurrencyCode,
            ["isocurrencycode"] = _options.BaseCurrencyCode,
            ["currencysymbol"] = _options.BaseCurrencyCode == "USD" ? "$" : _options.BaseCurrencyCode,
            ["currencyprecision"] = 2,
            ["exchangerate"] = 1m,
        }, null);
        _org.Writer.Platform.BaseCurrencyId = _org.BaseCurrencyId;
        _org.Writer.Create(bootstrap, new Entity("organization", _org.OrganizationId)
        {
            ["name"] = _options.OrganizationName,
            ["weekstartdaycode"] = _options.WeekStartDay,
            ["fiscalcalendarstart"] = new DateTime(2026, _options.FiscalYearStartMonth, 1, 0, 0, 0, DateTimeKind.Utc),
            ["fiscalperiodtype"] = _options.FiscalPeriodsPerYear,
            ["fiscalyeardisplaycode"] = _options.FiscalYearNamedByEndYear ? 1 : 0,
            ["basecurrencyid"] = new EntityReference("transactioncurrency", _org.BaseCurrencyId),
            ["localeid"] = 1033,
        }, null);
        var administrator = _org.Writer.Create(bootstrap, new Entity("role") { ["name"] = SecurityModel.SystemAdministrator, ["businessunitid"] = new EntityReference("businessunit", _org.RootBusinessUnitId) }, null);
        _org.AddRoleId(SecurityModel.SystemAdministrator, administrator);
        _org.Security.AddRole(new RoleDefinition(administrator, SecurityModel.SystemAdministrator, new Dictionary<string, PrivilegeDepth>()));
    }
}
