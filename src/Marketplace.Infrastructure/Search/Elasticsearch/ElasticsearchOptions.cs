namespace Marketplace.Infrastructure.Search.Elasticsearch;

/// <summary>How the adapter reaches its cluster. The web host fills it from Search:*, the CLI from the same keys.</summary>
public sealed class ElasticsearchOptions
{
    /// <summary>Base URL of the cluster (Elasticsearch 7.x/8.x or OpenSearch), e.g. http://elasticsearch:9200.</summary>
    public required Uri Url { get; init; }

    /// <summary>The alias every read and write goes through; rebuilds create <c>{Alias}-{timestamp}</c> indexes behind it.</summary>
    public string Alias { get; init; } = "engineers";

    /// <summary>Sent as <c>Authorization: ApiKey …</c> (the base64 "id:key" Elasticsearch hands out); wins over basic auth.</summary>
    public string? ApiKey { get; init; }

    public string? Username { get; init; }

    public string? Password { get; init; }

    /// <summary>Per attempt, not per call: a retried call may take up to (retries + 1) times this.</summary>
    public TimeSpan RequestTimeout { get; init; } = TimeSpan.FromSeconds(30);

    public int MaxRetries { get; init; } = 4;

    /// <summary>First backoff; it doubles per attempt, with jitter so several instances do not retry in step.</summary>
    public TimeSpan RetryDelay { get; init; } = TimeSpan.FromMilliseconds(200);

    public int BulkBatchSize { get; init; } = 1000;
}

/// <summary>A call the cluster refused or could not answer; the message carries the request and the response body.</summary>
public sealed class ElasticsearchException : Exception
{
    public ElasticsearchException(string message, int? statusCode = null, Exception? innerException = null)
        : base(message, innerException) => StatusCode = statusCode;

    public ElasticsearchException()
    {
    }

    public ElasticsearchException(string message)
        : base(message)
    {
    }

    public ElasticsearchException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    /// <summary>The HTTP status, or null when no response came (connection refused, timeout).</summary>
    public int? StatusCode { get; }
}
