using Marketplace.Application.Accreditation;
using Marketplace.Domain.Accreditation;
using Mediator;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Marketplace.Web.Pages.Accreditation.Centers;

/// <summary>The recognized centers the caller may see (an authority's list with filters, a center's own), each to its lifecycle view.</summary>
public sealed class IndexModel(IMediator mediator) : PageModel
{
    [BindProperty(SupportsGet = true)]
    public CenterStage? Stage { get; set; }

    [BindProperty(SupportsGet = true)]
    public bool? Flagged { get; set; }

    public IReadOnlyList<CenterSummaryDto> Centers { get; private set; } = [];

    public async Task OnGetAsync(CancellationToken ct) => Centers = await mediator.Send(new ListCenters(Stage, Flagged == true ? true : null), ct);
}
