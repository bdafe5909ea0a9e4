using System;
using System.Linq;
using System.Text;

namespace CrmAccountability.Emulator.Solutions.Layout;

/// <summary>
/// File and folder names made from what a package says (table names, role names, web resource names, ids). A package
/// is untrusted: a name never becomes "..", an absolute path or a character a file system refuses.
/// </summary>
internal static class SafeNames
{
    private const int MaxSegment = 120;

    /// <summary>One path segment: letters, digits, space and <c>. _ - { } ( ) + ,</c> kept, anything else '_'; never empty, "." or "..".</summary>
    public static string Segment(string? name, string fallback)
    {
        var builder = new StringBuilder();
        foreach (var c in (name ?? string.Empty).Trim())
        {
            builder.Append(char.IsLetterOrDigit(c) || c is ' ' or '.' or '_' or '-' or '{' or '}' or '(' or ')' or '+' or ',' ? c : '_');
        }

        var text = builder.ToString().Trim().TrimEnd('.');
        if (text.Length > MaxSegment)
        {
            text = text[..MaxSegment];
        }

        return text.Length == 0 || text.All(c => c == '.') ? fallback : text;
    }

    /// <summary>A relative path from a name whose '/' (or '\') separate folders, as web resource names do; each part made safe.</summary>
    public static string RelativePath(string? name, string fallback)
    {
        var parts = (name ?? string.Empty).Split('/', '\\').Where(p => p.Trim().Length > 0).Select(p => Segment(p, "_")).ToList();
        return parts.Count == 0 ? fallback : string.Join("/", parts);
    }

    /// <summary>A zip path usable as a relative file path as it is: '/' separators, no empty, "." or ".." part, not rooted.</summary>
    public static bool IsSafePath(string? path)
    {
        if (string.IsNullOrWhiteSpace(path) || path.Contains('\\', StringComparison.Ordinal) || path.Contains(':', StringComparison.Ordinal))
        {
            return false;
        }

        var parts = path.Split('/');
        return parts.All(p => p.Length > 0 && p != "." && p != ".." && p.Trim().Length == p.Length && Segment(p, string.Empty) == p);
    }

    /// <summary>A braced, lower-case GUID (<c>{…}</c>), or null when the text is not one.</summary>
    public static string? Id(string? text) => Guid.TryParse(text?.Trim(), out var id) ? id.ToString("B") : null;
}
