using System;
using System.Collections.Generic;
using System.Linq;
using CsCheck;
using Microsoft.Xrm.Sdk;

namespace CrmAccountability.Accountability.Tests.Properties;

/// <summary>One thing a sales team does to its records; indexes pick among the records that exist at that point.</summary>
internal abstract record Operation;

internal sealed record NewActivity(int Table, int Owner, int? Minutes, int? Purpose, bool Outgoing, int Regarding) : Operation;

internal sealed record CompleteActivity(int Activity, int? HoursAgo, bool Legacy) : Operation;

internal sealed record CancelActivity(int Activity) : Operation;

internal sealed record ReopenActivity(int Activity, bool Legacy) : Operation;

internal sealed record ReassignActivity(int Activity, int Owner, bool Legacy) : Operation;

internal sealed record BackdateActivity(int Activity, int HoursAgo) : Operation;

internal sealed record EditActivity(int Activity, int? Minutes, int? Purpose, bool Outgoing, int Regarding) : Operation;

internal sealed record DeleteActivity(int Activity) : Operation;

internal sealed record NewOpportunity(int Owner, int Value) : Operation;

internal sealed record WinOpportunity(int Opportunity, int Revenue, int DaysAgo) : Operation;

internal sealed record LoseOpportunity(int Opportunity, bool Canceled) : Operation;

internal sealed record ReopenOpportunity(int Opportunity) : Operation;

internal sealed record ReassignOpportunity(int Opportunity, int Owner) : Operation;

internal sealed record EditOpportunity(int Opportunity, int Value) : Operation;

internal sealed record DeleteOpportunity(int Opportunity) : Operation;

internal sealed record AdvanceClock(int Hours) : Operation;

/// <summary>The scheduled flow's run of cra_EvaluateAccountability (all its continuation calls).</summary>
internal sealed record Evaluate : Operation;

/// <summary>Generators for <see cref="Operation"/> sequences, weighted towards what reps do most: log and complete activities.</summary>
internal static class CountingOperations
{
    public static readonly int[] Values = [5_000, 20_000, 60_000, 150_000];

    private static readonly Gen<int> Index = Gen.Int[0, 50];
    private static readonly Gen<int> Owner = Gen.Int[0, 3]; // three reps, or 3 = the team
    private static readonly Gen<int?> Minutes = Gen.OneOf(Gen.Const((int?)null), Gen.Int[0, 120].Select(m => (int?)m));
    private static readonly Gen<int?> Purpose = Gen.OneOf(Gen.Const((int?)null), Gen.Const<int?>(Choices.Prospecting), Gen.Const<int?>(Choices.FollowUp), Gen.Const<int?>(Choices.Discovery));
    private static readonly Gen<int> HoursAgo = Gen.Int[0, 1500];

    public static readonly Gen<Operation> Any = Gen.Frequency(
        (6, Gen.Select(Gen.Int[0, 3], Owner, Minutes, Purpose, Gen.Bool, Gen.Int[0, 3], (t, o, m, p, d, r) => (Operation)new NewActivity(t, o, m, p, d, r))),
        (6, Gen.Select(Index, Gen.OneOf(Gen.Const((int?)null), HoursAgo.Select(h => (int?)h)), Gen.Bool, (a, h, l) => (Operation)new CompleteActivity(a, h, l))),
        (1, Index.Select(a => (Operation)new CancelActivity(a))),
        (2, Gen.Select(Index, Gen.Bool, (a, l) => (Operation)new ReopenActivity(a, l))),
        (2, Gen.Select(Index, Owner, Gen.Bool, (a, o, l) => (Operation)new ReassignActivity(a, o, l))),
        (2, Gen.Select(Index, HoursAgo, (a, h) => (Operation)new BackdateActivity(a, h))),
        (2, Gen.Select(Index, Minutes, Purpose, Gen.Bool, Gen.Int[0, 3], (a, m, p, d, r) => (Operation)new EditActivity(a, m, p, d, r))),
        (1, Index.Select(a => (Operation)new DeleteActivity(a))),
        (3, Gen.Select(Owner, Gen.Int[0, 3], (o, v) => (Operation)new NewOpportunity(o, Values[v]))),
        (2, Gen.Select(Index, Gen.Int[0, 3], Gen.Int[0, 62], (o, v, d) => (Operation)new WinOpportunity(o, Values[v], d))),
        (1, Gen.Select(Index, Gen.Bool, (o, c) => (Operation)new LoseOpportunity(o, c))),
        (1, Index.Select(o => (Operation)new ReopenOpportunity(o))),
        (1, Gen.Select(Index, Owner, (o, w) => (Operation)new ReassignOpportunity(o, w))),
        (1, Gen.Select(Index, Gen.Int[0, 3], (o, v) => (Operation)new EditOpportunity(o, Values[v]))),
        (1, Index.Select(o => (Operation)new DeleteOpportunity(o))),
        (2, Gen.Int[1, 30].Select(h => (Operation)new AdvanceClock(h))),
        (1, Gen.Const((Operation)new Evaluate())));

    public static readonly Gen<Operation[]> Sequence = Any.Array[50];
}
