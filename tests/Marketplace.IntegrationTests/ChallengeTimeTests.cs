using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Marketplace.Domain.Challenges;
using Marketplace.Testing;
using Microsoft.EntityFrameworkCore;
using static Marketplace.IntegrationTests.ChallengeBoard;

namespace Marketplace.IntegrationTests;

/// <summary>
/// What happens with time alone: deadlines closing listings (the background service, not a test calling it),
/// abandonment after a silent period, follow-up evaluations. The app's clock is moved forward and put back after.
/// </summary>
[Collection(AppCollection.Name)]
public sealed class ChallengeTimeTests(AppFixture fixture) : IDisposable
{
    private readonly ChallengeBoard _board = new(fixture.App);

    public void Dispose() => fixture.App.Clock.Reset();

    [Fact]
    public async Task At_the_deadline_the_platform_closes_listings_with_applicants_and_marks_the_rest_expired()
    {
        var b = _board;
        var withApplicant = await b.PublishedAsync(Listing(title: "截止测试：有人揭榜", deadlineDays: 3));
        var empty = await b.PublishedAsync(Listing(title: "截止测试：无人揭榜", deadlineDays: 3));
        var team = await b.PublishedAsync(Listing(title: "截止测试：团队未确认", deadlineDays: 3));
        await b.ApplyAsync(OtherEngineer(40), withApplicant);
        var lead = await b.EngineerIdAsync(OtherEngineer(41));
        var mate = await b.EngineerIdAsync(OtherEngineer(42));
        var unconfirmed = await b.ApplyAsync(OtherEngineer(41), team, team: [new { engineerId = lead, sharePercent = 50 }, new { engineerId = mate, sharePercent = 50 }]);

        fixture.App.Clock.Advance(TimeSpan.FromDays(3) + TimeSpan.FromMinutes(5));
        b.ForgetClients();

        // Nobody calls anything: the deadline service (every second in tests) must act on its own.
        var statuses = await WaitForAsync(
            () => fixture.App.WithDbAsync(db => db.Challenges.AsNoTracking().Where(c => c.Id == withApplicant || c.Id == empty || c.Id == team)
                .ToDictionaryAsync(c => c.Id, c => c.Status)),
            s => s.Values.All(v => v != ChallengeStatus.Published));
        Assert.Equal(ChallengeStatus.ApplicationsClosed, statuses[withApplicant]);
        Assert.Equal(ChallengeStatus.Expired, statuses[empty]);
        Assert.Equal(ChallengeStatus.Expired, statuses[team]);
        Assert.Equal(ApplicationStatus.NotSelected, await fixture.App.WithDbAsync(db => db.ChallengeApplications.Where(a => a.Id == unconfirmed).Select(a => a.Status).FirstAsync()));

        // The owner is told, the audit names the platform, and applying now is refused with the state.
        var detail = await b.Get(Company, $"/api/challenges/{empty}");
        Assert.Contains(detail.GetProperty("audit").EnumerateArray(), a => a.GetProperty("party").GetString() == "平台" && a.GetProperty("to").GetString() == "流榜");
        var inbox = await b.Get(Company, "/api/notifications?size=100");
        Assert.Contains(inbox.GetProperty("page").GetProperty("items").EnumerateArray(), n => n.GetProperty("kind").GetString() == "challenge.expired");
        var late = await (await b.As(OtherEngineer(43))).PostAsJsonAsync($"/api/challenges/{withApplicant}/applications", new { proposal = "p", plan = "p", quote = 1000, timelineDays = 10 });
        var problem = await late.AssertProblemAsync(HttpStatusCode.Conflict);
        Assert.Contains("揭榜截止", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_silent_taker_can_be_declared_abandoned_only_after_the_agreed_days_and_the_listing_is_re_awarded()
    {
        var b = _board;
        var id = await b.PublishedAsync(Listing(title: "弃榜测试：密封件寿命", abandonAfterDays: 10));
        var silent = await b.ApplyAsync(OtherEngineer(44), id);
        var backup = await b.ApplyAsync(OtherEngineer(45), id);
        var silentEngineer = await b.EngineerIdAsync(OtherEngineer(44));
        var abandonmentsBefore = (await b.Get(Company, $"/api/engineers/{silentEngineer}")).GetProperty("abandonments").GetInt32();
        await b.EvaluateAsync(id);
        await b.Post(Company, $"/api/challenges/{id}/applications/{silent}/award", new { });

        var early = await (await b.Try(Company, $"/api/challenges/{id}/applications/{silent}/abandon", new { })).AssertProblemAsync(HttpStatusCode.Conflict);
        Assert.Equal("abandon_too_early", early.GetProperty("code").GetString());

        fixture.App.Clock.Advance(TimeSpan.FromDays(11));
        b.ForgetClients();
        var abandoned = await b.Post(Company, $"/api/challenges/{id}/applications/{silent}/abandon", new { });
        Assert.Equal("评审中", abandoned.GetProperty("statusName").GetString());
        Assert.Equal("弃榜", abandoned.GetProperty("awards")[0].GetProperty("statusName").GetString());

        // The abandonment is a public count on the engineer's profile, for the next company to see.
        var profile = await b.Get(Company, $"/api/engineers/{silentEngineer}");
        Assert.Equal(abandonmentsBefore + 1, profile.GetProperty("abandonments").GetInt32());

        // Re-award to the next applicant: the original commitment carries over, nothing is committed twice.
        var reawarded = await b.Post(Company, $"/api/challenges/{id}/applications/{backup}/award", new { });
        Assert.Equal("已定榜", reawarded.GetProperty("statusName").GetString());
        Assert.Equal(100_000m, reawarded.GetProperty("ledger").GetProperty("committed").GetDecimal());
        var inbox = await b.Get(OtherEngineer(44), "/api/notifications?size=50");
        Assert.Contains(inbox.GetProperty("page").GetProperty("items").EnumerateArray(), n => n.GetProperty("kind").GetString() == "challenge.abandoned");
    }

    [Fact]
    public async Task Follow_up_market_evaluations_open_at_three_six_and_twelve_months_after_settlement()
    {
        var b = _board;
        var id = await SettledAsync("跟踪评价测试：焊接机器人节拍");
        var notYet = await (await b.Try(Company, $"/api/challenges/{id}/evaluations", new { rating = 4, costSaved = 1000, outputAdded = 0 })).AssertProblemAsync(HttpStatusCode.Conflict);
        Assert.Equal("evaluation_not_due", notYet.GetProperty("code").GetString());

        fixture.App.Clock.Advance(TimeSpan.FromDays(95));
        b.ForgetClients();
        var followed = await b.Post(Company, $"/api/challenges/{id}/evaluations", new { rating = 4, costSaved = 300_000m, outputAdded = 500_000m, note = "稳定运行一个季度" });
        var months = followed.GetProperty("evaluations").EnumerateArray().Select(e => e.GetProperty("monthsAfterSettlement").GetInt32()).ToList();
        Assert.Equal([0, 3], months);
    }

    private async Task<Guid> SettledAsync(string title)
    {
        var b = _board;
        var id = await b.PublishedAsync(Listing(title: title, bounty: 50_000m));
        var application = await b.ApplyAsync(OtherEngineer(46), id);
        await b.EvaluateAsync(id);
        await b.Post(Company, $"/api/challenges/{id}/applications/{application}/award", new { });
        var due = DateOnly.FromDateTime(DateTime.UtcNow.AddDays(20)).ToString("yyyy-MM-dd");
        var planned = await b.Put(Company, $"/api/challenges/{id}/milestones", new { milestones = new[] { new { title = "全部成果", dueDate = due, amount = 50_000m } } });
        var milestone = planned.GetProperty("milestones")[0].GetProperty("id").GetGuid();
        await b.Post(OtherEngineer(46), $"/api/challenges/{id}/start-work", new { });
        await b.Post(OtherEngineer(46), $"/api/challenges/{id}/milestones/{milestone}/deliver", new { note = "完成" });

        // Sent back once, then accepted: the money is released exactly once.
        await b.Post(Company, $"/api/challenges/{id}/milestones/{milestone}/review", new { accept = false, comment = "缺少节拍测试数据" });
        await b.Post(OtherEngineer(46), $"/api/challenges/{id}/milestones/{milestone}/deliver", new { note = "补充节拍测试数据" });
        await b.Post(Company, $"/api/challenges/{id}/milestones/{milestone}/review", new { accept = true });
        await b.Post(OtherEngineer(46), $"/api/challenges/{id}/deliver", new { note = "交付" });

        // A failed verification, one redelivery, then a pass.
        var failed = await b.Post(Company, $"/api/challenges/{id}/verification", new { verifierName = "车间主任", location = "一号线", passed = false, report = "节拍未达 45 秒" });
        Assert.Equal("验题未通过", failed.GetProperty("statusName").GetString());
        await b.Post(OtherEngineer(46), $"/api/challenges/{id}/redeliver", new { note = "优化轨迹后重新交付" });
        var secondFailure = await b.Post(Company, $"/api/challenges/{id}/verification", new { verifierName = "车间主任", location = "一号线", passed = false, report = "仍未达标" });
        var noMore = await (await b.Try(OtherEngineer(46), $"/api/challenges/{id}/redeliver", new { note = "再试一次" })).AssertProblemAsync(HttpStatusCode.Conflict);
        Assert.Equal("redelivery_used", noMore.GetProperty("code").GetString());
        Assert.Equal("验题未通过", secondFailure.GetProperty("statusName").GetString());

        // After the second failure the company's way out is cancellation; for this test we need a settled listing, so
        // start a clean one instead.
        await b.Post(Company, $"/api/challenges/{id}/cancel", new { reason = "验题两次未通过，终止合作" });
        var cancelled = await b.Get(Company, $"/api/challenges/{id}");
        Assert.Equal(0m, cancelled.GetProperty("ledger").GetProperty("outstanding").GetDecimal());

        var clean = await b.PublishedAsync(Listing(title: title + "（二）", bounty: 50_000m));
        var second = await b.ApplyAsync(OtherEngineer(47), clean);
        await b.EvaluateAsync(clean);
        await b.Post(Company, $"/api/challenges/{clean}/applications/{second}/award", new { });
        var plan = await b.Put(Company, $"/api/challenges/{clean}/milestones", new { milestones = new[] { new { title = "全部成果", dueDate = due, amount = 50_000m } } });
        var only = plan.GetProperty("milestones")[0].GetProperty("id").GetGuid();
        await b.Post(OtherEngineer(47), $"/api/challenges/{clean}/start-work", new { });
        await b.Post(OtherEngineer(47), $"/api/challenges/{clean}/milestones/{only}/deliver", new { note = "完成" });
        await b.Post(Company, $"/api/challenges/{clean}/milestones/{only}/review", new { accept = true });
        await b.Post(OtherEngineer(47), $"/api/challenges/{clean}/deliver", new { note = "交付" });
        await b.Post(Company, $"/api/challenges/{clean}/verification", new { verifierName = "车间主任", location = "一号线", passed = true, report = "节拍 43 秒" });
        await b.Post(Company, $"/api/challenges/{clean}/evaluations", new { rating = 5, costSaved = 120_000m, outputAdded = 0m });
        var settled = await b.Post(Company, $"/api/challenges/{clean}/settle", new { });
        Assert.Equal("已结算", settled.GetProperty("statusName").GetString());
        return clean;
    }

    private static async Task<T> WaitForAsync<T>(Func<Task<T>> read, Func<T, bool> done)
    {
        var deadline = DateTime.UtcNow.AddSeconds(20);
        while (true)
        {
            var value = await read();
            if (done(value) || DateTime.UtcNow > deadline)
            {
                return value;
            }

            await Task.Delay(200);
        }
    }
}
