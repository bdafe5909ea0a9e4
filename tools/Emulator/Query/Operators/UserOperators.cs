using System;
using System.Linq;
using Microsoft.Xrm.Sdk;

namespace CrmAccountability.Emulator.Query.Operators;

/// <summary>eq-userid, ne-userid, eq-userteams, eq-useroruserteams, eq-useroruserhierarchy(andteams), eq-businessid, ne-businessid.</summary>
internal static class UserOperators
{
    public static Func<object?, bool>? TryCompile(string op, OperatorInput input)
    {
        var caller = input.Env.Caller;
        switch (op)
        {
            case "eq-userid":
                return value => Id(value) == caller.UserId;
            case "ne-userid":
                return value => Id(value) is { } id && id != caller.UserId;
            case "eq-businessid":
                return value => Id(value) == caller.BusinessUnitId;
            case "ne-businessid":
                return value => Id(value) is { } id && id != caller.BusinessUnitId;
            case "eq-userteams":
                var teams = input.Env.TeamsOfUser(caller.UserId);
                return value => Id(value) is { } id && teams.Contains(id);
            case "eq-useroruserteams":
                var userOrTeams = input.Env.TeamsOfUser(caller.UserId).Append(caller.UserId).ToHashSet();
                return value => Id(value) is { } id && userOrTeams.Contains(id);
            case "eq-useroruserhierarchy":
                var hierarchy = input.Env.UserAndReports(caller.UserId).ToHashSet();
                return value => Id(value) is { } id && hierarchy.Contains(id);
            case "eq-useroruserhierarchyandteams":
                var everyone = input.Env.UserAndReports(caller.UserId).SelectMany(u => input.Env.TeamsOfUser(u).Append(u)).ToHashSet();
                return value => Id(value) is { } id && everyone.Contains(id);
            default:
                return null;
        }
    }

    private static Guid? Id(object? value) => value switch
    {
        EntityReference reference => reference.Id,
        Guid id => id,
        _ => null,
    };
}
