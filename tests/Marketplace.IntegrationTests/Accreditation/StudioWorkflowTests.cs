using System.Net;
using System.Net.Http.Json;
using Marketplace.Domain.Accreditation;
using Microsoft.EntityFrameworkCore;
using static Marketplace.IntegrationTests.Accreditation.AccreditationDesk;

namespace Marketplace.IntegrationTests.Accreditation;

/// <summary>卓越工程师带培工作室 over HTTP on the real database: the whole path, the host rule, the fund ledger, the cycle.</summary>
[Collection(AppCollection.Name)]
public sealed class StudioWorkflowTests(AppFixture fixture) : IAsyncLifetime
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
    public async Task An_application_goes_through_hr_and_finance_experts_notice_and_recognition()
    {
        var d = _desk;
        var (enterprise, applicant) = await d.NewEnterpriseAsync("全流程");
        var host = await d.NewHostAsync("全流程主持人");
        var draft = await d.DraftAsync(applicant, host, StudioDesk.Form("全流程重工装备有限公司", "全流程主持人"));
        var id = draft.GetProperty("id").GetGuid();
        Assert.Equal("Draft", draft.GetProperty("status").GetString());
        Assert.Equal(3, draft.GetProperty("targets").GetArrayLength());

        // The materials list (附件2) is complete only with every item; a missing one is named.
        await d.UploadMaterialsAsync(applicant, id, ["M1", "M2"]);
        var missing = await (await d.Board.Try(applicant, $"/api/studios/applications/{id}/submit", new { })).AssertProblemAsync(HttpStatusCode.BadRequest);
        Assert.Contains("附件2", missing.GetProperty("detail").GetString(), StringComparison.Ordinal);
        await d.UploadMaterialsAsync(applicant, id, ["M3"]);
        var submitted = await d.Board.Post(applicant, $"/api/studios/applications/{id}/submit", new { version = ChallengeBoard.Version(await d.Board.Get(applicant, $"/api/studios/applications/{id}")) });
        Assert.Equal("Submitted", submitted.GetProperty("status").GetString());

        // The city's queue shows it; HR signs, the province cannot sign for the city, then finance signs.
        var queue = await d.Board.Get(City, "/api/studios/applications");
        Assert.Contains(queue.EnumerateArray(), s => s.GetProperty("id").GetGuid() == id);
        var hr = await d.Board.Post(City, $"/api/studios/applications/{id}/city-review", new { desk = "HumanResources", approve = true, opinion = "符合申报条件。" });
        Assert.Equal("Submitted", hr.GetProperty("status").GetString());
        await (await d.Board.Try(Province, $"/api/studios/applications/{id}/city-review", new { desk = "Finance", approve = true }))
            .AssertProblemAsync(HttpStatusCode.Forbidden);
        var city = await d.Board.Post(City, $"/api/studios/applications/{id}/city-review", new { desk = "Finance", approve = true, opinion = "资金安排合规。" });
        Assert.Equal("CityRecommended", city.GetProperty("status").GetString());
        Assert.Equal(["HumanResources", "Finance"], city.GetProperty("signOffs").EnumerateArray().Select(s => s.GetProperty("desk").GetString()));

        // Experts: one from the enterprise itself must recuse; two others give opinions and votes.
        var (insider, _) = await d.Accreditation.NewExpertAsync("企业内部专家", enterprise);
        var recuse = await (await d.Board.Try(Province, $"/api/studios/applications/{id}/experts", new { expertUserIds = new[] { insider } }))
            .AssertProblemAsync(HttpStatusCode.Conflict);
        Assert.Equal("conflict_of_interest", recuse.GetProperty("code").GetString());
        var (e1, e1Email) = await d.Accreditation.NewExpertAsync("认定专家甲");
        var (e2, e2Email) = await d.Accreditation.NewExpertAsync("认定专家乙");
        await d.Board.Post(Province, $"/api/studios/applications/{id}/experts", new { expertUserIds = new[] { e1, e2 } });
        await d.Board.Post(e1Email, $"/api/studios/applications/{id}/opinion", new { approve = true, opinion = "师资力量雄厚，同意认定。" });
        var done = await d.Board.Post(e2Email, $"/api/studios/applications/{id}/opinion", new { approve = true, opinion = "带培目标明确。" });
        Assert.Equal("ExpertsDone", done.GetProperty("status").GetString());

        await d.Board.Post(Province, $"/api/studios/applications/{id}/selection", new { selected = true, reason = "择优入选。" });
        var noticed = await d.Board.Post(Province, $"/api/studios/applications/{id}/notice", new { startDate = d.Today });

        // Monday 2 March 2026 + 5 working days = Friday 6 March.
        Assert.Equal("2026-03-06", noticed.GetProperty("noticeEnd").GetString());

        // Anyone objects without signing in; the province dismisses it and the notice runs on.
        using var anonymous = fixture.App.CreateClient();
        var objection = await ChallengeBoard.Ok(await anonymous.PostAsJsonAsync($"/api/public/studio-notices/{id}/objections", new { content = "主持人近年未在企业任职。" }), HttpStatusCode.Created);
        var objectionId = objection.GetProperty("id").GetGuid();
        var withObjection = await d.Board.Get(Province, $"/api/studios/applications/{id}");
        Assert.Equal("Objected", withObjection.GetProperty("status").GetString());
        Assert.Null(withObjection.GetProperty("objections")[0].GetProperty("lodgedByUserId").GetString());
        await d.Board.Post(Province, $"/api/studios/applications/{id}/objections/{objectionId}/resolve", new { upheld = false, reason = "经核查主持人为企业在职职工。" });

        var early = await (await d.Board.Try(Province, $"/api/studios/applications/{id}/recognize", new { documentNumber = "湘人社函〔2026〕18号", recognizedOn = d.Today }))
            .AssertProblemAsync(HttpStatusCode.Conflict);
        Assert.Equal("notice_not_ended", early.GetProperty("code").GetString());

        d.MoveTo(new DateOnly(2026, 3, 9));
        var recognized = await d.Board.Post(Province, $"/api/studios/applications/{id}/recognize", new { documentNumber = "湘人社函〔2026〕18号", recognizedOn = "2026-03-09" });
        Assert.Equal("Recognized", recognized.GetProperty("status").GetString());
        Assert.Equal("湘人社函〔2026〕18号", recognized.GetProperty("recognitionDocumentNumber").GetString());
        Assert.Equal(200_000m, recognized.GetProperty("fundGrantedYuan").GetDecimal());

        // The trail says who, as which party, and why, for every decision.
        var audit = recognized.GetProperty("audit").EnumerateArray().ToList();
        Assert.Contains(audit, a => a.GetProperty("action").GetString() == "人社同意推荐" && a.GetProperty("reason").GetString()!.Contains("符合申报条件", StringComparison.Ordinal));
        Assert.Contains(audit, a => a.GetProperty("action").GetString() == "财政同意推荐" && a.GetProperty("actorName").GetString() is { Length: > 0 });
        Assert.Contains(audit, a => a.GetProperty("action").GetString() == "专家认定意见");
        Assert.Contains(audit, a => a.GetProperty("action").GetString() == "提出异议" && a.GetProperty("party").GetString() == "社会公众");
        Assert.Contains(audit, a => a.GetProperty("action").GetString() == "认定" && a.GetProperty("reason").GetString()!.Contains("湘人社函〔2026〕18号", StringComparison.Ordinal));

        // The applicant was told, and sees its studio as recognized.
        var mine = await d.Board.Get(applicant, "/api/studios/applications");
        Assert.Equal("Recognized", Assert.Single(mine.EnumerateArray()).GetProperty("status").GetString());
        var notified = await fixture.App.WithDbAsync(db => db.Notifications.Where(n => n.Kind == "studio.recognized" && db.Users.Any(u => u.Id == n.UserId && u.Email == applicant)).CountAsync());
        Assert.Equal(1, notified);
    }

    [Fact]
    public async Task Either_city_desk_returns_with_reasons_and_the_enterprise_resubmits()
    {
        var d = _desk;
        var (id, applicant) = await d.SubmittedAsync("退回");
        await (await d.Board.Try(City, $"/api/studios/applications/{id}/city-review", new { desk = "Finance", approve = false }))
            .AssertProblemAsync(HttpStatusCode.BadRequest);
        var returned = await d.Board.Post(City, $"/api/studios/applications/{id}/city-review", new { desk = "Finance", approve = false, opinion = "启动资金使用计划不清。" });
        Assert.Equal("ReturnedByCity", returned.GetProperty("status").GetString());
        await d.Board.Put(applicant, $"/api/studios/applications/{id}", new { hostEngineerId = returned.GetProperty("hostEngineerId").GetGuid(), form = StudioDesk.Form("退回重工装备有限公司") });
        var again = await d.Board.Post(applicant, $"/api/studios/applications/{id}/submit", new { });
        Assert.Equal("Submitted", again.GetProperty("status").GetString());
        Assert.Empty(again.GetProperty("signOffs").EnumerateArray());
    }

    [Theory]
    [InlineData("正高级工程师职称证书", false)]
    [InlineData("高级工程师职称证书", true)]
    public async Task A_host_without_a_verified_professor_senior_title_is_refused_and_nothing_is_written(string certificate, bool verified)
    {
        var d = _desk;
        var (_, applicant) = await d.NewEnterpriseAsync("主持人条件");
        var host = await d.NewHostAsync("未达条件主持人", certificate, verified);
        var id = (await d.DraftAsync(applicant, host)).GetProperty("id").GetGuid();
        await d.UploadMaterialsAsync(applicant, id);
        var before = await d.RowAsync(id);

        var refused = await (await d.Board.Try(applicant, $"/api/studios/applications/{id}/submit", new { })).AssertProblemAsync(HttpStatusCode.BadRequest);
        Assert.Equal("host_not_qualified", refused.GetProperty("code").GetString());
        Assert.Contains("正高级工程师", refused.GetProperty("detail").GetString(), StringComparison.Ordinal);
        Assert.Equal(before, await d.RowAsync(id));
        var studio = await d.Board.Get(applicant, $"/api/studios/applications/{id}");
        Assert.Equal("Draft", studio.GetProperty("status").GetString());
        Assert.Null(studio.GetProperty("submittedAt").GetString());
    }

    [Fact]
    public async Task The_fund_ledger_keeps_the_balance_refuses_overspending_and_recovers_the_rest_on_revocation()
    {
        var d = _desk;
        var (id, applicant, recognizedOn) = await d.RecognizedAsync("资金台账");
        var voucher = (await d.UploadAsync(applicant, id, "voucher", fileName: "发票.pdf")).GetProperty("id").GetGuid();
        await d.Board.Post(applicant, $"/api/studios/applications/{id}/fund/entries",
            new { category = "equipment", spentOn = recognizedOn, amount = 86_000.50m, note = "五轴加工中心实训工位", voucherFileId = voucher });
        var after = await d.Board.Post(applicant, $"/api/studios/applications/{id}/fund/entries",
            new { category = "training-exchange", spentOn = recognizedOn, amount = 13_999.50m, note = "首期工程师研修班" });
        Assert.Equal(100_000m, after.GetProperty("fundSpentYuan").GetDecimal());
        Assert.Equal(100_000m, after.GetProperty("fundBalanceYuan").GetDecimal());
        var byCategory = after.GetProperty("spendingByCategory").EnumerateArray().ToDictionary(c => c.GetProperty("code").GetString()!, c => c.GetProperty("amount").GetDecimal());
        Assert.Equal(86_000.50m, byCategory["equipment"]);
        Assert.Equal(0m, byCategory["rnd"]);

        var before = await d.RowAsync(id);
        var overspent = await (await d.Board.Try(applicant, $"/api/studios/applications/{id}/fund/entries",
            new { category = "rnd", spentOn = recognizedOn, amount = 100_000.01m, note = "超支" })).AssertProblemAsync(HttpStatusCode.Conflict);
        Assert.Equal("fund_overspent", overspent.GetProperty("code").GetString());
        await (await d.Board.Try(applicant, $"/api/studios/applications/{id}/fund/entries",
            new { category = "rnd", spentOn = recognizedOn, amount = -1m, note = "负数" })).AssertProblemAsync(HttpStatusCode.BadRequest);
        await (await d.Board.Try(applicant, $"/api/studios/applications/{id}/fund/entries",
            new { category = "banquet", spentOn = recognizedOn, amount = 10m, note = "宴请" })).AssertProblemAsync(HttpStatusCode.BadRequest);
        await (await d.Board.Try(Province, $"/api/studios/applications/{id}/fund/entries",
            new { category = "rnd", spentOn = recognizedOn, amount = 10m, note = "省厅代记" })).AssertProblemAsync(HttpStatusCode.Forbidden);
        Assert.Equal(before, await d.RowAsync(id));

        await (await d.Board.Try(Province, $"/api/studios/applications/{id}/revoke", new { reason = "" })).AssertProblemAsync(HttpStatusCode.BadRequest);
        var revoked = await d.Board.Post(Province, $"/api/studios/applications/{id}/revoke", new { reason = "虚报带培人数，违反相关规定。" });
        Assert.Equal("Revoked", revoked.GetProperty("status").GetString());
        Assert.Equal(100_000m, revoked.GetProperty("recoveredYuan").GetDecimal());
        Assert.Equal(revoked.GetProperty("fundBalanceYuan").GetDecimal(), revoked.GetProperty("recoveredYuan").GetDecimal());
        Assert.Equal("虚报带培人数，违反相关规定。", revoked.GetProperty("revocationReason").GetString());
        Assert.Contains(revoked.GetProperty("audit").EnumerateArray(), a => a.GetProperty("action").GetString() == "撤销认定"
            && a.GetProperty("reason").GetString()!.Contains("100000.00", StringComparison.Ordinal));
    }

    [Fact]
    public async Task The_build_cycle_runs_three_years_from_recognition_and_re_evaluation_is_due_by_its_last_day()
    {
        var d = _desk;
        var (id, _, recognizedOn) = await d.RecognizedAsync("建设周期");
        var studio = await d.Board.Get(Province, $"/api/studios/applications/{id}");
        Assert.Equal(recognizedOn.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture), studio.GetProperty("cycleStart").GetString());
        var lastDay = recognizedOn.AddYears(3).AddDays(-1).ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);
        Assert.Equal(lastDay, studio.GetProperty("cycleEnd").GetString());
        Assert.Equal(lastDay, studio.GetProperty("reEvaluationDueBy").GetString());
        Assert.False(studio.GetProperty("reEvaluationOverdue").GetBoolean());

        // A re-evaluation dated in the future is refused; a failed one revokes with its reason.
        await (await d.Board.Try(Province, $"/api/studios/applications/{id}/re-evaluation", new { passed = true, evaluatedOn = "2029-01-01" }))
            .AssertProblemAsync(HttpStatusCode.BadRequest);
        await (await d.Board.Try(Province, $"/api/studios/applications/{id}/re-evaluation", new { passed = false, evaluatedOn = d.Today }))
            .AssertProblemAsync(HttpStatusCode.BadRequest);
        var failed = await d.Board.Post(Province, $"/api/studios/applications/{id}/re-evaluation", new { passed = false, reason = "带培目标未完成。", evaluatedOn = d.Today });
        Assert.Equal("Revoked", failed.GetProperty("status").GetString());
        Assert.Equal(200_000m, failed.GetProperty("recoveredYuan").GetDecimal());
        Assert.Contains("带培目标未完成", failed.GetProperty("revocationReason").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Bad_input_is_a_problem_details_and_writes_nothing()
    {
        var d = _desk;
        var (organization, applicant) = await d.NewEnterpriseAsync("错误输入");
        var host = await d.NewHostAsync("错误输入主持人");
        var form = StudioDesk.Form("错误输入公司");
        form.Fields["basic.postcode"] = "ABCDEF";
        var postcode = await (await (await d.Board.As(applicant)).PostAsJsonAsync("/api/studios/applications", new { hostEngineerId = host, form }))
            .AssertProblemAsync(HttpStatusCode.BadRequest);
        Assert.Contains("邮编", postcode.GetProperty("detail").GetString(), StringComparison.Ordinal);
        form.Fields["basic.postcode"] = "410000";
        form.Fields["basic.nonsense"] = "x";
        await (await (await d.Board.As(applicant)).PostAsJsonAsync("/api/studios/applications", new { hostEngineerId = host, form }))
            .AssertProblemAsync(HttpStatusCode.BadRequest);
        form.Fields.Remove("basic.nonsense");
        form.Fields[StudioFormRules.RecommenderOpinionKey] = "同意推荐（自己写的）";
        await (await (await d.Board.As(applicant)).PostAsJsonAsync("/api/studios/applications", new { hostEngineerId = host, form }))
            .AssertProblemAsync(HttpStatusCode.BadRequest);
        Assert.Equal(0, await fixture.App.WithDbAsync(db => db.MentoringStudios.CountAsync(s => s.ApplicantOrganizationId == organization)));

        // A file that is not a PDF or image is refused by its bytes, and not stored.
        var id = (await d.DraftAsync(applicant, host)).GetProperty("id").GetGuid();
        using (var exe = new MultipartFormDataContent { { new StringContent("M1"), "purpose" }, { new ByteArrayContent("MZ\u0090\0binary"u8.ToArray()), "file", "申报表.pdf" } })
        {
            await (await (await d.Board.As(applicant)).PostAsync($"/api/studios/applications/{id}/files", exe)).AssertProblemAsync(HttpStatusCode.BadRequest);
        }

        using (var unknown = new MultipartFormDataContent { { new StringContent("M9"), "purpose" }, { new ByteArrayContent(StudioDesk.Pdf), "file", "x.pdf" } })
        {
            await (await (await d.Board.As(applicant)).PostAsync($"/api/studios/applications/{id}/files", unknown)).AssertProblemAsync(HttpStatusCode.BadRequest);
        }

        Assert.Equal(0, await fixture.App.WithDbAsync(db => db.StudioFiles.CountAsync(f => f.StudioId == id)));

        // A stale version is refused; the row is as it was.
        var before = await d.RowAsync(id);
        await (await (await d.Board.As(applicant)).PutAsJsonAsync($"/api/studios/applications/{id}", new { version = before.Version + 1, hostEngineerId = host, form = StudioDesk.Form("改名公司") }))
            .AssertProblemAsync(HttpStatusCode.Conflict);
        Assert.Equal(before, await d.RowAsync(id));

        // Someone else's studio is not found; an anonymous caller is not let in.
        await (await (await d.Board.As(ChallengeBoard.Company)).GetAsync($"/api/studios/applications/{id}")).AssertProblemAsync(HttpStatusCode.NotFound);
        using var anonymous = fixture.App.CreateClient();
        Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.GetAsync($"/api/studios/applications/{id}")).StatusCode);
        await (await anonymous.GetAsync($"/api/public/studio-notices/{id}")).AssertProblemAsync(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task Progress_counts_recognized_studios_and_the_studio_programmes_trainees()
    {
        var d = _desk;
        var before = await d.Board.Get(Province, "/api/studios/progress");
        var count = Row(before, "studios").GetProperty("current").GetInt32();
        await d.RecognizedAsync("进度");
        var after = await d.Board.Get(Province, "/api/studios/progress");
        Assert.Equal(count + 1, Row(after, "studios").GetProperty("current").GetInt32());
        Assert.Equal(25, Row(after, "studios").GetProperty("target").GetInt32());
        Assert.Equal(2030, after.GetProperty("targetYear").GetInt32());
        Assert.Equal(5000, Row(after, "knowledge-update").GetProperty("target").GetInt32());

        // The trainee rows are the studio programme's training tally, figure for figure (one counting code for both).
        var trained = await d.Board.Get(Province, "/api/training/tally/province?programme=Studio");
        Assert.Equal(trained.GetProperty("seniorPeople").GetInt32(), Row(after, "senior-engineers").GetProperty("current").GetInt32());
        Assert.Equal(trained.GetProperty("engineerAndAssistantPeople").GetInt32(), Row(after, "engineers-and-assistants").GetProperty("current").GetInt32());
        Assert.Equal(trained.GetProperty("personTimes").GetInt32(), Row(after, "knowledge-update").GetProperty("current").GetInt32());

        static System.Text.Json.JsonElement Row(System.Text.Json.JsonElement progress, string code) =>
            progress.GetProperty("targets").EnumerateArray().Single(t => t.GetProperty("code").GetString() == code);
    }

    [Fact]
    public async Task A_recognized_studio_sets_its_yearly_targets_against_the_trainees_its_training_records_show()
    {
        var d = _desk;
        var (id, applicant, recognizedOn) = await d.RecognizedAsync("目标");
        var organization = await fixture.App.WithDbAsync(db => db.MentoringStudios.Where(s => s.Id == id).Select(s => s.ApplicantOrganizationId).SingleAsync());
        try
        {
            // Build year 1 starts on the recognition day: a one-day course that day, four trainees, one of whom failed.
            var training = new Training.TrainingDesk(fixture.App);
            var recorded = await training.RecordAsync(applicant, Training.TrainingDesk.Event("目标培训", recognizedOn, recognizedOn, 8m,
            [
                Training.TrainingDesk.Named("目标正高", 8m, "ProfessorSeniorEngineer"), Training.TrainingDesk.Named("目标高级", 8m, "SeniorEngineer"),
                Training.TrainingDesk.Named("目标工程师", 8m, "Engineer"), Training.TrainingDesk.Named("目标未过", 8m, "SeniorEngineer"),
            ], kind: "production-task", programme: "Studio"));
            var trainees = recorded.GetProperty("trainees").EnumerateArray().ToDictionary(t => t.GetProperty("name").GetString()!, t => t.GetProperty("id").GetGuid());
            await d.Board.Post(applicant, $"/api/training/events/{recorded.GetProperty("id").GetGuid()}/results", new
            {
                version = ChallengeBoard.Version(recorded),
                results = new[]
                {
                    new { traineeId = trainees["目标正高"], result = "Excellent" }, new { traineeId = trainees["目标高级"], result = "Passed" },
                    new { traineeId = trainees["目标工程师"], result = "Passed" }, new { traineeId = trainees["目标未过"], result = "Failed" },
                },
            });

            var studio = await d.Board.Get(applicant, $"/api/studios/applications/{id}");
            var years = studio.GetProperty("targets").EnumerateArray().ToList();
            var first = years[0];
            Assert.Equal(recognizedOn.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture), first.GetProperty("from").GetString());
            Assert.Equal(1, first.GetProperty("actual").GetProperty("professor-senior").GetInt32());
            Assert.Equal(1, first.GetProperty("actual").GetProperty("senior").GetInt32());
            Assert.Equal(1, first.GetProperty("actual").GetProperty("other").GetInt32());
            Assert.Equal(3, first.GetProperty("actualTotal").GetInt32());
            // The second build year has no training yet; its targets stand as committed.
            Assert.Equal(0, years[1].GetProperty("actualTotal").GetInt32());
            Assert.Equal(years[1].GetProperty("total").GetInt32(), years[1].GetProperty("byTitle").EnumerateObject().Sum(p => p.Value.GetInt32()));
        }
        finally
        {
            await fixture.App.WithDbAsync(db => db.TrainingEvents.Where(e => e.OwnerOrganizationId == organization).ExecuteDeleteAsync());
        }
    }
}
