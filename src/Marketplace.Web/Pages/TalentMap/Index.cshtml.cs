using FluentValidation;
using Marketplace.Application.Engineers;
using Marketplace.Application.Reference;
using Mediator;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Marketplace.Web.Pages.TalentMap;

/// <summary>
/// 区域产业人才图谱: the heat map, the title/tier breakdown, the charts and the worst demand/supply gaps for
/// authorities and operators; the province's margins for everyone else. Filters are in the query string.
/// </summary>
public sealed class IndexModel(IMediator mediator) : PageModel
{
    /// <summary>How many gap rows the page lists (the API returns them all).</summary>
    public const int MaxGapRows = 15;

    /// <summary>Shades of the heat map: 0 for an empty cell, then 1–10 in proportion to the largest cell.</summary>
    public const int HeatLevels = 10;

    [BindProperty(SupportsGet = true)]
    public string? Cluster { get; set; }

    [BindProperty(SupportsGet = true)]
    public string? City { get; set; }

    [BindProperty(SupportsGet = true)]
    public string? By { get; set; }

    public TalentMapDto? Map { get; private set; }

    public ReferenceDataDto? Reference { get; private set; }

    /// <summary>Some filters in the address could not be used (hand-edited) and were left out.</summary>
    public bool FiltersIgnored { get; private set; }

    public bool IsFull => Map?.Scope == TalentMapDto.FullScope;

    public async Task OnGetAsync(CancellationToken ct)
    {
        Reference = await mediator.Send(new GetReferenceData(), ct);
        Cluster = Blank(Cluster);
        City = Blank(City);
        By = Blank(By);

        // A hand-edited address must not end on an error page: refused filters are dropped (the handler checks one
        // code at a time, so this may take a round per filter) and the notice says so.
        for (var round = 0; ; round++)
        {
            try
            {
                Map = await mediator.Send(Query(), ct);
                return;
            }
            catch (ValidationException refused) when (round < 3)
            {
                FiltersIgnored = true;
                foreach (var field in refused.Errors.Select(e => e.PropertyName))
                {
                    switch (field)
                    {
                        case "cluster": Cluster = null; break;
                        case "city": City = null; break;
                        case "by": By = null; break;
                        default: Cluster = City = By = null; break;
                    }
                }
            }
        }
    }

    public int Cell(string city, string cluster) =>
        Map!.Cells!.FirstOrDefault(c => c.CityCode == city && c.ClusterCode == cluster)?.Engineers ?? 0;

    /// <summary>The shade class of a heat-map cell, computed here so the stylesheet needs no inline styles.</summary>
    public string HeatClass(int count)
    {
        var max = Map!.Cells!.Select(c => c.Engineers).DefaultIfEmpty(0).Max();
        var level = count <= 0 || max <= 0 ? 0 : Math.Max(1, (int)Math.Ceiling((double)HeatLevels * count / max));
        return "heat heat-" + level;
    }

    /// <summary>Engineers of one title/tier in one cluster, over the cities in view.</summary>
    public int Category(string category, string cluster) =>
        Map!.Breakdown!.Where(b => b.Category == category && b.ClusterCode == cluster).Sum(b => b.Engineers);

    public IReadOnlyList<DemandSupplyRow> WorstGaps =>
        Map!.DemandSupply!.Where(r => r.Gap != SupplyGap.None).Take(MaxGapRows).ToList();

    public IEnumerable<SvgBarGroup> ClusterBars => Map!.Clusters.Select(c => new SvgBarGroup(c.Name, [c.Engineers]));

    public IEnumerable<SvgBarGroup> DemandSupplyBars => Map!.DemandSupplyByCluster!.Select(c => new SvgBarGroup(c.ClusterName, [c.Listings, c.Supply]));

    private GetTalentMap Query() => new(Cluster, City, By);

    private static string? Blank(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();
}
