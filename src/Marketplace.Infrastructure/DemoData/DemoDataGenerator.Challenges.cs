using System.Diagnostics;
using Marketplace.Domain.Engineers;
using Marketplace.Domain.Matching;
using Marketplace.Domain.Notifications;
using Marketplace.Infrastructure.ReferenceData;
using Microsoft.EntityFrameworkCore;

namespace Marketplace.Infrastructure.DemoData;

public sealed partial class DemoDataGenerator
{
    private const int ListingsPerBatch = 50;

    /// <summary>
    /// 生成榜单, first half: plans the listings and tells every story through the domain methods, in memory, each on its
    /// own clock. Reads the model only.
    /// </summary>
    private static (List<ChallengeStory> Stories, TimeSpan Elapsed) TellChallengeStories(
        DemoModel model, ReferenceSet reference, DemoChallengeContent content, DemoDataOptions options)
    {
        var stopwatch = Stopwatch.StartNew();
        var world = new DemoChallengeWorld(model, reference, content, options.Seed);
        var plans = DemoChallengePlanner.Plan(world, model.ListingOwners, options.Engineers, options.Seed);
        if (plans.Count > 0)
        {
            var history = new DemoMatchingHistory(world, reference, options.Seed);
            plans.AddRange(DemoChallengePlanner.HistoryPlans(world, model.ListingOwners, history, options.Engineers, options.Seed));
        }

        return (plans.Select(plan => ChallengeStory.Tell(plan, world)).ToList(), stopwatch.Elapsed);
    }

    /// <summary>
    /// 生成榜单, second half: saves listings and applications through EF Core in batches, moves the involved engineers'
    /// public counters through their profile methods, and fills the demo accounts' inboxes. One transaction, so a
    /// failure leaves no half board behind.
    /// </summary>
    private async Task<(int Challenges, int Applications, int Notifications)> SaveChallengesAsync(
        List<ChallengeStory> stories, DemoModel model, DemoDataOptions options, IProgress<SeedProgress>? progress, CancellationToken ct)
    {
        if (stories.Count == 0)
        {
            return (0, 0, 0);
        }

        progress?.Report(new SeedProgress("生成榜单", 0, stories.Count));
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        var saved = 0;
        var applications = 0;
        foreach (var batch in stories.Chunk(ListingsPerBatch))
        {
            db.Challenges.AddRange(batch.Select(s => s.Challenge));
            var batchApplications = batch.SelectMany(s => s.Applications).ToList();
            db.ChallengeApplications.AddRange(batchApplications);
            await db.SaveChangesAsync(ct);
            db.ChangeTracker.Clear();
            saved += batch.Length;
            applications += batchApplications.Count;
            progress?.Report(new SeedProgress("生成榜单", saved, stories.Count));
        }

        // The counters are public on the profiles, so they move only through the profile's own methods. Profiles were
        // created at seeding time; stamping them with the (earlier) story dates would put UpdatedAt before CreatedAt.
        var counters = stories.SelectMany(s => s.Counters).ToList();
        var engineerIds = counters.Select(c => c.EngineerId).Distinct().ToList();
        var profiles = await db.Engineers.Where(e => engineerIds.Contains(e.Id)).ToDictionaryAsync(e => e.Id, ct);
        foreach (var counter in counters)
        {
            Record(profiles[counter.EngineerId], counter.Kind, model.Now);
        }

        // The matching history is the platform's past, not news: nobody's inbox fills with two thousand old listings.
        var notifications = Inbox(stories.Where(s => !s.IsHistory), model.Now, options.Seed);
        db.Notifications.AddRange(notifications);
        await db.SaveChangesAsync(ct);
        db.ChangeTracker.Clear();
        await SaveImpressionsAsync(stories, ct);
        await tx.CommitAsync(ct);

        await db.Database.ExecuteSqlRawAsync("analyze challenges; analyze challenge_applications; analyze notifications; analyze match_impressions;", ct);
        return (saved, applications, notifications.Count);
    }

    /// <summary>
    /// The history listings' impressions, shown when each listing was published, in the simulated panel's order. The
    /// score column stays 0: the simulation's utility is never written anywhere the trainer could read it.
    /// </summary>
    private async Task SaveImpressionsAsync(List<ChallengeStory> stories, CancellationToken ct)
    {
        var impressions = stories
            .Where(s => s.IsHistory && s.Challenge.PublishedAt is not null)
            .SelectMany(s => s.Shown.Select((engineer, i) => new MatchImpression(
                s.Challenge.Id, engineer, MatchSurface.ChallengeMatches, i + 1, 0, "demo-history", s.Challenge.PublishedAt!.Value)))
            .ToList();
        foreach (var batch in impressions.Chunk(5_000))
        {
            await Matching.ImpressionWriter.InsertAsync(db, batch, ct);
        }
    }

    private static void Record(EngineerProfile profile, DemoCounterKind kind, DateTimeOffset now)
    {
        switch (kind)
        {
            case DemoCounterKind.ChallengeWon:
                profile.RecordChallengeWon(now);
                break;
            case DemoCounterKind.VerifiedDelivery:
                profile.RecordVerifiedDelivery(now);
                break;
            case DemoCounterKind.Abandonment:
                profile.RecordAbandonment(now);
                break;
            default:
                throw new ArgumentOutOfRangeException(nameof(kind), kind, null);
        }
    }

    /// <summary>
    /// The demo accounts' notifications: what still asks for action and what came in over the last days is unread,
    /// most older news has been read a little while after it arrived.
    /// </summary>
    private static List<Notification> Inbox(IEnumerable<ChallengeStory> stories, DateTimeOffset now, int seed)
    {
        var rng = new Random(seed ^ 0x1AB0);
        var notifications = new List<Notification>();
        foreach (var notice in stories.SelectMany(s => s.Notices).OrderBy(n => n.At))
        {
            var notification = Notification.Create(notice.UserId, notice.Kind, notice.Title, notice.Body,
                $"/Challenges/Details/{notice.ChallengeId}", notice.ChallengeId, notice.At);
            var readAt = notice.ReadAt
                ?? (notice.NeedsAction || notice.At > now.AddDays(-3) || rng.NextDouble() < 0.15
                    ? null
                    : notice.At.AddHours(1 + (rng.NextDouble() * 40)));
            if (readAt is { } read && read <= now)
            {
                notification.MarkRead(read);
            }

            notifications.Add(notification);
        }

        return notifications;
    }
}
