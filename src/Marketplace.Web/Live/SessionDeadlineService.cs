using Marketplace.Application.Live;
using Mediator;
using Microsoft.Extensions.Options;

namespace Marketplace.Web.Live;

/// <summary>Runs <see cref="CloseExpiredSessions"/> every <c>Live:SessionSweepSeconds</c> on the app's TimeProvider.</summary>
public sealed partial class SessionDeadlineService(
    IServiceScopeFactory scopes, IOptions<LiveOptions> options, TimeProvider clock, ILogger<SessionDeadlineService> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(TimeSpan.FromSeconds(options.Value.SessionSweepSeconds), clock);
        while (await timer.WaitForNextTickAsync(stoppingToken))
        {
            try
            {
                await using var scope = scopes.CreateAsyncScope();
                var closed = await scope.ServiceProvider.GetRequiredService<IMediator>().Send(new CloseExpiredSessions(), stoppingToken);
                if (closed > 0)
                {
                    LogClosed(logger, closed);
                }
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                // A database outage must not kill the service: the next tick tries again.
                LogFailed(logger, e);
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Session sweep: {Closed} matching sessions past their deadline closed with minutes")]
    private static partial void LogClosed(ILogger logger, int closed);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Session sweep failed; retrying at the next tick")]
    private static partial void LogFailed(ILogger logger, Exception exception);
}
