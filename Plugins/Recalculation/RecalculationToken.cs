using System;
using System.Globalization;

namespace CrmAccountability.Plugins.Recalculation;

/// <summary>
/// Where a resumable run stopped: the next (expectation, rep, period start) to handle, in the canonical order, and a
/// fingerprint of the scope it was issued for, so a token is never applied to a different scope by mistake.
/// </summary>
public sealed class RecalculationToken
{
    private const string Version = "v1";

    public RecalculationToken(string scope, Guid expectationId, Guid repId, DateTime periodStart)
    {
        Scope = scope;
        ExpectationId = expectationId;
        RepId = repId;
        PeriodStart = periodStart.Date;
    }

    public string Scope { get; }

    public Guid ExpectationId { get; }

    public Guid RepId { get; }

    public DateTime PeriodStart { get; }

    public override string ToString()
        => string.Join("|", Version, Scope, ExpectationId.ToString("N"), RepId.ToString("N"), PeriodStart.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture));

    /// <summary>Reads a token; null (with the reason in <paramref name="problem"/>) when it is not one this scope issued.</summary>
    public static RecalculationToken? Parse(string text, string scope, out string? problem)
    {
        var parts = text.Split('|');
        problem = null;
        if (parts.Length != 5 || parts[0] != Version
            || !Guid.TryParseExact(parts[2], "N", out var expectation)
            || !Guid.TryParseExact(parts[3], "N", out var rep)
            || !DateTime.TryParseExact(parts[4], "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var start))
        {
            problem = "The continuation token '" + text + "' is not one this API issued. Start again without a token.";
            return null;
        }

        if (parts[1] != scope)
        {
            problem = "The continuation token was issued for a different expectation, rep or date range. Pass the same ExpectationId, RepId, From and To as the call that returned it, or start again without a token.";
            return null;
        }

        return new RecalculationToken(scope, expectation, rep, start);
    }
}
