using Marketplace.Testing;

namespace Marketplace.IntegrationTests.Live;

/// <summary>
/// The live tests' world: one PostgreSQL with demo data, one redis-server, and two app instances on real loopback
/// Kestrel sockets sharing both (SignalR:Redis set), so any test can also check that a push crosses instances.
/// The rate limit is raised a little so the resync test's bursts are not refused; the flood test still exceeds it.
/// </summary>
public sealed class LiveFixture : IAsyncLifetime
{
    public const int Burst = 30;

    public PostgresServer Database { get; private set; } = null!;

    public RedisServer Redis { get; private set; } = null!;

    /// <summary>The instance most tests talk to.</summary>
    public MarketplaceAppFactory App { get; private set; } = null!;

    /// <summary>A second instance on the same database and Redis.</summary>
    public MarketplaceAppFactory Other { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        var database = PostgresServer.StartAsync();
        var redis = RedisServer.StartAsync();
        Database = await database;
        Redis = await redis;
        App = Create();
        App.StartKestrel();
        await App.ResetAndSeedAsync(engineers: 60);
        Other = Create();
        Other.StartKestrel();
    }

    private MarketplaceAppFactory Create()
    {
        var app = new MarketplaceAppFactory(Database);
        app.Settings["SignalR:Redis"] = Redis.Configuration;
        app.Settings["Live:MessageBurst"] = Burst.ToString(System.Globalization.CultureInfo.InvariantCulture);
        app.Settings["Live:MessagesPerSecond"] = "5";
        app.Settings["Logging:LogLevel:Default"] = "Warning";
        return app;
    }

    public async Task DisposeAsync()
    {
        await Other.DisposeAsync();
        await App.DisposeAsync();
        await Redis.DisposeAsync();
        await Database.DisposeAsync();
    }
}

[CollectionDefinition(Name)]
public sealed class LiveCollection : ICollectionFixture<LiveFixture>
{
    public const string Name = "live";
}
