using Marketplace.Domain.Engineers;

namespace Marketplace.Application.Engineers.Search;

public enum EngineerSearchSort
{
    Relevance = 0,
    Rating = 1,
    Experience = 2,
}

/// <summary>
/// What a company asks the engine. <see cref="Text"/> is user text: adapters treat it as words to match,
/// never as query syntax. Filters are exact reference codes.
/// </summary>
public sealed record EngineerSearchQuery(
    string? Text = null,
    string? Cluster = null,
    string? Skill = null,
    string? City = null,
    ProfessionalTitle? MinTitle = null,
    ExcellenceTier? Tier = null,
    ServiceModes? ServiceMode = null,
    bool AvailableNow = false,
    DateOnly? Today = null,
    EngineerSearchSort Sort = EngineerSearchSort.Relevance,
    int Page = 1,
    int Size = 20);

/// <summary>One engineer as the index sees it: the searchable text and the filterable codes.</summary>
public sealed record EngineerSearchDocument(
    Guid Id,
    string Name,
    string Bio,
    string EmployerName,
    ProfessionalTitle Title,
    string TitleName,
    ExcellenceTier Tier,
    string TierName,
    string CityCode,
    string CityName,
    IReadOnlyList<string> ClusterCodes,
    IReadOnlyList<string> ClusterNames,
    IReadOnlyList<string> SkillCodes,
    IReadOnlyList<string> SkillNames,
    ServiceModes ServiceModes,
    int HoursPerMonth,
    DateOnly? AvailableFrom,
    DateOnly? AvailableUntil,
    int YearsOfPractice,
    decimal RatingAverage);

/// <summary>A hit: the engineer, the engine's score, and an HTML snippet (data escaped; only &lt;mark&gt; tags added).</summary>
public sealed record EngineerSearchHit(Guid Id, float Score, string? Snippet);

public sealed record FacetCount(string Value, int Count);

public sealed record EngineerSearchResult(
    IReadOnlyList<EngineerSearchHit> Hits,
    int Total,
    IReadOnlyDictionary<string, IReadOnlyList<FacetCount>> Facets);

/// <summary>Facet dimension names, shared by every adapter.</summary>
public static class EngineerFacets
{
    public const string Cluster = "cluster";
    public const string Skill = "skill";
    public const string City = "city";
    public const string Title = "title";
    public const string Tier = "tier";
    public const string ServiceMode = "serviceMode";
    public const string Availability = "availability";

    /// <summary>The availability facet's values.</summary>
    public const string AvailableNow = "now";
    public const string NotAvailableNow = "notNow";

    public static bool IsAvailable(int hoursPerMonth, DateOnly? from, DateOnly? until, DateOnly today) =>
        hoursPerMonth > 0 && (from is null || from <= today) && (until is null || until >= today);
}

/// <summary>The engineer search port. Adapters: the embedded Lucene index (default); Elasticsearch is planned.</summary>
public interface IEngineerSearch
{
    Task<EngineerSearchResult> SearchAsync(EngineerSearchQuery query, CancellationToken cancellationToken = default);

    /// <summary>Adds or replaces these engineers; visible to the next search.</summary>
    Task IndexAsync(IEnumerable<EngineerSearchDocument> documents, CancellationToken cancellationToken = default);

    Task DeleteAsync(Guid id, CancellationToken cancellationToken = default);

    /// <summary>Replaces the whole index with these documents, atomically for readers.</summary>
    Task RebuildAsync(IAsyncEnumerable<EngineerSearchDocument> documents, IProgress<int>? progress = null, CancellationToken cancellationToken = default);

    Task<int> CountAsync(CancellationToken cancellationToken = default);
}
