using System;
using System.Collections.Generic;
using System.Runtime.Serialization;

namespace Microsoft.Xrm.Sdk;

[Serializable]
public sealed class EntityReference : IExtensibleDataObject
{
    public EntityReference()
    {
        KeyAttributes = new KeyAttributeCollection();
    }

    public EntityReference(string logicalName)
        : this()
    {
        LogicalName = logicalName;
    }

    public EntityReference(string logicalName, Guid id)
        : this(logicalName)
    {
        Id = id;
    }

    public EntityReference(string logicalName, string keyName, object keyValue)
        : this(logicalName)
    {
        KeyAttributes.Add(keyName, keyValue);
    }

    public EntityReference(string logicalName, KeyAttributeCollection keyAttributeCollection)
        : this(logicalName)
    {
        KeyAttributes = keyAttributeCollection;
    }

    public Guid Id { get; set; }

    public string LogicalName { get; set; }

    public string Name { get; set; }

    public KeyAttributeCollection KeyAttributes { get; set; }

    public string RowVersion { get; set; }

    public ExtensionDataObject ExtensionData { get; set; }

    /// <summary>Two references are equal when they name the same table and id; <see cref="Name"/> does not count.</summary>
    public override bool Equals(object obj)
    {
        return obj is EntityReference other
            && Id == other.Id
            && string.Equals(LogicalName, other.LogicalName, StringComparison.Ordinal);
    }

    public override int GetHashCode()
    {
        return Id.GetHashCode() ^ (LogicalName == null ? 0 : StringComparer.Ordinal.GetHashCode(LogicalName));
    }
}

public sealed class EntityCollection : IExtensibleDataObject
{
    public EntityCollection()
    {
        Entities = new DataCollection<Entity>();
    }

    public EntityCollection(IList<Entity> list)
    {
        Entities = new DataCollection<Entity>(list);
    }

    public DataCollection<Entity> Entities { get; private set; }

    public bool MoreRecords { get; set; }

    public string PagingCookie { get; set; }

    public string MinActiveRowVersion { get; set; }

    public int TotalRecordCount { get; set; }

    public bool TotalRecordCountLimitExceeded { get; set; }

    public string EntityName { get; set; }

    public ExtensionDataObject ExtensionData { get; set; }

    public Entity this[int index]
    {
        get => Entities[index];
        set => Entities[index] = value;
    }
}

public sealed class Relationship : IExtensibleDataObject
{
    public Relationship()
    {
    }

    public Relationship(string schemaName)
    {
        SchemaName = schemaName;
    }

    public string SchemaName { get; set; }

    public EntityRole? PrimaryEntityRole { get; set; }

    public ExtensionDataObject ExtensionData { get; set; }

    public override bool Equals(object obj)
    {
        return obj is Relationship other
            && string.Equals(SchemaName, other.SchemaName, StringComparison.Ordinal)
            && PrimaryEntityRole == other.PrimaryEntityRole;
    }

    public override int GetHashCode()
    {
        return (SchemaName == null ? 0 : StringComparer.Ordinal.GetHashCode(SchemaName)) ^ PrimaryEntityRole.GetHashCode();
    }

    public override string ToString()
    {
        return SchemaName;
    }
}
