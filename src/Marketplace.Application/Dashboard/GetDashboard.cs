using Marketplace.Application.Common;
using Marketplace.Domain.Engineers;
using Marketplace.Domain.Identity;
using Marketplace.Domain.Organizations;
using Mediator;
using Microsoft.EntityFrameworkCore;

namespace Marketplace.Application.Dashboard;

/// <summary>The figures on a signed-in user's home page (工作台), chosen by role and organization.</summary>
public sealed record GetDashboard : IQuery<DashboardDto>;

public sealed record DashboardDto(
    string DisplayName,
    IReadOnlyList<string> Roles,
    string? OrganizationName,
    string? OrganizationKindName,
    string? RegionName,
    IReadOnlyList<DashboardFigure> Figures,
    IReadOnlyList<LabelledCount> EngineersByCluster,
    IReadOnlyList<LabelledCount> EngineersByCity,
    IReadOnlyList<LabelledCount> EngineersByTitle);

public sealed record DashboardFigure(string Label, int Value, string? Link);

public sealed record LabelledCount(string Code, string Label, int Count);

public sealed class GetDashboardHandler(IMarketplaceDbContext db, ICurrentUser user) : IQueryHandler<GetDashboard, DashboardDto>
{
    public async ValueTask<DashboardDto> Handle(GetDashboard query, CancellationToken cancellationToken)
    {
        var userId = user.RequireUserId();
        var account = await db.UserAccounts.FirstOrDefaultAsync(a => a.Id == userId, cancellationToken)
            ?? throw new NotFoundException("账户", userId);
        var organization = account.OrganizationId is { } orgId
            ? await db.Organizations.AsNoTracking().FirstOrDefaultAsync(o => o.Id == orgId, cancellationToken)
            : null;
        var regions = await db.Regions.AsNoTracking().ToDictionaryAsync(r => r.Code, r => r.Name, cancellationToken);
        var clusters = await db.Clusters.AsNoTracking().OrderBy(c => c.Sort).ToListAsync(cancellationToken);

        // Companies and centers care about the engineers in their own clusters; everyone else sees the whole pool.
        var pool = db.Engineers.AsNoTracking();
        var focusClusters = organization?.ClusterCodes ?? [];
        if (focusClusters.Count > 0 && (user.IsInRole(Roles.Company) || user.IsInRole(Roles.Operator)))
        {
            pool = pool.Where(e => e.ClusterCodes.Any(c => focusClusters.Contains(c)));
        }

        var byCluster = new List<LabelledCount>();
        foreach (var cluster in clusters)
        {
            var code = cluster.Code;
            byCluster.Add(new LabelledCount(code, cluster.Name, await pool.CountAsync(e => e.ClusterCodes.Contains(code), cancellationToken)));
        }

        var byCity = (await pool.GroupBy(e => e.CityCode).Select(g => new { g.Key, Count = g.Count() }).ToListAsync(cancellationToken))
            .OrderByDescending(x => x.Count)
            .Select(x => new LabelledCount(x.Key, regions.GetValueOrDefault(x.Key, x.Key), x.Count))
            .ToList();
        var byTitle = (await pool.GroupBy(e => e.Title).Select(g => new { g.Key, Count = g.Count() }).ToListAsync(cancellationToken))
            .OrderByDescending(x => x.Key)
            .Select(x => new LabelledCount(EngineerVocabulary.Code(x.Key), EngineerVocabulary.Name(x.Key), x.Count))
            .ToList();

        var figures = new List<DashboardFigure>
        {
            new("平台工程师总数", await db.Engineers.CountAsync(cancellationToken), "/Engineers"),
            new(focusClusters.Count > 0 ? "本集群工程师" : "可服务工程师", await pool.CountAsync(cancellationToken), "/Engineers"),
            new("高级及以上职称", await pool.CountAsync(e => e.Title >= ProfessionalTitle.SeniorEngineer, cancellationToken), "/Engineers?minTitle=SeniorEngineer"),
            new("省级及以上卓越工程师", await pool.CountAsync(e => e.Tier != ExcellenceTier.None, cancellationToken), null),
        };
        if (user.IsInRole(Roles.Authority) || user.IsInRole(Roles.Admin))
        {
            figures.Add(new("注册企业", await db.Organizations.CountAsync(o => o.Kind == OrganizationKind.Company, cancellationToken), null));
            figures.Add(new("创新中心", await db.Organizations.CountAsync(o => o.Kind == OrganizationKind.Center, cancellationToken), null));
        }

        var roles = Roles.All.Where(user.IsInRole).ToList();
        return new DashboardDto(
            account.DisplayName,
            roles,
            organization?.Name,
            organization is null ? null : Organization.KindName(organization.Kind),
            organization is null ? null : regions.GetValueOrDefault(organization.RegionCode),
            figures,
            byCluster,
            byCity,
            byTitle);
    }
}
