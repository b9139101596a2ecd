using Marketplace.Application.Notifications;
using Marketplace.Domain.Live;

namespace Marketplace.Application.Live;

/// <summary>
/// Pushes what a use case has already stored to the people connected live (the SignalR hub in the web host). Called
/// only after SaveChanges returned: a client never sees a message, an answer or a notification that is not in the
/// database, which is what makes "resync after seq N" lossless.
/// </summary>
public interface ILivePublisher
{
    Task MessageAsync(ConsultationMessageDto message, CancellationToken ct);

    Task ReadAsync(ReadReceiptDto receipt, CancellationToken ct);

    /// <summary>The consultation's state changed (accepted, declined, routed, ended, rated): both sides refresh.</summary>
    Task ConsultationChangedAsync(ConsultationEventDto change, IReadOnlyCollection<Guid> userIds, CancellationToken ct);

    /// <summary>A session's invitation to every device of every invited engineer.</summary>
    Task InvitationAsync(SessionInviteDto invite, IReadOnlyList<Guid> engineerUserIds, CancellationToken ct);

    Task AnswerAsync(SessionAnswerDto answer, CancellationToken ct);

    Task SessionClosedAsync(Guid sessionId, IReadOnlyList<Guid> engineerUserIds, CancellationToken ct);

    Task NotificationsAsync(IReadOnlyList<(Guid UserId, NotificationDto Notification)> notifications, CancellationToken ct);
}

/// <summary>Which stored notifications the generic live push leaves alone because their own event already carries them.</summary>
public static class LivePushRules
{
    /// <summary>A session invitation: stored for the inbox, delivered live as the "invitation" event (which the page counts on the badge).</summary>
    public const string SessionInvitedKind = "session.invited";

    // One push per device per invitation, not two: a thousand invitees would otherwise get a thousand notifications
    // queued ahead of the invitation itself.
    public static bool PushedByItsOwnEvent(string kind) => kind == SessionInvitedKind;
}

/// <summary>Hosts without live clients (the CLI, the demo-data generator) store and tell nobody.</summary>
public sealed class NoLivePublisher : ILivePublisher
{
    public Task MessageAsync(ConsultationMessageDto message, CancellationToken ct) => Task.CompletedTask;

    public Task ReadAsync(ReadReceiptDto receipt, CancellationToken ct) => Task.CompletedTask;

    public Task ConsultationChangedAsync(ConsultationEventDto change, IReadOnlyCollection<Guid> userIds, CancellationToken ct) => Task.CompletedTask;

    public Task InvitationAsync(SessionInviteDto invite, IReadOnlyList<Guid> engineerUserIds, CancellationToken ct) => Task.CompletedTask;

    public Task AnswerAsync(SessionAnswerDto answer, CancellationToken ct) => Task.CompletedTask;

    public Task SessionClosedAsync(Guid sessionId, IReadOnlyList<Guid> engineerUserIds, CancellationToken ct) => Task.CompletedTask;

    public Task NotificationsAsync(IReadOnlyList<(Guid UserId, NotificationDto Notification)> notifications, CancellationToken ct) => Task.CompletedTask;
}

public sealed record ConsultationMessageDto(
    Guid ConsultationId, int Seq, Guid SenderUserId, string Text, Guid? AttachmentId, string? AttachmentName,
    string? AttachmentType, int? AttachmentSize, DateTimeOffset SentAt);

public sealed record ReadReceiptDto(Guid ConsultationId, Guid UserId, int Seq);

public sealed record ConsultationEventDto(Guid ConsultationId, ConsultationStatus Status, string StatusName, int LastSeq);

/// <summary>What every invited engineer sees first (the same payload for all: one serialization for the whole fan-out).</summary>
public sealed record SessionInviteDto(
    Guid SessionId, string Title, string Description, string ClusterName, string CityName, decimal Bounty, int DurationDays,
    DateTimeOffset AnswerDeadline, string HostName, DateTimeOffset PublishedAt);

public sealed record SessionAnswerDto(
    Guid SessionId, Guid InvitationId, Guid EngineerId, string EngineerName, int Rank, double Score, InvitationAnswer Answer,
    string AnswerName, string? Note, DateTimeOffset? AnsweredAt);
