using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Marketplace.Domain.Engineers;
using Microsoft.EntityFrameworkCore;

namespace Marketplace.IntegrationTests.Training;

/// <summary>Training events, trainees, results and pairings over /api/training, on the real database.</summary>
[Collection(AppCollection.Name)]
public sealed class TrainingApiTests(AppFixture fixture) : IAsyncLifetime
{
    private readonly TrainingDesk _desk = new(fixture.App);

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync() => await _desk.CleanUpAsync();

    [Fact]
    public async Task An_owner_records_an_event_with_trainees_and_their_results_and_the_audit_says_who()
    {
        var d = _desk;
        var (orgId, owner) = await d.NewOwnerAsync("记录");
        var engineerId = await d.NewEngineerAsync("培训测试工程师甲", ProfessionalTitle.SeniorEngineer);
        var end = d.Today.AddDays(-1);
        var created = await d.RecordAsync(owner, TrainingDesk.Event("液压系统研修班", end.AddDays(-2), end, 24m,
            [TrainingDesk.Named("学员张三", 24m), TrainingDesk.Engineer(engineerId, 20m)], kind: "continuing-education"));

        Assert.Equal("继续教育", created.GetProperty("kindName").GetString());
        Assert.Equal(orgId, created.GetProperty("ownerOrganizationId").GetGuid());
        Assert.True(created.GetProperty("canEdit").GetBoolean());
        var trainees = created.GetProperty("trainees").EnumerateArray().ToList();
        Assert.Equal(2, trainees.Count);
        var engineerLine = trainees.Single(t => t.GetProperty("engineerId").ValueKind == JsonValueKind.String);
        Assert.Equal("培训测试工程师甲", engineerLine.GetProperty("name").GetString());
        Assert.Equal("SeniorEngineer", engineerLine.GetProperty("title").GetString());

        var withResults = await d.ResultsAsync(owner, created, "Excellent");
        Assert.All(withResults.GetProperty("trainees").EnumerateArray(), t =>
        {
            Assert.Equal("优秀", t.GetProperty("resultName").GetString());
            Assert.StartsWith("ZS-", t.GetProperty("certificateNumber").GetString(), StringComparison.Ordinal);
        });
        var audit = withResults.GetProperty("audit").EnumerateArray().Select(a => a.GetProperty("action").GetString()).ToList();
        Assert.Equal(["create", "record-result", "record-result"], audit);

        var stored = await d.App.WithDbAsync(db => db.TrainingEvents.AsNoTracking().Include(e => e.Trainees).FirstAsync(e => e.OwnerOrganizationId == orgId));
        Assert.Equal(2, stored.Trainees.Count(t => t.Result == Marketplace.Domain.Training.TrainingResult.Excellent));
        Assert.Equal(44m, stored.Trainees.Sum(t => t.Hours));

        // A trainee added and removed again through the trainee routes; the version moves each time.
        var added = await d.Board.Post(owner, $"/api/training/events/{stored.Id}/trainees",
            new { version = withResults.GetProperty("version").GetUInt32(), trainee = TrainingDesk.Named("学员李四", 8m, "AssistantEngineer") });
        Assert.Equal(3, added.GetProperty("trainees").GetArrayLength());
        var li = added.GetProperty("trainees").EnumerateArray().Single(t => t.GetProperty("name").GetString() == "学员李四").GetProperty("id").GetGuid();
        var client = await d.Board.As(owner);
        var removed = await ChallengeBoard.Ok(await client.DeleteAsync($"/api/training/events/{stored.Id}/trainees/{li}?version={added.GetProperty("version").GetUInt32()}"));
        Assert.Equal(2, removed.GetProperty("trainees").GetArrayLength());
    }

    [Fact]
    public async Task Each_invariant_is_refused_with_a_problem_and_nothing_is_written()
    {
        var d = _desk;
        var (orgId, owner) = await d.NewOwnerAsync("规则");
        var client = await d.Board.As(owner);
        var today = d.Today;
        async Task<int> Rows() => await d.App.WithDbAsync(db => db.TrainingEvents.CountAsync(e => e.OwnerOrganizationId == orgId));

        async Task Refused(object body, HttpStatusCode status, string? code)
        {
            var problem = await (await client.PostAsJsonAsync("/api/training/events", body)).AssertProblemAsync(status);
            if (code is not null)
            {
                Assert.Equal(code, problem.GetProperty("code").GetString());
            }

            Assert.Equal(0, await Rows());
        }

        await Refused(TrainingDesk.Event("倒序日期", today, today.AddDays(-3), 8m, []), HttpStatusCode.BadRequest, "validation_failed");
        await Refused(TrainingDesk.Event("零学时", today, today, 0m, []), HttpStatusCode.BadRequest, "validation_failed");
        await Refused(TrainingDesk.Event("学时超出", today, today, 8m, [TrainingDesk.Named("超时学员", 9m)]), HttpStatusCode.BadRequest, "trainee_hours_out_of_range");
        await Refused(TrainingDesk.Event("零参训学时", today, today, 8m, [TrainingDesk.Named("零学时学员", 0m)]), HttpStatusCode.BadRequest, "validation_failed");
        await Refused(TrainingDesk.Event("重复学员", today, today, 8m, [TrainingDesk.Named("重复学员", 8m), TrainingDesk.Named("重复学员", 4m)]),
            HttpStatusCode.BadRequest, "duplicate_trainee");
        await Refused(TrainingDesk.Event("未知类型", today, today, 8m, [], kind: "no-such-kind"), HttpStatusCode.BadRequest, "training_kind_unknown");

        // The same engineer twice in one event is a duplicate even though the lines are sent differently.
        var engineerId = await d.NewEngineerAsync("重复工程师");
        await Refused(TrainingDesk.Event("重复工程师", today, today, 8m, [TrainingDesk.Engineer(engineerId, 8m), TrainingDesk.Engineer(engineerId, 4m, "SeniorEngineer")]),
            HttpStatusCode.BadRequest, "duplicate_trainee");

        // Results only once the event ended: a future event refuses them and keeps no result.
        var future = await d.RecordAsync(owner, TrainingDesk.Event("未来活动", today.AddDays(3), today.AddDays(5), 16m, [TrainingDesk.Named("未来学员", 16m)]));
        var early = await (await client.PostAsJsonAsync($"/api/training/events/{future.GetProperty("id").GetGuid()}/results", new
        {
            version = ChallengeBoard.Version(future),
            results = new[] { new { traineeId = future.GetProperty("trainees")[0].GetProperty("id").GetGuid(), result = "Passed" } },
        })).AssertProblemAsync(HttpStatusCode.Conflict);
        Assert.Equal("training_not_ended", early.GetProperty("code").GetString());
        Assert.Equal(0, await d.App.WithDbAsync(db => db.TrainingEvents.Where(e => e.OwnerOrganizationId == orgId).SelectMany(e => e.Trainees).CountAsync(t => t.Result != null)));

        // An edit that shrinks the event's hours under a trainee's is refused, and a stale version is refused.
        var shrink = await (await client.PutAsJsonAsync($"/api/training/events/{future.GetProperty("id").GetGuid()}",
            TrainingDesk.Event("未来活动", today.AddDays(3), today.AddDays(5), 8m,
                [new { id = future.GetProperty("trainees")[0].GetProperty("id").GetGuid(), name = "未来学员", hours = 16m }], version: ChallengeBoard.Version(future))))
            .AssertProblemAsync(HttpStatusCode.BadRequest);
        Assert.Equal("trainee_hours_out_of_range", shrink.GetProperty("code").GetString());
        var stale = await (await client.PutAsJsonAsync($"/api/training/events/{future.GetProperty("id").GetGuid()}",
            TrainingDesk.Event("改名", today.AddDays(3), today.AddDays(5), 16m, [], version: ChallengeBoard.Version(future) + 1)))
            .AssertProblemAsync(HttpStatusCode.Conflict);
        Assert.Equal("stale_version", stale.GetProperty("code").GetString());
        var kept = await d.App.WithDbAsync(db => db.TrainingEvents.AsNoTracking().Include(e => e.Trainees).SingleAsync(e => e.OwnerOrganizationId == orgId));
        Assert.Equal("未来活动", kept.Title);
        Assert.Equal(16m, kept.Hours);
        Assert.Single(kept.Trainees);

        // A pairing with one engineer on both sides is refused and not written.
        var pairing = await (await client.PostAsJsonAsync("/api/training/pairings", new
        {
            programme = "Center", mentorEngineerId = engineerId, traineeEngineerId = engineerId, startDate = today, plannedEndDate = today.AddYears(1), goals = "自己带自己",
        })).AssertProblemAsync(HttpStatusCode.BadRequest);
        Assert.Equal("mentor_is_trainee", pairing.GetProperty("code").GetString());
        Assert.Equal(0, await d.App.WithDbAsync(db => db.MentorPairings.CountAsync(p => p.OwnerOrganizationId == orgId)));
    }

    [Fact]
    public async Task Pairings_run_to_completion_or_stop_with_a_reason_and_then_refuse_changes()
    {
        var d = _desk;
        var (_, owner) = await d.NewOwnerAsync("结对", kind: Marketplace.Domain.Organizations.OrganizationKind.Company);
        var mentor = await d.NewEngineerAsync("结对导师", ProfessionalTitle.ProfessorSeniorEngineer);
        var first = await d.NewEngineerAsync("结对学员一");
        var second = await d.NewEngineerAsync("结对学员二");
        object Body(Guid trainee) => new
        {
            programme = "Studio", mentorEngineerId = mentor, traineeEngineerId = trainee, startDate = d.Today.AddMonths(-6), plannedEndDate = d.Today.AddMonths(6), goals = "一年内独立承担产线调试",
        };

        var one = await ChallengeBoard.Ok(await (await d.Board.As(owner)).PostAsJsonAsync("/api/training/pairings", Body(first)), HttpStatusCode.Created);
        var two = await ChallengeBoard.Ok(await (await d.Board.As(owner)).PostAsJsonAsync("/api/training/pairings", Body(second)), HttpStatusCode.Created);
        Assert.Equal("进行中", one.GetProperty("statusName").GetString());
        Assert.Equal("结对导师", one.GetProperty("mentorName").GetString());
        Assert.Equal("正高级工程师", one.GetProperty("mentorTitleName").GetString());

        var done = await d.Board.Post(owner, $"/api/training/pairings/{one.GetProperty("id").GetGuid()}/complete", new { version = ChallengeBoard.Version(one), outcomeNote = "考核优秀" });
        Assert.Equal("结业", done.GetProperty("statusName").GetString());
        Assert.Equal(d.Today.ToString("yyyy-MM-dd"), done.GetProperty("endedOn").GetString());

        var noReason = await (await d.Board.Try(owner, $"/api/training/pairings/{two.GetProperty("id").GetGuid()}/stop", new { reason = "" })).AssertProblemAsync(HttpStatusCode.BadRequest);
        Assert.Equal("validation_failed", noReason.GetProperty("code").GetString());
        var stopped = await d.Board.Post(owner, $"/api/training/pairings/{two.GetProperty("id").GetGuid()}/stop", new { reason = "学员调岗" });
        Assert.Equal("中止", stopped.GetProperty("statusName").GetString());
        Assert.Equal("学员调岗", stopped.GetProperty("stopReason").GetString());

        var again = await (await d.Board.Try(owner, $"/api/training/pairings/{one.GetProperty("id").GetGuid()}/stop", new { reason = "再中止" })).AssertProblemAsync(HttpStatusCode.Conflict);
        Assert.Equal("invalid_state", again.GetProperty("code").GetString());

        var tally = await d.Board.Get(owner, $"/api/training/tally?programme=Studio&year={d.Today.Year}");
        Assert.Equal(0, tally.GetProperty("pairsActive").GetInt32());
        Assert.Equal(1, tally.GetProperty("pairsCompleted").GetInt32());
        Assert.Equal(1, tally.GetProperty("pairsStopped").GetInt32());
    }

    [Fact]
    public async Task Only_the_owner_writes_authorities_read_within_their_region_and_everyone_else_gets_404()
    {
        var d = _desk;
        var (orgId, owner) = await d.NewOwnerAsync("权限");
        var (_, elsewhere) = await d.NewOwnerAsync("株洲权限", "430200");
        var (_, stranger) = await d.NewOwnerAsync("旁人");
        var mine = await d.RecordAsync(owner, TrainingDesk.Event("长沙的活动", d.Today, d.Today, 8m, [TrainingDesk.Named("长沙学员", 8m)]));
        var theirs = await d.RecordAsync(elsewhere, TrainingDesk.Event("株洲的活动", d.Today, d.Today, 8m, [TrainingDesk.Named("株洲学员", 8m)]));
        var id = mine.GetProperty("id").GetGuid();

        foreach (var other in new[] { stranger, ChallengeBoard.Engineer, ChallengeBoard.Expert })
        {
            var client = await d.Board.As(other);
            await (await client.GetAsync($"/api/training/events/{id}")).AssertProblemAsync(HttpStatusCode.NotFound);
            await (await client.PutAsJsonAsync($"/api/training/events/{id}", TrainingDesk.Event("改掉", d.Today, d.Today, 8m, []))).AssertProblemAsync(HttpStatusCode.NotFound);
            await (await client.GetAsync($"/api/training/tally?programme=Center&year={d.Today.Year}&owner={orgId}")).AssertProblemAsync(HttpStatusCode.NotFound);
        }

        await (await (await d.Board.As(ChallengeBoard.Engineer)).GetAsync("/api/training/events")).AssertProblemAsync(HttpStatusCode.NotFound);

        var province = await d.Board.Get(TrainingDesk.Province, $"/api/training/events/{id}");
        Assert.False(province.GetProperty("canEdit").GetBoolean());
        var city = await d.Board.Get(TrainingDesk.City, $"/api/training/events/{id}");
        Assert.Equal("长沙的活动", city.GetProperty("title").GetString());
        await (await (await d.Board.As(TrainingDesk.City)).GetAsync($"/api/training/events/{theirs.GetProperty("id").GetGuid()}")).AssertProblemAsync(HttpStatusCode.NotFound);
        var cityList = await d.Board.Get(TrainingDesk.City, "/api/training/events");
        Assert.Contains(cityList.EnumerateArray(), e => e.GetProperty("id").GetGuid() == id);
        Assert.DoesNotContain(cityList.EnumerateArray(), e => e.GetProperty("id").GetGuid() == theirs.GetProperty("id").GetGuid());
        var provinceList = await d.Board.Get(TrainingDesk.Province, "/api/training/events");
        Assert.Contains(provinceList.EnumerateArray(), e => e.GetProperty("id").GetGuid() == theirs.GetProperty("id").GetGuid());

        // An authority reads but never writes, and the owner's list holds only its own organization's events.
        var write = await (await (await d.Board.As(TrainingDesk.Province)).PutAsJsonAsync($"/api/training/events/{id}",
            TrainingDesk.Event("省里改的", d.Today, d.Today, 8m, [], version: ChallengeBoard.Version(mine)))).AssertProblemAsync(HttpStatusCode.Forbidden);
        Assert.Equal("forbidden", write.GetProperty("code").GetString());
        var ownList = await d.Board.Get(owner, "/api/training/events");
        Assert.Equal([id], ownList.EnumerateArray().Select(e => e.GetProperty("id").GetGuid()).ToArray());
        Assert.Equal("长沙的活动", (await d.App.WithDbAsync(db => db.TrainingEvents.AsNoTracking().SingleAsync(e => e.Id == id))).Title);
    }
}
