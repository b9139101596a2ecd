using Marketplace.Application.Live;
using Marketplace.Application.Notifications;
using Microsoft.AspNetCore.SignalR;

namespace Marketplace.Web.Live;

/// <summary>
/// The live port over the hub. Users are addressed by account id (SignalR's user = the NameIdentifier claim, the same
/// for cookie and bearer), so every device a person is connected on gets the push; with SignalR:Redis set the lifetime
/// manager carries it to the other instances.
/// </summary>
public sealed class HubLivePublisher(IHubContext<LiveHub> hub) : ILivePublisher
{
    public Task MessageAsync(ConsultationMessageDto message, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(message);
        return hub.Clients.Group(LiveHub.ConsultationGroup(message.ConsultationId)).SendAsync("message", message, ct);
    }

    public Task ReadAsync(ReadReceiptDto receipt, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(receipt);
        return hub.Clients.Group(LiveHub.ConsultationGroup(receipt.ConsultationId)).SendAsync("read", receipt, ct);
    }

    public Task ConsultationChangedAsync(ConsultationEventDto change, IReadOnlyCollection<Guid> userIds, CancellationToken ct) =>
        hub.Clients.Users(userIds.Select(Id).ToList()).SendAsync("consultation", change, ct);

    public Task InvitationAsync(SessionInviteDto invite, IReadOnlyList<Guid> engineerUserIds, CancellationToken ct) =>
        hub.Clients.Users(engineerUserIds.Select(Id).ToList()).SendAsync("invitation", invite, ct);

    public Task AnswerAsync(SessionAnswerDto answer, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(answer);
        return hub.Clients.Group(LiveHub.SessionGroup(answer.SessionId)).SendAsync("answer", answer, ct);
    }

    public async Task SessionClosedAsync(Guid sessionId, IReadOnlyList<Guid> engineerUserIds, CancellationToken ct)
    {
        await hub.Clients.Group(LiveHub.SessionGroup(sessionId)).SendAsync("sessionClosed", sessionId, ct);
        await hub.Clients.Users(engineerUserIds.Select(Id).ToList()).SendAsync("sessionClosed", sessionId, ct);
    }

    public Task NotificationsAsync(IReadOnlyList<(Guid UserId, NotificationDto Notification)> notifications, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(notifications);
        // One per user (each row differs); a session's thousand invitations must not queue behind each other.
        return Task.WhenAll(notifications.Select(n => hub.Clients.User(Id(n.UserId)).SendAsync("notification", n.Notification, ct)));
    }

    private static string Id(Guid userId) => userId.ToString();
}

public static class LiveSetup
{
    /// <summary>The hub, its filter and limits, and the live port; on top of <see cref="Infrastructure.SignalRBackplane.AddPlatformSignalR"/>.</summary>
    public static IServiceCollection AddLiveServices(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<LiveOptions>().Bind(configuration.GetSection(LiveOptions.Section)).ValidateDataAnnotations().ValidateOnStart();
        services.AddSingleton<LiveHubFilter>();
        services.AddScoped<HubCaller>();
        services.AddSingleton<ILivePublisher, HubLivePublisher>();
        services.AddHostedService<SessionDeadlineService>();
        // Enums travel by name ("Interested", "Active"), as in the HTTP API, so pages and clients read the same words.
        services.Configure<JsonHubProtocolOptions>(json => json.PayloadSerializerOptions.Converters.Add(new System.Text.Json.Serialization.JsonStringEnumConverter()));
        services.AddOptions<HubOptions>().Configure<Microsoft.Extensions.Options.IOptions<LiveOptions>>((hub, live) =>
        {
            hub.MaximumReceiveMessageSize = live.Value.MaxMessageBytes;
            hub.EnableDetailedErrors = false;
            hub.AddFilter<LiveHubFilter>();
        });
        return services;
    }
}
