using Marketplace.Application.Accreditation;
using Marketplace.Application.Common;
using Marketplace.Domain.Accreditation;
using Marketplace.Domain.Identity;
using Marketplace.Domain.Organizations;
using Marketplace.Domain.Training;
using Microsoft.EntityFrameworkCore;

namespace Marketplace.Application.Training;

/// <summary>
/// The caller as the training records see them. The owner organization's operator (a center's 运营 account, or the
/// account of a studio's host enterprise) writes; the province reads everything, a city bureau its own region; anyone
/// else is told the records do not exist (404), as for the accreditation.
/// </summary>
public sealed record TrainingCaller(Guid UserId, Guid? OrganizationId, bool IsWriterRole, BureauLevel? BureauLevel, string? BureauRegion)
{
    public bool IsProvince => BureauLevel == Marketplace.Domain.Organizations.BureauLevel.Province;

    public bool IsCity => BureauLevel == Marketplace.Domain.Organizations.BureauLevel.City;

    public bool IsAuthority => IsProvince || IsCity;

    /// <summary>Whether the caller records training for their own organization.</summary>
    public bool IsOwnerRole => IsWriterRole && OrganizationId is not null;

    public bool Owns(Guid ownerOrganizationId) => IsWriterRole && OrganizationId == ownerOrganizationId;

    public bool CanRead(Guid ownerOrganizationId, string regionCode) =>
        Owns(ownerOrganizationId) || IsProvince || (IsCity && BureauRegion is { } region && RegionMatch.Within(regionCode, region));
}

public sealed class TrainingAccess(IMarketplaceDbContext db, ICurrentUser user)
{
    private TrainingCaller? _caller;

    public async Task<TrainingCaller> CallerAsync(CancellationToken ct)
    {
        if (_caller is not null)
        {
            return _caller;
        }

        var userId = user.RequireUserId();
        BureauLevel? level = null;
        string? region = null;
        if (user.IsInRole(Roles.Authority) && user.OrganizationId is { } orgId)
        {
            var bureau = await db.Organizations.AsNoTracking()
                .Where(o => o.Id == orgId && o.Kind == OrganizationKind.GovernmentBureau)
                .Select(o => new { o.BureauLevel, o.RegionCode })
                .FirstOrDefaultAsync(ct);
            level = bureau?.BureauLevel;
            region = bureau?.RegionCode;
        }

        // A studio's host is an enterprise, whose accounts hold the Company role; a center's operator holds Operator.
        var writer = user.IsInRole(Roles.Operator) || user.IsInRole(Roles.Company);
        _caller = new TrainingCaller(userId, user.OrganizationId, writer, level, region);
        return _caller;
    }

    /// <summary>The caller's own organization and its region, for a new record; 404 for anyone who records no training.</summary>
    public async Task<(TrainingCaller Caller, Guid OrganizationId, string RegionCode)> OwnerAsync(CancellationToken ct)
    {
        var caller = await CallerAsync(ct);
        if (!caller.IsOwnerRole)
        {
            throw new NotFoundException("培训记录", "");
        }

        var orgId = caller.OrganizationId!.Value;
        var region = await db.Organizations.Where(o => o.Id == orgId).Select(o => o.RegionCode).FirstOrDefaultAsync(ct)
            ?? throw new NotFoundException("机构", orgId);
        return (caller, orgId, region);
    }

    /// <summary>Owners and authorities read; anyone else gets 404.</summary>
    public async Task<TrainingCaller> ReaderAsync(CancellationToken ct)
    {
        var caller = await CallerAsync(ct);
        return caller.IsOwnerRole || caller.IsAuthority ? caller : throw new NotFoundException("培训记录", "");
    }

    public async Task<TrainingEvent> EventAsync(Guid id, bool write, uint? version, CancellationToken ct)
    {
        var caller = await CallerAsync(ct);
        var training = await db.TrainingEvents.FirstOrDefaultAsync(e => e.Id == id, ct);
        if (training is null || !caller.CanRead(training.OwnerOrganizationId, training.RegionCode))
        {
            throw new NotFoundException("培训活动", id);
        }

        if (write && !caller.Owns(training.OwnerOrganizationId))
        {
            // An authority may read the record but only its owner writes it.
            throw new ForbiddenException("只有培训活动所属机构的运营账户可以修改该记录。");
        }

        EnsureVersion(training.Version, version);
        return training;
    }

    public async Task<MentorPairing> PairingAsync(Guid id, bool write, uint? version, CancellationToken ct)
    {
        var caller = await CallerAsync(ct);
        var pairing = await db.MentorPairings.FirstOrDefaultAsync(p => p.Id == id, ct);
        if (pairing is null || !caller.CanRead(pairing.OwnerOrganizationId, pairing.RegionCode))
        {
            throw new NotFoundException("传帮带结对", id);
        }

        if (write && !caller.Owns(pairing.OwnerOrganizationId))
        {
            throw new ForbiddenException("只有结对所属机构的运营账户可以修改该记录。");
        }

        EnsureVersion(pairing.Version, version);
        return pairing;
    }

    /// <summary>
    /// Narrows a query to what the caller reads: the owner its own organization, a city its region, the province all.
    /// </summary>
    public static IQueryable<TrainingEvent> Visible(IQueryable<TrainingEvent> events, TrainingCaller caller)
    {
        ArgumentNullException.ThrowIfNull(caller);
        if (caller.IsProvince)
        {
            return events;
        }

        if (caller.IsCity)
        {
            var prefix = ListRoundApplicationsHandler.CityPrefix(caller.BureauRegion ?? "");
            return events.Where(e => e.RegionCode.StartsWith(prefix));
        }

        var org = caller.OrganizationId;
        return events.Where(e => e.OwnerOrganizationId == org);
    }

    public static IQueryable<MentorPairing> Visible(IQueryable<MentorPairing> pairings, TrainingCaller caller)
    {
        ArgumentNullException.ThrowIfNull(caller);
        if (caller.IsProvince)
        {
            return pairings;
        }

        if (caller.IsCity)
        {
            var prefix = ListRoundApplicationsHandler.CityPrefix(caller.BureauRegion ?? "");
            return pairings.Where(e => e.RegionCode.StartsWith(prefix));
        }

        var org = caller.OrganizationId;
        return pairings.Where(e => e.OwnerOrganizationId == org);
    }

    private static void EnsureVersion(uint actual, uint? expected)
    {
        if (expected is { } v && v != actual)
        {
            throw new StaleVersionException();
        }
    }
}
