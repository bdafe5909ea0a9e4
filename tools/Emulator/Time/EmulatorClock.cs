using System;
using System.Threading;

namespace CrmAccountability.Emulator.Time;

/// <summary>
/// The organisation's clock. Starts at a fixed instant and moves only when told to, so every timestamp the emulator
/// stamps (createdon, actualend, OperationCreatedOn) is reproducible.
/// </summary>
public sealed class EmulatorClock
{
    private long _ticks;

    public EmulatorClock(DateTime startUtc)
    {
        Set(startUtc);
    }

    public DateTime UtcNow => new(Interlocked.Read(ref _ticks), DateTimeKind.Utc);

    public void Set(DateTime utc)
    {
        if (utc.Kind != DateTimeKind.Utc)
        {
            throw new ArgumentException("The emulator clock takes UTC times (DateTimeKind.Utc).", nameof(utc));
        }

        Interlocked.Exchange(ref _ticks, utc.Ticks);
    }

    public void Advance(TimeSpan by)
    {
        if (by < TimeSpan.Zero)
        {
            throw new ArgumentOutOfRangeException(nameof(by), by, "The clock only moves forward.");
        }

        Interlocked.Add(ref _ticks, by.Ticks);
    }
}
