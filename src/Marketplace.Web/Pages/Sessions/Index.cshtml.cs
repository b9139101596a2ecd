using FluentValidation;
using Marketplace.Application.Common;
using Marketplace.Application.Live;
using Marketplace.Application.Reference;
using Marketplace.Domain.Common;
using Mediator;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Marketplace.Web.Pages.Sessions;

/// <summary>一对多撮合: my sessions and invitations; a company (or operator) starts one for a quick need or a listing.</summary>
public sealed class IndexModel(IMediator mediator) : PageModel
{
    public IReadOnlyList<SessionListItem> Items { get; private set; } = [];

    public ReferenceDataDto Reference { get; private set; } = null!;

    /// <summary>For an operator: the companies to start a session for (their own center's cluster first).</summary>
    public IReadOnlyList<CompanyOption> Companies { get; private set; } = [];

    [BindProperty(SupportsGet = true)]
    public Guid? ChallengeId { get; set; }

    [BindProperty(SupportsGet = true)]
    public Guid? EventId { get; set; }

    [BindProperty]
    public Guid? OwnerOrganizationId { get; set; }

    [BindProperty]
    public string? Title { get; set; }

    [BindProperty]
    public string? Description { get; set; }

    [BindProperty]
    public string? ClusterCode { get; set; }

    [BindProperty]
    public List<string> SkillCodes { get; set; } = [];

    [BindProperty]
    public string? CityCode { get; set; } = "430100";

    [BindProperty]
    public decimal Bounty { get; set; } = 50_000m;

    [BindProperty]
    public int DurationDays { get; set; } = 30;

    [BindProperty]
    public int Top { get; set; } = 10;

    [BindProperty]
    public int AnswerMinutes { get; set; } = 30;

    public async Task OnGetAsync(CancellationToken ct) => await LoadAsync(ct);

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        try
        {
            var session = await mediator.Send(new StartMatchingSession(ChallengeId, Title, Description, ClusterCode, SkillCodes, CityCode, Bounty, DurationDays,
                Top, AnswerMinutes, OwnerOrganizationId, EventId), ct);
            return Redirect($"/Sessions/{session.Id}");
        }
        catch (ValidationException error)
        {
            foreach (var failure in error.Errors)
            {
                ModelState.AddModelError(failure.PropertyName, failure.ErrorMessage);
            }
        }
        catch (Exception error) when (error is DomainException or ForbiddenException or NotFoundException)
        {
            ModelState.AddModelError("", error.Message);
        }

        await LoadAsync(ct);
        return Page();
    }

    private async Task LoadAsync(CancellationToken ct)
    {
        Items = await mediator.Send(new ListMatchingSessions(), ct);
        Reference = await mediator.Send(new GetReferenceData(), ct);
        if (User.IsInRole(Marketplace.Domain.Identity.Roles.Operator))
        {
            Companies = await mediator.Send(new ListSessionCompanies(), ct);
        }
    }
}
