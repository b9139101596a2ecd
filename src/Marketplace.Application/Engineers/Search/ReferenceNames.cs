using Marketplace.Application.Common;

namespace Marketplace.Application.Engineers.Search;

/// <summary>
/// The Chinese names of skills, regions and clusters, held for a few minutes. Every search page needs them (labels,
/// facet names, unknown-code checks) and they change only when reference data is re-seeded, so reading three whole
/// tables per request — most of a search's cost at hundreds of requests a second — buys nothing.
/// </summary>
public sealed class ReferenceNames(TimeProvider clock) : IDisposable
{
    private static readonly TimeSpan Lifetime = TimeSpan.FromMinutes(5);
    private readonly SemaphoreSlim _loading = new(1, 1);
    private (EngineerIndexing.Lookups Names, DateTimeOffset LoadedAt)? _current;

    public async Task<EngineerIndexing.Lookups> GetAsync(IMarketplaceDbContext db, CancellationToken cancellationToken)
    {
        if (_current is { } fresh && clock.GetUtcNow() - fresh.LoadedAt < Lifetime)
        {
            return fresh.Names;
        }

        await _loading.WaitAsync(cancellationToken);
        try
        {
            if (_current is { } loaded && clock.GetUtcNow() - loaded.LoadedAt < Lifetime)
            {
                return loaded.Names;
            }

            var names = await EngineerIndexing.Lookups.LoadAsync(db, cancellationToken);
            _current = (names, clock.GetUtcNow());
            return names;
        }
        finally
        {
            _loading.Release();
        }
    }

    public void Dispose() => _loading.Dispose();
}
