using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using CrmAccountability.Simulation.Engine;
using CrmAccountability.Simulation.Scenario;
using static CrmAccountability.Simulation.Scenario.ChoiceValues;

namespace CrmAccountability.Simulation.Casts;

/// <summary>
/// Plans the demo cast's days. A rep's intensity (1 = a steady week) scales their prospecting calls and first meetings;
/// deals opened on Tuesdays are worked with follow-ups and, after two to six weeks, won, lost, cancelled or left open —
/// a few are neglected and go stale. All choices come from one seeded <see cref="Random"/>, drawn in a fixed order.
/// </summary>
internal sealed class WorkPlanner
{
    private readonly ScriptWriter _script;
    private readonly Random _random;
    private readonly DemoShape _shape;
    private readonly List<Deal> _deals = [];

    public WorkPlanner(ScriptWriter script, Random random, DemoShape shape)
    {
        _script = script;
        _random = random;
        _shape = shape;
    }

    public void Plan(DemoCast.RepPlan rep)
    {
        if (rep.Kind == DemoCast.RepKind.NewHire)
        {
            _script.Add(new JoinTeam("admin", _script.At(rep.Key, _script.Monday(3), 8), rep.Key, rep.Manager == "manager1" ? "team1" : "team2"));
        }

        var dealNumber = 0;
        if (rep.Kind != DemoCast.RepKind.NewHire)
        {
            CarryIn(rep, ref dealNumber);
        }

        foreach (var (week, day) in _script.WorkingDays())
        {
            var intensity = rep.Intensity(Math.Min(week, _shape.Weeks));
            if (intensity <= 0)
            {
                continue;
            }

            // A day out of the field now and then (training, a sick day): nothing is logged.
            if (_random.NextDouble() < 0.03)
            {
                continue;
            }

            Prospect(rep.Key, day, intensity);
            Meet(rep.Key, day, intensity);
            FollowUp(rep.Key, day);
            if (week >= 3 && week <= 11 && day.DayOfWeek is DayOfWeek.Tuesday or DayOfWeek.Thursday && _random.NextDouble() < intensity * 0.6)
            {
                _script.Task(rep.Key, day, 15, 0, Proposal, "Proposal sent");
            }

            if (day.DayOfWeek == DayOfWeek.Tuesday && week <= _shape.Weeks && _random.NextDouble() < Math.Min(1, intensity * 0.9))
            {
                Open(rep.Key, day, week, ++dealNumber, intensity);
            }
        }
    }

    /// <summary>Prospecting calls from 09:30, half an hour apart, each 25–40 minutes: 90 minutes or more on a steady day.</summary>
    private void Prospect(string rep, DateOnly day, double intensity)
    {
        var calls = (int)Math.Round(3 * intensity * (0.9 + (_random.NextDouble() * 0.3)));
        for (var i = 0; i < calls; i++)
        {
            var end = 9 * 60 + 30 + (30 * i);
            _script.Call(rep, day, end / 60, end % 60, 30 + _random.Next(0, 11));
        }
    }

    /// <summary>First meetings at 11:30: Monday to Wednesday on a steady week, fewer when intensity drops, Thursday too for a star.</summary>
    private void Meet(string rep, DateOnly day, double intensity)
    {
        var days = intensity >= 1.2 ? 4 : intensity >= 0.85 ? 3 : intensity >= 0.6 ? 2 : 1;
        if ((int)day.DayOfWeek - 1 < days)
        {
            _script.FirstMeeting(rep, day, 11, 30, 45 + _random.Next(0, 31));
        }
    }

    /// <summary>Afternoon follow-ups on the rep's open deals that are being worked (neglected ones get none and go stale).</summary>
    private void FollowUp(string rep, DateOnly day)
    {
        var at = _script.At(rep, day, 14);
        var worked = _deals.Where(d => d.Rep == rep && !d.Neglected && d.OpenedAt < at && (d.ClosesAt == null || d.ClosesAt > at)).ToList();
        if (worked.Count == 0)
        {
            _script.Email(rep, day, 14, 30, AccountManagement, "Check-in with a customer");
            return;
        }

        var deal = worked[_random.Next(worked.Count)];
        if (_random.NextDouble() < 0.5)
        {
            _script.Call(rep, day, 14, 30, 15 + _random.Next(0, 16), Discovery, "Discovery call", opportunityKey: deal.Key);
        }
        else
        {
            _script.Email(rep, day, 14, 30, ChoiceValues.FollowUp, "Follow-up", opportunityKey: deal.Key);
        }
    }

    /// <summary>
    /// Three deals the rep already had when the quarter began, opened in the six weeks before it (imported with their
    /// original created-on date); they close in the first weeks, so revenue does not wait for new deals to mature.
    /// </summary>
    private void CarryIn(DemoCast.RepPlan rep, ref int number)
    {
        var start = _script.At(rep.Key, _script.Monday(1), 8);
        for (var i = 0; i < 3; i++)
        {
            number++;
            var key = rep.Key + "/deal/" + number.ToString(CultureInfo.InvariantCulture);
            var value = 20_000m + (_random.Next(0, 15) * 5_000m);
            var created = start.AddDays(-7 - _random.Next(0, 35));
            _script.Add(new OpenOpportunity(rep.Key, start, key, "Deal " + number.ToString(CultureInfo.InvariantCulture), value, Simulator.AccountKey(rep.Key, 39 - i), _script.Monday(1).AddDays(7 + (7 * i)), created));
            var fate = _random.NextDouble();
            var closeWeek = 1 + i + _random.Next(0, 2);
            var deal = new Deal(key, rep.Key, start, value, Neglected: false);
            if (closeWeek <= _shape.Weeks && fate < 0.85)
            {
                var closes = _script.At(rep.Key, _script.Monday(closeWeek).AddDays(3), 16);
                _script.Add(fate < 0.55 ? new WinDeal(rep.Key, closes, key, value) : new LoseDeal(rep.Key, closes, key));
                deal = deal with { ClosesAt = closes };
            }

            _deals.Add(deal);
        }
    }

    /// <summary>A deal opened on Tuesday at 13:00; its fate is drawn now: won, lost, cancelled or still open at the end.</summary>
    private void Open(string rep, DateOnly day, int week, int number, double intensity)
    {
        var big = _random.NextDouble() < 0.3;
        var value = big ? 100_000m + (_random.Next(0, 31) * 5_000m) : 15_000m + (_random.Next(0, 16) * 5_000m);
        var key = rep + "/deal/" + number.ToString(CultureInfo.InvariantCulture);
        var opened = _script.At(rep, day, 13);
        _script.Add(new OpenOpportunity(rep, opened, key, (big ? "Strategic deal " : "Deal ") + number.ToString(CultureInfo.InvariantCulture), value, Simulator.AccountKey(rep, (number * 3) % 40), day.AddDays(21 + _random.Next(0, 40))));
        var fate = _random.NextDouble();
        var closeWeek = week + 2 + _random.Next(0, 5);
        var deal = new Deal(key, rep, opened, value, Neglected: _random.NextDouble() < 0.2);
        if (closeWeek <= _shape.Weeks && fate < 0.8)
        {
            var closeDay = _script.Monday(closeWeek).AddDays(3);
            var closes = _script.At(rep, closeDay, 16);
            if (fate < Math.Min(0.7, 0.45 * intensity + 0.05))
            {
                _script.Add(new WinDeal(rep, closes, key, Math.Round(value * (decimal)(0.8 + (_random.NextDouble() * 0.3)) / 100m) * 100m));
            }
            else
            {
                _script.Add(new LoseDeal(rep, closes, key, Canceled: fate > 0.74));
            }

            deal = deal with { ClosesAt = closes };
        }

        _deals.Add(deal);
    }

    /// <summary>A team pipeline review each Monday at 10:45 (the cancelling manager cancels in weeks 4 and 9 at 09:00); prompts marked done on Friday at noon.</summary>
    public void PlanManagers(IEnumerable<string> managers, string cancelling)
    {
        foreach (var manager in managers)
        {
            for (var week = 1; week <= _shape.Weeks; week++)
            {
                var monday = _script.Monday(week);
                var held = manager != cancelling || week is not (4 or 9);
                _script.Add(new HoldReview(manager, _script.At(manager, monday, held ? 10 : 9, held ? 45 : 0), null, held));
                _script.Add(new CompleteCoaching(manager, _script.At(manager, monday.AddDays(4), 12)));
            }
        }

        for (var week = 1; week <= _shape.Weeks; week++)
        {
            _script.Add(new CompleteCoaching("director", _script.At("director", _script.Monday(week).AddDays(4), 12)));
        }
    }

    /// <summary>In week 7 sales operations moves the slumping rep's two largest deals still open then to the first steady rep.</summary>
    public void PlanReassignment(IReadOnlyList<DemoCast.RepPlan> reps)
    {
        var from = reps.FirstOrDefault(r => r.Kind == DemoCast.RepKind.Slump);
        var to = reps.FirstOrDefault(r => r.Kind == DemoCast.RepKind.Steady);
        if (from == null || to == null || _shape.Weeks < 7)
        {
            return;
        }

        var at = _script.At("admin", _script.Monday(7).AddDays(2), 10);
        foreach (var deal in _deals.Where(d => d.Rep == from.Key && d.OpenedAt < at && (d.ClosesAt == null || d.ClosesAt > at)).OrderByDescending(d => d.Value).ThenBy(d => d.Key, StringComparer.Ordinal).Take(2).ToList())
        {
            _script.Add(new ReassignDeal("admin", at, deal.Key, to.Key));

            // The new owner closes it: the script's win or loss is theirs now.
            var index = _script.Actions.ToList().FindIndex(a => a is WinDeal w && w.Key == deal.Key || a is LoseDeal l && l.Key == deal.Key);
            if (index >= 0)
            {
                _script.Replace(index, _script.Actions[index] switch
                {
                    WinDeal w => w with { ActorKey = to.Key },
                    LoseDeal l => l with { ActorKey = to.Key },
                    var other => other,
                });
            }
        }
    }

    private sealed record Deal(string Key, string Rep, DateTime OpenedAt, decimal Value, bool Neglected, DateTime? ClosesAt = null);
}
