using Marketplace.Application.Engineers.Search;
using Marketplace.Infrastructure.Search;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Marketplace.Web.Infrastructure;

public static class EngineerSearchSetup
{
    public const string ElasticsearchMissing = "Search:Provider=Elasticsearch 的适配器尚未实现（Elasticsearch adapter not implemented yet）；请使用 Search:Provider=Lucene。";

    /// <summary>
    /// The search port by Search:Provider. Lucene: one index (one writer) per process, disposed with the container.
    /// Elasticsearch: refused at start-up rather than silently falling back to another engine.
    /// </summary>
    public static IServiceCollection AddEngineerSearch(this IServiceCollection services)
    {
        services.AddSingleton<IEngineerSearch>(sp =>
        {
            var options = sp.GetRequiredService<IOptions<SearchOptions>>().Value;
            return options.Provider switch
            {
                "Lucene" => new LuceneEngineerSearch(Path.GetFullPath(options.IndexPath), sp.GetRequiredService<TimeProvider>()),
                _ => throw new InvalidOperationException(ElasticsearchMissing),
            };
        });
        services.AddHostedService<EngineerIndexStartup>();
        return services;
    }
}

/// <summary>
/// At start-up, opens the index (so a bad provider or index path fails the start) and rebuilds it from PostgreSQL
/// when it does not hold as many engineers as the database — a new or lost index, or data seeded by the CLI.
/// </summary>
public sealed partial class EngineerIndexStartup(IServiceScopeFactory scopes, ILogger<EngineerIndexStartup> logger) : IHostedService
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
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
