using Marketplace.Application.Common;
using Marketplace.Domain.Challenges;
using Marketplace.Domain.Identity;
using Marketplace.Domain.Notifications;
using Microsoft.EntityFrameworkCore;

namespace Marketplace.Application.Challenges;

/// <summary>
/// Collects who must be told about a step on a listing and stores one notification per recipient in the step's own
/// transaction (the live-services hub delivers stored rows later). Audiences are named by their role on the listing
/// and resolved to accounts only at the end, so a step says "tell the takers" without knowing who they are.
/// </summary>
public sealed class ChallengeNotifier(IMarketplaceDbContext db)
{
    private readonly List<(Audience Audience, IReadOnlyCollection<Guid> Ids, string Kind, string Title, string Body)> _pending = [];

    public enum Audience
    {
        /// <summary>The accounts of the company that posted the listing.</summary>
        Owner,

        /// <summary>Every center operator (the review queue).</summary>
        Operators,

        /// <summary>Members of the listing's active awards.</summary>
        Takers,

        /// <summary>Members of every application on the listing that is still in play or was awarded.</summary>
        Applicants,

        /// <summary>The engineers given by id.</summary>
        Engineers,

        /// <summary>The accounts given by id.</summary>
        Users,
    }

    public ChallengeNotifier Tell(Audience audience, string kind, string title, string body) => Tell(audience, [], kind, title, body);

    public ChallengeNotifier Tell(Audience audience, IReadOnlyCollection<Guid> ids, string kind, string title, string body)
    {
        _pending.Add((audience, ids, kind, title, body));
        return this;
    }

    public void Clear() => _pending.Clear();

    /// <summary>Adds the notifications to the unit of work; the caller's SaveChanges stores them with the step.</summary>
    public async Task FlushAsync(Challenge challenge, ChallengeActor actor, DateTimeOffset now, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(challenge);
        ArgumentNullException.ThrowIfNull(actor);
        var link = $"/Challenges/Details/{challenge.Id}";
        foreach (var (audience, ids, kind, title, body) in _pending)
        {
            var recipients = await ResolveAsync(challenge, audience, ids, ct);
            foreach (var userId in recipients.Where(u => u != actor.UserId).Distinct())
            {
                db.Notifications.Add(Notification.Create(userId, kind, title, body, link, challenge.Id, now));
            }
        }

        _pending.Clear();
    }

    private async Task<List<Guid>> ResolveAsync(Challenge challenge, Audience audience, IReadOnlyCollection<Guid> ids, CancellationToken ct)
    {
        switch (audience)
        {
            case Audience.Owner:
                return await db.UserAccounts.Where(u => u.OrganizationId == challenge.OwnerOrganizationId).Select(u => u.Id).ToListAsync(ct);
            case Audience.Operators:
                return await db.UserIdsInRole(Roles.Operator).ToListAsync(ct);
            case Audience.Users:
                return [.. ids];
            case Audience.Takers:
                return await EngineerUsersAsync(challenge.ActiveAwards.SelectMany(a => a.Shares.Select(s => s.EngineerId)).ToList(), ct);
            case Audience.Engineers:
                return await EngineerUsersAsync(ids, ct);
            case Audience.Applicants:
                var members = await db.ChallengeApplications
                    .Where(a => a.ChallengeId == challenge.Id && a.Status != ApplicationStatus.Withdrawn)
                    .SelectMany(a => a.Members.Select(m => m.EngineerId))
                    .ToListAsync(ct);
                return await EngineerUsersAsync(members, ct);
            default:
                throw new ArgumentOutOfRangeException(nameof(audience), audience, null);
        }
    }

    private async Task<List<Guid>> EngineerUsersAsync(IReadOnlyCollection<Guid> engineerIds, CancellationToken ct) =>
        engineerIds.Count == 0 ? [] : await db.Engineers.Where(e => engineerIds.Contains(e.Id)).Select(e => e.UserId).ToListAsync(ct);
}
