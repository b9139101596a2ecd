using Marketplace.Application.Engineers.Search;
using Marketplace.Infrastructure.Persistence;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;

namespace Marketplace.Infrastructure.Outbox;

/// <summary>What one batch did: rows taken, engineers brought in step, engineers that failed and wait for a retry.</summary>
public sealed record SearchOutboxBatch(int Taken, int Applied, int Failed);

/// <summary>The outbox backlog, for /health/ready.</summary>
public sealed record SearchOutboxBacklog(int Pending, DateTimeOffset? OldestEnqueuedAt, int Failing);

/// <summary>
/// Applies the search outbox to the index, one batch per call and per transaction:
/// <list type="number">
/// <item>take the oldest due rows with <c>FOR UPDATE SKIP LOCKED</c> (another instance takes other rows), leaving out
/// every engineer who has a row waiting for its retry, so a later change never overtakes an earlier failing one;</item>
/// <item>take a transaction advisory lock per engineer, skipping those another instance holds (it may hold an older row
/// of the same engineer: two readers of one engineer could otherwise write the older snapshot last);</item>
/// <item>re-index each engineer once, however many rows it has (indexing reads the current row, so that is enough);</item>
/// <item>delete the rows after the index write succeeded, in the same transaction; on failure record the error and
/// back off exponentially for that engineer only.</item>
/// </list>
/// A crash anywhere before the commit leaves the rows to be applied again, which is harmless.
/// </summary>
public sealed partial class SearchOutboxProcessor(
    MarketplaceDbContext db, EngineerIndexing indexing, TimeProvider clock, ILogger<SearchOutboxProcessor> logger)
{
    /// <summary>The first retry waits this long; each further failure doubles it, up to the configured cap.</summary>
    public static readonly TimeSpan FirstBackoff = TimeSpan.FromSeconds(1);

    public static TimeSpan Backoff(int attempts, TimeSpan cap)
    {
        // 2^30 s is far beyond any cap; clamping the exponent keeps the arithmetic from overflowing.
        var seconds = FirstBackoff.TotalSeconds * Math.Pow(2, Math.Clamp(attempts - 1, 0, 30));
        return TimeSpan.FromSeconds(Math.Min(seconds, cap.TotalSeconds));
    }

    public async Task<SearchOutboxBatch> ProcessBatchAsync(int batchSize, TimeSpan maxBackoff, CancellationToken cancellationToken)
    {
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        var now = clock.GetUtcNow();
        var rows = await db.SearchOutbox.FromSql($"""
            SELECT * FROM search_outbox o
            WHERE (o.next_attempt_at IS NULL OR o.next_attempt_at <= {now})
              AND NOT EXISTS (SELECT 1 FROM search_outbox w WHERE w.engineer_id = o.engineer_id AND w.next_attempt_at > {now})
            ORDER BY o.id
            LIMIT {batchSize}
            FOR UPDATE SKIP LOCKED
            """).AsNoTracking().ToListAsync(cancellationToken);
        if (rows.Count == 0)
        {
            return new SearchOutboxBatch(0, 0, 0);
        }

        var candidates = rows.Select(r => r.EngineerId).Distinct().ToArray();
        var engineers = await db.Database.SqlQuery<Guid>($"""
            SELECT e AS "Value" FROM unnest({candidates}) AS e
            WHERE pg_try_advisory_xact_lock(hashtext('search_outbox'), hashtext(e::text))
            """).ToListAsync(cancellationToken);
        if (engineers.Count == 0)
        {
            return new SearchOutboxBatch(rows.Count, 0, 0);
        }

        var failures = await ApplyAsync(engineers, cancellationToken);
        var done = rows.Where(r => engineers.Contains(r.EngineerId) && !failures.ContainsKey(r.EngineerId)).Select(r => r.Id).ToList();
        await db.SearchOutbox.Where(r => done.Contains(r.Id)).ExecuteDeleteAsync(cancellationToken);

        var failedAt = clock.GetUtcNow();
        foreach (var (engineer, error) in failures)
        {
            var mine = rows.Where(r => r.EngineerId == engineer).ToList();
            var attempts = mine.Max(r => r.Attempts) + 1;
            var ids = mine.Select(r => r.Id).ToList();
            var message = Truncate($"{error.GetType().Name}: {error.Message}");
            var due = failedAt + Backoff(attempts, maxBackoff);
            await db.SearchOutbox.Where(r => ids.Contains(r.Id)).ExecuteUpdateAsync(
                set => set.SetProperty(r => r.Attempts, attempts).SetProperty(r => r.LastError, message).SetProperty(r => r.NextAttemptAt, due),
                cancellationToken);
            LogFailed(logger, error, engineer, attempts, due);
        }

        await transaction.CommitAsync(cancellationToken);
        return new SearchOutboxBatch(rows.Count, engineers.Count - failures.Count, failures.Count);
    }

    /// <summary>The backlog: rows waiting, the oldest one's enqueue time, and how many are waiting for a retry.</summary>
    public async Task<SearchOutboxBacklog> BacklogAsync(CancellationToken cancellationToken)
    {
        var stats = await db.SearchOutbox.AsNoTracking()
            .GroupBy(_ => 1)
            .Select(g => new { Pending = g.Count(), Oldest = g.Min(r => (DateTimeOffset?)r.EnqueuedAt), Failing = g.Count(r => r.Attempts > 0) })
            .FirstOrDefaultAsync(cancellationToken);
        return stats is null ? new SearchOutboxBacklog(0, null, 0) : new SearchOutboxBacklog(stats.Pending, stats.Oldest, stats.Failing);
    }

    /// <summary>
    /// Ids of the rows committed so far. A rebuild that starts after reading them covers their changes, so they can be
    /// deleted after it (<see cref="DeleteAsync"/>); a row not yet committed when this ran is not in the list, even
    /// if its id is lower than one that is (identity values are handed out before commit).
    /// </summary>
    public Task<List<long>> CommittedIdsAsync(CancellationToken cancellationToken) =>
        db.SearchOutbox.AsNoTracking().Select(r => r.Id).ToListAsync(cancellationToken);

    public Task<int> DeleteAsync(IReadOnlyCollection<long> ids, CancellationToken cancellationToken)
    {
        var list = ids.ToList();
        return db.SearchOutbox.Where(r => list.Contains(r.Id)).ExecuteDeleteAsync(cancellationToken);
    }

    /// <summary>Indexes all engineers in one write; if that fails, one by one, so one bad engineer holds up only itself.</summary>
    private async Task<Dictionary<Guid, Exception>> ApplyAsync(List<Guid> engineers, CancellationToken cancellationToken)
    {
        var failures = new Dictionary<Guid, Exception>();
        try
        {
            await indexing.ReindexAsync(engineers, cancellationToken);
            return failures;
        }
        catch (Exception e) when (e is not OperationCanceledException && engineers.Count == 1)
        {
            failures[engineers[0]] = e;
            return failures;
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            LogBatchFailed(logger, e, engineers.Count);
        }

        foreach (var engineer in engineers)
        {
            try
            {
                await indexing.ReindexAsync(engineer, cancellationToken);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                failures[engineer] = e;
            }
        }

        return failures;
    }

    private static string Truncate(string text) =>
        text.Length <= SearchOutboxEntry.LastErrorMaxLength ? text : text[..SearchOutboxEntry.LastErrorMaxLength];

    [LoggerMessage(Level = LogLevel.Warning, Message = "搜索索引更新失败：工程师 {EngineerId} 第 {Attempts} 次失败，{NextAttemptAt} 后重试")]
    private static partial void LogFailed(ILogger logger, Exception exception, Guid engineerId, int attempts, DateTimeOffset nextAttemptAt);

    [LoggerMessage(Level = LogLevel.Warning, Message = "搜索索引批量更新 {Count} 名工程师失败，改为逐个更新")]
    private static partial void LogBatchFailed(ILogger logger, Exception exception, int count);
}
