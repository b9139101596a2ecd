using System.Data.Common;
using Marketplace.Domain.Engineers;
using Marketplace.Infrastructure.Persistence;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace Marketplace.Infrastructure.Outbox;

/// <summary>
/// Adds a <see cref="SearchOutboxEntry"/> for every engineer whose profile (or owned skill rows) this save adds,
/// changes or deletes, as part of the same SaveChanges and so of the same transaction: no writer has to remember
/// the index, and a rolled-back change leaves no row. After the rows are committed the worker is poked.
/// </summary>
public sealed class SearchOutboxInterceptor(TimeProvider clock, SearchOutboxSignal signal) : SaveChangesInterceptor
{
    /// <summary>The shadow foreign key of the owned skill rows (EngineerProfileConfiguration).</summary>
    private const string EngineerOwnerKey = "EngineerId";

    public override InterceptionResult<int> SavingChanges(DbContextEventData eventData, InterceptionResult<int> result)
    {
        Enqueue(eventData.Context);
        return result;
    }

    public override ValueTask<InterceptionResult<int>> SavingChangesAsync(
        DbContextEventData eventData, InterceptionResult<int> result, CancellationToken cancellationToken = default)
    {
        Enqueue(eventData.Context);
        return ValueTask.FromResult(result);
    }

    public override int SavedChanges(SaveChangesCompletedEventData eventData, int result)
    {
        SignalIfCommitted(eventData.Context);
        return result;
    }

    public override ValueTask<int> SavedChangesAsync(SaveChangesCompletedEventData eventData, int result, CancellationToken cancellationToken = default)
    {
        SignalIfCommitted(eventData.Context);
        return ValueTask.FromResult(result);
    }

    public override void SaveChangesFailed(DbContextErrorEventData eventData) => ForgetIfNotInTransaction(eventData.Context);

    public override Task SaveChangesFailedAsync(DbContextErrorEventData eventData, CancellationToken cancellationToken = default)
    {
        ForgetIfNotInTransaction(eventData.Context);
        return Task.CompletedTask;
    }

    private void Enqueue(DbContext? context)
    {
        if (context is not MarketplaceDbContext db)
        {
            return;
        }

        // SaveChanges detects changes only after the interceptors ran; the states read below must be current. A writer
        // that turned automatic detection off has promised to call it itself.
        if (db.ChangeTracker.AutoDetectChangesEnabled)
        {
            db.ChangeTracker.DetectChanges();
        }

        var changed = new HashSet<Guid>();
        var queued = new HashSet<Guid>();
        foreach (var entry in db.ChangeTracker.Entries())
        {
            switch (entry.Entity)
            {
                case SearchOutboxEntry row when entry.State == EntityState.Added:
                    // A writer retrying SaveChanges after a failure still tracks the row from its first try.
                    queued.Add(row.EngineerId);
                    break;
                case EngineerProfile profile when entry.State is EntityState.Added or EntityState.Modified or EntityState.Deleted:
                    changed.Add(profile.Id);
                    break;
                case EngineerSkill when entry.State is EntityState.Added or EntityState.Modified or EntityState.Deleted:
                    var owner = entry.State == EntityState.Deleted
                        ? entry.Property(EngineerOwnerKey).OriginalValue
                        : entry.Property(EngineerOwnerKey).CurrentValue;
                    if (owner is Guid id)
                    {
                        changed.Add(id);
                    }

                    break;
            }
        }

        changed.ExceptWith(queued);
        if (changed.Count == 0)
        {
            return;
        }

        var now = clock.GetUtcNow();
        foreach (var id in changed)
        {
            db.SearchOutbox.Add(SearchOutboxEntry.For(id, now));
        }

        db.SearchOutboxWritten = true;
    }

    private void SignalIfCommitted(DbContext? context)
    {
        // Inside a caller's transaction the rows are not visible yet; SearchOutboxCommitInterceptor pokes at commit.
        if (context is MarketplaceDbContext { SearchOutboxWritten: true } db && db.Database.CurrentTransaction is null)
        {
            db.SearchOutboxWritten = false;
            signal.Poke();
        }
    }

    private static void ForgetIfNotInTransaction(DbContext? context)
    {
        if (context is MarketplaceDbContext db && db.Database.CurrentTransaction is null)
        {
            db.SearchOutboxWritten = false;
        }
    }
}

/// <summary>Pokes the worker when a caller's own transaction that wrote outbox rows commits.</summary>
public sealed class SearchOutboxCommitInterceptor(SearchOutboxSignal signal) : DbTransactionInterceptor
{
    public override void TransactionCommitted(DbTransaction transaction, TransactionEndEventData eventData) => Settle(eventData.Context, commit: true);

    public override Task TransactionCommittedAsync(DbTransaction transaction, TransactionEndEventData eventData, CancellationToken cancellationToken = default)
    {
        Settle(eventData.Context, commit: true);
        return Task.CompletedTask;
    }

    public override void TransactionRolledBack(DbTransaction transaction, TransactionEndEventData eventData) => Settle(eventData.Context, commit: false);

    public override Task TransactionRolledBackAsync(DbTransaction transaction, TransactionEndEventData eventData, CancellationToken cancellationToken = default)
    {
        Settle(eventData.Context, commit: false);
        return Task.CompletedTask;
    }

    private void Settle(DbContext? context, bool commit)
    {
        if (context is MarketplaceDbContext { SearchOutboxWritten: true } db)
        {
            db.SearchOutboxWritten = false;
            if (commit)
            {
                signal.Poke();
            }
        }
    }
}
