using Marketplace.Application.Challenges;
using Marketplace.Application.Engineers;
using Marketplace.Application.Reference;
using Marketplace.Domain.Challenges;
using Marketplace.Domain.Identity;
using Mediator;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Localization;

namespace Marketplace.Web.Pages.Challenges;

/// <summary>
/// The center's queues: listings waiting for review (oldest first) with publish, send back and 政府助题 inline, and
/// delivered listings waiting for the workshop verification (车间验题, recorded on the listing's page).
/// </summary>
[Authorize(Roles = Roles.Operator + "," + Roles.Admin)]
public sealed class ReviewModel(IMediator mediator, IStringLocalizer<SharedResource> l) : PageModel
{
    [BindProperty]
    public QueueForm Form { get; set; } = new();

    public PagedResult<QueueItemDto> Submitted { get; private set; } = null!;

    public PagedResult<QueueItemDto> Delivered { get; private set; } = null!;

    public ReferenceDataDto Reference { get; private set; } = null!;

    public string ClusterName(string code) => Reference.Clusters.FirstOrDefault(c => c.Code == code)?.Name ?? code;

    public string CityName(string code) => Reference.Regions.FirstOrDefault(r => r.Code == code)?.Name ?? code;

    public async Task OnGetAsync(CancellationToken ct) => await LoadAsync(ct);

    public Task<IActionResult> OnPostPublishAsync(CancellationToken ct) =>
        SendAsync(new ReviewChallenge(Form.Id, ReviewStep.Publish, Form.Version), "Challenges.Flash.Published", ct);

    public Task<IActionResult> OnPostReturnAsync(CancellationToken ct) =>
        SendAsync(new ReviewChallenge(Form.Id, ReviewStep.RequestChanges, Form.Version, Form.Reason), "Challenges.Flash.Returned", ct);

    public Task<IActionResult> OnPostSupportAsync(CancellationToken ct) =>
        SendAsync(new SetSupport(Form.Id, Form.Version, Form.Amount ?? 0, Form.Note ?? ""), "Challenges.Flash.Support", ct);

    private async Task<IActionResult> SendAsync(ICommand<ChallengeDetailDto> command, string successKey, CancellationToken ct)
    {
        if (ModelState.IsValid)
        {
            try
            {
                var done = await mediator.Send(command, ct);
                Flash.Success(TempData, l[successKey].Value + " " + l["Challenges.Review.Which", done.Title].Value);
                return RedirectToPage("/Challenges/Review");
            }
            catch (Exception refused) when (PageErrors.IsRefusal(refused))
            {
                PageErrors.Add(ModelState, refused, l);
            }
        }

        await LoadAsync(ct);
        return Page();
    }

    private async Task LoadAsync(CancellationToken ct)
    {
        Reference = await mediator.Send(new GetReferenceData(), ct);
        Submitted = await mediator.Send(new ListChallengeQueue(ChallengeStatus.Submitted, Size: 100), ct);
        Delivered = await mediator.Send(new ListChallengeQueue(ChallengeStatus.Delivered, Size: 100), ct);
    }

    public sealed class QueueForm
    {
        public Guid Id { get; set; }

        public uint Version { get; set; }

        public string? Reason { get; set; }

        public decimal? Amount { get; set; }

        public string? Note { get; set; }
    }
}
