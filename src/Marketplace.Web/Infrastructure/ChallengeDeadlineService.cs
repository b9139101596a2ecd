using System.ComponentModel.DataAnnotations;
using Marketplace.Application.Challenges;
using Mediator;
using Microsoft.Extensions.Options;

namespace Marketplace.Web.Infrastructure;

/// <summary>Challenges:* — how often the platform looks for listings whose application deadline has passed.</summary>
public sealed class ChallengeOptions
{
    public const string Section = "Challenges";

    [Range(1, 3600)]
    public int DeadlineSweepSeconds { get; set; } = 60;
}

/// <summary>
/// Runs <see cref="SweepDeadlines"/> on a timer, so deadlines close listings without anyone pressing a button. The
/// timer and "now" both come from the registered <see cref="TimeProvider"/>, so tests that move the clock see the
/// sweep act. With several app instances each one sweeps; they cannot close a listing twice, because the second
/// save meets the first one's version and is skipped.
/// </summary>
public sealed partial class ChallengeDeadlineService(
    IServiceScopeFactory scopes, IOptions<ChallengeOptions> options, TimeProvider clock, ILogger<ChallengeDeadlineService> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(TimeSpan.FromSeconds(options.Value.DeadlineSweepSeconds), clock);
        do
        {
            try
            {
                await using var scope = scopes.CreateAsyncScope();
                var result = await scope.ServiceProvider.GetRequiredService<IMediator>().Send(new SweepDeadlines(), stoppingToken);
                if (result.Closed + result.Expired > 0)
                {
                    LogSwept(logger, result.Closed, result.Expired, result.Conflicts);
                }
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                // A database outage must not kill the service: the next tick tries again.
                LogFailed(logger, e);
            }
        }
        while (await timer.WaitForNextTickAsync(stoppingToken));
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Deadline sweep: {Closed} closed for evaluation, {Expired} expired (流榜), {Conflicts} left for the next sweep")]
    private static partial void LogSwept(ILogger logger, int closed, int expired, int conflicts);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Deadline sweep failed; retrying at the next tick")]
    private static partial void LogFailed(ILogger logger, Exception exception);
}
