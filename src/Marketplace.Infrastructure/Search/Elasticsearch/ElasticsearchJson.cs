using System.Text.Json;
using System.Text.Json.Serialization;

namespace Marketplace.Infrastructure.Search.Elasticsearch;

// Typed shapes of what the adapter stores and reads back. The query DSL itself is built as a JsonNode tree
// (ElasticsearchQueries): it is a tree of one-key objects, and a record per clause would be a second copy of the ES docs.

/// <summary>One engineer as stored in the index (the mapping in <see cref="ElasticsearchQueries.IndexDefinition"/>).</summary>
internal sealed record EsEngineer(
    [property: JsonPropertyName("id")] string Id,
    [property: JsonPropertyName("name")] string Name,
    [property: JsonPropertyName("skills")] string Skills,
    [property: JsonPropertyName("labels")] string Labels,
    [property: JsonPropertyName("employer")] string Employer,
    [property: JsonPropertyName("bio")] string Bio,
    [property: JsonPropertyName("skill_names")] IReadOnlyList<string> SkillNames,
    [property: JsonPropertyName("skill_codes")] IReadOnlyList<string> SkillCodes,
    [property: JsonPropertyName("cluster_codes")] IReadOnlyList<string> ClusterCodes,
    [property: JsonPropertyName("city")] string City,
    [property: JsonPropertyName("title")] string Title,
    [property: JsonPropertyName("title_rank")] int TitleRank,
    [property: JsonPropertyName("tier")] string Tier,
    [property: JsonPropertyName("modes")] IReadOnlyList<string> Modes,
    [property: JsonPropertyName("hours")] int Hours,
    [property: JsonPropertyName("available_from")] DateOnly? AvailableFrom,
    [property: JsonPropertyName("available_until")] DateOnly? AvailableUntil,
    [property: JsonPropertyName("rating")] int Rating,
    [property: JsonPropertyName("years")] int Years);

internal sealed record EsBulkAction([property: JsonPropertyName("index")] EsBulkTarget Index);

internal sealed record EsBulkTarget(
    [property: JsonPropertyName("_index")] string IndexName,
    [property: JsonPropertyName("_id")] string Id);

internal sealed record EsBulkResponse(
    [property: JsonPropertyName("errors")] bool Errors,
    [property: JsonPropertyName("items")] IReadOnlyList<Dictionary<string, EsBulkItem>>? Items);

internal sealed record EsBulkItem(
    [property: JsonPropertyName("_id")] string? Id,
    [property: JsonPropertyName("status")] int Status,
    [property: JsonPropertyName("error")] JsonElement? Error);

internal sealed record EsCountResponse([property: JsonPropertyName("count")] int Count);

internal sealed record EsRootResponse(
    [property: JsonPropertyName("cluster_name")] string? ClusterName,
    [property: JsonPropertyName("version")] EsVersion? Version);

internal sealed record EsVersion(
    [property: JsonPropertyName("number")] string? Number,
    [property: JsonPropertyName("distribution")] string? Distribution);

internal sealed record EsSearchResponse(
    [property: JsonPropertyName("hits")] EsHits Hits,
    [property: JsonPropertyName("aggregations")] Dictionary<string, EsFacetAggregate>? Aggregations);

internal sealed record EsHits(
    [property: JsonPropertyName("total")] EsTotal Total,
    [property: JsonPropertyName("hits")] IReadOnlyList<EsHit> Hits);

internal sealed record EsTotal([property: JsonPropertyName("value")] int Value);

internal sealed record EsHit(
    [property: JsonPropertyName("_id")] string Id,
    [property: JsonPropertyName("_score")] float? Score,
    [property: JsonPropertyName("highlight")] Dictionary<string, IReadOnlyList<string>>? Highlight);

/// <summary>A facet: the <c>filter</c> aggregation of the other dimensions' filters around either a terms or a filters aggregation.</summary>
internal sealed record EsFacetAggregate(
    [property: JsonPropertyName("doc_count")] int DocCount,
    [property: JsonPropertyName("values")] EsTermsAggregate? Values,
    [property: JsonPropertyName("windows")] EsFiltersAggregate? Windows);

internal sealed record EsTermsAggregate([property: JsonPropertyName("buckets")] IReadOnlyList<EsTermsBucket> Buckets);

internal sealed record EsTermsBucket(
    [property: JsonPropertyName("key")] string Key,
    [property: JsonPropertyName("doc_count")] int DocCount);

internal sealed record EsFiltersAggregate([property: JsonPropertyName("buckets")] Dictionary<string, EsCountBucket> Buckets);

internal sealed record EsCountBucket([property: JsonPropertyName("doc_count")] int DocCount);

[JsonSourceGenerationOptions(DefaultIgnoreCondition = JsonIgnoreCondition.Never)]
[JsonSerializable(typeof(EsEngineer))]
[JsonSerializable(typeof(EsBulkAction))]
[JsonSerializable(typeof(EsBulkResponse))]
[JsonSerializable(typeof(EsCountResponse))]
[JsonSerializable(typeof(EsRootResponse))]
[JsonSerializable(typeof(EsSearchResponse))]
[JsonSerializable(typeof(Dictionary<string, JsonElement>))]
internal sealed partial class ElasticsearchJsonContext : JsonSerializerContext;
