using FluentValidation;
using FluentValidation.Results;
using Marketplace.Application.Common;
using Marketplace.Domain.Engineers;
using Mediator;
using Microsoft.EntityFrameworkCore;

namespace Marketplace.Application.Engineers.Search;

/// <summary>
/// Full-text engineer search through the <see cref="IEngineerSearch"/> port, with facets and snippets. Filters are
/// the facet checkboxes: several values of one dimension mean any of them. Titles, tiers, service modes and
/// availability arrive as their names (e.g. <c>Senior</c>, <c>Leading</c>, <c>Project</c>, <c>now</c>) so an unknown
/// value is a 400 on its field rather than a silently ignored filter.
/// </summary>
public sealed record SearchEngineers : IQuery<EngineerSearchPage>
{
    public const int MaxSize = 100;
    public const int MaxValuesPerFilter = 20;

    /// <summary>Values per facet dimension in a response (most engineers first), plus any ticked value beyond them.</summary>
    public const int FacetValuesReturned = 30;

    public string? Q { get; init; }

    public IReadOnlyList<string> Clusters { get; init; } = [];

    public IReadOnlyList<string> Skills { get; init; } = [];

    public IReadOnlyList<string> Cities { get; init; } = [];

    public IReadOnlyList<string> Titles { get; init; } = [];

    public ProfessionalTitle? MinTitle { get; init; }

    public IReadOnlyList<string> Tiers { get; init; } = [];

    public IReadOnlyList<string> Modes { get; init; } = [];

    /// <summary><c>now</c> or <c>notNow</c> (the availability facet's values); empty or both means either.</summary>
    public IReadOnlyList<string> Availability { get; init; } = [];

    public EngineerSort Sort { get; init; } = EngineerSort.Relevance;

    public int Page { get; init; } = 1;

    public int Size { get; init; } = 20;
}

public sealed record EngineerSearchItemDto(EngineerSummaryDto Engineer, float Score, string? Snippet);

public sealed record EngineerFacetValueDto(string Value, string Label, int Count, bool Selected);

public sealed record EngineerSearchPage(
    IReadOnlyList<EngineerSearchItemDto> Items,
    int Page,
    int Size,
    int Total,
    IReadOnlyDictionary<string, IReadOnlyList<EngineerFacetValueDto>> Facets)
{
    public int Pages => Size == 0 ? 0 : (Total + Size - 1) / Size;

    public string Engine => "index";
}

public sealed class SearchEngineersValidator : AbstractValidator<SearchEngineers>
{
    private static readonly string[] AllModes =
        Enum.GetValues<ServiceModes>().Where(m => m != ServiceModes.None).Select(m => m.ToString()).ToArray();

    public SearchEngineersValidator()
    {
        RuleFor(x => x.Q).MaximumLength(200).WithName("搜索词");
        RuleFor(x => x.Page).InclusiveBetween(1, 10_000).WithName("页码");
        RuleFor(x => x.Size).InclusiveBetween(1, SearchEngineers.MaxSize).WithName("每页条数");
        RuleFor(x => x.MinTitle).IsInEnum().WithName("最低职称");
        RuleFor(x => x.Sort).IsInEnum().NotEqual(EngineerSort.Newest)
            .WithMessage("'排序' 全文检索支持相关度、评分和从业年限排序。").WithName("排序");
        Codes(x => x.Clusters, "产业集群", 64);
        Codes(x => x.Skills, "技能", 64);
        Codes(x => x.Cities, "市州", 6);
        Named(x => x.Titles, "职称", Enum.GetNames<ProfessionalTitle>());
        Named(x => x.Tiers, "卓越工程师层级", Enum.GetNames<ExcellenceTier>());
        Named(x => x.Modes, "服务方式", AllModes);
        Named(x => x.Availability, "可服务状态", [EngineerFacets.AvailableNow, EngineerFacets.NotAvailableNow]);
    }

    private void Codes(System.Linq.Expressions.Expression<Func<SearchEngineers, IEnumerable<string>>> list, string name, int maxLength)
    {
        RuleFor(list).Cascade(CascadeMode.Stop).NotNull().Must(v => v.Count() <= SearchEngineers.MaxValuesPerFilter)
            .WithMessage($"'{name}' 最多选择 {SearchEngineers.MaxValuesPerFilter} 项。").WithName(name);
        RuleForEach(list).NotEmpty().MaximumLength(maxLength).WithName(name);
    }

    private void Named(System.Linq.Expressions.Expression<Func<SearchEngineers, IEnumerable<string>>> list, string name, string[] allowed)
    {
        RuleFor(list).Cascade(CascadeMode.Stop).NotNull().Must(v => v.Count() <= SearchEngineers.MaxValuesPerFilter)
            .WithMessage($"'{name}' 最多选择 {SearchEngineers.MaxValuesPerFilter} 项。").WithName(name);
        RuleForEach(list).Must(v => allowed.Contains(v, StringComparer.Ordinal))
            .WithMessage((_, v) => $"'{name}' 取值无效：{v}（可选：{string.Join("、", allowed)}）。").WithName(name);
    }
}

public sealed class SearchEngineersHandler(IMarketplaceDbContext db, IEngineerSearch search, ReferenceNames names, TimeProvider clock)
    : IQueryHandler<SearchEngineers, EngineerSearchPage>
{
    private static readonly System.Runtime.CompilerServices.ConditionalWeakTable<EngineerSearchResult, EngineerSearchPage> Pages = new();

    public async ValueTask<EngineerSearchPage> Handle(SearchEngineers query, CancellationToken cancellationToken)
    {
        var lookups = await names.GetAsync(db, cancellationToken);
        EnsureKnown(query.Clusters, lookups.Clusters, "clusters", "产业集群");
        EnsureKnown(query.Skills, lookups.Skills, "skills", "技能");
        EnsureKnown(query.Cities, lookups.Cities, "cities", "市州");

        var availability = query.Availability.Distinct(StringComparer.Ordinal).ToList();
        var result = await search.SearchAsync(
            new EngineerSearchQuery
            {
                Text = query.Q?.Trim(),
                Clusters = query.Clusters,
                Skills = query.Skills,
                Cities = query.Cities,
                Titles = query.Titles.Select(Enum.Parse<ProfessionalTitle>).ToList(),
                MinTitle = query.MinTitle,
                Tiers = query.Tiers.Select(Enum.Parse<ExcellenceTier>).ToList(),
                Modes = query.Modes.Select(Enum.Parse<ServiceModes>).ToList(),
                Available = availability.Count == 1 ? availability[0] == EngineerFacets.AvailableNow : null,
                Today = DateOnly.FromDateTime(clock.GetUtcNow().UtcDateTime),
                Sort = query.Sort switch
                {
                    EngineerSort.Rating => EngineerSearchSort.Rating,
                    EngineerSort.Experience => EngineerSearchSort.Experience,
                    _ => EngineerSearchSort.Relevance,
                },
                Page = query.Page,
                Size = query.Size,
            },
            cancellationToken);

        // An adapter that keeps answers (Lucene, until its next write) hands back the same result object for the same
        // search; the page built from it then needs no second look at the database. Any write makes new results, so
        // a page never outlives the index generation it was built from.
        if (Pages.TryGetValue(result, out var known))
        {
            return known;
        }

        var ids = result.Hits.Select(h => h.Id).ToList();
        var profiles = await db.Engineers.AsNoTracking().Where(e => ids.Contains(e.Id)).ToDictionaryAsync(e => e.Id, cancellationToken);

        // An engineer deleted since the index last heard of them is skipped rather than shown half-empty.
        var items = result.Hits
            .Where(h => profiles.ContainsKey(h.Id))
            .Select(h => new EngineerSearchItemDto(Summary(profiles[h.Id], lookups), h.Score, h.Snippet))
            .ToList();
        // The largest values of each dimension, and every ticked one: a checkbox list, not a report. (The skill
        // dimension alone has hundreds of values; sending them all made every response tens of kilobytes.)
        var selected = Selected(query);
        var facets = EngineerFacets.All.ToDictionary(
            d => d,
            d => (IReadOnlyList<EngineerFacetValueDto>)result.Facets.GetValueOrDefault(d, [])
                .Where((v, i) => i < SearchEngineers.FacetValuesReturned || selected[d].Contains(v.Value))
                .Select(v => new EngineerFacetValueDto(v.Value, Label(d, v.Value, lookups), v.Count, selected[d].Contains(v.Value)))
                .ToList());
        var page = new EngineerSearchPage(items, query.Page, query.Size, result.Total, facets);
        Pages.AddOrUpdate(result, page);
        return page;
    }

    private static Dictionary<string, HashSet<string>> Selected(SearchEngineers q) => new(StringComparer.Ordinal)
    {
        [EngineerFacets.Cluster] = q.Clusters.ToHashSet(StringComparer.Ordinal),
        [EngineerFacets.Skill] = q.Skills.ToHashSet(StringComparer.Ordinal),
        [EngineerFacets.City] = q.Cities.ToHashSet(StringComparer.Ordinal),
        [EngineerFacets.Title] = q.Titles.ToHashSet(StringComparer.Ordinal),
        [EngineerFacets.Tier] = q.Tiers.ToHashSet(StringComparer.Ordinal),
        [EngineerFacets.ServiceMode] = q.Modes.ToHashSet(StringComparer.Ordinal),
        [EngineerFacets.Availability] = q.Availability.ToHashSet(StringComparer.Ordinal),
    };

    private static void EnsureKnown(IReadOnlyList<string> codes, IReadOnlyDictionary<string, string> known, string field, string name)
    {
        var unknown = codes.Where(c => !known.ContainsKey(c)).Distinct(StringComparer.Ordinal).ToList();
        if (unknown.Count > 0)
        {
            throw new ValidationException([new ValidationFailure(field, $"未知的{name}：{string.Join("、", unknown)}。")]);
        }
    }

    private static EngineerSummaryDto Summary(EngineerProfile e, EngineerIndexing.Lookups lookups) => new(
        e.Id, e.Name, e.Title, EngineerVocabulary.Name(e.Title), e.Tier, EngineerVocabulary.Name(e.Tier),
        e.EmployerName, e.EmployerType, e.CityCode, lookups.Cities.GetValueOrDefault(e.CityCode, e.CityCode),
        e.YearsOfPractice, e.ClusterCodes,
        e.Skills.OrderByDescending(s => s.Level).Select(s => lookups.Skills.GetValueOrDefault(s.SkillCode, s.SkillCode)).ToList(),
        e.RatingAverage, e.RatingCount);

    private static string Label(string dimension, string value, EngineerIndexing.Lookups lookups) => dimension switch
    {
        EngineerFacets.Cluster => lookups.Clusters.GetValueOrDefault(value, value),
        EngineerFacets.Skill => lookups.Skills.GetValueOrDefault(value, value),
        EngineerFacets.City => lookups.Cities.GetValueOrDefault(value, value),
        EngineerFacets.Title when Enum.TryParse<ProfessionalTitle>(value, out var title) => EngineerVocabulary.Name(title),
        EngineerFacets.Tier when Enum.TryParse<ExcellenceTier>(value, out var tier) => EngineerVocabulary.Name(tier),
        EngineerFacets.ServiceMode when Enum.TryParse<ServiceModes>(value, out var mode) => string.Join("、", EngineerVocabulary.Names(mode)),
        EngineerFacets.Availability => value == EngineerFacets.AvailableNow ? "当前可服务" : "当前不可服务",
        _ => value,
    };
}
