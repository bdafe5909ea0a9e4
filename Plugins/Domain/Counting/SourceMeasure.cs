namespace CrmAccountability.Plugins.Domain.Counting;

/// <summary>
/// How one metric reads one source table (DESIGN §4): the date column that places a row in a period, whether that
/// column is user-local (an instant shown in the rep's zone) or date-only, and the column summed for the value (none:
/// each row is worth 1).
/// </summary>
public sealed class SourceMeasure
{
    private SourceMeasure(string table, string idColumn, string dateColumn, bool dateIsUserLocal, string? sumColumn, string? fallbackSumColumn)
    {
        Table = table;
        IdColumn = idColumn;
        DateColumn = dateColumn;
        DateIsUserLocal = dateIsUserLocal;
        SumColumn = sumColumn;
        FallbackSumColumn = fallbackSumColumn;
    }

    public string Table { get; }

    public string IdColumn { get; }

    public string DateColumn { get; }

    public bool DateIsUserLocal { get; }

    /// <summary>Null: the metric counts rows.</summary>
    public string? SumColumn { get; }

    /// <summary>Summed for the rows whose <see cref="SumColumn"/> is empty (an appointment's scheduled duration).</summary>
    public string? FallbackSumColumn { get; }

    public static SourceMeasure For(Metric metric, string table) => metric switch
    {
        Metric.ActivityCount => new SourceMeasure(table, "activityid", "actualend", true, null, null),
        Metric.ActivityMinutes => new SourceMeasure(table, "activityid", "actualend", true, "actualdurationminutes", table == "appointment" ? "scheduleddurationminutes" : null),
        Metric.OpportunitiesCreated => new SourceMeasure(table, "opportunityid", "createdon", true, null, null),
        Metric.PipelineCreated => new SourceMeasure(table, "opportunityid", "createdon", true, "estimatedvalue_base", null),
        Metric.DealsWon => new SourceMeasure(table, "opportunityid", "actualclosedate", false, null, null),
        Metric.RevenueWon => new SourceMeasure(table, "opportunityid", "actualclosedate", false, "actualvalue_base", null),
        _ => new SourceMeasure(table, "activityid", "actualend", true, null, null),
    };
}
