using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using CrmAccountability.Emulator.Metadata;
using CrmAccountability.Emulator.Time;
using Microsoft.Xrm.Sdk;
using Microsoft.Xrm.Sdk.Query;

namespace CrmAccountability.Emulator.Storage;

/// <summary>
/// Typed row storage with the platform behaviours of the organisation service: validation with Dataverse's faults,
/// system columns (created/modified, owner, version), state/status rules, base-currency money, the activity pointer
/// mirror, alternate keys and cascades. Readers share the store; a write has it alone while it changes rows; reads
/// return copies.
/// </summary>
[System.Diagnostics.CodeAnalysis.SuppressMessage("Reliability", "CA1001", Justification = "The gate lives as long as the organisation, which has no end of life to dispose it at; an undisposed ReaderWriterLockSlim holds only the wait handles it makes under contention, SafeHandles their finalisers release.")]
internal sealed class DataStore
{
    private readonly ReaderWriterLockSlim _gate = new(LockRecursionPolicy.SupportsRecursion);
    private readonly Dictionary<string, TableStore> _tables = new(StringComparer.Ordinal);
    private readonly EmulatorClock _clock;
    private readonly IdSource _ids;
    private long _version = 1000;

    public DataStore(MetadataCatalog catalog, EmulatorClock clock, TimeSpan lockTimeout, IdSource? ids = null)
    {
        _clock = clock;
        _ids = ids ?? new IdSource(null);
        Locks = new LockManager(lockTimeout);
        Catalog = catalog;
        foreach (var table in catalog.Tables)
        {
            _tables[table.LogicalName] = new TableStore(table);
        }
    }

    public MetadataCatalog Catalog { get; private set; }

    public LockManager Locks { get; }

    public Guid SystemUserId { get; set; }

    public Guid BaseCurrencyId { get; set; }

    /// <summary>
    /// Shared access for readers (queries, retrieves, security checks), which run side by side; a write takes the
    /// store alone for the moment it changes rows and indexes. Row locks, which keep transactions apart, are taken
    /// outside it, so a writer waiting for another transaction's row never holds up readers.
    /// </summary>
    public GateScope ReadScope()
    {
        _gate.EnterReadLock();
        return new GateScope(_gate, write: false);
    }

    public GateScope WriteScope()
    {
        _gate.EnterWriteLock();
        return new GateScope(_gate, write: true);
    }

    /// <summary>Adopts a catalogue with more tables or columns; rows of existing tables are kept and re-indexed.</summary>
    public void Adopt(MetadataCatalog catalog)
    {
        using (WriteScope())
        {
            Catalog = catalog;
            foreach (var table in catalog.Tables)
            {
                var fresh = new TableStore(table);
                if (_tables.TryGetValue(table.LogicalName, out var existing))
                {
                    foreach (var id in existing.Ids.ToList())
                    {
                        if (existing.Committed(id) is { } committed)
                        {
                            fresh.Put(id, new Dictionary<string, object?>(committed), writer: null);
                        }
                    }
                }

                _tables[table.LogicalName] = fresh;
            }
        }
    }

    public TableStore Table(string logicalName)
        => _tables.TryGetValue(logicalName ?? string.Empty, out var store)
            ? store
            : throw new DataverseFaultException(DataverseFaults.QueryBuilderNoEntity, DataverseFaults.Format("The entity with a name = '{0}' with namemapping = 'Logical' was not found in the MetadataCache.", logicalName));

    public static ColumnMetadata Column(TableMetadata table, string column)
        => table.FindColumn(column ?? string.Empty)
            ?? throw new DataverseFaultException(DataverseFaults.QueryBuilderNoAttribute, DataverseFaults.Format("'{0}' entity doesn't contain attribute with Name = '{1}' and NameMapping = 'Logical'.", table.LogicalName, column));

    // ───────────────────────────── Create ─────────────────────────────

    public Guid Create(CallerContext caller, Entity entity, Transaction? tx)
    {
        Guid id;
        TableStore store;
        Dictionary<string, object?> values;
        using (ReadScope())
        {
            store = Table(entity.LogicalName);
            (id, values) = PrepareCreate(caller, store, entity);
        }

        LockRow(store, id, tx);
        LockKeys(store, values, tx);
        using (WriteScope())
        {
            if (store.Get(id, tx) != null || store.Committed(id) != null)
            {
                throw new DataverseFaultException(DataverseFaults.DuplicateRecord, "Cannot insert duplicate key.");
            }

            CheckReferences(store.Table, values, tx);
            CheckKeys(store, id, values, tx);
            store.Put(id, values, tx);
            MirrorActivityPointer(store.Table, id, values, tx);
            return id;
        }
    }

    private (Guid Id, Dictionary<string, object?> Values) PrepareCreate(CallerContext caller, TableStore store, Entity entity)
    {
        var table = store.Table;
        if (table.LogicalName == "activitypointer")
        {
            throw new DataverseFaultException(DataverseFaults.InvalidArgument, "The activitypointer table is maintained by the platform; create a phonecall, appointment, email or task instead.");
        }

        var id = entity.Id;
        if (entity.Attributes.TryGetValue(table.PrimaryIdColumn, out var pk) && pk is Guid explicitId && explicitId != Guid.Empty)
        {
            if (id != Guid.Empty && id != explicitId)
            {
                throw new DataverseFaultException(DataverseFaults.InvalidArgument, "The entity's Id and its primary key attribute '" + table.PrimaryIdColumn + "' differ.");
            }

            id = explicitId;
        }

        if (id == Guid.Empty)
        {
            id = _ids.Next();
        }

        var values = new Dictionary<string, object?>(StringComparer.Ordinal) { [table.PrimaryIdColumn] = id };
        foreach (var (name, value) in entity.Attributes)
        {
            var column = Column(table, name);
            if (column.Type == ColumnType.PrimaryKey || !column.IsValidForCreate)
            {
                continue;
            }

            values[name] = ValueRules.Normalise(table, column, value);
        }

        // Columns named only in the Entity's KeyAttributes are written too (Upsert's create path).
        foreach (var (name, value) in entity.KeyAttributes)
        {
            if (!values.ContainsKey(name))
            {
                values[name] = ValueRules.Normalise(table, Column(table, name), value);
            }
        }

        foreach (var column in table.Columns.Where(c => c.DefaultValue != null && !values.ContainsKey(c.LogicalName)))
        {
            values[column.LogicalName] = column.DefaultValue is int option && column.Type is ColumnType.Picklist ? new OptionSetValue(option) : column.DefaultValue;
        }

        ApplyInitialState(table, id, values);
        ApplyOwnership(caller, table, values, isCreate: true);
        ApplyCurrency(table, values, changed: values.Keys.ToList());
        var now = _clock.UtcNow;
        values["createdon"] = values.TryGetValue("overriddencreatedon", out var overridden) && overridden is DateTime backdated ? backdated : now;
        if (values.ContainsKey("overriddencreatedon"))
        {
            values["overriddencreatedon"] = now;
        }

        values["modifiedon"] = now;
        values["createdby"] = new EntityReference("systemuser", caller.UserId);
        values["modifiedby"] = new EntityReference("systemuser", caller.UserId);
        values["versionnumber"] = Interlocked.Increment(ref _version);
        StampActivityCompletion(table, values, previous: null, now);
        CheckRequired(table, values);
        return (id, values);
    }

    // ───────────────────────────── Retrieve ─────────────────────────────

    public Entity Retrieve(string tableName, Guid id, ColumnSet columns, Transaction? tx)
    {
        using (ReadScope())
        {
            var store = Table(tableName);
            var row = store.Get(id, tx) ?? throw NotFound(tableName, id);
            return ToEntity(store.Table, id, row, columns);
        }
    }

    /// <summary>The row as <paramref name="tx"/> sees it, or null; for images and checks.</summary>
    public IReadOnlyDictionary<string, object?>? Peek(string tableName, Guid id, Transaction? tx)
    {
        using (ReadScope())
        {
            return Table(tableName).Get(id, tx);
        }
    }

    /// <summary>An Entity for a caller: requested columns only (unknown ones fault), copies, names on lookups, labels.</summary>
    public Entity ToEntity(TableMetadata table, Guid id, IReadOnlyDictionary<string, object?> row, ColumnSet? columns)
    {
        var entity = new Entity(table.LogicalName, id) { RowVersion = row.TryGetValue("versionnumber", out var version) ? Convert.ToString(version, System.Globalization.CultureInfo.InvariantCulture) : null };
        IEnumerable<string> names = columns == null || columns.AllColumns ? row.Keys : columns.Columns;
        foreach (var name in names.Distinct())
        {
            var column = Column(table, name);
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

    // ───────────────────────────── Update ─────────────────────────────

    public void Update(CallerContext caller, Entity entity, Transaction? tx, ConcurrencyBehavior concurrency = ConcurrencyBehavior.Default)
    {
        TableStore store;
        Guid id;
        using (ReadScope())
        {
            store = Table(entity.LogicalName);
            id = ResolveId(store, entity, tx);
        }

        // The write lock comes first: what is read after it is the latest committed row, never a stale one.
        LockRow(store, id, tx);
        using (WriteScope())
        {
            var table = store.Table;
            var previous = store.Get(id, tx) ?? throw NotFound(table.LogicalName, id);
            if (concurrency == ConcurrencyBehavior.IfRowVersionMatches && !string.Equals(entity.RowVersion, Convert.ToString(previous["versionnumber"], System.Globalization.CultureInfo.InvariantCulture), StringComparison.Ordinal))
            {
                throw new DataverseFaultException(unchecked((int)0x80060882), "The version of the existing record doesn't match the RowVersion property provided.");
            }

            var values = new Dictionary<string, object?>(previous, StringComparer.Ordinal);
            var changed = new List<string>();
            foreach (var (name, value) in entity.Attributes)
            {
                var column = Column(table, name);
                if (column.Type == ColumnType.PrimaryKey || !column.IsValidForUpdate)
                {
                    continue;
                }

                values[name] = ValueRules.Normalise(table, column, value);
                changed.Add(name);
            }

            ApplyStateChange(table, id, previous, values, changed);
            if (changed.Contains("ownerid"))
            {
                ApplyOwnership(caller, table, values, isCreate: false);
            }

            ApplyCurrency(table, values, changed);
            var now = _clock.UtcNow;
            values["modifiedon"] = now;
            values["modifiedby"] = new EntityReference("systemuser", caller.UserId);
            values["versionnumber"] = Interlocked.Increment(ref _version);
            StampActivityCompletion(table, values, previous, now);
            CheckReferences(table, values, tx);
            CheckKeys(store, id, values, tx);
            store.Put(id, values, tx);
            MirrorActivityPointer(table, id, values, tx);
        }
    }

    // ───────────────────────────── Delete ─────────────────────────────

    public void Delete(string tableName, Guid id, Transaction? tx)
    {
        TableStore store;
        using (ReadScope())
        {
            store = Table(tableName);
            if (store.Get(id, tx) == null)
            {
                throw NotFound(tableName, id);
            }
        }

        LockRow(store, id, tx);
        List<(RelationshipMetadata Relationship, TableStore Children, List<Guid> Ids)> dependants;
        using (ReadScope())
        {
            dependants = Catalog.Relationships
                .Where(r => r.Kind == RelationshipKind.OneToMany && r.ReferencedTable == tableName && r.ReferencingColumn != null && _tables.TryGetValue(r.ReferencingTable, out var c) && c.IsIndexed(r.ReferencingColumn))
                .Select(r => (r, _tables[r.ReferencingTable], _tables[r.ReferencingTable].RowsReferencing(r.ReferencingColumn!, id)
                    .Where(child => _tables[r.ReferencingTable].Get(child, tx)?.GetValueOrDefault(r.ReferencingColumn!) is EntityReference parent && parent.Id == id)
                    .ToList()))
                .ToList();
        }

        foreach (var (relationship, children, ids) in dependants)
        {
            foreach (var childId in ids)
            {
                switch (relationship.CascadeDelete)
                {
                    case "Cascade":
                        Delete(relationship.ReferencingTable, childId, tx);
                        break;
                    case "Restrict":
                        throw new DataverseFaultException(DataverseFaults.InvalidArgument, DataverseFaults.Format("The record cannot be deleted because it is referenced by a '{0}' record (relationship {1}).", relationship.ReferencingTable, relationship.SchemaName));
                    default:
                        LockRow(children, childId, tx);
                        using (WriteScope())
                        {
                            if (children.Get(childId, tx) is { } child)
                            {
                                children.Put(childId, new Dictionary<string, object?>(child) { [relationship.ReferencingColumn!] = null }, tx);
                            }
                        }

                        break;
                }
            }
        }

        using (WriteScope())
        {
            store.Put(id, null, tx);
            if (store.Table.IsActivity)
            {
                _tables["activitypointer"].Put(id, null, tx);
            }
        }
    }

    // ───────────────────────────── Upsert ─────────────────────────────

    public (Guid Id, bool Created) Upsert(CallerContext caller, Entity entity, Transaction? tx)
    {
        TableStore store;
        Guid? existing = null;
        using (ReadScope())
        {
            store = Table(entity.LogicalName);
        }

        if (entity.KeyAttributes.Count > 0)
        {
            // Serialise on the key's values, so that concurrent upserts of one key create it once (SQL's key-range lock).
            var (key, normalised) = ResolveKey(store, entity.KeyAttributes);
            if (key != null)
            {
                LockKey(store, key, normalised, tx);
            }

            using (ReadScope())
            {
                existing = FindByKey(store, entity.KeyAttributes, tx);
            }
        }
        else if (entity.Id != Guid.Empty)
        {
            LockRow(store, entity.Id, tx);
            using (ReadScope())
            {
                existing = store.Get(entity.Id, tx) != null ? entity.Id : null;
            }
        }

        if (existing is { } id)
        {
            var update = new Entity(entity.LogicalName, id);
            foreach (var attribute in entity.Attributes)
            {
                update[attribute.Key] = attribute.Value;
            }

            Update(caller, update, tx);
            return (id, false);
        }

        return (Create(caller, entity, tx), true);
    }

    // ───────────────────────────── Associate / Disassociate ─────────────────────────────

    public void Associate(CallerContext caller, string tableName, Guid id, Relationship relationship, EntityReferenceCollection related, bool associate, Transaction? tx)
    {
        RelationshipMetadata metadata;
        using (ReadScope())
        {
            metadata = Catalog.FindRelationship(relationship.SchemaName)
                ?? throw new DataverseFaultException(DataverseFaults.InvalidArgument, DataverseFaults.Format("There is no relationship named '{0}'.", relationship.SchemaName));
            if (Table(tableName).Get(id, tx) == null)
            {
                throw NotFound(tableName, id);
            }

            foreach (var other in related)
            {
                if (Table(other.LogicalName).Get(other.Id, tx) == null)
                {
                    throw NotFound(other.LogicalName, other.Id);
                }
            }
        }

        foreach (var other in related)
        {
            if (metadata.Kind == RelationshipKind.ManyToMany)
            {
                SetIntersect(caller, metadata, tableName, id, other, associate, tx);
            }
            else
            {
                // 1:N: the lookup lives on the referencing ("many") side.
                var (childTable, childId, parent) = tableName == metadata.ReferencedTable
                    ? (other.LogicalName, other.Id, new EntityReference(tableName, id))
                    : (tableName, id, other);
                Update(caller, new Entity(childTable, childId) { [metadata.ReferencingColumn!] = associate ? parent : null }, tx);
            }
        }
    }

    private void SetIntersect(CallerContext caller, RelationshipMetadata metadata, string tableName, Guid id, EntityReference other, bool associate, Transaction? tx)
    {
        TableStore intersect;
        Guid existing;
        string firstColumn, secondColumn;
        Guid first, second;
        using (ReadScope())
        {
            intersect = Table(metadata.IntersectTable ?? metadata.SchemaName);
            first = tableName == metadata.ReferencedTable ? id : other.Id;
            second = tableName == metadata.ReferencedTable ? other.Id : id;
            firstColumn = metadata.ReferencedTable + "id";
            secondColumn = metadata.ReferencingTable + "id";
            var secondId = second;
            existing = intersect.RowsReferencing(firstColumn, first).FirstOrDefault(r => intersect.Get(r, tx)?.GetValueOrDefault(secondColumn) is EntityReference s && s.Id == secondId);
        }

        if (associate && existing == Guid.Empty)
        {
            Create(caller, new Entity(intersect.Table.LogicalName)
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
            Delete(intersect.Table.LogicalName, existing, tx);
        }
    }

    // ───────────────────────────── Win / Lose ─────────────────────────────

    /// <summary>Closes an opportunity as the Win and Lose messages do: an opportunityclose row, the new state, actual value and close date.</summary>
    public void CloseOpportunity(CallerContext caller, Entity opportunityClose, int status, bool won, Transaction? tx)
    {
        var opportunityRef = opportunityClose.GetAttributeValue<EntityReference>("opportunityid")
            ?? throw new DataverseFaultException(DataverseFaults.InvalidArgument, "OpportunityClose.opportunityid is required.");
        var store = Table("opportunity");
        LockRow(store, opportunityRef.Id, tx);
        int state, statusValue;
        DateTime closeDate;
        Money? revenue;
        using (ReadScope())
        {
            var opportunity = store.Get(opportunityRef.Id, tx) ?? throw NotFound("opportunity", opportunityRef.Id);
            if (opportunity["statecode"] is OptionSetValue { Value: not 0 })
            {
                throw new DataverseFaultException(DataverseFaults.InvalidArgument, "The opportunity is already closed. Reopen it before closing it again.");
            }

            state = won ? 1 : 2;
            statusValue = status == -1 ? store.Table.DefaultStatusFor(state)!.Value : status;
            CheckStatusForState(store.Table, opportunityRef.Id, state, statusValue);
            closeDate = opportunityClose.GetAttributeValue<DateTime?>("actualend") ?? _clock.UtcNow;
            revenue = opportunityClose.GetAttributeValue<Money>("actualrevenue") ?? (won ? opportunity.GetValueOrDefault("estimatedvalue") as Money : null);
        }

        var closeRow = new Entity("opportunityclose");
        foreach (var attribute in opportunityClose.Attributes)
        {
            closeRow[attribute.Key] = attribute.Value;
        }

        closeRow["actualend"] = closeDate;
        var closeId = Create(caller, closeRow, tx);
        Update(caller, new Entity("opportunityclose", closeId) { ["statecode"] = new OptionSetValue(1) }, tx);
        using (WriteScope())
        {
            var values = new Dictionary<string, object?>(store.Get(opportunityRef.Id, tx)!, StringComparer.Ordinal)
            {
                ["statecode"] = new OptionSetValue(state),
                ["statuscode"] = new OptionSetValue(statusValue),
                ["actualvalue"] = revenue == null ? null : new Money(revenue.Value),
                ["actualclosedate"] = ToUserDate(caller, closeDate),
                ["modifiedon"] = _clock.UtcNow,
                ["modifiedby"] = new EntityReference("systemuser", caller.UserId),
                ["versionnumber"] = Interlocked.Increment(ref _version),
            };
            ApplyCurrency(store.Table, values, ["actualvalue"]);
            store.Put(opportunityRef.Id, values, tx);
        }
    }

    // ───────────────────────────── transactions ─────────────────────────────

    public void Commit(Transaction tx)
    {
        using (WriteScope())
        {
            foreach (var (table, id) in tx.Touched)
            {
                table.Commit(id);
            }

            tx.IsFinished = true;
        }

        Locks.ReleaseAll(tx);
    }

    public void Rollback(Transaction tx)
    {
        using (WriteScope())
        {
            foreach (var (table, id) in tx.Touched)
            {
                table.Rollback(id);
            }

            tx.IsFinished = true;
        }

        Locks.ReleaseAll(tx);
    }

    private void LockRow(TableStore store, Guid id, Transaction? tx)
    {
        if (tx != null)
        {
            Locks.Acquire("row:" + store.Table.LogicalName + ":" + id.ToString("N"), tx);
        }
    }

    private void LockKeys(TableStore store, IReadOnlyDictionary<string, object?> values, Transaction? tx)
    {
        foreach (var key in store.Table.AlternateKeys.Where(k => k.Columns.All(c => values.GetValueOrDefault(c) != null)))
        {
            LockKey(store, key, values, tx);
        }
    }

    private void LockKey(TableStore store, AlternateKeyMetadata key, IReadOnlyDictionary<string, object?> values, Transaction? tx)
    {
        if (tx != null)
        {
            Locks.Acquire("key:" + store.Table.LogicalName + ":" + key.LogicalName + ":" + TableStore.KeyText(key, values), tx);
        }
    }

    // ───────────────────────────── platform behaviours ─────────────────────────────

    private static void ApplyInitialState(TableMetadata table, Guid id, Dictionary<string, object?> values)
    {
        if (!table.HasStateModel)
        {
            return;
        }

        var state = values.GetValueOrDefault("statecode") is OptionSetValue s ? s.Value : 0;
        if (state != 0 && (table.IsActivity || table.LogicalName == "opportunity"))
        {
            throw new DataverseFaultException(DataverseFaults.InvalidArgument, DataverseFaults.Format(
                "A new {0} must be created open (statecode 0); create it, then complete or close it with an update.", table.LogicalName));
        }

        values["statecode"] = new OptionSetValue(state);
        if (values.GetValueOrDefault("statuscode") is OptionSetValue status)
        {
            CheckStatusForState(table, id, state, status.Value);
        }
        else
        {
            values["statuscode"] = new OptionSetValue(table.DefaultStatusFor(state) ?? 1);
        }
    }

    private static void ApplyStateChange(TableMetadata table, Guid id, IReadOnlyDictionary<string, object?> previous, Dictionary<string, object?> values, List<string> changed)
    {
        if (!table.HasStateModel || (!changed.Contains("statecode") && !changed.Contains("statuscode")))
        {
            return;
        }

        var state = ((OptionSetValue)values["statecode"]!).Value;
        var previousState = ((OptionSetValue)previous["statecode"]!).Value;
        if (table.LogicalName == "opportunity" && changed.Contains("statecode") && state != 0 && state != previousState)
        {
            throw new DataverseFaultException(DataverseFaults.InvalidArgument, "An opportunity is closed with the WinOpportunity or LoseOpportunity message, not by updating its state.");
        }

        if (changed.Contains("statecode") && !changed.Contains("statuscode"))
        {
            values["statuscode"] = new OptionSetValue(table.DefaultStatusFor(state) ?? 1);
        }

        CheckStatusForState(table, id, state, ((OptionSetValue)values["statuscode"]!).Value);
    }

    private static void CheckStatusForState(TableMetadata table, Guid id, int state, int status)
    {
        var option = table.FindColumn("statuscode")?.OptionSet?.Find(status);
        if (option?.State != state)
        {
            var stateName = table.FindColumn("statecode")?.OptionSet?.Find(state)?.InvariantName ?? state.ToString(System.Globalization.CultureInfo.InvariantCulture);
            var typeName = char.ToUpperInvariant(table.LogicalName[0]) + table.LogicalName[1..];
            throw new DataverseFaultException(DataverseFaults.InvalidArgument, DataverseFaults.Format(
                "{0} is not a valid status code for state code {1}State.{2} on {3} with Id {4}.", status, typeName, stateName, table.LogicalName, id));
        }
    }

    /// <summary>Completing an activity without an actual end stamps it with the time of completion (DESIGN.md §4).</summary>
    private static void StampActivityCompletion(TableMetadata table, Dictionary<string, object?> values, IReadOnlyDictionary<string, object?>? previous, DateTime now)
    {
        if (!table.IsActivity || values.GetValueOrDefault("statecode") is not OptionSetValue { Value: 1 })
        {
            return;
        }

        var wasCompleted = previous?.GetValueOrDefault("statecode") is OptionSetValue { Value: 1 };
        if (!wasCompleted && values.GetValueOrDefault("actualend") == null)
        {
            values["actualend"] = now;
        }
    }

    private void ApplyOwnership(CallerContext caller, TableMetadata table, Dictionary<string, object?> values, bool isCreate)
    {
        if (table.Ownership != OwnershipType.UserOwned)
        {
            return;
        }

        if (isCreate && values.GetValueOrDefault("ownerid") == null)
        {
            values["ownerid"] = new EntityReference("systemuser", caller.IsSystem ? SystemUserId : caller.UserId);
        }

        var owner = (EntityReference)values["ownerid"]!;
        var ownerRow = Table(owner.LogicalName).Committed(owner.Id) ?? throw NotFound(owner.LogicalName, owner.Id);
        values["owninguser"] = owner.LogicalName == "systemuser" ? new EntityReference("systemuser", owner.Id) : null;
        values["owningteam"] = owner.LogicalName == "team" ? new EntityReference("team", owner.Id) : null;
        values["owningbusinessunit"] = ownerRow.GetValueOrDefault("businessunitid") is EntityReference bu ? new EntityReference("businessunit", bu.Id) : null;
    }

    /// <summary>Base-currency twins: value ÷ the record currency's exchange rate, captured on write.</summary>
    private void ApplyCurrency(TableMetadata table, Dictionary<string, object?> values, IReadOnlyCollection<string> changed)
    {
        var moneyColumns = table.Columns.Where(c => c.Type == ColumnType.Money && c.CalculationOf == null).ToList();
        if (moneyColumns.Count == 0 || table.FindColumn("transactioncurrencyid") == null)
        {
            return;
        }

        if (!moneyColumns.Any(c => changed.Contains(c.LogicalName)) && !changed.Contains("transactioncurrencyid"))
        {
            return;
        }

        if (values.GetValueOrDefault("transactioncurrencyid") == null && BaseCurrencyId != Guid.Empty)
        {
            values["transactioncurrencyid"] = new EntityReference("transactioncurrency", BaseCurrencyId);
        }

        var currency = values.GetValueOrDefault("transactioncurrencyid") as EntityReference;
        var rate = currency != null && Table("transactioncurrency").Committed(currency.Id)?.GetValueOrDefault("exchangerate") is decimal r ? r : 1m;
        values["exchangerate"] = rate;
        foreach (var column in moneyColumns)
        {
            values[column.LogicalName + "_base"] = values.GetValueOrDefault(column.LogicalName) is Money money
                ? new Money(Math.Round(money.Value / rate, 2, MidpointRounding.AwayFromZero))
                : null;
        }
    }

    private void MirrorActivityPointer(TableMetadata table, Guid id, Dictionary<string, object?> values, Transaction? tx)
    {
        if (!table.IsActivity)
        {
            return;
        }

        var pointer = _tables["activitypointer"];
        var mirrored = new Dictionary<string, object?>(StringComparer.Ordinal) { ["activitytypecode"] = table.LogicalName };
        foreach (var (name, value) in values)
        {
            var column = pointer.Table.FindColumn(name);
            if (column == null)
            {
                continue;
            }

            // The pointer's state model is a superset; statuses are mirrored by state (its own status per state).
            mirrored[name] = name == "statuscode" && values["statecode"] is OptionSetValue state
                ? new OptionSetValue(pointer.Table.DefaultStatusFor(state.Value) ?? 1)
                : value;
        }

        pointer.Put(id, mirrored, tx);
    }

    private void CheckReferences(TableMetadata table, Dictionary<string, object?> values, Transaction? tx)
    {
        foreach (var (name, value) in values)
        {
            if (value is EntityReference reference && name is not ("createdby" or "modifiedby") && table.FindColumn(name)?.Type is ColumnType.Lookup or ColumnType.Customer or ColumnType.Owner)
            {
                if (Table(reference.LogicalName).Get(reference.Id, tx) == null)
                {
                    throw NotFound(reference.LogicalName, reference.Id);
                }
            }
        }
    }

    private static void CheckRequired(TableMetadata table, Dictionary<string, object?> values)
    {
        var missing = table.Columns.FirstOrDefault(c => c.IsRequired && values.GetValueOrDefault(c.LogicalName) == null);
        if (missing != null)
        {
            throw new DataverseFaultException(DataverseFaults.InvalidArgument, DataverseFaults.Format("Attribute '{0}' cannot be NULL", missing.LogicalName));
        }
    }

    private static void CheckKeys(TableStore store, Guid id, Dictionary<string, object?> values, Transaction? tx)
    {
        var conflict = store.ConflictingKey(id, values, tx);
        if (conflict != null)
        {
            throw new DataverseFaultException(DataverseFaults.DuplicateAlternateKey, DataverseFaults.Format(
                "A record that has the attribute values {0} already exists. The entity key {1} requires that this set of attributes contains unique values. Select unique values and try again.",
                string.Join(", ", conflict.Columns.Select(c => values[c] is EntityReference r ? r.Id.ToString() : Convert.ToString(values[c], System.Globalization.CultureInfo.InvariantCulture))),
                conflict.LogicalName));
        }
    }

    private static Guid ResolveId(TableStore store, Entity entity, Transaction? tx)
    {
        if (entity.Id != Guid.Empty)
        {
            return entity.Id;
        }

        if (entity.Attributes.TryGetValue(store.Table.PrimaryIdColumn, out var pk) && pk is Guid id && id != Guid.Empty)
        {
            return id;
        }

        if (entity.KeyAttributes.Count > 0)
        {
            return FindByKey(store, entity.KeyAttributes, tx)
                ?? throw new DataverseFaultException(DataverseFaults.RecordNotFoundByEntityKey, DataverseFaults.Format("A record with the specified key values does not exist in {0} entity", store.Table.LogicalName));
        }

        throw new DataverseFaultException(DataverseFaults.InvalidArgument, "Entity Id must be specified for Operation.");
    }

    private static (AlternateKeyMetadata? Key, Dictionary<string, object?> Values) ResolveKey(TableStore store, KeyAttributeCollection keyAttributes)
    {
        var names = keyAttributes.Keys.ToHashSet(StringComparer.Ordinal);
        var key = store.Table.AlternateKeys.FirstOrDefault(k => k.Columns.ToHashSet(StringComparer.Ordinal).SetEquals(names));
        var values = keyAttributes.ToDictionary(k => k.Key, k => ValueRules.Normalise(store.Table, Column(store.Table, k.Key), k.Value), StringComparer.Ordinal);
        return (key, values);
    }

    private static Guid? FindByKey(TableStore store, KeyAttributeCollection keyAttributes, Transaction? tx)
    {
        var names = keyAttributes.Keys.ToHashSet(StringComparer.Ordinal);
        var key = store.Table.AlternateKeys.FirstOrDefault(k => k.Columns.ToHashSet(StringComparer.Ordinal).SetEquals(names));
        if (key == null)
        {
            if (names.Count == 1 && names.Contains(store.Table.PrimaryIdColumn) && keyAttributes[store.Table.PrimaryIdColumn] is Guid pk)
            {
                return store.Get(pk, tx) != null ? pk : null;
            }

            throw new DataverseFaultException(DataverseFaults.InvalidArgument, DataverseFaults.Format("The key attributes ({0}) do not match an alternate key of {1}.", string.Join(", ", names.Order()), store.Table.LogicalName));
        }

        var normalised = keyAttributes.ToDictionary(k => k.Key, k => ValueRules.Normalise(store.Table, Column(store.Table, k.Key), k.Value), StringComparer.Ordinal);
        return store.FindByKey(key, normalised, tx);
    }

    private string? PrimaryName(EntityReference reference)
    {
        if (!_tables.TryGetValue(reference.LogicalName, out var store) || store.Table.PrimaryNameColumn == null)
        {
            return null;
        }

        return store.Committed(reference.Id)?.GetValueOrDefault(store.Table.PrimaryNameColumn) as string;
    }

    private static DateTime ToUserDate(CallerContext caller, DateTime utc)
        => DateTime.SpecifyKind(TimeZoneInfo.ConvertTimeFromUtc(DateTime.SpecifyKind(utc, DateTimeKind.Utc), caller.TimeZone).Date, DateTimeKind.Utc);

    public static DataverseFaultException NotFound(string table, Guid id)
        => new(DataverseFaults.ObjectDoesNotExist, DataverseFaults.Format("Entity '{0}' With Id = {1} Does Not Exist", table, id));
}

/// <summary>Leaves the store's read or write gate when disposed.</summary>
internal readonly struct GateScope : IDisposable
{
    private readonly ReaderWriterLockSlim _gate;
    private readonly bool _write;

    public GateScope(ReaderWriterLockSlim gate, bool write)
    {
        _gate = gate;
        _write = write;
    }

    public void Dispose()
    {
        if (_write)
        {
            _gate.ExitWriteLock();
        }
        else
        {
            _gate.ExitReadLock();
        }
    }
}
