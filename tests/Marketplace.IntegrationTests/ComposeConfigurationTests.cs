using Marketplace.Testing;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Hosting;
using YamlDotNet.RepresentationModel;

namespace Marketplace.IntegrationTests;

/// <summary>
/// The environment docker-compose.yml gives the app must be configuration the app really reads: a typo there would
/// silently fall back to defaults in production. The app runs with a configuration source that records every key
/// it is asked for, and each compose variable must be among them.
/// </summary>
[Collection(AppCollection.Name)]
public sealed class ComposeConfigurationTests(AppFixture fixture)
{
    [Fact]
    public async Task Every_environment_variable_compose_gives_the_app_is_a_key_the_app_reads()
    {
        var variables = ComposeAppEnvironment();
        Assert.Contains("ConnectionStrings__Marketplace", variables);

        var recorder = new RecordingSource();
        await using var app = new RecordingAppFactory(fixture.Database, recorder);
        var client = app.CreateClient();
        Assert.True((await client.GetAsync("/health/ready")).IsSuccessStatusCode);
        await client.GetAsync("/");

        var read = recorder.Keys;
        var hostVariables = new[] { "ASPNETCORE_URLS", "ASPNETCORE_ENVIRONMENT" }; // read by the host itself, before configuration
        var unread = variables
            .Where(v => !hostVariables.Contains(v))
            .Where(v => !read.Contains(v.Replace("__", ":", StringComparison.Ordinal)))
            .ToList();
        Assert.True(unread.Count == 0, "compose sets variables the app never reads: " + string.Join(", ", unread) + " — read: " + string.Join(", ", read.Where(k => !k.StartsWith("Logging", StringComparison.Ordinal)).Order()));
    }

    /// <summary>
    /// Puts the recorder first among the host's sources (asked for keys nothing else supplies, read while services are
    /// registered) and last among the app's (asked first for every key read after that).
    /// </summary>
    private sealed class RecordingAppFactory(PostgresServer database, RecordingSource recorder) : MarketplaceAppFactory(database)
    {
        protected override IHost CreateHost(IHostBuilder builder)
        {
            builder.ConfigureHostConfiguration(config => config.Add(recorder));
            return base.CreateHost(builder);
        }

        protected override void ConfigureWebHost(IWebHostBuilder builder)
        {
            base.ConfigureWebHost(builder);
            builder.ConfigureAppConfiguration((_, config) => config.Add(recorder));
        }
    }

    private static List<string> ComposeAppEnvironment()
    {
        var yaml = new YamlStream();
        using (var reader = new StreamReader(Path.Combine(RepoPaths.Root, "docker-compose.yml")))
        {
            yaml.Load(reader);
        }

        var root = (YamlMappingNode)yaml.Documents[0].RootNode;
        var app = (YamlMappingNode)((YamlMappingNode)root.Children[new YamlScalarNode("services")]).Children[new YamlScalarNode("app")];
        var environment = app.Children[new YamlScalarNode("environment")];
        return environment switch
        {
            YamlMappingNode map => map.Children.Keys.Select(k => ((YamlScalarNode)k).Value!).ToList(),
            YamlSequenceNode list => list.Children.Select(n => ((YamlScalarNode)n).Value!.Split('=')[0]).ToList(),
            _ => throw new InvalidDataException("services.app.environment is neither a map nor a list"),
        };
    }

    private sealed class RecordingSource : IConfigurationSource, IConfigurationProvider
    {
        private readonly HashSet<string> _keys = new(StringComparer.OrdinalIgnoreCase);

        public IReadOnlySet<string> Keys
        {
            get
            {
                lock (_keys)
                {
                    return _keys.ToHashSet(StringComparer.OrdinalIgnoreCase);
                }
            }
        }

        public IConfigurationProvider Build(IConfigurationBuilder builder) => this;

        public bool TryGet(string key, out string? value)
        {
            lock (_keys)
            {
                _keys.Add(key);
            }

            value = null;
            return false;
        }

        public void Set(string key, string? value)
        {
        }

        public Microsoft.Extensions.Primitives.IChangeToken GetReloadToken() => new Microsoft.Extensions.Primitives.CancellationChangeToken(CancellationToken.None);

        public void Load()
        {
        }

        public IEnumerable<string> GetChildKeys(IEnumerable<string> earlierKeys, string? parentPath) => earlierKeys;
    }
}
