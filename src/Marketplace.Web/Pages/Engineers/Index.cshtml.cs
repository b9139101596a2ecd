using FluentValidation;
using Marketplace.Application.Engineers;
using Marketplace.Application.Reference;
using Marketplace.Domain.Engineers;
using Mediator;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Marketplace.Web.Pages.Engineers;

public sealed class IndexModel(IMediator mediator) : PageModel
{
    [BindProperty(SupportsGet = true)]
    public string? Cluster { get; set; }

    [BindProperty(SupportsGet = true)]
    public string? City { get; set; }

    [BindProperty(SupportsGet = true)]
    public ProfessionalTitle? MinTitle { get; set; }

    [BindProperty(SupportsGet = true)]
    public EngineerSort Sort { get; set; }

    // "page" is also the Razor Pages route value holding the page path; the number comes from the query string only.
    [BindProperty(SupportsGet = true)]
    [FromQuery(Name = "page")]
    public int PageNumber { get; set; } = 1;

    public PagedResult<EngineerSummaryDto>? Result { get; private set; }

    public ReferenceDataDto? Reference { get; private set; }

    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        Reference = await mediator.Send(new GetReferenceData(), ct);
        try
        {
            Result = await mediator.Send(new ListEngineers(Blank(Cluster), Blank(City), MinTitle, Sort, Math.Max(1, PageNumber), 24), ct);
        }
        catch (ValidationException)
        {
            // A hand-edited query string with an unknown code: show the unfiltered list rather than an error page.
            Cluster = City = null;
            Result = await mediator.Send(new ListEngineers(null, null, MinTitle, Sort, 1, 24), ct);
        }

        return Page();
    }

    public string PageLink(int page) =>
        $"/Engineers?cluster={Uri.EscapeDataString(Cluster ?? "")}&city={Uri.EscapeDataString(City ?? "")}&minTitle={MinTitle}&sort={Sort}&page={page}";

    private static string? Blank(string? value) => string.IsNullOrWhiteSpace(value) ? null : value;
}
