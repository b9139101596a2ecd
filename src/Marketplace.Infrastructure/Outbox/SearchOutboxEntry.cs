namespace Marketplace.Infrastructure.Outbox;

/// <summary>
/// "Engineer <see cref="EngineerId"/> changed; bring the search index in step." Written in the same transaction as
/// the change (see <see cref="SearchOutboxInterceptor"/>), deleted once the index has the engineer's current row.
/// </summary>
public sealed class SearchOutboxEntry
{
    public const int LastErrorMaxLength = 2000;

    public long Id { get; private set; }

    public Guid EngineerId { get; private set; }

    public DateTimeOffset EnqueuedAt { get; private set; }

    /// <summary>Failed attempts so far; the next one waits until <see cref="NextAttemptAt"/>.</summary>
    public int Attempts { get; private set; }

    public string? LastError { get; private set; }

    /// <summary>Null for a row never tried; after a failure, when it is due again (exponential backoff).</summary>
    public DateTimeOffset? NextAttemptAt { get; private set; }

    public static SearchOutboxEntry For(Guid engineerId, DateTimeOffset now) => new() { EngineerId = engineerId, EnqueuedAt = now };
}
