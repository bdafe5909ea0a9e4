using System;
using System.Linq;
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

        var wanted = input.Constants().Cast<int>().ToHashSet();
        return op == "contain-values"
            ? value => value is OptionSetValueCollection options && options.Any(o => wanted.Contains(o.Value))
            : value => value is not OptionSetValueCollection options || !options.Any(o => wanted.Contains(o.Value));
    }
}
