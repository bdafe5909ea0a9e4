using System;
using System.Globalization;
using System.ServiceModel;
using Microsoft.Xrm.Sdk;

namespace CrmAccountability.Emulator.Storage;

/// <summary>
/// Faults with Dataverse's error codes and message texts, thrown as <c>FaultException&lt;OrganizationServiceFault&gt;</c>
/// exactly as the organisation service throws them, so callers' catch blocks and error-code checks behave the same.
/// Codes marked "seen" appear in public captures of real responses; the others follow the platform's error-code list.
/// </summary>
public static class DataverseFaults
{
    /// <summary>0x80040217, seen: "Entity 'x' With Id = … Does Not Exist".</summary>
    public const int ObjectDoesNotExist = unchecked((int)0x80040217);

    /// <summary>0x80040237: an insert with an id that is already stored.</summary>
    public const int DuplicateRecord = unchecked((int)0x80040237);

    /// <summary>0x80060892, seen: an alternate key's values are already used by another row.</summary>
    public const int DuplicateAlternateKey = unchecked((int)0x80060892);

    /// <summary>0x80060891, seen: no row has the given alternate key values.</summary>
    public const int RecordNotFoundByEntityKey = unchecked((int)0x80060891);

    /// <summary>0x80041103, seen: "'x' entity doesn't contain attribute with Name = 'y' and NameMapping = 'Logical'".</summary>
    public const int QueryBuilderNoAttribute = unchecked((int)0x80041103);

    /// <summary>0x80041102: the table is not in the metadata cache.</summary>
    public const int QueryBuilderNoEntity = unchecked((int)0x80041102);

    /// <summary>0x80040203, seen (invalid state/status pair): the generic invalid-argument fault.</summary>
    public const int InvalidArgument = unchecked((int)0x80040203);

    /// <summary>0x80044331: a string longer than the column's maximum length.</summary>
    public const int StringLengthTooLong = unchecked((int)0x80044331);

    /// <summary>0x8004E023, seen: aggregate over more than 50,000 rows.</summary>
    public const int AggregateQueryRecordLimit = unchecked((int)0x8004E023);

    /// <summary>0x80040220: the caller lacks a privilege.</summary>
    public const int PrivilegeDenied = unchecked((int)0x80040220);

    /// <summary>0x80041129: malformed FetchXML.</summary>
    public const int InvalidFetchXml = unchecked((int)0x80041129);

    /// <summary>0x80044182: a plug-in loop deeper than the platform allows.</summary>
    public const int InfiniteLoopDetected = unchecked((int)0x80044182);

    /// <summary>0x80040265: a plug-in threw InvalidPluginExecutionException.</summary>
    public const int PluginExecution = unchecked((int)0x80040265);

    /// <summary>0x80044151: SQL timeout, here a lock held past the emulator's lock timeout.</summary>
    public const int SqlTimeout = unchecked((int)0x80044151);

    /// <summary>0x80044150: generic SQL error; SQL deadlocks (1205) surface with it.</summary>
    public const int SqlDeadlock = unchecked((int)0x80044150);

    /// <summary>0x80040224: a plug-in threw something other than InvalidPluginExecutionException.</summary>
    public const int UnexpectedPluginException = unchecked((int)0x80040224);

    /// <summary>0x80040251: the transaction was already rolled back by an earlier failure.</summary>
    public const int NoActiveTransaction = unchecked((int)0x80040251);

    public static FaultException<OrganizationServiceFault> Create(int errorCode, string message, DateTime timestampUtc)
    {
        var fault = new OrganizationServiceFault { ErrorCode = errorCode, Message = message, Timestamp = timestampUtc };
        fault.ErrorDetails["ApiExceptionHttpStatusCode"] = errorCode == ObjectDoesNotExist || errorCode == RecordNotFoundByEntityKey ? 404 : 400;
        return new FaultException<OrganizationServiceFault>(fault, new FaultReason(message));
    }

    internal static string Format(string format, params object?[] args) => string.Format(CultureInfo.InvariantCulture, format, args);
}
