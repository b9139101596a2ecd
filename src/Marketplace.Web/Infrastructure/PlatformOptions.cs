using System.ComponentModel.DataAnnotations;
using Marketplace.Infrastructure.Search;

namespace Marketplace.Web.Infrastructure;

/// <summary>Database:* — whether the host migrates the schema itself (single-instance deployments, compose).</summary>
public sealed class DatabaseOptions
{
    public const string Section = "Database";

    public bool MigrateOnStartup { get; set; }
}

/// <summary>DemoData:* — seed the demo platform when the database is empty (never on a real deployment's data).</summary>
public sealed class DemoDataSettings
{
    public const string Section = "DemoData";

    public bool SeedOnStartup { get; set; }

    [Range(1, 1_000_000)]
    public int Engineers { get; set; } = 300;
}

/// <summary>Auth:* — bearer tokens for API clients.</summary>
public sealed class AuthOptions
{
    public const string Section = "Auth";

    /// <summary>HMAC-SHA256 key for JWTs; at least 32 characters, from a secret store or environment, never from the repo.</summary>
    [Required]
    [MinLength(32)]
    public string SigningKey { get; set; } = "";

    [Required]
    public string Issuer { get; set; } = "marketplace";

    [Range(5, 24 * 60)]
    public int TokenLifetimeMinutes { get; set; } = 60;
}

/// <summary>Search:* — which engine serves engineer search: the embedded Lucene index or an Elasticsearch cluster.</summary>
public sealed class SearchOptions
{
    public const string Section = "Search";

    [Required]
    [RegularExpression("^(Lucene|Elasticsearch)$", ErrorMessage = "Search:Provider must be Lucene or Elasticsearch.")]
    public string Provider { get; set; } = "Lucene";

    /// <summary>Base URL of the Elasticsearch 7/8 or OpenSearch cluster; required with Provider=Elasticsearch.</summary>
    public string? ElasticsearchUrl { get; set; }

    /// <summary>The alias the adapter reads and writes; rebuilds put <c>{alias}-{timestamp}</c> indexes behind it.</summary>
    [RegularExpression("^[a-z0-9][a-z0-9_.-]*$", ErrorMessage = "Search:ElasticsearchIndex must be a lower-case Elasticsearch index name.")]
    public string ElasticsearchIndex { get; set; } = "engineers";

    /// <summary>An Elasticsearch API key (base64 "id:key"); from a secret store or environment, never from the repo.</summary>
    public string? ElasticsearchApiKey { get; set; }

    public string? ElasticsearchUsername { get; set; }

    public string? ElasticsearchPassword { get; set; }

    public string IndexPath { get; set; } = Path.Combine(".data", "index");

    /// <summary>Lucene: answers kept per index generation (any write empties it); 0 turns the cache off.</summary>
    [Range(0, 100_000)]
    public int ResultCacheEntries { get; set; } = 2_000;

    /// <summary>Lucene: estimated matches from which one search is scored on two threads (broad words on a large index).</summary>
    [Range(0, long.MaxValue)]
    public long ParallelMinMatches { get; set; } = LuceneEngineerSearch.DefaultParallelMinMatches;

    /// <summary>Fallback poll of the search outbox; a commit in this process wakes the worker at once.</summary>
    [Range(1, 3600)]
    public int OutboxPollSeconds { get; set; } = 2;

    [Range(1, 10_000)]
    public int OutboxBatchSize { get; set; } = 200;

    /// <summary>Longest wait before retrying an engineer whose index update keeps failing.</summary>
    [Range(1, 86_400)]
    public int OutboxMaxBackoffSeconds { get; set; } = 300;

    /// <summary>With Provider=Elasticsearch the URL must be an absolute http(s) URL; checked at start, not at the first search.</summary>
    public static bool IsValid(SearchOptions options) =>
        options.Provider != "Elasticsearch"
        || (Uri.TryCreate(options.ElasticsearchUrl, UriKind.Absolute, out var url) && url.Scheme is "http" or "https");

    public Marketplace.Infrastructure.Search.Elasticsearch.ElasticsearchOptions ToElasticsearch() => new()
    {
        Url = new Uri(ElasticsearchUrl ?? throw new InvalidOperationException("Search:ElasticsearchUrl 未设置。"), UriKind.Absolute),
        Alias = ElasticsearchIndex,
        ApiKey = ElasticsearchApiKey,
        Username = ElasticsearchUsername,
        Password = ElasticsearchPassword,
    };
}

/// <summary>SignalR:* — with Redis set, hub messages go through the Redis backplane so several instances act as one.</summary>
public sealed class SignalROptions
{
    public const string Section = "SignalR";

    public string? Redis { get; set; }

    public static bool IsValid(SignalROptions options)
    {
        if (string.IsNullOrWhiteSpace(options.Redis))
        {
            return true;
        }

        try
        {
            StackExchange.Redis.ConfigurationOptions.Parse(options.Redis);
            return true;
        }
        catch (ArgumentException)
        {
            return false;
        }
    }
}

/// <summary>Storage:* — where uploaded files live; outside the web root so nothing uploaded is ever served as a page.</summary>
public sealed class StorageOptions
{
    public const string Section = "Storage";

    public string UploadsPath { get; set; } = Path.Combine(".data", "uploads");

    /// <summary>Fails start-up, not the first upload, when the folder cannot be used.</summary>
    public static bool EnsureWritable(StorageOptions options)
    {
        try
        {
            Directory.CreateDirectory(options.UploadsPath);
            var probe = Path.Combine(options.UploadsPath, ".write-probe");
            File.WriteAllText(probe, "");
            File.Delete(probe);
            return true;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return false;
        }
    }
}
