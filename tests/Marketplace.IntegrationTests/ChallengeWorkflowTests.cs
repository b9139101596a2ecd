using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Marketplace.Domain.Challenges;
using Marketplace.Testing;
using Microsoft.EntityFrameworkCore;
using static Marketplace.IntegrationTests.ChallengeBoard;

namespace Marketplace.IntegrationTests;

/// <summary>
/// The whole 揭榜挂帅 cycle over the HTTP API on real PostgreSQL: 企业出题 → 政府助题 → 人才答题 → 车间验题 → 市场评价 →
/// 结算, with teams, 赛马, concurrent awards and the ledger.
/// </summary>
[Collection(AppCollection.Name)]
public sealed class ChallengeWorkflowTests(AppFixture fixture)
{
    private readonly ChallengeBoard _board = new(fixture.App);

    [Fact]
    public async Task A_team_takes_a_listing_from_publication_to_settlement_and_the_money_is_split_by_shares()
    {
        var b = _board;
        var lead = await b.EngineerIdAsync(Engineer);
        var mate = await b.EngineerIdAsync(OtherEngineer(1));
        var before = await fixture.App.WithDbAsync(db => db.Engineers.Where(e => e.Id == lead || e.Id == mate)
            .ToDictionaryAsync(e => e.Id, e => (e.ChallengesWon, e.VerifiedDeliveries, e.RatingCount)));
        var id = await b.PublishedAsync(Listing(title: "团队揭榜：主轴热变形补偿", bounty: 100_000m), support: 20_000m);

        // 人才答题: a team of two, 60/40. It stays a draft until the teammate confirms.
        var applicationId = await b.ApplyAsync(Engineer, id, team: [new { engineerId = lead, sharePercent = 60 }, new { engineerId = mate, sharePercent = 40 }]);
        var mine = await b.Get(OtherEngineer(1), "/api/me/applications");
        var pending = mine.EnumerateArray().Single(a => a.GetProperty("application").GetProperty("id").GetGuid() == applicationId);
        Assert.True(pending.GetProperty("needsMyConfirmation").GetBoolean());
        Assert.Empty((await b.Get(Company, $"/api/challenges/{id}/applications")).EnumerateArray());
        var confirmed = await b.Post(OtherEngineer(1), $"/api/challenges/{id}/applications/{applicationId}/confirm", new { });
        Assert.Equal("已提交", confirmed.GetProperty("statusName").GetString());

        // Evaluation with an expert panel on the weighted criteria.
        await b.Post(Company, $"/api/challenges/{id}/close", new { });
        await b.Post(Company, $"/api/challenges/{id}/start-evaluation", new { });
        var experts = await b.Get(Company, "/api/challenges/experts");
        var expertId = experts.EnumerateArray().First().GetProperty("userId").GetGuid();
        await b.Post(Company, $"/api/challenges/{id}/panel", new { expertUserIds = new[] { expertId } });
        var marks = new Dictionary<string, int> { ["solution"] = 90, ["team"] = 80, ["price"] = 70, ["schedule"] = 60 };
        await b.Post(Expert, $"/api/challenges/{id}/applications/{applicationId}/scores", new { marks, comment = "方案扎实" });
        var applications = await b.Get(Company, $"/api/challenges/{id}/applications");
        Assert.Equal(79.0m, applications.EnumerateArray().Single().GetProperty("averageScore").GetDecimal()); // 90×.4+80×.25+70×.2+60×.15

        // 挂帅: the bounty plus support is committed.
        var awarded = await b.Post(Company, $"/api/challenges/{id}/applications/{applicationId}/award", new { });
        Assert.Equal("已定榜", awarded.GetProperty("statusName").GetString());
        Assert.Equal(120_000m, awarded.GetProperty("ledger").GetProperty("committed").GetDecimal());

        var due = DateOnly.FromDateTime(DateTime.UtcNow.AddDays(60)).ToString("yyyy-MM-dd");
        var planned = await b.Put(Company, $"/api/challenges/{id}/milestones", new
        {
            milestones = new[] { new { title = "温度场模型", dueDate = due, amount = 70_000m }, new { title = "补偿上线验证", dueDate = due, amount = 50_000m } },
        });
        var milestones = planned.GetProperty("milestones").EnumerateArray().Select(m => m.GetProperty("id").GetGuid()).ToList();
        await b.Post(Engineer, $"/api/challenges/{id}/start-work", new { });
        foreach (var milestone in milestones)
        {
            await b.Post(OtherEngineer(1), $"/api/challenges/{id}/milestones/{milestone}/deliver", new { note = "成果与测试报告见附件" });
            await b.Post(Company, $"/api/challenges/{id}/milestones/{milestone}/review", new { accept = true, comment = "符合要求" });
        }

        await b.Post(Engineer, $"/api/challenges/{id}/deliver", new { note = "全部成果交付" });
        var verified = await b.Post(Operator, $"/api/challenges/{id}/verification", new
        {
            verifierName = "湘潭重工车间 王主任", location = "湘潭重工二号车间", passed = true, report = "连续运行 8 小时热误差小于 5 微米，达到指标。",
        });
        Assert.Equal("市场评价中", verified.GetProperty("statusName").GetString());
        await b.Post(Company, $"/api/challenges/{id}/evaluations", new { rating = 5, costSaved = 800_000m, outputAdded = 2_000_000m, note = "废品率下降 60%" });
        var settled = await b.Post(Company, $"/api/challenges/{id}/settle", new { });

        Assert.Equal("已结算", settled.GetProperty("statusName").GetString());
        var ledger = settled.GetProperty("ledger");
        Assert.Equal(120_000m, ledger.GetProperty("released").GetDecimal());
        Assert.Equal(0m, ledger.GetProperty("outstanding").GetDecimal());
        var shares = settled.GetProperty("awards").EnumerateArray().Single().GetProperty("shares").EnumerateArray()
            .ToDictionary(s => s.GetProperty("engineerId").GetGuid(), s => s.GetProperty("released").GetDecimal());
        Assert.Equal(72_000m, shares[lead]);
        Assert.Equal(48_000m, shares[mate]);
        var myWork = (await b.Get(Engineer, "/api/me/applications")).EnumerateArray().Single(a => a.GetProperty("application").GetProperty("id").GetGuid() == applicationId);
        Assert.Equal(72_000m, myWork.GetProperty("releasedToMe").GetDecimal());

        // Every step is in the audit trail, and the public counters moved.
        var audit = settled.GetProperty("audit").EnumerateArray().Select(a => a.GetProperty("to").GetString()).ToList();
        Assert.Equal(["揭榜中", "揭榜截止", "评审中", "已定榜", "攻关中", "已交付待验题", "市场评价中", "已结算"], audit.Distinct().Where(s => s is not "草稿" and not "待审核").ToList());
        var after = await fixture.App.WithDbAsync(db => db.Engineers.Where(e => e.Id == lead || e.Id == mate)
            .ToDictionaryAsync(e => e.Id, e => (e.ChallengesWon, e.VerifiedDeliveries, e.RatingCount)));
        foreach (var engineer in new[] { lead, mate })
        {
            Assert.Equal(before[engineer].ChallengesWon + 1, after[engineer].ChallengesWon);
            Assert.Equal(before[engineer].VerifiedDeliveries + 1, after[engineer].VerifiedDeliveries);
            Assert.Equal(before[engineer].RatingCount + 1, after[engineer].RatingCount);
        }

        // Each party was told at each step.
        var inbox = await b.Get(Engineer, "/api/notifications?size=100");
        var kinds = inbox.GetProperty("page").GetProperty("items").EnumerateArray()
            .Where(n => n.GetProperty("link").GetString() == $"/Challenges/Details/{id}").Select(n => n.GetProperty("kind").GetString()).ToHashSet();
        Assert.Superset(new HashSet<string?> { "challenge.awarded", "challenge.milestones", "challenge.milestone-accepted", "challenge.verified", "challenge.settled" }, kinds);
        var companyInbox = await b.Get(Company, "/api/notifications?size=100");
        Assert.Contains(companyInbox.GetProperty("page").GetProperty("items").EnumerateArray(),
            n => n.GetProperty("kind").GetString() == "challenge.milestone-delivered" && n.GetProperty("link").GetString() == $"/Challenges/Details/{id}");
    }

    [Fact]
    public async Task Race_mode_awards_up_to_its_slots_then_the_company_keeps_one()
    {
        var b = _board;
        var id = await b.PublishedAsync(Listing(title: "赛马：齿轮箱降噪", raceSlots: 2));
        var first = await b.ApplyAsync(OtherEngineer(2), id);
        var second = await b.ApplyAsync(OtherEngineer(3), id);
        var third = await b.ApplyAsync(OtherEngineer(4), id);
        await b.EvaluateAsync(id);
        await b.Post(Company, $"/api/challenges/{id}/applications/{first}/award", new { });
        await b.Post(Company, $"/api/challenges/{id}/applications/{second}/award", new { });
        var full = await (await b.Try(Company, $"/api/challenges/{id}/applications/{third}/award", new { })).AssertProblemAsync(HttpStatusCode.Conflict);
        Assert.Equal("award_slots_full", full.GetProperty("code").GetString());

        var due = DateOnly.FromDateTime(DateTime.UtcNow.AddDays(30)).ToString("yyyy-MM-dd");
        await b.Put(Company, $"/api/challenges/{id}/milestones", new { milestones = new[] { new { title = "样机", dueDate = due, amount = 100_000m } } });
        await b.Post(OtherEngineer(2), $"/api/challenges/{id}/start-work", new { });

        // While two teams race, no one can deliver: the company must first keep one.
        var milestone = (await b.Get(Company, $"/api/challenges/{id}")).GetProperty("milestones")[0].GetProperty("id").GetGuid();
        var racing = await (await b.Try(OtherEngineer(2), $"/api/challenges/{id}/milestones/{milestone}/deliver", new { note = "样机" })).AssertProblemAsync(HttpStatusCode.Conflict);
        Assert.Equal("race_not_decided", racing.GetProperty("code").GetString());

        var detail = await b.Get(Company, $"/api/challenges/{id}");
        var kept = await b.Post(Company, $"/api/challenges/{id}/down-select", new { version = Version(detail), keepApplicationId = first });
        var awards = kept.GetProperty("awards").EnumerateArray().ToDictionary(a => a.GetProperty("applicationId").GetGuid(), a => a.GetProperty("statusName").GetString());
        Assert.Equal("中榜", awards[first]);
        Assert.Equal("赛马淘汰", awards[second]);

        // The eliminated team is no longer a taker.
        var eliminated = await b.Try(OtherEngineer(3), $"/api/challenges/{id}/milestones/{milestone}/deliver", new { note = "样机" });
        await eliminated.AssertProblemAsync(HttpStatusCode.Forbidden);
        await b.Post(OtherEngineer(2), $"/api/challenges/{id}/milestones/{milestone}/deliver", new { note = "样机" });
        var statuses = await fixture.App.WithDbAsync(db => db.ChallengeApplications.Where(a => a.ChallengeId == id).ToDictionaryAsync(a => a.Id, a => a.Status));
        Assert.Equal(ApplicationStatus.Eliminated, statuses[second]);
        Assert.Equal(ApplicationStatus.Submitted, statuses[third]);
    }

    [Fact]
    public async Task Parallel_awards_over_http_never_exceed_the_slots()
    {
        var b = _board;
        var id = await b.PublishedAsync(Listing(title: "并发定榜：液压阀块优化", raceSlots: 2));
        var applications = new List<Guid>();
        for (var i = 10; i < 18; i++)
        {
            applications.Add(await b.ApplyAsync(OtherEngineer(i), id));
        }

        await b.EvaluateAsync(id);

        // Eight company users' clicks at once, each on a different application: exactly two can win.
        var clients = new List<HttpClient>();
        foreach (var _ in applications)
        {
            clients.Add(await fixture.App.ClientForAsync(Company));
        }

        var responses = await Task.WhenAll(applications.Select((a, i) => clients[i].PostAsJsonAsync($"/api/challenges/{id}/applications/{a}/award", new { })));
        Assert.Equal(2, responses.Count(r => r.StatusCode == HttpStatusCode.OK));
        foreach (var refused in responses.Where(r => r.StatusCode != HttpStatusCode.OK))
        {
            await refused.AssertProblemAsync(HttpStatusCode.Conflict);
        }

        var stored = await fixture.App.WithDbAsync(async db =>
        {
            var c = await db.Challenges.AsNoTracking().FirstAsync(x => x.Id == id);
            var awardedApplications = await db.ChallengeApplications.CountAsync(a => a.ChallengeId == id && a.Status == ApplicationStatus.Awarded);
            return (Active: c.ActiveAwards.Count(), Commitments: c.Ledger.Count(e => e.Kind == LedgerEntryKind.Committed), Applications: awardedApplications);
        });
        Assert.Equal((2, 1, 2), stored);
    }

    [Fact]
    public async Task Nda_hides_details_and_questions_until_accepted_and_the_time_is_recorded()
    {
        var b = _board;
        var id = await b.PublishedAsync(Listing(title: "保密：新型耐磨涂层配方", confidentiality: "Nda"));

        var before = await b.Get(OtherEngineer(20), $"/api/challenges/{id}");
        Assert.False(before.GetProperty("detailsVisible").GetBoolean());
        Assert.Equal(JsonValueKind.Null, before.GetProperty("description").ValueKind);
        Assert.Equal(JsonValueKind.Null, before.GetProperty("questions").ValueKind);
        var apply = await (await b.As(OtherEngineer(20))).PostAsJsonAsync($"/api/challenges/{id}/applications", new { proposal = "p", plan = "p", quote = 1000, timelineDays = 10 });
        Assert.Equal("nda_required", (await apply.AssertProblemAsync(HttpStatusCode.Conflict)).GetProperty("code").GetString());
        await (await b.Try(OtherEngineer(20), $"/api/challenges/{id}/questions", new { text = "涂层厚度要求？" })).AssertProblemAsync(HttpStatusCode.Forbidden);

        var accepted = await b.Post(OtherEngineer(21), $"/api/challenges/{id}/nda", new { });
        Assert.True(accepted.GetProperty("ndaAccepted").GetBoolean());
        Assert.NotEqual(JsonValueKind.Null, accepted.GetProperty("description").ValueKind);
        var asked = await b.Post(OtherEngineer(21), $"/api/challenges/{id}/questions", new { text = "基材是 42CrMo 吗？" });
        var question = asked.GetProperty("questions")[0].GetProperty("id").GetGuid();
        await b.Post(Company, $"/api/challenges/{id}/questions/{question}/answer", new { answer = "是，调质处理后。" });

        // The answer is public to those who may read the details, and still hidden from the one who has not signed.
        var signed = await b.Get(OtherEngineer(21), $"/api/challenges/{id}");
        Assert.Equal("是，调质处理后。", signed.GetProperty("questions")[0].GetProperty("answer").GetString());
        Assert.Equal(JsonValueKind.Null, (await b.Get(OtherEngineer(20), $"/api/challenges/{id}")).GetProperty("questions").ValueKind);
        var record = await fixture.App.WithDbAsync(db => db.Challenges.AsNoTracking().Where(c => c.Id == id).Select(c => c.NdaAcceptances).FirstAsync());
        Assert.True(DateTimeOffset.UtcNow - Assert.Single(record).AcceptedAt < TimeSpan.FromMinutes(5));
    }

    [Fact]
    public async Task Invite_only_listing_leaks_through_no_door_to_an_engineer_not_invited()
    {
        var b = _board;
        var invited = await b.EngineerIdAsync(OtherEngineer(30));
        var draft = await Ok(await (await b.As(Company)).PostAsJsonAsync("/api/challenges", Listing(title: "定向邀请：风电主轴承在线监测", confidentiality: "InviteOnly")), HttpStatusCode.Created);
        var id = draft.GetProperty("id").GetGuid();
        await b.Post(Company, $"/api/challenges/{id}/invitations", new { engineerIds = new[] { invited } });
        var submitted = await b.Post(Company, $"/api/challenges/{id}/submit", new { version = Version(await b.Get(Company, $"/api/challenges/{id}")) });
        await b.Post(Operator, $"/api/challenges/{id}/publish", new { version = Version(submitted) });
        await b.Post(OtherEngineer(30), $"/api/challenges/{id}/questions", new { text = "现场是否有振动传感器？" });
        var invitedApplication = await b.ApplyAsync(OtherEngineer(30), id);

        var outsider = await b.As(OtherEngineer(31));
        Assert.Equal(HttpStatusCode.NotFound, (await outsider.GetAsync($"/api/challenges/{id}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await outsider.GetAsync($"/api/challenges/{id}/applications")).StatusCode);
        foreach (var query in new[] { "?size=100", "?q=风电主轴承", "?status=Published&size=100", "?cluster=construction-machinery&size=100" })
        {
            var list = await b.Get(OtherEngineer(31), "/api/challenges" + query);
            Assert.DoesNotContain(list.GetProperty("items").EnumerateArray(), c => c.GetProperty("id").GetGuid() == id);
        }

        foreach (var (url, body) in new (string, object)[]
                 {
                     ($"/api/challenges/{id}/questions", new { text = "?" }),
                     ($"/api/challenges/{id}/nda", new { }),
                     ($"/api/challenges/{id}/applications", new { proposal = "p", plan = "p", quote = 1000, timelineDays = 10 }),
                     ($"/api/challenges/{id}/applications/{invitedApplication}/withdraw", new { }),
                 })
        {
            await (await outsider.PostAsJsonAsync(url, body)).AssertProblemAsync(HttpStatusCode.NotFound);
        }

        // The invited engineer sees it in the list and the notification told them.
        var listed = await b.Get(OtherEngineer(30), "/api/challenges?q=风电主轴承");
        Assert.Contains(listed.GetProperty("items").EnumerateArray(), c => c.GetProperty("id").GetGuid() == id);
        var inbox = await b.Get(OtherEngineer(30), "/api/notifications?size=50");
        Assert.Contains(inbox.GetProperty("page").GetProperty("items").EnumerateArray(), n => n.GetProperty("kind").GetString() == "challenge.invited");
    }

    [Fact]
    public async Task Keyword_search_treats_wildcards_as_text()
    {
        var b = _board;
        var id = await b.PublishedAsync(Listing(title: "100%_国产化 PLC 替代"));
        var hit = await b.Get(OtherEngineer(5), "/api/challenges?q=" + Uri.EscapeDataString("100%_国产化"));
        Assert.Contains(hit.GetProperty("items").EnumerateArray(), c => c.GetProperty("id").GetGuid() == id);
        var miss = await b.Get(OtherEngineer(5), "/api/challenges?q=" + Uri.EscapeDataString("1%化"));
        Assert.DoesNotContain(miss.GetProperty("items").EnumerateArray(), c => c.GetProperty("id").GetGuid() == id);
    }
}
