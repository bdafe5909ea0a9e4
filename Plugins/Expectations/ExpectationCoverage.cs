using System;
using System.Collections.Generic;
using System.Linq;
using CrmAccountability.Plugins.Counting;
using CrmAccountability.Plugins.Domain;
using CrmAccountability.Plugins.Domain.Counting;
using CrmAccountability.Plugins.Domain.Coverage;
using CrmAccountability.Plugins.Domain.Periods;
using Microsoft.Xrm.Sdk;

namespace CrmAccountability.Plugins.Expectations;

/// <summary>
/// Keeps an expectation's Coverage note (cra_coverage) true: written when the expectation is saved and whenever an
/// evaluation finds its team, its people or its dates have moved on — and only when the words change.
/// </summary>
public static class ExpectationCoverage
{
    public static CoverageFacts Facts(AccountabilityReader reader, ExpectationDefinition expectation, DateTime nowUtc)
    {
        var calendar = reader.Settings.Calendar;
        List<Person> covered;
        string? repName = null;
        string? teamName = null;
        var repDisabled = false;
        var disabled = new List<string>();
        if (expectation.RepId is { } repId)
        {
            var rep = reader.PersonOf(repId);
            repName = rep.Name;
            repDisabled = rep.IsDisabled;
            covered = rep.IsDisabled ? [] : [rep];
        }
        else if (expectation.TeamId is { } teamId)
        {
            teamName = reader.TeamName(teamId);
            var members = reader.MembersOf(teamId);
            covered = members.Where(m => !m.IsDisabled).ToList();
            disabled.AddRange(members.Where(m => m.IsDisabled).Select(m => m.Name));
        }
        else
        {
            covered = [];
        }

        // Dates are judged in the zone of the person covered (UTC for a team): the note is about the expectation, not one member.
        var zone = expectation.RepId is { } one ? reader.ZoneOf(one) : TimeZoneInfo.Utc;
        var today = ZonedTime.LocalDate(nowUtc, zone);
        var last = ExpectationPeriods.Last(expectation, calendar);
        var first = ExpectationPeriods.First(expectation, calendar);
        var setOn = expectation.CreatedOn is { } created ? ZonedTime.LocalDate(created, zone) : today;
        return new CoverageFacts
        {
            RepName = repName,
            RepDisabled = repDisabled,
            TeamName = teamName,
            ActiveMembers = covered.Count,
            DisabledMembers = disabled,
            WithoutManager = expectation.ManagerId == null ? covered.Where(p => p.ManagerId == null).Select(p => p.Name).ToList() : [],
            SetAfterLastPeriod = last != null && last.End < setOn ? last.Label : null,
            EndedWith = last != null && last.End >= setOn && last.End < today ? last.Label : null,
            StartsOn = first != null && first.Start > today ? first.Start : null,
        };
    }

    /// <summary>Writes the note when it differs from <paramref name="stored"/>; returns whether it did.</summary>
    public static bool Refresh(AccountabilityReader reader, ExpectationDefinition expectation, string? stored, DateTime nowUtc)
    {
        var note = Wording.Coverage(Facts(reader, expectation, nowUtc));
        if (string.Equals(note, stored, StringComparison.Ordinal))
        {
            return false;
        }

        reader.System.Update(new Entity("cra_expectation", expectation.Id) { ["cra_coverage"] = note });
        return true;
    }
}
