using Marketplace.Application.Notifications;
using Mediator;
using Microsoft.AspNetCore.Mvc;

namespace Marketplace.Web.ViewComponents;

/// <summary>
/// The nav's 通知 link with the unread count: one small query (unread only, a page of one) per page view. Rendered
/// by the layout, so it must never break a page: if the count cannot be read, the link shows without it.
/// </summary>
public sealed partial class NotificationBadgeViewComponent(IMediator mediator, ILogger<NotificationBadgeViewComponent> logger) : ViewComponent
{
    public async Task<IViewComponentResult> InvokeAsync()
    {
        int? unread = null;
        try
        {
            unread = (await mediator.Send(new ListNotifications(UnreadOnly: true, Page: 1, Size: 1), HttpContext.RequestAborted)).Unread;
        }
        catch (Exception error) when (error is not OperationCanceledException)
        {
            LogUnavailable(logger, error);
        }

        return View(unread);
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Unread notification count unavailable; the nav shows the link without it")]
    private static partial void LogUnavailable(ILogger logger, Exception error);
}
