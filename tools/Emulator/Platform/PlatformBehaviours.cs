using System.Collections.Generic;

namespace CrmAccountability.Emulator.Platform;

/// <summary>
/// What the platform does to a row as the core operation (stage 30) writes it, in the order it does it. Learn does not
/// publish the platform's internal order, so this order is a decision, pinned by tests: values are checked before the
/// rules that read them, stamps come after every rule that could still refuse the write, and the rows kept in step are
/// written after the row itself, in the same transaction.
/// <para>"What happens when a phone call is completed?" Read <see cref="Update"/> top to bottom: ColumnValues takes
/// statecode 1; StateTransition gives it the default status for state 1; SystemColumns stamps modified on and by and a
/// new version; ActivityCompletionStamp sets actualend to now if the rep gave none; after the write,
/// ActivityPointerMirror moves the pointer to state 1.</para>
/// </summary>
internal static class PlatformBehaviours
{
    /// <summary>Before a new row is inserted.</summary>
    public static readonly IReadOnlyList<IPlatformBehaviour> Create =
    [
        new PlatformMaintainedTables(),
        new ColumnValues(),
        new InitialState(),
        new Ownership(),
        new BaseCurrency(),
        new SystemColumns(),
        new ActivityCompletionStamp(),
        new RequiredColumns(),
    ];

    /// <summary>Before a row's new values replace its old ones (Update, and the Win and Lose messages' close of an opportunity).</summary>
    public static readonly IReadOnlyList<IPlatformBehaviour> Update =
    [
        new ColumnValues(),
        new OpportunityStateGuard(),
        new StateTransition(),
        new Ownership(),
        new BaseCurrency(),
        new SystemColumns(),
        new ActivityCompletionStamp(),
    ];

    /// <summary>After a row is inserted or replaced, inside the store's write: rows the platform keeps in step.</summary>
    public static readonly IReadOnlyList<IPlatformBehaviour> AfterWrite =
    [
        new ActivityPointerMirror(),
    ];

    /// <summary>Before a row is removed.</summary>
    public static readonly IReadOnlyList<IPlatformBehaviour> Delete =
    [
        new CascadeDelete(),
    ];

    /// <summary>After a row is removed.</summary>
    public static readonly IReadOnlyList<IPlatformBehaviour> AfterDelete =
    [
        new ActivityPointerMirror(),
    ];
}
