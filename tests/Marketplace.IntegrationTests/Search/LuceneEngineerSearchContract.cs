using Marketplace.Application.Engineers.Search;
using Marketplace.Infrastructure.Search;

namespace Marketplace.IntegrationTests.Search;

/// <summary>The contract on the embedded Lucene adapter: a real index in a temp folder per test, deleted after. Always runs.</summary>
public class LuceneEngineerSearchContract : EngineerSearchContract
{
    /// <summary>Answers the adapter keeps per index generation; the app runs with them (Search:ResultCacheEntries).</summary>
    protected virtual int ResultCacheEntries => 0;

    /// <summary>Estimated matches from which a search runs on two threads (the app's default: none of these small indexes reach it).</summary>
    protected virtual long ParallelMinMatches => LuceneEngineerSearch.DefaultParallelMinMatches;

    private readonly List<(LuceneEngineerSearch Search, string Path)> _created = [];

    protected override Task<IEngineerSearch> CreateEmptyAsync()
    {
        var path = Path.Combine(Path.GetTempPath(), "marketplace-search-contract", Guid.NewGuid().ToString("N"));
        var search = new LuceneEngineerSearch(path, TimeProvider.System, ResultCacheEntries, ParallelMinMatches);
        _created.Add((search, path));
        return Task.FromResult<IEngineerSearch>(search);
    }

    public override Task DisposeAsync()
    {
        foreach (var (search, path) in _created)
        {
            search.Dispose();
            Directory.Delete(path, recursive: true);
        }

        return Task.CompletedTask;
    }
}

/// <summary>
/// The same contract with the answer cache on, as the app runs: every test that searches, writes and searches again
/// (replace, delete, rebuild, concurrent writes) shows that a write is never answered from a stale cache.
/// </summary>
public sealed class CachedLuceneEngineerSearchContract : LuceneEngineerSearchContract
{
    protected override int ResultCacheEntries => 500;
}

/// <summary>
/// The same contract with every search scored as two halves on two threads and merged (the path broad searches take
/// on a large index): the cut falls inside these small indexes' segments, so the second half starts mid-segment.
/// </summary>
public sealed class ParallelLuceneEngineerSearchContract : LuceneEngineerSearchContract
{
    protected override long ParallelMinMatches => 0;
}
