// The SDK's two collection families. Shapes matter for binding: DataCollection<T> derives from Collection<T> and
// redeclares nothing it inherits; DataCollection<TKey,TValue> is only IEnumerable (not IDictionary), and every keyed
// collection inherits its members instead of redeclaring them (xrm-sdk-surface.md §5.2–5.4, settled by the oracle).
using System;
using System.Collections;
using System.Collections.Generic;
using System.Collections.ObjectModel;

namespace Microsoft.Xrm.Sdk;

[Serializable]
public class DataCollection<T> : Collection<T>
{
    // Internal in the real SDK: callers build the concrete collections (EntityCollection, EntityReferenceCollection …).
    internal DataCollection()
    {
    }

    // Wraps the list rather than copying it, as Collection<T>(IList<T>) does.
    internal DataCollection(IList<T> list)
        : base(list)
    {
    }

    public void AddRange(params T[] items)
    {
        AddRange((IEnumerable<T>)items);
    }

    public void AddRange(IEnumerable<T> items)
    {
        if (items == null)
        {
            return;
        }

        foreach (var item in items)
        {
            Add(item);
        }
    }

    public T[] ToArray()
    {
        var array = new T[Count];
        CopyTo(array, 0);
        return array;
    }
}

[Serializable]
public abstract class DataCollection<TKey, TValue> : IEnumerable<KeyValuePair<TKey, TValue>>
{
    private readonly Dictionary<TKey, TValue> _items;

    protected internal DataCollection()
    {
        _items = new Dictionary<TKey, TValue>();
    }

    protected internal DataCollection(IDictionary<TKey, TValue> collection)
    {
        _items = collection == null ? new Dictionary<TKey, TValue>() : new Dictionary<TKey, TValue>(collection);
    }

    public virtual TValue this[TKey key]
    {
        // Missing keys throw KeyNotFoundException, as the real collection does; use TryGetValue or Contains first.
        get => _items[key];
        set => _items[key] = value;
    }

    public int Count => _items.Count;

    public ICollection<TKey> Keys => _items.Keys;

    public ICollection<TValue> Values => _items.Values;

    public virtual bool IsReadOnly { get; internal set; }

    public void Add(KeyValuePair<TKey, TValue> item)
    {
        _items.Add(item.Key, item.Value);
    }

    public void Add(TKey key, TValue value)
    {
        _items.Add(key, value);
    }

    public void AddRange(params KeyValuePair<TKey, TValue>[] items)
    {
        AddRange((IEnumerable<KeyValuePair<TKey, TValue>>)items);
    }

    public void AddRange(IEnumerable<KeyValuePair<TKey, TValue>> items)
    {
        if (items == null)
        {
            return;
        }

        foreach (var item in items)
        {
            _items.Add(item.Key, item.Value);
        }
    }

    public void Clear()
    {
        _items.Clear();
    }

    public bool Contains(TKey key)
    {
        return _items.ContainsKey(key);
    }

    public bool Contains(KeyValuePair<TKey, TValue> key)
    {
        return ((ICollection<KeyValuePair<TKey, TValue>>)_items).Contains(key);
    }

    public bool ContainsKey(TKey key)
    {
        return _items.ContainsKey(key);
    }

    public bool TryGetValue(TKey key, out TValue value)
    {
        return _items.TryGetValue(key, out value);
    }

    public void CopyTo(KeyValuePair<TKey, TValue>[] array, int arrayIndex)
    {
        ((ICollection<KeyValuePair<TKey, TValue>>)_items).CopyTo(array, arrayIndex);
    }

    public bool Remove(TKey key)
    {
        return _items.Remove(key);
    }

    public bool Remove(KeyValuePair<TKey, TValue> item)
    {
        return ((ICollection<KeyValuePair<TKey, TValue>>)_items).Remove(item);
    }

    public IEnumerator<KeyValuePair<TKey, TValue>> GetEnumerator()
    {
        return _items.GetEnumerator();
    }

    IEnumerator IEnumerable.GetEnumerator()
    {
        return GetEnumerator();
    }
}

public sealed class AttributeCollection : DataCollection<string, object>
{
    public AttributeCollection()
    {
    }
}

public class ParameterCollection : DataCollection<string, object>
{
    public ParameterCollection()
    {
    }

    protected ParameterCollection(IDictionary<string, object> dictionary)
        : base(dictionary)
    {
    }

    public void AddOrUpdateIfNotNull(string key, object obj)
    {
        if (obj != null)
        {
            this[key] = obj;
        }
    }
}

public class EntityImageCollection : DataCollection<string, Entity>
{
    public EntityImageCollection()
    {
    }

    protected EntityImageCollection(IDictionary<string, Entity> dictionary)
        : base(dictionary)
    {
    }
}

[Serializable]
public sealed class KeyAttributeCollection : DataCollection<string, object>
{
    public KeyAttributeCollection()
    {
    }
}

public sealed class FormattedValueCollection : DataCollection<string, string>
{
    public FormattedValueCollection()
    {
    }
}

public sealed class RelatedEntityCollection : DataCollection<Relationship, EntityCollection>
{
    public override bool IsReadOnly { get; internal set; }
}

[Serializable]
public sealed class ErrorDetailCollection : DataCollection<string, object>
{
}

public sealed class RelationshipQueryCollection : DataCollection<Relationship, Query.QueryBase>
{
}

public sealed class EntityReferenceCollection : DataCollection<EntityReference>
{
    public EntityReferenceCollection()
    {
    }

    public EntityReferenceCollection(IList<EntityReference> list)
        : base(list)
    {
    }
}

public sealed class OptionSetValueCollection : DataCollection<OptionSetValue>
{
    public OptionSetValueCollection()
    {
    }

    public OptionSetValueCollection(IList<OptionSetValue> list)
        : base(list)
    {
    }
}
