using System.Text;
using Marketplace.Domain.Challenges;

namespace Marketplace.Infrastructure.DemoData;

internal enum DemoCounterKind
{
    ChallengeWon,
    VerifiedDelivery,
    Abandonment,
}

/// <summary>A step of a story that an engineer's public counters must record.</summary>
internal sealed record DemoCounter(Guid EngineerId, DemoCounterKind Kind);

/// <summary>A message for one of the demo accounts about a step of a story.</summary>
internal sealed class DemoNotice(Guid userId, string kind, string title, string body, Guid challengeId, DateTimeOffset at)
{
    public Guid UserId { get; } = userId;

    public string Kind { get; } = kind;

    public string Title { get; } = title;

    public string Body { get; } = body;

    public Guid ChallengeId { get; } = challengeId;

    public DateTimeOffset At { get; } = at;

    /// <summary>Set when the step the notice asked for has been taken (an operator's review, say).</summary>
    public DateTimeOffset? ReadAt { get; set; }

    /// <summary>The notice asks for something still to be done: it stays unread.</summary>
    public bool NeedsAction { get; set; }
}

/// <summary>
/// One listing's history, told through the domain methods only, each with its own clock that moves forward step by
/// step: created, reviewed, published, applied to, evaluated, awarded, worked, verified, evaluated on the market and
/// settled — or stopped on the way where the plan says. Every record therefore obeys the same rules as a real one.
/// </summary>
internal sealed class ChallengeStory
{
    /// <summary>Finished stories end at most this many days ago, so the board shows about a year.</summary>
    private const double SpreadHorizonDays = 320;

    private readonly ListingPlan _plan;
    private readonly DemoChallengeWorld _world;
    private readonly Random _rng;
    private readonly List<DemoApplicant> _applicants = [];
    private readonly HashSet<Guid> _onListing = [];
    private ChallengeListing _listing = null!;
    private DateTimeOffset _t;
    private bool _sentBack;

    private ChallengeStory(ListingPlan plan, DemoChallengeWorld world, DateTimeOffset start)
    {
        _plan = plan;
        _world = world;
        _rng = new Random(plan.Seed);
        _t = Minute(start);
        Start = _t;
    }

    public DateTimeOffset Start { get; }

    public DateTimeOffset End => _t;

    public Challenge Challenge { get; private set; } = null!;

    public IEnumerable<ChallengeApplication> Applications => _applicants.Select(a => a.Application!);

    public List<DemoCounter> Counters { get; } = [];

    /// <summary>For a matching-history listing, the engineers the simulated platform showed (its impressions).</summary>
    public IReadOnlyList<Guid> Shown { get; private set; } = [];

    public bool IsHistory => _plan.History is not null;

    public List<DemoNotice> Notices { get; } = [];

    private string Link => $"/Challenges/Details/{Challenge.Id}";

    private string CompanyName => _plan.Owner.Company.Name;

    private string CityName => _world.CityNames[_plan.Owner.Company.RegionCode];

    private string ClusterName => _world.ClusterNames[_plan.Problem.Cluster];

    private ChallengeActor Owner => new(_plan.Owner.UserId, ChallengeParty.Owner);

    private ChallengeActor Operator => new(_world.OperatorUserId, ChallengeParty.Operator);

    private ChallengeActor Expert => new(_world.ExpertUserId, ChallengeParty.Expert);

    private IEnumerable<DemoApplicant> Submitted => _applicants.Where(a => a.Application!.Status == ApplicationStatus.Submitted);

    private DemoApplicant ActiveTaker => _applicants.First(a => Challenge.ActiveAwards.Any(w => w.ApplicationId == a.Application!.Id));

    public static ChallengeStory Tell(ListingPlan plan, DemoChallengeWorld world)
    {
        if (plan.IsAnchored)
        {
            var anchored = new ChallengeStory(plan, world, world.Now.AddDays(-plan.AgeDays));
            anchored.Run();
            return anchored.End <= world.Now ? anchored : throw new InvalidOperationException($"A demo listing's story ran past now: {plan.Target}, seed {plan.Seed}.");
        }

        // Told once to learn how long the story takes, then again so that it ends the planned slack before now. The
        // seed makes both tellings the same but for the start, which keeps the same time of day so that deadlines
        // (whole days at 17:00 Beijing time) fall the same way.
        var timeOfDay = TimeSpan.FromMinutes(60 + (plan.Seed % 90));
        var probe = new ChallengeStory(plan, world, new DateTimeOffset(world.Now.UtcDateTime.Date, TimeSpan.Zero).AddYears(-3) + timeOfDay);
        probe.Run();
        var span = probe.End - probe.Start;
        var slackRng = new Random(plan.Seed ^ 0x5EED);
        var maxSlack = double.IsNaN(plan.SlackMaxDays) ? Math.Max(plan.SlackMinDays, SpreadHorizonDays - span.TotalDays) : plan.SlackMaxDays;
        var latestStart = world.Now - span - TimeSpan.FromDays(plan.SlackMinDays + (slackRng.NextDouble() * (maxSlack - plan.SlackMinDays)));
        var start = new DateTimeOffset(latestStart.UtcDateTime.Date, TimeSpan.Zero) + timeOfDay;
        if (start > latestStart)
        {
            start = start.AddDays(-1);
        }

        var story = new ChallengeStory(plan, world, start);
        story.Run();
        story.FollowUps();
        return story.End <= world.Now ? story : throw new InvalidOperationException($"A demo listing's story ran past now: {plan.Target}, seed {plan.Seed}.");
    }

    private void Run()
    {
        var deadline = _plan.IsAnchored
            ? Deadline(_world.Now.AddDays(_plan.DeadlineInDays))
            : Deadline(_t.AddDays(Between(25, 45)));
        _listing = Listing(deadline);
        Challenge = Challenge.Create(NextGuid(), _plan.Owner.Company.Id, _plan.Owner.UserId, _listing, _t);
        if (_plan.Target == ChallengeStatus.Draft)
        {
            Draft();
            return;
        }

        var review = Submit();
        if (_plan.Target == ChallengeStatus.Submitted)
        {
            review.NeedsAction = true;
            return;
        }

        if (_plan.Target == ChallengeStatus.Withdrawn && !_plan.WithdrawAfterPublish)
        {
            Challenge.Withdraw(Owner, Pick(_world.Content.WithdrawReasons), Days(1, 5));
            review.ReadAt = _t;
            return;
        }

        Challenge.Publish(Operator, Days(0.5, 4));
        review.ReadAt = _t;
        NotifyOwner("challenge.published", "榜单已发布", $"「{Challenge.Title}」已通过中心审核并发布，揭榜截止 {Beijing(deadline):yyyy-MM-dd HH:mm}。");
        if (_plan.Support)
        {
            var amount = RoundTo(_listing.Bounty * (decimal)Between(0.1, 0.3), 5_000m, min: 10_000m);
            var note = Fill(Pick(_world.Content.SupportNotes)).Replace("{pct}", $"{amount * 100 / _listing.Bounty:0}", StringComparison.Ordinal);
            Challenge.SetSupport(Operator, amount, note, Hours(2, 72));
            NotifyOwner("challenge.support_added", "获得政府助题", $"中心为「{Challenge.Title}」追加助题资金 {Wan(amount)}：{note}");
        }

        TakeApplications(deadline);
        switch (_plan.Target)
        {
            case ChallengeStatus.Published:
                return;
            case ChallengeStatus.Withdrawn:
                // Before the deadline: at the deadline the platform would have closed the listing.
                Challenge.Withdraw(Owner, Pick(_world.Content.WithdrawReasons), Hours(1, 2));
                CloseOpenApplications();
                return;
            case ChallengeStatus.Expired:
                _t = Minute(deadline.AddMinutes(Between(10, 180)));
                Challenge.Expire(ChallengeActor.System, 0, _t);
                NotifyOwner("challenge.expired", "榜单流榜", $"「{Challenge.Title}」截止时无人揭榜，已流榜。可修改需求后重新发布。");
                return;
        }

        _t = Minute(deadline.AddMinutes(Between(1, 90)));
        var submitted = Submitted.Count();
        Challenge.CloseApplications(ChallengeActor.System, submitted, _t);
        NotifyOwner("challenge.applications_closed", "揭榜已截止", $"「{Challenge.Title}」揭榜截止，共收到 {submitted} 份有效申请，可以开始评审。");
        if (_plan.Target == ChallengeStatus.ApplicationsClosed)
        {
            return;
        }

        Evaluate();
        if (_plan.Target == ChallengeStatus.UnderEvaluation)
        {
            return;
        }

        var ranked = Submitted.OrderByDescending(a => a.Quality).ToList();
        Hours(24, 96);
        foreach (var winner in ranked.Take(_plan.RaceSlots))
        {
            Award(winner);
            Hours(0.5, 3);
        }

        DefineMilestones(MilestoneTitles());
        if (_plan.Target == ChallengeStatus.Awarded)
        {
            return;
        }

        if (_plan.Target == ChallengeStatus.Cancelled && !_plan.CancelAfterRelease)
        {
            Cancel();
            return;
        }

        Challenge.StartWork(Taker(ActiveTaker), Days(1, 3));
        if (Challenge.IsRace && (_plan.DownSelected || _plan.Target != ChallengeStatus.InProgress))
        {
            var kept = _applicants.Where(a => a.Application!.Status == ApplicationStatus.Awarded).MaxBy(a => a.Quality)!;
            Challenge.DownSelect(Owner, kept.Application!.Id, _applicants.Select(a => a.Application!).Where(a => a.Status == ApplicationStatus.Awarded).ToList(), Days(10, 20));
            foreach (var out_ in _applicants.Where(a => a.Application!.Status == ApplicationStatus.Eliminated))
            {
                NotifyTeam(out_, "challenge.race_eliminated", "赛马择优结果", $"「{Challenge.Title}」赛马择优，企业保留了另一支团队。感谢你的投入，已完成的工作将在评价中体现。");
            }
        }

        if (_plan.Target == ChallengeStatus.InProgress && Challenge.ActiveAwards.Count() > 1)
        {
            return;
        }

        if (_plan.Abandonment || (_plan.History is { } h && ranked.Count > 1 && h.Abandons(ActiveTaker.Lead, _plan.Seed)))
        {
            AbandonAndReaward(ranked);
        }

        if (_plan.Target == ChallengeStatus.Cancelled)
        {
            WorkMilestones(1);
            Cancel();
            return;
        }

        var pending = Challenge.Milestones.Count(m => m.Status != MilestoneStatus.Accepted);
        if (_plan.Target == ChallengeStatus.InProgress)
        {
            WorkMilestones(_rng.Next(0, pending), deliverNext: _plan.PendingMilestone || _rng.NextDouble() < 0.3);
            return;
        }

        WorkMilestones(pending);
        var taker = ActiveTaker;
        Challenge.Deliver(Taker(taker), Pick(_world.Content.FinalDeliveryNotes), Days(1, 3));
        CloseOpenApplications();
        NotifyOwner("challenge.delivered", "成果已交付", $"「{Challenge.Title}」全部里程碑已验收，揭榜方提交了最终成果，等待车间验题。");
        if (_plan.Target == ChallengeStatus.Delivered)
        {
            return;
        }

        if (_plan.Redelivery || _plan.Target == ChallengeStatus.VerificationFailed || _plan.History?.FailsFirstVerification(taker.Lead, _plan.Seed) == true)
        {
            Verify(passed: false);
            if (_plan.Target == ChallengeStatus.VerificationFailed)
            {
                return;
            }

            Challenge.Redeliver(Taker(taker), Pick(_world.Content.RedeliveryNotes), Days(7, 20));
        }

        Verify(passed: true);
        if (_plan.Target == ChallengeStatus.MarketEvaluation)
        {
            if (_rng.NextDouble() < 0.4)
            {
                RecordMarketEvaluation(Days(3, 10), followUp: false);
            }

            return;
        }

        RecordMarketEvaluation(Days(5, 15), followUp: false);
        Challenge.Settle(_rng.NextDouble() < 0.6 ? Operator : Owner, Days(2, 8));
        NotifyOwner("challenge.settled", "榜单已结算", $"「{Challenge.Title}」已结算，共释放资金 {Wan(Challenge.Released)}。结算后 3、6、12 个月请完成跟踪评价。");
        foreach (var share in Challenge.ActiveAwards.SelectMany(a => a.Shares))
        {
            var mine = Challenge.Ledger.Where(e => e.Kind == LedgerEntryKind.Released && e.EngineerId == share.EngineerId).Sum(e => e.Amount);
            NotifyEngineer(share.EngineerId, "challenge.settled", "榜单已结算", $"「{Challenge.Title}」已结算，你在本榜单获得 {mine:N2} 元。");
        }

        if (_plan.Target != ChallengeStatus.Settled)
        {
            throw new InvalidOperationException($"no story ends in {_plan.Target}");
        }
    }

    /// <summary>The 3-, 6- and 12-month market evaluations that have come due since settlement (after the story is placed).</summary>
    private void FollowUps()
    {
        if (Challenge.Status != ChallengeStatus.Settled)
        {
            return;
        }

        foreach (var months in Challenge.FollowUpMonths)
        {
            var due = Minute(Challenge.SettledAt!.Value.AddMonths(months).AddDays(Between(1, 10)));
            if (due > _world.Now.AddHours(-2))
            {
                return;
            }

            RecordMarketEvaluation(_t = due, followUp: true);
        }
    }

    // ---- steps ----------------------------------------------------------------------------------------------------

    private void Draft()
    {
        if (!_plan.RequestedChanges)
        {
            return;
        }

        var review = Submit();
        var reason = Pick(_world.Content.RequestChanges);
        Challenge.RequestChanges(Operator, reason, Days(1, 3));
        review.ReadAt = _t;
        NotifyOwner("challenge.changes_requested", "榜单被退回修改", $"「{Challenge.Title}」被中心退回修改：{reason}");
        Challenge.Edit(Owner, _listing with { Description = _listing.Description + "\n" + Pick(_world.Content.DraftAddenda) }, Hours(3, 48));
    }

    private DemoNotice Submit()
    {
        Challenge.Submit(Owner, Hours(2, 30));
        var notice = new DemoNotice(_world.OperatorUserId, "challenge.submitted", "榜单待审核",
            $"{CompanyName}提交了「{Challenge.Title}」，悬赏 {Wan(_listing.Bounty)}，请审核。", Challenge.Id, _t);
        Notices.Add(notice);
        return notice;
    }

    /// <summary>
    /// Invitations, NDA acceptances, questions and answers, applications, team confirmations and withdrawals, all
    /// scheduled within the application window and then taken in time order.
    /// </summary>
    private void TakeApplications(DateTimeOffset deadline)
    {
        var windowStart = _t;
        var windowEnd = _plan.Target == ChallengeStatus.Published ? Minute(_world.Now.AddHours(-3)) : deadline.AddHours(-3);
        var steps = new List<(DateTimeOffset At, int Order, Action Take)>();
        void At(DateTimeOffset at, Action take) =>
            steps.Add((Minute(at < windowStart ? windowStart : at > windowEnd ? windowEnd : at), steps.Count, take));

        var specs = ApplicantSpecs();
        var usable = windowEnd - windowStart - TimeSpan.FromHours(14);
        var offsets = specs.Select(_ => _rng.NextDouble() * 0.8).ToList();

        if (_listing.Confidentiality == Confidentiality.InviteOnly)
        {
            var invited = specs.SelectMany(s => s.Team.Select(m => m.Engineer.Id)).ToList();
            if (_plan.DemoEngineer == DemoEngineerPart.Invited)
            {
                invited.Add(_world.DemoEngineer.Id);
            }

            invited.AddRange(Enumerable.Range(0, _rng.Next(1, 4)).Select(_ => PickEngineer().Id));
            At(windowStart.AddHours(Between(0.5, 6)), () =>
            {
                Challenge.Invite(Owner, invited, _t);
                foreach (var engineerId in invited)
                {
                    NotifyEngineer(engineerId, "challenge.invited", "定向邀请",
                        $"{CompanyName}邀请你查看并揭榜「{Challenge.Title}」（定向邀请榜单，悬赏 {Wan(_listing.Bounty)}）。", needsAction: _plan.Target == ChallengeStatus.Published);
                }
            });
        }
        else if (_listing.Confidentiality == Confidentiality.Nda)
        {
            // Some engineers read the details under NDA and do not apply.
            foreach (var viewer in Enumerable.Range(0, _rng.Next(1, 4)).Select(_ => PickEngineer()))
            {
                At(windowStart + (usable * _rng.NextDouble()) + TimeSpan.FromHours(2), () => Challenge.AcceptNda(viewer.Id, _t));
            }
        }

        var questions = new Queue<DemoQuestion>(_plan.Problem.Questions.Concat(_world.Content.GenericQuestions.OrderBy(_ => _rng.Next())));
        for (var i = 0; i < specs.Count; i++)
        {
            var spec = specs[i];
            var applyAt = windowStart + TimeSpan.FromHours(14) + (usable * offsets[i]);
            if (_listing.Confidentiality == Confidentiality.Nda)
            {
                foreach (var (member, _) in spec.Team)
                {
                    At(applyAt - TimeSpan.FromHours(Between(1, 12)), () => Challenge.AcceptNda(member.Id, _t));
                }
            }

            if (i < _plan.Questions && questions.Count > 0)
            {
                var qa = questions.Dequeue();
                var questionId = NextGuid();
                var askAt = applyAt - TimeSpan.FromMinutes(30);
                var answerAt = askAt + TimeSpan.FromHours(Between(2, 40));
                At(askAt, () =>
                {
                    Challenge.AskQuestion(EngineerActor(spec.Lead), questionId, qa.Q, _t);
                    NotifyOwner("challenge.question_asked", "新的提问", $"有工程师就「{Challenge.Title}」提问：{qa.Q}");
                });
                if (answerAt < windowEnd)
                {
                    At(answerAt, () =>
                    {
                        Challenge.AnswerQuestion(Owner, questionId, qa.A, _t);
                        NotifyEngineer(spec.Lead.Id, "challenge.question_answered", "提问已答复", $"{CompanyName}答复了你在「{Challenge.Title}」的提问：{qa.A}");
                    });
                }
            }

            var applicant = new DemoApplicant(spec.Team, spec.Quality);
            _applicants.Add(applicant);
            var applicationId = NextGuid();
            var quote = RoundTo(Challenge.TotalAmount * (decimal)Between(0.7, 1.0), 1_000m, min: 1_000m);
            var timeline = Math.Clamp((int)(_listing.ExpectedDurationDays * Between(0.8, 1.05)), 1, ChallengeApplication.MaxTimelineDays);
            var (proposal, plan) = Proposal(spec, timeline);
            At(applyAt, () =>
            {
                Challenge.EnsureCanApply(EngineerActor(spec.Lead), _t);
                var team = spec.Team.Count == 1 ? [] : spec.Team.Select(m => (m.Engineer.Id, m.Share)).ToList();
                applicant.Application = ChallengeApplication.Start(applicationId, Challenge.Id, spec.Lead.Id, proposal, plan, quote, timeline, team, _t);
                foreach (var (member, share) in spec.Team.Skip(1))
                {
                    NotifyEngineer(member.Id, "challenge.team_invitation", "团队邀请", $"{spec.Lead.Name}邀请你加入「{Challenge.Title}」的揭榜团队，分配比例 {share}%。");
                }

                if (applicant.Application.Status == ApplicationStatus.Submitted)
                {
                    Applied(applicant);
                }
            });

            var confirmAt = applyAt;
            var confirming = spec.Team.Skip(1).Take(spec.Draft ? spec.Team.Count - 2 : spec.Team.Count).ToList();
            foreach (var (member, _) in confirming)
            {
                confirmAt += TimeSpan.FromHours(Between(1, 20));
                At(confirmAt, () =>
                {
                    applicant.Application!.ConfirmMembership(member.Id, _t);
                    if (applicant.Application.Status == ApplicationStatus.Submitted)
                    {
                        Applied(applicant);
                    }
                });
            }

            if (spec.Withdraws)
            {
                At(confirmAt + TimeSpan.FromHours(Between(24, 120)), () => applicant.Application!.Withdraw(spec.Lead.Id, _t));
            }
        }

        foreach (var (at, _, take) in steps.OrderBy(s => s.At).ThenBy(s => s.Order))
        {
            _t = at > _t ? at : _t;
            take();
        }
    }

    private void Applied(DemoApplicant applicant)
    {
        var app = applicant.Application!;
        var who = app.IsTeam ? $"{applicant.Lead.Name}团队（{app.Members.Count} 人）" : applicant.Lead.Name;
        NotifyOwner("challenge.application_submitted", "新的揭榜申请", $"{who}揭榜了「{Challenge.Title}」，报价 {Wan(app.Quote)}，计划工期 {app.TimelineDays} 天。");
        NotifyEngineer(applicant.Lead.Id, "challenge.application_submitted", "揭榜申请已提交", $"你对「{Challenge.Title}」的揭榜申请已提交，报价 {Wan(app.Quote)}。");
    }

    private void Evaluate()
    {
        Challenge.StartEvaluation(Owner, Days(0.5, 3));
        var submitted = Submitted.OrderBy(a => a.Application!.SubmittedAt).ToList();
        if (_plan.Panel)
        {
            Challenge.AssignPanel(Owner, [_world.ExpertUserId], Hours(1, 8));
            var notice = new DemoNotice(_world.ExpertUserId, "challenge.panel_assigned", "评审邀请",
                $"{CompanyName}邀请你评审「{Challenge.Title}」的揭榜申请（共 {submitted.Count} 份）。", Challenge.Id, _t)
            {
                NeedsAction = _plan.Target == ChallengeStatus.UnderEvaluation,
            };
            Notices.Add(notice);
        }

        for (var i = 0; i < submitted.Count; i++)
        {
            var applicant = submitted[i];
            if (_plan.ExpertLeavesUnscored)
            {
                if (i == 0)
                {
                    Challenge.Score(Expert, applicant.Application!, Marks(applicant), Pick(_world.Content.ScoreComments), Hours(3, 30));
                }

                continue;
            }

            if (_plan.Panel)
            {
                Challenge.Score(Expert, applicant.Application!, Marks(applicant), Pick(_world.Content.ScoreComments), Hours(3, 30));
            }

            if (!_plan.Panel || _rng.NextDouble() < 0.7)
            {
                Challenge.Score(Owner, applicant.Application!, Marks(applicant), _rng.NextDouble() < 0.5 ? Pick(_world.Content.ScoreComments) : null, Hours(1, 20));
            }
        }
    }

    private void Award(DemoApplicant winner)
    {
        Challenge.Award(Owner, winner.Application!, _t);
        foreach (var (member, _) in winner.Team)
        {
            Counters.Add(new DemoCounter(member.Id, DemoCounterKind.ChallengeWon));
        }

        NotifyTeam(winner, "challenge.awarded", "你已中榜",
            $"恭喜！{(winner.Team.Count > 1 ? "你所在的团队" : "你")}在「{Challenge.Title}」中榜（挂帅）{(Challenge.IsRace ? "，进入赛马阶段" : "")}。请等待企业设定里程碑后开始攻关。");
    }

    /// <summary>Sets the milestones: all of them after the first award, or those not yet accepted after a re-award.</summary>
    private void DefineMilestones(IReadOnlyList<string> titles)
    {
        Days(0.5, 2);
        var day = DateOnly.FromDateTime(_t.UtcDateTime);
        List<MilestonePlan> plans;
        if (titles.Count > 0)
        {
            var weights = titles.Count == 3 ? new[] { 0.3m, 0.4m } : [0.4m];
            var amounts = weights.Select(w => RoundTo(Challenge.TotalAmount * w, 100m, min: 100m)).ToList();
            amounts.Add(Challenge.TotalAmount - amounts.Sum());
            var step = Math.Max(15, _listing.ExpectedDurationDays / titles.Count);
            var race = Challenge.IsRace ? 20 : 0;
            plans = titles.Select((title, i) => new MilestonePlan(title, day.AddDays(race + (step * (i + 1))), amounts[i])).ToList();
        }
        else
        {
            var open = Challenge.Milestones.Where(m => m.Status != MilestoneStatus.Accepted).OrderBy(m => m.Sequence).ToList();
            var step = Math.Max(15, _listing.ExpectedDurationDays / Challenge.Milestones.Count);
            plans = open.Select((m, i) => new MilestonePlan(m.Title, day.AddDays(step * (i + 1)), m.Amount)).ToList();
        }

        Challenge.DefineMilestones(Owner, plans, _t);
    }

    /// <summary>Delivers and accepts the next <paramref name="count"/> milestones; optionally delivers one more and leaves it waiting.</summary>
    private void WorkMilestones(int count, bool deliverNext = false)
    {
        var taker = ActiveTaker;
        var open = Challenge.Milestones.Where(m => m.Status != MilestoneStatus.Accepted).OrderBy(m => m.Sequence).ToList();
        foreach (var milestone in open.Take(count))
        {
            DeliverMilestone(taker, milestone, Days(8, 20));
            if (_plan.SendBackOnce && !_sentBack)
            {
                _sentBack = true;
                var comment = Pick(_world.Content.SendBackComments);
                Challenge.ReviewMilestone(Owner, milestone.Id, accept: false, comment, Days(1, 3));
                NotifyTeam(taker, "challenge.milestone_sent_back", "里程碑被退回", $"「{Challenge.Title}」的里程碑「{milestone.Title}」被退回：{comment}");
                DeliverMilestone(taker, milestone, Days(3, 8));
            }

            Challenge.ReviewMilestone(Owner, milestone.Id, accept: true, Pick(_world.Content.AcceptComments), Days(1, 4));
            var parts = Money.Split(milestone.Amount, taker.Team.Select(m => m.Share).ToList());
            for (var i = 0; i < taker.Team.Count; i++)
            {
                NotifyEngineer(taker.Team[i].Engineer.Id, "challenge.milestone_accepted", "里程碑已验收",
                    $"「{Challenge.Title}」的里程碑「{milestone.Title}」已验收，释放 {Wan(milestone.Amount)}，你的份额 {parts[i]:N2} 元。");
            }
        }

        if (deliverNext && open.Count > count)
        {
            DeliverMilestone(taker, open[count], Days(8, 20), waiting: true);
        }
    }

    private void DeliverMilestone(DemoApplicant taker, Milestone milestone, DateTimeOffset at)
    {
        DeliverMilestone(taker, milestone, at, waiting: false);
    }

    private void DeliverMilestone(DemoApplicant taker, Milestone milestone, DateTimeOffset at, bool waiting)
    {
        Challenge.DeliverMilestone(Taker(taker), milestone.Id, Pick(_world.Content.DeliveryNotes).Replace("{milestone}", milestone.Title, StringComparison.Ordinal), at);
        NotifyOwner("challenge.milestone_delivered", "里程碑待验收", $"「{Challenge.Title}」的揭榜方提交了里程碑「{milestone.Title}」（{Wan(milestone.Amount)}）的成果，请验收。", needsAction: waiting);
    }

    /// <summary>
    /// The first taker delivers one milestone and then goes silent; after the listing's abandonment period the company
    /// declares the award abandoned and awards the runner-up, who takes over the milestones still open.
    /// </summary>
    private void AbandonAndReaward(IReadOnlyList<DemoApplicant> ranked)
    {
        var first = ActiveTaker;
        var lastActivity = Days(8, 15);
        DeliverMilestone(first, Challenge.Milestones.OrderBy(m => m.Sequence).First(), lastActivity);
        Challenge.ReviewMilestone(Owner, Challenge.Milestones.OrderBy(m => m.Sequence).First().Id, accept: true, Pick(_world.Content.AcceptComments), Days(1, 3));
        _t = Minute(lastActivity.AddDays(_listing.AbandonAfterDays + Between(1, 6)));
        foreach (var engineerId in Challenge.DeclareAbandoned(Owner, first.Application!, _t))
        {
            Counters.Add(new DemoCounter(engineerId, DemoCounterKind.Abandonment));
        }

        NotifyTeam(first, "challenge.abandoned", "已被认定弃榜", $"你所在的团队在「{Challenge.Title}」连续 {_listing.AbandonAfterDays} 天无进展，企业已认定弃榜。");
        var runnerUp = ranked.First(a => a.Application!.Status == ApplicationStatus.Submitted);
        Days(2, 6);
        Award(runnerUp);
        DefineMilestones([]);
        Challenge.StartWork(Taker(runnerUp), Days(1, 2));
    }

    private void Verify(bool passed)
    {
        var verifier = _rng.NextDouble() < 0.6
            ? $"{_world.CenterNames[_plan.Problem.Cluster]} {Pick(_world.Surnames)}{Pick(_world.Content.VerifierRoles)}"
            : $"{CompanyName.Replace("有限公司", "", StringComparison.Ordinal)} {Pick(_world.Surnames)}{Pick(_world.Content.VerifierRoles)}";
        var place = _rng.NextDouble() < 0.6 ? $"{CompanyName}{_rng.Next(1, 7)}号车间" : $"{CityName}{ClusterName}试验场";
        var report = Pick(passed ? _world.Content.VerificationPass : _world.Content.VerificationFail)
            .Replace("{verifier}", verifier, StringComparison.Ordinal)
            .Replace("{place}", place, StringComparison.Ordinal)
            .Replace("{hours}", $"{_rng.Next(4, 25) * 24}", StringComparison.Ordinal)
            .Replace("{pct}", $"{_rng.Next(5, 21)}", StringComparison.Ordinal);
        Challenge.RecordVerification(_rng.NextDouble() < 0.6 ? Operator : Owner, verifier, place, passed, report, Days(3, 10));
        if (passed)
        {
            foreach (var share in Challenge.ActiveAwards.SelectMany(a => a.Shares))
            {
                Counters.Add(new DemoCounter(share.EngineerId, DemoCounterKind.VerifiedDelivery));
            }
        }

        var title = passed ? "车间验题通过" : "车间验题未通过";
        var kind = passed ? "challenge.verification_passed" : "challenge.verification_failed";
        NotifyOwner(kind, title, $"「{Challenge.Title}」{title}：{report}");
        NotifyTeam(ActiveTaker, kind, title, $"「{Challenge.Title}」{title}：{report}");
    }

    private void RecordMarketEvaluation(DateTimeOffset at, bool followUp)
    {
        var rating = _plan.History is { } history && !followUp
            ? history.Rating(ActiveTaker.Lead, _plan.Seed)
            : _rng.NextDouble() switch { < 0.45 => 5, < 0.85 => 4, _ => 3 };
        var saved = RoundTo(Challenge.TotalAmount * (decimal)Between(0.5, 5) * (followUp ? 1.3m : 1m), 10_000m, min: 0m);
        var output = _rng.NextDouble() < 0.5 ? 0m : RoundTo(Challenge.TotalAmount * (decimal)Between(1, 12), 10_000m, min: 0m);
        var note = Pick(followUp ? _world.Content.FollowUpNotes : _world.Content.EvaluationNotes)
            .Replace("{saved}", $"{saved / 10_000m:0.#}", StringComparison.Ordinal)
            .Replace("{output}", $"{(output == 0 ? saved * 2 : output) / 10_000m:0.#}", StringComparison.Ordinal)
            .Replace("{lines}", $"{_rng.Next(2, 6)}", StringComparison.Ordinal);
        Challenge.RecordMarketEvaluation(Owner, rating, saved, output, note, at);
    }

    private void Cancel()
    {
        Challenge.Cancel(_rng.NextDouble() < 0.5 ? Owner : Operator, Pick(_world.Content.CancelReasons), Days(3, 20));
        CloseOpenApplications();
        foreach (var taker in _applicants.Where(a => a.Application!.Status == ApplicationStatus.Awarded))
        {
            NotifyTeam(taker, "challenge.cancelled", "榜单已取消", $"「{Challenge.Title}」已取消，已验收的里程碑照常结算。");
        }
    }

    /// <summary>Applications still open when the listing ends or moves past selection are closed as not selected.</summary>
    private void CloseOpenApplications()
    {
        foreach (var applicant in _applicants)
        {
            applicant.Application!.MarkNotSelected(_t);
        }
    }

    // ---- applicants -----------------------------------------------------------------------------------------------

    private sealed record ApplicantSpec(List<(DemoEngineer Engineer, int Share)> Team, int Quality, bool Draft, bool Withdraws)
    {
        public DemoEngineer Lead => Team[0].Engineer;
    }

    /// <summary>
    /// Who applies: the demo engineer's application first where the plan gives them one (and the best, where they
    /// win), then rivals; a favoured team first where the plan abandons an award; a withdrawn one and a team still
    /// forming where asked.
    /// </summary>
    private List<ApplicantSpec> ApplicantSpecs()
    {
        if (_plan.Target == ChallengeStatus.Expired)
        {
            return [];
        }

        var baseline = _plan.Target is ChallengeStatus.Published or ChallengeStatus.Withdrawn ? _rng.Next(0, 5) : _rng.Next(2, 6);
        var needed = Math.Max(_plan.MinApplications, _plan.RaceSlots > 1 ? _plan.RaceSlots + 1 : 0);
        needed = Math.Max(needed, _plan.Abandonment ? 3 : 0);
        needed = Math.Max(needed, _plan.Target is ChallengeStatus.Published or ChallengeStatus.Withdrawn ? 0 : 2);
        var count = Math.Max(baseline, needed);

        if (_plan.History is { } history)
        {
            var simulated = history.Simulate(_listing, _plan.Owner.Company.Id, _plan.Seed);
            Shown = simulated.Shown;
            foreach (var (engineer, _) in simulated.Applicants)
            {
                _onListing.Add(engineer.Id);
            }

            return [.. simulated.Applicants.Select(a => new ApplicantSpec([(a.Engineer, 100)], a.Quality, Draft: false, Withdraws: false))];
        }

        var specs = new List<ApplicantSpec>();
        var demo = _world.DemoEngineer;
        switch (_plan.DemoEngineer)
        {
            case DemoEngineerPart.Applicant:
                _onListing.Add(demo.Id);
                specs.Add(new ApplicantSpec([(demo, 100)], Quality(), Draft: false, Withdraws: false));
                break;
            case DemoEngineerPart.Lead:
                _onListing.Add(demo.Id);
                specs.Add(new ApplicantSpec([(demo, 60), (PickEngineer(), 40)], 96, Draft: false, Withdraws: false));
                break;
            case DemoEngineerPart.Winner:
                _onListing.Add(demo.Id);
                specs.Add(new ApplicantSpec([(demo, 100)], 96, Draft: false, Withdraws: false));
                break;
            case DemoEngineerPart.Invited:
                _onListing.Add(demo.Id);
                break;
        }

        if (_plan.Abandonment)
        {
            specs.Add(new ApplicantSpec(Team(PickEngineer(), _rng.Next(2, 4)), 95, Draft: false, Withdraws: false));
        }

        while (specs.Count < count)
        {
            specs.Add(new ApplicantSpec(Team(PickEngineer(), TeamSize()), Quality(), Draft: false, Withdraws: false));
        }

        if (_plan.WithdrawnApplication)
        {
            specs.Add(new ApplicantSpec(Team(PickEngineer(), TeamSize()), Quality(), Draft: false, Withdraws: true));
        }

        if (_plan.DraftTeamApplication)
        {
            specs.Add(new ApplicantSpec(Team(PickEngineer(), _rng.Next(2, 4)), Quality(), Draft: true, Withdraws: false));
        }

        return specs;
    }

    private int Quality() => _rng.Next(60, 91);

    private int TeamSize() => _rng.NextDouble() switch { < 0.6 => 1, < 0.8 => 2, < 0.93 => 3, _ => 4 };

    /// <summary>A team led by <paramref name="lead"/>, shares in steps of 5 % summing to 100, the lead holding the most.</summary>
    private List<(DemoEngineer, int)> Team(DemoEngineer lead, int size)
    {
        static int Round5(double x) => (int)Math.Round(x / 5) * 5;
        var shares = size switch
        {
            1 => [100],
            2 => [50 + (5 * _rng.Next(0, 5))],
            3 => [40 + (5 * _rng.Next(0, 3))],
            _ => new List<int> { 30 + (5 * _rng.Next(0, 3)) },
        };
        var rest = 100 - shares[0];
        if (size == 3)
        {
            shares.Add(Round5(rest * Between(0.5, 0.6)));
        }
        else if (size >= 4)
        {
            shares.Add(Round5(rest * 0.4));
            shares.Add(Round5(rest * 0.3));
        }

        if (size > 1)
        {
            shares.Add(100 - shares.Sum());
        }

        var team = new List<(DemoEngineer, int)> { (lead, shares[0]) };
        team.AddRange(shares.Skip(1).Select(share => (PickEngineer(lead), share)));
        return team;
    }

    /// <summary>
    /// An engineer not yet on this listing, not employed by the company that posted it and not the demo engineer
    /// (whose part is planned); preferably from the listing's cluster (or the lead's, for a teammate).
    /// </summary>
    private DemoEngineer PickEngineer(DemoEngineer? lead = null)
    {
        var pool = _world.ByCluster[lead?.ClusterCodes[0] ?? _plan.Problem.Cluster];
        for (var attempt = 0; attempt < 400; attempt++)
        {
            var candidate = attempt < 40 && pool.Count > 0 ? pool[_rng.Next(pool.Count)] : _world.Engineers[_rng.Next(_world.Engineers.Count)];
            if (candidate.EmployerOrganizationId != _plan.Owner.Company.Id && candidate.Id != _world.DemoEngineer.Id && _onListing.Add(candidate.Id))
            {
                return candidate;
            }
        }

        throw new InvalidOperationException("Not enough engineers for the demo listings.");
    }

    private (string Proposal, string Plan) Proposal(ApplicantSpec spec, int timeline)
    {
        var lead = spec.Lead;
        var skill = _world.SkillNames[Pick(_plan.Problem.Skills)];
        var text = new StringBuilder()
            .Append(Fill(Pick(_plan.Problem.Approaches))).Append('。')
            .Append(Pick(_world.Content.TeamIntros)
                .Replace("{lead}", lead.Name, StringComparison.Ordinal)
                .Replace("{cluster}", ClusterName, StringComparison.Ordinal)
                .Replace("{years}", $"{lead.YearsOfPractice}", StringComparison.Ordinal)
                .Replace("{skill}", skill, StringComparison.Ordinal));
        if (spec.Team.Count > 1)
        {
            text.Append($"团队成员：{string.Join("、", spec.Team.Select(m => $"{m.Engineer.Name}（{m.Share}%）"))}。");
        }

        text.Append(Pick(_world.Content.ProposalClosings));

        var titles = _world.Content.Milestones[Category(_plan.Problem.ServiceType)][0];
        var first = Math.Max(1, timeline * 3 / 10);
        var second = Math.Max(first + 1, timeline * 7 / 10);
        var plan = $"第一阶段（第 1–{first} 天）：{titles[0]}；第二阶段（第 {first + 1}–{second} 天）：{titles[1]}；" +
            $"第三阶段（第 {second + 1}–{Math.Max(second + 1, timeline)} 天）：{titles[2]}。每阶段结束提交阶段报告，由企业组织评审。";
        return (text.ToString(), plan);
    }

    private Dictionary<string, int> Marks(DemoApplicant applicant) =>
        ApplicationScore.Criteria.ToDictionary(c => c.Code, _ => Math.Clamp(applicant.Quality + _rng.Next(-7, 8), 40, 98), StringComparer.Ordinal);

    // ---- listing ---------------------------------------------------------------------------------------------------

    private ChallengeListing Listing(DateTimeOffset deadline)
    {
        var problem = _plan.Problem;
        var (min, max) = Category(problem.ServiceType) switch
        {
            "design" => (120, 240),
            "process" => (60, 150),
            "testing" => (45, 120),
            _ => (30, 90),
        };
        var duration = _rng.Next(min / 10, (max / 10) + 1) * 10;
        var onSite = _rng.NextDouble() < 0.6;
        var bounty = Bounty(problem.Bounty[0], problem.Bounty[1]);
        var ip = _rng.NextDouble() switch
        {
            < 0.4 => IpArrangement.Company,
            < 0.7 => IpArrangement.Shared,
            < 0.85 => IpArrangement.EngineerWithLicence,
            _ => IpArrangement.EquityOrRevenueShare,
        };
        var confidentiality = _plan.Confidentiality ?? _rng.NextDouble() switch
        {
            < 0.65 => Confidentiality.Public,
            < 0.9 => Confidentiality.Nda,
            _ => Confidentiality.InviteOnly,
        };
        var skills = problem.Skills.Take(_rng.Next(Math.Min(2, problem.Skills.Count), problem.Skills.Count + 1)).ToList();

        var description = new StringBuilder()
            .Append("【背景】").AppendLine(Fill(problem.Background))
            .Append("【问题】").AppendLine(Fill(problem.Problem))
            .AppendLine("【技术指标】");
        for (var i = 0; i < problem.Targets.Count; i++)
        {
            description.AppendLine($"{i + 1}. {Fill(problem.Targets[i])}");
        }

        description.AppendLine("【交付成果】");
        for (var i = 0; i < problem.Deliverables.Count; i++)
        {
            description.AppendLine($"{i + 1}. {Fill(problem.Deliverables[i])}");
        }

        description
            .Append("【验收方式】").AppendLine($"由{CompanyName}会同{_world.CenterNames[problem.Cluster]}组织车间验题，按实际工况验证上述指标；结算时及结算后 3、6、12 个月进行市场评价。")
            .Append("【工作方式】").Append(onSite ? $"需在{CityName}现场工作，关键阶段累计不少于 {_rng.Next(2, 7) * 5} 天。" : "以远程协作为主，方案评审和验题阶段需到现场。");

        return new ChallengeListing(
            Fill(problem.Title), description.ToString(), problem.Cluster, skills, problem.ServiceType, bounty, deadline, duration,
            _plan.Owner.Company.RegionCode, onSite, ip, confidentiality, _plan.RaceSlots, Pick(new[] { 14, 14, 21, 30 }));
    }

    /// <summary>A bounty in the problem's range (万元), rounded the way companies write them.</summary>
    private decimal Bounty(int minWan, int maxWan)
    {
        var yuan = (decimal)Between(minWan, maxWan) * 10_000m;
        var step = yuan switch { < 100_000m => 5_000m, < 1_000_000m => 10_000m, _ => 50_000m };
        return Math.Clamp(RoundTo(yuan, step, min: 20_000m), 20_000m, 3_000_000m);
    }

    private static string Category(string serviceType) => serviceType switch
    {
        "rd-design" or "new-product-development" => "design",
        "process-optimization" or "technical-renovation" => "process",
        "inspection-testing" => "testing",
        _ => "consulting",
    };

    private IReadOnlyList<string> MilestoneTitles()
    {
        var three = Challenge.IsRace || _plan.Abandonment || _plan.PendingMilestone || _rng.NextDouble() < 0.55;
        return _world.Content.Milestones[Category(_plan.Problem.ServiceType)][three ? 0 : 1];
    }

    private string Fill(string text) => text
        .Replace("{product}", _plan.Product, StringComparison.Ordinal)
        .Replace("{company}", CompanyName, StringComparison.Ordinal)
        .Replace("{city}", CityName, StringComparison.Ordinal)
        .Replace("{cluster}", ClusterName, StringComparison.Ordinal);

    // ---- notices ---------------------------------------------------------------------------------------------------

    private void NotifyOwner(string kind, string title, string body, bool needsAction = false)
    {
        if (_plan.Owner.UserId == _world.CompanyUserId)
        {
            Notices.Add(new DemoNotice(_world.CompanyUserId, kind, title, body, Challenge.Id, _t) { NeedsAction = needsAction });
        }
    }

    private void NotifyEngineer(Guid engineerId, string kind, string title, string body, bool needsAction = false)
    {
        if (engineerId == _world.DemoEngineer.Id)
        {
            Notices.Add(new DemoNotice(_world.DemoEngineer.UserId, kind, title, body, Challenge.Id, _t) { NeedsAction = needsAction });
        }
    }

    private void NotifyTeam(DemoApplicant applicant, string kind, string title, string body)
    {
        foreach (var (member, _) in applicant.Team)
        {
            NotifyEngineer(member.Id, kind, title, body);
        }
    }

    // ---- time, chance and money ------------------------------------------------------------------------------------

    private DateTimeOffset Hours(double min, double max) => _t = Minute(_t + TimeSpan.FromHours(Between(min, max)));

    private DateTimeOffset Days(double min, double max) => Hours(min * 24, max * 24);

    private double Between(double min, double max) => min + (_rng.NextDouble() * (max - min));

    private T Pick<T>(IReadOnlyList<T> items) => items[_rng.Next(items.Count)];

    private Guid NextGuid()
    {
        Span<byte> bytes = stackalloc byte[16];
        _rng.NextBytes(bytes);
        bytes[7] = (byte)((bytes[7] & 0x0F) | 0x40);
        bytes[8] = (byte)((bytes[8] & 0x3F) | 0x80);
        return new Guid(bytes);
    }

    private ChallengeActor EngineerActor(DemoEngineer engineer) => new(engineer.UserId, ChallengeParty.Engineer, engineer.Id);

    private static ChallengeActor Taker(DemoApplicant applicant) => new(applicant.Lead.UserId, ChallengeParty.Taker, applicant.Lead.Id);

    private static DateTimeOffset Minute(DateTimeOffset t) => new(t.UtcTicks - (t.UtcTicks % TimeSpan.TicksPerMinute), TimeSpan.Zero);

    /// <summary>Deadlines fall at 17:00 Beijing time.</summary>
    private static DateTimeOffset Deadline(DateTimeOffset day) => new DateTimeOffset(day.UtcDateTime.Date, TimeSpan.Zero).AddHours(9);

    private static DateTimeOffset Beijing(DateTimeOffset t) => t.ToOffset(TimeSpan.FromHours(8));

    private static decimal RoundTo(decimal amount, decimal step, decimal min) => Math.Max(min, Math.Round(amount / step, MidpointRounding.AwayFromZero) * step);

    private static string Wan(decimal yuan) => $"{yuan / 10_000m:0.##} 万元";

    /// <summary>An application as the story knows it: its team (lead first, with shares) and how good it is.</summary>
    private sealed class DemoApplicant(List<(DemoEngineer Engineer, int Share)> team, int quality)
    {
        public List<(DemoEngineer Engineer, int Share)> Team { get; } = team;

        public DemoEngineer Lead => Team[0].Engineer;

        public int Quality { get; } = quality;

        public ChallengeApplication? Application { get; set; }
    }
}
