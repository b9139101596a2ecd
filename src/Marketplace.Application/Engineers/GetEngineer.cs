using Marketplace.Application.Common;
using Marketplace.Domain.Engineers;
using Marketplace.Domain.Identity;
using Mediator;
using Microsoft.EntityFrameworkCore;

namespace Marketplace.Application.Engineers;

/// <summary>An engineer's public profile; contact details only for those the contact policy allows.</summary>
public sealed record GetEngineer(Guid Id) : IQuery<EngineerDetailDto>;

public sealed class GetEngineerHandler(IMarketplaceDbContext db, ICurrentUser user, TimeProvider clock) : IQueryHandler<GetEngineer, EngineerDetailDto>
{
    public async ValueTask<EngineerDetailDto> Handle(GetEngineer query, CancellationToken cancellationToken)
    {
        var profile = await db.Engineers.AsNoTracking().FirstOrDefaultAsync(e => e.Id == query.Id, cancellationToken)
            ?? throw new NotFoundException("工程师", query.Id);
        return await EngineerLookups.ToDetailAsync(db, user, clock, profile, cancellationToken);
    }
}

/// <summary>The signed-in engineer's own profile.</summary>
public sealed record GetMyEngineerProfile : IQuery<EngineerDetailDto>;

public sealed class GetMyEngineerProfileHandler(IMarketplaceDbContext db, ICurrentUser user, TimeProvider clock) : IQueryHandler<GetMyEngineerProfile, EngineerDetailDto>
{
    public async ValueTask<EngineerDetailDto> Handle(GetMyEngineerProfile query, CancellationToken cancellationToken)
    {
        var userId = user.RequireUserId();
        var profile = await db.Engineers.AsNoTracking().FirstOrDefaultAsync(e => e.UserId == userId, cancellationToken)
            ?? throw new NotFoundException("当前账户尚未建立工程师档案。");
        return await EngineerLookups.ToDetailAsync(db, user, clock, profile, cancellationToken);
    }
}

internal static class EngineerLookups
{
    public static async Task<EngineerDetailDto> ToDetailAsync(
        IMarketplaceDbContext db, ICurrentUser user, TimeProvider clock, EngineerProfile profile, CancellationToken ct)
    {
        var skillCodes = profile.Skills.Select(s => s.SkillCode).ToList();
        var skillNames = await db.Skills.AsNoTracking().Where(s => skillCodes.Contains(s.Code)).ToDictionaryAsync(s => s.Code, s => s.Name, ct);
        var cityNames = await db.Regions.AsNoTracking().Where(r => r.Code == profile.CityCode).ToDictionaryAsync(r => r.Code, r => r.Name, ct);
        var isSelf = user.UserId == profile.UserId;
        var isStaff = await user.IsPlatformStaffAsync(db, ct);
        var isEngagedCompany = !isSelf && !isStaff && user.IsInRole(Roles.Company) && user.OrganizationId is { } organizationId
            && await EngineerEngagement.IsEngagedAsync(db, organizationId, profile.Id, ct);
        var visible = ContactPolicy.CanSeeContact(isSelf, isStaff, isEngagedCompany);

        // Verified credentials are public; pending and rejected ones only for the engineer and the center.
        var full = isSelf || isStaff;
        var ofEngineer = db.EngineerCredentials.AsNoTracking().Where(c => c.EngineerId == profile.Id);
        var rows = await (full
                ? ofEngineer.Where(c => c.Status != CredentialStatus.Removed)
                : ofEngineer.Where(c => c.Status == CredentialStatus.Verified))
            .ToListAsync(ct);
        var credentials = rows.OrderBy(c => c.Status).ThenByDescending(c => c.IssuedOn).ThenBy(c => c.Id).ToList();
        var today = CredentialRules.Today(clock);
        return EngineerMapper.ToDetail(profile, skillNames, cityNames, visible,
            credentials.Select(c => CredentialDto.From(c, today, full)).ToList(),
            credentials.Count(c => c.IsValidOn(today)));
    }
}
