using Marketplace.Application.Engineers.Search;
using Marketplace.Infrastructure.Search;

namespace Marketplace.IntegrationTests.Search;

/// <summary>The contract on the embedded Lucene adapter: a real index in a temp folder per test, deleted after. Always runs.</summary>
public sealed class LuceneEngineerSearchContract : EngineerSearchContract
{
    private readonly List<(LuceneEngineerSearch Search, string Path)> _created = [];

    protected override Task<IEngineerSearch> CreateEmptyAsync()
    {
        var path = Path.Combine(Path.GetTempPath(), "marketplace-search-contract", Guid.NewGuid().ToString("N"));
        var search = new LuceneEngineerSearch(path, TimeProvider.System);
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
