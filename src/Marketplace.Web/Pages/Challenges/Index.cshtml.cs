using FluentValidation;
using Marketplace.Application.Challenges;
using Marketplace.Application.Engineers;
using Marketplace.Application.Reference;
using Marketplace.Domain.Challenges;
using Mediator;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Marketplace.Web.Pages.Challenges;

/// <summary>揭榜挂帅 board: the listings the caller may see, filtered, sorted and paged; every filter is in the query string.</summary>
public sealed class IndexModel(IMediator mediator) : PageModel
{
    public const int PageSize = 12;

    [BindProperty(SupportsGet = true)]
    public string? Q { get; set; }

    [BindProperty(SupportsGet = true)]
    public string? Cluster { get; set; }

    [BindProperty(SupportsGet = true)]
    public string? Skill { get; set; }

    [BindProperty(SupportsGet = true)]
    public string? City { get; set; }

    [BindProperty(SupportsGet = true)]
    public decimal? Min { get; set; }

    [BindProperty(SupportsGet = true)]
    public decimal? Max { get; set; }

    [BindProperty(SupportsGet = true)]
    public ChallengeStatus? Status { get; set; }

    [BindProperty(SupportsGet = true)]
    public ChallengeSort Sort { get; set; }

    // "page" is also the Razor Pages route value holding the page path; the number comes from the query string only.
    [BindProperty(SupportsGet = true)]
    [FromQuery(Name = "page")]
    public int PageNumber { get; set; } = 1;

    public PagedResult<ChallengeSummaryDto>? Result { get; private set; }

    public ReferenceDataDto? Reference { get; private set; }

    /// <summary>Some filters in the address could not be used (hand-edited or out of range) and were left out.</summary>
    public bool FiltersIgnored { get; private set; }

    public async Task OnGetAsync(CancellationToken ct)
    {
        Reference = await mediator.Send(new GetReferenceData(), ct);

        // A hand-edited query string must not end on an error page: values that do not bind (status=abc) are left
        // out by the binder; values the use case refuses are dropped one field at a time, then all of them.
        FiltersIgnored = !ModelState.IsValid;
        ModelState.Clear(); // a filter that did not bind is reported by the notice, not as a failed step
        if (!Enum.IsDefined(Sort))
        {
            Sort = ChallengeSort.Newest;
            FiltersIgnored = true;
        }

        if (Status is { } status && !Enum.IsDefined(status))
        {
            Status = null;
            FiltersIgnored = true;
        }

        try
        {
            Result = await mediator.Send(Query(), ct);
        }
        catch (ValidationException refused)
        {
            FiltersIgnored = true;
            foreach (var field in refused.Errors.Select(e => e.PropertyName))
            {
                Drop(field);
            }

            try
            {
                Result = await mediator.Send(Query(), ct);
            }
            catch (ValidationException)
            {
                Q = Cluster = Skill = City = null;
                Min = Max = null;
                Status = null;
                PageNumber = 1;
                Result = await mediator.Send(Query(), ct);
            }
        }
    }

    public string PageLink(int page) => Url.Page("/Challenges/Index", new
    {
        q = Q, cluster = Cluster, skill = Skill, city = City, min = Min, max = Max, status = Status, sort = Sort == ChallengeSort.Newest ? null : (ChallengeSort?)Sort, page,
    }) ?? "/Challenges";

    public string ClusterName(string code) => Reference!.Clusters.FirstOrDefault(c => c.Code == code)?.Name ?? code;

    public string CityName(string code) => Reference!.Regions.FirstOrDefault(c => c.Code == code)?.Name ?? code;

    private ListChallenges Query() =>
        new(Blank(Cluster), Blank(Skill), Blank(City), Min, Max, Status, Sort, Math.Max(1, PageNumber), PageSize, Blank(Q));

    private void Drop(string field)
    {
        switch (field)
        {
            case "cluster": Cluster = null; break;
            case "skill": Skill = null; break;
            case "city": City = null; break;
            case "minBounty": Min = null; break;
            case "maxBounty": Max = null; break;
            case "query": Q = null; break;
            case "status": Status = null; break;
            case "page": PageNumber = 1; break;
            default: break;
        }
    }

    private static string? Blank(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();
}
