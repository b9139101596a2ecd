using FluentValidation;
using Marketplace.Application.Common;
using Marketplace.Application.Engineers;
using Marketplace.Domain.Challenges;
using Marketplace.Domain.Engineers;
using Marketplace.Domain.Identity;
using Mediator;
using Microsoft.EntityFrameworkCore;

namespace Marketplace.Application.Challenges;

// Read-only queries the server-rendered pages need beside the API's use cases: the operator's queues (with the
// version an inline decision must carry), a company's counts per status, and finding engineers by name for team
// and invitation forms. None of them changes anything.

/// <summary>A listing waiting for the center, with how long it has waited and the version a decision must carry.</summary>
public sealed record QueueItemDto(
    Guid Id,
    string Title,
    string OwnerName,
    string ClusterCode,
    string CityCode,
    decimal Bounty,
    decimal SupportAmount,
    string? SupportNote,
    DateTimeOffset ApplicationDeadline,
    ChallengeStatus Status,
    Confidentiality Confidentiality,
    int RaceSlots,
    DateTimeOffset WaitingSince,
    uint Version);

/// <summary>
/// The center's work queue for one state (待审核 for review, 已交付待验题 for the workshop verification), the listing
/// that has waited longest first: waiting since it last entered the state, per the audit trail.
/// </summary>
public sealed record ListChallengeQueue(ChallengeStatus Status, int Page = 1, int Size = 50) : IQuery<PagedResult<QueueItemDto>>;

public sealed class ListChallengeQueueValidator : AbstractValidator<ListChallengeQueue>
{
    public ListChallengeQueueValidator()
    {
        RuleFor(x => x.Status).IsInEnum().NotEqual(ChallengeStatus.Draft).WithName("状态");
        RuleFor(x => x.Page).InclusiveBetween(1, 10_000).WithName("页码");
        RuleFor(x => x.Size).InclusiveBetween(1, 100).WithName("每页条数");
    }
}

public sealed class ListChallengeQueueHandler(IMarketplaceDbContext db, ICurrentUser user) : IQueryHandler<ListChallengeQueue, PagedResult<QueueItemDto>>
{
    public async ValueTask<PagedResult<QueueItemDto>> Handle(ListChallengeQueue query, CancellationToken cancellationToken)
    {
        user.RequireUserId();
        if (!await user.IsPlatformStaffAsync(db, cancellationToken))
        {
            throw new ForbiddenException("只有中心运营方可以查看审核队列。");
        }

        var waiting = db.Challenges.AsNoTracking()
            .Where(c => c.Status == query.Status)
            .Select(c => new
            {
                c.Id, c.Title, c.OwnerOrganizationId, c.ClusterCode, c.CityCode, c.Bounty, c.SupportAmount, c.SupportNote,
                c.ApplicationDeadline, c.Status, c.Confidentiality, c.RaceSlots, c.Version,
                Since = c.Audit.Where(a => a.To == c.Status).Max(a => (DateTimeOffset?)a.At) ?? c.UpdatedAt,
            });
        var total = await waiting.CountAsync(cancellationToken);
        var rows = await waiting.OrderBy(c => c.Since).ThenBy(c => c.Id)
            .Skip((query.Page - 1) * query.Size).Take(query.Size)
            .ToListAsync(cancellationToken);
        var ownerIds = rows.Select(r => r.OwnerOrganizationId).Distinct().ToList();
        var owners = await db.Organizations.AsNoTracking().Where(o => ownerIds.Contains(o.Id)).ToDictionaryAsync(o => o.Id, o => o.Name, cancellationToken);
        var items = rows.Select(r => new QueueItemDto(r.Id, r.Title, owners.GetValueOrDefault(r.OwnerOrganizationId, ""), r.ClusterCode, r.CityCode,
            r.Bounty, r.SupportAmount, r.SupportNote, r.ApplicationDeadline, r.Status, r.Confidentiality, r.RaceSlots, r.Since, r.Version)).ToList();
        return new PagedResult<QueueItemDto>(items, query.Page, query.Size, total);
    }
}

/// <summary>How many of the caller's company's listings are in each state (drafts included); empty for anyone else.</summary>
public sealed record CountMyChallenges : IQuery<IReadOnlyDictionary<ChallengeStatus, int>>;

public sealed class CountMyChallengesHandler(IMarketplaceDbContext db, ICurrentUser user) : IQueryHandler<CountMyChallenges, IReadOnlyDictionary<ChallengeStatus, int>>
{
    public async ValueTask<IReadOnlyDictionary<ChallengeStatus, int>> Handle(CountMyChallenges query, CancellationToken cancellationToken)
    {
        user.RequireUserId();
        if (!user.IsInRole(Roles.Company) || user.OrganizationId is not { } organizationId)
        {
            return new Dictionary<ChallengeStatus, int>();
        }

        return await db.Challenges.AsNoTracking()
            .Where(c => c.OwnerOrganizationId == organizationId)
            .GroupBy(c => c.Status)
            .Select(g => new { Status = g.Key, Count = g.Count() })
            .ToDictionaryAsync(g => g.Status, g => g.Count, cancellationToken);
    }
}

/// <summary>An engineer as a team or invitation form offers them: enough to tell namesakes apart.</summary>
public sealed record EngineerPickDto(Guid Id, string Name, string TitleName, string EmployerName, string CityName);

/// <summary>Engineers whose name contains the text, and/or the engineers with the given ids (to name pasted ids).</summary>
public sealed record FindEngineers(string? Name = null, IReadOnlyList<Guid>? Ids = null, int Size = 10) : IQuery<IReadOnlyList<EngineerPickDto>>;

public sealed class FindEngineersValidator : AbstractValidator<FindEngineers>
{
    public FindEngineersValidator()
    {
        RuleFor(x => x.Name).MaximumLength(EngineerProfile.NameMaxLength).WithName("姓名");
        RuleFor(x => x.Ids).Must(ids => ids is null || ids.Count <= 50).WithMessage("'工程师' 一次最多 50 位。").WithName("工程师");
        RuleFor(x => x.Size).InclusiveBetween(1, 50).WithName("每页条数");
    }
}

public sealed class FindEngineersHandler(IMarketplaceDbContext db, ICurrentUser user) : IQueryHandler<FindEngineers, IReadOnlyList<EngineerPickDto>>
{
    public async ValueTask<IReadOnlyList<EngineerPickDto>> Handle(FindEngineers query, CancellationToken cancellationToken)
    {
        user.RequireUserId();
        var found = new List<EngineerProfile>();
        if (query.Ids is { Count: > 0 } ids)
        {
            found.AddRange(await db.Engineers.AsNoTracking().Where(e => ids.Contains(e.Id)).ToListAsync(cancellationToken));
        }

        if (!string.IsNullOrWhiteSpace(query.Name))
        {
            // User text is a literal: LIKE wildcards in it are escaped, not interpreted.
            var pattern = "%" + query.Name.Trim().Replace("\\", "\\\\", StringComparison.Ordinal).Replace("%", "\\%", StringComparison.Ordinal).Replace("_", "\\_", StringComparison.Ordinal) + "%";
            found.AddRange(await db.Engineers.AsNoTracking()
                .Where(e => EF.Functions.Like(e.Name, pattern, "\\"))
                .OrderBy(e => e.Name).ThenBy(e => e.Id)
                .Take(query.Size)
                .ToListAsync(cancellationToken));
        }

        var cityCodes = found.Select(e => e.CityCode).Distinct().ToList();
        var cities = await db.Regions.AsNoTracking().Where(r => cityCodes.Contains(r.Code)).ToDictionaryAsync(r => r.Code, r => r.Name, cancellationToken);
        return found.DistinctBy(e => e.Id)
            .Select(e => new EngineerPickDto(e.Id, e.Name, EngineerVocabulary.Name(e.Title), e.EmployerName, cities.GetValueOrDefault(e.CityCode, e.CityCode)))
            .ToList();
    }
}
