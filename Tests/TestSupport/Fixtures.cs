using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using Xunit;

namespace CrmAccountability.TestSupport;

/// <summary>
/// Real solution packages exported from Dataverse are third-party files, so the repository does not carry them. Tests
/// that read them find their folder through <c>CRMACC_FIXTURES</c> (CI sets it to <c>../shared/fixtures/solutions</c>)
/// and report themselves skipped, with this reason, when it is not set.
/// </summary>
public static class Fixtures
{
    public const string Variable = "CRMACC_FIXTURES";

    public const string SkipReason = "real solution packages are not in the repository: set " + Variable + " to a folder of them (CI uses ../shared/fixtures/solutions)";

    /// <summary>The folder of real packages, or null when the variable is unset or names no folder.</summary>
    public static string? Folder
    {
        get
        {
            var value = Environment.GetEnvironmentVariable(Variable);
            return string.IsNullOrWhiteSpace(value) || !Directory.Exists(value) ? null : Path.GetFullPath(value);
        }
    }

    /// <summary>The path of one real package; only call it from a test marked <see cref="FixtureFactAttribute"/> or <see cref="FixtureTheoryAttribute"/>.</summary>
    public static string Solution(string fileName)
    {
        var folder = Folder ?? throw new InvalidOperationException(SkipReason);
        var path = Path.Combine(folder, fileName);
        return File.Exists(path) ? path : throw new FileNotFoundException("The fixtures folder " + folder + " has no " + fileName + ".", path);
    }

    /// <summary>Every zip in the fixtures folder, for theories over all real packages (empty without the folder).</summary>
    public static IEnumerable<string> AllSolutions()
        => Folder is { } folder ? Directory.GetFiles(folder, "*.zip").Select(Path.GetFileName).Order(StringComparer.Ordinal)! : [];
}

/// <summary>A fact that needs the real packages: skipped, with the reason, when <see cref="Fixtures.Folder"/> is null.</summary>
[AttributeUsage(AttributeTargets.Method)]
public sealed class FixtureFactAttribute : FactAttribute
{
    public FixtureFactAttribute()
    {
        if (Fixtures.Folder == null)
        {
            Skip = Fixtures.SkipReason;
        }
    }
}

/// <summary>A theory that needs the real packages: skipped, with the reason, when <see cref="Fixtures.Folder"/> is null.</summary>
[AttributeUsage(AttributeTargets.Method)]
public sealed class FixtureTheoryAttribute : TheoryAttribute
{
    public FixtureTheoryAttribute()
    {
        if (Fixtures.Folder == null)
        {
            Skip = Fixtures.SkipReason;
        }
    }
}
