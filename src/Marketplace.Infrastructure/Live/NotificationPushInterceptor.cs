using System.Data.Common;
using Marketplace.Application.Live;
using Marketplace.Application.Notifications;
using Marketplace.Domain.Notifications;
using Marketplace.Infrastructure.Persistence;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Marketplace.Infrastructure.Live;

/// <summary>
/// Every notification any use case stores is pushed live once its transaction commits — the use cases of the other
/// issues (challenge steps, accreditation, credentials) keep writing rows and need not know about the hub. Rows are
/// collected when saved and sent on commit only, so a rolled-back step tells nobody.
/// </summary>
public sealed partial class NotificationPushInterceptor(IServiceProvider services, ILogger<NotificationPushInterceptor> logger)
    : DbTransactionInterceptor, ISaveChangesInterceptor
{
    public InterceptionResult<int> SavingChanges(DbContextEventData eventData, InterceptionResult<int> result)
    {
        Collect(eventData.Context);
        return result;
    }

    public ValueTask<InterceptionResult<int>> SavingChangesAsync(DbContextEventData eventData, InterceptionResult<int> result, CancellationToken cancellationToken = default)
    {
        Collect(eventData.Context);
        return ValueTask.FromResult(result);
    }

    public override void TransactionCommitted(DbTransaction transaction, TransactionEndEventData eventData) =>
        PushAsync(eventData.Context, CancellationToken.None).GetAwaiter().GetResult();

    public override Task TransactionCommittedAsync(DbTransaction transaction, TransactionEndEventData eventData, CancellationToken cancellationToken = default) =>
        PushAsync(eventData.Context, cancellationToken);

    public override void TransactionRolledBack(DbTransaction transaction, TransactionEndEventData eventData) => Drop(eventData.Context);

    public override Task TransactionRolledBackAsync(DbTransaction transaction, TransactionEndEventData eventData, CancellationToken cancellationToken = default)
    {
        Drop(eventData.Context);
        return Task.CompletedTask;
    }

    private static void Collect(DbContext? context)
    {
        if (context is MarketplaceDbContext db)
        {
            db.PendingPush.AddRange(db.ChangeTracker.Entries<Notification>()
                .Where(e => e.State == EntityState.Added && !LivePushRules.PushedByItsOwnEvent(e.Entity.Kind)).Select(e => e.Entity));
        }
    }

    private static void Drop(DbContext? context)
    {
        if (context is MarketplaceDbContext db)
        {
            db.PendingPush.Clear();
        }
    }

    private async Task PushAsync(DbContext? context, CancellationToken ct)
    {
        if (context is not MarketplaceDbContext { PendingPush.Count: > 0 } db)
        {
            return;
        }

        var pushed = db.PendingPush.Select(n => (n.UserId, new NotificationDto(n.Id, n.Kind, n.Title, n.Body, n.Link, n.CreatedAt, n.ReadAt))).ToList();
        db.PendingPush.Clear();
        // Hosts without the application layer (the CLI) have no live channel: the rows are all there is.
        if (services.GetService<ILivePublisher>() is not { } publisher)
        {
            return;
        }

        try
        {
            await publisher.NotificationsAsync(pushed, ct);
        }
        catch (Exception error) when (error is not OperationCanceledException)
        {
            // The rows are stored: a user who missed the push sees them in the inbox; the step itself succeeded.
            LogPushFailed(logger, error, pushed.Count);
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Live push of {Count} stored notifications failed; they stay in the inbox")]
    private static partial void LogPushFailed(ILogger logger, Exception error, int count);
}
