using System.Collections.Generic;
using System.Linq;
using CrmAccountability.Emulator.Metadata;
using CrmAccountability.Emulator.Storage;
using Microsoft.Xrm.Sdk;

namespace CrmAccountability.Emulator.Platform;

/// <summary>
/// Deleting a row follows each one-to-many relationship's delete behaviour for the rows that point at it: Cascade
/// deletes them (with their own cascades), Restrict refuses the delete, anything else clears their lookup.
/// </summary>
internal sealed class CascadeDelete : IPlatformBehaviour
{
    public bool Applies(RowWrite write) => write.Kind == WriteKind.Delete;

    public void Apply(RowWrite write)
    {
        var store = write.Platform.Store;
        var tx = write.Transaction;
        List<(RelationshipMetadata Relationship, TableStore Children, List<System.Guid> Ids)> dependants;
        using (store.ReadScope())
        {
            dependants = store.Catalog.Relationships
                .Where(r => r.Kind == RelationshipKind.OneToMany && r.ReferencedTable == write.Table.LogicalName && r.ReferencingColumn != null && store.FindTable(r.ReferencingTable) is { } children && children.IsIndexed(r.ReferencingColumn))
                .Select(r =>
                {
                    var children = store.Table(r.ReferencingTable);
                    var ids = children.RowsReferencing(r.ReferencingColumn!, write.Id)
                        .Where(child => children.Get(child, tx)?.GetValueOrDefault(r.ReferencingColumn!) is EntityReference parent && parent.Id == write.Id)
                        .ToList();
                    return (r, children, ids);
                })
                .ToList();
        }

        foreach (var (relationship, children, ids) in dependants)
        {
            foreach (var childId in ids)
            {
                switch (relationship.CascadeDelete)
                {
                    case "Cascade":
                        write.Platform.Writer.Delete(write.Caller, relationship.ReferencingTable, childId, tx);
                        break;
                    case "Restrict":
                        throw new DataverseFaultException(DataverseFaults.InvalidArgument, DataverseFaults.Format("The record cannot be deleted because it is referenced by a '{0}' record (relationship {1}).", relationship.ReferencingTable, relationship.SchemaName));
                    default:
                        store.LockRow(children, childId, tx);
                        if (store.Peek(children.Table.LogicalName, childId, tx) is { } child)
                        {
                            store.Put(children, childId, new Dictionary<string, object?>(child) { [relationship.ReferencingColumn!] = null }, tx);
                        }

                        break;
                }
            }
        }
    }
}
