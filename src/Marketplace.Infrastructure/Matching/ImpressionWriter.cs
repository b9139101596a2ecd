using System.Threading.Channels;
using Marketplace.Application.Matching;
using Marketplace.Domain.Matching;
using Marketplace.Infrastructure.Persistence;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Npgsql;
using NpgsqlTypes;

namespace Marketplace.Infrastructure.Matching;

/// <summary>
/// Writes match impressions (the training data's first rows) off the request path: a ranking is answered at once and
/// its impressions queue here, to be inserted in batches with <c>ON CONFLICT DO NOTHING</c> (the first showing per
/// surface is the one kept). The queue is bounded: under a flood the newest impressions are dropped and counted,
/// never the requests slowed. <see cref="FlushAsync"/> drains it (tests, shutdown).
/// </summary>
public sealed partial class ImpressionWriter(IServiceScopeFactory scopes, ILogger<ImpressionWriter> logger) : BackgroundService, IImpressionSink
{
    private const int BatchSize = 500;
    private readonly Channel<MatchImpression> _queue = Channel.CreateBounded<MatchImpression>(
        new BoundedChannelOptions(20_000) { FullMode = BoundedChannelFullMode.DropWrite, SingleReader = true });
    private readonly SemaphoreSlim _writing = new(1, 1);
    private long _dropped;

    public long Dropped => Interlocked.Read(ref _dropped);

    public void Record(IReadOnlyCollection<MatchImpression> impressions)
    {
        ArgumentNullException.ThrowIfNull(impressions);
        foreach (var impression in impressions)
        {
            if (!_queue.Writer.TryWrite(impression))
            {
                Interlocked.Increment(ref _dropped);
            }
        }
    }

    /// <summary>Writes everything queued so far.</summary>
    public async Task FlushAsync(CancellationToken cancellationToken = default)
    {
        while (_queue.Reader.Count > 0)
        {
            await WriteBatchAsync(cancellationToken);
        }
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        try
        {
            while (await _queue.Reader.WaitToReadAsync(stoppingToken))
            {
                try
                {
                    await WriteBatchAsync(stoppingToken);
                }
                catch (Exception e) when (e is not OperationCanceledException)
                {
                    // The rows of a failed batch are lost: impressions are training signal, not records anyone is owed.
                    LogFailed(logger, e);
                    await Task.Delay(TimeSpan.FromSeconds(1), stoppingToken);
                }
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Shutting down: one last drain without the stopping token, so a clean stop keeps what was queued.
            await FlushAsync(CancellationToken.None);
        }
    }

    private async Task WriteBatchAsync(CancellationToken cancellationToken)
    {
        await _writing.WaitAsync(cancellationToken);
        try
        {
            var batch = new List<MatchImpression>(BatchSize);
            while (batch.Count < BatchSize && _queue.Reader.TryRead(out var impression))
            {
                batch.Add(impression);
            }

            if (batch.Count == 0)
            {
                return;
            }

            await using var scope = scopes.CreateAsyncScope();
            var db = scope.ServiceProvider.GetRequiredService<MarketplaceDbContext>();
            await InsertAsync(db, batch, cancellationToken);
        }
        finally
        {
            _writing.Release();
        }
    }

    /// <summary>One statement for the batch: arrays unnested into rows, conflicts (already shown) skipped.</summary>
    public static Task<int> InsertAsync(MarketplaceDbContext db, IReadOnlyList<MatchImpression> batch, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(batch);
        // Engineers or listings deleted between showing and writing would break the foreign keys: the join drops them.
        const string sql = """
            INSERT INTO match_impressions (challenge_id, engineer_id, surface, position, score, model_version, shown_at)
            SELECT r.challenge_id, r.engineer_id, r.surface, r.position, r.score, r.model_version, r.shown_at
            FROM unnest(@challenges, @engineers, @surfaces, @positions, @scores, @versions, @shown)
                AS r(challenge_id, engineer_id, surface, position, score, model_version, shown_at)
            WHERE EXISTS (SELECT 1 FROM challenges c WHERE c.id = r.challenge_id)
              AND EXISTS (SELECT 1 FROM engineers e WHERE e.id = r.engineer_id)
            ON CONFLICT DO NOTHING
            """;
        return db.Database.ExecuteSqlRawAsync(
            sql,
            [
                new NpgsqlParameter("challenges", NpgsqlDbType.Array | NpgsqlDbType.Uuid) { Value = batch.Select(i => i.ChallengeId).ToArray() },
                new NpgsqlParameter("engineers", NpgsqlDbType.Array | NpgsqlDbType.Uuid) { Value = batch.Select(i => i.EngineerId).ToArray() },
                new NpgsqlParameter("surfaces", NpgsqlDbType.Array | NpgsqlDbType.Text) { Value = batch.Select(i => i.Surface.ToString()).ToArray() },
                new NpgsqlParameter("positions", NpgsqlDbType.Array | NpgsqlDbType.Integer) { Value = batch.Select(i => i.Position).ToArray() },
                new NpgsqlParameter("scores", NpgsqlDbType.Array | NpgsqlDbType.Double) { Value = batch.Select(i => i.Score).ToArray() },
                new NpgsqlParameter("versions", NpgsqlDbType.Array | NpgsqlDbType.Text) { Value = batch.Select(i => i.ModelVersion).ToArray() },
                new NpgsqlParameter("shown", NpgsqlDbType.Array | NpgsqlDbType.TimestampTz) { Value = batch.Select(i => i.ShownAt.UtcDateTime).ToArray() },
            ],
            cancellationToken);
    }

    public override void Dispose()
    {
        _writing.Dispose();
        base.Dispose();
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "曝光记录写入失败（本批丢弃）")]
    private static partial void LogFailed(ILogger logger, Exception exception);
}
