using Marketplace.Application.Engineers;
using Marketplace.Domain.Engineers;
using Marketplace.Domain.Identity;
using Mediator;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Localization;

namespace Marketplace.Web.Pages.Credentials;

/// <summary>
/// The center's credential queue: pending credentials, longest waiting first, each verified or rejected (with a reason)
/// inline. Each form carries the version the page was read at, so a credential another reviewer decided meanwhile is
/// refused with a message instead of being decided twice.
/// </summary>
[Authorize(Roles = Roles.Operator + "," + Roles.Admin)]
public sealed class ReviewModel(IMediator mediator, IStringLocalizer<SharedResource> l) : PageModel
{
    [BindProperty]
    public ReviewForm Form { get; set; } = new();

    public PagedResult<CredentialReviewItemDto> Pending { get; private set; } = null!;

    public async Task OnGetAsync(CancellationToken ct) => await LoadAsync(ct);

    public Task<IActionResult> OnPostVerifyAsync(CancellationToken ct) =>
        SendAsync(new ReviewCredential(Form.Id, CredentialDecision.Verify, null, Form.Version), "Credentials.Flash.Verified", ct);

    public Task<IActionResult> OnPostRejectAsync(CancellationToken ct) =>
        SendAsync(new ReviewCredential(Form.Id, CredentialDecision.Reject, Form.Reason, Form.Version), "Credentials.Flash.Rejected", ct);

    private async Task<IActionResult> SendAsync(ReviewCredential command, string successKey, CancellationToken ct)
    {
        if (ModelState.IsValid)
        {
            try
            {
                var done = await mediator.Send(command, ct);
                Flash.Success(TempData, l[successKey, done.Name].Value);
                return RedirectToPage("/Credentials/Review");
            }
            catch (Exception refused) when (PageErrors.IsRefusal(refused))
            {
                PageErrors.Add(ModelState, refused, l);
            }
        }

        await LoadAsync(ct);
        return Page();
    }

    private async Task LoadAsync(CancellationToken ct) =>
        Pending = await mediator.Send(new ListCredentialQueue(CredentialStatus.Pending, Size: 100), ct);

    public sealed class ReviewForm
    {
        public Guid Id { get; set; }

        public uint Version { get; set; }

        public string? Reason { get; set; }
    }
}
