using Marketplace.Application.Common;
using Marketplace.Domain.Challenges;
using Mediator;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using static Marketplace.Application.Challenges.ChallengeNotifier;

namespace Marketplace.Application.Challenges;

/// <summary>What one sweep did: listings closed for evaluation, listings expired (流榜), listings left for the next sweep.</summary>
public sealed record DeadlineSweepResult(int Closed, int Expired, int Conflicts);

/// <summary>
/// The platform's own step at each application deadline: close the listing for evaluation, or mark it 流榜 when
/// nobody applied. Run by the background service on a timer; each listing is its own transaction, so one listing
/// being edited at that moment (a concurrency conflict) is simply picked up by the next sweep.
/// </summary>
public sealed record SweepDeadlines(int BatchSize = 100) : ICommand<DeadlineSweepResult>;

public sealed partial class SweepDeadlinesHandler(IMarketplaceDbContext db, ChallengeNotifier notifier, TimeProvider clock, ILogger<SweepDeadlinesHandler> logger)
    : ICommandHandler<SweepDeadlines, DeadlineSweepResult>
{
    public async ValueTask<DeadlineSweepResult> Handle(SweepDeadlines command, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        var due = await db.Challenges.AsNoTracking()
            .Where(c => c.Status == ChallengeStatus.Published && c.ApplicationDeadline <= now)
            .OrderBy(c => c.ApplicationDeadline)
            .Select(c => c.Id)
            .Take(command.BatchSize)
            .ToListAsync(cancellationToken);

        int closed = 0, expired = 0, conflicts = 0;
        foreach (var id in due)
        {
            db.DiscardChanges();
            notifier.Clear();
            var challenge = await db.Challenges.FirstAsync(c => c.Id == id, cancellationToken);
            if (challenge.Status != ChallengeStatus.Published)
            {
                continue;
            }

            var applications = await db.ChallengeApplications.Where(a => a.ChallengeId == id).ToListAsync(cancellationToken);
            var submitted = applications.Count(a => a.Status == ApplicationStatus.Submitted);
            challenge.CloseApplications(ChallengeActor.System, submitted, now);

            // Teams that never finished confirming missed the deadline.
            foreach (var draft in applications.Where(a => a.Status == ApplicationStatus.Draft))
            {
                draft.MarkNotSelected(now);
            }

            if (challenge.Status == ChallengeStatus.Expired)
            {
                notifier.Tell(Audience.Owner, "challenge.expired", "榜单流榜", $"「{challenge.Title}」截止时无人揭榜，已流榜。可以调整悬赏或需求后重新发布。");
                expired++;
            }
            else
            {
                notifier.Tell(Audience.Owner, "challenge.closed", "揭榜已截止", $"「{challenge.Title}」已到截止时间，收到 {submitted} 份揭榜申请，可以开始评审。");
                notifier.Tell(Audience.Applicants, "challenge.closed", "揭榜已截止", $"「{challenge.Title}」已截止揭榜，进入评审。");
                closed++;
            }

            await notifier.FlushAsync(challenge, ChallengeActor.System, now, cancellationToken);
            try
            {
                await db.SaveChangesAsync(cancellationToken);
            }
            catch (DbUpdateConcurrencyException)
            {
                conflicts++;
                LogConflict(logger, id);
            }
        }

        db.DiscardChanges();
        return new DeadlineSweepResult(closed, expired, conflicts);
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Listing {ChallengeId} changed during the deadline sweep; the next sweep retries it")]
    private static partial void LogConflict(ILogger logger, Guid challengeId);
}
