using Marketplace.Application.Notifications;
using Mediator;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Marketplace.Web.Endpoints;

public static class NotificationEndpoints
{
    public sealed record ReadResult(int Marked);

    public static RouteGroupBuilder MapNotificationEndpoints(this RouteGroupBuilder api)
    {
        var group = api.MapGroup("/notifications").WithTags("通知").RequireAuthorization();
        group.MapGet("/", async Task<Ok<NotificationPage>> (bool? unread, int? page, int? size, IMediator mediator, CancellationToken ct) =>
                TypedResults.Ok(await mediator.Send(new ListNotifications(unread ?? false, page ?? 1, size ?? 20), ct)))
            .WithSummary("我的通知（最新在前）与未读数");
        group.MapPost("/{id:guid}/read", async Task<Ok<ReadResult>> (Guid id, IMediator mediator, CancellationToken ct) =>
                TypedResults.Ok(new ReadResult(await mediator.Send(new MarkNotificationsRead(id), ct))))
            .WithSummary("标记一条通知为已读");
        group.MapPost("/read-all", async Task<Ok<ReadResult>> (IMediator mediator, CancellationToken ct) =>
                TypedResults.Ok(new ReadResult(await mediator.Send(new MarkNotificationsRead(null), ct))))
            .WithSummary("全部标记为已读");
        return api;
    }
}
