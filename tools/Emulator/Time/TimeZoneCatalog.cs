using System;
using System.Collections.Generic;
using System.Linq;

namespace CrmAccountability.Emulator.Time;

/// <summary>
/// Dataverse's time zone codes (usersettings.timezonecode) and their Windows zone ids (timezonedefinition.standardname),
/// from Microsoft's "Time Zone Index Values": the Windows zones Dataverse offers, fixed-offset ones (UTC-02, UTC+12,
/// Tonga at UTC+13, Line Islands at UTC+14) included. The ids resolve through TimeZoneInfo, which on Linux maps
/// Windows ids to IANA zones with ICU, so daylight saving follows the real rules.
/// </summary>
public static class TimeZoneCatalog
{
    private static readonly (int Code, string WindowsId, string Display)[] Zones =
    [
        (0, "Dateline Standard Time", "(GMT-12:00) International Date Line West"),
        (1, "Samoa Standard Time", "(GMT+13:00) Samoa"),
        (2, "Hawaiian Standard Time", "(GMT-10:00) Hawaii"),
        (3, "Alaskan Standard Time", "(GMT-09:00) Alaska"),
        (4, "Pacific Standard Time", "(GMT-08:00) Pacific Time (US & Canada)"),
        (5, "Pacific Standard Time (Mexico)", "(GMT-08:00) Baja California"),
        (10, "Mountain Standard Time", "(GMT-07:00) Mountain Time (US & Canada)"),
        (12, "Mountain Standard Time (Mexico)", "(GMT-07:00) Chihuahua, La Paz, Mazatlan"),
        (15, "US Mountain Standard Time", "(GMT-07:00) Arizona"),
        (20, "Central Standard Time", "(GMT-06:00) Central Time (US & Canada)"),
        (25, "Canada Central Standard Time", "(GMT-06:00) Saskatchewan"),
        (29, "Central Standard Time (Mexico)", "(GMT-06:00) Guadalajara, Mexico City, Monterrey"),
        (33, "Central America Standard Time", "(GMT-06:00) Central America"),
        (35, "Eastern Standard Time", "(GMT-05:00) Eastern Time (US & Canada)"),
        (40, "US Eastern Standard Time", "(GMT-05:00) Indiana (East)"),
        (45, "SA Pacific Standard Time", "(GMT-05:00) Bogota, Lima, Quito, Rio Branco"),
        (47, "Venezuela Standard Time", "(GMT-04:00) Caracas"),
        (50, "Atlantic Standard Time", "(GMT-04:00) Atlantic Time (Canada)"),
        (55, "SA Western Standard Time", "(GMT-04:00) Georgetown, La Paz, Manaus, San Juan"),
        (56, "Pacific SA Standard Time", "(GMT-04:00) Santiago"),
        (58, "Central Brazilian Standard Time", "(GMT-04:00) Cuiaba"),
        (59, "Paraguay Standard Time", "(GMT-04:00) Asuncion"),
        (60, "Newfoundland Standard Time", "(GMT-03:30) Newfoundland"),
        (65, "E. South America Standard Time", "(GMT-03:00) Brasilia"),
        (69, "Argentina Standard Time", "(GMT-03:00) City of Buenos Aires"),
        (70, "SA Eastern Standard Time", "(GMT-03:00) Cayenne, Fortaleza"),
        (73, "Greenland Standard Time", "(GMT-03:00) Greenland"),
        (74, "Montevideo Standard Time", "(GMT-03:00) Montevideo"),
        (75, "UTC-02", "(GMT-02:00) Coordinated Universal Time-02"),
        (80, "Azores Standard Time", "(GMT-01:00) Azores"),
        (83, "Cape Verde Standard Time", "(GMT-01:00) Cabo Verde Is."),
        (84, "Morocco Standard Time", "(GMT+01:00) Casablanca"),
        (85, "GMT Standard Time", "(GMT) Dublin, Edinburgh, Lisbon, London"),
        (90, "Greenwich Standard Time", "(GMT) Monrovia, Reykjavik"),
        (92, "UTC", "(GMT) Coordinated Universal Time"),
        (95, "Central Europe Standard Time", "(GMT+01:00) Belgrade, Bratislava, Budapest, Ljubljana, Prague"),
        (100, "Central European Standard Time", "(GMT+01:00) Sarajevo, Skopje, Warsaw, Zagreb"),
        (105, "Romance Standard Time", "(GMT+01:00) Brussels, Copenhagen, Madrid, Paris"),
        (110, "W. Europe Standard Time", "(GMT+01:00) Amsterdam, Berlin, Bern, Rome, Stockholm, Vienna"),
        (113, "W. Central Africa Standard Time", "(GMT+01:00) West Central Africa"),
        (115, "E. Europe Standard Time", "(GMT+02:00) Chisinau"),
        (120, "Egypt Standard Time", "(GMT+02:00) Cairo"),
        (125, "FLE Standard Time", "(GMT+02:00) Helsinki, Kyiv, Riga, Sofia, Tallinn, Vilnius"),
        (129, "Middle East Standard Time", "(GMT+02:00) Beirut"),
        (130, "GTB Standard Time", "(GMT+02:00) Athens, Bucharest"),
        (131, "Syria Standard Time", "(GMT+02:00) Damascus"),
        (133, "Jordan Standard Time", "(GMT+02:00) Amman"),
        (135, "Israel Standard Time", "(GMT+02:00) Jerusalem"),
        (140, "South Africa Standard Time", "(GMT+02:00) Harare, Pretoria"),
        (141, "Namibia Standard Time", "(GMT+02:00) Windhoek"),
        (145, "Russian Standard Time", "(GMT+03:00) Moscow, St. Petersburg"),
        (150, "Arab Standard Time", "(GMT+03:00) Kuwait, Riyadh"),
        (155, "E. Africa Standard Time", "(GMT+03:00) Nairobi"),
        (158, "Arabic Standard Time", "(GMT+03:00) Baghdad"),
        (159, "Turkey Standard Time", "(GMT+03:00) Istanbul"),
        (160, "Iran Standard Time", "(GMT+03:30) Tehran"),
        (165, "Arabian Standard Time", "(GMT+04:00) Abu Dhabi, Muscat"),
        (169, "Azerbaijan Standard Time", "(GMT+04:00) Baku"),
        (170, "Caucasus Standard Time", "(GMT+04:00) Yerevan"),
        (172, "Mauritius Standard Time", "(GMT+04:00) Port Louis"),
        (173, "Georgian Standard Time", "(GMT+04:00) Tbilisi"),
        (175, "Afghanistan Standard Time", "(GMT+04:30) Kabul"),
        (180, "Ekaterinburg Standard Time", "(GMT+05:00) Ekaterinburg"),
        (184, "Pakistan Standard Time", "(GMT+05:00) Islamabad, Karachi"),
        (185, "West Asia Standard Time", "(GMT+05:00) Ashgabat, Tashkent"),
        (190, "India Standard Time", "(GMT+05:30) Chennai, Kolkata, Mumbai, New Delhi"),
        (193, "Nepal Standard Time", "(GMT+05:45) Kathmandu"),
        (195, "Central Asia Standard Time", "(GMT+06:00) Astana"),
        (196, "Bangladesh Standard Time", "(GMT+06:00) Dhaka"),
        (200, "Sri Lanka Standard Time", "(GMT+05:30) Sri Jayawardenepura"),
        (201, "N. Central Asia Standard Time", "(GMT+07:00) Novosibirsk"),
        (203, "Myanmar Standard Time", "(GMT+06:30) Yangon (Rangoon)"),
        (205, "SE Asia Standard Time", "(GMT+07:00) Bangkok, Hanoi, Jakarta"),
        (207, "North Asia Standard Time", "(GMT+07:00) Krasnoyarsk"),
        (210, "China Standard Time", "(GMT+08:00) Beijing, Chongqing, Hong Kong, Urumqi"),
        (215, "Singapore Standard Time", "(GMT+08:00) Kuala Lumpur, Singapore"),
        (220, "Taipei Standard Time", "(GMT+08:00) Taipei"),
        (225, "W. Australia Standard Time", "(GMT+08:00) Perth"),
        (227, "North Asia East Standard Time", "(GMT+08:00) Irkutsk"),
        (228, "Ulaanbaatar Standard Time", "(GMT+08:00) Ulaanbaatar"),
        (230, "Korea Standard Time", "(GMT+09:00) Seoul"),
        (235, "Tokyo Standard Time", "(GMT+09:00) Osaka, Sapporo, Tokyo"),
        (240, "Yakutsk Standard Time", "(GMT+09:00) Yakutsk"),
        (245, "AUS Central Standard Time", "(GMT+09:30) Darwin"),
        (250, "Cen. Australia Standard Time", "(GMT+09:30) Adelaide"),
        (255, "AUS Eastern Standard Time", "(GMT+10:00) Canberra, Melbourne, Sydney"),
        (260, "E. Australia Standard Time", "(GMT+10:00) Brisbane"),
        (265, "Tasmania Standard Time", "(GMT+10:00) Hobart"),
        (270, "Vladivostok Standard Time", "(GMT+10:00) Vladivostok"),
        (275, "West Pacific Standard Time", "(GMT+10:00) Guam, Port Moresby"),
        (280, "Central Pacific Standard Time", "(GMT+11:00) Solomon Is., New Caledonia"),
        (281, "Magadan Standard Time", "(GMT+11:00) Magadan"),
        (285, "Fiji Standard Time", "(GMT+12:00) Fiji"),
        (290, "New Zealand Standard Time", "(GMT+12:00) Auckland, Wellington"),
        (295, "UTC+12", "(GMT+12:00) Coordinated Universal Time+12"),
        (300, "Tonga Standard Time", "(GMT+13:00) Nuku'alofa"),
        (301, "Line Islands Standard Time", "(GMT+14:00) Kiritimati Island"),
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

    /// <summary>Whether Dataverse offers this Windows zone id (any case) and this machine can convert times in it.</summary>
    public static bool IsKnown(string windowsId)
    {
        if (!Zones.Any(z => string.Equals(z.WindowsId, windowsId, StringComparison.OrdinalIgnoreCase)))
        {
            return false;
        }

        try
        {
            _ = Resolve(windowsId);
            return true;
        }
        catch (TimeZoneNotFoundException)
        {
            return false;
        }
        catch (InvalidTimeZoneException)
        {
            return false;
        }
    }
}
