using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization.Metadata;
using Marketplace.Application.Engineers.Search;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Polly;
using Polly.Retry;
using Polly.Timeout;

namespace Marketplace.Infrastructure.Search.Elasticsearch;

/// <summary>
/// The engineer search port on an Elasticsearch (7.x, 8.x) or OpenSearch cluster, over its REST API — no client
/// library (none is in the package mirror, and the subset we need is small). Reads and writes go through an alias;
/// a rebuild fills a new concrete index and swaps the alias in one <c>_aliases</c> call, so readers see the old set
/// or the new one, never half. Writes wait for the refresh (<c>refresh=wait_for</c>): a change is visible to the
/// next search, the same promise the Lucene adapter keeps. Transient failures (429, 502–504, connection errors,
/// timeouts) are retried with exponential backoff and jitter; anything else fails with the cluster's answer.
/// </summary>
public sealed partial class ElasticsearchEngineerSearch : IEngineerSearch, IDisposable
{
    private readonly HttpClient _http;
    private readonly ElasticsearchOptions _options;
    private readonly TimeProvider _clock;
    private readonly ILogger _logger;
    private readonly ResiliencePipeline<HttpResponseMessage> _pipeline;

    // In-process only: a rebuild and an update never interleave here (an update would land in the index being
    // replaced). Several instances writing during a rebuild can still lose an update until the next rebuild.
    private readonly SemaphoreSlim _writeLock = new(1, 1);
    private readonly SemaphoreSlim _ensureLock = new(1, 1);
    private volatile bool _ensured;

    public ElasticsearchEngineerSearch(HttpClient http, ElasticsearchOptions options, TimeProvider clock, ILogger<ElasticsearchEngineerSearch>? logger = null)
    {
        _http = http;
        _options = options;
        _clock = clock;
        _logger = (ILogger?)logger ?? NullLogger.Instance;
        _http.BaseAddress ??= options.Url;
        var builder = new ResiliencePipelineBuilder<HttpResponseMessage> { TimeProvider = clock };
        if (options.MaxRetries > 0)
        {
            builder.AddRetry(new RetryStrategyOptions<HttpResponseMessage>
            {
                MaxRetryAttempts = options.MaxRetries,
                Delay = options.RetryDelay,
                BackoffType = DelayBackoffType.Exponential,
                UseJitter = true,
                ShouldHandle = new PredicateBuilder<HttpResponseMessage>()
                    .Handle<HttpRequestException>()
                    .Handle<TimeoutRejectedException>()
                    .HandleResult(r => IsTransient(r.StatusCode)),
                OnRetry = args =>
                {
                    LogRetry(_logger, args.AttemptNumber + 1, args.RetryDelay.TotalMilliseconds,
                        args.Outcome.Result?.StatusCode.ToString() ?? args.Outcome.Exception?.GetType().Name ?? "?");
                    args.Outcome.Result?.Dispose();
                    return default;
                },
            });
        }

        _pipeline = builder.AddTimeout(options.RequestTimeout).Build();
    }

    /// <summary>Sets the client up for <paramref name="options"/>: base address, auth, no client-level timeout (each attempt has its own).</summary>
    public static void Configure(HttpClient http, ElasticsearchOptions options)
    {
        http.BaseAddress = options.Url;
        http.Timeout = Timeout.InfiniteTimeSpan;
        if (!string.IsNullOrEmpty(options.ApiKey))
        {
            http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("ApiKey", options.ApiKey);
        }
        else if (!string.IsNullOrEmpty(options.Username))
        {
            var basic = Convert.ToBase64String(Encoding.UTF8.GetBytes(options.Username + ":" + options.Password));
            http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Basic", basic);
        }
    }

    private static bool IsTransient(HttpStatusCode status) =>
        status is HttpStatusCode.TooManyRequests or HttpStatusCode.BadGateway or HttpStatusCode.ServiceUnavailable or HttpStatusCode.GatewayTimeout;

    /// <summary>
    /// The start-up check: the cluster answers (GET /) and the alias exists — created with an empty index if not.
    /// Fails with a message naming the URL, so a wrong Search:ElasticsearchUrl stops the start instead of the first search.
    /// </summary>
    public async Task<string> EnsureReadyAsync(CancellationToken cancellationToken = default)
    {
        var root = await SendAsync(HttpMethod.Get, "/", null, ElasticsearchJsonContext.Default.EsRootResponse, cancellationToken);
        await EnsureIndexAsync(cancellationToken);
        var version = $"{root.Version?.Distribution ?? "elasticsearch"} {root.Version?.Number ?? "?"}";
        LogReady(_logger, _options.Url, version, _options.Alias);
        return version;
    }

    public async Task<EngineerSearchResult> SearchAsync(EngineerSearchQuery query, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(query);
        await EnsureIndexAsync(cancellationToken);
        var today = query.Today ?? DateOnly.FromDateTime(_clock.GetUtcNow().UtcDateTime);
        var body = BuildSearchBody(query, today);
        var response = await SendAsync(HttpMethod.Post, $"/{_options.Alias}/_search", () => Json(body), ElasticsearchJsonContext.Default.EsSearchResponse, cancellationToken);
        return ElasticsearchQueries.ReadSearch(response);
    }

    /// <summary>The request body for <paramref name="query"/> (internal for the wire-format tests).</summary>
    internal static JsonObject BuildSearchBody(EngineerSearchQuery query, DateOnly today) => ElasticsearchQueries.SearchBody(query, today);

    public async Task IndexAsync(IEnumerable<EngineerSearchDocument> documents, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(documents);
        var list = documents.ToList();
        if (list.Count == 0)
        {
            return;
        }

        await EnsureIndexAsync(cancellationToken);
        await _writeLock.WaitAsync(cancellationToken);
        try
        {
            foreach (var batch in list.Chunk(_options.BulkBatchSize))
            {
                // wait_for: the call returns once a refresh made the change searchable (no forced refresh per write).
                await BulkAsync(_options.Alias, batch, "?refresh=wait_for", cancellationToken);
            }
        }
        finally
        {
            _writeLock.Release();
        }
    }

    public async Task DeleteAsync(Guid id, CancellationToken cancellationToken = default)
    {
        await EnsureIndexAsync(cancellationToken);
        await _writeLock.WaitAsync(cancellationToken);
        try
        {
            using var response = await SendRawAsync(HttpMethod.Delete, $"/{_options.Alias}/_doc/{id}?refresh=wait_for", null, cancellationToken);

            // 404 with result "not_found": it was not there, which is what was asked.
            if (response.StatusCode != HttpStatusCode.NotFound)
            {
                await EnsureSuccessAsync(response, cancellationToken);
            }
        }
        finally
        {
            _writeLock.Release();
        }
    }

    public async Task RebuildAsync(IAsyncEnumerable<EngineerSearchDocument> documents, IProgress<int>? progress = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(documents);
        await _writeLock.WaitAsync(cancellationToken);
        try
        {
            var index = await CreateIndexAsync(cancellationToken);
            var count = 0;
            try
            {
                var batch = new List<EngineerSearchDocument>(_options.BulkBatchSize);
                await foreach (var document in documents.WithCancellation(cancellationToken))
                {
                    batch.Add(document);
                    if (batch.Count == _options.BulkBatchSize)
                    {
                        await BulkAsync(index, batch, "", cancellationToken);
                        count += batch.Count;
                        batch.Clear();
                        progress?.Report(count);
                    }
                }

                if (batch.Count > 0)
                {
                    await BulkAsync(index, batch, "", cancellationToken);
                    count += batch.Count;
                }

                await SendAsync(HttpMethod.Post, $"/{index}/_refresh", null, cancellationToken);
                await SwapAliasAsync(index, cancellationToken);
            }
            catch
            {
                // The alias still points at the old index: readers never saw the half-built one. Drop it.
                await DeleteIndexQuietlyAsync(index);
                throw;
            }

            _ensured = true;
            progress?.Report(count);
            LogRebuilt(_logger, count, index, _options.Alias);
        }
        finally
        {
            _writeLock.Release();
        }
    }

    public async Task<int> CountAsync(CancellationToken cancellationToken = default)
    {
        await EnsureIndexAsync(cancellationToken);
        var response = await SendAsync(HttpMethod.Get, $"/{_options.Alias}/_count", null, ElasticsearchJsonContext.Default.EsCountResponse, cancellationToken);
        return response.Count;
    }

    public void Dispose()
    {
        _writeLock.Dispose();
        _ensureLock.Dispose();
    }

    /// <summary>Creates the alias over an empty index when it does not exist yet (first start against a new cluster).</summary>
    private async Task EnsureIndexAsync(CancellationToken cancellationToken)
    {
        if (_ensured)
        {
            return;
        }

        await _ensureLock.WaitAsync(cancellationToken);
        try
        {
            if (_ensured)
            {
                return;
            }

            if ((await AliasedIndexesAsync(cancellationToken)).Count == 0)
            {
                // A fixed name, not a timestamp: instances starting together on a new cluster create the same index
                // (the second PUT finds it there) and add the same alias to it, instead of pointing it at two indexes.
                var index = _options.Alias + "-initial";
                await CreateIndexAsync(index, existingIsFine: true, cancellationToken);
                var body = new JsonObject
                {
                    ["actions"] = new JsonArray(new JsonObject { ["add"] = new JsonObject { ["index"] = index, ["alias"] = _options.Alias } }),
                };
                await SendAsync(HttpMethod.Post, "/_aliases", () => Json(body), cancellationToken);
            }

            _ensured = true;
        }
        finally
        {
            _ensureLock.Release();
        }
    }

    /// <summary>The concrete indexes behind the alias (none when the alias does not exist).</summary>
    private async Task<List<string>> AliasedIndexesAsync(CancellationToken cancellationToken)
    {
        using var response = await SendRawAsync(HttpMethod.Get, $"/_alias/{_options.Alias}", null, cancellationToken);
        if (response.StatusCode == HttpStatusCode.NotFound)
        {
            // A concrete index with the alias's name would make every alias call fail later, less clearly.
            using var head = await SendRawAsync(HttpMethod.Head, $"/{_options.Alias}", null, cancellationToken);
            if (head.IsSuccessStatusCode)
            {
                throw new ElasticsearchException(
                    $"Elasticsearch（{_options.Url}）中已有名为 {_options.Alias} 的普通索引，不是别名：请删除它或改用另一个 Search:ElasticsearchIndex。" +
                    $"(An index named '{_options.Alias}' exists where the adapter expects an alias.)");
            }

            return [];
        }

        await EnsureSuccessAsync(response, cancellationToken);
        var body = await response.Content.ReadFromJsonAsync(ElasticsearchJsonContext.Default.DictionaryStringJsonElement, cancellationToken);
        return body?.Keys.ToList() ?? [];
    }

    private async Task<string> CreateIndexAsync(CancellationToken cancellationToken)
    {
        // The timestamp orders the generations; the suffix keeps two rebuilds in the same millisecond apart.
        var index = $"{_options.Alias}-{_clock.GetUtcNow():yyyyMMddHHmmssfff}-{Guid.NewGuid().ToString("N")[..6]}";
        await CreateIndexAsync(index, existingIsFine: false, cancellationToken);
        return index;
    }

    private async Task CreateIndexAsync(string index, bool existingIsFine, CancellationToken cancellationToken)
    {
        var definition = ElasticsearchQueries.IndexDefinition();
        using var response = await SendRawAsync(HttpMethod.Put, $"/{index}", () => Json(definition), cancellationToken);
        if (existingIsFine && response.StatusCode == HttpStatusCode.BadRequest
            && (await response.Content.ReadAsStringAsync(cancellationToken)).Contains("resource_already_exists_exception", StringComparison.Ordinal))
        {
            return;
        }

        await EnsureSuccessAsync(response, cancellationToken);
    }

    /// <summary>Points the alias at <paramref name="index"/> alone in one atomic call, then deletes the indexes it left.</summary>
    private async Task SwapAliasAsync(string index, CancellationToken cancellationToken)
    {
        var old = await AliasedIndexesAsync(cancellationToken);
        var actions = new JsonArray();
        foreach (var previous in old)
        {
            actions.Add(new JsonObject { ["remove"] = new JsonObject { ["index"] = previous, ["alias"] = _options.Alias } });
        }

        actions.Add(new JsonObject { ["add"] = new JsonObject { ["index"] = index, ["alias"] = _options.Alias } });
        var body = new JsonObject { ["actions"] = actions };
        await SendAsync(HttpMethod.Post, "/_aliases", () => Json(body), cancellationToken);
        foreach (var previous in old.Where(i => i != index))
        {
            await DeleteIndexQuietlyAsync(previous);
        }
    }

    private async Task DeleteIndexQuietlyAsync(string index)
    {
        try
        {
            // Not the caller's token: this is clean-up after a cancelled or failed rebuild too.
            using var response = await SendRawAsync(HttpMethod.Delete, $"/{index}", null, CancellationToken.None);
            if (!response.IsSuccessStatusCode && response.StatusCode != HttpStatusCode.NotFound)
            {
                LogLeftIndex(_logger, index, (int)response.StatusCode);
            }
        }
        catch (ElasticsearchException ex)
        {
            LogLeftIndex(_logger, index, ex.StatusCode ?? 0);
        }
    }

    private async Task BulkAsync(string index, IEnumerable<EngineerSearchDocument> batch, string query, CancellationToken cancellationToken)
    {
        var ndjson = ElasticsearchQueries.BulkBody(index, batch);
        var response = await SendAsync(
            HttpMethod.Post, "/_bulk" + query, () => new StringContent(ndjson, Encoding.UTF8, "application/x-ndjson"),
            ElasticsearchJsonContext.Default.EsBulkResponse, cancellationToken);
        if (response.Errors)
        {
            // _bulk answers 200 even when items fail; one failed item is one engineer missing from search.
            var failed = response.Items?.SelectMany(i => i.Values).Where(i => i.Status >= 300).ToList() ?? [];
            var first = failed.FirstOrDefault();
            throw new ElasticsearchException(
                $"Elasticsearch 批量写入失败：{failed.Count} 条未写入（例如 {first?.Id}：{first?.Error?.GetRawText()}）。" +
                $"(Bulk indexing into '{index}' failed for {failed.Count} documents.)", first?.Status);
        }
    }

    private static StringContent Json(JsonNode body) => new(body.ToJsonString(), Encoding.UTF8, "application/json");

    private async Task SendAsync(HttpMethod method, string path, Func<HttpContent>? content, CancellationToken cancellationToken)
    {
        using var response = await SendRawAsync(method, path, content, cancellationToken);
        await EnsureSuccessAsync(response, cancellationToken);
    }

    private async Task<T> SendAsync<T>(HttpMethod method, string path, Func<HttpContent>? content, JsonTypeInfo<T> type, CancellationToken cancellationToken)
    {
        using var response = await SendRawAsync(method, path, content, cancellationToken);
        await EnsureSuccessAsync(response, cancellationToken);
        return await response.Content.ReadFromJsonAsync(type, cancellationToken)
            ?? throw new ElasticsearchException($"Elasticsearch 对 {method} {path} 的响应为空。(Empty response.)", (int)response.StatusCode);
    }

    /// <summary>One call with retries; a request message per attempt (a sent message cannot be sent again).</summary>
    private async Task<HttpResponseMessage> SendRawAsync(HttpMethod method, string path, Func<HttpContent>? content, CancellationToken cancellationToken)
    {
        try
        {
            return await _pipeline.ExecuteAsync(
                async token =>
                {
                    using var request = new HttpRequestMessage(method, path) { Content = content?.Invoke() };
                    return await _http.SendAsync(request, HttpCompletionOption.ResponseContentRead, token);
                },
                cancellationToken);
        }
        catch (Exception ex) when (ex is HttpRequestException or TimeoutRejectedException)
        {
            throw new ElasticsearchException(
                $"无法连接 Elasticsearch（{_options.Url}）：{method} {path} 在 {_options.MaxRetries + 1} 次尝试后仍失败（{ex.Message}）。" +
                $"请检查 Search:ElasticsearchUrl 与集群状态。(Elasticsearch at {_options.Url} is unreachable.)", null, ex);
        }
    }

    private async Task EnsureSuccessAsync(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        if (response.IsSuccessStatusCode)
        {
            return;
        }

        var body = await response.Content.ReadAsStringAsync(cancellationToken);
        if (body.Length > 2000)
        {
            body = body[..2000] + "…";
        }

        var request = response.RequestMessage is { } r ? $"{r.Method} {r.RequestUri?.PathAndQuery}" : "?";
        var status = (int)response.StatusCode;
        var meaning = status is >= 400 and < 500
            ? "请求被拒绝（映射、查询或权限有误）"
            : "集群出错";
        throw new ElasticsearchException(
            $"Elasticsearch {meaning}：{request} → {status} {response.ReasonPhrase}：{body} " +
            $"(Elasticsearch at {_options.Url} answered {status}.)", status);
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Elasticsearch 请求重试（第 {Attempt} 次，{DelayMs} ms 后）：{Reason}")]
    private static partial void LogRetry(ILogger logger, int attempt, double delayMs, string reason);

    [LoggerMessage(Level = LogLevel.Information, Message = "Elasticsearch {Url} 可用（{Version}），别名 {Alias}")]
    private static partial void LogReady(ILogger logger, Uri url, string version, string alias);

    [LoggerMessage(Level = LogLevel.Information, Message = "已重建 {Count} 名工程师到索引 {Index}，别名 {Alias} 已切换")]
    private static partial void LogRebuilt(ILogger logger, int count, string index, string alias);

    [LoggerMessage(Level = LogLevel.Warning, Message = "未能删除 Elasticsearch 索引 {Index}（状态 {Status}），请手动清理")]
    private static partial void LogLeftIndex(ILogger logger, string index, int status);
}
