using System;
using System.Collections.Generic;
using System.Linq;
using CrmAccountability.Emulator.Metadata;
using CrmAccountability.Emulator.Query;
using CrmAccountability.Emulator.Query.Operators;
using CrmAccountability.Emulator.Storage;
using Xunit;
using Xunit.Abstractions;

namespace CrmAccountability.Emulator.Tests.Query;

/// <summary>
/// Every FetchXML condition operator (Learn: "Condition operators", the full ConditionOperator list) against every kind
/// of column: it compiles, or it faults with a Dataverse fault — never another exception, never a silent pass.
/// </summary>
public sealed class OperatorMatrixTests(ITestOutputHelper output)
{
    private static readonly Guid Anchor = new("00000000-0000-4000-8000-0000000000a1");

    private static readonly (string Kind, ColumnMetadata Column)[] Columns =
    [
        ("text", new ColumnMetadata("name", ColumnType.String)),
        ("whole number", new ColumnMetadata("numberofemployees", ColumnType.Integer)),
        ("money", new ColumnMetadata("revenue", ColumnType.Money)),
        ("date, user local", new ColumnMetadata("createdon", ColumnType.DateTime) { DateTimeBehavior = DateTimeBehavior.UserLocal }),
        ("date only", new ColumnMetadata("estimatedclosedate", ColumnType.DateTime) { DateTimeBehavior = DateTimeBehavior.DateOnly }),
        ("date, time zone independent", new ColumnMetadata("cra_due", ColumnType.DateTime) { DateTimeBehavior = DateTimeBehavior.TimeZoneIndependent }),
        ("lookup", new ColumnMetadata("ownerid", ColumnType.Owner) { Targets = ["systemuser", "team"] }),
        ("choice", new ColumnMetadata("industrycode", ColumnType.Picklist)),
        ("choices", new ColumnMetadata("cra_days", ColumnType.MultiSelectPicklist)),
        ("primary key", new ColumnMetadata("accountid", ColumnType.PrimaryKey)),
    ];

    [Fact]
    public void Every_operator_on_every_kind_of_column_compiles_or_faults_as_Dataverse_does()
    {
        // Arrange
        var env = new QueryEnvironment
        {
            Caller = new CallerContext(Anchor, Anchor, TimeZoneInfo.Utc, false),
            NowUtc = new DateTime(2026, 11, 25, 15, 0, 0, DateTimeKind.Utc),
            Hierarchy = (table, _, _) => table == "account" ? new HashSet<Guid>() : null,
        };
        var operators = QueryExpressionTranslator.FetchOperators.Distinct().Order(StringComparer.Ordinal).ToList();
        var compiled = new List<string>();
        var faulted = new List<string>();

        // Act
        foreach (var op in operators)
        {
            foreach (var (kind, column) in Columns)
            {
                try
                {
                    OperatorCatalog.Compile(op, new OperatorInput("account", column, ValuesFor(op, column), env));
                    compiled.Add(op + " on " + kind);
                }
                catch (DataverseFaultException ex)
                {
                    faulted.Add(op + " on " + kind + ": " + ex.Message);
                }
            }
        }

        // Assert
        output.WriteLine(operators.Count + " operators × " + Columns.Length + " kinds of column: " + compiled.Count + " compile, " + faulted.Count + " fault");
        compiled.ForEach(c => output.WriteLine("compiles: " + c));
        faulted.ForEach(f => output.WriteLine("faults: " + f));
        Assert.Equal(operators.Count * Columns.Length, compiled.Count + faulted.Count);
        Assert.Contains("last-x-hours on date, user local", compiled);
        Assert.Contains(faulted, f => f.StartsWith("last-x-hours on date only:", StringComparison.Ordinal));
        Assert.Contains("under on primary key", compiled);
        Assert.Contains("eq-useroruserhierarchy on lookup", compiled);
        Assert.Contains(faulted, f => f.StartsWith("eq-userid on text:", StringComparison.Ordinal));
        Assert.Contains(faulted, f => f.StartsWith("begins-with on whole number:", StringComparison.Ordinal));
        Assert.Contains("contain-values on choices", compiled);
        Assert.Contains(faulted, f => f.StartsWith("contain-values on choice:", StringComparison.Ordinal));
    }

    private static bool TakesNoValue(string op)
        => op is "null" or "not-null" or "yesterday" or "today" or "tomorrow" or "last-seven-days" or "next-seven-days" or "last-week" or "this-week"
                or "next-week" or "last-month" or "this-month" or "next-month" or "last-year" or "this-year" or "next-year" or "eq-businessid" or "ne-businessid"
            || op.Contains("fiscal", StringComparison.Ordinal) || op.StartsWith("eq-user", StringComparison.Ordinal) || op.StartsWith("ne-user", StringComparison.Ordinal);

    /// <summary>The values a condition with this operator carries, typed for the column.</summary>
    private static List<object?> ValuesFor(string op, ColumnMetadata column)
    {
        object typed = column.Type switch
        {
            ColumnType.String => "Contoso",
            ColumnType.Integer or ColumnType.Money => "5",
            ColumnType.Picklist or ColumnType.MultiSelectPicklist => "1",
            ColumnType.DateTime => "2026-11-20",
            _ => Anchor.ToString(),
        };
        return op switch
        {
            _ when op.Contains("-x-", StringComparison.Ordinal) => ["3"],
            "between" or "not-between" or "in" or "not-in" => [typed, typed],
            "in-fiscal-period-and-year" or "in-or-before-fiscal-period-and-year" or "in-or-after-fiscal-period-and-year" => ["1", "2026"],
            "in-fiscal-year" => ["2026"],
            "in-fiscal-period" => ["1"],
            _ when TakesNoValue(op) => [],
            _ => [typed],
        };
    }
}
