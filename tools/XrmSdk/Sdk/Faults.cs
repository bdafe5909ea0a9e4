using System;
using System.Runtime.Serialization;
using System.Security;
using System.Text;

namespace Microsoft.Xrm.Sdk;

/// <summary>The one exception a plug-in throws on purpose: its message reaches the user unchanged.</summary>
[Serializable]
public sealed class InvalidPluginExecutionException : Exception, ISerializable
{
    public InvalidPluginExecutionException()
    {
    }

    public InvalidPluginExecutionException(OperationStatus status)
    {
        Status = status;
    }

    public InvalidPluginExecutionException(string message)
        : base(message)
    {
    }

    public InvalidPluginExecutionException(OperationStatus status, string message)
        : base(message)
    {
        Status = status;
    }

    public InvalidPluginExecutionException(string message, Exception exception)
        : base(message, exception)
    {
    }

    public InvalidPluginExecutionException(OperationStatus status, int errorCode, string message)
        : base(message)
    {
        Status = status;
        HResult = errorCode;
    }

    public InvalidPluginExecutionException(string message, PluginHttpStatusCode httpStatus)
        : base(message)
    {
        HttpStatus = httpStatus;
    }

    public InvalidPluginExecutionException(OperationStatus status, int errorCode, string message, PluginHttpStatusCode httpStatus)
        : this(status, errorCode, message)
    {
        HttpStatus = httpStatus;
    }

    private InvalidPluginExecutionException(SerializationInfo info, StreamingContext context)
        : base(info, context)
    {
        Status = (OperationStatus)info.GetInt32(nameof(Status));
    }

    public OperationStatus Status { get; private set; }

    public int ErrorCode => HResult;

    public PluginHttpStatusCode HttpStatus { get; private set; }

    [SecurityCritical]
    public override void GetObjectData(SerializationInfo info, StreamingContext context)
    {
        if (info == null)
        {
            throw new ArgumentNullException(nameof(info));
        }

        base.GetObjectData(info, context);
        info.AddValue(nameof(Status), (int)Status);
    }
}

[Serializable]
public abstract class BaseServiceFault : IExtensibleDataObject
{
    protected BaseServiceFault()
    {
        ErrorDetails = new ErrorDetailCollection();
    }

    public string Message { get; set; }

    /// <summary>Dataverse's error code, e.g. -2147220891 for a plug-in's InvalidPluginExecutionException.</summary>
    public int ErrorCode { get; set; }

    public string HelpLink { get; set; }

    public DateTime Timestamp { get; set; }

    public Guid ActivityId { get; set; }

    public ErrorDetailCollection ErrorDetails { get; set; }

    public ExtensionDataObject ExtensionData { get; set; }
}

[Serializable]
public class OrganizationServiceFault : BaseServiceFault
{
    public string TraceText { get; set; }

    public OrganizationServiceFault InnerFault { get; set; }

    public override string ToString()
    {
        var text = new StringBuilder();
        text.Append("OrganizationServiceFault ErrorCode: ").Append(ErrorCode)
            .Append(" Message: ").Append(Message)
            .Append(" TimeStamp: ").Append(Timestamp.ToString("o", System.Globalization.CultureInfo.InvariantCulture));
        if (InnerFault != null)
        {
            text.Append(" InnerFault: ").Append(InnerFault);
        }

        if (!string.IsNullOrEmpty(TraceText))
        {
            text.Append(" TraceText: ").Append(TraceText);
        }

        return text.ToString();
    }
}
