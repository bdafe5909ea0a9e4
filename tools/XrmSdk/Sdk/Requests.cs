using System.Runtime.Serialization;

namespace Microsoft.Xrm.Sdk;

/// <summary>A message and its named parameters; typed requests in Messages wrap the same parameter bag.</summary>
public class OrganizationRequest : IExtensibleDataObject
{
    public OrganizationRequest()
    {
        Parameters = new ParameterCollection();
    }

    public OrganizationRequest(string requestName)
        : this()
    {
        RequestName = requestName;
    }

    public string RequestName { get; set; }

    public ParameterCollection Parameters { get; set; }

    public System.Guid? RequestId { get; set; }

    public ExtensionDataObject ExtensionData { get; set; }

    public object this[string parameterName]
    {
        get => Parameters[parameterName];
        set => Parameters[parameterName] = value;
    }
}

public class OrganizationResponse : IExtensibleDataObject
{
    public OrganizationResponse()
    {
        Results = new ParameterCollection();
    }

    public string ResponseName { get; set; }

    public ParameterCollection Results { get; set; }

    public ExtensionDataObject ExtensionData { get; set; }

    public object this[string parameterName]
    {
        get => Results[parameterName];
        set => Results[parameterName] = value;
    }
}
