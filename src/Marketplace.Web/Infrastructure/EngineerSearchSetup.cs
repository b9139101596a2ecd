using Marketplace.Application.Engineers.Search;
using Marketplace.Infrastructure.Search;
using Marketplace.Infrastructure.Search.Elasticsearch;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Marketplace.Web.Infrastructure;

public static class EngineerSearchSetup
{
    /// <summary>
    /// The search port by Search:Provider. Lucene: one index (one writer) per process, disposed with the container.
    /// Elasticsearch: the REST adapter (a typed HttpClient), checked against the cluster at start-up by <see cref="EngineerIndexStartup"/>.
    /// </summary>
    public static IServiceCollection AddEngineerSearch(this IServiceCollection services)
    {
        services.AddElasticsearchEngineerSearch(sp => sp.GetRequiredService<IOptions<SearchOptions>>().Value.ToElasticsearch());
        services.AddSingleton<IEngineerSearch>(sp =>
        {
            var options = sp.GetRequiredService<IOptions<SearchOptions>>().Value;
            return options.Provider switch
            {
                "Lucene" => new LuceneEngineerSearch(Path.GetFullPath(options.IndexPath), sp.GetRequiredService<TimeProvider>(), options.ResultCacheEntries, options.ParallelMinMatches),
                "Elasticsearch" => sp.GetRequiredService<ElasticsearchEngineerSearch>(),
                _ => throw new InvalidOperationException($"未知的 Search:Provider={options.Provider}（Lucene 或 Elasticsearch）。"),
            };
        });
        services.AddHostedService<EngineerIndexStartup>();

        // After the start-up check, so the worker never writes into an index that is about to be rebuilt.
        services.AddHostedService<SearchOutboxWorker>();
        return services;
    }
}

/// <summary>
/// At start-up, opens the index (so a bad provider or index path fails the start) and rebuilds it from PostgreSQL
/// when it does not hold as many engineers as the database — a new or lost index, or data seeded by the CLI.
/// With Elasticsearch it first checks the cluster answers and the alias exists (created empty if not): an
/// unreachable URL fails the start with a message naming it, not the first search.
/// </summary>
public sealed partial class EngineerIndexStartup(IServiceScopeFactory scopes, ILogger<EngineerIndexStartup> logger) : IHostedService
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        if (scope.ServiceProvider.GetRequiredService<IEngineerSearch>() is ElasticsearchEngineerSearch elasticsearch)
        {
            await elasticsearch.EnsureReadyAsync(cancellationToken);
        }

        var indexing = scope.ServiceProvider.GetRequiredService<EngineerIndexing>();
        if (await indexing.IsOutOfStepAsync(cancellationToken))
        {
            await indexing.RebuildAsync(cancellationToken: cancellationToken);
        }
        else
        {
            LogInStep(logger, await scope.ServiceProvider.GetRequiredService<IEngineerSearch>().CountAsync(cancellationToken));
        }
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    [LoggerMessage(Level = LogLevel.Information, Message = "工程师搜索索引与数据库一致：{Count} 名工程师")]
    private static partial void LogInStep(ILogger logger, int count);
}

/// <summary>
/// /health/ready: how many engineers the search index holds against the database, and the search outbox backlog
/// (rows waiting, age of the oldest, rows waiting for a retry). Degraded when the counts differ or the oldest row has
/// waited longer than <see cref="MaxOutboxAge"/> — the worker is failing or not keeping up.
/// </summary>
public sealed class EngineerIndexHealthCheck(IServiceScopeFactory scopes, TimeProvider clock) : Microsoft.Extensions.Diagnostics.HealthChecks.IHealthCheck
{
    public static readonly TimeSpan MaxOutboxAge = TimeSpan.FromSeconds(60);

    public async Task<Microsoft.Extensions.Diagnostics.HealthChecks.HealthCheckResult> CheckHealthAsync(
        Microsoft.Extensions.Diagnostics.HealthChecks.HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        await using var scope = scopes.CreateAsyncScope();
        var indexed = await scope.ServiceProvider.GetRequiredService<IEngineerSearch>().CountAsync(cancellationToken);
        var engineers = await scope.ServiceProvider.GetRequiredService<Marketplace.Application.Common.IMarketplaceDbContext>()
            .Engineers.CountAsync(cancellationToken);
        var backlog = await scope.ServiceProvider.GetRequiredService<Marketplace.Infrastructure.Outbox.SearchOutboxProcessor>().BacklogAsync(cancellationToken);

        // Clamped: rows stamped by a clock that has since been moved back (tests) are not "from the future".
        var oldestAge = backlog.OldestEnqueuedAt is { } oldest ? TimeSpan.FromTicks(Math.Max(0, (clock.GetUtcNow() - oldest).Ticks)) : TimeSpan.Zero;
        var data = new Dictionary<string, object>
        {
            ["indexed"] = indexed,
            ["engineers"] = engineers,
            ["outboxPending"] = backlog.Pending,
            ["outboxFailing"] = backlog.Failing,
            ["outboxOldestAgeSeconds"] = Math.Round(oldestAge.TotalSeconds, 1),
        };
        if (indexed != engineers)
        {
            return Microsoft.Extensions.Diagnostics.HealthChecks.HealthCheckResult.Degraded("搜索索引与数据库的工程师数量不一致", data: data);
        }

        return oldestAge > MaxOutboxAge
            ? Microsoft.Extensions.Diagnostics.HealthChecks.HealthCheckResult.Degraded($"搜索索引待更新记录积压：最早一条已等待 {oldestAge.TotalSeconds:F0} 秒", data: data)
            : Microsoft.Extensions.Diagnostics.HealthChecks.HealthCheckResult.Healthy("搜索索引与数据库一致", data);
    }
}
