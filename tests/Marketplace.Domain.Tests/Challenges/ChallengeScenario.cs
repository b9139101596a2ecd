using Marketplace.Domain.Challenges;

namespace Marketplace.Domain.Tests.Challenges;

/// <summary>
/// Drives a listing through the real life cycle into any state, with one awarded single-engineer application
/// (<see cref="TakerEngineer"/>) and one other submitted application (<see cref="Rival"/>) where the state has them.
/// </summary>
internal sealed class ChallengeScenario
{
    public static readonly DateTimeOffset Start = new(2026, 11, 23, 9, 0, 0, TimeSpan.FromHours(8));

    public Guid OwnerUser { get; } = Guid.NewGuid();

    public Guid OperatorUser { get; } = Guid.NewGuid();

    public Guid ExpertUser { get; } = Guid.NewGuid();

    public Guid TakerEngineer { get; } = Guid.NewGuid();

    public Guid OtherEngineer { get; } = Guid.NewGuid();

    public DateTimeOffset Now { get; set; } = Start;

    public Challenge Challenge { get; private set; } = null!;

    public ChallengeApplication? Awarded { get; private set; }

    public ChallengeApplication? Rival { get; private set; }

    public ChallengeActor Owner => new(OwnerUser, ChallengeParty.Owner);

    public ChallengeActor Operator => new(OperatorUser, ChallengeParty.Operator);

    public ChallengeActor Expert => new(ExpertUser, ChallengeParty.Expert);

    public ChallengeActor Taker => new(Guid.NewGuid(), ChallengeParty.Taker, TakerEngineer);

    public ChallengeActor Engineer => new(Guid.NewGuid(), ChallengeParty.Engineer, OtherEngineer);

    public static ChallengeListing Listing(
        decimal bounty = 200_000m, int raceSlots = 1, Confidentiality confidentiality = Confidentiality.Public,
        DateTimeOffset? deadline = null, int abandonAfterDays = 14) =>
        new("液压支架焊缝疲劳开裂攻关", "某型液压支架在 2000 小时后焊缝开裂，需要分析原因并给出工艺改进方案。", "construction-machinery",
            ["cm-welding-process"], "process-optimization", bounty, deadline ?? Start.AddDays(30), 90, "430200", true,
            IpArrangement.Shared, confidentiality, raceSlots, abandonAfterDays);

    public static ChallengeScenario InState(ChallengeStatus status, ChallengeListing? listing = null)
    {
        var s = new ChallengeScenario();
        s.Challenge = Challenge.Create(Guid.NewGuid(), Guid.NewGuid(), s.OwnerUser, listing ?? Listing(), s.Now);
        if (status == ChallengeStatus.Draft)
        {
            return s;
        }

        s.Challenge.Submit(s.Owner, s.Tick());
        if (status == ChallengeStatus.Submitted)
        {
            return s;
        }

        if (status == ChallengeStatus.Withdrawn)
        {
            s.Challenge.Withdraw(s.Owner, "需求变更", s.Tick());
            return s;
        }

        s.Challenge.Publish(s.Operator, s.Tick());
        if (status == ChallengeStatus.Published)
        {
            s.AddApplications();
            return s;
        }

        if (status == ChallengeStatus.Expired)
        {
            s.Now = s.Challenge.ApplicationDeadline.AddMinutes(1);
            s.Challenge.CloseApplications(ChallengeActor.System, 0, s.Now);
            return s;
        }

        s.AddApplications();
        if (status == ChallengeStatus.Cancelled)
        {
            s.Challenge.Cancel(s.Owner, "企业停产", s.Tick());
            return s;
        }

        s.Now = s.Challenge.ApplicationDeadline.AddMinutes(1);
        s.Challenge.CloseApplications(ChallengeActor.System, 2, s.Now);
        if (status == ChallengeStatus.ApplicationsClosed)
        {
            return s;
        }

        s.Challenge.StartEvaluation(s.Owner, s.Tick());
        s.Challenge.AssignPanel(s.Owner, [s.ExpertUser], s.Tick());
        if (status == ChallengeStatus.UnderEvaluation)
        {
            return s;
        }

        s.Challenge.Award(s.Owner, s.Awarded!, s.Tick());
        s.Challenge.DefineMilestones(s.Owner, [new MilestonePlan("方案与样件", DateOnly.FromDateTime(s.Now.AddDays(30).UtcDateTime), s.Challenge.TotalAmount)], s.Tick());
        if (status == ChallengeStatus.Awarded)
        {
            return s;
        }

        s.Challenge.StartWork(s.Taker, s.Tick());
        if (status == ChallengeStatus.InProgress)
        {
            return s;
        }

        var milestone = s.Challenge.Milestones[0].Id;
        s.Challenge.DeliverMilestone(s.Taker, milestone, "样件与试验报告", s.Tick());
        s.Challenge.ReviewMilestone(s.Owner, milestone, accept: true, "合格", s.Tick());
        s.Challenge.Deliver(s.Taker, "全部成果", s.Tick());
        if (status == ChallengeStatus.Delivered)
        {
            return s;
        }

        var pass = status != ChallengeStatus.VerificationFailed;
        s.Challenge.RecordVerification(s.Operator, "李主任", "株洲某厂三号车间", pass, pass ? "连续运行 500 小时无裂纹" : "仍有裂纹", s.Tick());
        if (status is ChallengeStatus.VerificationFailed or ChallengeStatus.MarketEvaluation)
        {
            return s;
        }

        s.Challenge.RecordMarketEvaluation(s.Owner, 5, 1_200_000m, 0m, "年节约返修费用", s.Tick());
        s.Challenge.Settle(s.Operator, s.Tick());
        return status == ChallengeStatus.Settled
            ? s
            : throw new ArgumentOutOfRangeException(nameof(status), status, "no scenario for this state");
    }

    public DateTimeOffset Tick() => Now = Now.AddMinutes(5);

    private void AddApplications()
    {
        Awarded = ChallengeApplication.Start(Guid.NewGuid(), Challenge.Id, TakerEngineer, "方案", "计划", 180_000m, 60, [], Tick());
        Rival = ChallengeApplication.Start(Guid.NewGuid(), Challenge.Id, Guid.NewGuid(), "另一方案", "计划", 150_000m, 80, [], Tick());
    }
}
