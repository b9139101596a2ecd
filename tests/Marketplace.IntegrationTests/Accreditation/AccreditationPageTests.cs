using System.Net;
using System.Net.Http.Headers;
using System.Text.RegularExpressions;
using Marketplace.Domain.Accreditation;
using Marketplace.Infrastructure.ReferenceData;
using Microsoft.EntityFrameworkCore;
using static Marketplace.IntegrationTests.Accreditation.AccreditationDesk;

namespace Marketplace.IntegrationTests.Accreditation;

/// <summary>
/// The accreditation pages (zh-CN) over the demo data and over rounds the test drives itself: each party's queue, the
/// applicant's form (draft, validation next to the fields, evidence upload, submit, return and resubmit), the expert's
/// sheet, the province's ranking, the public notice without signing in, and the pages refused to other roles.
/// </summary>
[Collection(AppCollection.Name)]
public sealed partial class AccreditationPageTests(AppFixture fixture) : IAsyncLifetime
{
    private static readonly byte[] Png = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0, 0, 0, 0x0D, 0x49, 0x48, 0x44, 0x52];

    private readonly AccreditationDesk _desk = new(fixture.App);

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync() => await _desk.CleanUpAsync();

    [Fact]
    public async Task Each_party_sees_its_own_work_from_the_demo_data()
    {
        var city = await PageClient.SignInAsync(fixture.App, City);
        var cityQueue = await city.GetPageAsync("/Accreditation/Queue");
        Assert.Contains("data-testid=\"application\"", cityQueue, StringComparison.Ordinal);
        Assert.Contains(CenterApplication.StatusName(CenterApplicationStatus.Submitted), cityQueue, StringComparison.Ordinal);
        Assert.DoesNotContain(CenterApplication.StatusName(CenterApplicationStatus.ExpertReview), cityQueue, StringComparison.Ordinal);
        Assert.Contains("data-testid=\"nav-accreditation-queue\"", cityQueue, StringComparison.Ordinal);

        var province = await PageClient.SignInAsync(fixture.App, Province);
        var provinceQueue = await province.GetPageAsync("/Accreditation/Queue");
        Assert.Contains(CenterApplication.StatusName(CenterApplicationStatus.ExpertReview), provinceQueue, StringComparison.Ordinal);
        Assert.Contains(CenterApplication.StatusName(CenterApplicationStatus.UnderNotice), provinceQueue, StringComparison.Ordinal);
        var rounds = await province.GetPageAsync("/Accreditation");
        Assert.Contains("data-testid=\"open-round\"", rounds, StringComparison.Ordinal);
        Assert.Contains("（第二批）", rounds, StringComparison.Ordinal);

        var expert = await PageClient.SignInAsync(fixture.App, "expert@demo.cn");
        var assignments = await expert.GetPageAsync("/Accreditation/Assignments");
        Assert.Contains("未提交", assignments, StringComparison.Ordinal);
        Assert.Contains("已提交", assignments, StringComparison.Ordinal);

        var applicant = await PageClient.SignInAsync(fixture.App, "applicant@demo.cn");
        var mine = await applicant.GetPageAsync("/Accreditation/Mine");
        Assert.Contains(CenterApplication.StatusName(CenterApplicationStatus.Draft), mine, StringComparison.Ordinal);
        Assert.Contains("湖南工程机械职业学院", mine, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("company@demo.cn", "/Accreditation/Queue")]
    [InlineData("engineer@demo.cn", "/Accreditation/Queue")]
    [InlineData("expert@demo.cn", "/Accreditation/Queue")]
    [InlineData("applicant@demo.cn", "/Accreditation/Queue")]
    [InlineData("company@demo.cn", "/Accreditation/Assignments")]
    [InlineData("city@demo.cn", "/Accreditation/Ranking/{round}")]
    [InlineData("expert@demo.cn", "/Accreditation/Ranking/{round}")]
    public async Task Authority_and_expert_pages_are_refused_to_other_accounts(string email, string url)
    {
        var round = await fixture.App.WithDbAsync(db => db.AccreditationRounds.Where(r => r.Status == RoundStatus.Reviewing).Select(r => r.Id).FirstAsync());
        var page = await PageClient.SignInAsync(fixture.App, email);
        var response = await page.Http.GetAsync(url.Replace("{round}", round.ToString(), StringComparison.Ordinal));
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Contains("AccessDenied", response.Headers.Location!.OriginalString, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_province_ranking_shows_means_bonus_total_veto_and_scoring_progress()
    {
        var round = await fixture.App.WithDbAsync(db => db.AccreditationRounds.Where(r => r.Status == RoundStatus.Reviewing && r.Name.Contains("第二批")).Select(r => r.Id).FirstAsync());
        var province = await PageClient.SignInAsync(fixture.App, Province);
        var html = await province.GetPageAsync($"/Accreditation/Ranking/{round}");
        Assert.Equal(3, RankingRow().Count(html));
        Assert.Contains("不合格", html, StringComparison.Ordinal);
        Assert.Contains(">1/1<", html, StringComparison.Ordinal);
        Assert.Contains(">0/1<", html, StringComparison.Ordinal); // the one still with expert@demo.cn
        foreach (var primary in AccreditationDesk.Rubric.Primaries)
        {
            Assert.Contains(primary.Name, html, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task An_applicant_saves_a_draft_sees_what_blocks_submission_next_to_the_fields_uploads_evidence_and_submits()
    {
        var roundId = (await _desk.OpenRoundAsync("页面申报轮次")).GetProperty("id").GetGuid();
        var (_, email) = await _desk.NewApplicantAsync("页面申报");
        var applicant = await PageClient.SignInAsync(fixture.App, email);

        var started = await applicant.PostFormAsync("/Accreditation", "/Accreditation?handler=Start", [("RoundId", roundId.ToString())]);
        Assert.Equal(HttpStatusCode.Redirect, started.StatusCode);
        var url = started.Headers.Location!.OriginalString;
        Assert.StartsWith("/Accreditation/Application/", url, StringComparison.Ordinal);

        // A draft with two conditions left unmet and no plan saves; its self-assessment total is the server's sum.
        var saved = await applicant.PostAndFollowAsync(url, url + "?handler=Save", Fields(await VersionAsync(applicant, url), skip: 2, plan: ""));
        Assert.Contains("申报书已保存为草稿", saved, StringComparison.Ordinal);
        Assert.Contains($"自评合计 {AccreditationDesk.Rubric.Secondaries.Sum(s => s.MaxPoints):0.##} / 100 分", saved, StringComparison.Ordinal);

        // Submitting it is refused: the rule in the summary, and each incomplete condition marked where it is.
        var refused = await applicant.PostFormAsync(url, url + "?handler=Submit", Fields(await VersionAsync(applicant, url), skip: 2, plan: ""));
        Assert.Equal(HttpStatusCode.OK, refused.StatusCode);
        var refusedHtml = await refused.Content.ReadAsStringAsync();
        Assert.Contains("第七条全部基本条件", PageClient.ErrorsOf(refusedHtml), StringComparison.Ordinal);
        Assert.Equal(2, FieldError().Matches(refusedHtml).Count(m => m.Groups[1].Value.Contains("请确认满足该条件", StringComparison.Ordinal)));
        Assert.Equal(CenterApplicationStatus.Draft, await StatusAsync(url));

        // An evidence file goes up with the form: the wrong type is refused next to its input, a PNG is cited.
        using (var bad = Multipart(await VersionAsync(applicant, url), "notes.txt", "text/plain"u8.ToArray(), "text/plain"))
        {
            var badResponse = await applicant.PostMultipartAsync(url, url + "?handler=Save", bad);
            Assert.Equal(HttpStatusCode.OK, badResponse.StatusCode);
            Assert.NotEmpty(PageClient.ErrorsOf(await badResponse.Content.ReadAsStringAsync()));
        }

        using (var good = Multipart(await VersionAsync(applicant, url), "营业执照.png", Png, "image/png"))
        {
            var goodResponse = await applicant.PostMultipartAsync(url, url + "?handler=Save", good);
            Assert.Equal(HttpStatusCode.Redirect, goodResponse.StatusCode);
        }

        var withFile = await applicant.GetPageAsync(url);
        Assert.Contains("营业执照.png", withFile, StringComparison.Ordinal);
        Assert.Contains("file:", withFile, StringComparison.Ordinal);

        // Complete, it goes to the city bureau.
        var submitted = await applicant.PostAndFollowAsync(url, url + "?handler=Submit", Fields(await VersionAsync(applicant, url), skip: 0, plan: "建设协同创新平台与中试基地。", keepEvidence: withFile));
        Assert.Contains("申报已提交", submitted, StringComparison.Ordinal);
        Assert.Equal(CenterApplicationStatus.Submitted, await StatusAsync(url));
        Assert.Contains("营业执照.png", submitted, StringComparison.Ordinal);

        // The city returns it (a return without reasons is refused next to the field), the applicant reads why and resubmits.
        var city = await PageClient.SignInAsync(fixture.App, City);
        var queue = await city.GetPageAsync("/Accreditation/Queue");
        Assert.Contains("页面申报工程师协同创新中心申报单位", queue, StringComparison.Ordinal);
        var cityVersion = PageClient.VersionOn(await city.GetPageAsync(url));
        var noReason = await city.PostFormAsync(url, url + "?handler=Return", [("Form.Version", cityVersion), ("Form.Reason", "")]);
        Assert.Equal(HttpStatusCode.OK, noReason.StatusCode);
        Assert.Contains("退回申报时请写明理由", await noReason.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(CenterApplicationStatus.Submitted, await StatusAsync(url));
        await city.PostAndFollowAsync(url, url + "?handler=Return", [("Form.Version", cityVersion), ("Form.Reason", "请补充经费保障措施。")]);

        var returned = await applicant.GetPageAsync(url);
        Assert.Contains("请补充经费保障措施。", returned, StringComparison.Ordinal);
        Assert.Contains("data-testid=\"application-form\"", returned, StringComparison.Ordinal);
        var resubmitted = await applicant.PostAndFollowAsync(url, url + "?handler=Submit",
            Fields(await VersionAsync(applicant, url), skip: 0, plan: "建设协同创新平台与中试基地；经费由学校专项列支。", keepEvidence: returned));
        Assert.Contains("申报已提交", resubmitted, StringComparison.Ordinal);

        // The same version again: someone already acted, the page says so and nothing changes.
        var stale = await city.PostFormAsync(url, url + "?handler=Recommend", [("Form.Version", cityVersion), ("Form.Reason", "")]);
        Assert.Equal(HttpStatusCode.OK, stale.StatusCode);
        Assert.NotEmpty(PageClient.ErrorsOf(await stale.Content.ReadAsStringAsync()));
        Assert.Equal(CenterApplicationStatus.Submitted, await StatusAsync(url));
    }

    [Fact]
    public async Task An_expert_sheet_refuses_a_mark_out_of_bounds_then_submits_and_the_ranking_ranks_it()
    {
        var (expertId, expertEmail) = await _desk.NewExpertAsync("页面评分专家");
        var (roundId, ids) = await _desk.InExpertReviewAsync("页面评分", 1, [expertId]);
        var url = $"/Accreditation/Sheet/{ids[0]}";
        var expert = await PageClient.SignInAsync(fixture.App, expertEmail);
        var sheet = await expert.GetPageAsync(url);
        Assert.Contains("0–" + AccreditationDesk.Rubric.Secondaries[0].MaxPoints.ToString("0.##", System.Globalization.CultureInfo.InvariantCulture), sheet, StringComparison.Ordinal);
        Assert.Contains($"最高 {AccreditationDesk.Rubric.BonusCap:0.##} 分", sheet, StringComparison.Ordinal);

        var tooHigh = await expert.PostFormAsync(url, url + "?handler=Save", Marks(i => i == 0 ? AccreditationDesk.Rubric.Secondaries[0].MaxPoints + 1 : 1));
        Assert.Equal(HttpStatusCode.OK, tooHigh.StatusCode);
        var tooHighHtml = await tooHigh.Content.ReadAsStringAsync();
        Assert.Contains($"得分应在 0 到 {AccreditationDesk.Rubric.Secondaries[0].MaxPoints:0.##} 分之间", PageClient.ErrorsOf(tooHighHtml), StringComparison.Ordinal);
        Assert.Contains(FieldError().Matches(tooHighHtml), m => m.Groups[1].Value.StartsWith("得分应在 0 到", StringComparison.Ordinal));
        Assert.False(await fixture.App.WithDbAsync(db => db.ScoreSheets.AnyAsync(s => s.ApplicationId == ids[0])));

        var done = await expert.PostAndFollowAsync(url, url + "?handler=Submit", Marks(i => Math.Max(0, AccreditationDesk.Rubric.Secondaries[i].MaxPoints - 1)));
        Assert.Contains("评分表已提交", done, StringComparison.Ordinal);
        Assert.Contains("data-testid=\"sheet-submitted\"", done, StringComparison.Ordinal);
        Assert.DoesNotContain("data-testid=\"sheet-submit\"", done, StringComparison.Ordinal);

        var expected = AccreditationDesk.Rubric.Secondaries.Sum(s => Math.Max(0, s.MaxPoints - 1));
        var province = await PageClient.SignInAsync(fixture.App, Province);
        var ranking = await province.GetPageAsync($"/Accreditation/Ranking/{roundId}");
        Assert.Contains($"<strong>{expected:0.00}</strong>", ranking, StringComparison.Ordinal);
        Assert.Contains(">1/1<", ranking, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_public_notice_is_read_without_signing_in_with_its_working_day_end_and_takes_an_anonymous_objection()
    {
        var round = await fixture.App.WithDbAsync(db => db.AccreditationRounds.AsNoTracking().FirstAsync(r => r.Status == RoundStatus.Noticed));
        var expectedEnd = AccreditationDataLoader.ReadCalendar().NoticeEnd(round.NoticeStart!.Value);
        Assert.Equal(HolidayFile.NoticeEnd(round.NoticeStart!.Value), expectedEnd);

        var anonymous = await PageClient.AnonymousAsync(fixture.App);
        var url = $"/Notices/{round.Id}";
        var html = await anonymous.GetPageAsync(url);
        Assert.Contains($"data-testid=\"notice-end\">{expectedEnd:yyyy-MM-dd}<", html, StringComparison.Ordinal);
        Assert.Contains($"data-testid=\"notice-start\">{round.NoticeStart:yyyy-MM-dd}<", html, StringComparison.Ordinal);
        Assert.Equal(2, NoticeCenter().Count(html));

        var application = await fixture.App.WithDbAsync(db => db.CenterApplications.Where(a => a.RoundId == round.Id && a.Status == CenterApplicationStatus.UnderNotice).Select(a => a.Id).FirstAsync());
        var missing = await anonymous.PostFormAsync(url, url, [("Form.ApplicationId", application.ToString()), ("Form.ContactName", "群众"), ("Form.Contact", ""), ("Form.Content", "该单位的工程师人数与实际不符。")]);
        Assert.Equal(HttpStatusCode.OK, missing.StatusCode);
        Assert.Contains("联系方式", PageClient.ErrorsOf(await missing.Content.ReadAsStringAsync()), StringComparison.Ordinal);

        var lodged = await anonymous.PostAndFollowAsync(url, url, [("Form.ApplicationId", application.ToString()), ("Form.ContactName", "群众"), ("Form.Contact", "0731-88888888"), ("Form.Content", "该单位的工程师人数与实际不符。")]);
        Assert.Contains("异议已提交", lodged, StringComparison.Ordinal);
        var objection = (await fixture.App.WithDbAsync(db => db.CenterApplications.AsNoTracking().FirstAsync(a => a.Id == application))).Objections;
        Assert.Contains(objection, o => o.Contact == "0731-88888888" && o.LodgedByUserId == null);

        // The province sees it on the application with the audit trail, and dismisses it.
        var province = await PageClient.SignInAsync(fixture.App, Province);
        var appUrl = $"/Accreditation/Application/{application}";
        var page = await province.GetPageAsync(appUrl);
        Assert.Contains("0731-88888888", page, StringComparison.Ordinal);
        Assert.Contains("data-testid=\"audit\"", page, StringComparison.Ordinal);
        Assert.Contains("市州推荐", page, StringComparison.Ordinal);
        var id = objection.First(o => o.Contact == "0731-88888888").Id;
        var resolved = await province.PostAndFollowAsync(appUrl, appUrl + "?handler=Resolve",
            [("Form.Version", PageClient.VersionOn(page)), ("Form.ObjectionId", id.ToString()), ("Form.Upheld", "false"), ("Form.Reason", "经核查，工程师人数属实。")]);
        Assert.Contains("异议已处理", resolved, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_province_accepts_and_a_conflicted_expert_is_refused_on_the_page_with_nothing_assigned()
    {
        var roundId = (await _desk.OpenRoundAsync("页面指派轮次")).GetProperty("id").GetGuid();
        var (orgId, email) = await _desk.NewApplicantAsync("页面指派");
        var id = await _desk.SubmittedAsync(email, roundId);
        await _desk.Board.Post(City, $"/api/accreditation/applications/{id}/city-recommend", new { reason = "同意推荐。" });
        await _desk.Board.Post(Province, $"/api/accreditation/rounds/{roundId}/close", new { });
        var (conflicted, _) = await _desk.NewExpertAsync("本单位专家", orgId);
        var (independent, _) = await _desk.NewExpertAsync("外单位专家");

        var province = await PageClient.SignInAsync(fixture.App, Province);
        var url = $"/Accreditation/Application/{id}";
        var accepted = await province.PostAndFollowAsync(url, url + "?handler=Accept", [("Form.Version", PageClient.VersionOn(await province.GetPageAsync(url))), ("Form.Reason", "形式审查通过。")]);
        Assert.Contains("省级审核通过", accepted, StringComparison.Ordinal);
        Assert.Contains("本单位专家", accepted, StringComparison.Ordinal);

        var version = PageClient.VersionOn(accepted);
        var refused = await province.PostFormAsync(url, url + "?handler=Assign",
            [("Form.Version", version), ("Form.ExpertUserIds", conflicted.ToString()), ("Form.ExpertUserIds", independent.ToString())]);
        Assert.Equal(HttpStatusCode.OK, refused.StatusCode);
        Assert.Contains("利益冲突", PageClient.ErrorsOf(await refused.Content.ReadAsStringAsync()), StringComparison.Ordinal);
        var unchanged = await fixture.App.WithDbAsync(db => db.CenterApplications.AsNoTracking().FirstAsync(a => a.Id == id));
        Assert.Equal(CenterApplicationStatus.ProvinceAccepted, unchanged.Status);
        Assert.Empty(unchanged.ExpertUserIds);

        var assigned = await province.PostAndFollowAsync(url, url + "?handler=Assign", [("Form.Version", version), ("Form.ExpertUserIds", independent.ToString())]);
        Assert.Contains("已指派评审专家", assigned, StringComparison.Ordinal);
        Assert.Contains("指派专家", assigned, StringComparison.Ordinal); // the audit trail's new line
        var after = await fixture.App.WithDbAsync(db => db.CenterApplications.AsNoTracking().FirstAsync(a => a.Id == id));
        Assert.Equal([independent], after.ExpertUserIds);
    }

    [Fact]
    public async Task The_province_opens_a_round_on_the_page_and_a_window_ending_before_it_starts_is_refused_next_to_the_field()
    {
        var province = await PageClient.SignInAsync(fixture.App, Province);
        const string name = "页面开启的申报轮次";
        try
        {
            var refused = await province.PostFormAsync("/Accreditation", "/Accreditation?handler=Open",
                [("Open.Name", name), ("Open.RegionCode", "430000"), ("Open.OpensAt", "2030-03-10T09:00"), ("Open.ClosesAt", "2030-03-01T17:00")]);
            Assert.Equal(HttpStatusCode.OK, refused.StatusCode);
            var html = await refused.Content.ReadAsStringAsync();
            Assert.Contains(FieldError().Matches(html), m => m.Groups[1].Value.Contains("申报截止时间必须晚于开始时间", StringComparison.Ordinal));
            Assert.False(await fixture.App.WithDbAsync(db => db.AccreditationRounds.AnyAsync(r => r.Name == name)));

            var opened = await province.PostAndFollowAsync("/Accreditation", "/Accreditation?handler=Open",
                [("Open.Name", name), ("Open.RegionCode", "430000"), ("Open.OpensAt", "2030-03-01T09:00"), ("Open.ClosesAt", "2030-03-31T17:00")]);
            Assert.Contains("已开启申报轮次：" + name, opened, StringComparison.Ordinal);
            var round = await fixture.App.WithDbAsync(db => db.AccreditationRounds.AsNoTracking().FirstAsync(r => r.Name == name));
            Assert.Equal(new DateTimeOffset(2030, 3, 31, 9, 0, 0, TimeSpan.Zero), round.ApplicationClosesAt);

            // Closed from its row; a second close with the old version is refused with the message, not an error page.
            var closed = await province.PostAndFollowAsync("/Accreditation", "/Accreditation?handler=Close", [("RoundId", round.Id.ToString()), ("Version", round.Version.ToString(System.Globalization.CultureInfo.InvariantCulture))]);
            Assert.Contains("已截止申报：" + name, closed, StringComparison.Ordinal);
            var again = await province.PostFormAsync("/Accreditation", "/Accreditation?handler=Close", [("RoundId", round.Id.ToString()), ("Version", round.Version.ToString(System.Globalization.CultureInfo.InvariantCulture))]);
            Assert.Equal(HttpStatusCode.OK, again.StatusCode);
            Assert.NotEmpty(PageClient.ErrorsOf(await again.Content.ReadAsStringAsync()));
        }
        finally
        {
            await fixture.App.WithDbAsync(db => db.AccreditationRounds.Where(r => r.Name == name).ExecuteDeleteAsync());
        }
    }

    private static IEnumerable<(string, string)> Fields(string version, int skip, string plan, string? keepEvidence = null)
    {
        yield return ("Input.Version", version);
        var conditions = Conditions.Conditions;
        for (var i = 0; i < conditions.Count; i++)
        {
            var met = i >= skip;
            yield return ($"Input.Conditions[{i}].Code", conditions[i].Code);
            yield return ($"Input.Conditions[{i}].Met", met ? "true" : "false");
            yield return ($"Input.Conditions[{i}].Explanation", met ? $"{conditions[i].Name}：已具备。" : "");
            var evidence = keepEvidence is not null && i == 0 ? EvidenceOf(keepEvidence) : "";
            yield return ($"Input.Conditions[{i}].Evidence", met ? evidence + $"\n{conditions[i].Code}-材料.pdf" : "");
        }

        yield return ("Input.ConstructionPlan", plan);
        for (var i = 0; i < AccreditationDesk.Rubric.Secondaries.Count; i++)
        {
            yield return ($"Input.Self[{i}].Code", AccreditationDesk.Rubric.Secondaries[i].Code);
            yield return ($"Input.Self[{i}].Points", AccreditationDesk.Rubric.Secondaries[i].MaxPoints.ToString(System.Globalization.CultureInfo.InvariantCulture));
        }
    }

    private static MultipartFormDataContent Multipart(string version, string fileName, byte[] content, string type)
    {
        var form = new MultipartFormDataContent();
        foreach (var (name, value) in Fields(version, skip: 0, plan: "草稿"))
        {
            form.Add(new StringContent(value), name);
        }

        var file = new ByteArrayContent(content);
        file.Headers.ContentType = new MediaTypeHeaderValue(type);
        form.Add(file, "Input.Conditions[0].File", fileName);
        return form;
    }

    private static (string, string)[] Marks(Func<int, decimal> points) =>
    [
        .. AccreditationDesk.Rubric.Secondaries.SelectMany((s, i) => new[]
        {
            ($"Input.Marks[{i}].Code", s.Code),
            ($"Input.Marks[{i}].Points", points(i).ToString(System.Globalization.CultureInfo.InvariantCulture)),
            ($"Input.Marks[{i}].Comment", $"{s.Name}：材料翔实。"),
        }),
    ];

    private static string EvidenceOf(string html)
    {
        var match = EvidenceArea().Match(html);
        return match.Success ? System.Net.WebUtility.HtmlDecode(match.Groups[1].Value) : "";
    }

    private static async Task<string> VersionAsync(PageClient page, string url) => InputVersion().Match(await page.GetPageAsync(url)).Groups[1].Value;

    private async Task<CenterApplicationStatus> StatusAsync(string url)
    {
        var id = Guid.Parse(url.Split('/').Last());
        return await fixture.App.WithDbAsync(db => db.CenterApplications.Where(a => a.Id == id).Select(a => a.Status).FirstAsync());
    }

    [GeneratedRegex("name=\"Input.Version\" value=\"([0-9]+)\"")]
    private static partial Regex InputVersion();

    [GeneratedRegex("<span class=\"field-error[^\"]*\"[^>]*>([^<]+)</span>")]
    private static partial Regex FieldError();

    [GeneratedRegex("data-testid=\"ranking-row\"")]
    private static partial Regex RankingRow();

    [GeneratedRegex("data-testid=\"notice-center\"")]
    private static partial Regex NoticeCenter();

    [GeneratedRegex("name=\"Input.Conditions\\[0\\].Evidence\" rows=\"2\" data-testid=\"condition-evidence\">([^<]*)</textarea>")]
    private static partial Regex EvidenceArea();
}
