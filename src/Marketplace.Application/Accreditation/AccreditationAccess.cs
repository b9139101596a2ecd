using Marketplace.Application.Common;
using Marketplace.Domain.Accreditation;
using Marketplace.Domain.Identity;
using Marketplace.Domain.Notifications;
using Marketplace.Domain.Organizations;
using Microsoft.EntityFrameworkCore;

namespace Marketplace.Application.Accreditation;

/// <summary>The caller as the accreditation sees them: the account, its organization, and the bureau level of an authority.</summary>
public sealed record AccreditationCaller(Guid UserId, Guid? OrganizationId, BureauLevel? BureauLevel, string? BureauRegion, bool IsExpert)
{
    public bool IsProvince => BureauLevel == Marketplace.Domain.Organizations.BureauLevel.Province;

    public bool IsCity => BureauLevel == Marketplace.Domain.Organizations.BureauLevel.City;

    /// <summary>
    /// The party the caller acts as on one application. An authority is province or city by its bureau's level (both hold
    /// the Authority role); anyone else in the applicant organization is the applicant; an expert is an expert. Whether the
    /// party may take a step is the domain's call (403 from there), so a city account asking for a province step is told why.
    /// </summary>
    public AccreditationActor ActorFor(CenterApplication application)
    {
        ArgumentNullException.ThrowIfNull(application);
        var party = IsProvince ? AccreditationParty.Province
            : IsCity ? AccreditationParty.CityBureau
            : OrganizationId == application.ApplicantOrganizationId ? AccreditationParty.Applicant
            : IsExpert ? AccreditationParty.Expert
            : AccreditationParty.Public;
        return new AccreditationActor(UserId, party);
    }

    public AccreditationActor AsRoundActor() => new(UserId, IsProvince ? AccreditationParty.Province : IsCity ? AccreditationParty.CityBureau : AccreditationParty.Public);

    /// <summary>Drafts are the applicant's; the province sees every submitted application, a city those of its region, an expert those assigned.</summary>
    public bool CanSee(CenterApplication application)
    {
        ArgumentNullException.ThrowIfNull(application);
        if (OrganizationId == application.ApplicantOrganizationId)
        {
            return true;
        }

        if (application.Status == CenterApplicationStatus.Draft)
        {
            return false;
        }

        return IsProvince
            || (IsCity && BureauRegion is { } region && RegionMatch.Within(application.RegionCode, region))
            || (IsExpert && application.IsAssigned(UserId));
    }

    public bool IsAuthority => IsProvince || IsCity;
}

/// <summary>Loads the caller and the aggregates they may see; what may not be seen is a 404, never a 403.</summary>
public sealed class AccreditationAccess(IMarketplaceDbContext db, ICurrentUser user)
{
    private AccreditationCaller? _caller;

    public async Task<AccreditationCaller> CallerAsync(CancellationToken ct)
    {
        if (_caller is not null)
        {
            return _caller;
        }

        var userId = user.RequireUserId();
        var organizationId = user.OrganizationId;
        BureauLevel? level = null;
        string? region = null;
        if (user.IsInRole(Roles.Authority) && organizationId is { } orgId)
        {
            var bureau = await db.Organizations.AsNoTracking()
                .Where(o => o.Id == orgId && o.Kind == OrganizationKind.GovernmentBureau)
                .Select(o => new { o.BureauLevel, o.RegionCode })
                .FirstOrDefaultAsync(ct);
            level = bureau?.BureauLevel;
            region = bureau?.RegionCode;
        }

        _caller = new AccreditationCaller(userId, organizationId, level, region, user.IsInRole(Roles.Expert));
        return _caller;
    }

    public async Task<AccreditationCaller> ProvinceAsync(CancellationToken ct)
    {
        var caller = await CallerAsync(ct);
        return caller.IsProvince ? caller : throw new ForbiddenException("只有省级主管部门可以执行该操作。");
    }

    public async Task<AccreditationCaller> AuthorityAsync(CancellationToken ct)
    {
        var caller = await CallerAsync(ct);
        return caller.IsAuthority ? caller : throw new ForbiddenException("只有主管部门可以执行该操作。");
    }

    public async Task<AccreditationRound> RoundAsync(Guid id, CancellationToken ct) =>
        await db.AccreditationRounds.FirstOrDefaultAsync(r => r.Id == id, ct) ?? throw new NotFoundException("申报轮次", id);

    public async Task<(CenterApplication Application, AccreditationCaller Caller)> ApplicationAsync(Guid id, uint? version, CancellationToken ct)
    {
        var caller = await CallerAsync(ct);
        var application = await db.CenterApplications.FirstOrDefaultAsync(a => a.Id == id, ct);
        if (application is null || !caller.CanSee(application))
        {
            throw new NotFoundException("申报", id);
        }

        if (version is { } expected && application.Version != expected)
        {
            throw new StaleVersionException();
        }

        return (application, caller);
    }

    public static void EnsureVersion(AccreditationRound round, uint? version)
    {
        ArgumentNullException.ThrowIfNull(round);
        if (version is { } expected && round.Version != expected)
        {
            throw new StaleVersionException();
        }
    }

    /// <summary>
    /// Tells every account of the applicant organization, except the one acting, in the step's own transaction
    /// (decision 20): the rows are saved with the step or not at all.
    /// </summary>
    public async Task NotifyApplicantAsync(CenterApplication application, Guid? actingUserId, string kind, string title, string body, DateTimeOffset now, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(application);
        var recipients = await db.UserAccounts.Where(u => u.OrganizationId == application.ApplicantOrganizationId).Select(u => u.Id).ToListAsync(ct);
        foreach (var recipient in recipients.Where(r => r != actingUserId))
        {
            db.Notifications.Add(Notification.Create(recipient, kind, title, body, null, null, now));
        }
    }
}
