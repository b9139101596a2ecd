using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Marketplace.Application.Engineers.Search;
using Marketplace.Domain.Engineers;
using Marketplace.Infrastructure.Persistence;
using Marketplace.Testing;
using Microsoft.EntityFrameworkCore;

namespace Marketplace.IntegrationTests;

/// <summary>
/// GET /api/engineers/search and the 找工程师 page over the seeded demo engineers: repeated filters (any value within a
/// dimension, every dimension together), drill-sideways facet counts, and the refusals (size over 100, unknown values).
/// Expected numbers are counted from PostgreSQL.
/// </summary>
[Collection(AppCollection.Name)]
public sealed class EngineerSearchApiTests(AppFixture fixture)
{
    private async Task<List<EngineerProfile>> EngineersAsync() =>
        await fixture.App.WithDbAsync(db => db.Engineers.AsNoTracking().ToListAsync());

    private static List<Guid> Ids(JsonElement page) =>
        page.GetProperty("items").EnumerateArray().Select(i => i.GetProperty("engineer").GetProperty("id").GetGuid()).ToList();

    private static Dictionary<string, int> Facet(JsonElement page, string dimension) =>
        page.GetProperty("facets").GetProperty(dimension).EnumerateArray()
            .ToDictionary(v => v.GetProperty("value").GetString()!, v => v.GetProperty("count").GetInt32());

    private DateOnly Today => DateOnly.FromDateTime(fixture.App.Clock.GetUtcNow().UtcDateTime);

    [Fact]
    public async Task Several_values_of_one_filter_match_any_and_dimensions_combine()
    {
        var company = await fixture.App.ClientForAsync("company@demo.cn");
        var engineers = await EngineersAsync();
        var cities = engineers.GroupBy(e => e.CityCode).OrderByDescending(g => g.Count()).Take(2).Select(g => g.Key).ToList();
        var titles = new[] { ProfessionalTitle.SeniorEngineer, ProfessionalTitle.ProfessorSeniorEngineer };

        var page = await company.GetFromJsonAsync<JsonElement>(
            $"/api/engineers/search?city={cities[0]}&city={cities[1]}&title={titles[0]}&title={titles[1]}&serviceMode=Project&serviceMode=Advisory&size=100");
        var expected = engineers.Where(e => cities.Contains(e.CityCode) && titles.Contains(e.Title)
                && (e.ServiceModes.HasFlag(ServiceModes.Project) || e.ServiceModes.HasFlag(ServiceModes.Advisory)))
            .Select(e => e.Id).Order().ToList();
        Assert.NotEmpty(expected);
        Assert.Equal(expected.Count, page.GetProperty("total").GetInt32());
        if (expected.Count <= 100)
        {
            Assert.Equal(expected, Ids(page).Order().ToList());
        }

        // The ticked values come back marked, for the checkboxes.
        var selected = page.GetProperty("facets").GetProperty("city").EnumerateArray()
            .Where(v => v.GetProperty("selected").GetBoolean()).Select(v => v.GetProperty("value").GetString()!).Order().ToList();
        Assert.Equal(cities.Order().ToList(), selected);
    }

    [Fact]
    public async Task A_filtered_dimension_is_counted_sideways_and_the_others_add_up_to_the_hits()
    {
        var company = await fixture.App.ClientForAsync("company@demo.cn");
        var engineers = await EngineersAsync();
        var city = engineers.GroupBy(e => e.CityCode).OrderByDescending(g => g.Count()).First().Key;

        var page = await company.GetFromJsonAsync<JsonElement>($"/api/engineers/search?city={city}&availability=now&size=10");
        var hits = engineers.Where(e => e.CityCode == city && EngineerFacets.IsAvailable(e.HoursPerMonth, e.AvailableFrom, e.AvailableUntil, Today)).ToList();
        Assert.Equal(hits.Count, page.GetProperty("total").GetInt32());

        // City is filtered: its counts are every city's, with availability still applied — what ticking another city would add.
        var availableEverywhere = engineers.Where(e => EngineerFacets.IsAvailable(e.HoursPerMonth, e.AvailableFrom, e.AvailableUntil, Today));
        Assert.Equal(availableEverywhere.GroupBy(e => e.CityCode).ToDictionary(g => g.Key, g => g.Count()), Facet(page, "city"));

        // Availability is filtered too: counted over this city without the availability filter.
        var inCity = engineers.Where(e => e.CityCode == city).ToList();
        var availability = Facet(page, "availability");
        Assert.Equal(inCity.Count, availability.Values.Sum());
        Assert.Equal(hits.Count, availability.GetValueOrDefault(EngineerFacets.AvailableNow));

        // Title and tier carry no filter: they add up to the hit count.
        Assert.Equal(hits.Count, Facet(page, "title").Values.Sum());
        Assert.Equal(hits.Count, Facet(page, "tier").Values.Sum());
        Assert.Equal(hits.GroupBy(e => e.Title.ToString()).ToDictionary(g => g.Key, g => g.Count()), Facet(page, "title"));
    }

    [Theory]
    [InlineData("size=101", "size")]
    [InlineData("size=0", "size")]
    [InlineData("page=0", "page")]
    [InlineData("title=Professor", "titles")]
    [InlineData("tier=Gold", "tiers")]
    [InlineData("serviceMode=Remote", "modes")]
    [InlineData("availability=soon", "availability")]
    [InlineData("cluster=no-such-cluster", "clusters")]
    [InlineData("skill=no-such-skill", "skills")]
    [InlineData("city=999999", "cities")]
    [InlineData("sort=Newest", "sort")]
    public async Task Bad_parameters_are_refused_with_a_field_error(string query, string field)
    {
        var company = await fixture.App.ClientForAsync("company@demo.cn");
        var response = await company.GetAsync($"/api/engineers/search?{query}");
        var body = await response.Content.ReadAsStringAsync();
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var problem = JsonDocument.Parse(body).RootElement;
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.True(problem.GetProperty("errors").EnumerateObject().Any(e => e.Name.StartsWith(field, StringComparison.OrdinalIgnoreCase)), body);
        Assert.Matches("[\u4e00-\u9fff]", problem.GetProperty("title").GetString()!);
    }

    [Fact]
    public async Task Anonymous_callers_are_refused()
    {
        var anonymous = fixture.App.CreateClient();
        Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.GetAsync("/api/engineers/search?q=焊接")).StatusCode);
    }

    [Fact]
    public async Task The_search_page_shows_facet_checkboxes_with_counts_and_keeps_the_ticked_ones()
    {
        var engineers = await EngineersAsync();
        var city = engineers.GroupBy(e => e.CityCode).OrderByDescending(g => g.Count()).First().Key;
        var client = await PageClient.SignInAsync(fixture.App, "company@demo.cn");

        var html = await client.GetPageAsync($"/Engineers?city={city}&sort=Experience");
        Assert.Contains($"name=\"city\" value=\"{city}\" checked=\"checked\"", html, StringComparison.Ordinal);
        Assert.Contains("data-facet=\"cluster\"", html, StringComparison.Ordinal);
        Assert.Contains("data-facet=\"availability\"", html, StringComparison.Ordinal);
        Assert.Contains("data-testid=\"facet-count\"", html, StringComparison.Ordinal);
        Assert.Contains($"共 {engineers.Count(e => e.CityCode == city):N0} 位工程师", html, StringComparison.Ordinal);

        // A hand-edited link with an unknown value says so and shows the unfiltered search instead of an error page.
        var edited = await client.GetPageAsync("/Engineers?tier=Gold");
        Assert.Contains("data-testid=\"search-notice\"", edited, StringComparison.Ordinal);
        Assert.Contains($"共 {engineers.Count:N0} 位工程师", edited, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Text_search_on_the_page_highlights_matches()
    {
        var client = await PageClient.SignInAsync(fixture.App, "company@demo.cn");
        var html = await client.GetPageAsync($"/Engineers?q={Uri.EscapeDataString("液压")}");
        Assert.Contains("data-testid=\"snippet\"", html, StringComparison.Ordinal);
        Assert.Contains("<mark>液压</mark>", html, StringComparison.Ordinal);
    }
}
