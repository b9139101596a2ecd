using System.Net.Http.Json;
using System.Text.Json;
using Marketplace.Application.Engineers.Search;
using Marketplace.Infrastructure.Search.Elasticsearch;

namespace Marketplace.IntegrationTests.Search;

/// <summary>
/// The contract on a real Elasticsearch or OpenSearch cluster at ELASTICSEARCH_URL (optionally ELASTICSEARCH_API_KEY,
/// or ELASTICSEARCH_USERNAME/ELASTICSEARCH_PASSWORD). Each test gets its own alias and index, named for this run,
/// and deletes them after. Without the variable every test is reported as skipped with the reason — never as
/// passed — and test.sh says so after its summary. The wire-format tests (ElasticsearchWireFormatTests) run
/// without a cluster but do not replace this suite.
/// </summary>
public sealed class ElasticsearchEngineerSearchContract : EngineerSearchContract
{
    public const string NotConfigured = "ELASTICSEARCH_URL 未设置：Elasticsearch 适配器的合同测试未运行 (set ELASTICSEARCH_URL to run them)";

    private static readonly string RunId = Guid.NewGuid().ToString("N")[..8];
    private readonly List<(HttpClient Http, ElasticsearchEngineerSearch Search, string Alias)> _created = [];

    private static string? Url => Environment.GetEnvironmentVariable("ELASTICSEARCH_URL");

    protected override async Task<IEngineerSearch> CreateEmptyAsync()
    {
        Skip.If(string.IsNullOrWhiteSpace(Url), NotConfigured);
        var options = new ElasticsearchOptions
        {
            Url = new Uri(Url!, UriKind.Absolute),
            Alias = $"contract-{RunId}-{Guid.NewGuid().ToString("N")[..8]}",
            ApiKey = Environment.GetEnvironmentVariable("ELASTICSEARCH_API_KEY"),
            Username = Environment.GetEnvironmentVariable("ELASTICSEARCH_USERNAME"),
            Password = Environment.GetEnvironmentVariable("ELASTICSEARCH_PASSWORD"),
        };
        var http = new HttpClient();
        ElasticsearchEngineerSearch.Configure(http, options);
        var search = new ElasticsearchEngineerSearch(http, options, TimeProvider.System);
        _created.Add((http, search, options.Alias));
        await search.EnsureReadyAsync();
        return search;
    }

    public override async Task DisposeAsync()
    {
        foreach (var (http, search, alias) in _created)
        {
            // Every generation this test made: {alias}-{timestamp}-{suffix} (wildcard deletes may be refused, so by name).
            var indexes = await http.GetFromJsonAsync<JsonElement>($"/_cat/indices/{alias}-*?format=json&h=index");
            foreach (var index in indexes.EnumerateArray())
            {
                using var response = await http.DeleteAsync($"/{index.GetProperty("index").GetString()}");
            }

            search.Dispose();
            http.Dispose();
        }
    }
}
