using System;
using System.Collections.Generic;
using System.Linq;
using Microsoft.Xrm.Sdk;
using Microsoft.Xrm.Sdk.Query;

namespace CrmAccountability.Plugins.Counting;

/// <summary>
/// Keeps opportunity.cra_lastactivityon at the latest actual end of the completed phone calls, appointments, emails and
/// tasks regarding it, while the opportunity is open (a closed opportunity keeps what it closed with). One aggregate
/// over activitypointer, whatever the number of activities.
/// </summary>
public sealed class LastActivityStamp
{
    private readonly IOrganizationService _system;

    public LastActivityStamp(IOrganizationService system)
    {
        _system = system;
    }

    public void Refresh(IEnumerable<Guid> opportunityIds)
    {
        foreach (var id in opportunityIds.Distinct().OrderBy(i => i))
        {
            var opportunity = _system.RetrieveMultiple(new FetchExpression(
                "<fetch top='1'><entity name='opportunity'><attribute name='statecode' /><attribute name='cra_lastactivityon' />"
                + "<filter><condition attribute='opportunityid' operator='eq' value='" + id.ToString("D") + "' /></filter></entity></fetch>")).Entities.FirstOrDefault();
            if (opportunity == null || opportunity.GetAttributeValue<OptionSetValue>("statecode")?.Value != 0)
            {
                continue;
            }

            var latest = _system.RetrieveMultiple(new FetchExpression(
                "<fetch aggregate='true'><entity name='activitypointer'><attribute name='actualend' alias='latest' aggregate='max' />"
                + "<filter><condition attribute='regardingobjectid' operator='eq' value='" + id.ToString("D") + "' />"
                + "<condition attribute='statecode' operator='eq' value='1' />"
                + "<condition attribute='activitytypecode' operator='in'><value>phonecall</value><value>appointment</value><value>email</value><value>task</value></condition>"
                + "</filter></entity></fetch>")).Entities.FirstOrDefault()?.GetAttributeValue<AliasedValue>("latest")?.Value as DateTime?;
            var stored = opportunity.GetAttributeValue<DateTime?>("cra_lastactivityon");
            if (Normal(stored) != Normal(latest))
            {
                _system.Update(new Entity("opportunity", id) { ["cra_lastactivityon"] = latest });
            }
        }
    }

    private static DateTime? Normal(DateTime? value) => value == null ? null : DateTime.SpecifyKind(value.Value, DateTimeKind.Utc);
}
