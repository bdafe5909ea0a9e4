using System;
using CrmAccountability.Emulator.Metadata;
using CrmAccountability.Emulator.Storage;

namespace CrmAccountability.Emulator.Query.Operators;

/// <summary>
/// above, eq-or-above, under, eq-or-under and not-under (Learn: "Query hierarchical data"): conditions on a table's
/// primary key that follow its hierarchical relationship from the record the value names. They apply only to tables
/// with a hierarchical relationship; not-under keeps the named record itself, which is not below itself.
/// </summary>
internal static class HierarchyOperators
{
    public static Func<object?, bool>? TryCompile(string op, OperatorInput input)
    {
        if (op is not ("above" or "eq-or-above" or "under" or "eq-or-under" or "not-under"))
        {
            return null;
        }

        if (input.Column.Type != ColumnType.PrimaryKey)
        {
            throw new DataverseFaultException(DataverseFaults.InvalidArgument, DataverseFaults.Format(
                "The hierarchical operator '{0}' applies to the primary key of '{1}', not to '{2}'.", op, input.Table, input.Column.LogicalName));
        }

        var anchor = input.Constant() is Guid id ? id : throw new DataverseFaultException(DataverseFaults.InvalidArgument, DataverseFaults.Format("The hierarchical operator '{0}' needs the id of a '{1}' record.", op, input.Table));
        var related = input.Env.Hierarchy(input.Table, anchor, op.EndsWith("above", StringComparison.Ordinal))
            ?? throw new DataverseFaultException(DataverseFaults.InvalidArgument, DataverseFaults.Format(
                "The hierarchical operator '{0}' applies only to a table with a hierarchical relationship; '{1}' has none.", op, input.Table));
        var withAnchor = op.StartsWith("eq-or-", StringComparison.Ordinal);
        var negate = op == "not-under";
        return value =>
        {
            var inHierarchy = value is Guid row && (related.Contains(row) || (withAnchor && row == anchor));
            return negate ? !inHierarchy : inHierarchy;
        };
    }
}
