using FluentValidation;
using Marketplace.Application.Engineers;
using Marketplace.Application.Engineers.Search;
using Marketplace.Application.Reference;
using Marketplace.Domain.Engineers;
using Mediator;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Marketplace.Web.Pages.Engineers;

public sealed class IndexModel(IMediator mediator) : PageModel
{
    /// <summary>Free text (Chinese or Latin); with it the search index answers and each card shows a highlighted snippet.</summary>
    [BindProperty(SupportsGet = true)]
    public string? Q { get; set; }

    [BindProperty(SupportsGet = true)]
    public string? Cluster { get; set; }

    [BindProperty(SupportsGet = true)]
    public string? City { get; set; }

    [BindProperty(SupportsGet = true)]
    public ProfessionalTitle? MinTitle { get; set; }

    [BindProperty(SupportsGet = true)]
    public EngineerSort? Sort { get; set; }

    // "page" is also the Razor Pages route value holding the page path; the number comes from the query string only.
    [BindProperty(SupportsGet = true)]
    [FromQuery(Name = "page")]
    public int PageNumber { get; set; } = 1;

    public PagedResult<EngineerSummaryDto>? Result { get; private set; }

    public ReferenceDataDto? Reference { get; private set; }

    /// <summary>Per engineer, the index's snippet: HTML with the data escaped and only &lt;mark&gt; added.</summary>
    public Dictionary<Guid, string?> Snippets { get; } = [];

    public bool Searching => !string.IsNullOrWhiteSpace(Q);

    public EngineerSort EffectiveSort => Sort ?? (Searching ? EngineerSort.Relevance : EngineerSort.Rating);

    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        Reference = await mediator.Send(new GetReferenceData(), ct);
        try
        {
            Result = await FetchAsync(Blank(Cluster), Blank(City), Math.Max(1, PageNumber), ct);
        }
        catch (ValidationException)
        {
            // A hand-edited query string with an unknown code: show the unfiltered list rather than an error page.
            Cluster = City = null;
            Result = await FetchAsync(null, null, 1, ct);
        }

        return Page();
    }

    public string PageLink(int page) =>
        $"/Engineers?q={Uri.EscapeDataString(Q ?? "")}&cluster={Uri.EscapeDataString(Cluster ?? "")}&city={Uri.EscapeDataString(City ?? "")}&minTitle={MinTitle}&sort={EffectiveSort}&page={page}";

    private async Task<PagedResult<EngineerSummaryDto>> FetchAsync(string? cluster, string? city, int page, CancellationToken ct)
    {
        if (!Searching)
        {
            return await mediator.Send(new ListEngineers(cluster, city, MinTitle, EffectiveSort, page, 24), ct);
        }

        // The index has no "newest" order; with text it falls back to relevance.
        var sort = EffectiveSort == EngineerSort.Newest ? EngineerSort.Relevance : EffectiveSort;
        var found = await mediator.Send(new SearchEngineers(Q!.Trim(), cluster, null, city, MinTitle, Sort: sort, Page: page, Size: 24), ct);
        foreach (var item in found.Items)
        {
            Snippets[item.Engineer.Id] = item.Snippet;
        }

        return new PagedResult<EngineerSummaryDto>(found.Items.Select(i => i.Engineer).ToList(), found.Page, found.Size, found.Total);
    }

    private static string? Blank(string? value) => string.IsNullOrWhiteSpace(value) ? null : value;
}
