using System;
using System.Collections.Generic;
using System.Linq;
using System.Runtime.Serialization;

namespace Microsoft.Xrm.Sdk;

/// <summary>A row: logical name, id and a bag of attribute values (late-bound), base of early-bound classes.</summary>
public class Entity : IExtensibleDataObject
{
    public Entity()
    {
        Attributes = new AttributeCollection();
        FormattedValues = new FormattedValueCollection();
        RelatedEntities = new RelatedEntityCollection();
        KeyAttributes = new KeyAttributeCollection();
    }

    public Entity(string entityName)
        : this()
    {
        LogicalName = entityName;
    }

    public Entity(string entityName, Guid id)
        : this(entityName)
    {
        Id = id;
    }

    public Entity(string entityName, string keyName, object keyValue)
        : this(entityName)
    {
        KeyAttributes.Add(keyName, keyValue);
    }

    public Entity(string entityName, KeyAttributeCollection keyAttributes)
        : this(entityName)
    {
        KeyAttributes = keyAttributes;
    }

    public string LogicalName { get; set; }

    // Virtual: generated early-bound classes override it to keep the primary-key attribute in step.
    public virtual Guid Id { get; set; }

    public AttributeCollection Attributes { get; set; }

    public EntityState? EntityState { get; set; }

    public FormattedValueCollection FormattedValues { get; internal set; }

    public RelatedEntityCollection RelatedEntities { get; internal set; }

    public string RowVersion { get; set; }

    public KeyAttributeCollection KeyAttributes { get; set; }

    public ExtensionDataObject ExtensionData { get; set; }

    /// <summary>Reads or writes an attribute. Reading a missing attribute throws <see cref="KeyNotFoundException"/>, as in the real SDK.</summary>
    public object this[string attributeName]
    {
        get => Attributes[attributeName];
        set => Attributes[attributeName] = value;
    }

    public bool Contains(string attributeName)
    {
        return Attributes.Contains(attributeName);
    }

    /// <summary>
    /// Missing or null gives <c>default(T)</c>; a value of another type is a plain cast and so throws
    /// <see cref="InvalidCastException"/>.
    /// </summary>
    public virtual T GetAttributeValue<T>(string attributeLogicalName)
    {
        if (!Attributes.TryGetValue(attributeLogicalName, out var value) || value == null)
        {
            return default;
        }

        return (T)value;
    }

    public bool TryGetAttributeValue<T>(string attributeKey, out T result)
    {
        if (Attributes.TryGetValue(attributeKey, out var value))
        {
            if (value is T typed)
            {
                result = typed;
                return true;
            }

            if (value == null && default(T) == null)
            {
                result = default;
                return true;
            }
        }

        result = default;
        return false;
    }

    /// <summary>A reference carrying the logical name, id and row version (not the key attributes).</summary>
    public EntityReference ToEntityReference()
    {
        return new EntityReference(LogicalName, Id) { RowVersion = RowVersion };
    }

    /// <summary>
    /// A shallow copy as <typeparamref name="T"/>: the copy shares this entity's collections. For an early-bound
    /// type the logical names must agree, as the real SDK requires.
    /// </summary>
    public T ToEntity<T>()
        where T : Entity
    {
        if (typeof(T) == typeof(Entity))
        {
            var plain = new Entity();
            CopyShallowTo(plain);
            return (T)plain;
        }

        if (string.IsNullOrWhiteSpace(LogicalName))
        {
            throw new NotSupportedException("LogicalName must be set before calling ToEntity()");
        }

        var attribute = (Client.EntityLogicalNameAttribute)Attribute.GetCustomAttribute(typeof(T), typeof(Client.EntityLogicalNameAttribute), true);
        if (attribute == null || string.IsNullOrWhiteSpace(attribute.LogicalName))
        {
            throw new NotSupportedException("Cannot convert to type that is does not have EntityLogicalNameAttribute");
        }

        if (!string.Equals(attribute.LogicalName, LogicalName, StringComparison.Ordinal))
        {
            throw new NotSupportedException("Cannot convert entity " + LogicalName + " to " + attribute.LogicalName);
        }

        var typedEntity = Activator.CreateInstance<T>();
        CopyShallowTo(typedEntity);
        return typedEntity;
    }

    protected virtual void SetAttributeValue(string attributeLogicalName, object value)
    {
        Attributes[attributeLogicalName] = value;
    }

    protected virtual string GetFormattedAttributeValue(string attributeLogicalName)
    {
        return FormattedValues.TryGetValue(attributeLogicalName, out var formatted) ? formatted : null;
    }

    protected virtual TEntity GetRelatedEntity<TEntity>(string relationshipSchemaName, EntityRole? primaryEntityRole)
        where TEntity : Entity
    {
        return GetRelatedEntities<TEntity>(relationshipSchemaName, primaryEntityRole)?.FirstOrDefault();
    }

    protected virtual void SetRelatedEntity<TEntity>(string relationshipSchemaName, EntityRole? primaryEntityRole, TEntity entity)
        where TEntity : Entity
    {
        SetRelatedEntities(relationshipSchemaName, primaryEntityRole, entity == null ? null : new[] { entity });
    }

    protected virtual IEnumerable<TEntity> GetRelatedEntities<TEntity>(string relationshipSchemaName, EntityRole? primaryEntityRole)
        where TEntity : Entity
    {
        var key = new Relationship(relationshipSchemaName) { PrimaryEntityRole = primaryEntityRole };
        if (!RelatedEntities.TryGetValue(key, out var related) || related == null)
        {
            return null;
        }

        return related.Entities.Select(e => e.ToEntity<TEntity>()).ToList();
    }

    protected virtual void SetRelatedEntities<TEntity>(string relationshipSchemaName, EntityRole? primaryEntityRole, IEnumerable<TEntity> entities)
        where TEntity : Entity
    {
        var key = new Relationship(relationshipSchemaName) { PrimaryEntityRole = primaryEntityRole };
        if (entities == null)
        {
            RelatedEntities.Remove(key);
            return;
        }

        var list = entities.Cast<Entity>().ToList();
        RelatedEntities[key] = new EntityCollection(list) { EntityName = list.Count > 0 ? list[0].LogicalName : null };
    }

    private void CopyShallowTo(Entity target)
    {
        target.LogicalName = LogicalName;
        target.Id = Id;
        target.Attributes = Attributes;
        target.EntityState = EntityState;
        target.FormattedValues = FormattedValues;
        target.RelatedEntities = RelatedEntities;
        target.KeyAttributes = KeyAttributes;
        target.RowVersion = RowVersion;
        target.ExtensionData = ExtensionData;
    }
}
