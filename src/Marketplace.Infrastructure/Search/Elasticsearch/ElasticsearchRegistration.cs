using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Marketplace.Infrastructure.Search.Elasticsearch;

public static class ElasticsearchRegistration
{
    /// <summary>
    /// The adapter as a typed HttpClient from IHttpClientFactory, resolved once and kept as a singleton (its write lock
    /// and "alias exists" flag are per process). A client kept that long must not pin DNS: the handler is never
    /// recycled by the factory, the sockets handler renews its connections instead (the factory docs' advice for
    /// clients held by singletons). Registering it does not select it: the host maps IEngineerSearch by Search:Provider.
    /// </summary>
    public static IServiceCollection AddElasticsearchEngineerSearch(this IServiceCollection services, Func<IServiceProvider, ElasticsearchOptions> options)
    {
        services.TryAddSingleton(TimeProvider.System);
        services.AddSingleton(options);
        services.AddHttpClient<ElasticsearchEngineerSearch>((sp, http) => ElasticsearchEngineerSearch.Configure(http, sp.GetRequiredService<ElasticsearchOptions>()))
            .ConfigurePrimaryHttpMessageHandler(() => new SocketsHttpHandler
            {
                PooledConnectionLifetime = TimeSpan.FromMinutes(2),

                // A black-holed address should fail the start in seconds, not after several full request timeouts.
                ConnectTimeout = TimeSpan.FromSeconds(5),
            })
            .SetHandlerLifetime(Timeout.InfiniteTimeSpan);
        return services;
    }
}
