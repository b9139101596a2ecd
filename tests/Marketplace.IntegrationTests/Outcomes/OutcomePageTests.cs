using System.Net;
using System.Net.Http.Headers;
using Marketplace.IntegrationTests.Accreditation;

namespace Marketplace.IntegrationTests.Outcomes;

/// <summary>The outcome pages rendered by the server: overview, dashboard forms, drill-down, print view and the entry form.</summary>
[Collection(AppCollection.Name)]
public sealed class OutcomePageTests(AppFixture fixture) : IAsyncLifetime
{
    private readonly OutcomeScenario _s = new(fixture.App);

    public Task InitializeAsync() => _s.BuildAsync("页面" + Guid.NewGuid().ToString("N")[..6]);

    public Task DisposeAsync() => _s.CleanUpAsync();

    [Fact]
    public async Task The_operator_lands_on_its_dashboard_writes_targets_and_narrative_and_enters_an_outcome_with_evidence()
    {
        var page = await PageClient.SignInAsync(fixture.App, _s.Operator);
        var landing = await page.Http.GetAsync($"/Outcomes?year={_s.Year}");
        Assert.Equal(HttpStatusCode.Redirect, landing.StatusCode);
        var url = landing.Headers.Location!.OriginalString;
        Assert.Equal($"/Outcomes/Center/{_s.CenterId}?year={_s.Year}", url);

        var html = await page.GetPageAsync(url);
        Assert.Contains($"href=\"/Outcomes/Center/{_s.CenterId}/Records?key=services.challenges.published&amp;year={_s.Year}\" data-testid=\"figure-services.challenges.published\">3</a>", html, StringComparison.Ordinal);
        Assert.Contains($"/api/outcomes/centers/{_s.CenterId}/charts/funnel.png?year={_s.Year}", html, StringComparison.Ordinal);

        var saved = await page.PostAndFollowAsync(url, $"/Outcomes/Center/{_s.CenterId}?handler=Targets&year={_s.Year}",
            [("Targets[services.challenges.published]", "6")]);
        Assert.Contains("50.0%", saved, StringComparison.Ordinal);
        var narrative = await page.PostAndFollowAsync(url, $"/Outcomes/Center/{_s.CenterId}?handler=Narrative&year={_s.Year}",
            [("Narratives[talent]", "页面填写的人才集聚说明"), ("SelfPoints[2.1.1]", "3.5")]);
        Assert.Contains("页面填写的人才集聚说明", narrative, StringComparison.Ordinal);
        var refused = await page.PostFormAsync(url, $"/Outcomes/Center/{_s.CenterId}?handler=Submit&year={_s.Year}", []);
        Assert.Equal(HttpStatusCode.OK, refused.StatusCode);
        Assert.Contains("提交前请填写", PageClient.ErrorsOf(await refused.Content.ReadAsStringAsync()), StringComparison.Ordinal);

        var records = await page.GetPageAsync($"/Outcomes/Center/{_s.CenterId}/Records?key=services.consultations&year={_s.Year}");
        Assert.Equal(2, records.Split("data-testid=\"record-row\"").Length - 1);
        var print = await page.GetPageAsync($"/Outcomes/Center/{_s.CenterId}/Print?year={_s.Year}");
        Assert.Equal(6, print.Split("data-testid=\"report-section\"").Length - 1);
        Assert.Contains("页面填写的人才集聚说明", print, StringComparison.Ordinal);

        using var form = new MultipartFormDataContent
        {
            { new StringContent("IntellectualProperty"), "Form.Kind" },
            { new StringContent("invention"), "Form.Subtype" },
            { new StringContent("页面录入的发明专利"), "Form.Title" },
            { new StringContent($"{_s.Year}-01-15"), "Form.OccurredOn" },
        };
        var file = new ByteArrayContent(OutcomeScenario.Pdf);
        file.Headers.ContentType = new MediaTypeHeaderValue("application/pdf");
        form.Add(file, "Evidence", "专利证书.pdf");
        var entered = await page.PostMultipartAsync($"/Outcomes/Entries?year={_s.Year}", $"/Outcomes/Entries?year={_s.Year}", form);
        Assert.Equal(HttpStatusCode.Redirect, entered.StatusCode);
        Assert.Contains("页面录入的发明专利", await page.GetPageAsync(entered.Headers.Location!.OriginalString), StringComparison.Ordinal);
        var after = await _s.Board.Get(_s.Operator, $"/api/outcomes/centers/{_s.CenterId}?year={_s.Year}");
        Assert.Equal(3m, after.GetProperty("figures").EnumerateArray().Single(f => f.GetProperty("key").GetString() == "results.ip").GetProperty("value").GetDecimal());
    }

    [Fact]
    public async Task The_province_sees_centers_side_by_side_with_the_2030_targets_and_others_are_kept_out()
    {
        var province = await PageClient.SignInAsync(fixture.App, AccreditationDesk.Province);
        var html = await province.GetPageAsync($"/Outcomes?year={_s.Year}");
        Assert.Contains($"/Outcomes/Center/{_s.CenterId}?year={_s.Year}", html, StringComparison.Ordinal);
        Assert.Contains("data-testid=\"outcomes-2030\"", html, StringComparison.Ordinal);
        Assert.Contains("2030", html, StringComparison.Ordinal);
        var dashboard = await province.GetPageAsync($"/Outcomes/Center/{_s.CenterId}?year={_s.Year}");
        Assert.DoesNotContain("data-testid=\"submit-report\"", dashboard, StringComparison.Ordinal);

        var company = await PageClient.SignInAsync(fixture.App, ChallengeBoard.Company);
        var kept = await company.Http.GetAsync($"/Outcomes/Center/{_s.CenterId}?year={_s.Year}");
        Assert.True(kept.StatusCode is HttpStatusCode.Forbidden || (kept.StatusCode == HttpStatusCode.Redirect && kept.Headers.Location!.OriginalString.Contains("AccessDenied", StringComparison.Ordinal)),
            $"a company is kept out of the outcome pages: {(int)kept.StatusCode} {kept.Headers.Location}");
        var otherOperator = await PageClient.SignInAsync(fixture.App, ChallengeBoard.Operator);
        Assert.Equal(HttpStatusCode.NotFound, (await otherOperator.Http.GetAsync($"/Outcomes/Center/{_s.CenterId}?year={_s.Year}")).StatusCode);
    }
}
