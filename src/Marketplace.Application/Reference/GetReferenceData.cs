using Marketplace.Application.Common;
using Mediator;
using Microsoft.EntityFrameworkCore;

namespace Marketplace.Application.Reference;

/// <summary>All reference data the forms and filters need, in display order.</summary>
public sealed record GetReferenceData : IQuery<ReferenceDataDto>;

public sealed record ReferenceDataDto(
    IReadOnlyList<ClusterDto> Clusters,
    IReadOnlyList<SkillDto> Skills,
    IReadOnlyList<RegionDto> Regions,
    IReadOnlyList<TitleDto> Titles,
    IReadOnlyList<TierDto> Tiers,
    IReadOnlyList<ServiceTypeDto> ServiceTypes);

public sealed record ClusterDto(string Code, string Name, string Description);

public sealed record SkillDto(string Code, string Name, string ClusterCode, string Category);

public sealed record RegionDto(string Code, string Name, int Level);

public sealed record TitleDto(string Code, string Name, int Level, string ShortName);

public sealed record TierDto(string Code, string Name, string Scheme, int Rank, string? ProvincialRecognition, string? TitleReview, string Note);

public sealed record ServiceTypeDto(string Code, string Name);

public sealed class GetReferenceDataHandler(IMarketplaceDbContext db) : IQueryHandler<GetReferenceData, ReferenceDataDto>
{
    public async ValueTask<ReferenceDataDto> Handle(GetReferenceData query, CancellationToken cancellationToken)
    {
        var clusters = await db.Clusters.AsNoTracking().OrderBy(c => c.Sort)
            .Select(c => new ClusterDto(c.Code, c.Name, c.Description)).ToListAsync(cancellationToken);
        var skills = await db.Skills.AsNoTracking().OrderBy(s => s.ClusterCode).ThenBy(s => s.Code)
            .Select(s => new SkillDto(s.Code, s.Name, s.ClusterCode, s.Category)).ToListAsync(cancellationToken);
        var regions = await db.Regions.AsNoTracking().OrderBy(r => r.Level).ThenBy(r => r.Sort)
            .Select(r => new RegionDto(r.Code, r.Name, r.Level)).ToListAsync(cancellationToken);
        var titles = await db.Titles.AsNoTracking().OrderByDescending(t => t.Level)
            .Select(t => new TitleDto(t.Code, t.Name, t.Level, t.ShortName)).ToListAsync(cancellationToken);
        var tiers = await db.Tiers.AsNoTracking().OrderBy(t => t.Scheme).ThenBy(t => t.Rank)
            .Select(t => new TierDto(t.Code, t.Name, t.Scheme, t.Rank, t.ProvincialRecognition, t.TitleReview, t.Note)).ToListAsync(cancellationToken);
        var serviceTypes = await db.ServiceTypes.AsNoTracking().OrderBy(t => t.Sort)
            .Select(t => new ServiceTypeDto(t.Code, t.Name)).ToListAsync(cancellationToken);
        return new ReferenceDataDto(clusters, skills, regions, titles, tiers, serviceTypes);
    }
}
