using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;
using Marketplace.Application.Engineers.Search;
using Marketplace.Domain.Engineers;
using Marketplace.Infrastructure.Persistence;
using Marketplace.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Xunit.Abstractions;

namespace Marketplace.IntegrationTests;

/// <summary>
/// Engineer search through the embedded Lucene index (a real index on disk, in this app's temp folder) over the
/// seeded demo engineers; expected numbers are counted from PostgreSQL.
/// </summary>
[Collection(AppCollection.Name)]
public sealed class EngineerSearchTests(AppFixture fixture, ITestOutputHelper output)
{
    private IEngineerSearch Port => fixture.App.Services.GetRequiredService<IEngineerSearch>();

    private async Task<List<EngineerProfile>> EngineersAsync() =>
        await fixture.App.WithDbAsync(db => db.Engineers.AsNoTracking().ToListAsync());

    private async Task<Dictionary<string, string>> SkillNamesAsync() =>
        await fixture.App.WithDbAsync(db => db.Skills.AsNoTracking().ToDictionaryAsync(s => s.Code, s => s.Name));

    private static List<Guid> Ids(JsonElement page) =>
        page.GetProperty("items").EnumerateArray().Select(i => i.GetProperty("engineer").GetProperty("id").GetGuid()).ToList();

    private static Dictionary<string, int> Facet(JsonElement page, string dimension) =>
        page.GetProperty("facets").GetProperty(dimension).EnumerateArray()
            .ToDictionary(v => v.GetProperty("value").GetString()!, v => v.GetProperty("count").GetInt32());

    [Theory]
    [InlineData("焊接")]
    [InlineData("焊")]
    [InlineData("液压")]
    [InlineData("液压系统设计")]
    public async Task Chinese_text_finds_the_engineers_with_that_skill(string text)
    {
        var company = await fixture.App.ClientForAsync("company@demo.cn");
        var skills = await SkillNamesAsync();
        var engineers = await EngineersAsync();
        var expected = engineers.Where(e => e.Skills.Any(s => skills[s.SkillCode].Contains(text, StringComparison.Ordinal))).Select(e => e.Id).ToHashSet();
        Assert.NotEmpty(expected);

        var page = await company.GetFromJsonAsync<JsonElement>($"/api/engineers?q={Uri.EscapeDataString(text)}&size=100");
        var found = Ids(page);
        Assert.Equal("index", page.GetProperty("engine").GetString());
        Assert.Subset(found.ToHashSet(), expected);

        // Everything found really contains the words somewhere (skill, bio, name, employer, labels) — no bigram noise.
        var byId = engineers.ToDictionary(e => e.Id);
        Assert.All(found, id =>
        {
            var e = byId[id];
            var haystack = string.Join(" ", e.Skills.Select(s => skills[s.SkillCode])) + e.Bio + e.Name + e.EmployerName;
            Assert.Contains(text, haystack, StringComparison.Ordinal);
        });

        // The skill matches come first and their snippet marks the words.
        var first = page.GetProperty("items")[0];
        Assert.Contains("<mark>", first.GetProperty("snippet").GetString(), StringComparison.Ordinal);
        Assert.Equal(found.Count, page.GetProperty("total").GetInt32());
    }

    [Fact]
    public async Task Exact_skill_name_and_code_match_as_keywords()
    {
        var company = await fixture.App.ClientForAsync("company@demo.cn");
        var engineers = await EngineersAsync();
        var expected = engineers.Where(e => e.Skills.Any(s => s.SkillCode == "cm-hydraulic-system-design")).Select(e => e.Id).Order().ToList();

        var byCode = await company.GetFromJsonAsync<JsonElement>("/api/engineers?q=cm-hydraulic-system-design&size=100");
        Assert.Equal(expected, Ids(byCode).Order().ToList());
        var bySkillFilter = await company.GetFromJsonAsync<JsonElement>("/api/engineers?skill=cm-hydraulic-system-design&size=100");
        Assert.Equal(expected, Ids(bySkillFilter).Order().ToList());
    }

    [Fact]
    public async Task Facets_and_filters_agree_with_the_database()
    {
        var company = await fixture.App.ClientForAsync("company@demo.cn");
        var engineers = await EngineersAsync();
        var all = await company.GetFromJsonAsync<JsonElement>("/api/engineers?sort=Relevance&size=100");
        Assert.Equal(engineers.Count, all.GetProperty("total").GetInt32());

        Assert.Equal(engineers.GroupBy(e => e.CityCode).ToDictionary(g => g.Key, g => g.Count()), Facet(all, "city"));
        Assert.Equal(engineers.GroupBy(e => e.Title.ToString()).ToDictionary(g => g.Key, g => g.Count()), Facet(all, "title"));
        Assert.Equal(engineers.GroupBy(e => e.Tier.ToString()).ToDictionary(g => g.Key, g => g.Count()), Facet(all, "tier"));
        Assert.Equal(engineers.SelectMany(e => e.ClusterCodes.Distinct()).GroupBy(c => c).ToDictionary(g => g.Key, g => g.Count()), Facet(all, "cluster"));
        // Skills have hundreds of values; the response carries the 30 largest, each counted exactly.
        var skillCounts = engineers.SelectMany(e => e.Skills.Select(s => s.SkillCode).Distinct()).GroupBy(c => c).ToDictionary(g => g.Key, g => g.Count());
        var skillFacet = Facet(all, "skill");
        Assert.Equal(Math.Min(SearchEngineers.FacetValuesReturned, skillCounts.Count), skillFacet.Count);
        Assert.All(skillFacet, kv => Assert.Equal(skillCounts[kv.Key], kv.Value));
        Assert.True(skillFacet.Values.Min() >= skillCounts.Values.OrderDescending().ElementAt(skillFacet.Count - 1));
        Assert.Equal(
            engineers.SelectMany(e => Enum.GetValues<ServiceModes>().Where(m => m != ServiceModes.None && e.ServiceModes.HasFlag(m)).Select(m => m.ToString()))
                .GroupBy(m => m).ToDictionary(g => g.Key, g => g.Count()),
            Facet(all, "serviceMode"));
        var today = DateOnly.FromDateTime(fixture.App.Clock.GetUtcNow().UtcDateTime);
        var availableNow = engineers.Where(e => EngineerFacets.IsAvailable(e.HoursPerMonth, e.AvailableFrom, e.AvailableUntil, today)).ToList();
        Assert.Equal(availableNow.Count, Facet(all, "availability").GetValueOrDefault("now"));
        Assert.Equal(engineers.Count, Facet(all, "availability").Values.Sum());
        Assert.Equal(engineers.Count, Facet(all, "title").Values.Sum());

        // Filters, alone and together, against SQL counts.
        var city = engineers.GroupBy(e => e.CityCode).OrderByDescending(g => g.Count()).First().Key;
        var cluster = Facet(all, "cluster").OrderByDescending(c => c.Value).First().Key;
        var sqlCount = await fixture.App.WithDbAsync(db => db.Engineers.CountAsync(e => e.CityCode == city && e.Title >= ProfessionalTitle.SeniorEngineer));
        var filtered = await company.GetFromJsonAsync<JsonElement>($"/api/engineers?sort=Relevance&city={city}&minTitle=SeniorEngineer&size=100");
        Assert.Equal(sqlCount, filtered.GetProperty("total").GetInt32());
        Assert.Equal(sqlCount, Facet(filtered, "city").GetValueOrDefault(city));

        var clusterAndMode = await company.GetFromJsonAsync<JsonElement>($"/api/engineers?cluster={cluster}&serviceMode=Advisory&availableNow=true&size=100");
        var expected = engineers.Where(e => e.ClusterCodes.Contains(cluster) && e.ServiceModes.HasFlag(ServiceModes.Advisory)
            && EngineerFacets.IsAvailable(e.HoursPerMonth, e.AvailableFrom, e.AvailableUntil, today)).Select(e => e.Id).Order().ToList();
        Assert.Equal(expected, Ids(clusterAndMode).Order().ToList());

        var tier = engineers.First(e => e.Tier != ExcellenceTier.None).Tier;
        var byTier = await company.GetFromJsonAsync<JsonElement>($"/api/engineers?tier={tier}&size=100");
        Assert.Equal(engineers.Count(e => e.Tier == tier), byTier.GetProperty("total").GetInt32());

        // Text plus a filter: facets count only what matched.
        var text = await company.GetFromJsonAsync<JsonElement>($"/api/engineers?q={Uri.EscapeDataString("液压")}&city={city}&size=100");
        Assert.Equal(text.GetProperty("total").GetInt32(), Facet(text, "title").Values.Sum());
    }

    [Fact]
    public async Task Pages_are_stable_and_sorted()
    {
        var company = await fixture.App.ClientForAsync("company@demo.cn");
        var engineers = (await EngineersAsync()).ToDictionary(e => e.Id);

        foreach (var sort in new[] { "Experience", "Rating", "Relevance" })
        {
            // "工程师" is in every title name but 技术员 (and in tier names, some bios), so this pages through most engineers.
            var seen = new List<Guid>();
            var total = -1;
            for (var page = 1; ; page++)
            {
                var result = await company.GetFromJsonAsync<JsonElement>($"/api/engineers?q={Uri.EscapeDataString("工程师")}&sort={sort}&size=7&page={page}");
                total = result.GetProperty("total").GetInt32();
                var ids = Ids(result);
                if (ids.Count == 0)
                {
                    break;
                }

                seen.AddRange(ids);
            }

            Assert.InRange(total, engineers.Values.Count(e => e.Title != ProfessionalTitle.Technician), engineers.Count);
            Assert.Equal(total, seen.Count);
            Assert.Equal(total, seen.Distinct().Count());
            if (sort == "Experience")
            {
                var years = seen.Select(id => engineers[id].YearsOfPractice).ToList();
                Assert.Equal(years.OrderDescending().ToList(), years);
            }
            else if (sort == "Rating")
            {
                var ratings = seen.Select(id => Math.Round(engineers[id].RatingAverage, 2)).ToList();
                Assert.Equal(ratings.OrderDescending().ToList(), ratings);
            }
        }
    }

    [Theory]
    [InlineData("title:(a OR b)")]
    [InlineData("*")]
    [InlineData("\"")]
    [InlineData("\\")]
    [InlineData("AND")]
    [InlineData("<script>")]
    [InlineData("+-&|!(){}[]^\"~*?:\\/")]
    [InlineData("焊接 OR")]
    public async Task Hostile_text_is_matched_literally_and_never_fails(string text)
    {
        var company = await fixture.App.ClientForAsync("company@demo.cn");
        var response = await company.GetAsync($"/api/engineers?q={Uri.EscapeDataString(text)}&size=100");
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, body);

        // None of the demo engineers says any of these things, so nothing is found (no wildcard, no "match all").
        Assert.Equal(0, JsonDocument.Parse(body).RootElement.GetProperty("total").GetInt32());
    }

    // The port-level tests (syntax and HTML in the data, searching while writing) moved to the adapter contract
    // suite, Search/EngineerSearchContract.cs, which runs them against every adapter.

    [Fact]
    public async Task A_profile_edit_is_searchable_at_once()
    {
        var engineer = await fixture.App.ClientForAsync("engineer@demo.cn");
        var company = await fixture.App.ClientForAsync("company@demo.cn");
        var me = await engineer.GetFromJsonAsync<JsonElement>("/api/engineers/me");
        var id = me.GetProperty("id").GetGuid();
        const string Word = "钛合金增材修复";
        Assert.Equal(0, (await company.GetFromJsonAsync<JsonElement>($"/api/engineers?q={Word}")).GetProperty("total").GetInt32());

        var originalBio = me.GetProperty("bio").GetString() ?? "";
        var changed = await engineer.PutAsJsonAsync("/api/engineers/me", ProfileFrom(me, originalBio + " 近年专注" + Word + "。"));
        var changedText = await changed.Content.ReadAsStringAsync();
        Assert.True(changed.IsSuccessStatusCode, changedText);

        // The index follows through the search outbox, within a second (SearchOutboxTests measures it).
        var found = await WithinASecondAsync(() => company.GetFromJsonAsync<JsonElement>($"/api/engineers?q={Word}"), page => page.GetProperty("total").GetInt32() > 0);
        Assert.Equal([id], Ids(found));
        Assert.Contains("<mark>钛合金增材修复</mark>", found.GetProperty("items")[0].GetProperty("snippet").GetString(), StringComparison.Ordinal);

        // Put it back; the word leaves the index as soon.
        var restored = await engineer.PutAsJsonAsync("/api/engineers/me", ProfileFrom(JsonDocument.Parse(changedText).RootElement, originalBio));
        Assert.True(restored.IsSuccessStatusCode, await restored.Content.ReadAsStringAsync());
        var gone = await WithinASecondAsync(() => company.GetFromJsonAsync<JsonElement>($"/api/engineers?q={Word}"), page => page.GetProperty("total").GetInt32() == 0);
        Assert.Equal(0, gone.GetProperty("total").GetInt32());
    }

    private static async Task<T> WithinASecondAsync<T>(Func<Task<T>> read, Func<T, bool> done)
    {
        var watch = Stopwatch.StartNew();
        while (true)
        {
            var value = await read();
            if (done(value) || watch.Elapsed > TimeSpan.FromSeconds(1))
            {
                return value;
            }

            await Task.Delay(20);
        }
    }

    [Fact]
    public async Task Unknown_filter_values_are_refused()
    {
        var company = await fixture.App.ClientForAsync("company@demo.cn");
        await (await company.GetAsync("/api/engineers?skill=no-such-skill")).AssertProblemAsync(HttpStatusCode.BadRequest);
        await (await company.GetAsync("/api/engineers?q=焊接&sort=Newest")).AssertProblemAsync(HttpStatusCode.BadRequest);
        await (await company.GetAsync("/api/engineers?q=焊接&size=101")).AssertProblemAsync(HttpStatusCode.BadRequest);
    }

    [Fact]
    public async Task Rebuild_and_query_timings_are_reported()
    {
        var watch = Stopwatch.StartNew();
        await fixture.App.RebuildSearchIndexAsync();
        output.WriteLine($"rebuild of {await Port.CountAsync()} engineers: {watch.ElapsedMilliseconds} ms");

        var queries = new[] { "焊接", "液压系统设计", "轨道交通", "PLC", "数控" };
        foreach (var q in queries)
        {
            await Port.SearchAsync(new EngineerSearchQuery { Text = q });
        }

        watch.Restart();
        const int Rounds = 200;
        for (var i = 0; i < Rounds; i++)
        {
            await Port.SearchAsync(new EngineerSearchQuery { Text = queries[i % queries.Length] });
        }

        output.WriteLine($"engine query with facets and snippets: {watch.Elapsed.TotalMilliseconds / Rounds:F3} ms on average");
        Assert.Equal(await fixture.App.WithDbAsync(db => db.Engineers.CountAsync()), await Port.CountAsync());
    }

    [Fact]
    public async Task The_engineers_page_searches_and_highlights_without_letting_html_through()
    {
        var company = await PageClient.SignInAsync(fixture.App, "company@demo.cn");
        var html = await company.GetPageAsync($"/Engineers?q={Uri.EscapeDataString("焊接")}");
        Assert.Contains("<mark>焊接</mark>", html, StringComparison.Ordinal);
        Assert.Contains("data-testid=\"snippet\"", html, StringComparison.Ordinal);
        Assert.Contains("value=\"焊接\"", html, StringComparison.Ordinal);

        var hostile = await company.GetPageAsync($"/Engineers?q={Uri.EscapeDataString("<script>alert(1)</script>")}");
        Assert.DoesNotContain("<script>alert(1)", hostile, StringComparison.Ordinal);
        Assert.Contains("共 0 位工程师", hostile, StringComparison.Ordinal);

        // Without text the page is the plain directory, as before.
        Assert.DoesNotContain("data-testid=\"snippet\"", await company.GetPageAsync("/Engineers"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Readiness_reports_the_index_count_against_the_database()
    {
        var body = JsonDocument.Parse(await fixture.App.CreateClient().GetStringAsync("/health/ready")).RootElement;
        var search = body.GetProperty("checks").GetProperty("search");
        Assert.Equal("Healthy", search.GetProperty("status").GetString());
        var engineers = await fixture.App.WithDbAsync(db => db.Engineers.CountAsync());
        Assert.Equal(engineers, search.GetProperty("data").GetProperty("indexed").GetInt32());
        Assert.Equal(engineers, search.GetProperty("data").GetProperty("engineers").GetInt32());
    }

    [Fact]
    public async Task Elasticsearch_provider_fails_the_start_with_the_url_when_the_cluster_is_unreachable()
    {
        await using var app = new MarketplaceAppFactory(fixture.Database);
        var url = $"http://127.0.0.1:{Search.ElasticsearchWireFormatTests.FreePort()}/";
        app.Settings["Search:Provider"] = "Elasticsearch";
        app.Settings["Search:ElasticsearchUrl"] = url;
        var error = Assert.ThrowsAny<Exception>(() => app.Services);
        Assert.Contains("无法连接 Elasticsearch", error.ToString(), StringComparison.Ordinal);
        Assert.Contains(url, error.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Elasticsearch_provider_without_a_url_is_refused_at_start_up()
    {
        await using var app = new MarketplaceAppFactory(fixture.Database);
        app.Settings["Search:Provider"] = "Elasticsearch";
        var error = Assert.ThrowsAny<Exception>(() => app.Services);
        Assert.Contains("Search:ElasticsearchUrl", error.ToString(), StringComparison.Ordinal);
    }

    internal static JsonObject ProfileFrom(JsonElement me, string bio) => new()
    {
        ["version"] = me.GetProperty("version").GetUInt32(),
        ["name"] = me.GetProperty("name").GetString(),
        ["birthYear"] = JsonNode.Parse(me.GetProperty("birthYear").GetRawText()),
        ["phone"] = JsonNode.Parse(me.GetProperty("phone").GetRawText()),
        ["email"] = JsonNode.Parse(me.GetProperty("email").GetRawText()),
        ["title"] = me.GetProperty("title").GetString(),
        ["employerName"] = me.GetProperty("employerName").GetString(),
        ["employerType"] = me.GetProperty("employerType").GetString(),
        ["cityCode"] = me.GetProperty("cityCode").GetString(),
        ["yearsOfPractice"] = me.GetProperty("yearsOfPractice").GetInt32(),
        ["serviceModes"] = me.GetProperty("serviceModes").GetString(),
        ["hoursPerMonth"] = me.GetProperty("hoursPerMonth").GetInt32(),
        ["availableFrom"] = JsonNode.Parse(me.GetProperty("availableFrom").GetRawText()),
        ["availableUntil"] = JsonNode.Parse(me.GetProperty("availableUntil").GetRawText()),
        ["hourlyRate"] = JsonNode.Parse(me.GetProperty("hourlyRate").GetRawText()),
        ["bio"] = bio,
        ["clusterCodes"] = JsonNode.Parse(me.GetProperty("clusterCodes").GetRawText()),
        ["skills"] = new JsonArray(me.GetProperty("skills").EnumerateArray()
            .Select(s => (JsonNode)new JsonObject { ["code"] = s.GetProperty("code").GetString(), ["level"] = s.GetProperty("level").GetInt32() }).ToArray()),
    };
}
