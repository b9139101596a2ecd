using System.Reflection;
using Marketplace.Testing;
using Marketplace.Web.Live;
using Microsoft.AspNetCore.Http.Metadata;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;

namespace Marketplace.IntegrationTests.Security;

/// <summary>
/// The security tests' world: their own PostgreSQL with the demo data, one app on a loopback Kestrel socket (the hub
/// needs a real one), a minted token per role, and a second organization for every role that owns things, so "the
/// right role of the wrong organization" is a real account.
/// </summary>
public sealed class SecurityFixture : IAsyncLifetime
{
    public PostgresServer Database { get; private set; } = null!;

    public MarketplaceAppFactory App { get; private set; } = null!;

    public Uri Address => App.KestrelAddress!;

    /// <summary>The demo account of each persona, and the persona's wrong-organization twin (<see cref="Persona.WrongOrg"/>).</summary>
    public IReadOnlyDictionary<Persona, LiveAccount> Accounts { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        Database = await PostgresServer.StartAsync();
        App = new MarketplaceAppFactory(Database);
        App.Settings["Logging:LogLevel:Default"] = "Warning";
        // The hostile test sends thousands of calls from one connection; the live channel's limit is not what it tests.
        App.Settings["Live:MessageBurst"] = "10000";
        App.Settings["Live:MessagesPerSecond"] = "10000";
        App.StartKestrel();
        await App.ResetAndSeedAsync(engineers: 60);
        await WrongOrganizations.CreateAsync(App);
        var accounts = new Dictionary<Persona, LiveAccount>();
        foreach (var persona in Enum.GetValues<Persona>().Where(p => p != Persona.Anonymous))
        {
            accounts[persona] = await App.AccountAsync(persona.Email());
        }

        Accounts = accounts;
        Demo = await DemoResources.LoadAsync(App, accounts);
    }

    /// <summary>The demo resources the tests address, found (and the missing files uploaded) once, before any test changes them.</summary>
    public DemoResources Demo { get; private set; } = null!;

    public async Task DisposeAsync()
    {
        await App.DisposeAsync();
        await Database.DisposeAsync();
    }

    public HttpClient Client(Persona persona) =>
        persona == Persona.Anonymous ? new HttpClient { BaseAddress = Address } : Accounts[persona].Http;

    /// <summary>Every API endpoint the running app maps: method + route pattern, with its handler's parameters.</summary>
    public IReadOnlyList<ApiEndpoint> Endpoints() => ApiEndpoint.From(App.Services.GetRequiredService<EndpointDataSource>());

    /// <summary>The hub's callable methods, found the way SignalR finds them (public instance methods declared on the hub).</summary>
    public static IReadOnlyList<string> HubMethods() =>
        typeof(LiveHub).GetMethods(BindingFlags.Public | BindingFlags.Instance | BindingFlags.DeclaredOnly)
            .Where(m => !m.IsSpecialName)
            .Select(m => m.Name)
            .Order(StringComparer.Ordinal)
            .ToList();

    public async Task<T> ScalarAsync<T>(string sql)
    {
        await using var connection = new NpgsqlConnection(Database.ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        return (T)(await command.ExecuteScalarAsync())!;
    }
}

[CollectionDefinition(Name)]
public sealed class SecurityCollection : ICollectionFixture<SecurityFixture>
{
    public const string Name = "security";
}

public sealed record ApiEndpoint(string Method, string Pattern, RouteEndpoint Endpoint)
{
    public string Key => Method + " " + Pattern;

    public MethodInfo? Handler => Endpoint.Metadata.GetMetadata<MethodInfo>();

    public static IReadOnlyList<ApiEndpoint> From(EndpointDataSource source) =>
        source.Endpoints.OfType<RouteEndpoint>()
            .Where(e => e.RoutePattern.RawText is { } raw && raw.StartsWith("/api/", StringComparison.Ordinal) && !raw.Contains("{**", StringComparison.Ordinal))
            .SelectMany(e => (e.Metadata.GetMetadata<IHttpMethodMetadata>()?.HttpMethods ?? []).Select(m => new ApiEndpoint(m, e.RoutePattern.RawText!, e)))
            .OrderBy(e => e.Pattern, StringComparer.Ordinal).ThenBy(e => e.Method, StringComparer.Ordinal)
            .ToList();
}
