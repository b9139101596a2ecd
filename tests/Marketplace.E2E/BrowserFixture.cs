using Marketplace.Testing;
using Microsoft.Playwright;

namespace Marketplace.E2E;

/// <summary>
/// The real app on a loopback Kestrel socket over a real PostgreSQL with demo data, driven by Debian's Chromium
/// through Playwright (its own browser download cannot work here, so ExecutablePath points at /usr/bin/chromium).
/// </summary>
public sealed class BrowserFixture : IAsyncLifetime
{
    private PostgresServer _database = null!;
    private IPlaywright _playwright = null!;

    public MarketplaceAppFactory App { get; private set; } = null!;

    public IBrowser Browser { get; private set; } = null!;

    public Uri BaseAddress { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        _database = await PostgresServer.StartAsync();
        App = new MarketplaceAppFactory(_database);
        BaseAddress = App.StartKestrel();
        await App.ResetAndSeedAsync(engineers: 120);

        _playwright = await Playwright.CreateAsync();
        Browser = await _playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = Environment.GetEnvironmentVariable("CHROMIUM_PATH") ?? "/usr/bin/chromium",
            Headless = true,
            Args =
            [
                "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
                "--disable-component-update", "--disable-sync", "--disable-dev-shm-usage",
            ],
        });
    }

    public async Task<IPage> NewPageAsync()
    {
        var context = await Browser.NewContextAsync(new BrowserNewContextOptions
        {
            BaseURL = BaseAddress.ToString(),
            Locale = "zh-CN",
            ViewportSize = new ViewportSize { Width = 1366, Height = 900 },
        });
        return await context.NewPageAsync();
    }

    public async Task DisposeAsync()
    {
        await Browser.DisposeAsync();
        _playwright.Dispose();
        await App.DisposeAsync();
        await _database.DisposeAsync();
    }
}

[CollectionDefinition(Name)]
public sealed class BrowserCollection : ICollectionFixture<BrowserFixture>
{
    public const string Name = "browser";
}
