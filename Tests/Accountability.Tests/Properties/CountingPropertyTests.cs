using System;
using System.Collections.Generic;
using System.Linq;
using CsCheck;
using Xunit;

namespace CrmAccountability.Accountability.Tests.Properties;

/// <summary>
/// DESIGN §9: after any sequence of creates, completions, cancellations, reopenings, reassignments (by Update and by
/// the legacy Assign and SetState messages), date, duration, purpose, amount and owner changes, deletions, wins,
/// losses and clock advances, every stored attainment's counted columns — and the first-meeting and last-activity
/// stamps — equal what an independent oracle computes from scratch, after every single step; status and
/// expected-to-date equal it as of the attainment's recalculation time. Generated with CsCheck (seeded, shrinking).
/// </summary>
public sealed class CountingPropertyTests
{
    public const int SequencesPerHalf = 500;

    [Fact]
    public void Stored_attainment_always_equals_the_oracle_first_half() => Check(seedOffset: 0);

    internal static void Check(int seedOffset)
        => CountingOperations.Sequence.Sample(
            operations => Run(operations),
            iter: SequencesPerHalf,
            threads: 1,
            seed: seedOffset == 0 ? "0N0XIzNsQ0O2" : "3Z4jQh7p1cK8");

    private static void Run(Operation[] operations)
    {
        var world = new CountingWorld();
        var oracle = new CountingOracle(world.System);
        var log = new List<string>();
        foreach (var operation in operations)
        {
            log.Add(world.Apply(operation));
            var problems = oracle.Disagreements();
            if (problems.Count > 0)
            {
                throw new InvalidOperationException("After:\n  " + string.Join("\n  ", log) + "\nthe stored state disagrees with the oracle:\n  " + string.Join("\n  ", problems.Take(10)));
            }
        }
    }
}

/// <summary>The second half, in its own class so the test runner can run both halves at once.</summary>
public sealed class CountingPropertySecondHalfTests
{
    [Fact]
    public void Stored_attainment_always_equals_the_oracle_second_half() => CountingPropertyTests.Check(seedOffset: 1);
}
