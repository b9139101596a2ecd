using FluentValidation;
using Marketplace.Application.Common;
using Marketplace.Domain.Engineers;
using Mediator;
using Microsoft.EntityFrameworkCore;

namespace Marketplace.Application.Engineers.Search;

/// <summary>Full-text engineer search through the <see cref="IEngineerSearch"/> port, with facets and snippets.</summary>
public sealed record SearchEngineers(
    string? Q = null,
    string? Cluster = null,
    string? Skill = null,
    string? City = null,
    ProfessionalTitle? MinTitle = null,
    ExcellenceTier? Tier = null,
    ServiceModes? ServiceMode = null,
    bool AvailableNow = false,
    EngineerSort Sort = EngineerSort.Relevance,
    int Page = 1,
    int Size = 20) : IQuery<EngineerSearchPage>;

public sealed record EngineerSearchItemDto(EngineerSummaryDto Engineer, float Score, string? Snippet);

public sealed record EngineerFacetValueDto(string Value, string Label, int Count);

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
    public SearchEngineersValidator()
    {
        RuleFor(x => x.Q).MaximumLength(200).WithName("搜索词");
        RuleFor(x => x.Page).InclusiveBetween(1, 10_000).WithName("页码");
        RuleFor(x => x.Size).InclusiveBetween(1, ListEngineersValidator.MaxPageSize).WithName("每页条数");
        RuleFor(x => x.Cluster).MaximumLength(64).WithName("产业集群");
        RuleFor(x => x.Skill).MaximumLength(64).WithName("技能");
        RuleFor(x => x.City).MaximumLength(6).WithName("市州");
        RuleFor(x => x.MinTitle).IsInEnum().WithName("最低职称");
        RuleFor(x => x.Tier).IsInEnum().WithName("卓越工程师层级");
        RuleFor(x => x.ServiceMode)
            .Must(m => m is > ServiceModes.None and <= (ServiceModes.FlexibleHire | ServiceModes.Project | ServiceModes.PartTime | ServiceModes.Advisory))
            .When(x => x.ServiceMode is not null)
            .WithMessage("'服务方式' 取值无效。").WithName("服务方式");
        RuleFor(x => x.Sort).IsInEnum().NotEqual(EngineerSort.Newest)
            .WithMessage("'排序' 全文检索支持相关度、评分和从业年限排序。").WithName("排序");
    }
}

public sealed class SearchEngineersHandler(IMarketplaceDbContext db, IEngineerSearch search, TimeProvider clock)
    : IQueryHandler<SearchEngineers, EngineerSearchPage>
{
    public async ValueTask<EngineerSearchPage> Handle(SearchEngineers query, CancellationToken cancellationToken)
    {
        if (query.Cluster is { } cluster)
        {
            await ReferenceChecks.EnsureClustersExist(db, [cluster], cancellationToken, "cluster");
        }

        if (query.City is { } city)
        {
            await ReferenceChecks.EnsureRegionExists(db, city, cancellationToken, "city");
        }

        if (query.Skill is { } skill)
        {
            await ReferenceChecks.EnsureSkillsExist(db, [skill], cancellationToken, "skill");
        }

        var result = await search.SearchAsync(
            new EngineerSearchQuery(
                query.Q, query.Cluster, query.Skill, query.City, query.MinTitle, query.Tier, query.ServiceMode, query.AvailableNow,
                DateOnly.FromDateTime(clock.GetUtcNow().UtcDateTime),
                query.Sort switch
                {
                    EngineerSort.Rating => EngineerSearchSort.Rating,
                    EngineerSort.Experience => EngineerSearchSort.Experience,
                    _ => EngineerSearchSort.Relevance,
                },
                query.Page,
                query.Size),
            cancellationToken);

        var lookups = await EngineerIndexing.Lookups.LoadAsync(db, cancellationToken);
        var ids = result.Hits.Select(h => h.Id).ToList();
        var profiles = await db.Engineers.AsNoTracking().Where(e => ids.Contains(e.Id)).ToDictionaryAsync(e => e.Id, cancellationToken);

        // An engineer deleted since the index last heard of them is skipped rather than shown half-empty.
        var items = result.Hits
            .Where(h => profiles.ContainsKey(h.Id))
            .Select(h => new EngineerSearchItemDto(Summary(profiles[h.Id], lookups), h.Score, h.Snippet))
            .ToList();
        var facets = result.Facets.ToDictionary(
            f => f.Key,
            f => (IReadOnlyList<EngineerFacetValueDto>)f.Value.Select(v => new EngineerFacetValueDto(v.Value, Label(f.Key, v.Value, lookups), v.Count)).ToList());
        return new EngineerSearchPage(items, query.Page, query.Size, result.Total, facets);
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
