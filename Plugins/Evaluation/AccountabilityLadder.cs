using System;
using System.Globalization;
using System.Linq;
using CrmAccountability.Plugins.Counting;
using CrmAccountability.Plugins.Domain;
using CrmAccountability.Plugins.Domain.Ladder;
using CrmAccountability.Plugins.Domain.Pace;
using CrmAccountability.Plugins.Domain.Periods;
using CrmAccountability.Plugins.Framework;
using Microsoft.Xrm.Sdk;
using Microsoft.Xrm.Sdk.Query;

namespace CrmAccountability.Plugins.Evaluation;

/// <summary>
/// Climbs the ladder (<see cref="LadderRules"/>) for one freshly recounted attainment: the rep's private nudge, the
/// manager's coaching task, the slump check-in. What has been sent is stamped on the attainment (cra_nudgedon,
/// cra_coachedon, cra_slumpcheckon), so however often Evaluate runs nothing goes out twice.
/// </summary>
public sealed class AccountabilityLadder
{
    private const string CoachingPrefix = "Coaching conversation with ";
    private const string SlumpPrefix = "Slump check-in with ";

    private readonly ILocalPluginContext _context;
    private readonly AccountabilityReader _reader;

    public AccountabilityLadder(ILocalPluginContext context, AccountabilityReader reader)
    {
        _context = context;
        _reader = reader;
    }

    public int Nudges { get; private set; }

    public int CoachingTasks { get; private set; }

    private IOrganizationService System => _reader.System;

    public void Climb(AttainmentKey key, AttainmentOutcome outcome)
    {
        var settings = _reader.Settings;
        var localNow = ZonedTime.ToLocal(_context.OperationTimeUtc, key.Zone);
        var nudgedOn = outcome.Before.GetAttributeValue<DateTime?>("cra_nudgedon");
        var facts = new LadderFacts
        {
            Status = outcome.Assessment.Status,
            IsClosed = outcome.Assessment.IsClosed,
            HasWorkingTime = outcome.Assessment.HasWorkingTime,
            ElapsedShare = outcome.Assessment.ElapsedShare,
            LocalToday = localNow.Date,
            TodayIsWorkingDay = settings.WorkingTime.IsWorkingDay(localNow.Date),
            IsDayExpectation = key.Expectation.Period == Period.Day,
            NudgedOnLocal = nudgedOn == null ? null : ZonedTime.ToLocal(nudgedOn.Value, key.Zone),
            Coached = outcome.Before.GetAttributeValue<DateTime?>("cra_coachedon") != null,
            SlumpChecked = outcome.Before.GetAttributeValue<DateTime?>("cra_slumpcheckon") != null,
            NudgeRepFirst = settings.NudgeRepFirst,
        };

        var first = LadderRules.Decide(facts);
        if (first.CoachManager || (facts.IsDayExpectation && !facts.IsClosed && facts.NudgeRepFirst && (facts.Status == AttainmentStatus.OffPace || facts.ElapsedShare > 0.5m)))
        {
            // Only now worth the queries the guards need.
            facts = With(facts, nudgedEarlierDay: facts.IsDayExpectation && PreviousWorkingAttainment(key, "cra_nudgedon")?.GetAttributeValue<DateTime?>("cra_nudgedon") != null, openCoaching: OpenTask(key, CoachingPrefix));
        }

        if (first.SlumpCheckIn || (facts.IsClosed && facts.Status == AttainmentStatus.Missed && !facts.SlumpChecked))
        {
            facts = With(facts, previousMissed: PreviousWorkingAttainment(key, "cra_status,cra_isclosed") is { } previous && previous.GetAttributeValue<bool>("cra_isclosed") && previous.GetAttributeValue<OptionSetValue>("cra_status")?.Value == (int)AttainmentStatus.Missed, openSlump: OpenTask(key, SlumpPrefix));
        }

        var decision = LadderRules.Decide(facts);
        var stamp = new Entity("cra_attainment", outcome.Id);
        if (decision.NudgeRep)
        {
            Nudge(key, outcome.Assessment, localNow);
            stamp["cra_nudgedon"] = _context.OperationTimeUtc;
        }

        if (decision.CoachManager && Coach(key, outcome))
        {
            stamp["cra_coachedon"] = _context.OperationTimeUtc;
        }

        if (decision.SlumpCheckIn && SlumpCheckIn(key, outcome))
        {
            stamp["cra_slumpcheckon"] = _context.OperationTimeUtc;
        }

        if (stamp.Attributes.Count > 0)
        {
            System.Update(stamp);
        }
    }

    private void Nudge(AttainmentKey key, AttainmentAssessment assessment, DateTime localNow)
    {
        var step = SmallestStep(key, assessment, localNow, out var by);
        new Notifications(System).Send(key.RepId, Wording.NudgeTitle(key.Expectation), Wording.NudgeBody(key.Expectation, key.Period, assessment.Actual, assessment.Target, step, by), Notifications.Info);
        Nudges++;
    }

    /// <summary>
    /// The least that puts the rep back on pace by a near deadline: within two hours on a daily expectation, otherwise by the
    /// end of today's working hours — enough to reach the on-track line at that moment, rounded up to a sensible unit.
    /// </summary>
    private decimal SmallestStep(AttainmentKey key, AttainmentAssessment assessment, DateTime localNow, out string by)
    {
        var settings = _reader.Settings;
        var working = settings.WorkingTime;
        var dayEnd = localNow.Date + working.DayEnd;
        DateTime deadline;
        if (key.Period.Kind == Period.Day && localNow < dayEnd)
        {
            deadline = new DateTime(localNow.Year, localNow.Month, localNow.Day, localNow.Hour, 0, 0).AddHours(localNow.Minute == 0 ? 2 : 3);
            deadline = deadline > dayEnd ? dayEnd : deadline;
            by = "before " + deadline.ToString("HH:mm", CultureInfo.InvariantCulture);
        }
        else if (localNow < dayEnd && working.IsWorkingDay(localNow.Date))
        {
            deadline = dayEnd;
            by = "by the end of today";
        }
        else
        {
            deadline = localNow.Date.AddDays(1) + working.DayEnd;
            by = "by the end of tomorrow";
        }

        var expected = assessment.Target * working.ElapsedShare(key.Period, deadline);
        var needed = (expected * settings.OnTrackRatio) - assessment.Actual;
        var unit = key.Expectation.Metric switch
        {
            Metric.ActivityMinutes => 5m,
            Metric.PipelineCreated or Metric.RevenueWon => 100m,
            _ => 1m,
        };
        return Math.Max(unit, Math.Ceiling(needed / unit) * unit);
    }

    private bool Coach(AttainmentKey key, AttainmentOutcome outcome)
    {
        var manager = key.Expectation.ManagerId ?? _reader.ManagerOf(key.RepId);
        if (manager == null)
        {
            _context.Trace("No coaching task for " + key + ": neither the expectation nor the rep names a manager. Set the expectation's Manager.");
            return false;
        }

        var name = _reader.NameOf(key.RepId);
        var a = outcome.Assessment;
        CreateTask(manager.Value, outcome.Id, Wording.CoachingSubject(name, key.Expectation, key.Period), Wording.CoachingDescription(name, key.Expectation, key.Period, a.Actual, a.Target, a.ExpectedToDate, a.ElapsedShare));
        CoachingTasks++;
        return true;
    }

    private bool SlumpCheckIn(AttainmentKey key, AttainmentOutcome outcome)
    {
        var manager = key.Expectation.ManagerId ?? _reader.ManagerOf(key.RepId);
        if (manager == null)
        {
            _context.Trace("No slump check-in for " + key + ": neither the expectation nor the rep names a manager. Set the expectation's Manager.");
            return false;
        }

        // The run of Missed periods ending with this one, newest first (at most four; days off in between have no row).
        var query = new QueryExpression("cra_attainment") { ColumnSet = new ColumnSet("cra_periodlabel", "cra_actual", "cra_target", "cra_status"), TopCount = 4 };
        query.Criteria.AddCondition("cra_expectationid", ConditionOperator.Equal, key.Expectation.Id);
        query.Criteria.AddCondition("cra_repid", ConditionOperator.Equal, key.RepId);
        query.Criteria.AddCondition("cra_isclosed", ConditionOperator.Equal, true);
        query.Criteria.AddCondition("cra_periodstart", ConditionOperator.OnOrBefore, DateTime.SpecifyKind(key.Period.Start, DateTimeKind.Utc));
        query.AddOrder("cra_periodstart", OrderType.Descending);
        var trend = System.RetrieveMultiple(query).Entities
            .TakeWhile(e => e.GetAttributeValue<OptionSetValue>("cra_status")?.Value == (int)AttainmentStatus.Missed)
            .Select(e => new PeriodResult(e.GetAttributeValue<string>("cra_periodlabel") ?? string.Empty, e.GetAttributeValue<decimal?>("cra_actual") ?? 0m, e.GetAttributeValue<decimal?>("cra_target") ?? 0m))
            .ToList();
        var name = _reader.NameOf(key.RepId);
        CreateTask(manager.Value, outcome.Id, Wording.SlumpSubject(name, key.Expectation), Wording.SlumpDescription(name, key.Expectation, trend));
        CoachingTasks++;
        return true;
    }

    private void CreateTask(Guid manager, Guid attainmentId, string subject, string description)
        => System.Create(new Entity("task")
        {
            ["subject"] = subject,
            ["description"] = description,
            ["ownerid"] = new EntityReference("systemuser", manager),
            ["regardingobjectid"] = new EntityReference("cra_attainment", attainmentId),
            ["scheduledend"] = _context.OperationTimeUtc.AddDays(1),
            ["prioritycode"] = new OptionSetValue(1),
        });

    /// <summary>An open task of this kind (by its subject) regarding any attainment of the same expectation and rep.</summary>
    private bool OpenTask(AttainmentKey key, string subjectPrefix)
    {
        var fetch = "<fetch top='1'><entity name='task'><attribute name='activityid' />"
            + "<filter><condition attribute='statecode' operator='eq' value='0' /><condition attribute='subject' operator='like' value='" + subjectPrefix + "%' /></filter>"
            + "<link-entity name='cra_attainment' from='cra_attainmentid' to='regardingobjectid' alias='about'><filter>"
            + "<condition attribute='cra_expectationid' operator='eq' value='" + key.Expectation.Id.ToString("D") + "' />"
            + "<condition attribute='cra_repid' operator='eq' value='" + key.RepId.ToString("D") + "' /></filter></link-entity></entity></fetch>";
        return System.RetrieveMultiple(new FetchExpression(fetch)).Entities.Count > 0;
    }

    /// <summary>The attainment of the nearest earlier period with working time (yesterday's, skipping days off).</summary>
    private Entity? PreviousWorkingAttainment(AttainmentKey key, string columns)
    {
        var calendar = _reader.Settings.Calendar;
        var period = ExpectationPeriods.Previous(key.Expectation, key.Period, calendar);
        for (var step = 0; period != null && step < 31; step++, period = ExpectationPeriods.Previous(key.Expectation, period, calendar))
        {
            if (_reader.Settings.WorkingTime.Total(period) == TimeSpan.Zero)
            {
                continue;
            }

            var query = new QueryExpression("cra_attainment") { ColumnSet = new ColumnSet(columns.Split(',')), TopCount = 1 };
            query.Criteria.AddCondition("cra_expectationid", ConditionOperator.Equal, key.Expectation.Id);
            query.Criteria.AddCondition("cra_repid", ConditionOperator.Equal, key.RepId);
            query.Criteria.AddCondition("cra_periodstart", ConditionOperator.On, DateTime.SpecifyKind(period.Start, DateTimeKind.Utc));
            return System.RetrieveMultiple(query).Entities.FirstOrDefault();
        }

        return null;
    }

    private static LadderFacts With(LadderFacts facts, bool? nudgedEarlierDay = null, bool? openCoaching = null, bool? previousMissed = null, bool? openSlump = null) => new()
    {
        Status = facts.Status,
        IsClosed = facts.IsClosed,
        HasWorkingTime = facts.HasWorkingTime,
        ElapsedShare = facts.ElapsedShare,
        LocalToday = facts.LocalToday,
        TodayIsWorkingDay = facts.TodayIsWorkingDay,
        IsDayExpectation = facts.IsDayExpectation,
        NudgedOnLocal = facts.NudgedOnLocal,
        Coached = facts.Coached,
        SlumpChecked = facts.SlumpChecked,
        NudgeRepFirst = facts.NudgeRepFirst,
        NudgedOnAnEarlierDay = nudgedEarlierDay ?? facts.NudgedOnAnEarlierDay,
        OpenCoachingTask = openCoaching ?? facts.OpenCoachingTask,
        PreviousPeriodMissed = previousMissed ?? facts.PreviousPeriodMissed,
        OpenSlumpTask = openSlump ?? facts.OpenSlumpTask,
    };
}
