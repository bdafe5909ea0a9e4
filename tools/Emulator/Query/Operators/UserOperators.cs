using System;
using System.Linq;
using CrmAccountability.Emulator.Metadata;
using CrmAccountability.Emulator.Storage;
using Microsoft.Xrm.Sdk;

namespace CrmAccountability.Emulator.Query.Operators;

/// <summary>eq-userid, ne-userid, eq-userteams, eq-useroruserteams, eq-useroruserhierarchy(andteams), eq-businessid, ne-businessid.</summary>
internal static class UserOperators
{
    public static Func<object?, bool>? TryCompile(string op, OperatorInput input)
    {
        if (op is not ("eq-userid" or "ne-userid" or "eq-businessid" or "ne-businessid" or "eq-userteams" or "eq-useroruserteams" or "eq-useroruserhierarchy" or "eq-useroruserhierarchyandteams"))
        {
            return null;
        }

        if (input.Column.Type is not (ColumnType.Lookup or ColumnType.Owner or ColumnType.Customer or ColumnType.PrimaryKey or ColumnType.UniqueIdentifier))
        {
            throw new DataverseFaultException(DataverseFaults.InvalidArgument, DataverseFaults.Format(
                "The operator '{0}' compares record ids; '{1}.{2}' is {3}, not a lookup or id column.", op, input.Table, input.Column.LogicalName, input.Column.Type));
        }

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
