// Compiled values, not the documentation's: the docs are wrong for Under..AboveOrEqual (xrm-sdk-surface.md §6.1).
namespace Microsoft.Xrm.Sdk.Query;

public enum ConditionOperator
{
    Equal = 0, NotEqual = 1, GreaterThan = 2, LessThan = 3, GreaterEqual = 4, LessEqual = 5,
    Like = 6, NotLike = 7, In = 8, NotIn = 9, Between = 10, NotBetween = 11,
    Null = 12, NotNull = 13, Yesterday = 14, Today = 15, Tomorrow = 16, Last7Days = 17,
    Next7Days = 18, LastWeek = 19, ThisWeek = 20, NextWeek = 21, LastMonth = 22, ThisMonth = 23,
    NextMonth = 24, On = 25, OnOrBefore = 26, OnOrAfter = 27, LastYear = 28, ThisYear = 29,
    NextYear = 30, LastXHours = 31, NextXHours = 32, LastXDays = 33, NextXDays = 34, LastXWeeks = 35,
    NextXWeeks = 36, LastXMonths = 37, NextXMonths = 38, LastXYears = 39, NextXYears = 40, EqualUserId = 41,
    NotEqualUserId = 42, EqualBusinessId = 43, NotEqualBusinessId = 44, ChildOf = 45, Mask = 46, NotMask = 47,
    MasksSelect = 48, Contains = 49, DoesNotContain = 50, EqualUserLanguage = 51, NotOn = 52, OlderThanXMonths = 53,
    BeginsWith = 54, DoesNotBeginWith = 55, EndsWith = 56, DoesNotEndWith = 57, ThisFiscalYear = 58, ThisFiscalPeriod = 59,
    NextFiscalYear = 60, NextFiscalPeriod = 61, LastFiscalYear = 62, LastFiscalPeriod = 63, LastXFiscalYears = 64, LastXFiscalPeriods = 65,
    NextXFiscalYears = 66, NextXFiscalPeriods = 67, InFiscalYear = 68, InFiscalPeriod = 69, InFiscalPeriodAndYear = 70, InOrBeforeFiscalPeriodAndYear = 71,
    InOrAfterFiscalPeriodAndYear = 72, EqualUserTeams = 73, EqualUserOrUserTeams = 74, Under = 75, NotUnder = 76, UnderOrEqual = 77,
    Above = 78, AboveOrEqual = 79, EqualUserOrUserHierarchy = 80, EqualUserOrUserHierarchyAndTeams = 81, OlderThanXYears = 82, OlderThanXWeeks = 83,
    OlderThanXDays = 84, OlderThanXHours = 85, OlderThanXMinutes = 86, ContainValues = 87, DoesNotContainValues = 88,
}

public enum LogicalOperator
{
    And = 0,
    Or = 1,
}

public enum OrderType
{
    Ascending = 0,
    Descending = 1,
}

public enum JoinOperator
{
    Inner = 0,
    LeftOuter = 1,
    Natural = 2,
    MatchFirstRowUsingCrossApply = 3,
    In = 4,
    Exists = 5,
    Any = 6,
    NotAny = 7,
    All = 8,
    NotAll = 9,
}
