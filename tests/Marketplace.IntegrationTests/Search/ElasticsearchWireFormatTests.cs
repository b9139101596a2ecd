using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Marketplace.Application.Engineers.Search;
using Marketplace.Domain.Engineers;
using Marketplace.Infrastructure.Search.Elasticsearch;

namespace Marketplace.IntegrationTests.Search;

/// <summary>
/// The Elasticsearch adapter's wire format and transport, without a cluster: request bodies against expected JSON,
/// a recorded Elasticsearch 8 response read back, the _bulk NDJSON, the call sequence of a rebuild, retries against
/// canned answers, and a refused connection. They pin what we send and how we read; they cannot show that a real
/// cluster answers as expected — that is <see cref="ElasticsearchEngineerSearchContract"/>'s job, which they do not replace.
/// </summary>
public sealed class ElasticsearchWireFormatTests
{
    private static readonly DateOnly Today = new(2026, 6, 15);

    private const string Available = """
        {"bool":{"filter":[
          {"range":{"hours":{"gte":1}}},
          {"bool":{"should":[{"range":{"available_from":{"lte":"2026-06-15"}}},{"bool":{"must_not":[{"exists":{"field":"available_from"}}]}}],"minimum_should_match":1}},
          {"bool":{"should":[{"range":{"available_until":{"gte":"2026-06-15"}}},{"bool":{"must_not":[{"exists":{"field":"available_until"}}]}}],"minimum_should_match":1}}]}}
        """;

    private static void SameJson(string expected, JsonNode actual)
    {
        var expectedNode = JsonNode.Parse(expected)!;
        var actualNode = JsonNode.Parse(actual.ToJsonString())!;
        Assert.True(JsonNode.DeepEquals(expectedNode, actualNode),
            $"expected:\n{expectedNode.ToJsonString(Indented)}\nactual:\n{actualNode.ToJsonString(Indented)}");
    }

    private static readonly JsonSerializerOptions Indented = new()
    {
        WriteIndented = true,
        Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    [Fact]
    public void A_text_query_with_a_city_and_paging_is_this_body()
    {
        var body = ElasticsearchEngineerSearch.BuildSearchBody(
            new EngineerSearchQuery { Text = "液压", Cities = ["430100"], Sort = EngineerSearchSort.Rating, Page = 2, Size = 10 }, Today);

        const string City = """{"bool":{"filter":[{"terms":{"city":["430100"]}}]}}""";
        static string Terms(string field) => """{"terms":{"field":"@P0@","size":1000}}""".Replace("@P0@", field, StringComparison.Ordinal);
        var template = """
            {
              "from": 10, "size": 10, "track_total_hits": true, "track_scores": true, "_source": ["id"],
              "query": {"bool": {"must": [
                {"bool": {"should": [
                  {"term": {"skill_names": {"value": "液压", "boost": 4}}},
                  {"term": {"skill_codes": {"value": "液压", "boost": 4}}},
                  {"multi_match": {"query": "液压", "type": "phrase", "fields": ["skills^2.5", "name^3", "labels^1.5", "employer", "bio"], "tie_breaker": 1}}
                ], "minimum_should_match": 1}}
              ]}},
              "post_filter": @CITY@,
              "sort": [{"rating": {"order": "desc"}}, {"_score": {"order": "desc"}}, {"id": {"order": "asc"}}],
              "aggs": {
                "cluster": {"filter": @CITY@, "aggs": {"values": @TERMS:cluster_codes@}},
                "skill": {"filter": @CITY@, "aggs": {"values": @TERMS:skill_codes@}},
                "city": {"filter": {"match_all": {}}, "aggs": {"values": @TERMS:city@}},
                "title": {"filter": @CITY@, "aggs": {"values": @TERMS:title@}},
                "tier": {"filter": @CITY@, "aggs": {"values": @TERMS:tier@}},
                "serviceMode": {"filter": @CITY@, "aggs": {"values": @TERMS:modes@}},
                "availability": {"filter": @CITY@, "aggs": {"windows": {"filters": {"filters": {
                  "now": @AVAILABLE@,
                  "notNow": {"bool": {"must_not": [@AVAILABLE@]}}
                }}}}}
              },
              "highlight": {
                "pre_tags": ["<mark>"], "post_tags": ["</mark>"], "encoder": "html", "number_of_fragments": 0,
                "fields": {"skills": {}, "name": {}, "labels": {}, "employer": {}, "bio": {}}
              }
            }
            """;
        var expected = Regex.Replace(template, "@TERMS:([a-z_]+)@", m => Terms(m.Groups[1].Value))
            .Replace("@CITY@", City, StringComparison.Ordinal)
            .Replace("@AVAILABLE@", Available, StringComparison.Ordinal);
        SameJson(expected, body);
    }

    [Fact]
    public void Without_text_or_filters_the_body_matches_all_and_has_no_post_filter_nor_highlight()
    {
        var body = ElasticsearchEngineerSearch.BuildSearchBody(new EngineerSearchQuery(), Today);
        SameJson("""{"bool":{"must":[{"match_all":{}}]}}""", body["query"]!);
        Assert.Null(body["post_filter"]);
        Assert.Null(body["highlight"]);
        SameJson("""[{"_score":{"order":"desc"}},{"id":{"order":"asc"}}]""", body["sort"]!);
        Assert.Equal(0, body["from"]!.GetValue<int>());
        Assert.Equal(20, body["size"]!.GetValue<int>());
        foreach (var dimension in EngineerFacets.All)
        {
            SameJson("""{"match_all":{}}""", body["aggs"]![dimension]!["filter"]!);
        }
    }

    [Fact]
    public void Each_facet_is_filtered_by_every_other_dimension_and_the_title_floor_narrows_them_all()
    {
        var query = new EngineerSearchQuery
        {
            Text = "焊接 长沙",
            Clusters = ["cm", "auto"],
            Tiers = [ExcellenceTier.None],
            Modes = [ServiceModes.Project | ServiceModes.Advisory],
            Available = false,
            MinTitle = ProfessionalTitle.Engineer,
            Sort = EngineerSearchSort.Experience,
        };
        var body = ElasticsearchEngineerSearch.BuildSearchBody(query, Today);

        // Two words: two musts. The floor is a query filter (counted everywhere), not a facet.
        Assert.Equal(2, body["query"]!["bool"]!["must"]!.AsArray().Count);
        SameJson("""[{"range":{"title_rank":{"gte":3}}}]""", body["query"]!["bool"]!["filter"]!);
        SameJson("""[{"years":{"order":"desc"}},{"_score":{"order":"desc"}},{"id":{"order":"asc"}}]""", body["sort"]!);

        const string Clusters = """{"terms":{"cluster_codes":["cm","auto"]}}""";
        const string Tier = """{"terms":{"tier":["None"]}}""";
        const string Modes = """{"terms":{"modes":["Project","Advisory"]}}""";
        var notNow = """{"bool":{"must_not":[@P0@]}}""".Replace("@P0@", Available, StringComparison.Ordinal);
        SameJson("""{"bool":{"filter":[@P0@,@P1@,@P2@,@P3@]}}""".Replace("@P0@", Clusters, StringComparison.Ordinal).Replace("@P1@", Tier, StringComparison.Ordinal).Replace("@P2@", Modes, StringComparison.Ordinal).Replace("@P3@", notNow, StringComparison.Ordinal), body["post_filter"]!);
        SameJson("""{"bool":{"filter":[@P0@,@P1@,@P2@]}}""".Replace("@P0@", Tier, StringComparison.Ordinal).Replace("@P1@", Modes, StringComparison.Ordinal).Replace("@P2@", notNow, StringComparison.Ordinal), body["aggs"]!["cluster"]!["filter"]!);
        SameJson("""{"bool":{"filter":[@P0@,@P1@,@P2@]}}""".Replace("@P0@", Clusters, StringComparison.Ordinal).Replace("@P1@", Modes, StringComparison.Ordinal).Replace("@P2@", notNow, StringComparison.Ordinal), body["aggs"]!["tier"]!["filter"]!);
        SameJson("""{"bool":{"filter":[@P0@,@P1@,@P2@]}}""".Replace("@P0@", Clusters, StringComparison.Ordinal).Replace("@P1@", Tier, StringComparison.Ordinal).Replace("@P2@", notNow, StringComparison.Ordinal), body["aggs"]!["serviceMode"]!["filter"]!);
        SameJson("""{"bool":{"filter":[@P0@,@P1@,@P2@]}}""".Replace("@P0@", Clusters, StringComparison.Ordinal).Replace("@P1@", Tier, StringComparison.Ordinal).Replace("@P2@", Modes, StringComparison.Ordinal), body["aggs"]!["availability"]!["filter"]!);
        foreach (var unfiltered in new[] { EngineerFacets.Skill, EngineerFacets.City, EngineerFacets.Title })
        {
            SameJson("""{"bool":{"filter":[@P0@,@P1@,@P2@,@P3@]}}""".Replace("@P0@", Clusters, StringComparison.Ordinal).Replace("@P1@", Tier, StringComparison.Ordinal).Replace("@P2@", Modes, StringComparison.Ordinal).Replace("@P3@", notNow, StringComparison.Ordinal), body["aggs"]![unfiltered]!["filter"]!);
        }
    }

    [Theory]
    [InlineData("+-&|!(){}[]^\"~*?:\\/")]
    [InlineData("title:(a OR b)")]
    [InlineData("\\\" }, {\"match_all\": {}}")]
    public void User_text_only_ever_appears_as_json_string_values(string text)
    {
        var body = ElasticsearchEngineerSearch.BuildSearchBody(new EngineerSearchQuery { Text = text }, Today);
        var words = text.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        var must = body["query"]!["bool"]!["must"]!.AsArray();
        Assert.Equal(words.Length, must.Count);
        for (var i = 0; i < words.Length; i++)
        {
            Assert.Equal(words[i], must[i]!["bool"]!["should"]![2]!["multi_match"]!["query"]!.GetValue<string>());
        }

        // No query_string / simple_query_string anywhere: nothing parses the text as syntax.
        Assert.DoesNotContain("query_string", body.ToJsonString(), StringComparison.Ordinal);
    }

    [Fact]
    public void A_recorded_elasticsearch_8_response_reads_as_hits_total_snippets_and_facets()
    {
        var json = File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Search", "Fixtures", "es8-search-response.json"));
        var response = JsonSerializer.Deserialize(json, ElasticsearchJsonContext.Default.EsSearchResponse)!;
        var result = ElasticsearchQueries.ReadSearch(response);

        Assert.Equal(23, result.Total);
        Assert.Equal(
            [ContractEngineers.Id(1), ContractEngineers.Id(99), ContractEngineers.Id(27)],
            result.Hits.Select(h => h.Id));
        Assert.Equal(3.2184863f, result.Hits[0].Score);
        Assert.Equal(0f, result.Hits[2].Score);

        // The skills field comes before the bio, as in the Lucene adapter.
        Assert.Equal("<mark>液压</mark>系统设计", result.Hits[0].Snippet);

        // The cluster's encoding is redone: still escaped, adjacent marks joined, nothing raw but <mark>.
        Assert.Equal("擅长 title:(a OR b) &lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt; 与 &lt;b&gt;<mark>液压</mark>&lt;/b&gt; &amp; 标定", result.Hits[1].Snippet);
        Assert.Null(result.Hits[2].Snippet);

        Assert.Equal(EngineerFacets.All.Order(StringComparer.Ordinal), result.Facets.Keys.Order(StringComparer.Ordinal));
        Assert.Equal([new FacetCount("430100", 23), new FacetCount("420100", 8)], result.Facets[EngineerFacets.City]);

        // Equal counts by value, as Lucene orders them; empty buckets are left out.
        Assert.Equal(
            [new FacetCount("None", 21), new FacetCount("NationalLeading", 1), new FacetCount("ProvincialLeading", 1)],
            result.Facets[EngineerFacets.Tier]);
        Assert.Equal([new FacetCount("cm", 20), new FacetCount("auto", 3), new FacetCount("elec", 3)], result.Facets[EngineerFacets.Cluster]);
        Assert.Equal([new FacetCount(EngineerFacets.AvailableNow, 23)], result.Facets[EngineerFacets.Availability]);
        Assert.Empty(result.Facets[EngineerFacets.ServiceMode]);
    }

    [Fact]
    public void A_long_highlighted_field_is_cut_to_a_window_around_the_first_mark_without_breaking_an_entity()
    {
        var before = string.Concat(Enumerable.Repeat("&lt;i&gt;铸造&lt;&#x2F;i&gt;", 30));
        var snippet = ElasticsearchQueries.Snippet(new Dictionary<string, IReadOnlyList<string>>
        {
            ["bio"] = [before + "最后提到<mark>液氮</mark>深冷处理。"],
        })!;
        Assert.StartsWith("…", snippet, StringComparison.Ordinal);
        Assert.Contains("<mark>液氮</mark>深冷处理。", snippet, StringComparison.Ordinal);
        var text = WebUtility.HtmlDecode(snippet.Replace("<mark>", "", StringComparison.Ordinal).Replace("</mark>", "", StringComparison.Ordinal));
        Assert.Equal(ElasticsearchQueries.SnippetLength + 1, text.Length);
        Assert.Matches("^…(&lt;|&gt;|&amp;|[^&<>])*<mark>", snippet);
    }

    [Fact]
    public void The_bulk_body_is_ndjson_index_actions_with_their_documents()
    {
        var engineers = ContractEngineers.All.Take(3).ToList();
        var ndjson = ElasticsearchQueries.BulkBody("engineers-20260615-abc", engineers);
        Assert.EndsWith("\n", ndjson, StringComparison.Ordinal);
        var lines = ndjson[..^1].Split('\n');
        Assert.Equal(6, lines.Length);
        for (var i = 0; i < engineers.Count; i++)
        {
            SameJson("""{"index":{"_index":"engineers-20260615-abc","_id":"@P0@"}}""".Replace("@P0@", engineers[i].Id.ToString(), StringComparison.Ordinal), JsonNode.Parse(lines[2 * i])!);
            var source = JsonNode.Parse(lines[2 * i + 1])!;
            Assert.Equal(engineers[i].Id.ToString(), source["id"]!.GetValue<string>());
        }

        SameJson("""
            {
              "id": "00000000-0000-0000-0000-000000000001", "name": "王建国", "skills": "液压系统设计",
              "labels": "高级工程师、国家级卓越工程师、长沙市、工程机械", "employer": "三一重工",
              "bio": "二十年液压系统设计经验，主持挖掘机液压回路改造。",
              "skill_names": ["液压系统设计"], "skill_codes": ["cm-hydraulic-system-design"], "cluster_codes": ["cm"],
              "city": "430100", "title": "SeniorEngineer", "title_rank": 4, "tier": "NationalLeading",
              "modes": ["FlexibleHire", "Project"], "hours": 40, "available_from": null, "available_until": null,
              "rating": 485, "years": 22
            }
            """, JsonNode.Parse(lines[1])!);
        var withDates = JsonNode.Parse(ElasticsearchQueries.BulkBody("x", [ContractEngineers.All[3]]).Split('\n')[1])!;
        Assert.Equal("2026-07-01", withDates["available_from"]!.GetValue<string>());
        Assert.Null(withDates["available_until"]);
    }

    [Fact]
    public void The_index_keeps_unigrams_for_one_character_queries_and_no_stop_words()
    {
        var definition = ElasticsearchQueries.IndexDefinition();
        SameJson("""["cjk_width","lowercase","cjk_bigram_unigrams"]""", definition["settings"]!["analysis"]!["analyzer"]!["cjk_index"]!["filter"]!);
        SameJson("""["cjk_width","lowercase","cjk_bigram"]""", definition["settings"]!["analysis"]!["analyzer"]!["cjk_search"]!["filter"]!);
        Assert.Equal("strict", definition["mappings"]!["dynamic"]!.GetValue<string>());
        Assert.Equal("keyword", definition["mappings"]!["properties"]!["id"]!["type"]!.GetValue<string>());
        Assert.Equal("cjk_search", definition["mappings"]!["properties"]!["bio"]!["search_analyzer"]!.GetValue<string>());
    }

    [Fact]
    public async Task Writes_wait_for_the_refresh_and_a_rebuild_swaps_the_alias_then_drops_the_old_index()
    {
        var cluster = new CannedCluster(request => (request.Method.Method, request.RequestUri!.AbsolutePath) switch
        {
            ("GET", "/_alias/engineers") => CannedCluster.Json("""{"engineers-20260101000000000-aaaaaa":{"aliases":{"engineers":{}}}}"""),
            ("POST", "/_bulk") => CannedCluster.Json("""{"took":3,"errors":false,"items":[]}"""),
            ("DELETE", _) => CannedCluster.Json("""{"acknowledged":true}"""),
            ("PUT", _) or ("POST", _) => CannedCluster.Json("""{"acknowledged":true}"""),
            _ => new HttpResponseMessage(HttpStatusCode.NotFound),
        });
        using var search = cluster.Adapter();

        await search.IndexAsync(ContractEngineers.All.Take(2));
        Assert.Equal(["GET /_alias/engineers", "POST /_bulk?refresh=wait_for"], cluster.Calls);
        Assert.Equal("application/x-ndjson", cluster.ContentTypes[^1]);

        cluster.Reset();
        await search.DeleteAsync(ContractEngineers.Id(1));
        Assert.Equal([$"DELETE /engineers/_doc/{ContractEngineers.Id(1)}?refresh=wait_for"], cluster.Calls);

        cluster.Reset();
        var reports = new List<int>();
        await search.RebuildAsync(Stream(ContractEngineers.All), new Progress(reports.Add));
        var created = cluster.Calls[0]["PUT /".Length..];
        Assert.Matches("^engineers-[0-9]{17}-[0-9a-f]{6}$", created);
        Assert.Equal(
            [$"PUT /{created}", "POST /_bulk", $"POST /{created}/_refresh", "GET /_alias/engineers", "POST /_aliases", "DELETE /engineers-20260101000000000-aaaaaa"],
            cluster.Calls);
        SameJson("""
            {"actions":[
              {"remove":{"index":"engineers-20260101000000000-aaaaaa","alias":"engineers"}},
              {"add":{"index":"@P0@","alias":"engineers"}}]}
            """.Replace("@P0@", created, StringComparison.Ordinal), JsonNode.Parse(cluster.Bodies[4])!);
        Assert.Equal(ContractEngineers.All.Count, reports[^1]);
        var definition = JsonNode.Parse(cluster.Bodies[0])!;
        Assert.Equal(1, definition["settings"]!["number_of_shards"]!.GetValue<int>());
    }

    [Fact]
    public async Task A_failed_rebuild_leaves_the_alias_alone_and_drops_the_half_built_index()
    {
        var cluster = new CannedCluster(request => (request.Method.Method, request.RequestUri!.AbsolutePath) switch
        {
            ("POST", "/_bulk") => CannedCluster.Json("""{"took":3,"errors":true,"items":[{"index":{"_id":"x","status":400,"error":{"type":"mapper_parsing_exception","reason":"bad"}}}]}"""),
            _ => CannedCluster.Json("""{"acknowledged":true}"""),
        });
        using var search = cluster.Adapter();
        var error = await Assert.ThrowsAsync<ElasticsearchException>(() => search.RebuildAsync(Stream(ContractEngineers.All.Take(1))));
        Assert.Contains("mapper_parsing_exception", error.Message, StringComparison.Ordinal);
        Assert.Contains("批量写入失败", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(cluster.Calls, c => c.StartsWith("POST /_aliases", StringComparison.Ordinal));
        Assert.Equal("DELETE " + cluster.Calls[0]["PUT ".Length..], cluster.Calls[^1]);
    }

    [Theory]
    [InlineData(HttpStatusCode.ServiceUnavailable)]
    [InlineData(HttpStatusCode.TooManyRequests)]
    [InlineData(HttpStatusCode.BadGateway)]
    [InlineData(HttpStatusCode.GatewayTimeout)]
    public async Task Transient_answers_are_retried_until_the_cluster_answers(HttpStatusCode transient)
    {
        var counts = 0;
        var cluster = new CannedCluster(request => request.RequestUri!.AbsolutePath switch
        {
            "/_alias/engineers" => CannedCluster.Json("""{"engineers-1":{"aliases":{"engineers":{}}}}"""),
            "/engineers/_count" when ++counts <= 2 => new HttpResponseMessage(transient) { Content = new StringContent("busy") },
            "/engineers/_count" => CannedCluster.Json("""{"count":7,"_shards":{"total":1}}"""),
            _ => new HttpResponseMessage(HttpStatusCode.NotFound),
        });
        using var search = cluster.Adapter();
        Assert.Equal(7, await search.CountAsync());
        Assert.Equal(3, cluster.Calls.Count(c => c == "GET /engineers/_count"));
    }

    [Fact]
    public async Task A_refused_request_is_not_retried_and_says_what_the_cluster_said()
    {
        var cluster = new CannedCluster(request => request.RequestUri!.AbsolutePath switch
        {
            "/_alias/engineers" => CannedCluster.Json("""{"engineers-1":{"aliases":{"engineers":{}}}}"""),
            _ => new HttpResponseMessage(HttpStatusCode.BadRequest)
            {
                Content = new StringContent("""{"error":{"type":"search_phase_execution_exception","reason":"all shards failed"},"status":400}"""),
            },
        });
        using var search = cluster.Adapter();
        var error = await Assert.ThrowsAsync<ElasticsearchException>(() => search.SearchAsync(new EngineerSearchQuery { Text = "液压" }));
        Assert.Equal(400, error.StatusCode);
        Assert.Contains("search_phase_execution_exception", error.Message, StringComparison.Ordinal);
        Assert.Contains("POST /engineers/_search", error.Message, StringComparison.Ordinal);
        Assert.Contains("请求被拒绝", error.Message, StringComparison.Ordinal);
        Assert.Single(cluster.Calls, c => c == "POST /engineers/_search");
    }

    [Fact]
    public async Task A_missing_alias_is_created_over_an_empty_index_before_the_first_use()
    {
        var cluster = new CannedCluster(request => (request.Method.Method, request.RequestUri!.AbsolutePath) switch
        {
            ("GET", "/") => CannedCluster.Json("""{"cluster_name":"c","version":{"number":"8.15.3"}}"""),
            ("GET", "/_alias/engineers") or ("HEAD", "/engineers") => new HttpResponseMessage(HttpStatusCode.NotFound) { Content = new StringContent("{}") },
            _ => CannedCluster.Json("""{"acknowledged":true}"""),
        });
        using var search = cluster.Adapter();
        Assert.Equal("elasticsearch 8.15.3", await search.EnsureReadyAsync());
        Assert.Equal("GET /", cluster.Calls[0]);
        Assert.Equal("GET /_alias/engineers", cluster.Calls[1]);
        Assert.Equal("HEAD /engineers", cluster.Calls[2]);
        Assert.Equal("PUT /engineers-initial", cluster.Calls[3]);
        Assert.Equal("POST /_aliases", cluster.Calls[4]);
        SameJson("""{"actions":[{"add":{"index":"engineers-initial","alias":"engineers"}}]}""", JsonNode.Parse(cluster.Bodies[4])!);

        // Once known to exist, the alias is not asked about again.
        cluster.Reset();
        await search.DeleteAsync(Guid.Empty);
        Assert.Single(cluster.Calls);
    }

    [Fact]
    public async Task Instances_starting_together_share_the_first_index_instead_of_racing()
    {
        // Another instance created engineers-initial a moment ago: the PUT finds it, the alias is added all the same.
        var cluster = new CannedCluster(request => (request.Method.Method, request.RequestUri!.AbsolutePath) switch
        {
            ("GET", "/_alias/engineers") or ("HEAD", "/engineers") => new HttpResponseMessage(HttpStatusCode.NotFound),
            ("PUT", "/engineers-initial") => new HttpResponseMessage(HttpStatusCode.BadRequest)
            {
                Content = new StringContent("""{"error":{"type":"resource_already_exists_exception","reason":"index [engineers-initial/x] already exists"},"status":400}"""),
            },
            ("GET", "/engineers/_count") => CannedCluster.Json("""{"count":0}"""),
            _ => CannedCluster.Json("""{"acknowledged":true}"""),
        });
        using var search = cluster.Adapter();
        Assert.Equal(0, await search.CountAsync());
        Assert.Equal(["GET /_alias/engineers", "HEAD /engineers", "PUT /engineers-initial", "POST /_aliases", "GET /engineers/_count"], cluster.Calls);
    }

    [Theory]
    [InlineData(500, 20, 9980, 20)]
    [InlineData(334, 30, 9990, 10)]
    [InlineData(501, 20, 0, 0)]
    [InlineData(0, 20, 0, 20)]
    public void Pages_past_the_result_window_are_asked_for_as_empty(int page, int size, int from, int sent)
    {
        var body = ElasticsearchEngineerSearch.BuildSearchBody(new EngineerSearchQuery { Page = page, Size = size }, Today);
        Assert.Equal(from, body["from"]!.GetValue<int>());
        Assert.Equal(sent, body["size"]!.GetValue<int>());
    }

    [Fact]
    public async Task An_unreachable_cluster_fails_with_a_message_naming_its_url()
    {
        var url = new Uri($"http://127.0.0.1:{FreePort()}");
        var options = new ElasticsearchOptions { Url = url, MaxRetries = 2, RetryDelay = TimeSpan.FromMilliseconds(5) };
        using var http = new HttpClient();
        ElasticsearchEngineerSearch.Configure(http, options);
        using var search = new ElasticsearchEngineerSearch(http, options, TimeProvider.System);
        var error = await Assert.ThrowsAsync<ElasticsearchException>(() => search.EnsureReadyAsync());
        Assert.Contains("无法连接 Elasticsearch", error.Message, StringComparison.Ordinal);
        Assert.Contains(url.ToString(), error.Message, StringComparison.Ordinal);
        Assert.Contains("3 次尝试", error.Message, StringComparison.Ordinal);
        Assert.Null(error.StatusCode);
        Assert.IsType<HttpRequestException>(error.InnerException);
    }

    [Fact]
    public void Api_key_wins_over_basic_auth()
    {
        using var http = new HttpClient();
        // Made-up credentials, built here so no key-shaped literal sits in the repository.
        var apiKey = Convert.ToBase64String("id:key"u8);
        ElasticsearchEngineerSearch.Configure(http, new ElasticsearchOptions { Url = new Uri("http://es:9200"), ApiKey = apiKey, Username = "u", Password = "p" });
        Assert.Equal("ApiKey " + apiKey, http.DefaultRequestHeaders.Authorization!.ToString());
        using var basic = new HttpClient();
        ElasticsearchEngineerSearch.Configure(basic, new ElasticsearchOptions { Url = new Uri("http://es:9200"), Username = "elastic", Password = "密码" });
        Assert.Equal("Basic " + Convert.ToBase64String(Encoding.UTF8.GetBytes("elastic:密码")), basic.DefaultRequestHeaders.Authorization!.ToString());
    }

    internal static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private static async IAsyncEnumerable<EngineerSearchDocument> Stream(IEnumerable<EngineerSearchDocument> documents)
    {
        foreach (var document in documents)
        {
            await Task.Yield();
            yield return document;
        }
    }

    private sealed class Progress(Action<int> report) : IProgress<int>
    {
        public void Report(int value) => report(value);
    }

    /// <summary>A test double for the cluster's HTTP answers (the transport under test is ours, not the server's).</summary>
    private sealed class CannedCluster(Func<HttpRequestMessage, HttpResponseMessage> answer) : HttpMessageHandler
    {
        public List<string> Calls { get; } = [];

        public List<string> Bodies { get; } = [];

        public List<string?> ContentTypes { get; } = [];

        public void Reset()
        {
            Calls.Clear();
            Bodies.Clear();
            ContentTypes.Clear();
        }

        public static HttpResponseMessage Json(string json) => new(HttpStatusCode.OK) { Content = new StringContent(json, Encoding.UTF8, "application/json") };

        public ElasticsearchEngineerSearch Adapter()
        {
            var options = new ElasticsearchOptions { Url = new Uri("http://es.test:9200"), MaxRetries = 3, RetryDelay = TimeSpan.FromMilliseconds(1) };
            var http = new HttpClient(this);
            ElasticsearchEngineerSearch.Configure(http, options);
            return new ElasticsearchEngineerSearch(http, options, TimeProvider.System);
        }

        protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            Calls.Add($"{request.Method} {request.RequestUri!.PathAndQuery}");
            Bodies.Add(request.Content is null ? "" : await request.Content.ReadAsStringAsync(cancellationToken));
            ContentTypes.Add(request.Content?.Headers.ContentType?.MediaType);
            var response = answer(request);
            response.RequestMessage = request;
            return response;
        }
    }
}
