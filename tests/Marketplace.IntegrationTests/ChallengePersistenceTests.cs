using Marketplace.Domain.Challenges;
using Marketplace.Domain.Common;
using Marketplace.Domain.Organizations;
using Marketplace.Infrastructure.Persistence;
using Marketplace.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Marketplace.IntegrationTests;

/// <summary>
/// The challenge aggregate on the real database: every step in its own DbContext (as in separate requests), and
/// awards racing each other under the listing's xmin.
/// </summary>
[Collection(AppCollection.Name)]
public sealed class ChallengePersistenceTests(AppFixture fixture)
{
    private static readonly DateTimeOffset Start = new(2026, 11, 23, 1, 0, 0, TimeSpan.Zero);

    [Fact]
    public async Task The_whole_life_cycle_survives_a_round_trip_through_postgresql_at_every_step()
    {
        var (companyId, engineers) = await Participants(2);
        var owner = new ChallengeActor(Guid.NewGuid(), ChallengeParty.Owner);
        var operatorActor = new ChallengeActor(Guid.NewGuid(), ChallengeParty.Operator);
        var now = Start;
        var id = Guid.NewGuid();
        await Step(db =>
        {
            db.Challenges.Add(Challenge.Create(id, companyId, owner.UserId!.Value, Listing(1), now));
            return Task.CompletedTask;
        });

        await Step(async db => (await Load(db, id)).Submit(owner, now = now.AddHours(1)));
        await Step(async db => (await Load(db, id)).Publish(operatorActor, now = now.AddHours(1)));
        await Step(async db => (await Load(db, id)).SetSupport(operatorActor, 30_000m, "市级助题资金", now = now.AddHours(1)));
        var applicationIds = new List<Guid>();
        await Step(async db =>
        {
            var challenge = await Load(db, id);
            foreach (var engineer in engineers)
            {
                challenge.EnsureCanApply(new ChallengeActor(Guid.NewGuid(), ChallengeParty.Engineer, engineer), now);
                var application = ChallengeApplication.Start(Guid.NewGuid(), id, engineer, "焊接工艺改进方案", "三阶段实施", 150_000m, 60, [], now);
                applicationIds.Add(application.Id);
                db.ChallengeApplications.Add(application);
            }

            challenge.AskQuestion(new ChallengeActor(Guid.NewGuid(), ChallengeParty.Engineer, engineers[0]), Guid.NewGuid(), "能否提供失效样品？", now);
        });
        await Step(async db =>
        {
            var challenge = await Load(db, id);
            challenge.AnswerQuestion(owner, challenge.Questions[0].Id, "可以提供。", now);
            challenge.CloseApplications(ChallengeActor.System, 2, now = challenge.ApplicationDeadline);
            challenge.StartEvaluation(owner, now = now.AddHours(1));
            var expert = new ChallengeActor(Guid.NewGuid(), ChallengeParty.Expert);
            challenge.AssignPanel(owner, [expert.UserId!.Value], now);
            var first = await db.ChallengeApplications.SingleAsync(a => a.Id == applicationIds[0]);
            challenge.Score(expert, first, ApplicationScore.Criteria.ToDictionary(c => c.Code, _ => 85), "方案扎实", now);
        });
        var taker = new ChallengeActor(Guid.NewGuid(), ChallengeParty.Taker, engineers[0]);
        await Step(async db =>
        {
            var challenge = await Load(db, id);
            challenge.Award(owner, await db.ChallengeApplications.SingleAsync(a => a.Id == applicationIds[0]), now = now.AddHours(1));
            var due = DateOnly.FromDateTime(now.AddDays(30).UtcDateTime);
            challenge.DefineMilestones(owner, [new MilestonePlan("失效分析", due, 80_000m), new MilestonePlan("工艺验证", due.AddDays(30), 150_000m)], now);
        });
        await Step(async db => (await Load(db, id)).StartWork(taker, now = now.AddDays(1)));
        foreach (var index in new[] { 0, 1 })
        {
            await Step(async db =>
            {
                var challenge = await Load(db, id);
                challenge.DeliverMilestone(taker, challenge.Milestones.OrderBy(m => m.Sequence).ElementAt(index).Id, "成果报告", now = now.AddDays(5));
            });
            await Step(async db =>
            {
                var challenge = await Load(db, id);
                challenge.ReviewMilestone(owner, challenge.Milestones.OrderBy(m => m.Sequence).ElementAt(index).Id, accept: true, "合格", now = now.AddDays(1));
            });
        }

        await Step(async db => (await Load(db, id)).Deliver(taker, "全部成果", now = now.AddDays(1)));
        await Step(async db => (await Load(db, id)).RecordVerification(operatorActor, "刘主任", "株洲三号车间", passed: true, "连续运行 500 小时无裂纹", now = now.AddDays(3)));
        await Step(async db => (await Load(db, id)).RecordMarketEvaluation(owner, 5, 900_000m, 1_500_000m, "返修率下降", now = now.AddDays(1)));
        await Step(async db => (await Load(db, id)).Settle(operatorActor, now = now.AddDays(1)));

        var saved = await fixture.App.WithDbAsync(db => Load(db, id));
        Assert.Equal(ChallengeStatus.Settled, saved.Status);
        Assert.Equal(230_000m, saved.Committed);
        Assert.Equal(230_000m, saved.Released);
        Assert.Equal(0m, saved.Outstanding);
        Assert.Equal("可以提供。", Assert.Single(saved.Questions).Answer);
        Assert.True(Assert.Single(saved.Verifications).Passed);
        Assert.Equal(900_000m, Assert.Single(saved.Evaluations).CostSaved);
        Assert.Equal([engineers[0]], Assert.Single(saved.Awards).Shares.Select(s => s.EngineerId));
        Assert.Contains(saved.Audit, a => a.To == ChallengeStatus.Settled && a.ActorUserId == operatorActor.UserId);
        var scored = await fixture.App.WithDbAsync(db => db.ChallengeApplications.SingleAsync(a => a.Id == applicationIds[0]));
        Assert.Equal(85m, scored.AverageScore);
        Assert.Equal(ApplicationStatus.Awarded, scored.Status);
    }

    [Fact]
    public async Task Parallel_awards_never_exceed_the_slots_and_fill_them_exactly()
    {
        const int slots = 2;
        const int contenders = 8;
        var (companyId, engineers) = await Participants(contenders);
        var owner = new ChallengeActor(Guid.NewGuid(), ChallengeParty.Owner);
        var id = Guid.NewGuid();
        var applications = new List<Guid>();
        await Step(db =>
        {
            var challenge = Challenge.Create(id, companyId, owner.UserId!.Value, Listing(slots), Start);
            challenge.Submit(owner, Start);
            challenge.Publish(new ChallengeActor(Guid.NewGuid(), ChallengeParty.Operator), Start);
            foreach (var engineer in engineers)
            {
                var application = ChallengeApplication.Start(Guid.NewGuid(), id, engineer, "方案", "计划", 100_000m, 30, [], Start);
                applications.Add(application.Id);
                db.ChallengeApplications.Add(application);
            }

            challenge.CloseApplications(ChallengeActor.System, contenders, challenge.ApplicationDeadline);
            challenge.StartEvaluation(owner, challenge.ApplicationDeadline);
            db.Challenges.Add(challenge);
            return Task.CompletedTask;
        });

        // Every request re-reads and retries on a concurrency conflict, as the award handler does; what decides the
        // outcome is the domain rule under the row version, not who came first.
        var results = await Task.WhenAll(applications.Select(applicationId => Task.Run(async () =>
        {
            for (var attempt = 0; attempt < 50; attempt++)
            {
                await using var scope = fixture.App.Services.CreateAsyncScope();
                var db = scope.ServiceProvider.GetRequiredService<MarketplaceDbContext>();
                var challenge = await Load(db, id);
                var application = await db.ChallengeApplications.SingleAsync(a => a.Id == applicationId);
                try
                {
                    challenge.Award(owner, application, Start.AddDays(40));
                    await db.SaveChangesAsync();
                    return "awarded";
                }
                catch (DomainConflictException e)
                {
                    return e.Code;
                }
                catch (DbUpdateConcurrencyException)
                {
                    await Task.Delay(Random.Shared.Next(5, 40));
                }
            }

            return "gave up";
        })));

        Assert.Equal(slots, results.Count(r => r == "awarded"));
        Assert.Equal(contenders - slots, results.Count(r => r == "award_slots_full"));
        var saved = await fixture.App.WithDbAsync(db => Load(db, id));
        Assert.Equal(slots, saved.Awards.Count);
        Assert.Single(saved.Ledger, e => e.Kind == LedgerEntryKind.Committed);
        var awardedRows = await fixture.App.WithDbAsync(db => db.ChallengeApplications.CountAsync(a => a.ChallengeId == id && a.Status == ApplicationStatus.Awarded));
        Assert.Equal(slots, awardedRows);
    }

    private static ChallengeListing Listing(int raceSlots) =>
        new("液压支架焊缝疲劳开裂攻关", "某型液压支架在 2000 小时后焊缝开裂，需要分析原因并给出工艺改进方案。", "construction-machinery",
            ["cm-welding-process"], "process-optimization", 200_000m, Start.AddDays(30), 90, "430200", true,
            IpArrangement.Shared, Confidentiality.Public, raceSlots, 14);

    private static Task<Challenge> Load(MarketplaceDbContext db, Guid id) => db.Challenges.SingleAsync(c => c.Id == id);

    private async Task Step(Func<MarketplaceDbContext, Task> action)
    {
        await using var scope = fixture.App.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<MarketplaceDbContext>();
        await action(db);
        await db.SaveChangesAsync();
    }

    private async Task<(Guid CompanyId, List<Guid> Engineers)> Participants(int engineers)
    {
        return await fixture.App.WithDbAsync(async db =>
        {
            var company = await db.Organizations.Where(o => o.Kind == OrganizationKind.Company).Select(o => o.Id).FirstAsync();
            var ids = await db.Engineers.OrderBy(e => e.Id).Take(engineers).Select(e => e.Id).ToListAsync();
            return (company, ids);
        });
    }
}
