using System;

namespace CrmAccountability.Emulator.Query.Operators;

/// <summary>The fiscal operators, on the organisation's fiscal calendar, in the caller's time zone.</summary>
internal static class FiscalOperators
{
    public static Func<object?, bool>? TryCompile(string op, OperatorInput input)
    {
        var fiscal = input.Env.Fiscal;
        var (year, period) = fiscal.Locate(input.Env.LocalToday);
        (DateTime Start, DateTime End)? range = op switch
        {
            "this-fiscal-year" => Years(fiscal, year, year),
            "last-fiscal-year" => Years(fiscal, year - 1, year - 1),
            "next-fiscal-year" => Years(fiscal, year + 1, year + 1),
            "last-x-fiscal-years" => Years(fiscal, year - input.WholeNumber(), year - 1),
            "next-x-fiscal-years" => Years(fiscal, year + 1, year + input.WholeNumber()),
            "this-fiscal-period" => Periods(fiscal, (year, period), (year, period)),
            "last-fiscal-period" => Periods(fiscal, fiscal.Shift(year, period, -1), fiscal.Shift(year, period, -1)),
            "next-fiscal-period" => Periods(fiscal, fiscal.Shift(year, period, 1), fiscal.Shift(year, period, 1)),
            "last-x-fiscal-periods" => Periods(fiscal, fiscal.Shift(year, period, -input.WholeNumber()), fiscal.Shift(year, period, -1)),
            "next-x-fiscal-periods" => Periods(fiscal, fiscal.Shift(year, period, 1), fiscal.Shift(year, period, input.WholeNumber())),
            "in-fiscal-year" => Years(fiscal, input.WholeNumber(), input.WholeNumber()),
            "in-fiscal-period-and-year" => Periods(fiscal, (input.WholeNumber(1), input.WholeNumber(0)), (input.WholeNumber(1), input.WholeNumber(0))),
            "in-or-before-fiscal-period-and-year" => (DateTime.MinValue, fiscal.PeriodEnd(input.WholeNumber(1), input.WholeNumber(0))),
            "in-or-after-fiscal-period-and-year" => (fiscal.PeriodStart(input.WholeNumber(1), input.WholeNumber(0)), DateTime.MaxValue),
            _ => null,
        };

        if (op == "in-fiscal-period")
        {
            input.RequireDate(op);
            var wanted = input.WholeNumber();
            return value => value is DateTime d && fiscal.Locate(input.Local(d)).Period == wanted;
        }

        if (range == null)
        {
            return null;
        }

        input.RequireDate(op);
        var (start, end) = range.Value;
        return value => value is DateTime d && input.Local(d) >= start && input.Local(d) < end;
    }

    private static (DateTime, DateTime) Years(FiscalCalendar fiscal, int first, int last) => (fiscal.YearStart(first), fiscal.YearStart(last + 1));

    private static (DateTime, DateTime) Periods(FiscalCalendar fiscal, (int Year, int Period) first, (int Year, int Period) last)
        => (fiscal.PeriodStart(first.Year, first.Period), fiscal.PeriodEnd(last.Year, last.Period));
}
