using System;
using System.Text;
using System.Text.RegularExpressions;
using CrmAccountability.Emulator.Metadata;
using CrmAccountability.Emulator.Storage;

namespace CrmAccountability.Emulator.Query.Operators;

/// <summary>like, not-like, begins-with, ends-with and their negations: SQL LIKE patterns (% _ [..]), case-insensitive.</summary>
internal static class StringOperators
{
    public static Func<object?, bool>? TryCompile(string op, OperatorInput input)
    {
        string Pattern()
        {
            if (input.Column.Type is not (ColumnType.String or ColumnType.Memo or ColumnType.EntityName))
            {
                throw new DataverseFaultException(DataverseFaults.InvalidArgument, DataverseFaults.Format(
                    "The operator '{0}' applies to text columns; '{1}.{2}' is {3}.", op, input.Table, input.Column.LogicalName, input.Column.Type));
            }

            return (string)input.Constant();
        }

        switch (op)
        {
            case "like" or "not-like":
                var like = LikeToRegex(Pattern());
                return op == "like" ? value => value is string s && like.IsMatch(s) : value => value is string s && !like.IsMatch(s);
            case "begins-with" or "not-begin-with":
                var prefix = Pattern();
                return op == "begins-with"
                    ? value => value is string s && s.StartsWith(prefix, StringComparison.OrdinalIgnoreCase)
                    : value => value is string s && !s.StartsWith(prefix, StringComparison.OrdinalIgnoreCase);
            case "ends-with" or "not-end-with":
                var suffix = Pattern();
                return op == "ends-with"
                    ? value => value is string s && s.EndsWith(suffix, StringComparison.OrdinalIgnoreCase)
                    : value => value is string s && !s.EndsWith(suffix, StringComparison.OrdinalIgnoreCase);
            default:
                return null;
        }
    }

    public static Regex LikeToRegex(string pattern)
    {
        var regex = new StringBuilder("^");
        for (var i = 0; i < pattern.Length; i++)
        {
            var c = pattern[i];
            switch (c)
            {
                case '%':
                    regex.Append(".*");
                    break;
                case '_':
                    regex.Append('.');
                    break;
                case '[':
                    var close = pattern.IndexOf(']', i + 1);
                    if (close > i)
                    {
                        regex.Append('[').Append(pattern[(i + 1)..close].Replace("\\", "\\\\", StringComparison.Ordinal)).Append(']');
                        i = close;
                    }
                    else
                    {
                        regex.Append("\\[");
                    }

                    break;
                default:
                    regex.Append(Regex.Escape(c.ToString()));
                    break;
            }
        }

        return new Regex(regex.Append('$').ToString(), RegexOptions.IgnoreCase | RegexOptions.Singleline | RegexOptions.CultureInvariant, TimeSpan.FromSeconds(1));
    }
}
