using FluentValidation;
using Marketplace.Application.Engineers;
using Marketplace.Application.Engineers.Search;
using Mediator;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Marketplace.Web.Pages.Engineers;

/// <summary>
/// 找工程师: a search box, facet checkboxes with counts (any of the ticked values within a group, all groups
/// together), sorting, and result cards with the matched words highlighted. Always answered by the search index.
/// </summary>
public sealed class IndexModel(IMediator mediator) : PageModel
{
    public const int PageSize = 24;

    /// <summary>How many values a facet group shows before "more" (ticked values are always shown).</summary>
    public const int FacetValuesShown = 8;

    [BindProperty(SupportsGet = true)]
    public string? Q { get; set; }

    [BindProperty(SupportsGet = true, Name = "cluster")]
    public List<string> Clusters { get; set; } = [];

    [BindProperty(SupportsGet = true, Name = "skill")]
    public List<string> Skills { get; set; } = [];

    [BindProperty(SupportsGet = true, Name = "city")]
    public List<string> Cities { get; set; } = [];

    [BindProperty(SupportsGet = true, Name = "title")]
    public List<string> Titles { get; set; } = [];

    [BindProperty(SupportsGet = true, Name = "tier")]
    public List<string> Tiers { get; set; } = [];

    [BindProperty(SupportsGet = true, Name = "serviceMode")]
    public List<string> Modes { get; set; } = [];

    [BindProperty(SupportsGet = true, Name = "availability")]
    public List<string> Availability { get; set; } = [];

    [BindProperty(SupportsGet = true)]
    public EngineerSort? Sort { get; set; }

    // "page" is also the Razor Pages route value holding the page path; the number comes from the query string only.
    [BindProperty(SupportsGet = true)]
    [FromQuery(Name = "page")]
    public int PageNumber { get; set; } = 1;

    public EngineerSearchPage? Result { get; private set; }

    /// <summary>Set when the query string held a value the search refused (a hand-edited link); the filters were dropped.</summary>
    public string? Notice { get; private set; }

    public bool Searching => !string.IsNullOrWhiteSpace(Q);

    public EngineerSort EffectiveSort => Sort is { } s and not EngineerSort.Newest ? s : (Searching ? EngineerSort.Relevance : EngineerSort.Rating);

    /// <summary>The facet groups in display order, with their query-string names.</summary>
    public static IReadOnlyList<(string Dimension, string Parameter, string LabelKey)> Groups { get; } =
    [
        (EngineerFacets.Availability, "availability", "Engineers.Facet.Availability"),
        (EngineerFacets.Cluster, "cluster", "Engineers.Facet.Cluster"),
        (EngineerFacets.Skill, "skill", "Engineers.Facet.Skill"),
        (EngineerFacets.City, "city", "Engineers.Facet.City"),
        (EngineerFacets.Title, "title", "Engineers.Facet.Title"),
        (EngineerFacets.Tier, "tier", "Engineers.Facet.Tier"),
        (EngineerFacets.ServiceMode, "serviceMode", "Engineers.Facet.ServiceMode"),
    ];

    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        try
        {
            Result = await mediator.Send(Query(Math.Max(1, PageNumber)), ct);
        }
        catch (ValidationException ex)
        {
            // A hand-edited query string with an unknown value: say so and show the unfiltered search.
            Notice = string.Join(" ", ex.Errors.Select(e => e.ErrorMessage).Distinct());
            Clusters = []; Skills = []; Cities = []; Titles = []; Tiers = []; Modes = []; Availability = [];
            Q = Q is { Length: > 200 } ? Q[..200] : Q;
            Result = await mediator.Send(Query(1), ct);
        }

        return Page();
    }

    public string PageLink(int page)
    {
        var parts = new List<string>();
        if (!string.IsNullOrWhiteSpace(Q))
        {
            parts.Add("q=" + Uri.EscapeDataString(Q));
        }

        void Add(string name, IEnumerable<string> values) => parts.AddRange(values.Select(v => $"{name}={Uri.EscapeDataString(v)}"));
        Add("cluster", Clusters);
        Add("skill", Skills);
        Add("city", Cities);
        Add("title", Titles);
        Add("tier", Tiers);
        Add("serviceMode", Modes);
        Add("availability", Availability);
        if (Sort is { } sort)
        {
            parts.Add($"sort={sort}");
        }

        parts.Add($"page={page}");
        return "/Engineers?" + string.Join("&", parts);
    }

    private SearchEngineers Query(int page) => new()
    {
        Q = Searching ? Q!.Trim() : null,
        Clusters = Clean(Clusters),
        Skills = Clean(Skills),
        Cities = Clean(Cities),
        Titles = Clean(Titles),
        Tiers = Clean(Tiers),
        Modes = Clean(Modes),
        Availability = Clean(Availability),
        Sort = EffectiveSort,
        Page = page,
        Size = PageSize,
    };

    private static List<string> Clean(List<string> values) =>
        values.Where(v => !string.IsNullOrWhiteSpace(v)).Distinct(StringComparer.Ordinal).ToList();
}
