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
/// never as query syntax. Filters are exact reference codes: several values of one dimension mean "any of them"
/// (the facet checkboxes), different dimensions must all hold.
/// </summary>
/// <remarks>
/// Facet counts follow the drill-sideways convention every faceted shop uses: a dimension's counts are taken with
/// every filter applied except that dimension's own, so ticking 武汉 still shows how many engineers 宜昌 would add.
/// For a dimension with no filter of its own the counts are over the hits, so a single-valued dimension (city,
/// title, tier, availability) adds up to <see cref="EngineerSearchResult.Total"/>.
/// </remarks>
public sealed record EngineerSearchQuery
{
    public string? Text { get; init; }

    public IReadOnlyList<string> Clusters { get; init; } = [];

    public IReadOnlyList<string> Skills { get; init; } = [];

    public IReadOnlyList<string> Cities { get; init; } = [];

    public IReadOnlyList<ProfessionalTitle> Titles { get; init; } = [];

    /// <summary>A floor rather than a facet: "工程师 or above" (not counted sideways).</summary>
    public ProfessionalTitle? MinTitle { get; init; }

    public IReadOnlyList<ExcellenceTier> Tiers { get; init; } = [];

    /// <summary>Single-flag values; an engineer offering any of them matches.</summary>
    public IReadOnlyList<ServiceModes> Modes { get; init; } = [];

    /// <summary>true: available on <see cref="Today"/>; false: not available then; null: either.</summary>
    public bool? Available { get; init; }

    /// <summary>The day availability is judged on; the adapter's clock when null.</summary>
    public DateOnly? Today { get; init; }

    public EngineerSearchSort Sort { get; init; } = EngineerSearchSort.Relevance;

    /// <summary>
    /// Candidate retrieval for matching: an engineer matching any one of the words is a hit (more words matched,
    /// higher score), instead of every word having to match as a person typing a search expects; and the words are
    /// matched against skills and labels (title, tier, city, cluster names) only, not the free text (name, employer,
    /// bio) — a profile's skills, not a mention in a bio, make a candidate.
    /// </summary>
    public bool MatchAnyWord { get; init; }

    /// <summary>Whether hits carry highlighted snippets (retrieval for the model does not show them).</summary>
    public bool Snippets { get; init; } = true;

    public int Page { get; init; } = 1;

    public int Size { get; init; } = 20;

    /// <summary>The filters of every dimension but <paramref name="dimension"/>: the query its sideways facet counts use.</summary>
    public EngineerSearchQuery Without(string dimension) => dimension switch
    {
        EngineerFacets.Cluster => this with { Clusters = [] },
        EngineerFacets.Skill => this with { Skills = [] },
        EngineerFacets.City => this with { Cities = [] },
        EngineerFacets.Title => this with { Titles = [] },
        EngineerFacets.Tier => this with { Tiers = [] },
        EngineerFacets.ServiceMode => this with { Modes = [] },
        EngineerFacets.Availability => this with { Available = null },
        _ => throw new ArgumentOutOfRangeException(nameof(dimension), dimension, "unknown facet dimension"),
    };

    /// <summary>The dimensions this query filters on (each gets its counts sideways).</summary>
    public IEnumerable<string> FilteredDimensions()
    {
        if (Clusters.Count > 0)
        {
            yield return EngineerFacets.Cluster;
        }

        if (Skills.Count > 0)
        {
            yield return EngineerFacets.Skill;
        }

        if (Cities.Count > 0)
        {
            yield return EngineerFacets.City;
        }

        if (Titles.Count > 0)
        {
            yield return EngineerFacets.Title;
        }

        if (Tiers.Count > 0)
        {
            yield return EngineerFacets.Tier;
        }

        if (Modes.Count > 0)
        {
            yield return EngineerFacets.ServiceMode;
        }

        if (Available is not null)
        {
            yield return EngineerFacets.Availability;
        }
    }
}

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

    public static readonly IReadOnlyList<string> All = [Cluster, Skill, City, Title, Tier, ServiceMode, Availability];

    /// <summary>The availability facet's values.</summary>
    public const string AvailableNow = "now";
    public const string NotAvailableNow = "notNow";

    public static bool IsAvailable(int hoursPerMonth, DateOnly? from, DateOnly? until, DateOnly today) =>
        hoursPerMonth > 0 && (from is null || from <= today) && (until is null || until >= today);
}

/// <summary>
/// The engineer search port. Adapters: the embedded Lucene index (default) and Elasticsearch over its REST API;
/// the same contract test suite runs against both.
/// </summary>
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
