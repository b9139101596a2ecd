using Marketplace.Testing;

namespace Marketplace.IntegrationTests;

/// <summary>One PostgreSQL and one app for the whole assembly; tests that write reset the data first.</summary>
public sealed class AppFixture : IAsyncLifetime
{
    public PostgresServer Database { get; private set; } = null!;

    public MarketplaceAppFactory App { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        Database = await PostgresServer.StartAsync();
        App = new MarketplaceAppFactory(Database);
        await App.ResetAndSeedAsync();
    }

    public async Task DisposeAsync()
    {
        await App.DisposeAsync();
        await Database.DisposeAsync();
    }
}

[CollectionDefinition(Name)]
public sealed class AppCollection : ICollectionFixture<AppFixture>
{
    public const string Name = "app";
}
