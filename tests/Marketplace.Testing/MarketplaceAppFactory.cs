using Marketplace.Application.Engineers.Search;
using Marketplace.Infrastructure.DemoData;
using Marketplace.Infrastructure.Persistence;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using Respawn;

namespace Marketplace.Testing;

/// <summary>
/// The real web host over a real PostgreSQL. Test-server mode by default; <see cref="StartKestrel"/> puts it on
/// a real loopback socket for browsers and SignalR clients.
/// </summary>
public class MarketplaceAppFactory(PostgresServer database) : WebApplicationFactory<Program>
{
    public const string TestSigningKey = "test-signing-key-that-is-long-enough-for-hmac-sha256";

    private Respawner? _respawner;

    public PostgresServer Database { get; } = database;

    public Uri? KestrelAddress { get; private set; }

    /// <summary>The app's TimeProvider; move it forward to reach deadlines (and Reset it after).</summary>
    public TestClock Clock { get; } = new();

    /// <summary>Extra configuration a test wants (key → value), applied last.</summary>
    public Dictionary<string, string?> Settings { get; } = new();

    public string HostEnvironment { get; set; } = "Development";

    /// <summary>
    /// This app's search index folders. A Lucene index takes one writer per folder, so every host built from this factory
    /// (WithWebHostBuilder builds more) gets its own sub-folder; a fresh one is rebuilt from the database at start.
    /// </summary>
    public string IndexRoot { get; } = Path.Combine(Path.GetTempPath(), "marketplace-index-" + Guid.NewGuid().ToString("N"));

    /// <summary>Where this app looks for the matching model (a private folder; empty until a test publishes one).</summary>
    public string ModelPath => Path.Combine(IndexRoot + "-models", "matching.zip");

    public Uri StartKestrel()
    {
        var port = PostgresServer.FreePort();
        UseKestrel(port);
        StartServer();
        KestrelAddress = new Uri($"http://127.0.0.1:{port}");
        return KestrelAddress;
    }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment(HostEnvironment);
        builder.UseSetting("ConnectionStrings:Marketplace", Database.ConnectionString);
        builder.UseSetting("Auth:SigningKey", TestSigningKey);
        builder.UseSetting("Database:MigrateOnStartup", "true");
        builder.UseSetting("Search:IndexPath", Path.Combine(IndexRoot, Guid.NewGuid().ToString("N")));
        builder.UseSetting("Storage:UploadsPath", Path.Combine(Database.Directory + "-uploads"));
        builder.UseSetting("Challenges:DeadlineSweepSeconds", "1");
        // Never the repository's trained model: tests rank with the heuristic unless they publish a model here.
        builder.UseSetting("Matching:ModelPath", ModelPath);
        // Tests reseed between classes: matching reads profiles and records per request instead of holding them.
        builder.UseSetting("Matching:CacheSeconds", "0");
        // The suites sign in and upload hundreds of times a minute from one address: the budgets are lifted here and
        // tested with low ones of their own (WebSecurityTests).
        builder.UseSetting("Security:SignInPerMinute", "100000");
        builder.UseSetting("Security:UploadsPerMinute", "100000");
        builder.UseSetting("Security:MessagesPerMinute", "100000");
        builder.ConfigureTestServices(services => services.AddSingleton<TimeProvider>(Clock));
        foreach (var (key, value) in Settings)
        {
            builder.UseSetting(key, value);
        }
    }

    /// <summary>Empties every table but the reference data and migrations history, then seeds a small demo platform.</summary>
    public async Task ResetAndSeedAsync(int engineers = 60, int seed = 20261123)
    {
        await ResetAsync();
        await using var scope = Services.CreateAsyncScope();
        await scope.ServiceProvider.GetRequiredService<DemoDataGenerator>().GenerateAsync(new DemoDataOptions(engineers, seed));
        await RebuildSearchIndexAsync();
    }

    /// <summary>Bulk writes (Respawn, the demo generator's COPY) bypass the profile handlers, so the index is rebuilt after them.</summary>
    public async Task RebuildSearchIndexAsync()
    {
        await using var scope = Services.CreateAsyncScope();
        await scope.ServiceProvider.GetRequiredService<EngineerIndexing>().RebuildAsync();
    }

    public async Task ResetAsync()
    {
        // Starting the host migrates the schema; Respawn needs the tables to exist.
        _ = Services;
        await using var connection = new NpgsqlConnection(Database.ConnectionString);
        await connection.OpenAsync();
        _respawner ??= await Respawner.CreateAsync(connection, new RespawnerOptions
        {
            DbAdapter = DbAdapter.Postgres,
            SchemasToInclude = ["public"],
            TablesToIgnore =
            [
                "__ef_migrations_history", "industry_clusters", "skills", "regions", "professional_titles",
                "excellence_tiers", "service_types", "roles", "data_protection_keys",
            ],
        });
        await _respawner.ResetAsync(connection);
        await RebuildSearchIndexAsync();
    }

    public override async ValueTask DisposeAsync()
    {
        await base.DisposeAsync();
        GC.SuppressFinalize(this);
        try
        {
            Directory.Delete(IndexRoot, recursive: true);
        }
        catch (DirectoryNotFoundException)
        {
        }
    }

    public async Task<T> WithDbAsync<T>(Func<MarketplaceDbContext, Task<T>> action)
    {
        await using var scope = Services.CreateAsyncScope();
        return await action(scope.ServiceProvider.GetRequiredService<MarketplaceDbContext>());
    }
}
