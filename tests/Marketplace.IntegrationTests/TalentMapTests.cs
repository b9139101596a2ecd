using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Marketplace.Application.Engineers;
using Marketplace.Domain.Engineers;
using Marketplace.Testing;
using Microsoft.EntityFrameworkCore;

namespace Marketplace.IntegrationTests;

/// <summary>
/// 区域产业人才图谱 over the seeded demo platform. Every expected figure is recomputed here from the database rows
/// (loaded whole and counted in memory with the domain's own rules), independently of the handler's SQL.
/// </summary>
[Collection(AppCollection.Name)]
public sealed class TalentMapTests(AppFixture fixture)
{
    private sealed record EngineerRow(string City, List<string> Clusters, ProfessionalTitle Title, ExcellenceTier Tier, bool Available, HashSet<string> Skills);

    private sealed record ListingRow(string City, string Cluster, List<string> Skills);

    private async Task<(List<EngineerRow> Engineers, List<ListingRow> Open)> RowsAsync()
    {
        var today = TalentMapRules.Today(fixture.App.Clock);
        return await fixture.App.WithDbAsync(async db =>
        {
            var engineers = (await db.Engineers.AsNoTracking().ToListAsync())
                .Select(e => new EngineerRow(e.CityCode, e.ClusterCodes, e.Title, e.Tier, e.IsAvailableOn(today), e.Skills.Select(s => s.SkillCode).ToHashSet()))
                .ToList();
            var open = (await db.Challenges.AsNoTracking().ToListAsync())
                .Where(c => TalentMapRules.OpenDemandStatuses.Contains(c.Status))
                .Select(c => new ListingRow(c.CityCode, c.ClusterCode, c.SkillCodes))
                .ToList();
            return (engineers, open);
        });
    }

    private async Task<JsonElement> MapAsync(string email, string query = "")
    {
        var client = await fixture.App.ClientForAsync(email);
        var response = await client.GetAsync("/api/talent-map" + query);
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, text);
        return JsonDocument.Parse(text).RootElement;
    }

    private static int Count(JsonElement list, string codeProperty, string code) =>
        list.EnumerateArray().Single(x => x.GetProperty(codeProperty).GetString() == code).GetProperty("engineers").GetInt32();

    [Fact]
    public async Task Heat_map_cells_add_up_to_the_cluster_and_city_totals_of_the_database()
    {
        var (engineers, _) = await RowsAsync();
        var map = await MapAsync("operator@demo.cn");
        Assert.Equal("full", map.GetProperty("scope").GetString());
        Assert.Equal(engineers.Count, map.GetProperty("totalEngineers").GetInt32());

        var cells = map.GetProperty("cells").EnumerateArray().ToList();
        var clusters = map.GetProperty("clusters");
        Assert.Equal(4, clusters.GetArrayLength());
        foreach (var cluster in clusters.EnumerateArray().Select(c => c.GetProperty("code").GetString()!))
        {
            var expected = engineers.Count(e => e.Clusters.Contains(cluster));
            Assert.Equal(expected, cells.Where(c => c.GetProperty("clusterCode").GetString() == cluster).Sum(c => c.GetProperty("engineers").GetInt32()));
            Assert.Equal(expected, Count(clusters, "code", cluster));
        }

        var cities = map.GetProperty("cities");
        Assert.Equal(14, cities.GetArrayLength());
        foreach (var city in cities.EnumerateArray().Select(c => c.GetProperty("code").GetString()!))
        {
            Assert.Equal(engineers.Count(e => e.City == city), Count(cities, "code", city));
            foreach (var cluster in clusters.EnumerateArray().Select(c => c.GetProperty("code").GetString()!))
            {
                var cell = cells.Single(c => c.GetProperty("cityCode").GetString() == city && c.GetProperty("clusterCode").GetString() == cluster);
                Assert.Equal(engineers.Count(e => e.City == city && e.Clusters.Contains(cluster)), cell.GetProperty("engineers").GetInt32());
            }
        }

        Assert.Equal(engineers.Count, cities.EnumerateArray().Sum(c => c.GetProperty("engineers").GetInt32()));

        // Demo engineers sit in one or two clusters; the response says why the columns add up to more than the people.
        Assert.True(clusters.EnumerateArray().Sum(c => c.GetProperty("engineers").GetInt32()) > engineers.Count);
        Assert.Contains(map.GetProperty("notes").EnumerateArray(), n => n.GetString()!.Contains("各计一次", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Title_and_tier_breakdowns_sum_to_the_total_and_match_the_database()
    {
        var (engineers, _) = await RowsAsync();

        var byTitle = await MapAsync("authority@demo.cn", "?by=title");
        Assert.Equal("Title", byTitle.GetProperty("by").GetString());
        var titles = byTitle.GetProperty("categories");
        Assert.Equal(5, titles.GetArrayLength());
        Assert.Equal(engineers.Count, titles.EnumerateArray().Sum(t => t.GetProperty("engineers").GetInt32()));
        foreach (var title in Enum.GetValues<ProfessionalTitle>())
        {
            Assert.Equal(engineers.Count(e => e.Title == title), Count(titles, "code", EngineerVocabulary.Code(title)));
        }

        // The cube (city × cluster × title) adds up to each heat-map cell.
        var cube = byTitle.GetProperty("breakdown").EnumerateArray().ToList();
        foreach (var cell in byTitle.GetProperty("cells").EnumerateArray())
        {
            var city = cell.GetProperty("cityCode").GetString();
            var cluster = cell.GetProperty("clusterCode").GetString();
            Assert.Equal(cell.GetProperty("engineers").GetInt32(), cube
                .Where(x => x.GetProperty("cityCode").GetString() == city && x.GetProperty("clusterCode").GetString() == cluster)
                .Sum(x => x.GetProperty("engineers").GetInt32()));
        }

        var senior = EngineerVocabulary.Code(ProfessionalTitle.SeniorEngineer);
        Assert.Equal(
            engineers.Count(e => e.City == "430100" && e.Clusters.Contains("construction-machinery") && e.Title == ProfessionalTitle.SeniorEngineer),
            cube.Where(x => x.GetProperty("cityCode").GetString() == "430100" && x.GetProperty("clusterCode").GetString() == "construction-machinery"
                && x.GetProperty("category").GetString() == senior).Sum(x => x.GetProperty("engineers").GetInt32()));

        var byTier = await MapAsync("authority@demo.cn", "?by=TIER");
        var tiers = byTier.GetProperty("categories");
        Assert.Equal(6, tiers.GetArrayLength());
        Assert.Equal(engineers.Count, tiers.EnumerateArray().Sum(t => t.GetProperty("engineers").GetInt32()));
        foreach (var tier in Enum.GetValues<ExcellenceTier>())
        {
            Assert.Equal(engineers.Count(e => e.Tier == tier), Count(tiers, "code", EngineerVocabulary.Code(tier)));
        }
    }

    [Fact]
    public async Task Filtering_by_city_and_cluster_narrows_the_map_to_that_cell()
    {
        var (engineers, _) = await RowsAsync();
        var map = await MapAsync("operator@demo.cn", "?city=430100&cluster=construction-machinery");
        Assert.Equal("430100", map.GetProperty("city").GetString());
        Assert.Equal("construction-machinery", map.GetProperty("cluster").GetString());
        var cell = Assert.Single(map.GetProperty("cells").EnumerateArray());
        var expected = engineers.Count(e => e.City == "430100" && e.Clusters.Contains("construction-machinery"));
        Assert.True(expected > 0, "the demo data puts machinery engineers in 长沙");
        Assert.Equal(expected, cell.GetProperty("engineers").GetInt32());
        Assert.Equal(expected, map.GetProperty("totalEngineers").GetInt32());
        Assert.Equal(expected, Assert.Single(map.GetProperty("cities").EnumerateArray()).GetProperty("engineers").GetInt32());
        Assert.All(map.GetProperty("demandSupply").EnumerateArray(), r =>
        {
            Assert.Equal("430100", r.GetProperty("cityCode").GetString());
            Assert.Equal("construction-machinery", r.GetProperty("clusterCode").GetString());
        });
    }

    [Fact]
    public async Task Demand_and_supply_per_city_and_cluster_match_a_hand_count()
    {
        var (engineers, open) = await RowsAsync();
        Assert.NotEmpty(open);

        // By hand from the rows: per (city, cluster) of the open listings, the listings, their distinct skills, the
        // engineers there available today, and those of them holding at least one of the skills.
        var expected = open.GroupBy(l => (l.City, l.Cluster)).Select(g =>
        {
            var required = g.SelectMany(l => l.Skills).ToHashSet();
            var available = engineers.Where(e => e.City == g.Key.City && e.Clusters.Contains(g.Key.Cluster) && e.Available).ToList();
            return (g.Key.City, g.Key.Cluster, Listings: g.Count(), Skills: required.Count, InCluster: available.Count,
                Supply: available.Count(e => e.Skills.Overlaps(required)));
        }).ToList();

        // The seeded data must exercise the skill condition: somewhere an available engineer of the right city and
        // cluster lacks every required skill, yet someone there has one.
        Assert.Contains(expected, x => x.Supply > 0 && x.InCluster > x.Supply);

        var map = await MapAsync("operator@demo.cn");
        var rows = map.GetProperty("demandSupply").EnumerateArray().ToList();
        Assert.Equal(expected.Count, rows.Count);
        foreach (var x in expected)
        {
            var row = rows.Single(r => r.GetProperty("cityCode").GetString() == x.City && r.GetProperty("clusterCode").GetString() == x.Cluster);
            Assert.Equal(x.Listings, row.GetProperty("listings").GetInt32());
            Assert.Equal(x.Skills, row.GetProperty("requiredSkills").GetInt32());
            Assert.Equal(x.InCluster, row.GetProperty("availableInCluster").GetInt32());
            Assert.Equal(x.Supply, row.GetProperty("supply").GetInt32());
            Assert.Equal(decimal.Round((decimal)x.Supply / x.Listings, 2), row.GetProperty("ratio").GetDecimal());
            var gap = x.Supply == 0 ? "NoSupply" : (decimal)x.Supply / x.Listings < 1m ? "Insufficient" : "None";
            Assert.Equal(gap, row.GetProperty("gap").GetString());
        }

        // The worst gaps come first, and the per-cluster pairs sum the rows.
        var gaps = rows.Select(r => Enum.Parse<SupplyGap>(r.GetProperty("gap").GetString()!)).ToList();
        Assert.Equal(gaps.OrderByDescending(g => g), gaps);
        foreach (var pair in map.GetProperty("demandSupplyByCluster").EnumerateArray())
        {
            var code = pair.GetProperty("clusterCode").GetString();
            Assert.Equal(open.Count(l => l.Cluster == code), pair.GetProperty("listings").GetInt32());
            Assert.Equal(expected.Where(x => x.Cluster == code).Sum(x => x.Supply), pair.GetProperty("supply").GetInt32());
        }
    }

    [Fact]
    public async Task A_listing_posted_where_nobody_has_its_skill_shows_as_a_gap()
    {
        // A hand-made case: an aerospace listing in 张家界 asking for a skill no available aerospace engineer there holds.
        var (engineers, open) = await RowsAsync();
        var nearby = engineers.Where(e => e.City == "430800" && e.Clusters.Contains("aerospace") && e.Available).ToList();
        var skills = await fixture.App.WithDbAsync(db => db.Skills.Where(s => s.ClusterCode == "aerospace").OrderBy(s => s.Code).Select(s => s.Code).ToListAsync());
        var skill = skills.First(s => nearby.All(e => !e.Skills.Contains(s)));
        Assert.DoesNotContain(open, l => l.City == "430800" && l.Cluster == "aerospace"); // the demo data posts none there

        await new ChallengeBoard(fixture.App).PublishedAsync(new
        {
            title = "人才图谱测试：航空结构件无损检测",
            description = "复合材料蒙皮与金属框粘接处的脱粘缺陷需要一套可在车间使用的检测方法。",
            clusterCode = "aerospace",
            skillCodes = new[] { skill },
            serviceTypeCode = "process-optimization",
            bounty = 80_000m,
            applicationDeadline = DateTimeOffset.UtcNow.AddDays(20),
            expectedDurationDays = 90,
            cityCode = "430800",
            onSiteRequired = false,
            ipArrangement = "EngineerWithLicence",
            confidentiality = "Public",
            raceSlots = 1,
            abandonAfterDays = 14,
        });

        var map = await MapAsync("authority@demo.cn", "?city=430800&cluster=aerospace");
        var row = Assert.Single(map.GetProperty("demandSupply").EnumerateArray());
        Assert.Equal(1, row.GetProperty("listings").GetInt32());
        Assert.Equal(1, row.GetProperty("requiredSkills").GetInt32());
        Assert.Equal(nearby.Count, row.GetProperty("availableInCluster").GetInt32());
        Assert.Equal(0, row.GetProperty("supply").GetInt32());
        Assert.Equal(0m, row.GetProperty("ratio").GetDecimal());
        Assert.Equal("NoSupply", row.GetProperty("gap").GetString());
        Assert.Equal("无人可供", row.GetProperty("gapName").GetString());

        var page = await PageClient.SignInAsync(fixture.App, "authority@demo.cn");
        var html = await page.GetPageAsync("/TalentMap?city=430800&cluster=aerospace");
        Assert.Contains("张家界市", html);
        Assert.Contains("data-testid=\"gap-row\"", html);
    }

    [Fact]
    public async Task The_availability_rule_in_sql_is_the_domains()
    {
        var today = TalentMapRules.Today(fixture.App.Clock);
        var (sql, domain) = await fixture.App.WithDbAsync(async db => (
            await db.Engineers.CountAsync(TalentMapRules.AvailableOn(today)),
            (await db.Engineers.AsNoTracking().ToListAsync()).Count(e => e.IsAvailableOn(today))));
        Assert.Equal(domain, sql);
        Assert.InRange(sql, 1, 59);
    }

    [Fact]
    public async Task Companies_and_engineers_get_the_aggregate_only_without_cross_cells()
    {
        var (engineers, _) = await RowsAsync();
        foreach (var email in new[] { "company@demo.cn", "engineer@demo.cn", "expert@demo.cn" })
        {
            var map = await MapAsync(email, "?cluster=rail-transit&city=430200&by=tier");
            Assert.Equal("aggregate", map.GetProperty("scope").GetString());
            foreach (var hidden in new[] { "cells", "categories", "breakdown", "demandSupply", "demandSupplyByCluster", "cluster", "city", "by" })
            {
                Assert.Equal(JsonValueKind.Null, map.GetProperty(hidden).ValueKind);
            }

            // The margins are the province's, whatever the filters asked for (a filtered margin would be a cross cell).
            Assert.Equal(engineers.Count, map.GetProperty("totalEngineers").GetInt32());
            Assert.Equal(engineers.Count(e => e.Clusters.Contains("rail-transit")), Count(map.GetProperty("clusters"), "code", "rail-transit"));
            Assert.Equal(engineers.Count(e => e.City == "430200"), Count(map.GetProperty("cities"), "code", "430200"));
            Assert.Equal(14, map.GetProperty("cities").GetArrayLength());
            Assert.Contains(map.GetProperty("notes").EnumerateArray(), n => n.GetString()!.Contains("筛选条件未应用", StringComparison.Ordinal));
        }
    }

    [Theory]
    [InlineData("operator@demo.cn")]
    [InlineData("authority@demo.cn")]
    [InlineData("city@demo.cn")]
    [InlineData("admin@demo.cn")]
    public async Task Authorities_operators_and_admins_get_the_full_map(string email)
    {
        var map = await MapAsync(email);
        Assert.Equal("full", map.GetProperty("scope").GetString());
        Assert.Equal(14 * 4, map.GetProperty("cells").GetArrayLength());
        Assert.Equal(JsonValueKind.Array, map.GetProperty("demandSupply").ValueKind);
    }

    [Theory]
    [InlineData("?cluster=no-such-cluster", "cluster")]
    [InlineData("?city=999999", "city")]
    [InlineData("?city=430000", "city")]
    [InlineData("?by=employer", "by")]
    public async Task Unknown_codes_are_a_400_on_the_field(string query, string field)
    {
        foreach (var email in new[] { "operator@demo.cn", "company@demo.cn" })
        {
            var client = await fixture.App.ClientForAsync(email);
            var problem = await (await client.GetAsync("/api/talent-map" + query)).AssertProblemAsync(HttpStatusCode.BadRequest);
            Assert.True(problem.GetProperty("errors").TryGetProperty(field, out _), problem.ToString());
        }
    }

    [Fact]
    public async Task The_openapi_document_describes_the_talent_map_in_chinese()
    {
        var document = JsonDocument.Parse(await fixture.App.CreateClient().GetStringAsync("/openapi/v1.json")).RootElement;
        var get = document.GetProperty("paths").GetProperty("/api/talent-map").GetProperty("get");
        Assert.Contains("区域产业人才图谱", get.GetProperty("summary").GetString());
        Assert.Contains("scope=aggregate", get.GetProperty("description").GetString());
        var parameters = get.GetProperty("parameters").EnumerateArray().Select(p => p.GetProperty("name").GetString()).ToList();
        Assert.Equal(["cluster", "city", "by"], parameters);
    }

    [Fact]
    public async Task Anonymous_callers_get_401_and_the_page_sends_them_to_sign_in()
    {
        var anonymous = fixture.App.CreateClient(new Microsoft.AspNetCore.Mvc.Testing.WebApplicationFactoryClientOptions { AllowAutoRedirect = false });
        Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.GetAsync("/api/talent-map")).StatusCode);
        var page = await anonymous.GetAsync("/TalentMap");
        Assert.Equal(HttpStatusCode.Redirect, page.StatusCode);
        Assert.StartsWith("/Account/Login", page.Headers.Location!.PathAndQuery, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_page_shows_authorities_the_heat_map_breakdown_charts_and_gaps()
    {
        var (engineers, _) = await RowsAsync();
        var page = await PageClient.SignInAsync(fixture.App, "authority@demo.cn");
        var html = await page.GetPageAsync("/TalentMap");
        Assert.Contains("lang=\"zh-CN\"", html);
        Assert.Contains("data-testid=\"nav-talent-map\"", html);
        Assert.Contains("区域产业人才图谱", html);
        Assert.Contains("data-testid=\"heatmap\"", html);
        Assert.Contains("data-testid=\"breakdown\"", html);
        Assert.Contains("data-testid=\"gaps\"", html);
        Assert.Contains("<svg", html);
        Assert.Contains("data-testid=\"chart-demand-supply\"", html);
        Assert.Contains("长沙市", html);
        Assert.Contains("工程机械", html);
        Assert.Contains("正高级工程师", html);

        // The numbers are text in the cells, not only a colour.
        var changsha = engineers.Count(e => e.City == "430100" && e.Clusters.Contains("construction-machinery"));
        Assert.Contains($"data-cell=\"430100/construction-machinery\">{changsha}<", html);

        var byTier = await page.GetPageAsync("/TalentMap?by=tier&city=430200");
        Assert.Contains("省卓越工程师·领军人才", byTier);
        Assert.Contains("株洲市", byTier);
    }

    [Fact]
    public async Task The_page_shows_companies_the_margins_and_a_cluster_chart_but_no_cross_table()
    {
        var page = await PageClient.SignInAsync(fixture.App, "company@demo.cn");
        var html = await page.GetPageAsync("/TalentMap?cluster=rail-transit");
        Assert.Contains("data-testid=\"nav-talent-map\"", html);
        Assert.Contains("data-testid=\"margins-cluster\"", html);
        Assert.Contains("data-testid=\"margins-city\"", html);
        Assert.Contains("<svg", html);
        Assert.DoesNotContain("data-testid=\"heatmap\"", html);
        Assert.DoesNotContain("data-cell=", html);
        Assert.DoesNotContain("data-testid=\"breakdown\"", html);
        Assert.DoesNotContain("data-testid=\"gaps\"", html);
        Assert.Contains("筛选条件未应用", html);
    }

    [Fact]
    public async Task A_bad_filter_on_the_page_is_dropped_with_a_notice_not_an_error_page()
    {
        var page = await PageClient.SignInAsync(fixture.App, "operator@demo.cn");
        var html = await page.GetPageAsync("/TalentMap?cluster=%3Cscript%3E&by=tier");
        Assert.Contains("data-testid=\"filters-ignored\"", html);
        Assert.Contains("data-testid=\"heatmap\"", html);
        Assert.DoesNotContain("<script>", html);
    }
}
