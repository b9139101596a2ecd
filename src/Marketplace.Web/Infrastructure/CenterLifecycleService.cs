using Marketplace.Application.Accreditation;
using Mediator;

namespace Marketplace.Web.Infrastructure;

/// <summary>
/// Runs <see cref="SweepCenterLifecycle"/> on a timer (Accreditation:Lifecycle:SweepSeconds), like the challenge
/// deadline sweep: due-soon and overdue evaluations and annual reports become stored notifications, and two consecutive
/// missing reports flag a center. Timer and "now" come from the registered <see cref="TimeProvider"/>. Several instances
/// may sweep at once: the reminders raised are saved on the center under its version, so a second save is refused.
/// </summary>
public sealed partial class CenterLifecycleService(
    IServiceScopeFactory scopes, CenterLifecycleOptions options, TimeProvider clock, ILogger<CenterLifecycleService> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(TimeSpan.FromSeconds(options.SweepSeconds), clock);

        // Unlike the deadline sweep, the first run waits one interval: reminders are by the day, and a host started
        // beside a running one (or a test host on seeded data) should not remind everyone again at once.
        while (await timer.WaitForNextTickAsync(stoppingToken))
        {
            try
            {
                await using var scope = scopes.CreateAsyncScope();
                var result = await scope.ServiceProvider.GetRequiredService<IMediator>().Send(new SweepCenterLifecycle(), stoppingToken);
                if (result.Reminders + result.Flagged > 0)
                {
                    LogSwept(logger, result.Reminders, result.Flagged, result.Conflicts);
                }
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                // A database outage must not kill the service: the next tick tries again.
                LogFailed(logger, e);
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Center lifecycle sweep: {Reminders} reminders raised, {Flagged} centers flagged, {Conflicts} left for the next sweep")]
    private static partial void LogSwept(ILogger logger, int reminders, int flagged, int conflicts);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Center lifecycle sweep failed; retrying at the next tick")]
    private static partial void LogFailed(ILogger logger, Exception exception);
}
