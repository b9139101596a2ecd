using System.Collections.Concurrent;
using Marketplace.Application.Common;
using Marketplace.Domain.Matching;
using Microsoft.EntityFrameworkCore;

namespace Marketplace.Application.Matching;

/// <summary>Matching settings (<c>Matching:*</c>).</summary>
public sealed class MatchingOptions
{
    public const string Section = "Matching";

    /// <summary>The model file; a newer file written there is picked up without a restart.</summary>
    public string ModelPath { get; set; } = Path.Combine("ml-models", "matching.zip");

    /// <summary>How many engineers the retrieval stage takes from the search index before the hard rules and the model.</summary>
    public int Candidates { get; set; } = 300;

    /// <summary>How old the engineers' track records (awards, ratings, invitations) may get before they are read again.</summary>
    public int TrackRefreshSeconds { get; set; } = 60;

    public static bool IsValid(MatchingOptions o) =>
        !string.IsNullOrWhiteSpace(o.ModelPath) && o.Candidates is >= 20 and <= 2000 && o.TrackRefreshSeconds is >= 1 and <= 86400;
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
/// What matching keeps between requests (a singleton): the reference names, every engineer's track record (read again
/// once older than <see cref="MatchingOptions.TrackRefreshSeconds"/>; other requests keep using the old one meanwhile),
/// and the exposure ledger — each open challenge's last served top list, whose appearances the next list is balanced
/// against.
/// </summary>
public sealed class MatchingState(TimeProvider clock, MatchingOptions options) : IDisposable
{
    private static readonly TimeSpan LedgerLifetime = TimeSpan.FromDays(7);
    private readonly SemaphoreSlim _loading = new(1, 1);
    private readonly ConcurrentDictionary<Guid, (Guid[] Top, DateTimeOffset At)> _ledger = new();
    private MatchingReference? _reference;
    private (IReadOnlyDictionary<Guid, TrackRecord> Tracks, DateTimeOffset LoadedAt)? _tracks;

    public async Task<MatchingReference> ReferenceAsync(IMarketplaceDbContext db, CancellationToken ct) =>
        _reference ??= await MatchingReference.LoadAsync(db, ct);

    public async Task<IReadOnlyDictionary<Guid, TrackRecord>> TracksAsync(IMarketplaceDbContext db, CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        if (_tracks is { } current && now - current.LoadedAt < TimeSpan.FromSeconds(options.TrackRefreshSeconds))
        {
            return current.Tracks;
        }

        // One reader refreshes; while it does, everyone else answers from the records already held.
        if (_tracks is { } stale && !_loading.Wait(0, CancellationToken.None))
        {
            return stale.Tracks;
        }

        if (_tracks is null)
        {
            await _loading.WaitAsync(ct);
        }

        try
        {
            if (_tracks is { } fresh && clock.GetUtcNow() - fresh.LoadedAt < TimeSpan.FromSeconds(options.TrackRefreshSeconds))
            {
                return fresh.Tracks;
            }

            var reference = await ReferenceAsync(db, ct);
            var (tracks, _) = await MatchingRecords.LoadAsync(db, reference.RetrievalText, ct);
            _tracks = (tracks, clock.GetUtcNow());
            return tracks;
        }
        finally
        {
            _loading.Release();
        }
    }

    /// <summary>Forgets the track records, so the next request reads them again (after a write the caller must see).</summary>
    public void InvalidateTracks() => _tracks = null;

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
}
