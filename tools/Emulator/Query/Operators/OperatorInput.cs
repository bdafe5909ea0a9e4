using System;
using System.Collections.Generic;
using System.Linq;
using CrmAccountability.Emulator.Metadata;
using CrmAccountability.Emulator.Storage;

namespace CrmAccountability.Emulator.Query.Operators;

/// <summary>One condition's column, constants and environment, handed to the operator families to compile.</summary>
internal sealed record OperatorInput(string Table, ColumnMetadata Column, IReadOnlyList<object?> Values, QueryEnvironment Env)
{
    public object Constant(int index = 0)
    {
        if (index >= Values.Count)
        {
            throw new DataverseFaultException(DataverseFaults.InvalidArgument, DataverseFaults.Format("The condition on '{0}.{1}' needs {2} value(s).", Table, Column.LogicalName, index + 1));
        }

        return ValueCoercion.Constant(new TableMetadataRef(Table), Column, Values[index]);
    }

    public IReadOnlyList<object> Constants() => Values.Select((_, i) => Constant(i)).ToList();

    public int WholeNumber(int index = 0)
    {
        var raw = index < Values.Count ? Values[index] : null;
        return raw switch
        {
            int i => i,
            string s when int.TryParse(s, System.Globalization.NumberStyles.Integer, System.Globalization.CultureInfo.InvariantCulture, out var parsed) => parsed,
            _ => throw new DataverseFaultException(DataverseFaults.InvalidArgument, DataverseFaults.Format("The condition on '{0}.{1}' needs a whole number, not '{2}'.", Table, Column.LogicalName, raw)),
        };
    }

    /// <summary>A stored date as the caller sees it: user-local columns in the caller's zone, the others as stored.</summary>
    public DateTime Local(DateTime stored) => Column.DateTimeBehavior == DateTimeBehavior.UserLocal ? Env.UtcToLocal(stored) : stored;

    public void RequireDate(string op)
    {
        if (Column.Type != ColumnType.DateTime)
        {
            throw new DataverseFaultException(DataverseFaults.InvalidArgument, DataverseFaults.Format("The operator '{0}' applies to date and time columns; '{1}.{2}' is {3}.", op, Table, Column.LogicalName, Column.Type));
        }
    }
}
