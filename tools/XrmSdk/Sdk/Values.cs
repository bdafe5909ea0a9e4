using System.Runtime.Serialization;

namespace Microsoft.Xrm.Sdk;

public sealed class Money : IExtensibleDataObject
{
    public Money()
    {
    }

    public Money(decimal value)
    {
        Value = value;
    }

    public decimal Value { get; set; }

    public ExtensionDataObject ExtensionData { get; set; }

    public override bool Equals(object obj)
    {
        return obj is Money other && Value == other.Value;
    }

    public override int GetHashCode()
    {
        return Value.GetHashCode();
    }
}

public sealed class OptionSetValue : IExtensibleDataObject
{
    public OptionSetValue()
    {
    }

    public OptionSetValue(int value)
    {
        Value = value;
    }

    public int Value { get; set; }

    public ExtensionDataObject ExtensionData { get; set; }

    public override bool Equals(object obj)
    {
        return obj is OptionSetValue other && Value == other.Value;
    }

    public override int GetHashCode()
    {
        return Value;
    }
}

/// <summary>A value from a linked table or an aggregate in a query result. Setters are internal in the real SDK.</summary>
public sealed class AliasedValue : IExtensibleDataObject
{
    public AliasedValue()
    {
    }

    public AliasedValue(string entityLogicalName, string attributeLogicalName, object value)
    {
        EntityLogicalName = entityLogicalName;
        AttributeLogicalName = attributeLogicalName;
        Value = value;
    }

    public string AttributeLogicalName { get; internal set; }

    public string EntityLogicalName { get; internal set; }

    public object Value { get; internal set; }

    public ExtensionDataObject ExtensionData { get; set; }
}
