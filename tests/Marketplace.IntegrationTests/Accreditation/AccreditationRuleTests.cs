using System.Net;
using System.Net.Http.Json;
using Microsoft.EntityFrameworkCore;
using static Marketplace.IntegrationTests.Accreditation.AccreditationDesk;

namespace Marketplace.IntegrationTests.Accreditation;

/// <summary>The refusals of the accreditation: each answered with a Chinese ProblemDetails, and nothing written.</summary>
[Collection(AppCollection.Name)]
public sealed class AccreditationRuleTests(AppFixture fixture) : IAsyncLifetime
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
    public async Task An_expert_from_the_applicant_organization_cannot_be_assigned()
    {
        var d = _desk;
        var roundId = (await d.OpenRoundAsync("回避测试轮次")).GetProperty("id").GetGuid();
        var (orgId, applicant) = await d.NewApplicantAsync("回避测试");
        var id = await d.SubmittedAsync(applicant, roundId);
        await d.Board.Post(City, $"/api/accreditation/applications/{id}/city-recommend", new { });
        await d.Board.Post(Province, $"/api/accreditation/rounds/{roundId}/close", new { });
        await d.Board.Post(Province, $"/api/accreditation/applications/{id}/province-accept", new { });

        var (outsider, _) = await d.NewExpertAsync("外单位专家");
        var (colleague, _) = await d.NewExpertAsync("本单位专家", orgId);
        var refused = await (await d.Board.Try(Province, $"/api/accreditation/applications/{id}/experts", new { expertUserIds = new[] { outsider, colleague } }))
            .AssertProblemAsync(HttpStatusCode.Conflict);
        Assert.Equal("conflict_of_interest", refused.GetProperty("code").GetString());
        Assert.Contains("回避", refused.GetProperty("title").GetString(), StringComparison.Ordinal);

        var stored = await fixture.App.WithDbAsync(db => db.CenterApplications.AsNoTracking().FirstAsync(a => a.Id == id));
        Assert.Empty(stored.ExpertUserIds);
        Assert.Equal(Marketplace.Domain.Accreditation.CenterApplicationStatus.ProvinceAccepted, stored.Status);

        var assigned = await d.Board.Post(Province, $"/api/accreditation/applications/{id}/experts", new { expertUserIds = new[] { outsider } });
        Assert.Equal("ExpertReview", assigned.GetProperty("status").GetString());
    }

    [Fact]
    public async Task A_submitted_score_sheet_cannot_be_changed_or_submitted_again()
    {
        var d = _desk;
        var (expert, email) = await d.NewExpertAsync("不可改专家");
        var (_, ids) = await d.InExpertReviewAsync("不可改", 1, [expert]);
        await d.ScoreAsync(email, ids[0], Sheet(1));

        var change = await (await (await d.Board.As(email)).PutAsJsonAsync($"/api/accreditation/applications/{ids[0]}/sheet", Sheet(0)))
            .AssertProblemAsync(HttpStatusCode.Conflict);
        Assert.True(change.GetProperty("code").GetString() is "score_sheet_submitted" or "invalid_state");
        var again = await (await d.Board.Try(email, $"/api/accreditation/applications/{ids[0]}/sheet/submit", new { })).AssertProblemAsync(HttpStatusCode.Conflict);
        Assert.True(again.GetProperty("code").GetString() is "score_sheet_submitted" or "invalid_state");

        var sheet = await d.Board.Get(email, $"/api/accreditation/applications/{ids[0]}/sheet");
        Assert.Equal(83.00m, sheet.GetProperty("totals").GetProperty("baseScore").GetDecimal());
    }

    [Fact]
    public async Task A_sheet_still_in_draft_refuses_changes_once_submitted_even_before_aggregation()
    {
        // Two experts: the first one's sheet is frozen while the application still waits for the second.
        var d = _desk;
        var (first, firstEmail) = await d.NewExpertAsync("先交专家");
        var (second, _) = await d.NewExpertAsync("后交专家");
        var (_, ids) = await d.InExpertReviewAsync("先交", 1, [first, second]);
        await d.ScoreAsync(firstEmail, ids[0], Sheet(1));

        var change = await (await (await d.Board.As(firstEmail)).PutAsJsonAsync($"/api/accreditation/applications/{ids[0]}/sheet", Sheet(0)))
            .AssertProblemAsync(HttpStatusCode.Conflict);
        Assert.Equal("score_sheet_submitted", change.GetProperty("code").GetString());
        var stored = await fixture.App.WithDbAsync(db => db.ScoreSheets.AsNoTracking().FirstAsync(s => s.ApplicationId == ids[0]));
        Assert.All(stored.Marks, m => Assert.Equal(Rubric.Indicator(m.IndicatorCode).MaxPoints - 1, m.Points));
        Assert.Equal("ExpertReview", (await d.Board.Get(Province, $"/api/accreditation/applications/{ids[0]}")).GetProperty("status").GetString());
    }

    [Fact]
    public async Task A_score_out_of_bounds_is_a_400_naming_the_indicator_and_nothing_is_written()
    {
        var d = _desk;
        var (expert, email) = await d.NewExpertAsync("越界专家");
        var (_, ids) = await d.InExpertReviewAsync("越界", 1, [expert]);

        var response = await (await d.Board.As(email)).PutAsJsonAsync($"/api/accreditation/applications/{ids[0]}/sheet", new
        {
            marks = new object[]
            {
                new { indicatorCode = "1.2", points = 4m, comment = "运营团队健全。" },
                new { indicatorCode = "1.1", points = 6m, comment = "场地充足。" },
            },
        });
        var problem = await response.AssertProblemAsync(HttpStatusCode.BadRequest);
        Assert.Equal("score_out_of_range", problem.GetProperty("code").GetString());
        Assert.Contains("1.1", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
        Assert.Equal(0, await fixture.App.WithDbAsync(db => db.ScoreSheets.CountAsync(s => s.ApplicationId == ids[0])));
    }

    [Fact]
    public async Task A_closed_round_refuses_submissions_and_new_applications()
    {
        var d = _desk;
        var roundId = (await d.OpenRoundAsync("截止测试轮次")).GetProperty("id").GetGuid();
        var (_, applicant) = await d.NewApplicantAsync("截止测试");
        var (_, late) = await d.NewApplicantAsync("截止测试晚到");
        var draft = (await d.DraftAsync(applicant, roundId)).GetProperty("id").GetGuid();
        await d.Board.Post(Province, $"/api/accreditation/rounds/{roundId}/close", new { });

        var submit = await (await d.Board.Try(applicant, $"/api/accreditation/applications/{draft}/submit", new { })).AssertProblemAsync(HttpStatusCode.Conflict);
        Assert.Equal("round_not_open", submit.GetProperty("code").GetString());
        var create = await (await d.Board.Try(late, $"/api/accreditation/rounds/{roundId}/applications", Content())).AssertProblemAsync(HttpStatusCode.Conflict);
        Assert.Equal("round_not_open", create.GetProperty("code").GetString());
        Assert.Equal("Draft", (await d.Board.Get(applicant, $"/api/accreditation/applications/{draft}")).GetProperty("status").GetString());
    }

    [Fact]
    public async Task The_window_is_read_from_the_clock_without_anyone_closing_the_round()
    {
        var d = _desk;
        var roundId = (await d.OpenRoundAsync("到期测试轮次", window: TimeSpan.FromDays(1))).GetProperty("id").GetGuid();
        var (_, applicant) = await d.NewApplicantAsync("到期测试");
        var draft = (await d.DraftAsync(applicant, roundId)).GetProperty("id").GetGuid();

        fixture.App.Clock.Advance(TimeSpan.FromDays(1) + TimeSpan.FromMinutes(1));
        d.Board.ForgetClients();
        var submit = await (await d.Board.Try(applicant, $"/api/accreditation/applications/{draft}/submit", new { })).AssertProblemAsync(HttpStatusCode.Conflict);
        Assert.Equal("round_not_open", submit.GetProperty("code").GetString());
    }

    [Fact]
    public async Task A_missing_condition_is_a_400_naming_it()
    {
        var d = _desk;
        var roundId = (await d.OpenRoundAsync("条件测试轮次")).GetProperty("id").GetGuid();
        var (_, applicant) = await d.NewApplicantAsync("条件测试");
        var draft = (await d.DraftAsync(applicant, roundId, Content(skipCondition: "C5"))).GetProperty("id").GetGuid();

        var problem = await (await d.Board.Try(applicant, $"/api/accreditation/applications/{draft}/submit", new { })).AssertProblemAsync(HttpStatusCode.BadRequest);
        Assert.Equal("condition_not_met", problem.GetProperty("code").GetString());
        var detail = problem.GetProperty("detail").GetString()!;
        Assert.Contains("（五）研发试验条件（C5）", detail, StringComparison.Ordinal);
        Assert.DoesNotContain("C4", detail, StringComparison.Ordinal);
        Assert.Equal("Draft", (await d.Board.Get(applicant, $"/api/accreditation/applications/{draft}")).GetProperty("status").GetString());
    }

    [Fact]
    public async Task The_wrong_party_gets_403_and_a_stale_version_409()
    {
        var d = _desk;
        await (await d.Board.Try(ChallengeBoard.Company, "/api/accreditation/rounds", new { name = "x", regionCode = "430000" })).AssertProblemAsync(HttpStatusCode.Forbidden);
        var now = fixture.App.Clock.GetUtcNow();
        await (await d.Board.Try(City, "/api/accreditation/rounds", new { name = "市州不能开轮次", regionCode = "430000", applicationOpensAt = now, applicationClosesAt = now.AddDays(1) }))
            .AssertProblemAsync(HttpStatusCode.Forbidden);

        var roundId = (await d.OpenRoundAsync("权限测试轮次")).GetProperty("id").GetGuid();
        var (_, applicant) = await d.NewApplicantAsync("权限测试");
        var id = await d.SubmittedAsync(applicant, roundId);

        // The province may not act for the city; the applicant may not recommend itself.
        var province = await (await d.Board.Try(Province, $"/api/accreditation/applications/{id}/city-recommend", new { })).AssertProblemAsync(HttpStatusCode.Forbidden);
        Assert.Contains("市州", province.GetProperty("detail").GetString(), StringComparison.Ordinal);
        await (await d.Board.Try(applicant, $"/api/accreditation/applications/{id}/city-recommend", new { })).AssertProblemAsync(HttpStatusCode.Forbidden);

        // A return needs reasons; a decision on a stale copy is refused.
        await (await d.Board.Try(City, $"/api/accreditation/applications/{id}/city-return", new { })).AssertProblemAsync(HttpStatusCode.BadRequest);
        var read = await d.Board.Get(City, $"/api/accreditation/applications/{id}");
        var version = read.GetProperty("version").GetUInt32();
        await d.Board.Post(City, $"/api/accreditation/applications/{id}/city-return", new { version, reason = "请补充经费保障说明。" });
        var stale = await (await d.Board.Try(City, $"/api/accreditation/applications/{id}/city-recommend", new { version })).AssertProblemAsync(HttpStatusCode.Conflict);
        Assert.Equal("stale_version", stale.GetProperty("code").GetString());

        // Someone else's application does not exist for an applicant.
        var (_, stranger) = await d.NewApplicantAsync("权限测试旁人");
        await (await (await d.Board.As(stranger)).GetAsync($"/api/accreditation/applications/{id}")).AssertProblemAsync(HttpStatusCode.NotFound);
        Assert.Empty((await d.Board.Get(stranger, "/api/accreditation/applications/mine")).EnumerateArray());
        Assert.Equal(id, Assert.Single((await d.Board.Get(applicant, "/api/accreditation/applications/mine")).EnumerateArray()).GetProperty("id").GetGuid());

        // A city bureau elsewhere does not see it: another city's applications are not its business.
        var (_, elsewhere) = await d.NewApplicantAsync("权限测试株洲", "430200");
        var other = await d.SubmittedAsync(elsewhere, roundId);
        await (await (await d.Board.As(City)).GetAsync($"/api/accreditation/applications/{other}")).AssertProblemAsync(HttpStatusCode.NotFound);
        Assert.DoesNotContain((await d.Board.Get(City, $"/api/accreditation/rounds/{roundId}/applications")).EnumerateArray(), x => x.GetProperty("id").GetGuid() == other);
    }

    [Fact]
    public async Task Evidence_files_are_uploaded_cited_by_reference_checked_at_submission_and_readable_by_the_reviewers()
    {
        var d = _desk;
        var roundId = (await d.OpenRoundAsync("佐证材料测试轮次")).GetProperty("id").GetGuid();
        var (_, applicant) = await d.NewApplicantAsync("佐证材料测试");
        var id = (await d.DraftAsync(applicant, roundId)).GetProperty("id").GetGuid();

        var pdf = "%PDF-1.7\n营业执照扫描件\n%%EOF"u8.ToArray();
        using var form = new MultipartFormDataContent { { new ByteArrayContent(pdf), "file", "营业执照.pdf" } };
        var uploaded = await ChallengeBoard.Ok(await (await d.Board.As(applicant)).PostAsync($"/api/accreditation/applications/{id}/files", form), HttpStatusCode.Created);
        var reference = uploaded.GetProperty("reference").GetString()!;
        Assert.StartsWith("file:", reference, StringComparison.Ordinal);
        Assert.Equal("application/pdf", uploaded.GetProperty("contentType").GetString());

        using var fake = new MultipartFormDataContent { { new ByteArrayContent("MZ not a pdf"u8.ToArray()), "file", "证书.pdf" } };
        var refused = await (await (await d.Board.As(applicant)).PostAsync($"/api/accreditation/applications/{id}/files", fake)).AssertProblemAsync(HttpStatusCode.BadRequest);
        Assert.Equal("evidence_type", refused.GetProperty("code").GetString());

        // A citation of a file that is not this application's is refused at submission, naming the condition.
        var content = System.Text.Json.JsonSerializer.SerializeToNode(Content())!;
        content["conditions"]![0]!["evidence"] = new System.Text.Json.Nodes.JsonArray("file:" + Guid.NewGuid());
        await d.Board.Put(applicant, $"/api/accreditation/applications/{id}", content);
        var unknown = await (await d.Board.Try(applicant, $"/api/accreditation/applications/{id}/submit", new { })).AssertProblemAsync(HttpStatusCode.BadRequest);
        Assert.Equal("evidence_file_unknown", unknown.GetProperty("code").GetString());
        Assert.Contains("C1", unknown.GetProperty("detail").GetString(), StringComparison.Ordinal);

        content["conditions"]![0]!["evidence"] = new System.Text.Json.Nodes.JsonArray(reference);
        await d.Board.Put(applicant, $"/api/accreditation/applications/{id}", content);
        await d.Board.Post(applicant, $"/api/accreditation/applications/{id}/submit", new { });

        var download = await (await d.Board.As(City)).GetAsync($"/api/accreditation/applications/{id}/files/{uploaded.GetProperty("id").GetGuid()}");
        Assert.Equal(HttpStatusCode.OK, download.StatusCode);
        Assert.Equal(pdf, await download.Content.ReadAsByteArrayAsync());
        Assert.Equal("nosniff", download.Headers.GetValues("X-Content-Type-Options").Single());

        // Submitted: the evidence is frozen with the application.
        using var late = new MultipartFormDataContent { { new ByteArrayContent(pdf), "file", "补充.pdf" } };
        await (await (await d.Board.As(applicant)).PostAsync($"/api/accreditation/applications/{id}/files", late)).AssertProblemAsync(HttpStatusCode.Conflict);
    }

    [Fact]
    public async Task Experts_submitting_at_once_aggregate_exactly_once()
    {
        var d = _desk;
        var experts = new List<(Guid Id, string Email)>();
        for (var i = 0; i < 5; i++)
        {
            experts.Add(await d.NewExpertAsync($"并发专家{i}"));
        }

        var (roundId, ids) = await d.InExpertReviewAsync("并发", 1, [.. experts.Select(e => e.Id)]);
        for (var i = 0; i < experts.Count; i++)
        {
            await d.Board.Put(experts[i].Email, $"/api/accreditation/applications/{ids[0]}/sheet", Sheet(i));
        }

        var clients = await Task.WhenAll(experts.Select(e => d.Board.As(e.Email)));
        var responses = await Task.WhenAll(clients.Select(c => c.PostAsJsonAsync($"/api/accreditation/applications/{ids[0]}/sheet/submit", new { })));
        foreach (var response in responses)
        {
            await ChallengeBoard.Ok(response);
        }


        // Five experts with the default rule: the highest and lowest dropped, so each column is the mean of max-1, max-2, max-3.
        var application = await d.Board.Get(Province, $"/api/accreditation/applications/{ids[0]}");
        Assert.Equal("Scored", application.GetProperty("status").GetString());
        var expected = Rubric.Secondaries.Sum(s => Math.Round((Math.Max(0, s.MaxPoints - 1) + Math.Max(0, s.MaxPoints - 2) + Math.Max(0, s.MaxPoints - 3)) / 3m, 2, MidpointRounding.AwayFromZero));
        Assert.Equal(expected, application.GetProperty("score").GetProperty("total").GetDecimal());
        Assert.True(application.GetProperty("score").GetProperty("trimmed").GetBoolean());
        var actions = application.GetProperty("audit").EnumerateArray().Select(a => a.GetProperty("action").GetString()).ToList();
        Assert.Equal(1, actions.Count(a => a == "评分汇总"));
        Assert.Equal(5, actions.Count(a => a == "提交评分"));

        // The province and the city both list the application; the applicant lists its own.
        Assert.Single((await d.Board.Get(Province, $"/api/accreditation/rounds/{roundId}/applications")).EnumerateArray());
        Assert.Single((await d.Board.Get(City, $"/api/accreditation/rounds/{roundId}/applications")).EnumerateArray());
    }

    [Fact]
    public async Task Malformed_sheets_and_steps_are_400s_with_chinese_titles_and_field_names()
    {
        var d = _desk;
        var (expert, email) = await d.NewExpertAsync("坏输入专家");
        var (roundId, ids) = await d.InExpertReviewAsync("坏输入", 1, [expert]);
        var client = await d.Board.As(email);

        var unknown = await (await client.PutAsJsonAsync($"/api/accreditation/applications/{ids[0]}/sheet", new { marks = new[] { new { indicatorCode = "9.9", points = 1m, comment = "x" } } }))
            .AssertProblemAsync(HttpStatusCode.BadRequest);
        Assert.Equal("unknown_indicator", unknown.GetProperty("code").GetString());
        var noComment = await (await client.PutAsJsonAsync($"/api/accreditation/applications/{ids[0]}/sheet", new { marks = new[] { new { indicatorCode = "1.1", points = 1m } } }))
            .AssertProblemAsync(HttpStatusCode.BadRequest);
        Assert.Contains("评分意见", noComment.GetProperty("detail").GetString(), StringComparison.Ordinal);
        var precise = await (await client.PutAsJsonAsync($"/api/accreditation/applications/{ids[0]}/sheet", new { marks = new[] { new { indicatorCode = "1.1", points = 1.234m, comment = "x" } } }))
            .AssertProblemAsync(HttpStatusCode.BadRequest);
        Assert.Equal("score_precision", precise.GetProperty("code").GetString());
        var bonus = await (await client.PutAsJsonAsync($"/api/accreditation/applications/{ids[0]}/sheet", new { bonusClaims = new[] { new { itemCode = "B2", levelCode = "national" } } }))
            .AssertProblemAsync(HttpStatusCode.BadRequest);
        Assert.Equal("bonus_evidence_required", bonus.GetProperty("code").GetString());
        var incomplete = await (await d.Board.Try(email, $"/api/accreditation/applications/{ids[0]}/sheet/submit", new { })).AssertProblemAsync(HttpStatusCode.BadRequest);
        Assert.Equal("score_sheet_empty", incomplete.GetProperty("code").GetString());

        var selection = await (await d.Board.Try(Province, $"/api/accreditation/rounds/{roundId}/selection", new { })).AssertProblemAsync(HttpStatusCode.BadRequest);
        Assert.True(selection.GetProperty("errors").TryGetProperty("applicationIds", out _));
        var notice = await (await d.Board.Try(Province, $"/api/accreditation/rounds/{roundId}/notice", new { startDate = "2030-01-07" })).AssertProblemAsync(HttpStatusCode.BadRequest);
        Assert.True(notice.GetProperty("code").GetString() is "calendar_not_covered");
        var round = await (await d.Board.Try(Province, "/api/accreditation/rounds", new { name = "", regionCode = "43", trimEachSide = 2, trimMinExperts = 3 })).AssertProblemAsync(HttpStatusCode.BadRequest);
        Assert.True(round.GetProperty("errors").TryGetProperty("name", out _));
        Assert.True(round.GetProperty("errors").TryGetProperty("trimMinExperts", out _));
    }
}
