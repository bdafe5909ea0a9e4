namespace CrmAccountability.Emulator.Platform;

/// <summary>
/// One thing the platform does to a row as it is written — a default, a stamp, a rule that refuses, a row it keeps in
/// step. Listed, in order, in <see cref="PlatformBehaviours"/>; applied by <see cref="CoreWrite"/>.
/// </summary>
internal interface IPlatformBehaviour
{
    /// <summary>Whether the behaviour concerns this write; pure, reads nothing from the store.</summary>
    bool Applies(RowWrite write);

    /// <summary>Edits <see cref="RowWrite.Values"/>, throws the fault Dataverse gives, or writes a row the platform keeps beside it.</summary>
    void Apply(RowWrite write);
}
