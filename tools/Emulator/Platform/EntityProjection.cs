using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using CrmAccountability.Emulator.Metadata;
using CrmAccountability.Emulator.Storage;
using Microsoft.Xrm.Sdk;
using Microsoft.Xrm.Sdk.Query;

namespace CrmAccountability.Emulator.Platform;

/// <summary>
/// A stored row as a caller receives it: the requested columns only (an unknown one faults), copies of every value,
/// the primary name on each lookup, and formatted values (option labels, lookup names), with the row version.
/// </summary>
internal sealed class EntityProjection(DataStore store)
{
    public Entity ToEntity(TableMetadata table, Guid id, IReadOnlyDictionary<string, object?> row, ColumnSet? columns)
    {
        var entity = new Entity(table.LogicalName, id) { RowVersion = row.TryGetValue("versionnumber", out var version) ? Convert.ToString(version, CultureInfo.InvariantCulture) : null };
        IEnumerable<string> names = columns == null || columns.AllColumns ? row.Keys : columns.Columns;
        foreach (var name in names.Distinct())
        {
            var column = DataStore.Column(table, name);
            if (!row.TryGetValue(name, out var value) || value == null)
            {
                continue;
            }

            var copy = ValueRules.Copy(value);
            if (copy is EntityReference reference)
            {
                reference.Name = PrimaryName(reference);
                if (reference.Name != null)
                {
                    entity.FormattedValues[name] = reference.Name;
                }
            }

            var labels = ValueRules.Labels(column, value).ToList();
            if (labels.Count > 0)
            {
                entity.FormattedValues[name] = string.Join("; ", labels);
            }

            entity[name] = copy;
        }

        entity[table.PrimaryIdColumn] = id;
        return entity;
    }

    /// <summary>The row <paramref name="tx"/> sees, as <see cref="ToEntity"/> gives it; a missing row faults as Retrieve does.</summary>
    public Entity Retrieve(string tableName, Guid id, ColumnSet columns, Transaction? tx)
    {
        using (store.ReadScope())
        {
            var table = store.Table(tableName);
            var row = table.Get(id, tx) ?? throw DataStore.NotFound(tableName, id);
            return ToEntity(table.Table, id, row, columns);
        }
    }

    private string? PrimaryName(EntityReference reference)
    {
        if (store.FindTable(reference.LogicalName) is not { Table.PrimaryNameColumn: { } nameColumn } referenced)
        {
            return null;
        }

        return referenced.Committed(reference.Id)?.GetValueOrDefault(nameColumn) as string;
    }
}
