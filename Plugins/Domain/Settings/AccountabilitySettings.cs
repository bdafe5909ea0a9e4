using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using CrmAccountability.Plugins.Domain.Pace;
using CrmAccountability.Plugins.Domain.Periods;

namespace CrmAccountability.Plugins.Domain.Settings;

/// <summary>
/// The solution's environment variables, parsed (DESIGN §3). An empty week start or fiscal year start falls back to the
/// organisation's own setting; a value that cannot be read falls back to its default and is reported in
/// <see cref="Problems"/>, so one mistyped variable never stops reps from saving their work.
/// </summary>
public sealed class AccountabilitySettings
{
    public const string WeekStartDayName = "cra_WeekStartDay";
    public const string WorkingDaysName = "cra_WorkingDays";
    public const string WorkingHoursName = "cra_WorkingHours";
    public const string FiscalYearStartMonthName = "cra_FiscalYearStartMonth";
    public const string OnTrackRatioName = "cra_OnTrackRatio";
    public const string OffPaceRatioName = "cra_OffPaceRatio";
    public const string StretchRatioName = "cra_StretchRatio";
    public const string StalledDealDaysName = "cra_StalledDealDays";
    public const string NudgeRepFirstName = "cra_NudgeRepFirst";
    public const string WorkBatchSizeName = "cra_WorkBatchSize";

    public static IReadOnlyList<string> Names { get; } =
    [
        WeekStartDayName, WorkingDaysName, WorkingHoursName, FiscalYearStartMonthName, OnTrackRatioName, OffPaceRatioName, StretchRatioName, StalledDealDaysName, NudgeRepFirstName, WorkBatchSizeName,
    ];

    public DayOfWeek WeekStart { get; private set; } = DayOfWeek.Monday;

    public int FiscalYearStartMonth { get; private set; } = 1;

    public WorkingTime WorkingTime { get; private set; } = WorkingTime.Default;

    public decimal OnTrackRatio { get; private set; } = 0.9m;

    public decimal OffPaceRatio { get; private set; } = 0.6m;

    public decimal StretchRatio { get; private set; } = 1.2m;

    public int StalledDealDays { get; private set; } = 14;

    public bool NudgeRepFirst { get; private set; } = true;

    /// <summary>Attainments one call of Recalculate or Evaluate handles before it returns a continuation token.</summary>
    public int WorkBatchSize { get; private set; } = 200;

    /// <summary>Values that could not be read and were replaced by their defaults, in words an admin can act on.</summary>
    public IReadOnlyList<string> Problems { get; private set; } = [];

    public PeriodCalendar Calendar => new(WeekStart, FiscalYearStartMonth);

    /// <summary>
    /// Reads the variables' effective values (current value, else default value; null or empty when neither is set).
    /// <paramref name="organizationWeekStart"/> and <paramref name="organizationFiscalYearStartMonth"/> are asked for only
    /// when the variable is empty.
    /// </summary>
    public static AccountabilitySettings From(IReadOnlyDictionary<string, string?> values, Func<int> organizationWeekStart, Func<int> organizationFiscalYearStartMonth)
    {
        var settings = new AccountabilitySettings();
        var problems = new List<string>();
        string? Value(string name) => values.TryGetValue(name, out var value) && !string.IsNullOrWhiteSpace(value) ? value!.Trim() : null;

        settings.WeekStart = (DayOfWeek)(Whole(Value(WeekStartDayName), 0, 6, WeekStartDayName, problems) ?? Clamp(organizationWeekStart(), 0, 6, 1));
        settings.FiscalYearStartMonth = Whole(Value(FiscalYearStartMonthName), 1, 12, FiscalYearStartMonthName, problems) ?? Clamp(organizationFiscalYearStartMonth(), 1, 12, 1);
        settings.OnTrackRatio = Ratio(Value(OnTrackRatioName), 0.9m, OnTrackRatioName, problems);
        settings.OffPaceRatio = Ratio(Value(OffPaceRatioName), 0.6m, OffPaceRatioName, problems);
        if (settings.OffPaceRatio > settings.OnTrackRatio)
        {
            problems.Add(OffPaceRatioName + " (" + Number(settings.OffPaceRatio) + ") is above " + OnTrackRatioName + " (" + Number(settings.OnTrackRatio) + "); using 0.6 and 0.9.");
            settings.OnTrackRatio = 0.9m;
            settings.OffPaceRatio = 0.6m;
        }

        settings.StretchRatio = Ratio(Value(StretchRatioName), 1.2m, StretchRatioName, problems, minimum: 1m, maximum: 100m, minimumAllowed: true);
        settings.StalledDealDays = Whole(Value(StalledDealDaysName), 1, 3650, StalledDealDaysName, problems) ?? 14;
        settings.WorkBatchSize = Whole(Value(WorkBatchSizeName), 1, 5000, WorkBatchSizeName, problems) ?? 200;
        settings.NudgeRepFirst = Value(NudgeRepFirstName) switch
        {
            null => true,
            var text when text.Equals("true", StringComparison.OrdinalIgnoreCase) || text == "1" || text.Equals("yes", StringComparison.OrdinalIgnoreCase) => true,
            var text when text.Equals("false", StringComparison.OrdinalIgnoreCase) || text == "0" || text.Equals("no", StringComparison.OrdinalIgnoreCase) => false,
            var text => Fallback(problems, NudgeRepFirstName, text, "true or false", true),
        };
        settings.WorkingTime = ReadWorkingTime(Value(WorkingDaysName), Value(WorkingHoursName), problems);
        settings.Problems = problems;
        return settings;
    }

    private static WorkingTime ReadWorkingTime(string? daysText, string? hoursText, List<string> problems)
    {
        var days = WorkingTime.Default.Days;
        if (daysText != null)
        {
            var parsed = daysText.Split([',', ';', ' '], StringSplitOptions.RemoveEmptyEntries)
                .Select(part => int.TryParse(part, NumberStyles.Integer, CultureInfo.InvariantCulture, out var day) && day is >= 0 and <= 6 ? (DayOfWeek?)day : null)
                .ToList();
            days = parsed.Count > 0 && parsed.All(d => d != null)
                ? parsed.Select(d => d!.Value).Distinct().ToList()
                : Fallback(problems, WorkingDaysName, daysText, "day numbers 0 (Sunday) to 6 (Saturday), comma-separated", WorkingTime.Default.Days);
        }

        var start = WorkingTime.Default.DayStart;
        var end = WorkingTime.Default.DayEnd;
        if (hoursText != null)
        {
            var parts = hoursText.Split('-');
            if (parts.Length == 2
                && TimeSpan.TryParseExact(parts[0].Trim(), @"hh\:mm", CultureInfo.InvariantCulture, out var from)
                && TimeSpan.TryParseExact(parts[1].Trim(), @"hh\:mm", CultureInfo.InvariantCulture, out var to)
                && to > from && to <= TimeSpan.FromHours(24))
            {
                start = from;
                end = to;
            }
            else
            {
                problems.Add(WorkingHoursName + " is '" + hoursText + "', not HH:mm-HH:mm with the end after the start (e.g. 09:00-17:00); using 09:00-17:00.");
            }
        }

        return new WorkingTime(days, start, end);
    }

    private static int? Whole(string? text, int minimum, int maximum, string name, List<string> problems)
    {
        if (text == null)
        {
            return null;
        }

        if (int.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var value) && value >= minimum && value <= maximum)
        {
            return value;
        }

        problems.Add(name + " is '" + text + "', not a whole number from " + minimum + " to " + maximum + "; using the default.");
        return null;
    }

    /// <summary>A ratio above <paramref name="minimum"/> (or equal to it when <paramref name="minimumAllowed"/>) and at most <paramref name="maximum"/>.</summary>
    private static decimal Ratio(string? text, decimal fallback, string name, List<string> problems, decimal minimum = 0m, decimal maximum = 10m, bool minimumAllowed = false)
    {
        if (text == null)
        {
            return fallback;
        }

        if (decimal.TryParse(text, NumberStyles.Number, CultureInfo.InvariantCulture, out var value) && (value > minimum || (minimumAllowed && value == minimum)) && value <= maximum)
        {
            return value;
        }

        return Fallback(problems, name, text, "a number " + (minimumAllowed ? "from " : "above ") + Number(minimum) + " to " + Number(maximum) + " (e.g. " + Number(fallback) + ")", fallback);
    }

    private static T Fallback<T>(List<string> problems, string name, string text, string expected, T fallback)
    {
        problems.Add(name + " is '" + text + "', not " + expected + "; using " + (fallback is IEnumerable<DayOfWeek> days ? string.Join(",", days.Select(d => (int)d)) : Convert.ToString(fallback, CultureInfo.InvariantCulture)?.ToLowerInvariant()) + ".");
        return fallback;
    }

    private static int Clamp(int value, int minimum, int maximum, int fallback) => value < minimum || value > maximum ? fallback : value;

    private static string Number(decimal value) => value.ToString("0.##", CultureInfo.InvariantCulture);
}
