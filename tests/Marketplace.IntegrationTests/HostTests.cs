using System.Net;
using System.Text.Json;

namespace Marketplace.IntegrationTests;

[Collection(AppCollection.Name)]
public sealed class HostTests(AppFixture fixture)
{
    [Fact]
    public async Task Liveness_answers_without_touching_the_database()
    {
        var response = await fixture.App.CreateClient().GetAsync("/health/live");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Fact]
    public async Task Readiness_checks_the_database()
    {
        var response = await fixture.App.CreateClient().GetAsync("/health/ready");
        var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("Healthy", body.GetProperty("checks").GetProperty("database").GetProperty("status").GetString());
    }

    [Fact]
    public async Task OpenApi_document_lists_the_api_and_the_reference_page_is_served()
    {
        var client = fixture.App.CreateClient();
        var document = JsonDocument.Parse(await client.GetStringAsync("/openapi/v1.json")).RootElement;
        var paths = document.GetProperty("paths").EnumerateObject().Select(p => p.Name).ToList();
        Assert.Contains("/api/auth/token", paths);
        Assert.Contains("/api/engineers/{id}", paths);
        Assert.Contains("/api/organizations", paths);
        foreach (var step in new[] { "applications", "applications/{applicationId}/award", "milestones/{milestoneId}/review", "verification", "settle", "nda" })
        {
            Assert.Contains($"/api/challenges/{{id}}/{step}", paths);
        }

        Assert.Contains("/api/notifications", paths);
        Assert.Contains("共享工程师", document.GetProperty("info").GetProperty("title").GetString());

        var docs = await client.GetAsync("/api/docs/");
        Assert.Equal(HttpStatusCode.OK, docs.StatusCode);
        Assert.Contains("scalar", await docs.Content.ReadAsStringAsync(), StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task Home_page_is_chinese_and_says_what_the_platform_is()
    {
        var html = await fixture.App.CreateClient().GetStringAsync("/");
        Assert.Contains("lang=\"zh-CN\"", html);
        Assert.Contains("共享工程师服务平台", html);
        Assert.Contains("企业出题", html);
        Assert.Contains("揭榜挂帅", html);
    }

    [Fact]
    public async Task English_resources_follow_when_asked_for()
    {
        var client = fixture.App.CreateClient();
        client.DefaultRequestHeaders.AcceptLanguage.ParseAdd("en");
        var html = await client.GetStringAsync("/");
        Assert.Contains("Shared Engineer Marketplace", html);
    }

    [Fact]
    public async Task Unknown_page_is_a_chinese_404_page_and_unknown_api_path_is_a_problem()
    {
        var client = fixture.App.CreateClient();
        var page = await client.GetAsync("/no-such-page");
        Assert.Equal(HttpStatusCode.NotFound, page.StatusCode);
        Assert.Contains("页面不存在", await page.Content.ReadAsStringAsync());

        var api = await client.GetAsync("/api/no-such-endpoint");
        await api.AssertProblemAsync(HttpStatusCode.NotFound);
    }
}
