using FluentValidation;
using Marketplace.Application.Common;
using Marketplace.Application.Notifications;
using Mediator;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Localization;

namespace Marketplace.Web.Pages.Notifications;

/// <summary>The inbox: newest first, one or all marked read, and "open" marks read and goes to the listing.</summary>
public sealed class IndexModel(IMediator mediator, IStringLocalizer<SharedResource> l) : PageModel
{
    public const int PageSize = 20;

    [BindProperty(SupportsGet = true)]
    public bool Unread { get; set; }

    // "page" is also the Razor Pages route value holding the page path; the number comes from the query string only.
    [BindProperty(SupportsGet = true)]
    [FromQuery(Name = "page")]
    public int PageNumber { get; set; } = 1;

    public NotificationPage Inbox { get; private set; } = null!;

    public async Task OnGetAsync(CancellationToken ct)
    {
        ModelState.Clear(); // a hand-edited page number that did not bind is simply left out
        await LoadAsync(ct);
    }

    public async Task<IActionResult> OnPostReadAsync(Guid id, CancellationToken ct)
    {
        try
        {
            await mediator.Send(new MarkNotificationsRead(id), ct);
        }
        catch (NotFoundException)
        {
            return NotFound();
        }

        return RedirectToPage("/Notifications/Index", new { unread = Unread ? true : (bool?)null, page = PageNumber > 1 ? PageNumber : (int?)null });
    }

    public async Task<IActionResult> OnPostReadAllAsync(CancellationToken ct)
    {
        var marked = await mediator.Send(new MarkNotificationsRead(null), ct);
        Flash.Success(TempData, l["Notifications.Flash.AllRead", marked].Value);
        return RedirectToPage("/Notifications/Index");
    }

    /// <summary>Marks the notification read and follows its link (only a local one: the link comes back from the form).</summary>
    public async Task<IActionResult> OnPostOpenAsync(Guid id, string? link, CancellationToken ct)
    {
        try
        {
            await mediator.Send(new MarkNotificationsRead(id), ct);
        }
        catch (NotFoundException)
        {
            return NotFound();
        }

        return Display.IsLocalLink(link) ? LocalRedirect(link!) : RedirectToPage("/Notifications/Index");
    }

    public string PageLink(int page) => Url.Page("/Notifications/Index", new { unread = Unread ? true : (bool?)null, page }) ?? "/Notifications";

    private async Task LoadAsync(CancellationToken ct)
    {
        try
        {
            Inbox = await mediator.Send(new ListNotifications(Unread, Math.Max(1, PageNumber), PageSize), ct);
        }
        catch (ValidationException)
        {
            PageNumber = 1;
            Inbox = await mediator.Send(new ListNotifications(Unread, 1, PageSize), ct);
        }
    }
}
