using System.Linq.Expressions;
using FluentValidation;
using Marketplace.Application.Common;
using Marketplace.Domain.Challenges;
using Marketplace.Domain.Engineers;
using Marketplace.Domain.Identity;
using Mediator;
using Microsoft.EntityFrameworkCore;

namespace Marketplace.Application.Engineers;

// 区域产业人才图谱 (seed 001 §6(二)): who is where, in which cluster, with which title or tier, and where open demand
// exceeds the engineers available today. Every figure is a GROUP BY in PostgreSQL; only the aggregated rows (at most
// cities × clusters × categories) reach the application, whatever the number of engineers.

/// <summary>How the head count is broken down besides city and cluster.</summary>
public enum TalentBreakdown
{
    /// <summary>职称.</summary>
    Title = 0,

    /// <summary>卓越工程师层级.</summary>
    Tier = 1,
}

/// <summary>
/// The talent map for the province, or one prefecture (<paramref name="City"/>) and/or one cluster. <paramref name="By"/>
/// is "title" (default) or "tier".
/// </summary>
public sealed record GetTalentMap(string? Cluster = null, string? City = null, string? By = null) : IQuery<TalentMapDto>;

/// <summary>
/// "full" for authorities, operators and admins: the city × cluster cells, the title/tier cube and demand against supply.
/// "aggregate" for everyone else: only the per-cluster and per-city totals of the whole province (see docs/decisions.md).
/// </summary>
public sealed record TalentMapDto(
    string Scope,
    DateOnly Today,
    string? Cluster,
    string? City,
    TalentBreakdown? By,
    int TotalEngineers,
    IReadOnlyList<TalentMargin> Clusters,
    IReadOnlyList<TalentMargin> Cities,
    IReadOnlyList<TalentCell>? Cells,
    IReadOnlyList<TalentMargin>? Categories,
    IReadOnlyList<TalentCubeCell>? Breakdown,
    IReadOnlyList<DemandSupplyRow>? DemandSupply,
    IReadOnlyList<DemandSupplyMargin>? DemandSupplyByCluster,
    IReadOnlyList<string> Notes)
{
    public const string FullScope = "full";
    public const string AggregateScope = "aggregate";
}

/// <summary>A row or column total: engineers counted once each.</summary>
public sealed record TalentMargin(string Code, string Name, int Engineers);

/// <summary>Engineers of one city in one cluster (a heat-map cell).</summary>
public sealed record TalentCell(string CityCode, string ClusterCode, int Engineers);

/// <summary>Engineers of one city in one cluster holding one title or tier.</summary>
public sealed record TalentCubeCell(string CityCode, string ClusterCode, string Category, int Engineers);

/// <summary>Whether the engineers available today can take on a (city, cluster)'s open listings.</summary>
public enum SupplyGap
{
    /// <summary>At least one available engineer with a required skill per open listing.</summary>
    None = 0,

    /// <summary>Some, but fewer than one per open listing.</summary>
    Insufficient = 1,

    /// <summary>Open listings and nobody available with any of their skills.</summary>
    NoSupply = 2,
}

/// <summary>
/// Open demand against today's supply in one city and cluster. <see cref="Supply"/>: engineers of that city and cluster
/// available today holding at least one of <see cref="SkillNames"/>; <see cref="Ratio"/> = supply ÷ listings.
/// </summary>
public sealed record DemandSupplyRow(
    string CityCode,
    string CityName,
    string ClusterCode,
    string ClusterName,
    int Listings,
    int RequiredSkills,
    IReadOnlyList<string> SkillNames,
    int AvailableInCluster,
    int Supply,
    decimal Ratio,
    SupplyGap Gap,
    string GapName);

/// <summary>Open listings and matching available engineers of one cluster, summed over its cities.</summary>
public sealed record DemandSupplyMargin(string ClusterCode, string ClusterName, int Listings, int Supply);

public sealed class GetTalentMapValidator : AbstractValidator<GetTalentMap>
{
    public GetTalentMapValidator()
    {
        RuleFor(x => x.Cluster).MaximumLength(64).WithName("产业集群");
        RuleFor(x => x.City).MaximumLength(6).WithName("市州");
        RuleFor(x => x.By)
            .Must(by => by is null || TalentMapRules.ParseBreakdown(by) is not null)
            .WithMessage("分组方式只能是 title（职称）或 tier（卓越工程师层级）。")
            .WithName("分组方式");
    }
}

/// <summary>The definitions the map rests on, in one place so the page, the API and the tests agree.</summary>
public static class TalentMapRules
{
    /// <summary>
    /// Listings that still need a taker: published and taking applications, closed for applications, or under
    /// evaluation. From 已定榜 on an engineer has been engaged, so the listing no longer asks the pool for anyone.
    /// </summary>
    public static readonly IReadOnlyList<ChallengeStatus> OpenDemandStatuses =
        [ChallengeStatus.Published, ChallengeStatus.ApplicationsClosed, ChallengeStatus.UnderEvaluation];

    /// <summary>Below this many available engineers per open listing a (city, cluster) is flagged short.</summary>
    public const decimal LowRatio = 1m;

    /// <summary>Hunan's calendar day: availability dates are days in China, not in UTC.</summary>
    public static readonly TimeSpan ChinaOffset = TimeSpan.FromHours(8);

    public static DateOnly Today(TimeProvider clock) => DateOnly.FromDateTime(clock.GetUtcNow().ToOffset(ChinaOffset).DateTime);

    /// <summary>
    /// <see cref="EngineerProfile.IsAvailableOn"/> as an expression PostgreSQL can evaluate; the tests compare both on
    /// the seeded engineers.
    /// </summary>
    public static Expression<Func<EngineerProfile, bool>> AvailableOn(DateOnly day) => e =>
        e.HoursPerMonth > 0
        && (e.AvailableFrom == null || e.AvailableFrom <= day)
        && (e.AvailableUntil == null || e.AvailableUntil >= day);

    public static SupplyGap Gap(int listings, int supply) =>
        listings == 0 ? SupplyGap.None
        : supply == 0 ? SupplyGap.NoSupply
        : (decimal)supply / listings < LowRatio ? SupplyGap.Insufficient
        : SupplyGap.None;

    public static string GapName(SupplyGap gap) => gap switch
    {
        SupplyGap.NoSupply => "无人可供",
        SupplyGap.Insufficient => "供给不足",
        _ => "供需匹配",
    };

    public static TalentBreakdown? ParseBreakdown(string? by) => by?.Trim().ToLowerInvariant() switch
    {
        null or "" or "title" => TalentBreakdown.Title,
        "tier" => TalentBreakdown.Tier,
        _ => null,
    };

    /// <summary>Authorities (provincial and city bureaus), center operators and admins see the full map.</summary>
    public static bool SeesFullMap(ICurrentUser user) =>
        user.IsInRole(Roles.Authority) || user.IsInRole(Roles.Operator) || user.IsInRole(Roles.Admin);
}

public sealed class GetTalentMapHandler(IMarketplaceDbContext db, ICurrentUser user, TimeProvider clock)
    : IQueryHandler<GetTalentMap, TalentMapDto>
{
    private const int MaxSkillNames = 5;

    public async ValueTask<TalentMapDto> Handle(GetTalentMap query, CancellationToken cancellationToken)
    {
        user.RequireUserId();
        var cluster = Blank(query.Cluster);
        var city = Blank(query.City);
        var by = TalentMapRules.ParseBreakdown(query.By) ?? TalentBreakdown.Title;

        if (cluster is not null)
        {
            await ReferenceChecks.EnsureClustersExist(db, [cluster], cancellationToken, "cluster");
        }

        var allCities = await db.Regions.AsNoTracking().Where(r => r.Level == 2).OrderBy(r => r.Sort)
            .Select(r => new TalentMargin(r.Code, r.Name, 0)).ToListAsync(cancellationToken);
        if (city is not null)
        {
            await ReferenceChecks.EnsureRegionExists(db, city, cancellationToken, "city");
            if (allCities.All(c => c.Code != city))
            {
                throw new ValidationException([new FluentValidation.Results.ValidationFailure("city", $"{city} 不是市州代码；全省视图请不传 city。")]);
            }
        }

        var allClusters = await db.Clusters.AsNoTracking().OrderBy(c => c.Sort)
            .Select(c => new TalentMargin(c.Code, c.Name, 0)).ToListAsync(cancellationToken);
        var today = TalentMapRules.Today(clock);
        var notes = new List<string>
        {
            "一名工程师属于多个产业集群时在每个集群各计一次，所以各集群人数之和可能大于工程师总数；市州合计与总数按人计，不重复。",
        };

        if (!TalentMapRules.SeesFullMap(user))
        {
            return await AggregateAsync(cluster is not null || city is not null, allCities, allClusters, today, notes, cancellationToken);
        }

        var pool = db.Engineers.AsNoTracking();
        if (city is not null)
        {
            pool = pool.Where(e => e.CityCode == city);
        }

        if (cluster is not null)
        {
            pool = pool.Where(e => e.ClusterCodes.Contains(cluster));
        }

        // One engineer, one city, one title and one tier: per-city and per-category totals count people once.
        var perCityCategory = by == TalentBreakdown.Title
            ? await pool.GroupBy(e => new { e.CityCode, Category = (int)e.Title })
                .Select(g => new { g.Key.CityCode, g.Key.Category, Count = g.Count() }).ToListAsync(cancellationToken)
            : await pool.GroupBy(e => new { e.CityCode, Category = (int)e.Tier })
                .Select(g => new { g.Key.CityCode, g.Key.Category, Count = g.Count() }).ToListAsync(cancellationToken);

        // The cluster list is a text[] column: unnest it (SelectMany) and group by its elements.
        var memberships = pool.SelectMany(e => e.ClusterCodes, (e, c) => new { e.CityCode, Cluster = c, e.Title, e.Tier });
        if (cluster is not null)
        {
            memberships = memberships.Where(m => m.Cluster == cluster);
        }

        var cube = by == TalentBreakdown.Title
            ? await memberships.GroupBy(m => new { m.CityCode, m.Cluster, Category = (int)m.Title })
                .Select(g => new { g.Key.CityCode, g.Key.Cluster, g.Key.Category, Count = g.Count() }).ToListAsync(cancellationToken)
            : await memberships.GroupBy(m => new { m.CityCode, m.Cluster, Category = (int)m.Tier })
                .Select(g => new { g.Key.CityCode, g.Key.Cluster, g.Key.Category, Count = g.Count() }).ToListAsync(cancellationToken);

        var cities = city is null ? allCities : allCities.Where(c => c.Code == city).ToList();
        var clusters = cluster is null ? allClusters : allClusters.Where(c => c.Code == cluster).ToList();
        var categories = Categories(by);

        var cells = (
            from ci in cities
            from cl in clusters
            select new TalentCell(ci.Code, cl.Code, cube.Where(x => x.CityCode == ci.Code && x.Cluster == cl.Code).Sum(x => x.Count))).ToList();
        var cityMargins = cities.Select(c => c with { Engineers = perCityCategory.Where(x => x.CityCode == c.Code).Sum(x => x.Count) }).ToList();
        var clusterMargins = clusters.Select(c => c with { Engineers = cells.Where(x => x.ClusterCode == c.Code).Sum(x => x.Engineers) }).ToList();
        var categoryMargins = categories.Select(c => new TalentMargin(c.Code, c.Name, perCityCategory.Where(x => x.Category == c.Value).Sum(x => x.Count))).ToList();
        var breakdown = cube
            .Select(x => new TalentCubeCell(x.CityCode, x.Cluster, categories.First(c => c.Value == x.Category).Code, x.Count))
            .OrderBy(x => x.CityCode, StringComparer.Ordinal).ThenBy(x => x.ClusterCode, StringComparer.Ordinal).ThenBy(x => x.Category, StringComparer.Ordinal)
            .ToList();

        var unclustered = cluster is null ? await pool.CountAsync(e => e.ClusterCodes.Count == 0, cancellationToken) : 0;
        if (unclustered > 0)
        {
            notes.Add($"{unclustered} 名工程师未填写产业集群：计入市州合计与总数，不出现在集群列中。");
        }

        var (rows, byCluster) = await DemandSupplyAsync(city, cluster, today, cities, clusters, cancellationToken);
        notes.Add($"需求：揭榜中、揭榜截止、评审中（尚未定榜）的榜单，按榜单所在市州与所属集群统计。供给：今日（{today:yyyy-MM-dd}）可服务"
            + "（每月可服务时长大于 0 且今日在可服务期内）、同市州同集群、至少具备该组榜单一项所需技能的工程师。");
        notes.Add($"供需比 = 供给人数 ÷ 需求榜单数；无人可供或低于 {TalentMapRules.LowRatio:0.##} 记为缺口。");

        return new TalentMapDto(
            TalentMapDto.FullScope, today, cluster, city, by,
            cityMargins.Sum(c => c.Engineers),
            clusterMargins, cityMargins, cells, categoryMargins, breakdown, rows, byCluster, notes);
    }

    /// <summary>
    /// The aggregate every signed-in user may see: the province's per-cluster and per-city totals. Filters are not
    /// applied, because a filtered margin (a city's count within one cluster) would be a cross cell.
    /// </summary>
    private async Task<TalentMapDto> AggregateAsync(
        bool filtersGiven, List<TalentMargin> allCities, List<TalentMargin> allClusters, DateOnly today, List<string> notes, CancellationToken ct)
    {
        var engineers = db.Engineers.AsNoTracking();
        var perCity = await engineers.GroupBy(e => e.CityCode).Select(g => new { g.Key, Count = g.Count() }).ToListAsync(ct);
        var perCluster = await engineers.SelectMany(e => e.ClusterCodes).GroupBy(c => c).Select(g => new { g.Key, Count = g.Count() }).ToListAsync(ct);

        var cities = allCities.Select(c => c with { Engineers = perCity.FirstOrDefault(x => x.Key == c.Code)?.Count ?? 0 }).ToList();
        var clusters = allClusters.Select(c => c with { Engineers = perCluster.FirstOrDefault(x => x.Key == c.Code)?.Count ?? 0 }).ToList();
        notes.Add("当前账户可查看全省汇总：按产业集群与按市州的合计人数；市州×集群交叉、职称与层级分布、供需明细仅对主管部门与中心运营方开放。");
        if (filtersGiven)
        {
            notes.Add("汇总视图不按产业集群或市州筛选，筛选条件未应用。");
        }

        return new TalentMapDto(
            TalentMapDto.AggregateScope, today, null, null, null, perCity.Sum(x => x.Count),
            clusters, cities, null, null, null, null, null, notes);
    }

    private async Task<(List<DemandSupplyRow> Rows, List<DemandSupplyMargin> ByCluster)> DemandSupplyAsync(
        string? city, string? cluster, DateOnly today, List<TalentMargin> cities, List<TalentMargin> clusters, CancellationToken ct)
    {
        var open = db.Challenges.AsNoTracking().Where(c => TalentMapRules.OpenDemandStatuses.Contains(c.Status));
        if (city is not null)
        {
            open = open.Where(c => c.CityCode == city);
        }

        if (cluster is not null)
        {
            open = open.Where(c => c.ClusterCode == cluster);
        }

        var listings = await open.GroupBy(c => new { c.CityCode, c.ClusterCode })
            .Select(g => new { g.Key.CityCode, g.Key.ClusterCode, Count = g.Count() }).ToListAsync(ct);
        var demandSkills = open.SelectMany(c => c.SkillCodes, (c, s) => new { c.CityCode, c.ClusterCode, Skill = s });
        var skills = await demandSkills.Distinct().ToListAsync(ct);

        var available = db.Engineers.AsNoTracking().Where(TalentMapRules.AvailableOn(today));
        if (city is not null)
        {
            available = available.Where(e => e.CityCode == city);
        }

        var availableMemberships = available.SelectMany(e => e.ClusterCodes, (e, c) => new { Engineer = e, Cluster = c });
        if (cluster is not null)
        {
            availableMemberships = availableMemberships.Where(m => m.Cluster == cluster);
        }

        var availableInCluster = await availableMemberships
            .GroupBy(m => new { m.Engineer.CityCode, m.Cluster })
            .Select(g => new { g.Key.CityCode, g.Key.Cluster, Count = g.Count() }).ToListAsync(ct);

        // Each engineer counts once per (city, cluster) however many of the required skills they hold.
        var supply = await availableMemberships
            .Where(m => demandSkills.Any(d => d.CityCode == m.Engineer.CityCode && d.ClusterCode == m.Cluster
                && m.Engineer.Skills.Any(s => s.SkillCode == d.Skill)))
            .GroupBy(m => new { m.Engineer.CityCode, m.Cluster })
            .Select(g => new { g.Key.CityCode, g.Key.Cluster, Count = g.Count() }).ToListAsync(ct);

        var skillCodes = skills.Select(s => s.Skill).Distinct().ToList();
        var skillNames = await db.Skills.AsNoTracking().Where(s => skillCodes.Contains(s.Code)).ToDictionaryAsync(s => s.Code, s => s.Name, ct);
        var cityNames = cities.ToDictionary(c => c.Code, c => c.Name);
        var clusterNames = clusters.ToDictionary(c => c.Code, c => c.Name);

        var rows = listings
            .Where(l => cityNames.ContainsKey(l.CityCode) && clusterNames.ContainsKey(l.ClusterCode))
            .Select(l =>
            {
                var required = skills.Where(s => s.CityCode == l.CityCode && s.ClusterCode == l.ClusterCode)
                    .Select(s => skillNames.GetValueOrDefault(s.Skill, s.Skill)).Order(StringComparer.Ordinal).ToList();
                var inCluster = availableInCluster.FirstOrDefault(a => a.CityCode == l.CityCode && a.Cluster == l.ClusterCode)?.Count ?? 0;
                var matching = supply.FirstOrDefault(a => a.CityCode == l.CityCode && a.Cluster == l.ClusterCode)?.Count ?? 0;
                var gap = TalentMapRules.Gap(l.Count, matching);
                return new DemandSupplyRow(
                    l.CityCode, cityNames[l.CityCode], l.ClusterCode, clusterNames[l.ClusterCode], l.Count, required.Count,
                    required.Take(MaxSkillNames).ToList(), inCluster, matching, decimal.Round((decimal)matching / l.Count, 2),
                    gap, TalentMapRules.GapName(gap));
            })
            .OrderByDescending(r => r.Gap).ThenBy(r => r.Ratio).ThenByDescending(r => r.Listings)
            .ThenBy(r => r.CityCode, StringComparer.Ordinal).ThenBy(r => r.ClusterCode, StringComparer.Ordinal)
            .ToList();
        var byCluster = clusters
            .Select(c => new DemandSupplyMargin(c.Code, c.Name,
                rows.Where(r => r.ClusterCode == c.Code).Sum(r => r.Listings),
                rows.Where(r => r.ClusterCode == c.Code).Sum(r => r.Supply)))
            .ToList();
        return (rows, byCluster);
    }

    private static List<(int Value, string Code, string Name)> Categories(TalentBreakdown by) => by == TalentBreakdown.Title
        ? Enum.GetValues<ProfessionalTitle>().OrderByDescending(t => t)
            .Select(t => ((int)t, EngineerVocabulary.Code(t), EngineerVocabulary.Name(t))).ToList()
        : Enum.GetValues<ExcellenceTier>().Where(t => t != ExcellenceTier.None).Append(ExcellenceTier.None)
            .Select(t => ((int)t, EngineerVocabulary.Code(t), EngineerVocabulary.Name(t))).ToList();

    private static string? Blank(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();
}
