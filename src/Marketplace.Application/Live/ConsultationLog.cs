using Marketplace.Domain.Live;

namespace Marketplace.Application.Live;

/// <summary>
/// Stores a message the domain has accepted (<see cref="Consultation.Post"/>) under the conversation's next number in
/// one statement: the counter moves and the row goes in together, under the consultation row's lock, so concurrent
/// senders queue instead of colliding and retrying (decision 67).
/// </summary>
public interface IConsultationLog
{
    /// <summary>
    /// The number the message was stored under, or null when the consultation was no longer in progress by the time the
    /// statement ran (ended in between): the caller reloads and lets the domain say why.
    /// </summary>
    Task<int?> AppendAsync(ConsultationMessage message, bool hasAttachment, CancellationToken cancellationToken);
}
