using System;
using System.Collections.Generic;
using System.Linq;
using CrmAccountability.Emulator.Metadata;
using Microsoft.Xrm.Sdk;

namespace CrmAccountability.Emulator.Platform;

/// <summary>
/// Money in the base currency: a row with money columns gets the organisation's currency when it names none, the
/// currency's exchange rate as it is at the write, and each <c>&lt;money&gt;_base</c> twin = value ÷ rate, rounded to cents.
/// </summary>
internal sealed class BaseCurrency : IPlatformBehaviour
{
    public bool Applies(RowWrite write)
    {
        // The currency table's own primary key is transactioncurrencyid: a table is in scope for its money columns.
        var money = write.Table.Columns.Where(IsEnteredMoney).ToList();
        if (money.Count == 0 || write.Table.FindColumn("transactioncurrencyid") == null)
        {
            return false;
        }

        return write.Sets("transactioncurrencyid") || money.Exists(c => write.Sets(c.LogicalName));
    }

    public void Apply(RowWrite write)
    {
        var values = write.Values;
        var baseCurrency = write.Platform.BaseCurrencyId;
        if (values.GetValueOrDefault("transactioncurrencyid") == null && baseCurrency != Guid.Empty)
        {
            values["transactioncurrencyid"] = new EntityReference("transactioncurrency", baseCurrency);
        }

        var currency = values.GetValueOrDefault("transactioncurrencyid") as EntityReference;
        var rate = currency != null && write.Lookup("transactioncurrency", currency.Id)?.GetValueOrDefault("exchangerate") is decimal r ? r : 1m;
        values["exchangerate"] = rate;
        foreach (var column in write.Table.Columns.Where(IsEnteredMoney))
        {
            values[column.LogicalName + "_base"] = values.GetValueOrDefault(column.LogicalName) is Money money
                ? new Money(Math.Round(money.Value / rate, 2, MidpointRounding.AwayFromZero))
                : null;
        }
    }

    private static bool IsEnteredMoney(ColumnMetadata column) => column.Type == ColumnType.Money && column.CalculationOf == null;
}
