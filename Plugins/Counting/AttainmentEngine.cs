using System;
using System.Linq;
using CrmAccountability.Plugins.Attainments;
using CrmAccountability.Plugins.Domain;
using CrmAccountability.Plugins.Domain.Counting;
using CrmAccountability.Plugins.Domain.Pace;
using CrmAccountability.Plugins.Domain.Periods;
using CrmAccountability.Plugins.Framework;
using Microsoft.Xrm.Sdk;
using Microsoft.Xrm.Sdk.Messages;
using Microsoft.Xrm.Sdk.Query;

namespace CrmAccountability.Plugins.Counting;

/// <summary>
/// Recompute, never increment (DESIGN §6.2): for each attainment, in the canonical lock order, upsert the row by its
/// alternate key first (creating it if missing and taking its write lock before anything is read), then recount it
/// from source as SYSTEM, then write only what changed. A period that has ended closes with its final status and streak,
/// and a late correction carries the streak forward to the closed periods after it. Reaching the target creates the
/// recognition at once; a recognition once given is never withdrawn.
/// </summary>
public class AttainmentEngine
{
    public const string AttainmentColumns = "cra_actual,cra_target,cra_stretchtarget,cra_percent,cra_expectedtodate,cra_pace,cra_status,cra_isclosed,cra_streak,cra_contributioncount,cra_lastcontributionon,cra_periodend,cra_periodlabel";

    private const int MaximumStreakSteps = 1000;

    private readonly ILocalPluginContext _context;
    private readonly AccountabilityReader _reader;
    private readonly AttainmentCounter _counter;

    public AttainmentEngine(ILocalPluginContext context, AccountabilityReader reader)
    {
        _context = context;
        _reader = reader;
        _counter = new AttainmentCounter(reader.System);
    }

    protected IOrganizationService System => _reader.System;

    /// <summary>Recounts every key, in lock order; returns how many attainment rows changed.</summary>
    public int Recompute(AttainmentKeySet keys)
    {
        if (keys.Count == 0)
        {
            return 0;
        }

        // The guard on computed columns lets through writes made beneath a context that carries this mark.
        _context.ExecutionContext.SharedVariables[ComputedColumns.SystemWriteKey] = true;
        var changed = 0;
        foreach (var key in keys.InLockOrder())
        {
            var id = Lock(key);
            if (Recount(key, id))
            {
                changed++;
            }
        }

        return changed;
    }

    /// <summary>Locks and recounts one attainment (Recalculate's unit of work); returns whether it changed.</summary>
    public bool RecomputeOne(AttainmentKey key)
    {
        _context.ExecutionContext.SharedVariables[ComputedColumns.SystemWriteKey] = true;
        return Recount(key, Lock(key));
    }

    /// <summary>
    /// The pre-lock: an Upsert by the alternate key that writes the operation id, so the row exists and is locked
    /// before it is counted. Virtual only so a test can show what happens without it.
    /// </summary>
    protected virtual Guid Lock(AttainmentKey key)
    {
        var keys = new KeyAttributeCollection
        {
            { "cra_expectationid", new EntityReference("cra_expectation", key.Expectation.Id) },
            { "cra_repid", new EntityReference("systemuser", key.RepId) },
            { "cra_periodstart", DateTime.SpecifyKind(key.Period.Start, DateTimeKind.Utc) },
        };
        var row = new Entity("cra_attainment", keys)
        {
            ["cra_lasttouch"] = _context.ExecutionContext.OperationId.ToString("D"),
            ["cra_name"] = Wording.AttainmentName(key.Expectation, key.Period),
            ["cra_periodend"] = DateTime.SpecifyKind(key.Period.End, DateTimeKind.Utc),
            ["cra_periodlabel"] = key.Period.Label,
            ["ownerid"] = new EntityReference("systemuser", key.RepId),
        };
        var response = (UpsertResponse)System.Execute(new UpsertRequest { Target = row });
        return response.Target?.Id ?? throw new InvalidPluginExecutionException("Dataverse did not return the attainment it saved for " + key + "; ask an administrator to run Recalculate.");
    }

    private bool Recount(AttainmentKey key, Guid id)
    {
        var stored = System.Retrieve("cra_attainment", id, new ColumnSet(AttainmentColumns.Split(',')));
        var tally = _counter.Count(key.Scope);
        var settings = _reader.Settings;
        var wasClosed = stored.GetAttributeValue<bool>("cra_isclosed");

        // An open period follows the expectation's current targets; a closed one keeps those it closed with.
        var target = wasClosed ? stored.GetAttributeValue<decimal?>("cra_target") ?? key.Expectation.Target : key.Expectation.Target;
        var stretch = wasClosed ? stored.GetAttributeValue<decimal?>("cra_stretchtarget") ?? key.Expectation.StretchTarget : key.Expectation.StretchTarget;
        var localNow = ZonedTime.ToLocal(_context.OperationTimeUtc, key.Zone);
        var assessment = AttainmentAssessment.Assess(tally.Actual, target, stretch, key.Period, localNow, settings);
        var streak = assessment.IsClosed && assessment.HasWorkingTime && assessment.IsMet ? PreviousStreak(key) + 1 : 0;

        var update = new Entity("cra_attainment", id);
        Set(update, stored, "cra_actual", assessment.Actual);
        Set(update, stored, "cra_target", assessment.Target);
        Set(update, stored, "cra_stretchtarget", assessment.Stretch);
        Set(update, stored, "cra_percent", assessment.Percent);
        Set(update, stored, "cra_expectedtodate", assessment.ExpectedToDate);
        Set(update, stored, "cra_pace", assessment.Pace);
        Set(update, stored, "cra_isclosed", assessment.IsClosed);
        Set(update, stored, "cra_streak", streak);
        Set(update, stored, "cra_contributioncount", tally.Contributions);
        Set(update, stored, "cra_lastcontributionon", tally.LastContribution);
        var previousStatus = stored.GetAttributeValue<OptionSetValue>("cra_status")?.Value;
        if (previousStatus != (int)assessment.Status)
        {
            update["cra_status"] = new OptionSetValue((int)assessment.Status);
        }

        if (update.Attributes.Count == 0)
        {
            return false;
        }

        update["cra_recalculatedon"] = _context.OperationTimeUtc;
        System.Update(update);
        Recognize(key, id, previousStatus, assessment);
        if (assessment.IsClosed && (stored.GetAttributeValue<int?>("cra_streak") ?? 0) != streak)
        {
            CarryStreakForward(key, streak);
        }

        return true;
    }

    /// <summary>Reaching Met or Exceeded is recognised at once, once per attainment and kind.</summary>
    private void Recognize(AttainmentKey key, Guid attainmentId, int? previousStatus, AttainmentAssessment assessment)
    {
        if (!assessment.IsMet)
        {
            return;
        }

        var wasExceeded = previousStatus == (int)AttainmentStatus.Exceeded;
        var wasMet = wasExceeded || previousStatus == (int)AttainmentStatus.Met;
        if (!wasMet)
        {
            new RecognitionWriter(System, _context.OperationTimeUtc).Award(key, attainmentId, RecognitionKind.Met, assessment);
        }

        if (assessment.Status == AttainmentStatus.Exceeded && !wasExceeded)
        {
            new RecognitionWriter(System, _context.OperationTimeUtc).Award(key, attainmentId, RecognitionKind.Exceeded, assessment);
        }
    }

    /// <summary>The streak the closed period before this one ended with (periods without working time neither count nor break).</summary>
    private int PreviousStreak(AttainmentKey key)
    {
        var calendar = _reader.Settings.Calendar;
        var period = ExpectationPeriods.Previous(key.Expectation, key.Period, calendar);
        for (var step = 0; period != null && step < 31; step++)
        {
            if (_reader.Settings.WorkingTime.Total(period) > TimeSpan.Zero)
            {
                var row = FindAttainment(key.Expectation.Id, key.RepId, period, "cra_streak,cra_isclosed");
                return row != null && row.GetAttributeValue<bool>("cra_isclosed") ? row.GetAttributeValue<int?>("cra_streak") ?? 0 : 0;
            }

            period = ExpectationPeriods.Previous(key.Expectation, period, calendar);
        }

        return 0;
    }

    /// <summary>After a late correction, the closed periods that follow get the streak they now carry; it stops where nothing changes.</summary>
    private void CarryStreakForward(AttainmentKey key, int streak)
    {
        var calendar = _reader.Settings.Calendar;
        var carried = streak;
        var period = ExpectationPeriods.Next(key.Expectation, key.Period, calendar);
        for (var step = 0; period != null && step < MaximumStreakSteps; step++, period = ExpectationPeriods.Next(key.Expectation, period, calendar))
        {
            if (_reader.Settings.WorkingTime.Total(period) == TimeSpan.Zero)
            {
                continue;
            }

            var row = FindAttainment(key.Expectation.Id, key.RepId, period, "cra_streak,cra_isclosed,cra_status");
            if (row == null || !row.GetAttributeValue<bool>("cra_isclosed"))
            {
                return;
            }

            var status = row.GetAttributeValue<OptionSetValue>("cra_status")?.Value;
            var next = status is (int)AttainmentStatus.Met or (int)AttainmentStatus.Exceeded ? carried + 1 : 0;
            if ((row.GetAttributeValue<int?>("cra_streak") ?? 0) == next)
            {
                return;
            }

            System.Update(new Entity("cra_attainment", row.Id) { ["cra_streak"] = next, ["cra_recalculatedon"] = _context.OperationTimeUtc });
            carried = next;
        }
    }

    private Entity? FindAttainment(Guid expectationId, Guid repId, AttainmentPeriod period, string columns)
    {
        var query = new QueryExpression("cra_attainment") { ColumnSet = new ColumnSet(columns.Split(',')), TopCount = 1 };
        query.Criteria.AddCondition("cra_expectationid", ConditionOperator.Equal, expectationId);
        query.Criteria.AddCondition("cra_repid", ConditionOperator.Equal, repId);
        query.Criteria.AddCondition("cra_periodstart", ConditionOperator.On, DateTime.SpecifyKind(period.Start, DateTimeKind.Utc));
        return System.RetrieveMultiple(query).Entities.FirstOrDefault();
    }

    private static void Set(Entity update, Entity stored, string column, object? value)
    {
        var current = stored.Contains(column) ? stored[column] : null;
        bool same;
        if (current is DateTime storedDate && value is DateTime newDate)
        {
            same = DateTime.SpecifyKind(storedDate, DateTimeKind.Utc) == DateTime.SpecifyKind(newDate, DateTimeKind.Utc);
        }
        else
        {
            // An empty two-option column reads as its default, false.
            same = Equals(current, value) || (current == null && value is false);
        }

        if (!same)
        {
            update[column] = value;
        }
    }
}
