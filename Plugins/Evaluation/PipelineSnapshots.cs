using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using CrmAccountability.Plugins.Counting;
using CrmAccountability.Plugins.Domain;
using CrmAccountability.Plugins.Domain.Periods;
using Microsoft.Xrm.Sdk;
using Microsoft.Xrm.Sdk.Query;

namespace CrmAccountability.Plugins.Evaluation;

/// <summary>
/// The weekly pipeline review's data (DESIGN §3, cra_pipelinesnapshot): per rep per week, the open pipeline (value and
/// count) and its change since last week, what was created, won and lost that week (canceled deals are neither) and how
/// many open deals are stalled. The stalled flag it keeps
/// on opportunities (cra_isstalled) is what the Stalled opportunities view filters on, since a view cannot read the
/// cra_StalledDealDays setting. Each figure is one aggregate; only changed rows are written.
/// </summary>
public sealed class PipelineSnapshots
{
    private readonly AccountabilityReader _reader;
    private readonly DateTime _nowUtc;

    public PipelineSnapshots(AccountabilityReader reader, DateTime nowUtc)
    {
        _reader = reader;
        _nowUtc = nowUtc;
    }

    private IOrganizationService System => _reader.System;

    public void Refresh(Guid rep, TimeZoneInfo zone)
    {
        RefreshStalledFlags(rep);
        var calendar = _reader.Settings.Calendar;
        var week = calendar.For(Period.Week, ZonedTime.LocalDate(_nowUtc, zone));
        var previousWeek = calendar.Previous(week);
        var owner = "<condition attribute='ownerid' operator='eq' value='" + rep.ToString("D") + "' />";
        var open = Aggregate("estimatedvalue_base", owner + "<condition attribute='statecode' operator='eq' value='0' />");
        var stalled = Aggregate("estimatedvalue_base", owner + "<condition attribute='statecode' operator='eq' value='0' /><condition attribute='cra_isstalled' operator='eq' value='1' />");
        var stored = Stored(rep, previousWeek.Start, week.Start);
        stored.TryGetValue(week.Start, out var existing);
        stored.TryGetValue(previousWeek.Start, out var previous);

        var snapshot = Keyed(rep, week);
        Set(snapshot, existing, "cra_openvalue", new Money(open.Sum));
        Set(snapshot, existing, "cra_opencount", open.Count);
        Set(snapshot, existing, "cra_stalledcount", stalled.Count);
        if (previous?.GetAttributeValue<Money>("cra_openvalue") is { } before)
        {
            Set(snapshot, existing, "cra_openvaluechange", new Money(open.Sum - before.Value));
        }

        SetFlows(snapshot, existing, owner, week, zone);
        Save(snapshot, existing, rep, week);

        // The last evaluation of a week can come before its last minutes: once the week is over, its created, won and lost
        // figures (unlike open value, they can be recounted) are brought up to date a final time.
        if (previous != null && previous.GetAttributeValue<DateTime?>("modifiedon") is { } modified && modified < previousWeek.EndUtc(zone))
        {
            var last = Keyed(rep, previousWeek);
            SetFlows(last, previous, owner, previousWeek, zone);
            last["cra_stalledcount"] = previous.GetAttributeValue<int?>("cra_stalledcount") ?? 0;
            Save(last, previous, rep, previousWeek);
        }
    }

    private void SetFlows(Entity snapshot, Entity? existing, string owner, AttainmentPeriod week, TimeZoneInfo zone)
    {
        var created = Aggregate("estimatedvalue_base", owner + Range("createdon", week.StartUtc(zone), week.EndUtc(zone)) + "<filter type='or'><condition attribute='statecode' operator='ne' value='2' /><condition attribute='statuscode' operator='ne' value='4' /></filter>");
        var won = Aggregate("actualvalue_base", owner + "<condition attribute='statecode' operator='eq' value='1' />" + DateRange(week));
        var lost = Aggregate("estimatedvalue_base", owner + "<condition attribute='statecode' operator='eq' value='2' /><condition attribute='statuscode' operator='ne' value='4' />" + DateRange(week));
        Set(snapshot, existing, "cra_createdvalue", new Money(created.Sum));
        Set(snapshot, existing, "cra_wonvalue", new Money(won.Sum));
        Set(snapshot, existing, "cra_lostvalue", new Money(lost.Sum));
    }

    private static Entity Keyed(Guid rep, AttainmentPeriod week) => new("cra_pipelinesnapshot", new KeyAttributeCollection
    {
        { "cra_repid", new EntityReference("systemuser", rep) },
        { "cra_weekstart", DateTime.SpecifyKind(week.Start, DateTimeKind.Utc) },
    });

    private void Save(Entity snapshot, Entity? existing, Guid rep, AttainmentPeriod week)
    {
        if (snapshot.Attributes.Count == 0)
        {
            return;
        }

        if (existing == null)
        {
            snapshot["cra_name"] = _reader.NameOf(rep) + " — " + week.Label;
            snapshot["ownerid"] = new EntityReference("systemuser", rep);
        }

        System.Execute(new Microsoft.Xrm.Sdk.Messages.UpsertRequest { Target = snapshot });
    }

    /// <summary>Open opportunities with no completed activity for cra_StalledDealDays (nor since they were created) are stalled; the flag clears when that changes.</summary>
    private void RefreshStalledFlags(Guid rep)
    {
        var cutoff = _nowUtc.AddDays(-_reader.Settings.StalledDealDays).ToString("yyyy-MM-ddTHH:mm:ssZ", CultureInfo.InvariantCulture);
        var owner = "<condition attribute='ownerid' operator='eq' value='" + rep.ToString("D") + "' />";
        var quiet = "<filter type='or'><condition attribute='cra_lastactivityon' operator='lt' value='" + cutoff + "' />"
            + "<filter type='and'><condition attribute='cra_lastactivityon' operator='null' /><condition attribute='createdon' operator='lt' value='" + cutoff + "' /></filter></filter>";
        var lively = "<filter type='or'><condition attribute='statecode' operator='ne' value='0' /><condition attribute='cra_lastactivityon' operator='ge' value='" + cutoff + "' />"
            + "<filter type='and'><condition attribute='cra_lastactivityon' operator='null' /><condition attribute='createdon' operator='ge' value='" + cutoff + "' /></filter></filter>";
        Flag(owner + "<condition attribute='statecode' operator='eq' value='0' /><filter type='or'><condition attribute='cra_isstalled' operator='ne' value='1' /><condition attribute='cra_isstalled' operator='null' /></filter>" + quiet, true);
        Flag(owner + "<condition attribute='cra_isstalled' operator='eq' value='1' />" + lively, false);
    }

    private void Flag(string conditions, bool stalled)
    {
        var fetch = "<fetch><entity name='opportunity'><attribute name='opportunityid' /><filter type='and'>" + conditions + "</filter></entity></fetch>";
        foreach (var opportunity in System.RetrieveMultiple(new FetchExpression(fetch)).Entities)
        {
            System.Update(new Entity("opportunity", opportunity.Id) { ["cra_isstalled"] = stalled });
        }
    }

    private Total Aggregate(string sumColumn, string conditions)
    {
        var fetch = "<fetch aggregate='true'><entity name='opportunity'><attribute name='opportunityid' alias='n' aggregate='count' /><attribute name='" + sumColumn + "' alias='total' aggregate='sum' />"
            + "<filter type='and'>" + conditions + "</filter></entity></fetch>";
        var row = System.RetrieveMultiple(new FetchExpression(fetch)).Entities.FirstOrDefault();
        var sum = row?.GetAttributeValue<AliasedValue>("total")?.Value switch
        {
            Money money => money.Value,
            IConvertible number => number.ToDecimal(CultureInfo.InvariantCulture),
            _ => 0m,
        };
        var count = Convert.ToInt32(row?.GetAttributeValue<AliasedValue>("n")?.Value ?? 0, CultureInfo.InvariantCulture);
        return new Total(sum, count);
    }

    /// <summary>The rep's stored snapshots of the two given weeks, by week start.</summary>
    private Dictionary<DateTime, Entity> Stored(Guid rep, DateTime previousWeekStart, DateTime weekStart)
    {
        var query = new QueryExpression("cra_pipelinesnapshot") { ColumnSet = new ColumnSet("cra_weekstart", "cra_openvalue", "cra_opencount", "cra_openvaluechange", "cra_createdvalue", "cra_wonvalue", "cra_lostvalue", "cra_stalledcount", "modifiedon") };
        query.Criteria.AddCondition("cra_repid", ConditionOperator.Equal, rep);
        query.Criteria.AddCondition("cra_weekstart", ConditionOperator.OnOrAfter, DateTime.SpecifyKind(previousWeekStart, DateTimeKind.Utc));
        query.Criteria.AddCondition("cra_weekstart", ConditionOperator.OnOrBefore, DateTime.SpecifyKind(weekStart, DateTimeKind.Utc));
        var found = new Dictionary<DateTime, Entity>();
        foreach (var row in System.RetrieveMultiple(query).Entities)
        {
            if (row.GetAttributeValue<DateTime?>("cra_weekstart") is { } start)
            {
                found[start.Date] = row;
            }
        }

        return found;
    }

    private static void Set(Entity snapshot, Entity? existing, string column, object value)
    {
        var current = existing?.Contains(column) == true ? existing[column] : null;
        var same = current is Money a && value is Money b ? a.Value == b.Value : Equals(current, value);
        if (!same)
        {
            snapshot[column] = value;
        }
    }

    private static string Range(string column, DateTime fromUtc, DateTime toUtc)
        => "<condition attribute='" + column + "' operator='ge' value='" + fromUtc.ToString("yyyy-MM-ddTHH:mm:ssZ", CultureInfo.InvariantCulture) + "' />"
            + "<condition attribute='" + column + "' operator='lt' value='" + toUtc.ToString("yyyy-MM-ddTHH:mm:ssZ", CultureInfo.InvariantCulture) + "' />";

    private static string DateRange(AttainmentPeriod week)
        => "<condition attribute='actualclosedate' operator='on-or-after' value='" + week.Start.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) + "' />"
            + "<condition attribute='actualclosedate' operator='on-or-before' value='" + week.End.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) + "' />";

    private sealed class Total(decimal sum, int count)
    {
        public decimal Sum { get; } = sum;

        public int Count { get; } = count;
    }
}
