using Marketplace.Infrastructure.Outbox;
using Microsoft.Extensions.Options;

namespace Marketplace.Web.Infrastructure;

/// <summary>
/// Keeps the engineer index in step with PostgreSQL by applying the search outbox (decision 30). Woken by
/// <see cref="SearchOutboxSignal"/> right after a commit that wrote outbox rows, and by a poll every
/// Search:OutboxPollSeconds for anything else (rows from another instance, retries coming due). Drains without
/// waiting while batches come back full. Delays use the registered <see cref="TimeProvider"/>.
/// </summary>
public sealed partial class SearchOutboxWorker(
    IServiceScopeFactory scopes, SearchOutboxSignal signal, IOptions<SearchOptions> options, TimeProvider clock, ILogger<SearchOutboxWorker> logger)
    : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var settings = options.Value;
        var poll = TimeSpan.FromSeconds(settings.OutboxPollSeconds);
        var maxBackoff = TimeSpan.FromSeconds(settings.OutboxMaxBackoffSeconds);
        while (!stoppingToken.IsCancellationRequested)
        {
            var more = false;
            try
            {
                await using var scope = scopes.CreateAsyncScope();
                var batch = await scope.ServiceProvider.GetRequiredService<SearchOutboxProcessor>()
                    .ProcessBatchAsync(settings.OutboxBatchSize, maxBackoff, stoppingToken);
                if (batch.Applied > 0)
                {
                    LogApplied(logger, batch.Applied, batch.Taken);
                }

                more = batch.Taken == settings.OutboxBatchSize && batch.Applied > 0;
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                // Database down or the like: nothing was committed, the rows stay; try again at the next poll.
                LogFailed(logger, e);
            }

            if (!more)
            {
                try
                {
                    await signal.WaitAsync(poll, clock, stoppingToken);
                }
                catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
                {
                    return;
                }
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Debug, Message = "搜索发件箱：{Applied} 名工程师的索引已更新（{Taken} 条记录）")]
    private static partial void LogApplied(ILogger logger, int applied, int taken);

    [LoggerMessage(Level = LogLevel.Warning, Message = "搜索发件箱处理失败，下次轮询时重试")]
    private static partial void LogFailed(ILogger logger, Exception exception);
}
