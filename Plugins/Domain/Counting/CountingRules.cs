using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Security;
using System.Text;
using CrmAccountability.Plugins.Domain.Periods;

namespace CrmAccountability.Plugins.Domain.Counting;

/// <summary>
/// The one table of what counts (DESIGN §4), read by the counting plug-ins, Recalculate and Explain alike. Each rule
/// says, side by side, how it filters the FetchXML aggregate the engine counts with and why a single row fails it, in
/// words a rep understands — so the number and the explanation cannot drift apart.
/// </summary>
public static class CountingRules
{
    /// <summary>The rules a row of <paramref name="table"/> must pass to count for the scope's expectation, rep and period, in the order Explain reports them.</summary>
    public static IReadOnlyList<CountingRule> For(ExpectationDefinition expectation, string table)
    {
        var measure = SourceMeasure.For(expectation.Metric, table);
        var rules = new List<CountingRule> { new OwnerRule() };
        switch (expectation.Metric)
        {
            case Metric.ActivityCount or Metric.ActivityMinutes:
                rules.Add(new StateRule(table, [1], ActivityStateReason));
                rules.Add(new DateRule(measure, "completed"));
                if (expectation.Purposes.Count > 0)
                {
                    rules.Add(new PurposeRule(expectation.Purposes));
                }

                if (expectation.OutgoingOnly && ActivityTables.HasDirection(table))
                {
                    rules.Add(new DirectionRule(table));
                }

                if (expectation.FirstMeetingsOnly)
                {
                    rules.Add(new FirstMeetingRule());
                }

                break;
            case Metric.OpportunitiesCreated or Metric.PipelineCreated:
                rules.Add(new NotCanceledRule());
                rules.Add(new DateRule(measure, "created"));
                if (expectation.MinimumAmount is { } createdMinimum)
                {
                    rules.Add(new MinimumRule("estimatedvalue_base", "estimated revenue", createdMinimum, row => row.EstimatedValueBase));
                }

                break;
            case Metric.DealsWon or Metric.RevenueWon:
                rules.Add(new StateRule(table, [1], (_, state) => state == 2 ? "lost" : "still open"));
                rules.Add(new DateRule(measure, "closed"));
                if (expectation.MinimumAmount is { } wonMinimum)
                {
                    rules.Add(new MinimumRule("actualvalue_base", "actual revenue", wonMinimum, row => row.ActualValueBase));
                }

                break;
            default:
                rules.Add(new StateRule(table, [1], (_, state) => state == 2 ? "canceled — not held" : "not held yet"));
                rules.Add(new DateRule(measure, "held"));
                break;
        }

        return rules;
    }

    /// <summary>Whether a row counts for the scope, what it is worth, and — when it does not count — the first rule it fails.</summary>
    public static Verdict Judge(SourceRow row, CountingScope scope)
    {
        var expectation = scope.Expectation;
        if (!expectation.Counts(row.Table))
        {
            return Verdict.No(NotCountedTableReason(expectation, row.Table));
        }

        foreach (var rule in For(expectation, row.Table))
        {
            if (rule.Refuse(row, scope) is { } reason)
            {
                return Verdict.No(reason);
            }
        }

        return Verdict.Yes(Value(expectation.Metric, row), DateOf(SourceMeasure.For(expectation.Metric, row.Table), row));
    }

    /// <summary>
    /// Every rule but the period's: whether the row would count for this expectation and rep on some day, and on which
    /// local day. The engine uses it to find the attainments an event can change.
    /// </summary>
    public static DateTime? CountingDay(SourceRow row, ExpectationDefinition expectation, Guid repId, TimeZoneInfo zone)
    {
        if (!expectation.Counts(row.Table))
        {
            return null;
        }

        var measure = SourceMeasure.For(expectation.Metric, row.Table);
        if (DateOf(measure, row) is not { } date)
        {
            return null;
        }

        var localDay = measure.DateIsUserLocal ? ZonedTime.LocalDate(date, zone) : date.Date;
        var probe = new CountingScope(expectation, repId, new AttainmentPeriod(Period.Day, localDay, localDay, string.Empty), zone);
        return For(expectation, row.Table).All(rule => rule.Refuse(row, probe) == null) ? localDay : null;
    }

    public static decimal Value(Metric metric, SourceRow row) => metric switch
    {
        Metric.ActivityMinutes => row.ActualDurationMinutes ?? (row.Table == "appointment" ? row.ScheduledDurationMinutes : null) ?? 0,
        Metric.PipelineCreated => row.EstimatedValueBase ?? 0m,
        Metric.RevenueWon => row.ActualValueBase ?? 0m,
        _ => 1m,
    };

    public static DateTime? DateOf(SourceMeasure measure, SourceRow row) => measure.DateColumn switch
    {
        "actualend" => row.ActualEnd,
        "createdon" => row.CreatedOn,
        _ => row.ActualCloseDate,
    };

    /// <summary>
    /// The aggregate that counts one table's rows for the scope within <paramref name="range"/>: contributions (count),
    /// total (sum of the value column, when the metric sums one) and last (latest date).
    /// </summary>
    public static string AggregateFetch(CountingScope scope, string table, DateRange range)
    {
        var measure = SourceMeasure.For(scope.Expectation.Metric, table);
        var fetch = new StringBuilder("<fetch aggregate='true'><entity name='").Append(table).Append("'>");
        fetch.Append("<attribute name='").Append(measure.IdColumn).Append("' alias='contributions' aggregate='count' />");
        if (measure.SumColumn != null)
        {
            fetch.Append("<attribute name='").Append(measure.SumColumn).Append("' alias='total' aggregate='sum' />");
        }

        fetch.Append("<attribute name='").Append(measure.DateColumn).Append("' alias='last' aggregate='max' />");
        AppendFilter(fetch, scope, table, range);
        return fetch.Append("</entity></fetch>").ToString();
    }

    /// <summary>For a metric with a fallback value column: the sum of it over the counted rows whose value column is empty.</summary>
    public static string? FallbackFetch(CountingScope scope, string table, DateRange range)
    {
        var measure = SourceMeasure.For(scope.Expectation.Metric, table);
        if (measure.FallbackSumColumn == null)
        {
            return null;
        }

        var fetch = new StringBuilder("<fetch aggregate='true'><entity name='").Append(table).Append("'>");
        fetch.Append("<attribute name='").Append(measure.FallbackSumColumn).Append("' alias='total' aggregate='sum' />");
        AppendFilter(fetch, scope, table, range, "<condition attribute='" + measure.SumColumn + "' operator='null' />");
        return fetch.Append("</entity></fetch>").ToString();
    }

    /// <summary>
    /// A cheap check before an aggregate: one row back, and the total count (Dataverse reports it up to 5,000), so a
    /// range that could hold more than the 50,000 rows an aggregate accepts is split instead of failing the save.
    /// </summary>
    public static string ProbeFetch(CountingScope scope, string table, DateRange range)
    {
        var measure = SourceMeasure.For(scope.Expectation.Metric, table);
        var fetch = new StringBuilder("<fetch count='1' returntotalrecordcount='true'><entity name='").Append(table).Append("'>");
        fetch.Append("<attribute name='").Append(measure.IdColumn).Append("' />");
        AppendFilter(fetch, scope, table, range);
        return fetch.Append("</entity></fetch>").ToString();
    }

    private static void AppendFilter(StringBuilder fetch, CountingScope scope, string table, DateRange range, string? extra = null)
    {
        fetch.Append("<filter type='and'>");
        foreach (var rule in For(scope.Expectation, table))
        {
            rule.AppendFetch(fetch, scope, range);
        }

        fetch.Append(extra).Append("</filter>");
    }

    private static string ActivityStateReason(string table, int? state) => state switch
    {
        2 => "canceled",
        3 => "scheduled, not yet completed",
        _ => table == "email" ? "a draft, not sent" : "still open",
    };

    private static string NotCountedTableReason(ExpectationDefinition expectation, string table)
    {
        if (expectation.FirstMeetingsOnly && expectation.IsActivityMetric && table != "appointment")
        {
            return "a " + ChoiceLabels.Singular(table) + " — this expectation counts first meetings, which are appointments";
        }

        var counted = expectation.SourceTables();
        return counted.Count == 0
            ? "this expectation counts no activity type"
            : "this expectation counts " + Join(counted.Select(ChoiceLabels.Plural)) + ", not " + ChoiceLabels.Plural(table);
    }

    internal static string Join(IEnumerable<string> words)
    {
        var list = words.ToList();
        return list.Count <= 1 ? string.Concat(list) : string.Join(", ", list.Take(list.Count - 1)) + " and " + list[list.Count - 1];
    }

    internal static string Xml(object value) => SecurityElement.Escape(Convert.ToString(value, CultureInfo.InvariantCulture)) ?? string.Empty;

    private sealed class OwnerRule : CountingRule
    {
        public override string? Refuse(SourceRow row, CountingScope scope)
            => row.OwnerUserId == scope.RepId ? null : row.OwnerTeamId != null ? "owned by a team" : "owned by someone else";

        public override void AppendFetch(StringBuilder fetch, CountingScope scope, DateRange range)
            => fetch.Append("<condition attribute='ownerid' operator='eq' value='").Append(scope.RepId.ToString("D")).Append("' />");
    }

    private sealed class StateRule(string table, int[] states, Func<string, int?, string> reason) : CountingRule
    {
        public override string? Refuse(SourceRow row, CountingScope scope) => row.State is { } state && states.Contains(state) ? null : reason(table, row.State);

        public override void AppendFetch(StringBuilder fetch, CountingScope scope, DateRange range)
        {
            fetch.Append("<condition attribute='statecode' operator='in'>");
            foreach (var state in states)
            {
                fetch.Append("<value>").Append(state.ToString(CultureInfo.InvariantCulture)).Append("</value>");
            }

            fetch.Append("</condition>");
        }
    }

    /// <summary>Lost with status Canceled (2, 4) is a cancelled opportunity: it never counted as created.</summary>
    private sealed class NotCanceledRule : CountingRule
    {
        public override string? Refuse(SourceRow row, CountingScope scope) => row.State == 2 && row.Status == 4 ? "canceled" : null;

        public override void AppendFetch(StringBuilder fetch, CountingScope scope, DateRange range)
            => fetch.Append("<filter type='or'><condition attribute='statecode' operator='ne' value='2' /><condition attribute='statuscode' operator='ne' value='4' /></filter>");
    }

    private sealed class DateRule(SourceMeasure measure, string verb) : CountingRule
    {
        public override string? Refuse(SourceRow row, CountingScope scope)
        {
            if (DateOf(measure, row) is not { } date)
            {
                return measure.DateColumn == "actualclosedate" ? "has no close date" : "has no actual end";
            }

            if (measure.DateIsUserLocal)
            {
                var local = ZonedTime.ToLocal(date, scope.Zone);
                return scope.Period.Contains(local)
                    ? null
                    : verb + " " + local.ToString("HH:mm", CultureInfo.InvariantCulture) + " on " + local.ToString("dddd d MMMM", CultureInfo.InvariantCulture) + " your time, outside " + Describe(scope.Period);
            }

            return scope.Period.Contains(date)
                ? null
                : verb + " on " + date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) + ", outside " + Describe(scope.Period);
        }

        public override void AppendFetch(StringBuilder fetch, CountingScope scope, DateRange range)
        {
            if (range.IsDateOnly)
            {
                fetch.Append("<condition attribute='").Append(measure.DateColumn).Append("' operator='on-or-after' value='").Append(range.From.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)).Append("' />");
                fetch.Append("<condition attribute='").Append(measure.DateColumn).Append("' operator='on-or-before' value='").Append(range.To.AddDays(-1).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)).Append("' />");
                return;
            }

            fetch.Append("<condition attribute='").Append(measure.DateColumn).Append("' operator='ge' value='").Append(Utc(range.From)).Append("' />");
            fetch.Append("<condition attribute='").Append(measure.DateColumn).Append("' operator='lt' value='").Append(Utc(range.To)).Append("' />");
        }

        private static string Utc(DateTime instant) => DateTime.SpecifyKind(instant, DateTimeKind.Utc).ToString("yyyy-MM-ddTHH:mm:ssZ", CultureInfo.InvariantCulture);

        private static string Describe(AttainmentPeriod period) => period.Kind == Period.Day
            ? period.Start.ToString("dddd d MMMM", CultureInfo.InvariantCulture)
            : period.Label + " (" + period.Start.ToString("d MMMM", CultureInfo.InvariantCulture) + " – " + period.End.ToString("d MMMM yyyy", CultureInfo.InvariantCulture) + ")";
    }

    private sealed class PurposeRule(IReadOnlyCollection<int> purposes) : CountingRule
    {
        public override string? Refuse(SourceRow row, CountingScope scope)
            => row.Purpose is { } purpose && purposes.Contains(purpose)
                ? null
                : row.Purpose is { } other
                    ? "purpose is " + ChoiceLabels.Purpose(other)
                    : "has no purpose — this expectation counts " + Join(purposes.Select(ChoiceLabels.Purpose));

        public override void AppendFetch(StringBuilder fetch, CountingScope scope, DateRange range)
        {
            fetch.Append("<condition attribute='cra_purpose' operator='in'>");
            foreach (var purpose in purposes.OrderBy(p => p))
            {
                fetch.Append("<value>").Append(purpose.ToString(CultureInfo.InvariantCulture)).Append("</value>");
            }

            fetch.Append("</condition>");
        }
    }

    private sealed class DirectionRule(string table) : CountingRule
    {
        public override string? Refuse(SourceRow row, CountingScope scope)
            => row.Outgoing == true ? null : "incoming " + ChoiceLabels.Singular(table) + " — this expectation counts outgoing " + ChoiceLabels.Plural(table);

        public override void AppendFetch(StringBuilder fetch, CountingScope scope, DateRange range)
            => fetch.Append("<condition attribute='directioncode' operator='eq' value='1' />");
    }

    private sealed class FirstMeetingRule : CountingRule
    {
        public override string? Refuse(SourceRow row, CountingScope scope)
            => row.IsFirstMeeting == true
                ? null
                : row.RegardingId == null ? "regards no customer, so it is not a first meeting" : "not the customer's first meeting";

        public override void AppendFetch(StringBuilder fetch, CountingScope scope, DateRange range)
            => fetch.Append("<condition attribute='cra_isfirstmeeting' operator='eq' value='1' />");
    }

    private sealed class MinimumRule(string column, string what, decimal minimum, Func<SourceRow, decimal?> value) : CountingRule
    {
        public override string? Refuse(SourceRow row, CountingScope scope)
            => value(row) is { } amount
                ? amount >= minimum ? null : what + " " + Money(amount) + " is below the minimum of " + Money(minimum)
                : "no " + what + " — this expectation counts deals of at least " + Money(minimum);

        public override void AppendFetch(StringBuilder fetch, CountingScope scope, DateRange range)
            => fetch.Append("<condition attribute='").Append(column).Append("' operator='ge' value='").Append(Xml(minimum)).Append("' />");

        private static string Money(decimal amount) => amount.ToString("#,##0.00", CultureInfo.InvariantCulture);
    }
}

/// <summary>One rule of <see cref="CountingRules"/>: its FetchXML condition and its verdict on one row.</summary>
public abstract class CountingRule
{
    /// <summary>Null when the row passes; otherwise why it does not count.</summary>
    public abstract string? Refuse(SourceRow row, CountingScope scope);

    /// <summary>Appends the condition(s) selecting the rows that pass, inside an and-filter.</summary>
    public abstract void AppendFetch(StringBuilder fetch, CountingScope scope, DateRange range);
}

/// <summary>A row's verdict: counts (with its value and date) or not (with the reason).</summary>
public sealed class Verdict
{
    private Verdict(bool counts, decimal value, DateTime? date, string? reason)
    {
        Counts = counts;
        Value = value;
        Date = date;
        Reason = reason;
    }

    public bool Counts { get; }

    public decimal Value { get; }

    public DateTime? Date { get; }

    public string? Reason { get; }

    public static Verdict Yes(decimal value, DateTime? date) => new(true, value, date, null);

    public static Verdict No(string reason) => new(false, 0m, null, reason);
}
