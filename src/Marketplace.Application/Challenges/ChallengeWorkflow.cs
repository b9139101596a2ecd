using Marketplace.Application.Common;
using Marketplace.Domain.Challenges;
using Microsoft.EntityFrameworkCore;

namespace Marketplace.Application.Challenges;

/// <summary>What a step on a listing works with: the listing, who acts, the time, and where to queue notifications.</summary>
public sealed record StepContext(Challenge Challenge, ChallengeActor Actor, DateTimeOffset Now, ChallengeNotifier Notify);

/// <summary>
/// Runs one step on a listing as one transaction: load what the caller may see (404 otherwise), check the version the
/// caller read, let the domain act, store the notifications the step causes, save. When the caller sent no version the
/// step is one that does not depend on what they saw (an award, a question, an NDA): a concurrent change to the listing
/// then makes the step reload and run again on the fresh state, so that for example the ninth of eight parallel
/// awards is refused by the slot rule with a clear 409 instead of a generic conflict.
/// </summary>
public sealed class ChallengeWorkflow(IMarketplaceDbContext db, ChallengeAccess access, ChallengeNotifier notifier, TimeProvider clock)
{
    private const int MaxAttempts = 4;

    public async Task<ChallengeDetailDto> RunAsync(Guid id, uint? version, Func<StepContext, Task> step, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(step);
        for (var attempt = 1; ; attempt++)
        {
            var (challenge, actor) = await access.LoadAsync(id, ct);
            var now = clock.GetUtcNow();
            // The domain judges the caller first (403 for a party that may not take the step), the version after: a
            // stale number must not answer 409 to someone who may not act at all. A refused step saved nothing.
            await step(new StepContext(challenge, actor, now, notifier));
            if (version is { } expected && challenge.Version != expected)
            {
                db.DiscardChanges();
                notifier.Clear();
                throw new StaleVersionException();
            }

            await notifier.FlushAsync(challenge, actor, now, ct);
            try
            {
                await db.SaveChangesAsync(ct);
                return ChallengeViews.Detail(challenge, actor, await ViewExtrasAsync(challenge, actor, ct));
            }
            catch (DbUpdateConcurrencyException) when (version is null && attempt < MaxAttempts)
            {
                db.DiscardChanges();
                notifier.Clear();
            }
        }
    }

    /// <summary>Synchronous domain steps need no async lambda.</summary>
    public Task<ChallengeDetailDto> RunAsync(Guid id, uint? version, Action<StepContext> step, CancellationToken ct) =>
        RunAsync(id, version, ctx =>
        {
            step(ctx);
            return Task.CompletedTask;
        }, ct);

    /// <summary>The names and the caller's own application that the detail view shows next to the listing.</summary>
    public async Task<ChallengeViewExtras> ViewExtrasAsync(Challenge challenge, ChallengeActor actor, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(challenge);
        ArgumentNullException.ThrowIfNull(actor);
        var engineerIds = challenge.Awards.SelectMany(a => a.Shares.Select(s => s.EngineerId)).Distinct().ToList();
        var names = await db.Engineers.Where(e => engineerIds.Contains(e.Id)).ToDictionaryAsync(e => e.Id, e => e.Name, ct);
        var owner = await db.Organizations.Where(o => o.Id == challenge.OwnerOrganizationId).Select(o => o.Name).FirstOrDefaultAsync(ct) ?? "";
        Guid? mine = null;
        if (actor.EngineerId is { } engineerId)
        {
            mine = await db.ChallengeApplications
                .Where(a => a.ChallengeId == challenge.Id && a.Status != ApplicationStatus.Withdrawn && a.Members.Any(m => m.EngineerId == engineerId))
                .OrderByDescending(a => a.CreatedAt)
                .Select(a => (Guid?)a.Id)
                .FirstOrDefaultAsync(ct);
        }

        return new ChallengeViewExtras(owner, names, mine);
    }
}

/// <summary>Names and caller-specific facts the detail view needs beside the aggregate.</summary>
public sealed record ChallengeViewExtras(string OwnerName, IReadOnlyDictionary<Guid, string> EngineerNames, Guid? MyApplicationId)
{
    public static readonly ChallengeViewExtras None = new("", new Dictionary<Guid, string>(), null);
}
