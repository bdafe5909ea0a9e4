using System;
using CrmAccountability.Plugins.Domain.Periods;
using CrmAccountability.Plugins.Domain.Settings;

namespace CrmAccountability.Plugins.Domain.Pace;

/// <summary>Where an attainment stands at a moment: its numbers and status (DESIGN §4, "Pace").</summary>
public sealed class AttainmentAssessment
{
    /// <summary>Less than this share of the working time passed and nothing logged: Not started.</summary>
    public const decimal NotStartedShare = 0.1m;

    /// <summary>The largest actual, target or expected-to-date the attainment columns hold (cra_actual's maximum).</summary>
    public const decimal MaximumAmount = 100_000_000_000m;

    /// <summary>The largest percent or pace the attainment columns hold.</summary>
    public const decimal MaximumRatio = 100_000_000m;

    public decimal Actual { get; init; }

    public decimal Target { get; init; }

    /// <summary>The stretch target in force: the expectation's own, else target × the stretch ratio.</summary>
    public decimal Stretch { get; init; }

    public decimal Percent { get; init; }

    public decimal ExpectedToDate { get; init; }

    /// <summary>Actual ÷ expected-to-date; null while nothing is expected yet.</summary>
    public decimal? Pace { get; init; }

    public decimal ElapsedShare { get; init; }

    public AttainmentStatus Status { get; init; }

    public bool IsClosed { get; init; }

    /// <summary>Whether the period holds any working time (a weekend day of a daily expectation does not).</summary>
    public bool HasWorkingTime { get; init; }

    public bool IsMet => Status is AttainmentStatus.Met or AttainmentStatus.Exceeded;

    /// <summary>
    /// Assesses <paramref name="actual"/> against the targets at <paramref name="localNow"/> in the rep's zone. A period
    /// whose last day is before today is closed: Met, Exceeded or Missed.
    /// </summary>
    public static AttainmentAssessment Assess(decimal actual, decimal target, decimal? stretchTarget, AttainmentPeriod period, DateTime localNow, AccountabilitySettings settings)
    {
        var working = settings.WorkingTime;
        var stretch = stretchTarget ?? Math.Round(target * settings.StretchRatio, 2, MidpointRounding.AwayFromZero);
        var share = working.ElapsedShare(period, localNow);
        var closed = localNow.Date > period.End;
        var expected = Math.Round(target * share, 2, MidpointRounding.AwayFromZero);
        AttainmentStatus status;
        if (actual >= stretch && actual >= target)
        {
            status = AttainmentStatus.Exceeded;
        }
        else if (actual >= target)
        {
            status = AttainmentStatus.Met;
        }
        else if (closed)
        {
            status = AttainmentStatus.Missed;
        }
        else if (actual == 0 && share < NotStartedShare)
        {
            status = AttainmentStatus.NotStarted;
        }
        else if (actual >= expected * settings.OnTrackRatio)
        {
            status = AttainmentStatus.OnTrack;
        }
        else if (actual >= expected * settings.OffPaceRatio)
        {
            status = AttainmentStatus.NeedsAttention;
        }
        else
        {
            status = AttainmentStatus.OffPace;
        }

        // A typo like a 2,000,000-minute call must not stop the save: figures beyond what the columns hold are capped.
        return new AttainmentAssessment
        {
            Actual = Math.Min(actual, MaximumAmount),
            Target = target,
            Stretch = Math.Min(stretch, MaximumAmount),
            Percent = target > 0 ? Math.Min(MaximumRatio, Math.Round(actual / target * 100m, 2, MidpointRounding.AwayFromZero)) : 0m,
            ExpectedToDate = expected,
            Pace = expected > 0 ? Math.Min(MaximumRatio, Math.Round(actual / expected, 4, MidpointRounding.AwayFromZero)) : null,
            ElapsedShare = share,
            Status = status,
            IsClosed = closed,
            HasWorkingTime = working.Total(period) > TimeSpan.Zero,
        };
    }
}
