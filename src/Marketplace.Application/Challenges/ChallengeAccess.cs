using Marketplace.Application.Common;
using Marketplace.Domain.Challenges;
using Marketplace.Domain.Identity;
using Microsoft.EntityFrameworkCore;

namespace Marketplace.Application.Challenges;

/// <summary>
/// Works out who the caller is relative to a listing (owner, center, engineer, taker, expert) and loads listings the
/// caller may know about. A listing the caller may not see is "not found", never "forbidden": an invite-only listing
/// must not be confirmed to exist.
/// </summary>
public sealed class ChallengeAccess(IMarketplaceDbContext db, ICurrentUser user)
{
    private Guid? _engineerId;
    private bool _engineerLoaded;
    private bool? _staff;

    private async Task<bool> IsStaffAsync(CancellationToken ct) => _staff ??= await user.IsPlatformStaffAsync(db, ct);

    public async Task<Guid?> EngineerIdAsync(CancellationToken ct)
    {
        if (!_engineerLoaded && user.IsInRole(Roles.Engineer) && user.UserId is { } userId)
        {
            _engineerId = await db.Engineers.Where(e => e.UserId == userId).Select(e => (Guid?)e.Id).FirstOrDefaultAsync(ct);
        }

        _engineerLoaded = true;
        return _engineerId;
    }

    public async Task<ChallengeActor> ActorAsync(Challenge challenge, CancellationToken ct)
    {
        var userId = user.RequireUserId();
        if (user.IsInRole(Roles.Company) && user.OrganizationId == challenge.OwnerOrganizationId)
        {
            return new ChallengeActor(userId, ChallengeParty.Owner);
        }

        if (await IsStaffAsync(ct))
        {
            return new ChallengeActor(userId, ChallengeParty.Operator);
        }

        // An expert acts as one only on listings whose panel they sit on; anywhere else they read like anyone.
        if (user.IsInRole(Roles.Expert) && challenge.PanelUserIds.Contains(userId))
        {
            return new ChallengeActor(userId, ChallengeParty.Expert);
        }

        if (await EngineerIdAsync(ct) is { } engineerId)
        {
            return new ChallengeActor(userId, challenge.PartyForEngineer(engineerId), engineerId);
        }

        // Other companies and authorities read published listings like any engineer without acting on them.
        return new ChallengeActor(userId, ChallengeParty.Engineer);
    }

    /// <summary>Loads a listing for reading or acting, or 404 when the caller may not know it exists.</summary>
    public async Task<(Challenge Challenge, ChallengeActor Actor)> LoadAsync(Guid id, CancellationToken ct)
    {
        var challenge = await db.Challenges.FirstOrDefaultAsync(c => c.Id == id, ct)
            ?? throw new NotFoundException("榜单", id);
        var actor = await ActorAsync(challenge, ct);
        return challenge.IsVisibleTo(actor) ? (challenge, actor) : throw new NotFoundException("榜单", id);
    }

    /// <summary>The listings the caller may see, as a query the list filters compose with.</summary>
    public async Task<IQueryable<Challenge>> VisibleAsync(CancellationToken ct)
    {
        var challenges = db.Challenges.AsNoTracking();
        if (await IsStaffAsync(ct))
        {
            return challenges.Where(c => c.Status != ChallengeStatus.Draft);
        }

        var organizationId = user.IsInRole(Roles.Company) ? user.OrganizationId : null;
        var engineerId = await EngineerIdAsync(ct);
        var expertId = user.IsInRole(Roles.Expert) ? user.UserId : null;
        return challenges.Where(c =>
            c.OwnerOrganizationId == organizationId
            || (expertId != null && c.Status != ChallengeStatus.Draft && c.Status != ChallengeStatus.Submitted && c.PanelUserIds.Contains(expertId.Value))
            || (c.Status != ChallengeStatus.Draft && c.Status != ChallengeStatus.Submitted
                && (c.Confidentiality != Confidentiality.InviteOnly
                    || (engineerId != null && (c.InvitedEngineerIds.Contains(engineerId.Value) || c.Awards.Any(a => a.Shares.Any(s => s.EngineerId == engineerId)))))));
    }
}
