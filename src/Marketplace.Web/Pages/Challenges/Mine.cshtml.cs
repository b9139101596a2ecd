using FluentValidation;
using Marketplace.Application.Challenges;
using Marketplace.Application.Common;
using Marketplace.Application.Engineers;
using Marketplace.Domain.Challenges;
using Marketplace.Domain.Identity;
using Mediator;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Localization;

namespace Marketplace.Web.Pages.Challenges;

/// <summary>
/// A company's own listings by state (drafts included), or an engineer's 揭榜 workspace: their applications with the
/// share and money released to them, team confirmations waiting for them, and the listings they were awarded.
/// </summary>
[Authorize(Roles = Roles.Company + "," + Roles.Engineer)]
public sealed class MineModel(IMediator mediator, IStringLocalizer<SharedResource> l) : PageModel
{
    public const int PageSize = 20;

    [BindProperty(SupportsGet = true)]
    public ChallengeStatus? Status { get; set; }

    // "page" is also the Razor Pages route value holding the page path; the number comes from the query string only.
    [BindProperty(SupportsGet = true)]
    [FromQuery(Name = "page")]
    public int PageNumber { get; set; } = 1;

    public bool IsCompany => User.IsInRole(Roles.Company);

    public bool IsEngineer => User.IsInRole(Roles.Engineer);

    public IReadOnlyDictionary<ChallengeStatus, int> Counts { get; private set; } = new Dictionary<ChallengeStatus, int>();

    /// <summary>The company's own listings, or the listings the engineer was awarded.</summary>
    public PagedResult<ChallengeSummaryDto>? Listings { get; private set; }

    public IReadOnlyList<MyApplicationDto> Applications { get; private set; } = [];

    public Guid? MyEngineerId { get; private set; }

    public async Task OnGetAsync(CancellationToken ct)
    {
        ModelState.Clear(); // a hand-edited status or page that did not bind is simply left out
        await LoadAsync(ct);
    }

    public Task<IActionResult> OnPostConfirmAsync(Guid challengeId, Guid applicationId, CancellationToken ct) =>
        SendAsync(new ConfirmMembership(challengeId, applicationId), "Challenges.Flash.Confirmed", ct);

    public Task<IActionResult> OnPostWithdrawAsync(Guid challengeId, Guid applicationId, CancellationToken ct) =>
        SendAsync(new WithdrawApplication(challengeId, applicationId), "Challenges.Flash.ApplicationWithdrawn", ct);

    public string PageLink(int page) => Url.Page("/Challenges/Mine", new { status = Status, page }) ?? "/Challenges/Mine";

    private async Task<IActionResult> SendAsync(ICommand<ApplicationDto> command, string successKey, CancellationToken ct)
    {
        try
        {
            await mediator.Send(command, ct);
            Flash.Success(TempData, l[successKey].Value);
            return RedirectToPage("/Challenges/Mine");
        }
        catch (Exception refused) when (PageErrors.IsRefusal(refused))
        {
            PageErrors.Add(ModelState, refused, l);
        }

        await LoadAsync(ct);
        return Page();
    }

    private async Task LoadAsync(CancellationToken ct)
    {
        if (Status is { } status && !Enum.IsDefined(status))
        {
            Status = null;
        }

        if (IsCompany)
        {
            Counts = await mediator.Send(new CountMyChallenges(), ct);
        }

        if (IsEngineer)
        {
            try
            {
                MyEngineerId = (await mediator.Send(new GetMyEngineerProfile(), ct)).Id;
                Applications = await mediator.Send(new ListMyApplications(), ct);
            }
            catch (NotFoundException)
            {
                // An engineer account without a profile yet has no applications; the page says where to start.
            }
        }

        try
        {
            Listings = await mediator.Send(new ListChallenges(Status: Status, Page: Math.Max(1, PageNumber), Size: PageSize, Mine: true), ct);
        }
        catch (ValidationException)
        {
            PageNumber = 1;
            Listings = await mediator.Send(new ListChallenges(Status: Status, Size: PageSize, Mine: true), ct);
        }
    }
}
