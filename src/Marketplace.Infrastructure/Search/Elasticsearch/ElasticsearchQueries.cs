using System.Net;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Marketplace.Application.Engineers.Search;
using Marketplace.Domain.Engineers;

namespace Marketplace.Infrastructure.Search.Elasticsearch;

/// <summary>
/// The wire format: index definition, documents, search bodies and the reading of responses — pure functions, so the
/// unit tests pin them without a cluster. Only what Elasticsearch 7.x, 8.x and OpenSearch share: no mapping types,
/// <c>track_total_hits</c>, <c>bool</c>/<c>multi_match</c>/<c>term(s)</c>/<c>range</c>/<c>exists</c>, <c>post_filter</c>,
/// <c>filter</c>/<c>filters</c>/<c>terms</c> aggregations, the unified highlighter.
/// </summary>
internal static class ElasticsearchQueries
{
    public const int SnippetLength = SnippetWindow.Length;

    // Same fields and boosts as the Lucene adapter; the snippet comes from the first of them with a highlight.
    public static readonly (string Field, float Boost)[] TextFields =
    [
        ("skills", 2.5f), ("name", 3f), ("labels", 1.5f), ("employer", 1f), ("bio", 1f),
    ];

    // Facet dimension → keyword field it filters and counts on (availability is computed from dates, below).
    private static readonly (string Dimension, string Field)[] TermFacets =
    [
        (EngineerFacets.Cluster, "cluster_codes"), (EngineerFacets.Skill, "skill_codes"), (EngineerFacets.City, "city"),
        (EngineerFacets.Title, "title"), (EngineerFacets.Tier, "tier"), (EngineerFacets.ServiceMode, "modes"),
    ];

    public const int MaxResultWindow = 10_000;

    // Enough buckets for every reference value (96 skills today); one shard, so counts are exact, not estimates.
    private const int FacetSize = 1000;

    /// <summary>
    /// Settings and mapping of a concrete index. Not the built-in <c>cjk</c> analyzer: it drops English stop words
    /// ("and", "or" are words here, as in the Lucene adapter) and indexes no single characters, so a one-character
    /// query (焊) would find nothing. The same parts (standard tokenizer, cjk_width, lowercase, cjk_bigram) are
    /// assembled as in Lucene: the index keeps unigrams stacked under the bigrams, queries use bigrams only.
    /// </summary>
    public static JsonObject IndexDefinition()
    {
        static JsonObject Text() => new() { ["type"] = "text", ["analyzer"] = "cjk_index", ["search_analyzer"] = "cjk_search" };
        static JsonObject Keyword() => new() { ["type"] = "keyword" };
        static JsonObject Integer() => new() { ["type"] = "integer" };
        static JsonObject Date() => new() { ["type"] = "date", ["format"] = "strict_date" };

        return new JsonObject
        {
            ["settings"] = new JsonObject
            {
                // One shard: BM25 statistics and facet counts are exact, and tens of thousands of engineers fit easily.
                ["number_of_shards"] = 1,
                ["analysis"] = new JsonObject
                {
                    ["filter"] = new JsonObject
                    {
                        ["cjk_bigram_unigrams"] = new JsonObject { ["type"] = "cjk_bigram", ["output_unigrams"] = true },
                    },
                    ["analyzer"] = new JsonObject
                    {
                        ["cjk_index"] = new JsonObject
                        {
                            ["type"] = "custom", ["tokenizer"] = "standard",
                            ["filter"] = new JsonArray("cjk_width", "lowercase", "cjk_bigram_unigrams"),
                        },
                        ["cjk_search"] = new JsonObject
                        {
                            ["type"] = "custom", ["tokenizer"] = "standard",
                            ["filter"] = new JsonArray("cjk_width", "lowercase", "cjk_bigram"),
                        },
                    },
                },
            },
            ["mappings"] = new JsonObject
            {
                ["dynamic"] = "strict",
                ["properties"] = new JsonObject
                {
                    ["id"] = Keyword(),
                    ["name"] = Text(),
                    ["skills"] = Text(),
                    ["labels"] = Text(),
                    ["employer"] = Text(),
                    ["bio"] = Text(),
                    ["skill_names"] = Keyword(),
                    ["skill_codes"] = Keyword(),
                    ["cluster_codes"] = Keyword(),
                    ["city"] = Keyword(),
                    ["title"] = Keyword(),
                    ["title_rank"] = Integer(),
                    ["tier"] = Keyword(),
                    ["modes"] = Keyword(),
                    ["hours"] = Integer(),
                    ["available_from"] = Date(),
                    ["available_until"] = Date(),
                    ["rating"] = Integer(),
                    ["years"] = Integer(),
                },
            },
        };
    }

    public static EsEngineer ToDocument(EngineerSearchDocument e) => new(
        e.Id.ToString(),
        e.Name,
        // Joined like the Lucene adapter: 、 ends a Han run, so no bigram (and no phrase) spans two skills.
        string.Join("、", e.SkillNames),
        string.Join("、", new[] { e.TitleName, e.TierName, e.CityName }.Concat(e.ClusterNames).Where(s => s.Length > 0)),
        e.EmployerName,
        e.Bio,
        e.SkillNames.Distinct(StringComparer.Ordinal).ToList(),
        e.SkillCodes.Distinct(StringComparer.Ordinal).ToList(),
        e.ClusterCodes.Distinct(StringComparer.Ordinal).ToList(),
        e.CityCode,
        e.Title.ToString(),
        (int)e.Title,
        e.Tier.ToString(),
        Modes(e.ServiceModes).ToList(),
        e.HoursPerMonth,
        e.AvailableFrom,
        e.AvailableUntil,
        // Hundredths, as the Lucene adapter sorts: equal displayed ratings tie and fall to the next sort key.
        (int)Math.Round(e.RatingAverage * 100m),
        e.YearsOfPractice);

    /// <summary>_bulk body: one index action line and one source line per engineer, each ending in a newline.</summary>
    public static string BulkBody(string index, IEnumerable<EngineerSearchDocument> documents)
    {
        var body = new StringBuilder();
        foreach (var document in documents)
        {
            var source = ToDocument(document);
            body.Append(JsonSerializer.Serialize(new EsBulkAction(new EsBulkTarget(index, source.Id)), ElasticsearchJsonContext.Default.EsBulkAction)).Append('\n');
            body.Append(JsonSerializer.Serialize(source, ElasticsearchJsonContext.Default.EsEngineer)).Append('\n');
        }

        return body.ToString();
    }

    public static IEnumerable<string> Modes(ServiceModes modes) =>
        Enum.GetValues<ServiceModes>().Where(m => m != ServiceModes.None && modes.HasFlag(m)).Select(m => m.ToString());

    public static string[] Words(string? text) =>
        (text ?? "").Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);

    /// <summary>
    /// The search body. Words and the title floor go in <c>query</c>; the facet dimensions' filters go in
    /// <c>post_filter</c>, so they narrow the hits but not the aggregations; each facet is a <c>filter</c>
    /// aggregation holding every other dimension's filters — drill-sideways counts in one request.
    /// </summary>
    public static JsonObject SearchBody(EngineerSearchQuery q, DateOnly today)
    {
        var words = Words(q.Text);
        var must = new JsonArray();
        foreach (var word in words)
        {
            // Every word must match: as a phrase of its bigrams in a text field (scores summed over fields, as the
            // Lucene adapter's SHOULD clauses do: tie_breaker 1), or exactly as a skill name or code. A word that
            // analyses to nothing (*, ") matches no phrase, so it needs the exact match — never "everything".
            must.Add(new JsonObject
            {
                ["bool"] = new JsonObject
                {
                    ["should"] = new JsonArray(
                        Term("skill_names", word, 4f),
                        Term("skill_codes", word, 4f),
                        new JsonObject
                        {
                            ["multi_match"] = new JsonObject
                            {
                                ["query"] = word,
                                ["type"] = "phrase",
                                // Retrieval for matching: skills and labels only, as the Lucene adapter.
                                ["fields"] = new JsonArray(TextFields.Where(f => !q.MatchAnyWord || f.Field is "skills" or "labels")
                                    .Select(f => (JsonNode)JsonValue.Create(Boosted(f.Field, f.Boost))).ToArray()),
                                ["tie_breaker"] = 1.0,
                            },
                        }),
                    ["minimum_should_match"] = 1,
                },
            });
        }

        var boolQuery = new JsonObject();
        if (q.MatchAnyWord && must.Count > 0)
        {
            // Retrieval for matching: any one word makes a hit; each matched word adds to the score.
            boolQuery["should"] = must;
            boolQuery["minimum_should_match"] = 1;
        }
        else
        {
            boolQuery["must"] = must.Count > 0 ? must : new JsonArray(new JsonObject { ["match_all"] = new JsonObject() });
        }

        if (q.MinTitle is { } minTitle)
        {
            // A floor, not a facet: it narrows the counts of every dimension.
            boolQuery["filter"] = new JsonArray(new JsonObject { ["range"] = new JsonObject { ["title_rank"] = new JsonObject { ["gte"] = (int)minTitle } } });
        }

        var dimensionFilters = DimensionFilters(q, today);

        // The cluster refuses from + size past index.max_result_window (10,000 by default) with a 400. A page that far
        // down is empty here (total and facets still counted) — the same answer Lucene gives past the last hit.
        var from = Math.Max(0, (q.Page - 1) * q.Size);
        var size = from >= MaxResultWindow ? 0 : Math.Min(q.Size, MaxResultWindow - from);
        var body = new JsonObject
        {
            ["from"] = size == 0 ? 0 : from,
            ["size"] = size,
            ["track_total_hits"] = true,
            // Scores also when sorting by a field: the score is the second sort key and is reported with each hit.
            ["track_scores"] = true,
            // Only the id: the hits are resolved from the database, and highlighting reads _source itself.
            ["_source"] = new JsonArray("id"),
            ["query"] = new JsonObject { ["bool"] = boolQuery },
        };
        if (dimensionFilters.Count > 0)
        {
            body["post_filter"] = AllOf(dimensionFilters.Values);
        }

        body["sort"] = q.Sort switch
        {
            EngineerSearchSort.Rating => new JsonArray(SortKey("rating", "desc"), SortKey("_score", "desc"), SortKey("id", "asc")),
            EngineerSearchSort.Experience => new JsonArray(SortKey("years", "desc"), SortKey("_score", "desc"), SortKey("id", "asc")),
            _ => new JsonArray(SortKey("_score", "desc"), SortKey("id", "asc")),
        };

        var aggs = new JsonObject();
        foreach (var dimension in EngineerFacets.All)
        {
            var others = dimensionFilters.Where(f => f.Key != dimension).Select(f => f.Value).ToList();
            var inner = dimension == EngineerFacets.Availability
                ? new JsonObject
                {
                    ["windows"] = new JsonObject
                    {
                        ["filters"] = new JsonObject
                        {
                            ["filters"] = new JsonObject
                            {
                                [EngineerFacets.AvailableNow] = AvailableOn(today),
                                [EngineerFacets.NotAvailableNow] = new JsonObject { ["bool"] = new JsonObject { ["must_not"] = new JsonArray(AvailableOn(today)) } },
                            },
                        },
                    },
                }
                : new JsonObject
                {
                    ["values"] = new JsonObject
                    {
                        ["terms"] = new JsonObject { ["field"] = TermFacets.Single(f => f.Dimension == dimension).Field, ["size"] = FacetSize },
                    },
                };
            aggs[dimension] = new JsonObject
            {
                ["filter"] = others.Count > 0 ? AllOf(others) : new JsonObject { ["match_all"] = new JsonObject() },
                ["aggs"] = inner,
            };
        }

        body["aggs"] = aggs;

        if (words.Length > 0 && q.Snippets)
        {
            // Whole fields, HTML-encoded by the cluster; the snippet window is cut here (see Snippet) as in Lucene.
            var fields = new JsonObject();
            foreach (var (field, _) in TextFields)
            {
                fields[field] = new JsonObject();
            }

            body["highlight"] = new JsonObject
            {
                ["pre_tags"] = new JsonArray("<mark>"),
                ["post_tags"] = new JsonArray("</mark>"),
                ["encoder"] = "html",
                ["number_of_fragments"] = 0,
                ["fields"] = fields,
            };
        }

        return body;
    }

    /// <summary>The filter of each dimension the query filters on (several values of one dimension: any of them).</summary>
    private static Dictionary<string, JsonObject> DimensionFilters(EngineerSearchQuery q, DateOnly today)
    {
        var filters = new Dictionary<string, JsonObject>(StringComparer.Ordinal);
        void AnyOf(string dimension, IEnumerable<string> values)
        {
            var list = values.Distinct(StringComparer.Ordinal).ToList();
            if (list.Count > 0)
            {
                var field = TermFacets.Single(f => f.Dimension == dimension).Field;
                filters[dimension] = new JsonObject
                {
                    ["terms"] = new JsonObject { [field] = new JsonArray(list.Select(v => (JsonNode)JsonValue.Create(v)).ToArray()) },
                };
            }
        }

        AnyOf(EngineerFacets.Cluster, q.Clusters);
        AnyOf(EngineerFacets.Skill, q.Skills);
        AnyOf(EngineerFacets.City, q.Cities);
        AnyOf(EngineerFacets.Title, q.Titles.Select(t => t.ToString()));
        AnyOf(EngineerFacets.Tier, q.Tiers.Select(t => t.ToString()));
        AnyOf(EngineerFacets.ServiceMode, q.Modes.SelectMany(Modes));
        if (q.Available is { } available)
        {
            filters[EngineerFacets.Availability] = available
                ? AvailableOn(today)
                : new JsonObject { ["bool"] = new JsonObject { ["must_not"] = new JsonArray(AvailableOn(today)) } };
        }

        return filters;
    }

    /// <summary><see cref="EngineerFacets.IsAvailable"/> as a query: hours given, started (or no start), not ended (or no end).</summary>
    private static JsonObject AvailableOn(DateOnly today)
    {
        var day = today.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);
        JsonObject OpenOr(string field, string op) => new()
        {
            ["bool"] = new JsonObject
            {
                ["should"] = new JsonArray(
                    new JsonObject { ["range"] = new JsonObject { [field] = new JsonObject { [op] = day } } },
                    new JsonObject { ["bool"] = new JsonObject { ["must_not"] = new JsonArray(new JsonObject { ["exists"] = new JsonObject { ["field"] = field } }) } }),
                ["minimum_should_match"] = 1,
            },
        };

        return new JsonObject
        {
            ["bool"] = new JsonObject
            {
                ["filter"] = new JsonArray(
                    new JsonObject { ["range"] = new JsonObject { ["hours"] = new JsonObject { ["gte"] = 1 } } },
                    OpenOr("available_from", "lte"),
                    OpenOr("available_until", "gte")),
            },
        };
    }

    private static JsonObject AllOf(IEnumerable<JsonObject> filters) => new()
    {
        // Deep clones: a JsonNode has one parent, and the same filter sits in post_filter and in several aggregations.
        ["bool"] = new JsonObject { ["filter"] = new JsonArray(filters.Select(f => f.DeepClone()).ToArray()) },
    };

    private static JsonObject Term(string field, string value, float boost) => new()
    {
        ["term"] = new JsonObject { [field] = new JsonObject { ["value"] = value, ["boost"] = boost } },
    };

    private static JsonObject SortKey(string field, string order) => new() { [field] = new JsonObject { ["order"] = order } };

    private static string Boosted(string field, float boost) =>
        boost == 1f ? field : field + "^" + boost.ToString(System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>Hits, total, snippets and facets of a search response, shaped as the port promises.</summary>
    public static EngineerSearchResult ReadSearch(EsSearchResponse response)
    {
        var hits = response.Hits.Hits
            .Select(h => new EngineerSearchHit(Guid.Parse(h.Id), h.Score is { } s && !float.IsNaN(s) ? s : 0, Snippet(h.Highlight)))
            .ToList();

        var facets = new Dictionary<string, IReadOnlyList<FacetCount>>(StringComparer.Ordinal);
        foreach (var dimension in EngineerFacets.All)
        {
            var counts = new List<FacetCount>();
            if (response.Aggregations?.GetValueOrDefault(dimension) is { } aggregate)
            {
                if (aggregate.Values is { } terms)
                {
                    counts.AddRange(terms.Buckets.Where(b => b.DocCount > 0).Select(b => new FacetCount(b.Key, b.DocCount)));
                }

                if (aggregate.Windows is { } windows)
                {
                    counts.AddRange(windows.Buckets.Where(b => b.Value.DocCount > 0).Select(b => new FacetCount(b.Key, b.Value.DocCount)));
                }
            }

            // The Lucene adapter's order, so the two engines render the same list.
            facets[dimension] = counts.OrderByDescending(c => c.Count).ThenBy(c => c.Value, StringComparer.Ordinal).ToList();
        }

        return new EngineerSearchResult(hits, response.Hits.Total.Value, facets);
    }

    /// <summary>
    /// The Lucene adapter's snippet from a whole highlighted field: the first text field (in boost order) that has a
    /// highlight, a window of <see cref="SnippetLength"/> characters around the first mark, the data re-encoded here
    /// and only <c>&lt;mark&gt;</c> added. The cluster's encoding is undone and redone so a window never cuts an entity.
    /// </summary>
    public static string? Snippet(IReadOnlyDictionary<string, IReadOnlyList<string>>? highlight)
    {
        if (highlight is null)
        {
            return null;
        }

        foreach (var (field, _) in TextFields)
        {
            if (highlight.GetValueOrDefault(field) is not { Count: > 0 } fragments)
            {
                continue;
            }

            var (text, marked) = Unmark(string.Join("", fragments));
            if (SnippetWindow.Render(text, marked) is { } snippet)
            {
                return snippet;
            }
        }

        return null;
    }

    /// <summary>Plain text and which characters were inside &lt;mark&gt;, from HTML-encoded highlighter output.</summary>
    private static (string Text, bool[] Marked) Unmark(string highlighted)
    {
        const string Open = "<mark>";
        const string Close = "</mark>";
        var text = new StringBuilder();
        var marks = new List<bool>();
        var inMark = false;
        var i = 0;
        while (i < highlighted.Length)
        {
            // The data is encoded (encoder: html), so a literal '<' can only start one of our tags.
            var tag = highlighted.IndexOf('<', i);
            var chunk = WebUtility.HtmlDecode(highlighted[i..(tag < 0 ? highlighted.Length : tag)]);
            text.Append(chunk);
            marks.AddRange(Enumerable.Repeat(inMark, chunk.Length));
            if (tag < 0)
            {
                break;
            }

            if (string.CompareOrdinal(highlighted, tag, Open, 0, Open.Length) == 0)
            {
                inMark = true;
                i = tag + Open.Length;
            }
            else if (string.CompareOrdinal(highlighted, tag, Close, 0, Close.Length) == 0)
            {
                inMark = false;
                i = tag + Close.Length;
            }
            else
            {
                // Not ours: keep it as text (it is escaped again on the way out).
                text.Append('<');
                marks.Add(inMark);
                i = tag + 1;
            }
        }

        return (text.ToString(), marks.ToArray());
    }
}
