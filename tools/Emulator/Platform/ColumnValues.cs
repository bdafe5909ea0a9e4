using System.Linq;
using CrmAccountability.Emulator.Metadata;
using CrmAccountability.Emulator.Storage;
using Microsoft.Xrm.Sdk;

namespace CrmAccountability.Emulator.Platform;

/// <summary>
/// The caller's columns, checked and in stored form (<see cref="ValueRules"/>): unknown columns fault, columns not
/// valid for the operation are ignored as Dataverse ignores them, Upsert's key columns are written, and on create a
/// column the solution gives a default gets it when the caller left it out.
/// </summary>
internal sealed class ColumnValues : IPlatformBehaviour
{
    public bool Applies(RowWrite write) => write.Input != null;

    public void Apply(RowWrite write)
    {
        var table = write.Table;
        var create = write.Kind == WriteKind.Create;
        foreach (var (name, value) in write.Input!.Attributes)
        {
            var column = DataStore.Column(table, name);
            if (column.Type == ColumnType.PrimaryKey || !(create ? column.IsValidForCreate : column.IsValidForUpdate))
            {
                continue;
            }

            write.Values[name] = ValueRules.Normalise(table, column, value);
            write.MarkSet(name);
        }

        if (!create)
        {
            return;
        }

        // Columns named only in the Entity's KeyAttributes are written too (Upsert's create path).
        foreach (var (name, value) in write.Input.KeyAttributes)
        {
            if (!write.Values.ContainsKey(name))
            {
                write.Values[name] = ValueRules.Normalise(table, DataStore.Column(table, name), value);
            }
        }

        foreach (var column in table.Columns.Where(c => c.DefaultValue != null && !write.Values.ContainsKey(c.LogicalName)))
        {
            write.Values[column.LogicalName] = column.DefaultValue is int option && column.Type is ColumnType.Picklist ? new OptionSetValue(option) : column.DefaultValue;
        }
    }
}
