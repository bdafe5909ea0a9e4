using System;

namespace CrmAccountability.Plugins.Framework;

/// <summary>
/// Marks a plug-in class as the implementation (main operation) of a Custom API defined under Solution/customapis:
/// the one place the binding is written. crmacc pack fills the API's plugintypeid from it, and an architecture test
/// keeps every Custom API bound to exactly one class.
/// </summary>
[AttributeUsage(AttributeTargets.Class, AllowMultiple = false, Inherited = false)]
public sealed class CustomApiAttribute : Attribute
{
    public CustomApiAttribute(string uniqueName)
    {
        UniqueName = uniqueName;
    }

    public string UniqueName { get; }
}
