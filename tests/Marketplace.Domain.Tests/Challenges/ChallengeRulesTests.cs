using Marketplace.Domain.Challenges;
using Marketplace.Domain.Common;

namespace Marketplace.Domain.Tests.Challenges;

public sealed class ChallengeRulesTests
{
    [Fact]
    public void Happy_path_commits_at_award_releases_per_milestone_and_settles_with_everything_released()
    {
        var s = ChallengeScenario.InState(ChallengeStatus.UnderEvaluation);
        s.Challenge.SetSupport(s.Operator, 50_000m, "株洲市工信局助题资金", s.Tick());
        s.Challenge.Award(s.Owner, s.Awarded!, s.Tick());
        Assert.Equal(250_000m, s.Challenge.Committed);
        Assert.Equal(ApplicationStatus.Awarded, s.Awarded!.Status);

        var due = DateOnly.FromDateTime(s.Now.AddDays(20).UtcDateTime);
        s.Challenge.DefineMilestones(s.Owner, [new MilestonePlan("失效分析", due, 100_000m), new MilestonePlan("工艺改进与验证", due.AddDays(30), 150_000m)], s.Tick());
        s.Challenge.StartWork(s.Taker, s.Tick());
        foreach (var milestone in s.Challenge.Milestones)
        {
            s.Challenge.DeliverMilestone(s.Taker, milestone.Id, "报告", s.Tick());
            s.Challenge.ReviewMilestone(s.Owner, milestone.Id, accept: true, null, s.Tick());
        }

        Assert.Equal(250_000m, s.Challenge.Released);
        s.Challenge.Deliver(s.Taker, "全部成果", s.Tick());
        s.Challenge.RecordVerification(s.Owner, "车间主任 刘", "株洲三号车间", passed: true, "试运行通过", s.Tick());
        Assert.Equal(ChallengeStatus.MarketEvaluation, s.Challenge.Status);
        s.Challenge.RecordMarketEvaluation(s.Owner, 5, 800_000m, 2_000_000m, null, s.Tick());
        s.Challenge.Settle(s.Owner, s.Tick());

        Assert.Equal(ChallengeStatus.Settled, s.Challenge.Status);
        Assert.Equal(0m, s.Challenge.Outstanding);
        Assert.All(s.Challenge.Ledger.Where(e => e.Kind == LedgerEntryKind.Released), e => Assert.Equal(s.TakerEngineer, e.EngineerId));
        Assert.Equal(
            [ChallengeStatus.Draft, ChallengeStatus.Submitted, ChallengeStatus.Published, ChallengeStatus.ApplicationsClosed,
             ChallengeStatus.UnderEvaluation, ChallengeStatus.Awarded, ChallengeStatus.InProgress, ChallengeStatus.Delivered,
             ChallengeStatus.MarketEvaluation, ChallengeStatus.Settled],
            s.Challenge.Audit.Select(a => a.To).Distinct());
    }

    [Fact]
    public void A_milestone_is_released_once_and_a_sent_back_one_pays_nothing_until_accepted()
    {
        var s = ChallengeScenario.InState(ChallengeStatus.InProgress);
        var id = s.Challenge.Milestones[0].Id;
        s.Challenge.DeliverMilestone(s.Taker, id, "初稿", s.Tick());
        Assert.Throws<DomainException>(() => s.Challenge.ReviewMilestone(s.Owner, id, accept: false, null, s.Tick()));
        s.Challenge.ReviewMilestone(s.Owner, id, accept: false, "缺少疲劳试验数据", s.Tick());
        Assert.Equal(0m, s.Challenge.Released);
        s.Challenge.DeliverMilestone(s.Taker, id, "补充试验数据", s.Tick());
        s.Challenge.ReviewMilestone(s.Owner, id, accept: true, null, s.Tick());
        Assert.Equal(s.Challenge.TotalAmount, s.Challenge.Released);
        Assert.Throws<DomainConflictException>(() => s.Challenge.ReviewMilestone(s.Owner, id, accept: true, null, s.Tick()));
        Assert.Equal(s.Challenge.TotalAmount, s.Challenge.Released);
    }

    [Fact]
    public void Milestone_amounts_must_add_up_to_bounty_plus_support()
    {
        var s = ChallengeScenario.InState(ChallengeStatus.Awarded);
        var due = DateOnly.FromDateTime(s.Now.AddDays(10).UtcDateTime);
        var error = Assert.Throws<DomainException>(() =>
            s.Challenge.DefineMilestones(s.Owner, [new MilestonePlan("一期", due, 100_000m)], s.Tick()));
        Assert.Equal("milestones_sum", error.Code);
    }

    [Fact]
    public void Race_mode_awards_up_to_its_slots_then_down_selects_to_one_before_milestones()
    {
        var s = ChallengeScenario.InState(ChallengeStatus.UnderEvaluation, ChallengeScenario.Listing(raceSlots: 2));
        var third = ChallengeApplication.Start(Guid.NewGuid(), s.Challenge.Id, Guid.NewGuid(), "第三方案", "计划", 100_000m, 30, [], s.Tick());
        s.Challenge.Award(s.Owner, s.Awarded!, s.Tick());
        s.Challenge.Award(s.Owner, s.Rival!, s.Tick());
        var full = Assert.Throws<DomainConflictException>(() => s.Challenge.Award(s.Owner, third, s.Tick()));
        Assert.Equal("award_slots_full", full.Code);
        Assert.Equal(s.Challenge.TotalAmount, s.Challenge.Committed);

        s.Challenge.DefineMilestones(s.Owner, [new MilestonePlan("全部", DateOnly.FromDateTime(s.Now.AddDays(30).UtcDateTime), s.Challenge.TotalAmount)], s.Tick());
        s.Challenge.StartWork(s.Taker, s.Tick());
        var milestone = s.Challenge.Milestones[0].Id;
        Assert.Equal("race_not_decided", Assert.Throws<DomainConflictException>(() => s.Challenge.DeliverMilestone(s.Taker, milestone, "成果", s.Tick())).Code);

        var eliminated = s.Challenge.DownSelect(s.Owner, s.Awarded!.Id, [s.Awarded!, s.Rival!], s.Tick());
        Assert.Equal([s.Rival!.Id], eliminated);
        Assert.Equal(ApplicationStatus.Eliminated, s.Rival!.Status);
        s.Challenge.DeliverMilestone(s.Taker, milestone, "成果", s.Tick());
        Assert.Equal(MilestoneStatus.Delivered, s.Challenge.Milestones[0].Status);
    }

    [Fact]
    public void A_team_applies_only_once_every_member_confirms_and_shares_sum_to_100()
    {
        var lead = Guid.NewGuid();
        var member = Guid.NewGuid();
        var now = ChallengeScenario.Start;
        var notHundred = Assert.Throws<DomainException>(() =>
            ChallengeApplication.Start(Guid.NewGuid(), Guid.NewGuid(), lead, "方案", "计划", 1000m, 10, [(lead, 60), (member, 30)], now));
        Assert.Equal("shares_not_100", notHundred.Code);
        Assert.Equal("team_without_lead", Assert.Throws<DomainException>(() =>
            ChallengeApplication.Start(Guid.NewGuid(), Guid.NewGuid(), lead, "方案", "计划", 1000m, 10, [(member, 100)], now)).Code);

        var application = ChallengeApplication.Start(Guid.NewGuid(), Guid.NewGuid(), lead, "方案", "计划", 1000m, 10, [(lead, 70), (member, 30)], now);
        Assert.Equal(ApplicationStatus.Draft, application.Status);
        Assert.Throws<DomainForbiddenException>(() => application.ConfirmMembership(Guid.NewGuid(), now));
        application.ConfirmMembership(member, now.AddHours(1));
        Assert.Equal(ApplicationStatus.Submitted, application.Status);
    }

    [Fact]
    public void Team_members_are_paid_their_agreed_shares_to_the_fen()
    {
        var s = ChallengeScenario.InState(ChallengeStatus.UnderEvaluation, ChallengeScenario.Listing(bounty: 100_000.01m));
        var a = Guid.NewGuid();
        var b = Guid.NewGuid();
        var c = Guid.NewGuid();
        var team = ChallengeApplication.Start(Guid.NewGuid(), s.Challenge.Id, a, "团队方案", "计划", 100_000m, 30, [(a, 34), (b, 33), (c, 33)], s.Tick());
        team.ConfirmMembership(b, s.Tick());
        team.ConfirmMembership(c, s.Tick());
        s.Challenge.Award(s.Owner, team, s.Tick());
        s.Challenge.DefineMilestones(s.Owner, [new MilestonePlan("全部", DateOnly.FromDateTime(s.Now.AddDays(30).UtcDateTime), 100_000.01m)], s.Tick());
        var taker = new ChallengeActor(Guid.NewGuid(), ChallengeParty.Taker, b);
        s.Challenge.StartWork(taker, s.Tick());
        var milestone = s.Challenge.Milestones[0].Id;
        s.Challenge.DeliverMilestone(taker, milestone, "成果", s.Tick());
        s.Challenge.ReviewMilestone(s.Owner, milestone, accept: true, null, s.Tick());

        var paid = s.Challenge.Ledger.Where(e => e.Kind == LedgerEntryKind.Released).ToDictionary(e => e.EngineerId!.Value, e => e.Amount);
        Assert.Equal(34_000.01m, paid[a]);
        Assert.Equal(33_000.00m, paid[b]);
        Assert.Equal(33_000.00m, paid[c]);
        Assert.Equal(100_000.01m, paid.Values.Sum());
    }

    [Fact]
    public void Abandonment_needs_the_silent_period_and_sends_the_listing_back_to_evaluation()
    {
        var s = ChallengeScenario.InState(ChallengeStatus.InProgress);
        s.Now = s.Now.AddDays(10);
        var early = Assert.Throws<DomainConflictException>(() => s.Challenge.DeclareAbandoned(s.Owner, s.Awarded!, s.Now));
        Assert.Equal("abandon_too_early", early.Code);

        s.Now = s.Now.AddDays(5);
        var engineers = s.Challenge.DeclareAbandoned(s.Owner, s.Awarded!, s.Now);
        Assert.Equal([s.TakerEngineer], engineers);
        Assert.Equal(ApplicationStatus.Abandoned, s.Awarded!.Status);
        Assert.Equal(ChallengeStatus.UnderEvaluation, s.Challenge.Status);
        Assert.Equal(ChallengeParty.Engineer, s.Challenge.PartyForEngineer(s.TakerEngineer));

        // Re-award: the commitment made at the first award stays; nothing is committed twice.
        s.Challenge.Award(s.Owner, s.Rival!, s.Tick());
        Assert.Equal(s.Challenge.TotalAmount, s.Challenge.Committed);
    }

    [Fact]
    public void Activity_by_the_taker_restarts_the_abandonment_clock()
    {
        var s = ChallengeScenario.InState(ChallengeStatus.InProgress);
        s.Now = s.Now.AddDays(13);
        s.Challenge.RecordTakerActivity(s.TakerEngineer, s.Now);
        s.Now = s.Now.AddDays(13);
        Assert.Throws<DomainConflictException>(() => s.Challenge.DeclareAbandoned(s.Owner, s.Awarded!, s.Now));
    }

    [Fact]
    public void A_failed_verification_allows_one_redelivery_only()
    {
        var s = ChallengeScenario.InState(ChallengeStatus.VerificationFailed);
        s.Challenge.Redeliver(s.Taker, "更换焊材后重新交付", s.Tick());
        Assert.Equal(ChallengeStatus.Delivered, s.Challenge.Status);
        s.Challenge.RecordVerification(s.Operator, "李主任", "三号车间", passed: false, "仍有裂纹", s.Tick());
        Assert.Equal("redelivery_used", Assert.Throws<DomainConflictException>(() => s.Challenge.Redeliver(s.Taker, "再试", s.Tick())).Code);
        Assert.Equal(2, s.Challenge.Verifications.Count);
    }

    [Fact]
    public void Cancelling_after_award_voids_what_was_not_released()
    {
        var s = ChallengeScenario.InState(ChallengeStatus.Awarded);
        s.Challenge.Cancel(s.Operator, "企业破产清算", s.Tick());
        Assert.Equal(s.Challenge.TotalAmount, s.Challenge.Voided);
        Assert.Equal(0m, s.Challenge.Outstanding);
    }

    [Fact]
    public void Follow_up_evaluations_open_at_3_6_and_12_months_after_settlement()
    {
        var s = ChallengeScenario.InState(ChallengeStatus.Settled);
        var settled = s.Challenge.SettledAt!.Value;
        Assert.Equal("evaluation_not_due", Assert.Throws<DomainConflictException>(() =>
            s.Challenge.RecordMarketEvaluation(s.Owner, 4, 0m, 0m, null, settled.AddMonths(2))).Code);
        s.Challenge.RecordMarketEvaluation(s.Owner, 4, 300_000m, 0m, null, settled.AddMonths(3));
        s.Challenge.RecordMarketEvaluation(s.Owner, 5, 700_000m, 0m, null, settled.AddMonths(7));
        Assert.Throws<DomainConflictException>(() => s.Challenge.RecordMarketEvaluation(s.Owner, 5, 0m, 0m, null, settled.AddMonths(8)));
        s.Challenge.RecordMarketEvaluation(s.Owner, 5, 1_500_000m, 0m, null, settled.AddMonths(12));
        Assert.Equal([0, 3, 6, 12], s.Challenge.Evaluations.Select(e => e.MonthsAfterSettlement));
    }

    [Fact]
    public void Deadline_with_no_applicant_is_expiry_and_with_applicants_closes_for_evaluation()
    {
        var s = ChallengeScenario.InState(ChallengeStatus.Published);
        Assert.Equal("deadline_not_reached", Assert.Throws<DomainConflictException>(() =>
            s.Challenge.CloseApplications(ChallengeActor.System, 0, s.Now)).Code);
        var after = s.Challenge.ApplicationDeadline;
        s.Challenge.CloseApplications(ChallengeActor.System, 0, after);
        Assert.Equal(ChallengeStatus.Expired, s.Challenge.Status);

        var other = ChallengeScenario.InState(ChallengeStatus.Published);
        other.Challenge.CloseApplications(ChallengeActor.System, 3, other.Challenge.ApplicationDeadline);
        Assert.Equal(ChallengeStatus.ApplicationsClosed, other.Challenge.Status);
        Assert.Null(other.Challenge.Audit[^1].ActorUserId);
    }

    [Fact]
    public void Applying_after_the_deadline_is_refused()
    {
        var s = ChallengeScenario.InState(ChallengeStatus.Published);
        Assert.Equal("deadline_passed", Assert.Throws<DomainConflictException>(() =>
            s.Challenge.EnsureCanApply(s.Engineer, s.Challenge.ApplicationDeadline)).Code);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(-1)]
    [InlineData(50_000_000.01)]
    [InlineData(1.001)]
    public void Bounty_must_be_positive_bounded_and_in_fen(double bounty)
    {
        Assert.Throws<DomainException>(() => Challenge.Create(Guid.NewGuid(), Guid.NewGuid(), Guid.NewGuid(),
            ChallengeScenario.Listing(bounty: (decimal)bounty), ChallengeScenario.Start));
    }

    [Fact]
    public void Listing_with_a_past_deadline_or_oversized_text_is_refused()
    {
        var start = ChallengeScenario.Start;
        Assert.Equal("deadline_in_past", Assert.Throws<DomainException>(() => Challenge.Create(Guid.NewGuid(), Guid.NewGuid(), Guid.NewGuid(),
            ChallengeScenario.Listing(deadline: start.AddMinutes(-1)), start)).Code);
        var longTitle = ChallengeScenario.Listing() with { Title = new string('榜', Challenge.TitleMaxLength + 1) };
        Assert.Equal("too_long", Assert.Throws<DomainException>(() => Challenge.Create(Guid.NewGuid(), Guid.NewGuid(), Guid.NewGuid(), longTitle, start)).Code);
    }
}
