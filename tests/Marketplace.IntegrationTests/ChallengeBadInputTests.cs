using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Marketplace.Domain.Challenges;
using Marketplace.Testing;
using Microsoft.EntityFrameworkCore;
using static Marketplace.IntegrationTests.ChallengeBoard;

namespace Marketplace.IntegrationTests;

/// <summary>Bad input on every kind of step: a ProblemDetails naming the problem, and nothing written.</summary>
[Collection(AppCollection.Name)]
public sealed class ChallengeBadInputTests(AppFixture fixture)
{
    private readonly ChallengeBoard _board = new(fixture.App);

    [Fact]
    public async Task Team_shares_not_summing_to_100_are_refused_and_no_application_is_stored()
    {
        var b = _board;
        var id = await b.PublishedAsync(Listing(title: "坏输入：分配比例"));
        var lead = await b.EngineerIdAsync(OtherEngineer(50));
        var mate = await b.EngineerIdAsync(OtherEngineer(51));
        var client = await b.As(OtherEngineer(50));
        foreach (var team in new object[][]
                 {
                     [new { engineerId = lead, sharePercent = 60 }, new { engineerId = mate, sharePercent = 30 }],
                     [new { engineerId = lead, sharePercent = 120 }, new { engineerId = mate, sharePercent = -20 }],
                     [new { engineerId = mate, sharePercent = 100 }],
                     [new { engineerId = lead, sharePercent = 50 }, new { engineerId = Guid.NewGuid(), sharePercent = 50 }],
                 })
        {
            var response = await client.PostAsJsonAsync($"/api/challenges/{id}/applications", new { proposal = "方案", plan = "计划", quote = 50_000, timelineDays = 60, team });
            await response.AssertProblemAsync(HttpStatusCode.BadRequest);
        }

        Assert.Equal(0, await fixture.App.WithDbAsync(db => db.ChallengeApplications.CountAsync(a => a.ChallengeId == id)));
    }

    [Theory]
    [InlineData("quote", -1)]
    [InlineData("timeline", 0)]
    [InlineData("proposal", 6000)]
    public async Task Bad_application_fields_are_400_on_the_field(string what, int value)
    {
        var b = _board;
        var id = await b.PublishedAsync(Listing(title: "坏输入：申请字段 " + what));
        var body = new
        {
            proposal = what == "proposal" ? new string('案', value) : "方案",
            plan = "计划",
            quote = what == "quote" ? value : 10_000,
            timelineDays = what == "timeline" ? value : 30,
        };
        var problem = await (await (await b.As(OtherEngineer(52))).PostAsJsonAsync($"/api/challenges/{id}/applications", body)).AssertProblemAsync(HttpStatusCode.BadRequest);
        var field = what switch { "quote" => "quote", "timeline" => "timelineDays", _ => "proposal" };
        Assert.True(problem.GetProperty("errors").TryGetProperty(field, out _), problem.ToString());
        Assert.Equal(0, await fixture.App.WithDbAsync(db => db.ChallengeApplications.CountAsync(a => a.ChallengeId == id)));
    }

    [Fact]
    public async Task Listing_steps_with_bad_input_or_a_stale_version_change_nothing()
    {
        var b = _board;
        var id = await b.PublishedAsync(Listing(title: "坏输入：榜单步骤", bounty: 80_000m));
        var application = await b.ApplyAsync(OtherEngineer(53), id);
        await b.EvaluateAsync(id);
        var awarded = await b.Post(Company, $"/api/challenges/{id}/applications/{application}/award", new { });
        var snapshot = await RevisionAsync(id);
        var due = DateOnly.FromDateTime(DateTime.UtcNow.AddDays(30)).ToString("yyyy-MM-dd");
        var past = DateOnly.FromDateTime(DateTime.UtcNow.AddDays(-3)).ToString("yyyy-MM-dd");

        var refusals = new (string Method, string Url, object Body, HttpStatusCode Status)[]
        {
            ("PUT", $"/api/challenges/{id}/milestones", new { milestones = new[] { new { title = "一", dueDate = due, amount = 50_000m } } }, HttpStatusCode.BadRequest), // sum ≠ 80,000
            ("PUT", $"/api/challenges/{id}/milestones", new { milestones = new[] { new { title = "一", dueDate = past, amount = 80_000m } } }, HttpStatusCode.BadRequest),
            ("PUT", $"/api/challenges/{id}/milestones", new { milestones = new[] { new { title = "一", dueDate = due, amount = -80_000m } } }, HttpStatusCode.BadRequest),
            ("PUT", $"/api/challenges/{id}/milestones", new { version = Version(awarded) - 1, milestones = new[] { new { title = "一", dueDate = due, amount = 80_000m } } }, HttpStatusCode.Conflict),
            ("POST", $"/api/challenges/{id}/support", new { amount = 10_000m, note = "定榜后不能再助题" }, HttpStatusCode.Forbidden), // company is not the center
            ("POST", $"/api/challenges/{id}/verification", new { verifierName = "", location = "车间", passed = true, report = "" }, HttpStatusCode.BadRequest),
            ("POST", $"/api/challenges/{id}/evaluations", new { rating = 9, costSaved = -1m, outputAdded = 0m }, HttpStatusCode.BadRequest),
            ("POST", $"/api/challenges/{id}/cancel", new { reason = "" }, HttpStatusCode.BadRequest),
            ("POST", $"/api/challenges/{id}/settle", new { }, HttpStatusCode.Conflict),
            ("POST", $"/api/challenges/{id}/applications/{Guid.NewGuid()}/award", new { }, HttpStatusCode.NotFound),
            ("POST", $"/api/challenges/{id}/questions/{Guid.NewGuid()}/answer", new { answer = new string('答', 2000) }, HttpStatusCode.BadRequest),
        };
        var company = await b.As(Company);
        foreach (var (method, url, body, status) in refusals)
        {
            var response = method == "PUT" ? await company.PutAsJsonAsync(url, body) : await company.PostAsJsonAsync(url, body);
            await response.AssertProblemAsync(status);
        }

        Assert.Equal(snapshot, await RevisionAsync(id));
        var notifications = await fixture.App.WithDbAsync(db => db.Notifications.CountAsync(n => n.ChallengeId == id));
        await (await company.PostAsJsonAsync($"/api/challenges/{id}/settle", new { })).AssertProblemAsync(HttpStatusCode.Conflict);
        Assert.Equal(notifications, await fixture.App.WithDbAsync(db => db.Notifications.CountAsync(n => n.ChallengeId == id)));
    }

    [Fact]
    public async Task Wrong_party_gets_403_and_wrong_state_gets_409_naming_the_state()
    {
        var b = _board;
        var id = await b.PublishedAsync(Listing(title: "坏输入：角色与状态"));
        var engineerPublish = await b.Try(OtherEngineer(54), $"/api/challenges/{id}/start-evaluation", new { });
        Assert.Equal("challenge_forbidden", (await engineerPublish.AssertProblemAsync(HttpStatusCode.Forbidden)).GetProperty("code").GetString());
        var tooEarly = await (await b.Try(Company, $"/api/challenges/{id}/start-evaluation", new { })).AssertProblemAsync(HttpStatusCode.Conflict);
        Assert.Contains("「揭榜中」", tooEarly.GetProperty("detail").GetString(), StringComparison.Ordinal);
        var readerQuestion = await b.Try("authority@demo.cn", $"/api/challenges/{id}/questions", new { text = "主管部门能提问吗？" });
        await readerQuestion.AssertProblemAsync(HttpStatusCode.Forbidden);
        var noApplicants = await (await b.Try(Company, $"/api/challenges/{id}/close", new { })).AssertProblemAsync(HttpStatusCode.Conflict);
        Assert.Equal("no_applications", noApplicants.GetProperty("code").GetString());
        Assert.Equal(ChallengeStatus.Published, await fixture.App.WithDbAsync(db => db.Challenges.Where(c => c.Id == id).Select(c => c.Status).FirstAsync()));
    }

    [Fact]
    public async Task Nobody_is_on_two_applications_to_the_same_listing()
    {
        var b = _board;
        var id = await b.PublishedAsync(Listing(title: "坏输入：重复揭榜"));
        await b.ApplyAsync(OtherEngineer(55), id);
        var twice = await (await b.As(OtherEngineer(55))).PostAsJsonAsync($"/api/challenges/{id}/applications", new { proposal = "再来一份", plan = "计划", quote = 1000, timelineDays = 10 });
        Assert.Equal("already_applied", (await twice.AssertProblemAsync(HttpStatusCode.Conflict)).GetProperty("code").GetString());
        Assert.Equal(1, await fixture.App.WithDbAsync(db => db.ChallengeApplications.CountAsync(a => a.ChallengeId == id)));
    }

    [Fact]
    public async Task An_employee_of_the_posting_company_cannot_take_its_listing()
    {
        var b = _board;
        var id = await b.PublishedAsync(Listing(title: "坏输入：本企业员工揭榜"));
        var employee = await b.EngineerIdAsync(OtherEngineer(56));
        var owner = await fixture.App.WithDbAsync(db => db.Challenges.Where(c => c.Id == id).Select(c => c.OwnerOrganizationId).FirstAsync());

        // Arrange: this engineer works for the posting company (profiles do not let engineers pick an employer id).
        await fixture.App.WithDbAsync(db => db.Database.ExecuteSqlInterpolatedAsync($"update engineers set employer_organization_id = {owner} where id = {employee}"));
        var response = await (await b.As(OtherEngineer(56))).PostAsJsonAsync($"/api/challenges/{id}/applications", new { proposal = "方案", plan = "计划", quote = 1000, timelineDays = 10 });
        Assert.Equal("conflict_of_interest", (await response.AssertProblemAsync(HttpStatusCode.Conflict)).GetProperty("code").GetString());

        // Nor can they be slipped in as someone else's teammate.
        var lead = await b.EngineerIdAsync(OtherEngineer(57));
        var team = await (await b.As(OtherEngineer(57))).PostAsJsonAsync($"/api/challenges/{id}/applications", new
        {
            proposal = "方案", plan = "计划", quote = 1000, timelineDays = 10,
            team = new[] { new { engineerId = lead, sharePercent = 50 }, new { engineerId = employee, sharePercent = 50 } },
        });
        await team.AssertProblemAsync(HttpStatusCode.Conflict);
        Assert.Equal(0, await fixture.App.WithDbAsync(db => db.ChallengeApplications.CountAsync(a => a.ChallengeId == id)));
    }

    [Fact]
    public async Task Notifications_are_private_to_their_recipient()
    {
        // Other tests' listings (and the deadline service) may add notifications meanwhile: follow this listing's only.
        var b = _board;
        var id = await b.PublishedAsync(Listing(title: "通知：私有"));
        var link = $"/Challenges/Details/{id}";
        async Task<List<JsonElement>> Mine() => (await b.Get(Company, "/api/notifications?size=100")).GetProperty("page").GetProperty("items")
            .EnumerateArray().Where(n => n.GetProperty("link").GetString() == link).ToList();

        var published = Assert.Single(await Mine());
        Assert.Equal(JsonValueKind.Null, published.GetProperty("readAt").ValueKind);
        var notificationId = published.GetProperty("id").GetGuid();
        await (await b.Try(Engineer, $"/api/notifications/{notificationId}/read", new { })).AssertProblemAsync(HttpStatusCode.NotFound);
        Assert.Equal(JsonValueKind.Null, Assert.Single(await Mine()).GetProperty("readAt").ValueKind);

        await b.Post(Company, $"/api/notifications/{notificationId}/read", new { });
        Assert.NotEqual(JsonValueKind.Null, Assert.Single(await Mine()).GetProperty("readAt").ValueKind);
        var unread = await b.Get(Company, "/api/notifications?unread=true&size=100");
        Assert.DoesNotContain(unread.GetProperty("page").GetProperty("items").EnumerateArray(), n => n.GetProperty("id").GetGuid() == notificationId);
        await b.Post(Company, "/api/notifications/read-all", new { });
    }

    private async Task<(int Revision, ChallengeStatus Status, decimal Support, int Milestones, int Ledger)> RevisionAsync(Guid id)
    {
        var row = await fixture.App.WithDbAsync(db => db.Challenges.AsNoTracking().Where(c => c.Id == id)
            .Select(c => new { c.Revision, c.Status, c.SupportAmount, Milestones = c.Milestones.Count, Ledger = c.Ledger.Count })
            .FirstAsync());
        return (row.Revision, row.Status, row.SupportAmount, row.Milestones, row.Ledger);
    }
}
