using System.Collections.Concurrent;
using Marketplace.Application.Common;
using Marketplace.Domain.Matching;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Marketplace.Application.Matching;

/// <summary>Matching settings (<c>Matching:*</c>).</summary>
public sealed class MatchingOptions
{
    public const string Section = "Matching";

    /// <summary>The model file; a newer file written there is picked up without a restart.</summary>
    public string ModelPath { get; set; } = Path.Combine("ml-models", "matching.zip");

    /// <summary>How many engineers the retrieval stage takes from the search index before the hard rules and the model.</summary>
    public int Candidates { get; set; } = 300;

    /// <summary>
    /// How old the held engineer profiles and track records may get before a background read replaces them; 0 reads
    /// them from PostgreSQL on every request.
    /// </summary>
    public int CacheSeconds { get; set; } = 60;

    public static bool IsValid(MatchingOptions o) =>
        !string.IsNullOrWhiteSpace(o.ModelPath) && o.Candidates is >= 20 and <= 2000 && o.CacheSeconds is >= 0 and <= 86400;
}

/// <summary>The reference names the features and reasons speak in: which cluster a skill belongs to, and the Chinese names.</summary>
public sealed record MatchingReference(
    IReadOnlyDictionary<string, string> ClusterOfSkill,
    IReadOnlyDictionary<string, string> SkillNames,
    IReadOnlyDictionary<string, string> ClusterNames,
    IReadOnlyDictionary<string, string> CityNames)
{
    public static async Task<MatchingReference> LoadAsync(IMarketplaceDbContext db, CancellationToken ct)
    {
        var skills = await db.Skills.AsNoTracking().Select(s => new { s.Code, s.Name, s.ClusterCode }).ToListAsync(ct);
        return new MatchingReference(
            skills.ToDictionary(s => s.Code, s => s.ClusterCode, StringComparer.Ordinal),
            skills.ToDictionary(s => s.Code, s => s.Name, StringComparer.Ordinal),
            await db.Clusters.AsNoTracking().ToDictionaryAsync(c => c.Code, c => c.Name, StringComparer.Ordinal, ct),
            await db.Regions.AsNoTracking().ToDictionaryAsync(r => r.Code, r => r.Name, StringComparer.Ordinal, ct));
    }

    /// <summary>
    /// The words a need is retrieved by: its skills' names and its cluster's name (each a keyword in the index). The
    /// description's prose is left to the model's other features: as search words it would match bios by accident.
    /// </summary>
    public string RetrievalText(IReadOnlyCollection<string> skillCodes, string clusterCode) => string.Join(
        ' ',
        skillCodes.Select(s => SkillNames.GetValueOrDefault(s)).Append(ClusterNames.GetValueOrDefault(clusterCode))
            .Where(n => !string.IsNullOrWhiteSpace(n)).Select(n => n!.Replace(' ', '_')).Distinct(StringComparer.Ordinal));
}

/// <summary>
/// What matching keeps between requests (a singleton): the reference names, every engineer's matching profile and
/// track record, and the exposure ledger — each open challenge's last served top list, whose appearances the next list
/// is balanced against. Profiles and track records are read whole and kept for <see cref="MatchingOptions.CacheSeconds"/>;
/// once older, the next request starts a refresh in the background and keeps answering from what is held, so no
/// request waits for the read (at 100,000 engineers, a second or two). The first read is waited for. With
/// <c>CacheSeconds = 0</c> every request reads what it needs from PostgreSQL (tests; a tiny install).
/// </summary>
public sealed partial class MatchingState(TimeProvider clock, MatchingOptions options, IServiceScopeFactory scopes, ILogger<MatchingState> logger) : IDisposable
{
    private static readonly TimeSpan LedgerLifetime = TimeSpan.FromDays(7);
    private readonly SemaphoreSlim _loading = new(1, 1);
    private readonly ConcurrentDictionary<Guid, (Guid[] Top, DateTimeOffset At)> _ledger = new();
    private (MatchingReference Reference, DateTimeOffset LoadedAt)? _reference;
    private volatile Snapshot? _snapshot;
    private int _refreshing;

    /// <summary>The profiles and track records read at one moment.</summary>
    private sealed record Snapshot(IReadOnlyDictionary<Guid, CandidateProfile> Profiles, IReadOnlyDictionary<Guid, TrackRecord> Tracks, DateTimeOffset LoadedAt);

    /// <summary>The reference names, read again after five minutes (they change only when reference data is re-seeded).</summary>
    public async Task<MatchingReference> ReferenceAsync(IMarketplaceDbContext db, CancellationToken ct)
    {
        if (_reference is { } held && clock.GetUtcNow() - held.LoadedAt < TimeSpan.FromMinutes(5))
        {
            return held.Reference;
        }

        var reference = await MatchingReference.LoadAsync(db, ct);
        _reference = (reference, clock.GetUtcNow());
        return reference;
    }

    /// <summary>
    /// The profiles of these engineers and everyone's track records. An engineer the held snapshot does not know yet
    /// (registered since it was read) is read from the database for this request.
    /// </summary>
    public async Task<(IReadOnlyDictionary<Guid, CandidateProfile> Profiles, IReadOnlyDictionary<Guid, TrackRecord> Tracks)> CandidatesAsync(
        IMarketplaceDbContext db, IReadOnlyCollection<Guid> ids, CancellationToken ct)
    {
        if (options.CacheSeconds == 0)
        {
            var reference = await ReferenceAsync(db, ct);
            var profiles = (await MatchingRecords.ProfilesAsync(db, ids, ct)).ToDictionary(p => p.Id);
            var (tracks, _) = await MatchingRecords.LoadAsync(db, reference.RetrievalText, ct, withImpressions: false);
            return (profiles, tracks);
        }

        var snapshot = await SnapshotAsync(db, ct);
        var missing = ids.Where(id => !snapshot.Profiles.ContainsKey(id)).ToList();
        if (missing.Count == 0)
        {
            return (snapshot.Profiles, snapshot.Tracks);
        }

        var merged = new Dictionary<Guid, CandidateProfile>(snapshot.Profiles.Count + missing.Count);
        foreach (var id in ids)
        {
            if (snapshot.Profiles.TryGetValue(id, out var held))
            {
                merged[id] = held;
            }
        }

        foreach (var profile in await MatchingRecords.ProfilesAsync(db, missing, ct))
        {
            merged[profile.Id] = profile;
        }

        return (merged, snapshot.Tracks);
    }

    /// <summary>Everyone's track records (from the held snapshot, or read now when nothing is cached).</summary>
    public async Task<IReadOnlyDictionary<Guid, TrackRecord>> TracksAsync(IMarketplaceDbContext db, CancellationToken ct) =>
        (await CandidatesAsync(db, [], ct)).Tracks;

    /// <summary>Forgets what is held, so the next request reads again (after a write the caller must see).</summary>
    public void Invalidate() => _snapshot = null;

    private async Task<Snapshot> SnapshotAsync(IMarketplaceDbContext db, CancellationToken ct)
    {
        if (_snapshot is { } held)
        {
            if (clock.GetUtcNow() - held.LoadedAt >= TimeSpan.FromSeconds(options.CacheSeconds) && Interlocked.Exchange(ref _refreshing, 1) == 0)
            {
                // Off the request: the refresh has its own scope (the request's context is not thread-safe and ends with it).
                _ = Task.Run(RefreshInBackgroundAsync, CancellationToken.None);
            }

            return held;
        }

        await _loading.WaitAsync(ct);
        try
        {
            return _snapshot ??= await ReadAsync(db, ct);
        }
        finally
        {
            _loading.Release();
        }
    }

    private async Task RefreshInBackgroundAsync()
    {
        try
        {
            await using var scope = scopes.CreateAsyncScope();
            _snapshot = await ReadAsync(scope.ServiceProvider.GetRequiredService<IMarketplaceDbContext>(), CancellationToken.None);
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            // The held snapshot keeps serving; the next request past the age tries again.
            LogRefreshFailed(logger, e);
        }
        finally
        {
            Interlocked.Exchange(ref _refreshing, 0);
        }
    }

    private async Task<Snapshot> ReadAsync(IMarketplaceDbContext db, CancellationToken ct)
    {
        var reference = await ReferenceAsync(db, ct);
        var profiles = (await MatchingRecords.ProfilesAsync(db, null, ct)).ToDictionary(p => p.Id);
        var (tracks, _) = await MatchingRecords.LoadAsync(db, reference.RetrievalText, ct, withImpressions: false);
        return new Snapshot(profiles, tracks, clock.GetUtcNow());
    }

    /// <summary>How many of the other open challenges' current top lists each engineer is in.</summary>
    public IReadOnlyDictionary<Guid, int> Appearances(Guid? exceptChallenge)
    {
        var since = clock.GetUtcNow() - LedgerLifetime;
        var counts = new Dictionary<Guid, int>();
        foreach (var (challenge, entry) in _ledger)
        {
            if (challenge == exceptChallenge || entry.At < since)
            {
                continue;
            }

            foreach (var engineer in entry.Top)
            {
                counts[engineer] = counts.GetValueOrDefault(engineer) + 1;
            }
        }

        return counts;
    }

    public void RecordTop(Guid challengeId, IEnumerable<Guid> top) => _ledger[challengeId] = ([.. top], clock.GetUtcNow());

    public void Dispose() => _loading.Dispose();

    [LoggerMessage(Level = LogLevel.Warning, Message = "匹配缓存刷新失败，继续使用已有数据")]
    private static partial void LogRefreshFailed(ILogger logger, Exception exception);
}
