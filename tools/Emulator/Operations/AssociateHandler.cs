using System;
using System.Collections.Generic;
using System.Linq;
using CrmAccountability.Emulator.Metadata;
using CrmAccountability.Emulator.Storage;
using Microsoft.Xrm.Sdk;

namespace CrmAccountability.Emulator.Operations;

/// <summary>
/// Associate and Disassociate: a one-to-many relationship sets or clears the lookup on the "many" side; a many-to-many
/// one creates or deletes the intersect row (a duplicate association is refused). Both through the core write.
/// </summary>
internal sealed class AssociateHandler : IMessageHandler
{
    public IReadOnlyList<string> Messages { get; } = ["Associate", "Disassociate"];

    public OrganizationResponse Execute(OperationContext context)
    {
        var source = context.Target<EntityReference>();
        context.Security.CheckRow(context.Caller, "Append", source.LogicalName, context.Store.Peek(source.LogicalName, source.Id, context.Transaction));
        Link(context, source, context.Required<Relationship>("Relationship"), context.Required<EntityReferenceCollection>("RelatedEntities"), context.RequestName == "Associate");
        return context.Respond(new OrganizationResponse());
    }

    public static void Link(OperationContext context, EntityReference source, Relationship relationship, EntityReferenceCollection related, bool associate)
    {
        var store = context.Store;
        var tx = context.Transaction;
        var metadata = store.Catalog.FindRelationship(relationship.SchemaName)
            ?? throw new DataverseFaultException(DataverseFaults.InvalidArgument, DataverseFaults.Format("There is no relationship named '{0}'.", relationship.SchemaName));
        foreach (var record in related.Prepend(source))
        {
            _ = store.Peek(record.LogicalName, record.Id, tx) ?? throw DataStore.NotFound(record.LogicalName, record.Id);
        }

        foreach (var other in related)
        {
            if (metadata.Kind == RelationshipKind.ManyToMany)
            {
                SetIntersect(context, metadata, source, other, associate);
            }
            else
            {
                // 1:N: the lookup lives on the referencing ("many") side.
                var (childTable, childId, parent) = source.LogicalName == metadata.ReferencedTable
                    ? (other.LogicalName, other.Id, new EntityReference(source.LogicalName, source.Id))
                    : (source.LogicalName, source.Id, other);
                context.Writer.Update(context.Caller, new Entity(childTable, childId) { [metadata.ReferencingColumn!] = associate ? parent : null }, tx);
            }
        }
    }

    private static void SetIntersect(OperationContext context, RelationshipMetadata metadata, EntityReference source, EntityReference other, bool associate)
    {
        var store = context.Store;
        var tx = context.Transaction;
        var intersect = store.Table(metadata.IntersectTable ?? metadata.SchemaName);
        var sourceIsReferenced = source.LogicalName == metadata.ReferencedTable;
        var first = sourceIsReferenced ? source.Id : other.Id;
        var second = sourceIsReferenced ? other.Id : source.Id;
        var firstColumn = metadata.ReferencedTable + "id";
        var secondColumn = metadata.ReferencingTable + "id";
        Guid existing;
        using (store.ReadScope())
        {
            existing = intersect.RowsReferencing(firstColumn, first).FirstOrDefault(r => intersect.Get(r, tx)?.GetValueOrDefault(secondColumn) is EntityReference s && s.Id == second);
        }

        if (associate && existing == Guid.Empty)
        {
            context.Writer.Create(context.Caller, new Entity(intersect.Table.LogicalName)
            {
                [firstColumn] = new EntityReference(metadata.ReferencedTable, first),
                [secondColumn] = new EntityReference(metadata.ReferencingTable, second),
            }, tx);
        }
        else if (associate)
        {
            throw new DataverseFaultException(DataverseFaults.DuplicateRecord, "Cannot insert duplicate key.");
        }
        else if (existing != Guid.Empty)
        {
            context.Writer.Delete(context.Caller, intersect.Table.LogicalName, existing, tx);
        }
    }
}
