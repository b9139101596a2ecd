using Marketplace.Application.Common;
using Marketplace.Application.Matching;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Marketplace.Infrastructure.Matching;

/// <summary>
/// Reads the engineers' matching profiles and track records once the host has started, so the first company to open
/// a listing does not wait for the read (seconds at 100,000 engineers). Failing here is only logged: the first request
/// then reads them itself.
/// </summary>
public sealed partial class MatchingWarmup(IServiceScopeFactory scopes, MatchingOptions options, ILogger<MatchingWarmup> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (options.CacheSeconds == 0)
        {
            return;
        }

        try
        {
            await Task.Yield();
            await using var scope = scopes.CreateAsyncScope();
            var state = scope.ServiceProvider.GetRequiredService<MatchingState>();
            var started = System.Diagnostics.Stopwatch.GetTimestamp();
            await state.CandidatesAsync(scope.ServiceProvider.GetRequiredService<IMarketplaceDbContext>(), [], stoppingToken);
            LogWarm(logger, System.Diagnostics.Stopwatch.GetElapsedTime(started).TotalMilliseconds);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            LogFailed(logger, e);
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "匹配数据已载入内存（{Ms:F0} ms）")]
    private static partial void LogWarm(ILogger logger, double ms);

    [LoggerMessage(Level = LogLevel.Warning, Message = "匹配数据预载失败，首个请求时再读取")]
    private static partial void LogFailed(ILogger logger, Exception exception);
}
