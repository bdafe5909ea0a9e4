// Attributes that early-bound classes carry; ToEntity<T> reads EntityLogicalNameAttribute, so its namespace and
// constructor must match the real SDK's (xrm-sdk-surface.md §10 item 8).
using System;

namespace Microsoft.Xrm.Sdk.Client;

[AttributeUsage(AttributeTargets.Class, AllowMultiple = false)]
public sealed class EntityLogicalNameAttribute : Attribute
{
    public EntityLogicalNameAttribute(string logicalName)
    {
        LogicalName = logicalName;
    }

    public string LogicalName { get; }
}
