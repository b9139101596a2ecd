using System.Net;
using Marketplace.Domain.Accreditation;
using Microsoft.EntityFrameworkCore;

namespace Marketplace.IntegrationTests.Accreditation;

/// <summary>
/// The authority's dashboard and a center's lifecycle page over the demo data (a round of centers in every stage, and
/// operator@demo.cn's own center in its cultivation year): who may open them, and what they show.
/// </summary>
[Collection(AppCollection.Name)]
public sealed class CenterLifecyclePageTests(AppFixture fixture) : IAsyncLifetime
{
    private readonly AccreditationDesk _desk = new(fixture.App);
    private readonly List<Guid> _rounds = [];

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync()
    {
        await _desk.CleanUpAsync();
        await CenterSeed.CleanUpAsync(fixture.App, _rounds);
    }

    private async Task<(Guid Id, string Name)> DemoCenterAsync(string email) =>
        await fixture.App.WithDbAsync(async db =>
        {
            var org = await db.Users.Where(u => u.Email == email).Select(u => u.OrganizationId).FirstAsync();
            var id = await db.AccreditedCenters.Where(c => c.OrganizationId == org).Select(c => c.Id).FirstAsync();
            return (id, await db.Organizations.Where(o => o.Id == org).Select(o => o.Name).FirstAsync());
        });

    [Theory]
    [InlineData("authority@demo.cn", HttpStatusCode.OK)]
    [InlineData("city@demo.cn", HttpStatusCode.OK)]
    [InlineData("operator@demo.cn", HttpStatusCode.Redirect)]
    [InlineData("company@demo.cn", HttpStatusCode.Redirect)]
    [InlineData("engineer@demo.cn", HttpStatusCode.Redirect)]
    public async Task The_dashboard_is_for_the_authorities_and_linked_from_their_navigation(string email, HttpStatusCode expected)
    {
        var page = await PageClient.SignInAsync(fixture.App, email);
        var response = await page.Http.GetAsync("/Accreditation/Dashboard");
        Assert.Equal(expected, response.StatusCode);
        if (expected == HttpStatusCode.Redirect)
        {
            Assert.DoesNotContain("/Account/Login", response.Headers.Location!.OriginalString, StringComparison.Ordinal);
        }

        var home = await page.GetPageAsync("/Dashboard");
        Assert.Equal(expected == HttpStatusCode.OK, home.Contains("data-testid=\"nav-center-dashboard\"", StringComparison.Ordinal));
    }

    [Fact]
    public async Task The_province_dashboard_shows_centers_by_stage_with_a_chart_the_flagged_center_and_recent_decisions()
    {
        var page = await PageClient.SignInAsync(fixture.App, "authority@demo.cn");
        var html = await page.GetPageAsync("/Accreditation/Dashboard");
        var stages = await fixture.App.WithDbAsync(async db => await db.AccreditedCenters.GroupBy(c => c.Stage).Select(g => new { g.Key, Count = g.Count() }).ToListAsync());
        Assert.Contains("协同创新中心运行看板", html, StringComparison.Ordinal);
        foreach (var stage in Enum.GetValues<CenterStage>())
        {
            Assert.Contains($"data-stage=\"{stage}\"><td><a href=\"/Accreditation/Centers?stage={stage}\">{AccreditedCenter.StageName(stage)}</a></td><td>{stages.FirstOrDefault(s => s.Key == stage)?.Count ?? 0}</td>", html, StringComparison.Ordinal);
        }

        Assert.True(stages.All(s => s.Count > 0) && stages.Count == 4, "the demo has a center in every stage");
        Assert.Contains("data-testid=\"center-stage-chart\"", html, StringComparison.Ordinal);
        Assert.DoesNotContain("<script>", html, StringComparison.Ordinal);

        var flagged = await fixture.App.WithDbAsync(async db => await db.AccreditedCenters.Where(c => c.FlaggedForRevocation)
            .Join(db.Organizations, c => c.OrganizationId, o => o.Id, (c, o) => o.Name).ToListAsync());
        var flaggedName = Assert.Single(flagged);
        var flaggedSection = html[html.IndexOf("data-testid=\"center-flagged\"", StringComparison.Ordinal)..html.IndexOf("data-testid=\"center-decisions\"", StringComparison.Ordinal)];
        Assert.Contains(flaggedName, flaggedSection, StringComparison.Ordinal);
        Assert.Contains("data-testid=\"flagged-row\"", flaggedSection, StringComparison.Ordinal);
        Assert.Contains("撤销认定", html[html.IndexOf("data-testid=\"center-decisions\"", StringComparison.Ordinal)..], StringComparison.Ordinal);

        // Every center is listed by stage, operator@demo.cn's among them.
        var (_, operatorCenter) = await DemoCenterAsync("operator@demo.cn");
        Assert.Contains(operatorCenter, html, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("operator@demo.cn", HttpStatusCode.OK)]
    [InlineData("authority@demo.cn", HttpStatusCode.OK)]
    [InlineData("company@demo.cn", HttpStatusCode.NotFound)]
    [InlineData("engineer@demo.cn", HttpStatusCode.NotFound)]
    [InlineData("expert@demo.cn", HttpStatusCode.NotFound)]
    public async Task A_centers_lifecycle_page_is_for_the_center_and_the_authority_and_a_404_for_anyone_else(string email, HttpStatusCode expected)
    {
        var (id, name) = await DemoCenterAsync("operator@demo.cn");
        var page = await PageClient.SignInAsync(fixture.App, email);
        var response = await page.Http.GetAsync($"/Accreditation/Centers/{id}");
        Assert.Equal(expected, response.StatusCode);
        var html = await response.Content.ReadAsStringAsync();
        Assert.Equal(expected == HttpStatusCode.OK, html.Contains(name, StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_center_sees_its_cultivation_timeline_and_files_its_report_and_the_province_receives_it_on_the_page()
    {
        // A center of its own (not operator@demo.cn's), so the demo accounts' notifications stay what the demo made.
        var today = DateOnly.FromDateTime(DateTime.UtcNow.AddHours(8));
        var (id, _, operatorEmail) = await CenterSeed.RecognizedAsync(fixture.App, _desk, _rounds, "页面年报", today.AddDays(-100));
        var year = today.AddDays(-100).Year;
        var center = await PageClient.SignInAsync(fixture.App, operatorEmail);
        var html = await center.GetPageAsync($"/Accreditation/Centers/{id}");
        Assert.Contains("data-key=\"cultivation\" data-state=\"current\"", html, StringComparison.Ordinal);
        Assert.Contains("培育期满评估", html, StringComparison.Ordinal);
        Assert.Contains("data-testid=\"report-form\"", html, StringComparison.Ordinal);
        Assert.DoesNotContain("data-testid=\"evaluate-form\"", html, StringComparison.Ordinal);
        Assert.DoesNotContain("data-testid=\"revoke-form\"", html, StringComparison.Ordinal);
        Assert.Contains("data-testid=\"center-audit\"", html, StringComparison.Ordinal);

        var filed = await center.PostAndFollowAsync($"/Accreditation/Centers/{id}", $"/Accreditation/Centers/{id}?handler=Report",
            [("Form.Version", PageClient.VersionOn(html)), ("Form.Year", year.ToString(System.Globalization.CultureInfo.InvariantCulture)), ("Form.Summary", "页面提交的年度建设运行情况报告。")]);
        Assert.Contains("页面提交的年度建设运行情况报告。", filed, StringComparison.Ordinal);
        Assert.Contains("已提交，待接收", filed, StringComparison.Ordinal);

        var province = await PageClient.SignInAsync(fixture.App, "authority@demo.cn");
        var view = await province.GetPageAsync($"/Accreditation/Centers/{id}");
        Assert.Contains("data-testid=\"revoke-form\"", view, StringComparison.Ordinal);

        // A revocation without a reason comes back on the page with the rule, and nothing changes.
        var refused = await province.PostFormAsync($"/Accreditation/Centers/{id}", $"/Accreditation/Centers/{id}?handler=Revoke",
            [("Form.Version", PageClient.VersionOn(view)), ("Form.Reason", "")]);
        Assert.Equal(HttpStatusCode.OK, refused.StatusCode);
        Assert.Contains("理由", PageClient.ErrorsOf(await refused.Content.ReadAsStringAsync()), StringComparison.Ordinal);
        Assert.Equal(CenterStage.Cultivation, await fixture.App.WithDbAsync(db => db.AccreditedCenters.Where(c => c.Id == id).Select(c => c.Stage).FirstAsync()));

        var received = await province.PostAndFollowAsync($"/Accreditation/Centers/{id}", $"/Accreditation/Centers/{id}?handler=Receive",
            [("Form.Version", PageClient.VersionOn(view)), ("Form.Year", year.ToString(System.Globalization.CultureInfo.InvariantCulture))]);
        Assert.Contains("已接收", received, StringComparison.Ordinal);
    }
}
