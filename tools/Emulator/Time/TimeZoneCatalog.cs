using System;
using System.Collections.Generic;
using System.Linq;

namespace CrmAccountability.Emulator.Time;

/// <summary>
/// Dataverse's time zone codes (usersettings.timezonecode) and their Windows zone ids (timezonedefinition.standardname),
/// from Microsoft's "Time Zone Index Values". The ids resolve through TimeZoneInfo, which on Linux maps Windows ids to
/// IANA zones with ICU, so daylight saving follows the real rules.
/// </summary>
public static class TimeZoneCatalog
{
    private static readonly (int Code, string WindowsId, string Display)[] Zones =
    [
        (2, "Hawaiian Standard Time", "(GMT-10:00) Hawaii"),
        (3, "Alaskan Standard Time", "(GMT-09:00) Alaska"),
        (4, "Pacific Standard Time", "(GMT-08:00) Pacific Time (US & Canada)"),
        (10, "Mountain Standard Time", "(GMT-07:00) Mountain Time (US & Canada)"),
        (15, "US Mountain Standard Time", "(GMT-07:00) Arizona"),
        (20, "Central Standard Time", "(GMT-06:00) Central Time (US & Canada)"),
        (35, "Eastern Standard Time", "(GMT-05:00) Eastern Time (US & Canada)"),
        (50, "Atlantic Standard Time", "(GMT-04:00) Atlantic Time (Canada)"),
        (65, "E. South America Standard Time", "(GMT-03:00) Brasilia"),
        (85, "GMT Standard Time", "(GMT) Dublin, Edinburgh, Lisbon, London"),
        (92, "UTC", "(GMT) Coordinated Universal Time"),
        (95, "Central Europe Standard Time", "(GMT+01:00) Belgrade, Bratislava, Budapest, Ljubljana, Prague"),
        (105, "Romance Standard Time", "(GMT+01:00) Brussels, Copenhagen, Madrid, Paris"),
        (110, "W. Europe Standard Time", "(GMT+01:00) Amsterdam, Berlin, Bern, Rome, Stockholm, Vienna"),
        (115, "E. Europe Standard Time", "(GMT+02:00) Chisinau"),
        (125, "FLE Standard Time", "(GMT+02:00) Helsinki, Kyiv, Riga, Sofia, Tallinn, Vilnius"),
        (140, "South Africa Standard Time", "(GMT+02:00) Harare, Pretoria"),
        (165, "Arabian Standard Time", "(GMT+04:00) Abu Dhabi, Muscat"),
        (190, "India Standard Time", "(GMT+05:30) Chennai, Kolkata, Mumbai, New Delhi"),
        (210, "China Standard Time", "(GMT+08:00) Beijing, Chongqing, Hong Kong, Urumqi"),
        (215, "Singapore Standard Time", "(GMT+08:00) Kuala Lumpur, Singapore"),
        (235, "Tokyo Standard Time", "(GMT+09:00) Osaka, Sapporo, Tokyo"),
        (255, "AUS Eastern Standard Time", "(GMT+10:00) Canberra, Melbourne, Sydney"),
        (290, "New Zealand Standard Time", "(GMT+12:00) Auckland, Wellington"),
    ];

    public static IEnumerable<(int Code, string WindowsId, string Display)> All => Zones;

    public static string WindowsIdFor(int code)
        => Zones.FirstOrDefault(z => z.Code == code).WindowsId
            ?? throw new ArgumentOutOfRangeException(nameof(code), code, "Time zone code " + code + " is not in the emulator's time zone table.");

    public static int CodeFor(string windowsId)
    {
        var match = Zones.FirstOrDefault(z => string.Equals(z.WindowsId, windowsId, StringComparison.OrdinalIgnoreCase));
        return match.WindowsId == null
            ? throw new ArgumentOutOfRangeException(nameof(windowsId), windowsId, "'" + windowsId + "' is not a Windows time zone id the emulator knows; use e.g. 'GMT Standard Time' or 'Pacific Standard Time'.")
            : match.Code;
    }

    public static TimeZoneInfo Resolve(string windowsId) => TimeZoneInfo.FindSystemTimeZoneById(windowsId);
}
