using System.Collections.Concurrent;
using Marketplace.Application.Live;
using Marketplace.Domain.Live;
using Mediator;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.SignalR;

namespace Marketplace.Web.Live;

/// <summary>
/// The one live channel (/hubs/live) every signed-in page opens: consultation chat (join with resync, send, typing,
/// read receipts), matching sessions (watch the board, answer an invitation) and the notifications pushed to the user.
/// The hub only authorizes and relays: each call goes through the same use cases as the HTTP API, and everything it
/// broadcasts has been stored first. Who may do what is decided there, server-side; a refusal reaches the caller as a
/// HubException (see <see cref="LiveHubFilter"/>) and changes nothing.
/// </summary>
[Authorize]
public sealed class LiveHub(IMediator mediator) : Hub
{
    public const string Path = "/hubs/live";

    public static string ConsultationGroup(Guid id) => "consultation:" + id.ToString("N");

    public static string SessionGroup(Guid id) => "session:" + id.ToString("N");

    /// <summary>
    /// Joins a conversation and returns every message after <paramref name="afterSeq"/>. The connection enters the group
    /// before the history is read, so a message stored in between arrives both ways and the client keeps it once by its
    /// number: nothing is lost across a reconnect and nothing shows twice.
    /// </summary>
    public async Task<JoinResult> JoinConsultation(Guid consultationId, int afterSeq)
    {
        var state = await mediator.Send(new EnsureConsultationParticipant(consultationId), Context.ConnectionAborted);
        await Groups.AddToGroupAsync(Context.ConnectionId, ConsultationGroup(consultationId), Context.ConnectionAborted);
        Joined(Context).TryAdd(consultationId, 0);
        var messages = await mediator.Send(new GetMessages(consultationId, Math.Max(0, afterSeq), 1000), Context.ConnectionAborted);
        var view = await mediator.Send(new GetConsultation(consultationId), Context.ConnectionAborted);
        return new JoinResult(state.ConsultationId, view.Status, view.StatusName, messages, view.CompanyReadSeq, view.EngineerReadSeq);
    }

    public async Task LeaveConsultation(Guid consultationId)
    {
        Joined(Context).TryRemove(consultationId, out _);
        await Groups.RemoveFromGroupAsync(Context.ConnectionId, ConsultationGroup(consultationId));
    }

    /// <summary>Stores the message (next sequence number), then the use case broadcasts it; the caller gets it back as the ack.</summary>
    public Task<ConsultationMessageDto> SendMessage(Guid consultationId, string? text, Guid? attachmentId) =>
        mediator.Send(new PostMessage(consultationId, text, attachmentId), Context.ConnectionAborted).AsTask();

    /// <summary>"正在输入…": not stored; only from a connection that joined the conversation (so already authorized).</summary>
    public Task Typing(Guid consultationId)
    {
        if (!Joined(Context).ContainsKey(consultationId))
        {
            throw new HubException("请先进入该问诊。");
        }

        return Clients.OthersInGroup(ConsultationGroup(consultationId)).SendAsync("typing", new TypingDto(consultationId, Context.UserIdentifier), Context.ConnectionAborted);
    }

    public Task<ReadReceiptDto> MarkRead(Guid consultationId, int seq) =>
        mediator.Send(new MarkConsultationRead(consultationId, seq), Context.ConnectionAborted).AsTask();

    /// <summary>The company's (or operator's) live board: the session as it stands, then every answer as it arrives.</summary>
    public async Task<SessionDto> WatchSession(Guid sessionId)
    {
        var session = await mediator.Send(new GetMatchingSession(sessionId), Context.ConnectionAborted);
        if (!session.IAmHost)
        {
            throw new HubException("只有撮合的发起方可以查看答复看板。");
        }

        await Groups.AddToGroupAsync(Context.ConnectionId, SessionGroup(sessionId), Context.ConnectionAborted);
        // Answers stored between the read and the join would be missed: read again now that the group delivers.
        return await mediator.Send(new GetMatchingSession(sessionId), Context.ConnectionAborted);
    }

    public Task<InvitationDto> AnswerInvitation(Guid sessionId, InvitationAnswer answer, string? note) =>
        mediator.Send(new AnswerInvitation(sessionId, answer, note), Context.ConnectionAborted).AsTask();

    /// <summary>The conversations this connection joined (set up by <see cref="LiveHubFilter"/> when it connects).</summary>
    public const string JoinedKey = "consultations";

    private static ConcurrentDictionary<Guid, byte> Joined(HubCallerContext context) => (ConcurrentDictionary<Guid, byte>)context.Items[JoinedKey]!;
}

public sealed record JoinResult(Guid ConsultationId, ConsultationStatus Status, string StatusName, IReadOnlyList<ConsultationMessageDto> Messages, int CompanyReadSeq, int EngineerReadSeq);

public sealed record TypingDto(Guid ConsultationId, string? UserId);
