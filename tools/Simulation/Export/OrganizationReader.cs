using System;
using System.Collections.Generic;
using System.Linq;
using Microsoft.Xrm.Sdk;
using Microsoft.Xrm.Sdk.Query;

namespace CrmAccountability.Simulation.Export;

/// <summary>Reads whole tables through IOrganizationService, a page of 5,000 at a time with the paging cookie, in a stable order.</summary>
public static class OrganizationReader
{
    public static List<Entity> All(IOrganizationService service, string table, params string[] columns)
    {
        var query = new QueryExpression(table) { ColumnSet = new ColumnSet(columns), PageInfo = new PagingInfo { Count = 5000, PageNumber = 1 } };
        query.AddOrder("createdon", OrderType.Ascending);
        query.AddOrder(PrimaryId(table), OrderType.Ascending);
        var rows = new List<Entity>();
        while (true)
        {
            var page = service.RetrieveMultiple(query);
            rows.AddRange(page.Entities);
            if (!page.MoreRecords)
            {
                return rows;
            }

            query.PageInfo.PageNumber++;
            query.PageInfo.PagingCookie = page.PagingCookie;
        }
    }

    /// <summary>The primary key column: activities share activityid; the rest are named after their table.</summary>
    public static string PrimaryId(string table) => table switch
    {
        "phonecall" or "appointment" or "email" or "task" or "cra_review" or "activitypointer" => "activityid",
        "usersettings" => "systemuserid",
        _ => table + "id",
    };

    /// <summary>The English label Dataverse gave a choice column (multi-selects joined with ";"), or empty.</summary>
    public static string Label(Entity row, string column)
        => row.FormattedValues.TryGetValue(column, out var label) ? string.Join(";", label.Split(["; "], StringSplitOptions.None)) : string.Empty;

    public static Guid? Id(Entity row, string column) => row.GetAttributeValue<object>(column) switch
    {
        EntityReference reference => reference.Id,
        Guid id => id,
        _ => null,
    };
}
