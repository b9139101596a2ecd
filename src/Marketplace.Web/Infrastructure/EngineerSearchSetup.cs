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
                "Lucene" => new LuceneEngineerSearch(Path.GetFullPath(options.IndexPath), sp.GetRequiredService<TimeProvider>()),
                "Elasticsearch" => sp.GetRequiredService<ElasticsearchEngineerSearch>(),
                _ => throw new InvalidOperationException($"未知的 Search:Provider={options.Provider}（Lucene 或 Elasticsearch）。"),
            };
        });
        services.AddHostedService<EngineerIndexStartup>();
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

/// <summary>/health/ready: how many engineers the search index holds against the database (Degraded when they differ).</summary>
public sealed class EngineerIndexHealthCheck(IServiceScopeFactory scopes) : Microsoft.Extensions.Diagnostics.HealthChecks.IHealthCheck
{
    public async Task<Microsoft.Extensions.Diagnostics.HealthChecks.HealthCheckResult> CheckHealthAsync(
        Microsoft.Extensions.Diagnostics.HealthChecks.HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        await using var scope = scopes.CreateAsyncScope();
        var indexed = await scope.ServiceProvider.GetRequiredService<IEngineerSearch>().CountAsync(cancellationToken);
        var engineers = await scope.ServiceProvider.GetRequiredService<Marketplace.Application.Common.IMarketplaceDbContext>()
            .Engineers.CountAsync(cancellationToken);
        var data = new Dictionary<string, object> { ["indexed"] = indexed, ["engineers"] = engineers };
        return indexed == engineers
            ? Microsoft.Extensions.Diagnostics.HealthChecks.HealthCheckResult.Healthy("搜索索引与数据库一致", data)
            : Microsoft.Extensions.Diagnostics.HealthChecks.HealthCheckResult.Degraded("搜索索引与数据库的工程师数量不一致", data: data);
    }
}
