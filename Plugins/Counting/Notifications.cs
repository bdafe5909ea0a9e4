using System;
using Microsoft.Xrm.Sdk;

namespace CrmAccountability.Plugins.Counting;

/// <summary>
/// In-app notifications (appnotification rows, Learn: "Send in-app notifications within model-driven apps"): one per
/// recipient, owned by them, so only they see it.
/// </summary>
public sealed class Notifications
{
    public const int Info = 100000000;
    public const int Success = 100000001;
    public const int Warning = 100000003;

    private const int Timed = 200000000;

    private readonly IOrganizationService _system;

    public Notifications(IOrganizationService system)
    {
        _system = system;
    }

    public Guid Send(Guid recipient, string title, string body, int icon)
        => _system.Create(new Entity("appnotification")
        {
            ["title"] = title.Length <= 200 ? title : title.Substring(0, 199) + "…",
            ["body"] = body.Length <= 5000 ? body : body.Substring(0, 4999) + "…",
            ["icontype"] = new OptionSetValue(icon),
            ["toasttype"] = new OptionSetValue(Timed),
            ["ownerid"] = new EntityReference("systemuser", recipient),
        });
}
