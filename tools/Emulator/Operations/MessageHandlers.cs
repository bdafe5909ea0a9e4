using System;
using System.Collections.Generic;

namespace CrmAccountability.Emulator.Operations;

/// <summary>
/// The platform messages the emulator performs, one handler each, listed here by hand so a reader sees them all. A
/// request whose name is not here is a Custom API of a loaded solution, or refused.
/// </summary>
internal sealed class MessageHandlers
{
    private readonly Dictionary<string, IMessageHandler> _byMessage = new(StringComparer.Ordinal);

    public MessageHandlers()
    {
        IMessageHandler[] handlers =
        [
            new CreateHandler(),
            new RetrieveHandler(),
            new UpdateHandler(),
            new DeleteHandler(),
            new UpsertHandler(),
            new RetrieveMultipleHandler(),
            new AssociateHandler(),
            new WinLoseOpportunityHandler(),
            new TeamMembersHandler(),
            new QueryConversionHandler(),
            new WhoAmIHandler(),
        ];
        foreach (var handler in handlers)
        {
            foreach (var message in handler.Messages)
            {
                _byMessage.Add(message, handler);
            }
        }
    }

    public IEnumerable<string> Messages => _byMessage.Keys;

    public IMessageHandler? Find(string? requestName) => _byMessage.GetValueOrDefault(requestName ?? string.Empty);
}
