using System;

namespace CrmAccountability.Emulator.Storage;

/// <summary>Who is calling and in which time zone: what FetchXML's user and relative-date operators are evaluated against.</summary>
public sealed record CallerContext(Guid UserId, Guid BusinessUnitId, TimeZoneInfo TimeZone, bool IsSystem);
