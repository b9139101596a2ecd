using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Marketplace.Application.Accreditation;
using Marketplace.Domain.Accreditation;
using Marketplace.Web.Infrastructure;
using Mediator;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using static Marketplace.IntegrationTests.Accreditation.AccreditationDesk;

namespace Marketplace.IntegrationTests.Accreditation;

/// <summary>
/// A recognized center's life over HTTP on a real PostgreSQL: recognition starts it, the province evaluates (not before
/// the due day), rectifies, revokes; the center files reports; the sweep reminds once and flags two missing years.
/// The clock stays in the past (every date before the real today), so no demo listing's deadline is brought due.
/// </summary>
[Collection(AppCollection.Name)]
public sealed class CenterLifecycleTests(AppFixture fixture) : IAsyncLifetime
{
    private readonly AccreditationDesk _desk = new(fixture.App);
    private readonly List<Guid> _rounds = [];

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync()
    {
        fixture.App.Clock.Reset();
        await _desk.CleanUpAsync();
        await CenterSeed.CleanUpAsync(fixture.App, _rounds);
    }

    private void MoveTo(DateTimeOffset when)
    {
        fixture.App.Clock.Advance(when - fixture.App.Clock.GetUtcNow());
        _desk.Board.ForgetClients();
    }

    private static DateTimeOffset ChinaMorning(DateOnly day) => CenterSeed.ChinaMorning(day);

    private Task<(Guid CenterId, Guid OrganizationId, string Operator)> SeededCenterAsync(string tag, DateOnly recognizedOn) =>
        CenterSeed.RecognizedAsync(fixture.App, _desk, _rounds, tag, recognizedOn);

    private async Task<AccreditedCenter> StoredAsync(Guid id) =>
        await fixture.App.WithDbAsync(db => db.AccreditedCenters.AsNoTracking().FirstAsync(c => c.Id == id));

    private async Task<CenterSweepResult> SweepAsync()
    {
        await using var scope = fixture.App.Services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<IMediator>().Send(new SweepCenterLifecycle());
    }

    private async Task<List<(Guid UserId, string Kind)>> NotificationsAboutAsync(Guid centerId) =>
        await fixture.App.WithDbAsync(async db => (await db.Notifications.AsNoTracking()
                .Where(n => n.Link == $"/Accreditation/Centers/{centerId}")
                .Select(n => new { n.UserId, n.Kind })
                .ToListAsync())
            .Select(n => (n.UserId, n.Kind)).ToList());

    private async Task<Guid> UserIdAsync(string email) =>
        await fixture.App.WithDbAsync(db => db.Users.Where(u => u.Email == email).Select(u => u.Id).FirstAsync());

    [Fact]
    public async Task Recognition_starts_the_cultivation_year_an_early_evaluation_is_refused_and_a_pass_at_its_end_means_operation()
    {
        // Monday 6 January 2025, inside the holiday calendar, well before the real today.
        MoveTo(new DateTimeOffset(2025, 1, 6, 9, 0, 0, TimeSpan.FromHours(8)));
        var d = _desk;
        var (expert, expertEmail) = await d.NewExpertAsync("培育评估专家");
        var (roundId, ids) = await d.InExpertReviewAsync("培育评估", 1, [expert]);
        await d.ScoreAsync(expertEmail, ids[0], Sheet(1));
        await d.Board.Post(Province, $"/api/accreditation/rounds/{roundId}/selection", new { applicationIds = ids });
        await d.Board.Post(Province, $"/api/accreditation/rounds/{roundId}/notice", new { startDate = d.Today });
        MoveTo(fixture.App.Clock.GetUtcNow().AddDays(7));
        var recognizedOn = d.Today;
        await d.Board.Post(Province, $"/api/accreditation/applications/{ids[0]}/recognize", new { documentNumber = "湘工信人教〔2025〕3号", recognizedOn });

        // The same transaction made the center: in cultivation until a year from recognition.
        var list = await ChallengeBoard.Ok(await (await d.Board.As(Province)).GetAsync("/api/accreditation/centers?stage=Cultivation"));
        var summary = Assert.Single(list.EnumerateArray(), c => c.GetProperty("documentNumber").GetString() == "湘工信人教〔2025〕3号");
        var id = summary.GetProperty("id").GetGuid();
        var center = await ChallengeBoard.Ok(await (await d.Board.As(Province)).GetAsync($"/api/accreditation/centers/{id}"));
        Assert.Equal("Cultivation", center.GetProperty("stage").GetString());
        Assert.Equal(recognizedOn.AddYears(1).ToString("yyyy-MM-dd"), center.GetProperty("cultivationEndsOn").GetString());
        Assert.Equal(["recognized", "cultivation", "evaluation"], center.GetProperty("timeline").EnumerateArray().Select(s => s.GetProperty("key").GetString()));

        // The applicant's operator sees its center; an operator of another organization gets a 404, as does a company.
        var operatorEmail = await fixture.App.WithDbAsync(async db =>
        {
            var org = await db.CenterApplications.Where(a => a.Id == ids[0]).Select(a => a.ApplicantOrganizationId).FirstAsync();
            return await db.Users.Where(u => u.OrganizationId == org).Select(u => u.Email!).FirstAsync();
        });
        await ChallengeBoard.Ok(await (await d.Board.As(operatorEmail)).GetAsync($"/api/accreditation/centers/{id}"));
        var (_, stranger) = await d.NewApplicantAsync("旁观单位");
        await (await (await d.Board.As(stranger)).GetAsync($"/api/accreditation/centers/{id}")).AssertProblemAsync(HttpStatusCode.NotFound);
        await (await (await d.Board.As(stranger)).PostAsJsonAsync($"/api/accreditation/centers/{id}/reports", new { year = 2025, summary = "冒名提交" }))
            .AssertProblemAsync(HttpStatusCode.NotFound);
        Assert.DoesNotContain((await ChallengeBoard.Ok(await (await d.Board.As(stranger)).GetAsync("/api/accreditation/centers"))).EnumerateArray(),
            c => c.GetProperty("id").GetGuid() == id);
        await (await (await d.Board.As(ChallengeBoard.Company)).GetAsync($"/api/accreditation/centers/{id}")).AssertProblemAsync(HttpStatusCode.NotFound);

        // The day before the cultivation ends: refused, nothing written.
        MoveTo(ChinaMorning(recognizedOn.AddYears(1).AddDays(-1)));
        var before = await StoredAsync(id);
        var early = await (await (await d.Board.As(Province)).PostAsJsonAsync($"/api/accreditation/centers/{id}/evaluations",
            new { period = "Cultivation", passed = true, opinion = "提前评估" })).AssertProblemAsync(HttpStatusCode.Conflict);
        Assert.Equal("evaluation_not_due", early.GetProperty("code").GetString());
        var unchanged = await StoredAsync(id);
        Assert.Equal(before.Version, unchanged.Version);
        Assert.Equal(CenterStage.Cultivation, unchanged.Stage);
        Assert.Empty(unchanged.Evaluations);

        // The operator cannot evaluate its own center (403 from the domain).
        await (await (await d.Board.As(operatorEmail)).PostAsJsonAsync($"/api/accreditation/centers/{id}/evaluations",
            new { period = "Cultivation", passed = true, opinion = "自评合格" })).AssertProblemAsync(HttpStatusCode.Forbidden);

        MoveTo(ChinaMorning(recognizedOn.AddYears(1)));
        var passed = await d.Board.Post(Province, $"/api/accreditation/centers/{id}/evaluations",
            new { period = "Cultivation", passed = true, opinion = "培育成效明显，评估合格。", version = unchanged.Version });
        Assert.Equal("Operating", passed.GetProperty("stage").GetString());
        var audit = passed.GetProperty("audit").EnumerateArray().Last();
        Assert.Equal("评估合格", audit.GetProperty("action").GetString());
        Assert.Equal("省工信厅 · 李处长", audit.GetProperty("actorName").GetString());
        Assert.Contains("培育成效明显", audit.GetProperty("reason").GetString(), StringComparison.Ordinal);
        Assert.Contains((await NotificationsAboutAsync(id)), n => n.Kind == "accreditation.center_passed");

        // The same period twice is refused.
        var twice = await (await (await d.Board.As(Province)).PostAsJsonAsync($"/api/accreditation/centers/{id}/evaluations",
            new { period = "Cultivation", passed = false, opinion = "再评" })).AssertProblemAsync(HttpStatusCode.Conflict);
        Assert.Equal("evaluation_done", twice.GetProperty("code").GetString());
    }

    [Fact]
    public async Task A_failed_cultivation_gives_a_rectification_year_and_failing_it_again_revokes_with_the_reason()
    {
        var (id, _, operatorEmail) = await SeededCenterAsync("整改撤销", new DateOnly(2022, 6, 1));
        MoveTo(ChinaMorning(new DateOnly(2023, 6, 5)));
        var d = _desk;

        var failed = await d.Board.Post(Province, $"/api/accreditation/centers/{id}/evaluations", new { period = "Cultivation", passed = false, opinion = "协同攻关项目未按方案推进。" });
        Assert.Equal("Rectification", failed.GetProperty("stage").GetString());
        Assert.Equal("2024-06-05", failed.GetProperty("rectificationEndsOn").GetString());
        Assert.Contains("整改期", failed.GetProperty("timeline").EnumerateArray().Select(s => s.GetProperty("title").GetString()));

        var early = await (await (await d.Board.As(Province)).PostAsJsonAsync($"/api/accreditation/centers/{id}/evaluations",
            new { period = "Rectification", passed = true, opinion = "提前复评" })).AssertProblemAsync(HttpStatusCode.Conflict);
        Assert.Equal("evaluation_not_due", early.GetProperty("code").GetString());

        MoveTo(ChinaMorning(new DateOnly(2024, 6, 5)));
        var revoked = await d.Board.Post(Province, $"/api/accreditation/centers/{id}/evaluations", new { period = "Rectification", passed = false, opinion = "整改后仍未开展实质性协同活动。" });
        Assert.Equal("Revoked", revoked.GetProperty("stage").GetString());
        Assert.Equal("2024-06-05", revoked.GetProperty("revokedOn").GetString());
        Assert.Contains("整改后仍未开展实质性协同活动", revoked.GetProperty("revocationReason").GetString(), StringComparison.Ordinal);
        Assert.Equal(["发文认定", "评估不合格（整改）", "整改后评估不合格（撤销）"], revoked.GetProperty("audit").EnumerateArray().Select(a => a.GetProperty("action").GetString()));

        // Nothing after revocation: no report, no second revocation; the operator was told why.
        var report = await (await (await d.Board.As(operatorEmail)).PostAsJsonAsync($"/api/accreditation/centers/{id}/reports", new { year = 2023, summary = "补交" }))
            .AssertProblemAsync(HttpStatusCode.Conflict);
        Assert.Equal("center_revoked", report.GetProperty("code").GetString());
        await (await (await d.Board.As(Province)).PostAsJsonAsync($"/api/accreditation/centers/{id}/revoke", new { reason = "再次撤销" })).AssertProblemAsync(HttpStatusCode.Conflict);
        var operatorId = await UserIdAsync(operatorEmail);
        Assert.Contains((await NotificationsAboutAsync(id)), n => n.UserId == operatorId && n.Kind == "accreditation.center_revoked");
    }

    [Fact]
    public async Task Revocation_without_a_reason_is_a_400_that_writes_nothing_and_with_one_it_is_kept()
    {
        var (id, _, _) = await SeededCenterAsync("撤销理由", new DateOnly(2022, 6, 1));
        MoveTo(ChinaMorning(new DateOnly(2023, 3, 1)));
        var before = await StoredAsync(id);

        foreach (var body in new object[] { new { reason = "" }, new { reason = "   " }, new { } })
        {
            var problem = await (await (await _desk.Board.As(Province)).PostAsJsonAsync($"/api/accreditation/centers/{id}/revoke", body))
                .AssertProblemAsync(HttpStatusCode.BadRequest);
            Assert.Contains("理由", problem.ToString(), StringComparison.Ordinal);
        }

        var after = await StoredAsync(id);
        Assert.Equal(before.Version, after.Version);
        Assert.Equal(CenterStage.Cultivation, after.Stage);
        Assert.Null(after.RevocationReason);
        Assert.Equal(before.Audit.Count, after.Audit.Count);
        Assert.Empty(await NotificationsAboutAsync(id));

        // A city bureau is not the province (403), and a stale version is refused (409).
        await (await (await _desk.Board.As(City)).PostAsJsonAsync($"/api/accreditation/centers/{id}/revoke", new { reason = "市州撤销" })).AssertProblemAsync(HttpStatusCode.Forbidden);
        await (await (await _desk.Board.As(Province)).PostAsJsonAsync($"/api/accreditation/centers/{id}/revoke", new { reason = "过期版本", version = before.Version + 1 }))
            .AssertProblemAsync(HttpStatusCode.Conflict);

        var revoked = await _desk.Board.Post(Province, $"/api/accreditation/centers/{id}/revoke", new { reason = "发生重大安全事故（细则第十四条）。", version = before.Version });
        Assert.Equal("Revoked", revoked.GetProperty("stage").GetString());
        var stored = await StoredAsync(id);
        Assert.Equal("发生重大安全事故（细则第十四条）。", stored.RevocationReason);
        Assert.Equal("revoke", stored.Audit[^1].Action);
        Assert.Equal("发生重大安全事故（细则第十四条）。", stored.Audit[^1].Reason);
    }

    [Fact]
    public async Task Two_consecutive_years_without_a_received_report_flag_the_center_and_one_missing_year_does_not()
    {
        var (id, _, operatorEmail) = await SeededCenterAsync("年报缺报", new DateOnly(2022, 6, 1));
        var d = _desk;

        // February 2023: the 2022 report is overdue — one year missing, no flag.
        MoveTo(ChinaMorning(new DateOnly(2023, 2, 5)));
        await SweepAsync();
        var one = await ChallengeBoard.Ok(await (await d.Board.As(Province)).GetAsync($"/api/accreditation/centers/{id}"));
        Assert.False(one.GetProperty("flaggedForRevocation").GetBoolean());
        Assert.Equal([2022], one.GetProperty("missingReportYears").EnumerateArray().Select(y => y.GetInt32()));

        // The 2023 report is filed (with a file) but the province never receives it: in February 2024 both years count as missing.
        MoveTo(ChinaMorning(new DateOnly(2023, 12, 20)));
        using (var form = new MultipartFormDataContent
        {
            { new StringContent("2023"), "year" }, { new StringContent("2023年度建设运行情况报告：集聚工程师 120 名。"), "summary" },
            { new ByteArrayContent([0x25, 0x50, 0x44, 0x46, 0x2D, 0x31, 0x2E, 0x37, 0x0A]), "file", "2023年度报告.pdf" },
        })
        {
            var filed = await ChallengeBoard.Ok(await (await d.Board.As(operatorEmail)).PostAsync($"/api/accreditation/centers/{id}/reports/upload", form));
            var row = Assert.Single(filed.GetProperty("reports").EnumerateArray(), r => r.GetProperty("year").GetInt32() == 2023);
            Assert.Equal("Filed", row.GetProperty("state").GetString());
            Assert.Equal("2023年度报告.pdf", row.GetProperty("fileName").GetString());
        }

        var file = await (await d.Board.As(Province)).GetAsync($"/api/accreditation/centers/{id}/reports/2023/file");
        Assert.Equal(HttpStatusCode.OK, file.StatusCode);
        Assert.Equal("application/pdf", file.Content.Headers.ContentType?.MediaType);

        MoveTo(ChinaMorning(new DateOnly(2024, 2, 5)));
        await SweepAsync();
        var flagged = await ChallengeBoard.Ok(await (await d.Board.As(Province)).GetAsync($"/api/accreditation/centers/{id}"));
        Assert.True(flagged.GetProperty("flaggedForRevocation").GetBoolean());
        Assert.Equal([2022, 2023], flagged.GetProperty("flaggedYears").EnumerateArray().Select(y => y.GetInt32()));
        var flagLine = flagged.GetProperty("audit").EnumerateArray().Last();
        Assert.Equal("平台", flagLine.GetProperty("party").GetString());
        Assert.Contains("2022、2023", flagLine.GetProperty("reason").GetString(), StringComparison.Ordinal);

        var list = await ChallengeBoard.Ok(await (await d.Board.As(Province)).GetAsync("/api/accreditation/centers?flagged=true"));
        Assert.Contains(list.EnumerateArray(), c => c.GetProperty("id").GetGuid() == id);
        var dashboard = await ChallengeBoard.Ok(await (await d.Board.As(Province)).GetAsync("/api/accreditation/centers/dashboard"));
        Assert.Contains(dashboard.GetProperty("flagged").EnumerateArray(), c => c.GetProperty("id").GetGuid() == id);
        var flagNotes = (await NotificationsAboutAsync(id)).Count(n => n.Kind == "accreditation.flagged");
        Assert.True(flagNotes >= 2, "the operator and the provincial authority are told");

        // Receiving the 2023 report leaves one year missing: the flag is lifted; the next sweep does not raise it again.
        var received = await d.Board.Post(Province, $"/api/accreditation/centers/{id}/reports/2023/received", new { });
        Assert.False(received.GetProperty("flaggedForRevocation").GetBoolean());
        Assert.Equal("解除撤销提示", received.GetProperty("audit").EnumerateArray().Last().GetProperty("action").GetString());
        await SweepAsync();
        Assert.False((await StoredAsync(id)).FlaggedForRevocation);
        Assert.Equal(flagNotes, (await NotificationsAboutAsync(id)).Count(n => n.Kind == "accreditation.flagged"));
    }

    [Fact]
    public async Task The_sweep_raises_due_soon_and_overdue_reminders_to_the_center_and_the_province_once()
    {
        Assert.Contains(fixture.App.Services.GetServices<IHostedService>(), s => s is CenterLifecycleService);
        var (id, _, operatorEmail) = await SeededCenterAsync("到期提醒", new DateOnly(2022, 6, 1));

        // 10 May 2023: the cultivation evaluation is due on 1 June (due soon); the 2022 report was due on 31 January (overdue).
        MoveTo(ChinaMorning(new DateOnly(2023, 5, 10)));
        await SweepAsync();
        var raised = await NotificationsAboutAsync(id);
        var operatorId = await UserIdAsync(operatorEmail);
        var provinceId = await UserIdAsync(Province);
        Assert.Contains((operatorId, "accreditation.due_soon"), raised);
        Assert.Contains((operatorId, "accreditation.overdue"), raised);
        Assert.Contains((provinceId, "accreditation.due_soon"), raised);
        Assert.Contains((provinceId, "accreditation.overdue"), raised);
        Assert.Equal(2, raised.Count(n => n.UserId == operatorId));

        // Running it again raises nothing new.
        await SweepAsync();
        Assert.Equal(raised.Count, (await NotificationsAboutAsync(id)).Count);
        var stored = await StoredAsync(id);
        Assert.Equal(["evaluation:Cultivation:DueSoon", "report:2022:Overdue"], stored.RemindersSent.Order());

        // Once the evaluation goes overdue, that (new) state is raised once more.
        MoveTo(ChinaMorning(new DateOnly(2023, 6, 3)));
        await SweepAsync();
        await SweepAsync();
        var later = await NotificationsAboutAsync(id);
        Assert.Equal(3, later.Count(n => n.UserId == operatorId));
        Assert.Equal(2, later.Count(n => n.UserId == operatorId && n.Kind == "accreditation.overdue"));

        var dashboard = await ChallengeBoard.Ok(await (await _desk.Board.As(Province)).GetAsync("/api/accreditation/centers/dashboard"));
        var overdue = dashboard.GetProperty("overdue").EnumerateArray().Where(i => i.GetProperty("centerId").GetGuid() == id).Select(i => i.GetProperty("label").GetString()).ToList();
        Assert.Contains("培育期满评估", overdue);
        Assert.Contains("2022年度建设运行情况报告", overdue);
    }

    [Fact]
    public async Task The_center_files_a_report_the_province_receives_it_and_bad_input_is_a_problem()
    {
        var (id, _, operatorEmail) = await SeededCenterAsync("年报接收", new DateOnly(2022, 6, 1));
        MoveTo(ChinaMorning(new DateOnly(2023, 1, 10)));
        var d = _desk;

        var invalid = await (await (await d.Board.As(operatorEmail)).PostAsJsonAsync($"/api/accreditation/centers/{id}/reports", new { year = 2022, summary = "" }))
            .AssertProblemAsync(HttpStatusCode.BadRequest);
        Assert.True(invalid.GetProperty("errors").TryGetProperty("summary", out _));
        var future = await (await (await d.Board.As(operatorEmail)).PostAsJsonAsync($"/api/accreditation/centers/{id}/reports", new { year = 2024, summary = "未来年度" }))
            .AssertProblemAsync(HttpStatusCode.BadRequest);
        Assert.Equal("report_year_invalid", future.GetProperty("code").GetString());

        var filed = await d.Board.Post(operatorEmail, $"/api/accreditation/centers/{id}/reports", new { year = 2022, summary = "2022年度：集聚工程师 80 名，服务企业 35 家。" });
        Assert.Equal("Filed", filed.GetProperty("reports").EnumerateArray().First().GetProperty("state").GetString());
        Assert.Contains((await NotificationsAboutAsync(id)), n => n.Kind == "accreditation.report_filed");

        await (await (await d.Board.As(operatorEmail)).PostAsJsonAsync($"/api/accreditation/centers/{id}/reports/2022/received", new { })).AssertProblemAsync(HttpStatusCode.Forbidden);
        var received = await d.Board.Post(Province, $"/api/accreditation/centers/{id}/reports/2022/received", new { });
        var row = received.GetProperty("reports").EnumerateArray().First();
        Assert.Equal("Received", row.GetProperty("state").GetString());
        Assert.Equal(JsonValueKind.String, row.GetProperty("receivedAt").ValueKind);
        Assert.Equal("接收年度报告", received.GetProperty("audit").EnumerateArray().Last().GetProperty("action").GetString());
        var again = await (await (await d.Board.As(operatorEmail)).PostAsJsonAsync($"/api/accreditation/centers/{id}/reports", new { year = 2022, summary = "改稿" }))
            .AssertProblemAsync(HttpStatusCode.Conflict);
        Assert.Equal("report_received", again.GetProperty("code").GetString());
    }
}
