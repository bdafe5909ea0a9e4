using System;
using System.Linq;
using CrmAccountability.Emulator.Metadata;
using CrmAccountability.Emulator.Storage;
using Microsoft.Xrm.Sdk;

namespace CrmAccountability.Emulator.Query.Operators;

/// <summary>contain-values and not-contain-values, for multi-select choices.</summary>
internal static class ChoiceOperators
{
    public static Func<object?, bool>? TryCompile(string op, OperatorInput input)
    {
        if (op is not ("contain-values" or "not-contain-values"))
        {
            return null;
        }

        if (input.Column.Type != ColumnType.MultiSelectPicklist)
        {
            throw new DataverseFaultException(DataverseFaults.InvalidArgument, DataverseFaults.Format(
                "The operator '{0}' applies to choices (multi-select) columns; '{1}.{2}' is {3}.", op, input.Table, input.Column.LogicalName, input.Column.Type));
        }

        var wanted = input.Constants().Cast<int>().ToHashSet();
        return op == "contain-values"
            ? value => value is OptionSetValueCollection options && options.Any(o => wanted.Contains(o.Value))
            : value => value is not OptionSetValueCollection options || !options.Any(o => wanted.Contains(o.Value));
    }
}
