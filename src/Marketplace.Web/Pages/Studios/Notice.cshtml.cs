using Marketplace.Application.Accreditation;
using Mediator;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Localization;

namespace Marketplace.Web.Pages.Studios;

/// <summary>
/// 公示 of one studio, open to everyone without signing in, with the anonymous objection form while the period runs.
/// The objector's name and contact are optional: the notice asks the public, not account holders.
/// </summary>
[AllowAnonymous]
public sealed class NoticeModel(IMediator mediator, IStringLocalizer<SharedResource> l) : PageModel
{
    [BindProperty]
    public ObjectionInput Input { get; set; } = new();

    public PublicStudioNoticeDto Notice { get; private set; } = null!;

    public async Task OnGetAsync(Guid id, CancellationToken ct) =>
        Notice = await mediator.Send(new GetPublicStudioNotice(id), ct);

    public async Task<IActionResult> OnPostAsync(Guid id, CancellationToken ct)
    {
        try
        {
            await mediator.Send(new LodgeStudioObjection(id, Input.ContactName, Input.Contact, Input.Content ?? ""), ct);
            Flash.Success(TempData, l["Studios.Notice.Lodged"].Value);
            return RedirectToPage("/Studios/Notice", new { id });
        }
        catch (Exception refused) when (PageErrors.IsRefusal(refused))
        {
            PageErrors.Add(ModelState, refused, l, name => "Input." + PageErrors.InputName(name));
        }

        Notice = await mediator.Send(new GetPublicStudioNotice(id), ct);
        return Page();
    }

    public sealed class ObjectionInput
    {
        public string? ContactName { get; set; }

        public string? Contact { get; set; }

        public string? Content { get; set; }
    }
}
