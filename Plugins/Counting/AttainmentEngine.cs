using System;
using System.Globalization;
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
    public const string AttainmentColumns = "cra_actual,cra_target,cra_stretchtarget,cra_percent,cra_expectedtodate,cra_pace,cra_status,cra_isclosed,cra_streak,cra_contributioncount,cra_lastcontributionon,cra_periodend,cra_periodlabel,cra_nudgedon,cra_coachedon,cra_slumpcheckon";

    /// <summary>Streak lengths that earn a recognition (DESIGN §5.4).</summary>
    private static readonly int[] RecognizedStreaks = [3, 5, 10];

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

    /// <summary>Periods this engine closed (a Met, Exceeded or Missed written for the first time).</summary>
    public int Closed { get; private set; }

    /// <summary>Recognitions this engine awarded.</summary>
    public int Recognitions { get; private set; }

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
            if (Recount(key, Lock(key)).Changed)
            {
                changed++;
            }
        }

        return changed;
    }

    /// <summary>Locks and recounts one attainment (Recalculate's and Evaluate's unit of work).</summary>
    public AttainmentOutcome RecomputeOne(AttainmentKey key)
    {
        _context.ExecutionContext.SharedVariables[ComputedColumns.SystemWriteKey] = true;
        return Recount(key, Lock(key));
    }

    /// <summary>
    /// Evaluate's unit of work for a row that already exists: the counting plug-ins keep its actual exact in the same
    /// transaction as every change, so only what time moves — expected-to-date, pace, status — is brought up to date,
    /// from the stored actual, without reading a single source row. Nothing is locked or written unless something
    /// changed; then the row is locked and re-read first. A period that is closing is recounted from source instead,
    /// so its final verdict never rests on anything but the activities themselves.
    /// </summary>
    public AttainmentOutcome RefreshPace(AttainmentKey key, Entity stored)
    {
        var localNow = ZonedTime.ToLocal(_context.OperationTimeUtc, key.Zone);
        var closing = localNow.Date > key.Period.End && !stored.GetAttributeValue<bool>("cra_isclosed");
        if (closing || !stored.Contains("cra_actual"))
        {
            return RecomputeOne(key);
        }

        var probe = new Entity("cra_attainment", stored.Id);
        var assessment = Paced(key, stored, localNow);
        SetPace(probe, stored, assessment);
        if (probe.Attributes.Count == 0)
        {
            return new AttainmentOutcome(stored.Id, stored, assessment, stored.GetAttributeValue<int?>("cra_streak") ?? 0, changed: false);
        }

        _context.ExecutionContext.SharedVariables[ComputedColumns.SystemWriteKey] = true;
        var id = Lock(key);
        var fresh = System.Retrieve("cra_attainment", id, new ColumnSet(AttainmentColumns.Split(',')));
        assessment = Paced(key, fresh, localNow);
        var update = new Entity("cra_attainment", id);
        SetPace(update, fresh, assessment);
        var outcome = new AttainmentOutcome(id, fresh, assessment, fresh.GetAttributeValue<int?>("cra_streak") ?? 0, update.Attributes.Count > 0);
        if (outcome.Changed)
        {
            update["cra_recalculatedon"] = _context.OperationTimeUtc;
            System.Update(update);
            Recognize(key, id, fresh.GetAttributeValue<OptionSetValue>("cra_status")?.Value, assessment);
        }

        return outcome;
    }

    private AttainmentAssessment Paced(AttainmentKey key, Entity stored, DateTime localNow)
        => AttainmentAssessment.Assess(stored.GetAttributeValue<decimal?>("cra_actual") ?? 0m, key.Expectation.Target, key.Expectation.StretchTarget, key.Period, localNow, _reader.Settings);

    private static void SetPace(Entity update, Entity stored, AttainmentAssessment assessment)
    {
        Set(update, stored, "cra_target", assessment.Target);
        Set(update, stored, "cra_stretchtarget", assessment.Stretch);
        Set(update, stored, "cra_percent", assessment.Percent);
        Set(update, stored, "cra_expectedtodate", assessment.ExpectedToDate);
        Set(update, stored, "cra_pace", assessment.Pace);
        if (stored.GetAttributeValue<OptionSetValue>("cra_status")?.Value != (int)assessment.Status)
        {
            update["cra_status"] = new OptionSetValue((int)assessment.Status);
        }
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

    private AttainmentOutcome Recount(AttainmentKey key, Guid id)
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

        var outcome = new AttainmentOutcome(id, stored, assessment, streak, update.Attributes.Count > 0);
        if (!outcome.Changed)
        {
            return outcome;
        }

        update["cra_recalculatedon"] = _context.OperationTimeUtc;
        System.Update(update);
        if (assessment.IsClosed && !wasClosed)
        {
            Closed++;
        }

        Recognize(key, id, previousStatus, assessment);
        var previousStreak = stored.GetAttributeValue<int?>("cra_streak") ?? 0;
        if (assessment.IsClosed && previousStreak != streak)
        {
            if (RecognizedStreaks.Contains(streak))
            {
                Award(key, id, RecognitionKind.Streak, assessment, streak);
            }

            CarryStreakForward(key, streak);
        }

        if (assessment.IsClosed && !wasClosed && assessment.HasWorkingTime && IsPersonalBest(key, assessment.Actual))
        {
            Award(key, id, RecognitionKind.PersonalBest, assessment);
        }

        return outcome;
    }

    private bool Award(AttainmentKey key, Guid attainmentId, RecognitionKind kind, AttainmentAssessment assessment, int? streak = null)
    {
        var awarded = new RecognitionWriter(System, _context.OperationTimeUtc, _reader).Award(key, attainmentId, kind, assessment, streak);
        if (awarded)
        {
            Recognitions++;
        }

        return awarded;
    }

    /// <summary>Above every earlier closed period of this expectation for this rep, with at least two of them to beat.</summary>
    private bool IsPersonalBest(AttainmentKey key, decimal actual)
    {
        if (actual <= 0)
        {
            return false;
        }

        var fetch = "<fetch aggregate='true'><entity name='cra_attainment'>"
            + "<attribute name='cra_actual' alias='best' aggregate='max' /><attribute name='cra_attainmentid' alias='periods' aggregate='count' />"
            + "<filter><condition attribute='cra_expectationid' operator='eq' value='" + key.Expectation.Id.ToString("D") + "' />"
            + "<condition attribute='cra_repid' operator='eq' value='" + key.RepId.ToString("D") + "' />"
            + "<condition attribute='cra_isclosed' operator='eq' value='1' />"
            + "<condition attribute='cra_periodstart' operator='lt' value='" + key.Period.Start.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) + "' /></filter></entity></fetch>";
        var row = System.RetrieveMultiple(new FetchExpression(fetch)).Entities.FirstOrDefault();
        var periods = Convert.ToInt32(row?.GetAttributeValue<AliasedValue>("periods")?.Value ?? 0, CultureInfo.InvariantCulture);
        var best = row?.GetAttributeValue<AliasedValue>("best")?.Value is decimal value ? value : 0m;
        return periods >= 2 && actual > best;
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
            Award(key, attainmentId, RecognitionKind.Met, assessment);
        }

        if (assessment.Status == AttainmentStatus.Exceeded && !wasExceeded)
        {
            Award(key, attainmentId, RecognitionKind.Exceeded, assessment);
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

            var row = FindAttainment(key.Expectation.Id, key.RepId, period, "cra_streak,cra_isclosed,cra_status,cra_actual,cra_target");
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
            if (RecognizedStreaks.Contains(next))
            {
                var later = new AttainmentKey(key.Expectation, key.RepId, period, key.Zone);
                Award(later, row.Id, RecognitionKind.Streak, AttainmentAssessment.Assess(row.GetAttributeValue<decimal?>("cra_actual") ?? 0m, row.GetAttributeValue<decimal?>("cra_target") ?? key.Expectation.Target, null, period, period.End.AddDays(1), _reader.Settings), next);
            }
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

/// <summary>One recount's result: the row as it was, where it stands now, and whether anything was written.</summary>
public sealed class AttainmentOutcome
{
    public AttainmentOutcome(Guid id, Entity before, AttainmentAssessment assessment, int streak, bool changed)
    {
        Id = id;
        Before = before;
        Assessment = assessment;
        Streak = streak;
        Changed = changed;
    }

    public Guid Id { get; }

    public Entity Before { get; }

    public AttainmentAssessment Assessment { get; }

    public int Streak { get; }

    public bool Changed { get; }
}
