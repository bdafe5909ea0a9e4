namespace CrmAccountability.Cli.Checking;

public enum Severity
{
    Warning,
    Error,
}

/// <summary>One problem: which rule, where (file and component), what is wrong and how to fix it.</summary>
public sealed record Finding(string Rule, Severity Severity, string File, string Component, string Problem, string Fix)
{
    public override string ToString() => (Severity == Severity.Error ? "error " : "warning ") + Rule + " " + File + (Component.Length == 0 ? string.Empty : " [" + Component + "]") + ": " + Problem + " Fix: " + Fix;
}
