using System;
using CrmAccountability.Emulator.Storage;
using CrmAccountability.Emulator.Time;

namespace CrmAccountability.Emulator.Platform;

/// <summary>What the behaviours may use of the organisation: the store, the clock, the writer (for cascades), and the organisation's fixed rows.</summary>
internal sealed class PlatformServices(DataStore store, EmulatorClock clock, CoreWrite writer)
{
    public DataStore Store { get; } = store;

    public EmulatorClock Clock { get; } = clock;

    public CoreWrite Writer { get; } = writer;

    /// <summary>SYSTEM: the owner of rows a system caller creates without an owner.</summary>
    public Guid SystemUserId { get; set; }

    /// <summary>The organisation's base currency: a money row's currency when none is given.</summary>
    public Guid BaseCurrencyId { get; set; }
}
