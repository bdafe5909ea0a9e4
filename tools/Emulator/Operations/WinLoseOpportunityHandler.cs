using System;
using System.Collections.Generic;
using CrmAccountability.Emulator.Platform;
using CrmAccountability.Emulator.Storage;
using Microsoft.Xrm.Sdk;

namespace CrmAccountability.Emulator.Operations;

/// <summary>
/// WinOpportunity and LoseOpportunity (Learn: "Close an opportunity"): the opportunity must be open; a completed
/// opportunityclose row records the close, and the opportunity takes the won or lost state and status, its actual
/// value (the close's revenue, or on a win the estimate) and its actual close date in the closer's calendar. Both
/// writes go through the core write, the second as message Win or Lose, which the opportunity state guard lets through.
/// </summary>
internal sealed class WinLoseOpportunityHandler : IMessageHandler
{
    public IReadOnlyList<string> Messages { get; } = ["WinOpportunity", "LoseOpportunity"];

    public OrganizationResponse Execute(OperationContext context)
    {
        var close = context.Required<Entity>("OpportunityClose");
        var opportunity = close.GetAttributeValue<EntityReference>("opportunityid");
        var tx = context.Transaction;
        var store = context.Store;
        context.Security.CheckRow(context.Caller, "Write", "opportunity", opportunity == null ? null : store.Peek("opportunity", opportunity.Id, tx));
        if (opportunity == null)
        {
            throw new DataverseFaultException(DataverseFaults.InvalidArgument, "OpportunityClose.opportunityid is required.");
        }

        var won = context.RequestName == "WinOpportunity";
        var requestedStatus = context.Input.TryGetValue("Status", out var status) && status is OptionSetValue option ? option.Value : -1;
        var opportunities = store.Table("opportunity");
        store.LockRow(opportunities, opportunity.Id, tx);
        var row = store.Peek("opportunity", opportunity.Id, tx) ?? throw DataStore.NotFound("opportunity", opportunity.Id);
        if (row["statecode"] is OptionSetValue { Value: not 0 })
        {
            throw new DataverseFaultException(DataverseFaults.InvalidArgument, "The opportunity is already closed. Reopen it before closing it again.");
        }

        var state = won ? 1 : 2;
        var statusValue = requestedStatus == -1 ? opportunities.Table.DefaultStatusFor(state)!.Value : requestedStatus;
        StateTransition.CheckStatusForState(opportunities.Table, opportunity.Id, state, statusValue);
        var closeDate = close.GetAttributeValue<DateTime?>("actualend") ?? context.Org.Clock.UtcNow;
        var revenue = close.GetAttributeValue<Money>("actualrevenue") ?? (won ? row.GetValueOrDefault("estimatedvalue") as Money : null);

        var closeRow = new Entity("opportunityclose");
        foreach (var attribute in close.Attributes)
        {
            closeRow[attribute.Key] = attribute.Value;
        }

        closeRow["actualend"] = closeDate;
        var closeId = context.Writer.Create(context.Caller, closeRow, tx);
        context.Writer.Update(context.Caller, new Entity("opportunityclose", closeId) { ["statecode"] = new OptionSetValue(1) }, tx);
        context.Writer.Update(
            context.Caller,
            new Entity("opportunity", opportunity.Id)
            {
                ["statecode"] = new OptionSetValue(state),
                ["statuscode"] = new OptionSetValue(statusValue),
                ["actualvalue"] = revenue == null ? null : new Money(revenue.Value),
                ["actualclosedate"] = UserDate(context.Caller, closeDate),
            },
            tx,
            message: won ? "Win" : "Lose");
        return context.Respond(new OrganizationResponse());
    }

    /// <summary>The calendar date of an instant in the caller's zone: a date-only column holds the day the user saw.</summary>
    private static DateTime UserDate(CallerContext caller, DateTime utc)
        => DateTime.SpecifyKind(TimeZoneInfo.ConvertTimeFromUtc(DateTime.SpecifyKind(utc, DateTimeKind.Utc), caller.TimeZone).Date, DateTimeKind.Utc);
}
