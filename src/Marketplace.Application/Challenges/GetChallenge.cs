using FluentValidation;
using Marketplace.Application.Common;
using Marketplace.Application.Engineers;
using Marketplace.Domain.Challenges;
using Mediator;
using Microsoft.EntityFrameworkCore;

namespace Marketplace.Application.Challenges;

public sealed record GetChallenge(Guid Id) : IQuery<ChallengeDetailDto>;

public sealed class GetChallengeHandler(ChallengeAccess access, ChallengeWorkflow workflow) : IQueryHandler<GetChallenge, ChallengeDetailDto>
{
    public async ValueTask<ChallengeDetailDto> Handle(GetChallenge query, CancellationToken cancellationToken)
    {
        var (challenge, actor) = await access.LoadAsync(query.Id, cancellationToken);
        return ChallengeViews.Detail(challenge, actor, await workflow.ViewExtrasAsync(challenge, actor, cancellationToken));
    }
}

public enum ChallengeSort
{
    Newest = 0,
    BountyHighToLow = 1,
    DeadlineSoonest = 2,
}

/// <summary>Browse the listings the caller may see: by cluster, skill, city, bounty range and status.</summary>
public sealed record ListChallenges(
    string? Cluster = null,
    string? Skill = null,
    string? City = null,
    decimal? MinBounty = null,
    decimal? MaxBounty = null,
    ChallengeStatus? Status = null,
    ChallengeSort Sort = ChallengeSort.Newest,
    int Page = 1,
    int Size = 20,
    string? Query = null,
    bool Mine = false) : IQuery<PagedResult<ChallengeSummaryDto>>;

public sealed class ListChallengesValidator : AbstractValidator<ListChallenges>
{
    public ListChallengesValidator()
    {
        RuleFor(x => x.Page).InclusiveBetween(1, 10_000).WithName("页码");
        RuleFor(x => x.Size).InclusiveBetween(1, 100).WithName("每页条数");
        RuleFor(x => x.Cluster).MaximumLength(50).WithName("产业集群");
        RuleFor(x => x.Skill).MaximumLength(50).WithName("技能");
        RuleFor(x => x.City).MaximumLength(6).WithName("市州");
        RuleFor(x => x.MinBounty).GreaterThanOrEqualTo(0).When(x => x.MinBounty is not null).WithName("最低悬赏");
        RuleFor(x => x.MaxBounty).GreaterThanOrEqualTo(x => x.MinBounty ?? 0).When(x => x.MaxBounty is not null).WithName("最高悬赏");
        RuleFor(x => x.Status).IsInEnum().WithName("状态");
        RuleFor(x => x.Sort).IsInEnum().WithName("排序");
        RuleFor(x => x.Query).MaximumLength(50).WithName("关键词");
    }
}

public sealed class ListChallengesHandler(ChallengeAccess access, ICurrentUser user) : IQueryHandler<ListChallenges, PagedResult<ChallengeSummaryDto>>
{
    public async ValueTask<PagedResult<ChallengeSummaryDto>> Handle(ListChallenges q, CancellationToken cancellationToken)
    {
        var query = await access.VisibleAsync(cancellationToken);
        if (q.Mine)
        {
            // "Mine": a company's own listings (drafts included); an engineer's awarded work; nothing for other roles.
            var organizationId = user.IsInRole(Domain.Identity.Roles.Company) ? user.OrganizationId : null;
            var engineerId = await access.EngineerIdAsync(cancellationToken);
            query = query.Where(c => (organizationId != null && c.OwnerOrganizationId == organizationId)
                || (engineerId != null && c.Awards.Any(a => a.Shares.Any(s => s.EngineerId == engineerId))));
        }

        if (!string.IsNullOrWhiteSpace(q.Query))
        {
            // User text is a literal: LIKE wildcards in it are escaped, not interpreted.
            var pattern = "%" + q.Query.Trim().Replace("\\", "\\\\", StringComparison.Ordinal).Replace("%", "\\%", StringComparison.Ordinal).Replace("_", "\\_", StringComparison.Ordinal) + "%";
            query = query.Where(c => EF.Functions.Like(c.Title, pattern, "\\"));
        }

        if (!string.IsNullOrEmpty(q.Cluster))
        {
            query = query.Where(c => c.ClusterCode == q.Cluster);
        }

        if (!string.IsNullOrEmpty(q.Skill))
        {
            query = query.Where(c => c.SkillCodes.Contains(q.Skill));
        }

        if (!string.IsNullOrEmpty(q.City))
        {
            query = query.Where(c => c.CityCode == q.City);
        }

        if (q.MinBounty is { } min)
        {
            query = query.Where(c => c.Bounty + c.SupportAmount >= min);
        }

        if (q.MaxBounty is { } max)
        {
            query = query.Where(c => c.Bounty + c.SupportAmount <= max);
        }

        if (q.Status is { } status)
        {
            query = query.Where(c => c.Status == status);
        }

        query = q.Sort switch
        {
            ChallengeSort.BountyHighToLow => query.OrderByDescending(c => c.Bounty + c.SupportAmount).ThenBy(c => c.Id),
            ChallengeSort.DeadlineSoonest => query.OrderBy(c => c.ApplicationDeadline).ThenBy(c => c.Id),
            _ => query.OrderByDescending(c => c.CreatedAt).ThenBy(c => c.Id),
        };

        var total = await query.CountAsync(cancellationToken);
        var rows = await query.Skip((q.Page - 1) * q.Size).Take(q.Size)
            .Select(c => new { c.Id, c.Title, c.ClusterCode, c.CityCode, c.Bounty, c.SupportAmount, c.ApplicationDeadline, c.Status, c.Confidentiality, c.RaceSlots, c.PublishedAt })
            .ToListAsync(cancellationToken);
        var items = rows.Select(c => new ChallengeSummaryDto(c.Id, c.Title, c.ClusterCode, c.CityCode, c.Bounty, c.SupportAmount,
            c.ApplicationDeadline, c.Status, c.Status.Chinese(), c.Confidentiality, c.RaceSlots, c.PublishedAt)).ToList();
        return new PagedResult<ChallengeSummaryDto>(items, q.Page, q.Size, total);
    }
}
