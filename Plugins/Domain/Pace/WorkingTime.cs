using System;
using System.Collections.Generic;
using System.Linq;
using CrmAccountability.Plugins.Domain.Periods;

namespace CrmAccountability.Plugins.Domain.Pace;

/// <summary>
/// Working days and hours, in the rep's own time zone: how much working time a period holds, and how much of it has
/// passed at a local moment (whole working days before today, plus today's elapsed share of the working hours).
/// </summary>
public sealed class WorkingTime
{
    public WorkingTime(IEnumerable<DayOfWeek> days, TimeSpan dayStart, TimeSpan dayEnd)
    {
        Days = days.Distinct().OrderBy(d => d).ToList();
        if (dayEnd <= dayStart)
        {
            throw new ArgumentException("Working hours end after they start.", nameof(dayEnd));
        }

        DayStart = dayStart;
        DayEnd = dayEnd;
    }

    public static WorkingTime Default { get; } = new([DayOfWeek.Monday, DayOfWeek.Tuesday, DayOfWeek.Wednesday, DayOfWeek.Thursday, DayOfWeek.Friday], TimeSpan.FromHours(9), TimeSpan.FromHours(17));

    public IReadOnlyList<DayOfWeek> Days { get; }

    public TimeSpan DayStart { get; }

    public TimeSpan DayEnd { get; }

    public TimeSpan HoursPerDay => DayEnd - DayStart;

    public bool IsWorkingDay(DateTime localDate) => Days.Contains(localDate.DayOfWeek);

    public int WorkingDays(DateTime firstDay, DateTime lastDay)
    {
        var count = 0;
        for (var day = firstDay.Date; day <= lastDay.Date; day = day.AddDays(1))
        {
            if (IsWorkingDay(day))
            {
                count++;
            }
        }

        return count;
    }

    public TimeSpan Total(AttainmentPeriod period) => TimeSpan.FromTicks(HoursPerDay.Ticks * WorkingDays(period.Start, period.End));

    /// <summary>Working time of <paramref name="period"/> that has passed at <paramref name="localNow"/>.</summary>
    public TimeSpan Elapsed(AttainmentPeriod period, DateTime localNow)
    {
        var today = localNow.Date;
        if (today < period.Start)
        {
            return TimeSpan.Zero;
        }

        if (today > period.End)
        {
            return Total(period);
        }

        var before = today > period.Start ? WorkingDays(period.Start, today.AddDays(-1)) : 0;
        var elapsed = TimeSpan.FromTicks(HoursPerDay.Ticks * before);
        if (IsWorkingDay(today))
        {
            var intoDay = localNow.TimeOfDay - DayStart;
            elapsed += intoDay < TimeSpan.Zero ? TimeSpan.Zero : intoDay > HoursPerDay ? HoursPerDay : intoDay;
        }

        return elapsed;
    }

    /// <summary>Elapsed ÷ total working time, 0 to 1; a period without working time counts as not begun until it ends.</summary>
    public decimal ElapsedShare(AttainmentPeriod period, DateTime localNow)
    {
        var total = Total(period);
        if (total == TimeSpan.Zero)
        {
            return localNow.Date > period.End ? 1m : 0m;
        }

        return Math.Min(1m, (decimal)Elapsed(period, localNow).Ticks / total.Ticks);
    }
}
