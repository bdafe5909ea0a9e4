using System;

namespace CrmAccountability.Emulator.Storage;

/// <summary>
/// Where new record ids (and operation and correlation ids) come from: random, as in Dataverse, or — with a seed —
/// the same sequence every run, so a seeded simulation writes byte-identical output.
/// </summary>
internal sealed class IdSource
{
    private readonly Random? _random;
    private readonly object _gate = new();

    public IdSource(int? seed)
    {
        _random = seed is { } value ? new Random(value) : null;
    }

    public Guid Next()
    {
        if (_random == null)
        {
            return Guid.NewGuid();
        }

        var bytes = new byte[16];
        lock (_gate)
        {
            _random.NextBytes(bytes);
        }

        // A well-formed version-4 GUID.
        bytes[7] = (byte)((bytes[7] & 0x0F) | 0x40);
        bytes[8] = (byte)((bytes[8] & 0x3F) | 0x80);
        return new Guid(bytes);
    }
}
