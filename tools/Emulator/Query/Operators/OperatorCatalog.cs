using System;
using CrmAccountability.Emulator.Storage;

namespace CrmAccountability.Emulator.Query.Operators;

/// <summary>Finds the family that knows an operator and compiles the condition with it.</summary>
internal static class OperatorCatalog
{
    /// <summary>The stored keys a condition can match, for a sorted index; null when its operator does not bound the column's values.</summary>
    public static KeyRange? TryRange(string op, OperatorInput input) => ComparisonOperators.TryRange(op, input) ?? DateOperators.TryRange(op, input);

    public static Func<object?, bool> Compile(string op, OperatorInput input)
    {
        return ComparisonOperators.TryCompile(op, input)
            ?? StringOperators.TryCompile(op, input)
            ?? DateOperators.TryCompile(op, input)
            ?? FiscalOperators.TryCompile(op, input)
            ?? UserOperators.TryCompile(op, input)
            ?? ChoiceOperators.TryCompile(op, input)
            ?? HierarchyOperators.TryCompile(op, input)
            ?? throw new DataverseFaultException(DataverseFaults.InvalidFetchXml, DataverseFaults.Format(
                "The condition operator '{0}' on '{1}.{2}' is not valid (or not one the emulator implements).", op, input.Table, input.Column.LogicalName));
    }
}
