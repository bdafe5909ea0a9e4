using System;

namespace Microsoft.Xrm.Sdk;

[AttributeUsage(AttributeTargets.Property | AttributeTargets.Field, AllowMultiple = false)]
public sealed class AttributeLogicalNameAttribute : Attribute
{
    public AttributeLogicalNameAttribute(string logicalName)
    {
        LogicalName = logicalName;
    }

    public string LogicalName { get; }
}
