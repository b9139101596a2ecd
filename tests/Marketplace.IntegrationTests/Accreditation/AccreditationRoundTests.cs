using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Marketplace.Domain.Accreditation;
using Microsoft.EntityFrameworkCore;
using static Marketplace.IntegrationTests.Accreditation.AccreditationDesk;

namespace Marketplace.IntegrationTests.Accreditation;

/// <summary>
/// A whole round through the API, every party with its own account: application → city → province → experts →
/// aggregation and ranking (totals checked against figures worked out by hand) → selection → 公示 → objection →
/// recognition, with the notifications and the audit trail each step leaves.
/// </summary>
[Collection(AppCollection.Name)]
public sealed class AccreditationRoundTests(AppFixture fixture) : IAsyncLifetime
{
    private readonly AccreditationDesk _desk = new(fixture.App);

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
    public async Task A_round_runs_from_application_to_recognition_with_hand_checked_totals_and_a_full_audit_trail()
    {
        var d = _desk;
        var b = d.Board;

        // Three experts; the round drops the highest and lowest mark from 3 experts, so every column is its median.
        var experts = new List<(Guid Id, string Email)>();
        for (var i = 0; i < 3; i++)
        {
            experts.Add(await d.NewExpertAsync($"全流程专家{i}"));
        }

        var round = await d.OpenRoundAsync("2026 年度全流程测试轮次", trimMinExperts: 3, trimEachSide: 1);
        var roundId = round.GetProperty("id").GetGuid();
        Assert.True(round.GetProperty("acceptingApplications").GetBoolean());

        var (_, applicantA) = await d.NewApplicantAsync("全流程甲");
        var (_, applicantB) = await d.NewApplicantAsync("全流程乙");
        var (_, applicantC) = await d.NewApplicantAsync("全流程丙");
        var a = await d.SubmittedAsync(applicantA, roundId);
        var bApp = await d.SubmittedAsync(applicantB, roundId);
        var c = await d.SubmittedAsync(applicantC, roundId);

        // The city returns C with reasons; C amends and submits again while the round is open; then all are recommended.
        var returned = await b.Post(City, $"/api/accreditation/applications/{c}/city-return", new { reason = "佐证材料中的租赁合同已过期，请更新。" });
        Assert.Equal("ReturnedByCity", returned.GetProperty("status").GetString());
        var inboxC = await b.Get(applicantC, "/api/notifications?size=50");
        Assert.Contains(inboxC.GetProperty("page").GetProperty("items").EnumerateArray(), n => n.GetProperty("kind").GetString() == "accreditation.city_returned");
        await b.Put(applicantC, $"/api/accreditation/applications/{c}", Content());
        await b.Post(applicantC, $"/api/accreditation/applications/{c}/submit", new { });
        foreach (var id in new[] { a, bApp, c })
        {
            await b.Post(City, $"/api/accreditation/applications/{id}/city-recommend", new { reason = "同意推荐。" });
        }

        // The province checks only after the window: refused while the round is open, then closed and accepted.
        var early = await (await b.Try(Province, $"/api/accreditation/applications/{a}/province-accept", new { })).AssertProblemAsync(HttpStatusCode.Conflict);
        Assert.Equal("round_still_open", early.GetProperty("code").GetString());
        await b.Post(Province, $"/api/accreditation/rounds/{roundId}/close", new { });
        foreach (var id in new[] { a, bApp, c })
        {
            await b.Post(Province, $"/api/accreditation/applications/{id}/province-accept", new { opinion = "形式审查通过。" });
            await b.Post(Province, $"/api/accreditation/applications/{id}/experts", new { expertUserIds = experts.Select(e => e.Id).ToArray() });
        }

        var assignments = await b.Get(experts[0].Email, "/api/accreditation/assignments");
        Assert.Equal(3, assignments.GetArrayLength());

        // A: marks max, max-1, max-3 → median max-1 on all 17 indicators → base 100 - 17 = 83.00.
        //    bonus: 4 national honours (12, capped at 10), local support 2, nothing → median 2.00 → total 85.00.
        var honours = Enumerable.Range(1, 4).Select(i => (object)new { itemCode = "B2", levelCode = "national", evidence = new[] { $"国家级荣誉证书-{i}.pdf" } }).ToArray();
        await d.ScoreAsync(experts[0].Email, a, Sheet(0, honours));
        await d.ScoreAsync(experts[1].Email, a, Sheet(1, [new { itemCode = "B1", points = 2m, evidence = new[] { "市政府支持文件.pdf" } }]));
        await d.ScoreAsync(experts[2].Email, a, Sheet(3));

        // B: full marks from everyone, but one expert vetoes: 不合格 whatever the 100 points.
        await d.ScoreAsync(experts[0].Email, bApp, Sheet(0));
        await d.ScoreAsync(experts[1].Email, bApp, Sheet(0));
        await d.ScoreAsync(experts[2].Email, bApp, Sheet(0, veto: new { code = "V1", reason = "2025 年发生一起重大生产安全事故，已被应急管理部门通报。" }));

        // C: max-2, max-2.5, max-2 (never under 0) → median max-2 → 100 - 34 = 66.00, no bonus.
        await d.ScoreAsync(experts[0].Email, c, Sheet(2));
        await d.ScoreAsync(experts[1].Email, c, Sheet(2.5m));
        await d.ScoreAsync(experts[2].Email, c, Sheet(2));

        var ranking = await b.Get(Province, $"/api/accreditation/rounds/{roundId}/ranking");
        var entries = ranking.GetProperty("entries").EnumerateArray().ToList();
        Assert.Equal([a, c, bApp], entries.Select(e => e.GetProperty("applicationId").GetGuid()));
        Assert.Equal((1, 83.00m, 2.00m, 85.00m), Figures(entries[0]));
        Assert.Equal((2, 66.00m, 0m, 66.00m), Figures(entries[1]));
        Assert.True(entries[0].GetProperty("trimmed").GetBoolean());
        Assert.Equal(JsonValueKind.Null, entries[2].GetProperty("rank").ValueKind);
        Assert.True(entries[2].GetProperty("vetoed").GetBoolean());
        Assert.Equal("不合格", entries[2].GetProperty("result").GetString());
        Assert.Equal(100.00m, entries[2].GetProperty("total").GetDecimal());
        Assert.Contains("重大安全、质量事故", entries[2].GetProperty("vetoReasons").GetString(), StringComparison.Ordinal);

        // A vetoed application can never be selected; the refused selection writes nothing.
        var vetoed = await (await b.Try(Province, $"/api/accreditation/rounds/{roundId}/selection", new { applicationIds = new[] { a, bApp } })).AssertProblemAsync(HttpStatusCode.Conflict);
        Assert.Equal("application_unqualified", vetoed.GetProperty("code").GetString());
        Assert.Equal("Reviewing", (await b.Get(Province, $"/api/accreditation/rounds/{roundId}")).GetProperty("status").GetString());
        await b.Post(Province, $"/api/accreditation/rounds/{roundId}/selection", new { applicationIds = new[] { a, c }, reason = "综合评分与集群布局。" });
        Assert.Equal("NotSelected", (await b.Get(Province, $"/api/accreditation/applications/{bApp}")).GetProperty("status").GetString());

        // 公示 from today: the end is the 5th working day by the holiday file, counted here independently.
        var today = d.Today;
        var noticed = await b.Post(Province, $"/api/accreditation/rounds/{roundId}/notice", new { startDate = today });
        var end = HolidayFile.NoticeEnd(today);
        Assert.Equal(end, DateOnly.Parse(noticed.GetProperty("noticeEnd").GetString()!, System.Globalization.CultureInfo.InvariantCulture));

        // The public notice needs no sign-in and lists the two selected centers with the dates.
        using var anonymous = fixture.App.CreateClient();
        var notice = await ChallengeBoard.Ok(await anonymous.GetAsync($"/api/public/notices/{roundId}"));
        Assert.Equal(end.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture), notice.GetProperty("noticeEnd").GetString());
        Assert.Equal(today.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture), notice.GetProperty("noticeStart").GetString());
        Assert.Equal(new[] { a, c }.Order(), notice.GetProperty("centers").EnumerateArray().Select(x => x.GetProperty("applicationId").GetGuid()).Order());
        Assert.True(notice.GetProperty("acceptingObjections").GetBoolean());

        // Anyone may object, signed in or not; the province upholds the objection against C, which is then rejected.
        var objection = await ChallengeBoard.Ok(await anonymous.PostAsJsonAsync($"/api/public/notices/{roundId}/objections", new
        {
            applicationId = c,
            contactName = "张先生",
            contact = "13800000000",
            content = "该单位申报的中试基地实际为租用的临时厂房，与申报材料不符。",
        }), HttpStatusCode.Created);
        Assert.Equal("Objected", (await b.Get(Province, $"/api/accreditation/applications/{c}")).GetProperty("status").GetString());
        var tooEarly = await (await b.Try(Province, $"/api/accreditation/applications/{a}/recognize", new { documentNumber = "湘工信人教〔2026〕201号", recognizedOn = today }))
            .AssertProblemAsync(HttpStatusCode.Conflict);
        Assert.Equal("notice_not_ended", tooEarly.GetProperty("code").GetString());
        var rejected = await b.Post(Province, $"/api/accreditation/applications/{c}/objections/{objection.GetProperty("id").GetGuid()}/resolve", new
        {
            upheld = true,
            reason = "经核查，中试基地为临时租用，不符合第七条第（五）项。",
        });
        Assert.Equal("Rejected", rejected.GetProperty("status").GetString());
        var rejectedInbox = await b.Get(applicantC, "/api/notifications?size=50");
        Assert.Contains(rejectedInbox.GetProperty("page").GetProperty("items").EnumerateArray(), n => n.GetProperty("kind").GetString() == "accreditation.rejected");

        // After the notice period: recognition with a document number and date; the round is concluded.
        fixture.App.Clock.Advance(TimeSpan.FromDays(end.DayNumber - today.DayNumber + 1));
        b.ForgetClients();
        var recognizedOn = d.Today;
        var recognized = await b.Post(Province, $"/api/accreditation/applications/{a}/recognize", new { documentNumber = "湘工信人教〔2026〕201号", recognizedOn });
        Assert.Equal("Recognized", recognized.GetProperty("status").GetString());
        Assert.Equal("湘工信人教〔2026〕201号", recognized.GetProperty("recognitionDocumentNumber").GetString());
        var concluded = await b.Get(Province, $"/api/accreditation/rounds/{roundId}");
        Assert.Equal("Concluded", concluded.GetProperty("status").GetString());

        // The applicant heard about each decision; it does not see the audit trail, the authority does, with names and reasons.
        var inboxA = await b.Get(applicantA, "/api/notifications?size=50");
        var kinds = inboxA.GetProperty("page").GetProperty("items").EnumerateArray().Select(n => n.GetProperty("kind").GetString()).ToList();
        Assert.Contains("accreditation.city_recommended", kinds);
        Assert.Contains("accreditation.selected", kinds);
        Assert.Contains("accreditation.recognized", kinds);
        Assert.Equal(JsonValueKind.Null, (await b.Get(applicantA, $"/api/accreditation/applications/{a}")).GetProperty("audit").ValueKind);

        var audit = recognized.GetProperty("audit").EnumerateArray().ToList();
        Assert.Equal(
            ["创建申报书", "提交申报", "市州推荐", "省级审核通过", "指派专家", "提交评分", "提交评分", "提交评分", "评分汇总", "遴选入选", "进入公示", "发文认定"],
            audit.Select(x => x.GetProperty("action").GetString()));
        Assert.All(audit, x => Assert.NotEqual(default, x.GetProperty("at").GetDateTimeOffset()));
        Assert.Equal("长沙市工信局 · 赵科长", audit[2].GetProperty("actorName").GetString());
        Assert.Equal("市州主管部门", audit[2].GetProperty("party").GetString());
        Assert.Equal("同意推荐。", audit[2].GetProperty("reason").GetString());
        Assert.Equal("省工信厅 · 李处长", audit[^1].GetProperty("actorName").GetString());
        Assert.Equal("平台", audit[8].GetProperty("party").GetString());

        var auditB = (await b.Get(Province, $"/api/accreditation/applications/{bApp}")).GetProperty("audit").EnumerateArray().ToList();
        Assert.Contains(auditB, x => x.GetProperty("action").GetString() == "一票否决" && x.GetProperty("reason").GetString()!.Contains("重大生产安全事故", StringComparison.Ordinal));
        var auditC = (await b.Get(Province, $"/api/accreditation/applications/{c}")).GetProperty("audit").EnumerateArray().ToList();
        Assert.Contains(auditC, x => x.GetProperty("action").GetString() == "市州退回" && x.GetProperty("reason").GetString()!.Contains("租赁合同", StringComparison.Ordinal));
        Assert.Contains(auditC, x => x.GetProperty("action").GetString() == "提出异议" && x.GetProperty("party").GetString() == "社会公众");
        Assert.Contains(auditC, x => x.GetProperty("action").GetString() == "异议成立");
        var roundAudit = concluded.GetProperty("audit").EnumerateArray().Select(x => x.GetProperty("action").GetString()).ToList();
        Assert.Equal(["开启申报", "截止申报", "开始评审", "遴选入选", "发布公示", "办结"], roundAudit);

        // What the API reported is what the database holds.
        var stored = await fixture.App.WithDbAsync(db => db.CenterApplications.AsNoTracking().FirstAsync(x => x.Id == a));
        Assert.Equal(85.00m, stored.Score!.Total);
        Assert.Equal(CenterApplicationStatus.Recognized, stored.Status);
    }

    private static (int, decimal, decimal, decimal) Figures(JsonElement e) =>
        (e.GetProperty("rank").GetInt32(), e.GetProperty("baseScore").GetDecimal(), e.GetProperty("bonus").GetDecimal(), e.GetProperty("total").GetDecimal());
}

/// <summary>Reads seed/calendar directly, not through the app's WorkingCalendar, to check the app's notice dates.</summary>
internal static class HolidayFile
{
    private static readonly Lazy<(HashSet<DateOnly> Off, HashSet<DateOnly> Work)> Days = new(() =>
    {
        var folder = Marketplace.Infrastructure.ReferenceData.AccreditationDataLoader.DefaultCalendarFolder;
        var off = new HashSet<DateOnly>();
        var work = new HashSet<DateOnly>();
        foreach (var file in Directory.GetFiles(folder, "cn-holidays-*.json"))
        {
            using var doc = JsonDocument.Parse(File.ReadAllText(file));
            foreach (var year in doc.RootElement.GetProperty("years").EnumerateArray())
            {
                off.UnionWith(year.GetProperty("holidays").EnumerateArray().Select(x => DateOnly.Parse(x.GetProperty("date").GetString()!, System.Globalization.CultureInfo.InvariantCulture)));
                work.UnionWith(year.GetProperty("workingDays").EnumerateArray().Select(x => DateOnly.Parse(x.GetProperty("date").GetString()!, System.Globalization.CultureInfo.InvariantCulture)));
            }
        }

        return (off, work);
    });

    public static bool IsWorkingDay(DateOnly day) =>
        Days.Value.Work.Contains(day) || (!Days.Value.Off.Contains(day) && day.DayOfWeek is not (DayOfWeek.Saturday or DayOfWeek.Sunday));

    /// <summary>The 5th working day counting the start itself when it is one (decision 24).</summary>
    public static DateOnly NoticeEnd(DateOnly start)
    {
        var count = 0;
        for (var day = start; ; day = day.AddDays(1))
        {
            if (IsWorkingDay(day) && ++count == 5)
            {
                return day;
            }
        }
    }
}
