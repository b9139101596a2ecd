using FluentValidation;
using Marketplace.Application.Common;
using Marketplace.Domain.Engineers;
using Mediator;
using Microsoft.EntityFrameworkCore;

namespace Marketplace.Application.Engineers;

public enum EngineerSort
{
    Rating = 0,
    Experience = 1,
    Newest = 2,

    /// <summary>By search score; only with the search index (free text or the index-only filters).</summary>
    Relevance = 3,
}

/// <summary>Browse engineers by cluster, city and title, a page at a time.</summary>
public sealed record ListEngineers(
    string? Cluster = null,
    string? City = null,
    ProfessionalTitle? MinTitle = null,
    EngineerSort Sort = EngineerSort.Rating,
    int Page = 1,
    int Size = 20) : IQuery<PagedResult<EngineerSummaryDto>>;

public sealed record PagedResult<T>(IReadOnlyList<T> Items, int Page, int Size, int Total)
{
    public int Pages => Size == 0 ? 0 : (Total + Size - 1) / Size;
}

public sealed class ListEngineersValidator : AbstractValidator<ListEngineers>
{
    public const int MaxPageSize = 100;

    public ListEngineersValidator()
    {
        RuleFor(x => x.Page).InclusiveBetween(1, 10_000).WithName("页码");
        RuleFor(x => x.Size).InclusiveBetween(1, MaxPageSize).WithName("每页条数");
        RuleFor(x => x.Cluster).MaximumLength(64).WithName("产业集群");
        RuleFor(x => x.City).MaximumLength(6).WithName("市州");
        RuleFor(x => x.MinTitle).IsInEnum().WithName("最低职称");
        RuleFor(x => x.Sort).IsInEnum().WithName("排序");
    }
}

public sealed class ListEngineersHandler(IMarketplaceDbContext db) : IQueryHandler<ListEngineers, PagedResult<EngineerSummaryDto>>
{
    public async ValueTask<PagedResult<EngineerSummaryDto>> Handle(ListEngineers query, CancellationToken cancellationToken)
    {
        if (query.Cluster is { } cluster)
        {
            await ReferenceChecks.EnsureClustersExist(db, [cluster], cancellationToken, "cluster");
        }

        if (query.City is { } city)
        {
            await ReferenceChecks.EnsureRegionExists(db, city, cancellationToken, "city");
        }

        var engineers = db.Engineers.AsNoTracking();
        if (query.Cluster is not null)
        {
            engineers = engineers.Where(e => e.ClusterCodes.Contains(query.Cluster));
        }

        if (query.City is not null)
        {
            engineers = engineers.Where(e => e.CityCode == query.City);
        }

        if (query.MinTitle is { } minTitle)
        {
            engineers = engineers.Where(e => e.Title >= minTitle);
        }

        engineers = query.Sort switch
        {
            EngineerSort.Experience => engineers.OrderByDescending(e => e.YearsOfPractice).ThenBy(e => e.Id),
            EngineerSort.Newest => engineers.OrderByDescending(e => e.CreatedAt).ThenBy(e => e.Id),
            _ => engineers.OrderByDescending(e => e.RatingAverage).ThenByDescending(e => e.RatingCount).ThenBy(e => e.Id),
        };

        var total = await engineers.CountAsync(cancellationToken);
        var page = await engineers.Skip((query.Page - 1) * query.Size).Take(query.Size).ToListAsync(cancellationToken);

        var skillCodes = page.SelectMany(e => e.Skills.Select(s => s.SkillCode)).Distinct().ToList();
        var skillNames = await db.Skills.AsNoTracking().Where(s => skillCodes.Contains(s.Code)).ToDictionaryAsync(s => s.Code, s => s.Name, cancellationToken);
        var cityNames = await db.Regions.AsNoTracking().ToDictionaryAsync(r => r.Code, r => r.Name, cancellationToken);

        var items = page.Select(e => new EngineerSummaryDto(
            e.Id, e.Name, e.Title, EngineerVocabulary.Name(e.Title), e.Tier, EngineerVocabulary.Name(e.Tier),
            e.EmployerName, e.EmployerType, e.CityCode, cityNames.GetValueOrDefault(e.CityCode, e.CityCode),
            e.YearsOfPractice, e.ClusterCodes,
            e.Skills.OrderByDescending(s => s.Level).Select(s => skillNames.GetValueOrDefault(s.SkillCode, s.SkillCode)).ToList(),
            e.RatingAverage, e.RatingCount)).ToList();
        return new PagedResult<EngineerSummaryDto>(items, query.Page, query.Size, total);
    }
}
