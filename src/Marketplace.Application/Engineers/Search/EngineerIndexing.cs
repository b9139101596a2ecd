using System.Runtime.CompilerServices;
using Marketplace.Application.Common;
using Marketplace.Domain.Engineers;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;

namespace Marketplace.Application.Engineers.Search;

/// <summary>
/// Turns engineer rows into search documents and hands them to the <see cref="IEngineerSearch"/> port:
/// one engineer after a profile change, or the whole table for a rebuild.
/// </summary>
public sealed class EngineerIndexing(IMarketplaceDbContext db, IEngineerSearch search, ILogger<EngineerIndexing> logger)
{
    private const int BatchSize = 1000;

    /// <summary>Re-reads one engineer and replaces (or removes) their document.</summary>
    public Task ReindexAsync(Guid engineerId, CancellationToken cancellationToken = default) =>
        ReindexAsync([engineerId], cancellationToken);

    /// <summary>
    /// Re-reads these engineers and replaces their documents in one index write; engineers no longer in the database
    /// are removed. Reads the current rows, so applying it again, or once for several changes, gives the same index.
    /// </summary>
    public async Task ReindexAsync(IReadOnlyCollection<Guid> engineerIds, CancellationToken cancellationToken = default)
    {
        if (engineerIds.Count == 0)
        {
            return;
        }

        var lookups = await Lookups.LoadAsync(db, cancellationToken);
        var ids = engineerIds.ToList();
        var profiles = await db.Engineers.AsNoTracking().Where(e => ids.Contains(e.Id)).ToListAsync(cancellationToken);
        if (profiles.Count > 0)
        {
            await search.IndexAsync(profiles.Select(p => ToDocument(p, lookups)).ToList(), cancellationToken);
        }

        foreach (var gone in ids.Except(profiles.Select(p => p.Id)))
        {
            await search.DeleteAsync(gone, cancellationToken);
        }
    }

    /// <summary>Rebuilds the whole index from PostgreSQL, logging progress (and telling <paramref name="onProgress"/> done, total).</summary>
    public async Task<int> RebuildAsync(Action<int, int>? onProgress = null, CancellationToken cancellationToken = default)
    {
        var total = await db.Engineers.CountAsync(cancellationToken);
        logger.LogInformation("工程师搜索索引重建开始：共 {Total} 名工程师", total);
        onProgress?.Invoke(0, total);
        var started = System.Diagnostics.Stopwatch.StartNew();
        var progress = new LogProgress(done =>
        {
            logger.LogInformation("工程师搜索索引重建：{Done}/{Total}", done, total);
            onProgress?.Invoke(done, total);
        });
        await search.RebuildAsync(ReadAllAsync(cancellationToken), progress, cancellationToken);
        logger.LogInformation("工程师搜索索引重建完成：{Total} 名工程师，用时 {Elapsed} ms", total, started.ElapsedMilliseconds);
        return total;
    }

    /// <summary>True when the index holds a different number of engineers than the database.</summary>
    public async Task<bool> IsOutOfStepAsync(CancellationToken cancellationToken = default) =>
        await search.CountAsync(cancellationToken) != await db.Engineers.CountAsync(cancellationToken);

    private async IAsyncEnumerable<EngineerSearchDocument> ReadAllAsync([EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var lookups = await Lookups.LoadAsync(db, cancellationToken);
        Guid? after = null;
        while (true)
        {
            var query = db.Engineers.AsNoTracking().OrderBy(e => e.Id).AsQueryable();
            if (after is { } last)
            {
                query = query.Where(e => e.Id.CompareTo(last) > 0);
            }

            var batch = await query.Take(BatchSize).ToListAsync(cancellationToken);
            foreach (var profile in batch)
            {
                yield return ToDocument(profile, lookups);
            }

            if (batch.Count < BatchSize)
            {
                yield break;
            }

            after = batch[^1].Id;
        }
    }

    public static EngineerSearchDocument ToDocument(EngineerProfile e, Lookups lookups) => new(
        e.Id,
        e.Name,
        e.Bio,
        e.EmployerName,
        e.Title,
        EngineerVocabulary.Name(e.Title),
        e.Tier,
        e.Tier == ExcellenceTier.None ? "" : EngineerVocabulary.Name(e.Tier),
        e.CityCode,
        lookups.Cities.GetValueOrDefault(e.CityCode, e.CityCode),
        e.ClusterCodes,
        e.ClusterCodes.Select(c => lookups.Clusters.GetValueOrDefault(c, c)).ToList(),
        e.Skills.Select(s => s.SkillCode).ToList(),
        e.Skills.Select(s => lookups.Skills.GetValueOrDefault(s.SkillCode, s.SkillCode)).ToList(),
        e.ServiceModes,
        e.HoursPerMonth,
        e.AvailableFrom,
        e.AvailableUntil,
        e.YearsOfPractice,
        e.RatingAverage);

    public sealed record Lookups(
        IReadOnlyDictionary<string, string> Skills,
        IReadOnlyDictionary<string, string> Cities,
        IReadOnlyDictionary<string, string> Clusters)
    {
        public static async Task<Lookups> LoadAsync(IMarketplaceDbContext db, CancellationToken ct) => new(
            await db.Skills.AsNoTracking().ToDictionaryAsync(s => s.Code, s => s.Name, ct),
            await db.Regions.AsNoTracking().ToDictionaryAsync(r => r.Code, r => r.Name, ct),
            await db.Clusters.AsNoTracking().ToDictionaryAsync(c => c.Code, c => c.Name, ct));
    }

    // Unlike Progress<T>, reports synchronously, so the log lines come out in order.
    private sealed class LogProgress(Action<int> report) : IProgress<int>
    {
        public void Report(int value) => report(value);
    }
}
