using System;
using CrmAccountability.Plugins.Domain.Counting;
using Microsoft.Xrm.Sdk;

namespace CrmAccountability.Plugins.Counting;

/// <summary>
/// Reads activities, opportunities and reviews into <see cref="SourceRow"/>s, and names exactly the columns each
/// table's rules use — the columns of the steps' images and of the queries that read source rows.
/// </summary>
public static class SourceRows
{
    public const string ActivityColumns = "ownerid,statecode,statuscode,actualend,actualdurationminutes,scheduleddurationminutes,cra_purpose,regardingobjectid";
    public const string DirectedActivityColumns = ActivityColumns + ",directioncode";
    public const string AppointmentColumns = ActivityColumns + ",cra_isfirstmeeting";
    public const string OpportunityColumns = "ownerid,statecode,statuscode,createdon,estimatedvalue_base,actualvalue_base,actualclosedate";
    public const string ReviewColumns = "ownerid,statecode,statuscode,actualend,cra_repid";

    /// <summary>Update steps run only when one of these is in the Target (DESIGN §6.1).</summary>
    public const string ActivityFilter = "statecode,statuscode,ownerid,actualend,actualdurationminutes,scheduleddurationminutes,cra_purpose,directioncode,regardingobjectid";
    public const string OpportunityFilter = "statecode,statuscode,ownerid,estimatedvalue,actualvalue,actualclosedate,transactioncurrencyid";
    public const string ReviewFilter = "statecode,statuscode,ownerid,actualend,cra_repid";

    public static string ColumnsOf(string table) => table switch
    {
        "phonecall" or "email" => DirectedActivityColumns,
        "appointment" => AppointmentColumns,
        "task" => ActivityColumns,
        "opportunity" => OpportunityColumns,
        "cra_review" => ReviewColumns,
        _ => throw new ArgumentOutOfRangeException(nameof(table), table, "not a table the counting rules read"),
    };

    public static string[] ColumnArray(string table) => ColumnsOf(table).Split(',');

    public static SourceRow From(Entity entity)
    {
        var owner = entity.GetAttributeValue<EntityReference>("ownerid");
        var regarding = entity.GetAttributeValue<EntityReference>("regardingobjectid");
        return new SourceRow
        {
            Table = entity.LogicalName,
            Id = entity.Id,
            OwnerUserId = owner?.LogicalName == "systemuser" ? owner.Id : null,
            OwnerTeamId = owner?.LogicalName == "team" ? owner.Id : null,
            State = entity.GetAttributeValue<OptionSetValue>("statecode")?.Value,
            Status = entity.GetAttributeValue<OptionSetValue>("statuscode")?.Value,
            ActualEnd = Utc(entity.GetAttributeValue<DateTime?>("actualend")),
            ActualDurationMinutes = entity.GetAttributeValue<int?>("actualdurationminutes"),
            ScheduledDurationMinutes = entity.GetAttributeValue<int?>("scheduleddurationminutes"),
            Purpose = entity.GetAttributeValue<OptionSetValue>("cra_purpose")?.Value,
            Outgoing = entity.Contains("directioncode") ? entity.GetAttributeValue<bool?>("directioncode") : null,
            IsFirstMeeting = entity.GetAttributeValue<bool?>("cra_isfirstmeeting"),
            RegardingTable = regarding?.LogicalName,
            RegardingId = regarding?.Id,
            CreatedOn = Utc(entity.GetAttributeValue<DateTime?>("createdon")),
            EstimatedValueBase = entity.GetAttributeValue<Money>("estimatedvalue_base")?.Value,
            ActualValueBase = entity.GetAttributeValue<Money>("actualvalue_base")?.Value,
            ActualCloseDate = entity.GetAttributeValue<DateTime?>("actualclosedate")?.Date,
        };
    }

    public static SourceRow Copy(SourceRow row) => new()
    {
        Table = row.Table, Id = row.Id, OwnerUserId = row.OwnerUserId, OwnerTeamId = row.OwnerTeamId, State = row.State, Status = row.Status,
        ActualEnd = row.ActualEnd, ActualDurationMinutes = row.ActualDurationMinutes, ScheduledDurationMinutes = row.ScheduledDurationMinutes,
        Purpose = row.Purpose, Outgoing = row.Outgoing, IsFirstMeeting = row.IsFirstMeeting, RegardingTable = row.RegardingTable, RegardingId = row.RegardingId,
        CreatedOn = row.CreatedOn, EstimatedValueBase = row.EstimatedValueBase, ActualValueBase = row.ActualValueBase, ActualCloseDate = row.ActualCloseDate,
    };

    private static DateTime? Utc(DateTime? value) => value == null ? null : DateTime.SpecifyKind(value.Value, DateTimeKind.Utc);
}
