using System.Net;
using Marketplace.Domain.Accreditation;
using Marketplace.Domain.Engineers;
using Microsoft.EntityFrameworkCore;
using static Marketplace.IntegrationTests.Accreditation.AccreditationDesk;

namespace Marketplace.IntegrationTests.Accreditation;

/// <summary>The studio pages as their users see them, and the demo studios each demo account has to look at.</summary>
[Collection(AppCollection.Name)]
public sealed class StudioPageTests(AppFixture fixture) : IAsyncLifetime
{
    private readonly StudioDesk _desk = new(fixture.App);

    public Task InitializeAsync()
    {
        _desk.StartInThePast();
        return Task.CompletedTask;
    }

    public async Task DisposeAsync()
    {
        fixture.App.Clock.Reset();
        await _desk.CleanUpAsync();
    }

    [Fact]
    public async Task The_public_notice_page_opens_without_signing_in_and_takes_an_anonymous_objection()
    {
        var (id, _, end) = await _desk.UnderNoticeAsync("公示页");
        var page = await PageClient.AnonymousAsync(fixture.App);
        var html = await page.GetPageAsync($"/Studios/Notice/{id}");
        Assert.Contains("公示页重工装备有限公司", html, StringComparison.Ordinal);
        Assert.Contains($"{_desk.Today:yyyy-MM-dd} – {end:yyyy-MM-dd}", html, StringComparison.Ordinal);
        Assert.Contains("data-testid=\"objection-form\"", html, StringComparison.Ordinal);

        // Empty content is refused on the page, and nothing is lodged.
        var empty = await page.PostFormAsync($"/Studios/Notice/{id}", $"/Studios/Notice/{id}", [("Input.Content", "")]);
        Assert.Equal(HttpStatusCode.OK, empty.StatusCode);
        Assert.Contains("异议内容", await empty.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Empty(await fixture.App.WithDbAsync(db => db.MentoringStudios.AsNoTracking().Where(s => s.Id == id).Select(s => s.Objections).FirstAsync()));

        var lodged = await page.PostAndFollowAsync($"/Studios/Notice/{id}", $"/Studios/Notice/{id}", [("Input.Content", "带培场地实为租用且未续租。")]);
        Assert.Contains("异议已提交", lodged, StringComparison.Ordinal);
        var objection = Assert.Single(await fixture.App.WithDbAsync(db => db.MentoringStudios.AsNoTracking().Where(s => s.Id == id).Select(s => s.Objections).FirstAsync()));
        Assert.Null(objection.LodgedByUserId);
        Assert.Equal("", objection.ContactName);

        // A studio never put on notice has no public page.
        var (draftOnly, _) = await _desk.SubmittedAsync("未公示");
        Assert.Equal(HttpStatusCode.NotFound, (await page.Http.GetAsync($"/Studios/Notice/{draftOnly}")).StatusCode);
    }

    [Fact]
    public async Task The_form_page_draws_the_seeds_sections_and_refuses_a_bad_postcode_without_writing()
    {
        var page = await PageClient.SignInAsync(fixture.App, ChallengeBoard.Company);
        var html = await page.GetPageAsync("/Studios/Apply");
        foreach (var section in StudioDesk.Programme.FormSections)
        {
            Assert.Contains(section.Name, html, StringComparison.Ordinal);
        }

        Assert.Contains("带培目标任务", html, StringComparison.Ordinal);
        Assert.Contains("data-testid=\"m-foundation.targets-year3-professor-senior\"", html, StringComparison.Ordinal);

        var (organization, applicant) = await _desk.NewEnterpriseAsync("表单页");
        var enterprise = await PageClient.SignInAsync(fixture.App, applicant);
        var refused = await enterprise.PostFormAsync("/Studios/Apply", "/Studios/Apply?handler=Save",
            [("f|basic.unitName", "表单页重工装备有限公司"), ("f|basic.postcode", "41A"), ("m|foundation.targets|year1.senior", "3")]);
        Assert.Equal(HttpStatusCode.OK, refused.StatusCode);
        var text = await refused.Content.ReadAsStringAsync();
        Assert.Contains("邮编", text, StringComparison.Ordinal);
        Assert.Contains("value=\"表单页重工装备有限公司\"", text, StringComparison.Ordinal);
        Assert.Equal(0, await fixture.App.WithDbAsync(db => db.MentoringStudios.CountAsync(s => s.ApplicantOrganizationId == organization)));

        var saved = await enterprise.PostFormAsync("/Studios/Apply", "/Studios/Apply?handler=Save",
            [("f|basic.unitName", "表单页重工装备有限公司"), ("f|basic.postcode", "410000"), ("m|foundation.targets|year1.senior", "3"),
             ("r|basic.partners|0|name", "中南大学"), ("r|basic.partners|0|nature", "高校")]);
        Assert.Equal(HttpStatusCode.Redirect, saved.StatusCode);
        var studio = await fixture.App.WithDbAsync(db => db.MentoringStudios.AsNoTracking().SingleAsync(s => s.ApplicantOrganizationId == organization));
        Assert.Equal(StudioStatus.Draft, studio.Status);
        Assert.Equal(3, studio.Form.Cell(StudioFormRules.TargetsTable, "year1", "senior"));
        Assert.Equal("中南大学", studio.Form.RowsOf("basic.partners")[0]["name"]);
    }

    [Fact]
    public async Task The_city_signs_hr_on_the_page_and_the_lifecycle_page_shows_cycle_ledger_chart_and_targets()
    {
        var (id, applicant) = await _desk.SubmittedAsync("页面初审");
        var city = await PageClient.SignInAsync(fixture.App, City);
        var queue = await city.GetPageAsync("/Studios");
        Assert.Contains("页面初审重工装备有限公司", queue, StringComparison.Ordinal);
        var signed = await city.PostAndFollowAsync($"/Studios/Details/{id}", $"/Studios/Details/{id}?handler=City",
            [("Step.Version", StepVersion(await city.GetPageAsync($"/Studios/Details/{id}"))), ("Step.Desk", "HumanResources"), ("Step.Approve", "true"), ("Step.Opinion", "页面签署")]);
        Assert.Contains("data-testid=\"signed-HumanResources\"", signed, StringComparison.Ordinal);
        Assert.Contains("data-testid=\"city-form-Finance\"", signed, StringComparison.Ordinal);

        var (recognized, owner, _) = await _desk.RecognizedAsync("页面台账");
        await _desk.Board.Post(owner, $"/api/studios/applications/{recognized}/fund/entries",
            new { category = "equipment", spentOn = _desk.Today, amount = 50_000m, note = "实训设备" });
        var enterprise = await PageClient.SignInAsync(fixture.App, owner);
        var html = await enterprise.GetPageAsync($"/Studios/Details/{recognized}");
        Assert.Contains("data-testid=\"fund-ledger\"", html, StringComparison.Ordinal);
        Assert.Contains("¥150,000.00", html, StringComparison.Ordinal);
        Assert.Contains("<svg", html, StringComparison.Ordinal);
        Assert.Contains("data-testid=\"studio-spending\"", html, StringComparison.Ordinal);
        Assert.Contains("data-testid=\"targets\"", html, StringComparison.Ordinal);
        Assert.Contains("data-testid=\"reevaluation-due\"", html, StringComparison.Ordinal);
        Assert.DoesNotContain("<script>", html, StringComparison.Ordinal);
        Assert.Contains("data-testid=\"spend-form\"", html, StringComparison.Ordinal);
        _ = applicant;
    }

    [Fact]
    public async Task The_province_and_an_expert_take_every_step_on_the_pages_through_recognition_spending_and_revocation()
    {
        var (id, applicant) = await _desk.SubmittedAsync("页面全程");
        await _desk.CityApprovesAsync(id);
        var (expert, expertEmail) = await _desk.Accreditation.NewExpertAsync("页面专家");
        var url = $"/Studios/Details/{id}";

        var province = await PageClient.SignInAsync(fixture.App, Province);
        var assign = await province.GetPageAsync(url);
        Assert.Contains($"value=\"{expert}\"", assign, StringComparison.Ordinal);
        await province.PostAndFollowAsync(url, url + "?handler=Experts", [("Step.Version", StepVersion(assign)), ("Step.ExpertUserIds", expert.ToString())]);

        var reviewer = await PageClient.SignInAsync(fixture.App, expertEmail);
        var expertPage = await reviewer.PostAndFollowAsync(url, url + "?handler=Opinion", [("Step.Approve", "true"), ("Step.Opinion", "页面上提交的认定意见")]);
        Assert.Contains("页面上提交的认定意见", expertPage, StringComparison.Ordinal);

        var selected = await province.PostAndFollowAsync(url, url + "?handler=Select", [("Step.Version", StepVersion(await province.GetPageAsync(url))), ("Step.Approve", "true")]);
        Assert.Contains("data-testid=\"publish-notice\"", selected, StringComparison.Ordinal);
        var noticed = await province.PostAndFollowAsync(url, url + "?handler=Notice",
            [("Step.Version", StepVersion(selected)), ("Step.Date", $"{_desk.Today:yyyy-MM-dd}")]);
        Assert.Contains("2026-03-06", noticed, StringComparison.Ordinal);

        // Recognition before the notice ends is refused on the page, with the reason.
        var early = await province.PostFormAsync(url, url + "?handler=Recognize", [("Step.Version", StepVersion(noticed)), ("Step.DocumentNumber", "湘人社函〔2026〕77号"), ("Step.Date", $"{_desk.Today:yyyy-MM-dd}")]);
        Assert.Equal(HttpStatusCode.OK, early.StatusCode);
        Assert.Contains("公示期", await early.Content.ReadAsStringAsync(), StringComparison.Ordinal);

        _desk.MoveTo(new DateOnly(2026, 3, 9));
        province = await PageClient.SignInAsync(fixture.App, Province);
        var recognized = await province.PostAndFollowAsync(url, url + "?handler=Recognize",
            [("Step.Version", StepVersion(await province.GetPageAsync(url))), ("Step.DocumentNumber", "湘人社函〔2026〕77号"), ("Step.Date", "2026-03-09")]);
        Assert.Contains("湘人社函〔2026〕77号", recognized, StringComparison.Ordinal);
        Assert.Contains("2029-03-08", recognized, StringComparison.Ordinal);

        var enterprise = await PageClient.SignInAsync(fixture.App, applicant);
        using (var spend = new MultipartFormDataContent
        {
            { new StringContent(StepVersion(await enterprise.GetPageAsync(url))), "Step.Version" },
            { new StringContent("rnd"), "Step.Category" },
            { new StringContent("2026-03-09"), "Step.Date" },
            { new StringContent("12345.60"), "Step.Amount" },
            { new StringContent("工艺攻关试制"), "Step.Note" },
            { new ByteArrayContent(StudioDesk.Pdf), "voucher", "发票.pdf" },
        })
        {
            var spent = await enterprise.PostMultipartAsync(url, url + "?handler=Spend", spend);
            Assert.Equal(HttpStatusCode.Redirect, spent.StatusCode);
        }

        var ledger = await enterprise.GetPageAsync(url);
        Assert.Contains("工艺攻关试制", ledger, StringComparison.Ordinal);
        Assert.Contains("¥187,654.40", ledger, StringComparison.Ordinal);
        Assert.Contains($"/api/studios/applications/{id}/files/", ledger, StringComparison.Ordinal);

        var revoked = await province.PostAndFollowAsync(url, url + "?handler=Revoke", [("Step.Version", StepVersion(await province.GetPageAsync(url))), ("Step.Reason", "页面撤销：违反相关规定")]);
        Assert.Contains("data-testid=\"recovered\">¥187,654.40", revoked, StringComparison.Ordinal);
    }

    private static string StepVersion(string html) =>
        System.Text.RegularExpressions.Regex.Match(html, "name=\"Step.Version\" value=\"([0-9]+)\"").Groups[1].Value;

    [Fact]
    public async Task Demo_data_gives_each_account_a_studio_to_act_on()
    {
        // Other classes add and remove their own studios; the demo ones belong to generated enterprises and stay.
        var demo = await fixture.App.WithDbAsync(async db => await db.MentoringStudios.AsNoTracking()
            .Where(s => !db.Users.Any(u => u.OrganizationId == s.ApplicantOrganizationId && u.Email!.EndsWith("@test.cn")))
            .ToListAsync());
        var expertId = await fixture.App.WithDbAsync(db => db.Users.Where(u => u.Email == ChallengeBoard.Expert).Select(u => u.Id).FirstAsync());

        Assert.Contains(demo, s => s.Status == StudioStatus.Submitted && s.RegionCode.StartsWith("4301", StringComparison.Ordinal)
            && s.HasSignedOff(CityDesk.HumanResources) && !s.HasSignedOff(CityDesk.Finance));
        Assert.Contains(demo, s => s.Status == StudioStatus.ExpertReview && s.IsAssigned(expertId));
        Assert.Contains(demo, s => s.Status == StudioStatus.UnderNotice);
        var recognized = demo.Where(s => s.Status == StudioStatus.Recognized).ToList();
        Assert.True(recognized.Count >= 2);
        Assert.All(recognized, s => Assert.NotEmpty(s.FundEntries));
        Assert.All(recognized, s => Assert.True(s.FundBalanceYuan is >= 0 and < 200_000m));
        var revoked = Assert.Single(demo, s => s.Status == StudioStatus.Revoked);
        Assert.Equal(revoked.FundBalanceYuan, revoked.RecoveredYuan);
        Assert.NotNull(revoked.RevocationReason);

        // Every demo host holds a verified 正高级工程师 credential; the demo company owns a recognized studio.
        var hosts = demo.Select(s => s.HostEngineerId!.Value).Distinct().ToList();
        var verified = await fixture.App.WithDbAsync(db => db.EngineerCredentials
            .Where(c => hosts.Contains(c.EngineerId) && c.Kind == CredentialKind.ProfessionalTitle && c.Status == CredentialStatus.Verified && c.Name.Contains("正高级工程师"))
            .Select(c => c.EngineerId).Distinct().CountAsync());
        Assert.Equal(hosts.Count, verified);
        var company = await PageClient.SignInAsync(fixture.App, ChallengeBoard.Company);
        var mine = await company.GetPageAsync("/Studios");
        Assert.Contains("已认定（建设中）", mine, StringComparison.Ordinal);
        var province = await PageClient.SignInAsync(fixture.App, Province);
        var progress = await province.GetPageAsync("/Studios");
        Assert.Contains("data-testid=\"studio-progress\"", progress, StringComparison.Ordinal);
        // The trainee targets are counted from the demo studios' training records, so every row has a current figure.
        Assert.Contains("data-testid=\"progress-current-senior-engineers\"", progress, StringComparison.Ordinal);
        Assert.Contains("data-testid=\"progress-current-knowledge-update\"", progress, StringComparison.Ordinal);
        Assert.DoesNotContain("待带培记录接入后统计", progress, StringComparison.Ordinal);

        // The authority's dashboard carries the studio programme's progress and its training breakdown.
        var dashboard = await province.GetPageAsync("/Accreditation/Dashboard");
        Assert.Contains("data-testid=\"studio-progress\"", dashboard, StringComparison.Ordinal);
        Assert.Contains("data-testid=\"training-progress\"", dashboard, StringComparison.Ordinal);
    }
}
