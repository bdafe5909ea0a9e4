using System;
using System.Linq;
using CrmAccountability.Plugins.Domain;
using CrmAccountability.Plugins.Domain.Pace;
using Microsoft.Xrm.Sdk;
using Microsoft.Xrm.Sdk.Query;

namespace CrmAccountability.Plugins.Counting;

/// <summary>
/// Writes cra_recognition rows — at most one per attainment and kind (and streak length), owned by the rep, never
/// withdrawn — and tells the rep and their manager with an in-app notification.
/// </summary>
public sealed class RecognitionWriter
{
    private readonly IOrganizationService _system;
    private readonly DateTime _nowUtc;
    private readonly AccountabilityReader _reader;

    public RecognitionWriter(IOrganizationService system, DateTime nowUtc, AccountabilityReader reader)
    {
        _system = system;
        _nowUtc = nowUtc;
        _reader = reader;
    }

    /// <summary>Creates the recognition unless one of this kind (and streak length) exists for the attainment; returns whether it did.</summary>
    public bool Award(AttainmentKey key, Guid attainmentId, RecognitionKind kind, AttainmentAssessment assessment, int? streakLength = null)
    {
        var query = new QueryExpression("cra_recognition") { ColumnSet = new ColumnSet("cra_recognitionid"), TopCount = 1 };
        query.Criteria.AddCondition("cra_attainmentid", ConditionOperator.Equal, attainmentId);
        query.Criteria.AddCondition("cra_kind", ConditionOperator.Equal, (int)kind);
        if (streakLength != null)
        {
            query.Criteria.AddCondition("cra_streaklength", ConditionOperator.Equal, streakLength.Value);
        }

        if (_system.RetrieveMultiple(query).Entities.Any())
        {
            return false;
        }

        var title = Wording.RecognitionTitle(kind, key.Expectation, key.Period, streakLength);
        var message = Wording.RecognitionMessage(kind, key.Expectation, key.Period, assessment.Actual, assessment.Target, streakLength);
        var recognition = new Entity("cra_recognition")
        {
            ["cra_name"] = title,
            ["cra_repid"] = new EntityReference("systemuser", key.RepId),
            ["cra_attainmentid"] = new EntityReference("cra_attainment", attainmentId),
            ["cra_kind"] = new OptionSetValue((int)kind),
            ["cra_message"] = message,
            ["cra_awardedon"] = _nowUtc,
            ["ownerid"] = new EntityReference("systemuser", key.RepId),
        };
        if (streakLength != null)
        {
            recognition["cra_streaklength"] = streakLength.Value;
        }

        _system.Create(recognition);
        var notifications = new Notifications(_system);
        notifications.Send(key.RepId, title, message, Notifications.Success);
        if ((key.Expectation.ManagerId ?? _reader.ManagerOf(key.RepId)) is { } manager && manager != key.RepId)
        {
            notifications.Send(manager, Wording.RecognitionForManager(_reader.NameOf(key.RepId), title), message, Notifications.Success);
        }

        return true;
    }
}
