using Marketplace.Domain.Common;

namespace Marketplace.Domain.Challenges;

/// <summary>Who acts on a listing: the user (null for the platform's background service) and their party.</summary>
public sealed record ChallengeActor(Guid? UserId, ChallengeParty Party, Guid? EngineerId = null)
{
    public static readonly ChallengeActor System = new(null, ChallengeParty.System);
}

/// <summary>
/// 揭榜挂帅榜单: a company's technical problem with a bounty, from draft to settlement (DOMAIN.md §1). Every action goes
/// through <see cref="ChallengeLifecycle"/> first (which party, which state) and then through the rules that need more
/// than the state; each one that changes something is written to the audit trail. The settlement ledger lives here
/// too, so that money can only move together with the step that justifies it.
/// </summary>
public sealed class Challenge
{
    public const int TitleMaxLength = 100;
    public const int DescriptionMaxLength = 10_000;
    public const int ReasonMaxLength = 1000;
    public const int MaxSkills = 10;
    public const decimal MaxBounty = 50_000_000m;
    public const decimal MaxSupport = 10_000_000m;
    public const int MaxDurationDays = 1095;
    public const int MaxRaceSlots = 5;
    public const int MinAbandonDays = 3;
    public const int MaxAbandonDays = 90;
    public const int MaxMilestones = 12;
    public const int MaxPanelSize = 9;

    /// <summary>Follow-up market evaluations after settlement (months).</summary>
    public static readonly IReadOnlyList<int> FollowUpMonths = [3, 6, 12];

    private readonly List<ChallengeAward> _awards = [];
    private readonly List<Milestone> _milestones = [];
    private readonly List<ChallengeQuestion> _questions = [];
    private readonly List<NdaAcceptance> _ndaAcceptances = [];
    private readonly List<WorkshopVerification> _verifications = [];
    private readonly List<MarketEvaluation> _evaluations = [];
    private readonly List<LedgerEntry> _ledger = [];
    private readonly List<ChallengeAuditEntry> _audit = [];

    private Challenge() { }

    public Guid Id { get; private set; }

    public Guid OwnerOrganizationId { get; private set; }

    public Guid CreatedByUserId { get; private set; }

    public string Title { get; private set; } = "";

    public string Description { get; private set; } = "";

    public string ClusterCode { get; private set; } = "";

    public List<string> SkillCodes { get; private set; } = [];

    public string ServiceTypeCode { get; private set; } = "";

    /// <summary>悬赏 in CNY.</summary>
    public decimal Bounty { get; private set; }

    /// <summary>政府助题: support added by the center (CNY), with its note.</summary>
    public decimal SupportAmount { get; private set; }

    public string? SupportNote { get; private set; }

    public DateTimeOffset ApplicationDeadline { get; private set; }

    public int ExpectedDurationDays { get; private set; }

    public string CityCode { get; private set; } = "";

    public bool OnSiteRequired { get; private set; }

    public IpArrangement IpArrangement { get; private set; }

    public Confidentiality Confidentiality { get; private set; }

    /// <summary>职称要求: the lowest professional title a taker must hold (null: none).</summary>
    public Marketplace.Domain.Engineers.ProfessionalTitle? MinTitle { get; private set; }

    /// <summary>The listing asks for an excellent engineer (any tier of seed 003).</summary>
    public bool RequiresTier { get; private set; }

    /// <summary>How many takers may be awarded: 1, or 2–5 in 赛马 mode (fixed once published).</summary>
    public int RaceSlots { get; private set; } = 1;

    /// <summary>Days without taker activity after which the company may declare the award abandoned.</summary>
    public int AbandonAfterDays { get; private set; } = 14;

    public ChallengeStatus Status { get; private set; }

    public bool RedeliveryUsed { get; private set; }

    public DateTimeOffset CreatedAt { get; private set; }

    public DateTimeOffset UpdatedAt { get; private set; }

    public DateTimeOffset? PublishedAt { get; private set; }

    public DateTimeOffset? SettledAt { get; private set; }

    /// <summary>Counts the changes to the aggregate; see <see cref="Touch"/>.</summary>
    public int Revision { get; private set; }

    /// <summary>Optimistic-concurrency token (PostgreSQL xmin): two awards at once cannot both be saved.</summary>
    public uint Version { get; private set; }

    public IReadOnlyList<ChallengeAward> Awards => _awards;

    public IReadOnlyList<Milestone> Milestones => _milestones;

    public IReadOnlyList<ChallengeQuestion> Questions => _questions;

    public IReadOnlyList<NdaAcceptance> NdaAcceptances => _ndaAcceptances;

    /// <summary>Engineers invited to an invite-only listing (or invited to look at any listing).</summary>
    public List<Guid> InvitedEngineerIds { get; private set; } = [];

    /// <summary>评审专家组: expert users the company asked to score the applications.</summary>
    public List<Guid> PanelUserIds { get; private set; } = [];

    public IReadOnlyList<WorkshopVerification> Verifications => _verifications;

    public IReadOnlyList<MarketEvaluation> Evaluations => _evaluations;

    public IReadOnlyList<LedgerEntry> Ledger => _ledger;

    public IReadOnlyList<ChallengeAuditEntry> Audit => _audit;

    public bool IsRace => RaceSlots > 1;

    public decimal TotalAmount => Bounty + SupportAmount;

    public IEnumerable<ChallengeAward> ActiveAwards => _awards.Where(a => a.Status == AwardStatus.Active);

    public decimal Committed => Sum(LedgerEntryKind.Committed);

    public decimal Released => Sum(LedgerEntryKind.Released);

    public decimal Voided => Sum(LedgerEntryKind.Voided);

    /// <summary>Committed and neither released nor voided: what the company still owes on this listing.</summary>
    public decimal Outstanding => Committed - Released - Voided;

    public static Challenge Create(Guid id, Guid ownerOrganizationId, Guid createdByUserId, ChallengeListing listing, DateTimeOffset now)
    {
        var challenge = new Challenge
        {
            Id = id,
            OwnerOrganizationId = ownerOrganizationId,
            CreatedByUserId = createdByUserId,
            Status = ChallengeStatus.Draft,
            CreatedAt = now,
        };
        challenge.Apply(listing, now);
        challenge.Record(new ChallengeActor(createdByUserId, ChallengeParty.Owner), ChallengeAction.Edit, ChallengeStatus.Draft, now, "创建榜单");
        return challenge;
    }

    // ---- visibility -------------------------------------------------------------------------------------------

    /// <summary>
    /// Whether a viewer may know the listing exists. Drafts and listings under review are the owner's and the center's;
    /// invite-only listings are visible to invited engineers only (everyone else gets a 404, never a 403).
    /// </summary>
    public bool IsVisibleTo(ChallengeParty party, Guid? engineerId, Guid? userId = null)
    {
        if (party is ChallengeParty.Owner or ChallengeParty.Operator or ChallengeParty.System)
        {
            return party != ChallengeParty.Operator || Status != ChallengeStatus.Draft;
        }

        if (Status is ChallengeStatus.Draft or ChallengeStatus.Submitted)
        {
            return false;
        }

        // A taker is on the listing's team; an expert sees a listing whose panel they sit on.
        if (party == ChallengeParty.Taker || (party == ChallengeParty.Expert && userId is { } expert && PanelUserIds.Contains(expert)))
        {
            return true;
        }

        return Confidentiality != Confidentiality.InviteOnly
            || (engineerId is { } id && (InvitedEngineerIds.Contains(id) || _awards.Any(a => a.HasMember(id))));
    }

    public bool IsVisibleTo(ChallengeActor actor) => IsVisibleTo(actor?.Party ?? throw new ArgumentNullException(nameof(actor)), actor.EngineerId, actor.UserId);

    public bool DetailsVisibleTo(ChallengeActor actor) => DetailsVisibleTo(actor?.Party ?? throw new ArgumentNullException(nameof(actor)), actor.EngineerId, actor.UserId);

    /// <summary>Whether a viewer who can see the listing may also read its details (description and Q&amp;A).</summary>
    public bool DetailsVisibleTo(ChallengeParty party, Guid? engineerId, Guid? userId = null)
    {
        if (!IsVisibleTo(party, engineerId, userId))
        {
            return false;
        }

        return Confidentiality != Confidentiality.Nda
            || party is ChallengeParty.Owner or ChallengeParty.Operator or ChallengeParty.Taker or ChallengeParty.Expert or ChallengeParty.System
            || (engineerId is { } id && _ndaAcceptances.Any(n => n.EngineerId == id));
    }

    public void Invite(ChallengeActor actor, IReadOnlyCollection<Guid> engineerIds, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(actor);
        ArgumentNullException.ThrowIfNull(engineerIds);
        if (actor.Party != ChallengeParty.Owner)
        {
            throw new DomainForbiddenException("无权邀请", "只有发榜企业可以邀请工程师。", "challenge_forbidden");
        }

        if (Status.IsFinal())
        {
            throw new DomainConflictException("榜单已结束", $"榜单当前状态为「{Status.Chinese()}」，不能再邀请。", "challenge_invalid_state");
        }

        foreach (var id in engineerIds.Where(id => !InvitedEngineerIds.Contains(id)))
        {
            InvitedEngineerIds.Add(id);
        }

        Touch(now);
    }

    /// <summary>An engineer accepts the listing's NDA; the time is kept as the record of acceptance.</summary>
    public void AcceptNda(Guid engineerId, DateTimeOffset now)
    {
        if (Confidentiality != Confidentiality.Nda)
        {
            throw new DomainConflictException("无需保密协议", "该榜单不需要签署保密协议。", "nda_not_required");
        }

        if (!IsVisibleTo(ChallengeParty.Engineer, engineerId))
        {
            throw new DomainForbiddenException("榜单不可见", "该榜单当前不对你开放。", "challenge_not_visible");
        }

        if (_ndaAcceptances.All(n => n.EngineerId != engineerId))
        {
            _ndaAcceptances.Add(new NdaAcceptance(engineerId, now));
            Touch(now);
        }
    }

    // ---- 企业出题 / 政府助题 ---------------------------------------------------------------------------------------

    public void Edit(ChallengeActor actor, ChallengeListing listing, DateTimeOffset now)
    {
        Ensure(actor, ChallengeAction.Edit);
        Apply(listing, now);
        Record(actor, ChallengeAction.Edit, Status, now, null);
    }

    public void Submit(ChallengeActor actor, DateTimeOffset now)
    {
        Ensure(actor, ChallengeAction.Submit);
        RequireDeadlineAhead(now);
        Move(actor, ChallengeAction.Submit, now, null);
    }

    public void RequestChanges(ChallengeActor actor, string reason, DateTimeOffset now)
    {
        Ensure(actor, ChallengeAction.RequestChanges);
        Move(actor, ChallengeAction.RequestChanges, now, Guard.Text(reason, "退回理由", ReasonMaxLength));
    }

    public void Publish(ChallengeActor actor, DateTimeOffset now)
    {
        Ensure(actor, ChallengeAction.Publish);
        RequireDeadlineAhead(now);
        PublishedAt = now;
        Move(actor, ChallengeAction.Publish, now, null);
    }

    /// <summary>政府助题: the center sets the support it adds to the bounty. Before any award, so the commitment includes it.</summary>
    public void SetSupport(ChallengeActor actor, decimal amount, string note, DateTimeOffset now)
    {
        Ensure(actor, ChallengeAction.AddSupport);
        SupportAmount = Money.Positive(amount, "助题资金", MaxSupport);
        SupportNote = Guard.Text(note, "助题说明", ReasonMaxLength);
        Record(actor, ChallengeAction.AddSupport, Status, now, $"助题 {amount:N2} 元：{SupportNote}");
    }

    public void Withdraw(ChallengeActor actor, string reason, DateTimeOffset now)
    {
        Ensure(actor, ChallengeAction.Withdraw);
        Move(actor, ChallengeAction.Withdraw, now, Guard.Text(reason, "撤回理由", ReasonMaxLength));
    }

    // ---- 人才答题 ------------------------------------------------------------------------------------------------

    /// <summary>Checks that an engineer may apply now: the listing is open, visible to them and its deadline not passed.</summary>
    public void EnsureCanApply(ChallengeActor actor, DateTimeOffset now)
    {
        Ensure(actor, ChallengeAction.Apply);
        if (!IsVisibleTo(actor.Party, actor.EngineerId))
        {
            throw new DomainForbiddenException("榜单不可见", "该榜单当前不对你开放。", "challenge_not_visible");
        }

        if (Confidentiality == Confidentiality.Nda && !DetailsVisibleTo(actor.Party, actor.EngineerId))
        {
            throw new DomainConflictException("请先签署保密协议", "该榜单需要先签署保密协议、查看详情后才能揭榜。", "nda_required");
        }

        if (now >= ApplicationDeadline)
        {
            throw new DomainConflictException("揭榜已截止", $"揭榜截止时间 {ApplicationDeadline.China()} 已过。", "deadline_passed");
        }
    }

    public ChallengeQuestion AskQuestion(ChallengeActor actor, Guid questionId, string text, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(actor);
        Ensure(actor, ChallengeAction.AskQuestion);
        if (!DetailsVisibleTo(actor.Party, actor.EngineerId))
        {
            throw new DomainForbiddenException("无法提问", "请先签署保密协议查看详情，再提问。", "challenge_not_visible");
        }

        var question = new ChallengeQuestion(questionId, actor.UserId ?? Guid.Empty, Guard.Text(text, "问题", ChallengeQuestion.TextMaxLength), now);
        _questions.Add(question);
        Touch(now);
        return question;
    }

    public void AnswerQuestion(ChallengeActor actor, Guid questionId, string answer, DateTimeOffset now)
    {
        Ensure(actor, ChallengeAction.AnswerQuestion);
        var question = _questions.FirstOrDefault(q => q.Id == questionId)
            ?? throw new DomainException("问题不存在", "该榜单下没有这个问题。", "question_not_found");
        question.SetAnswer(Guard.Text(answer, "答复", ChallengeQuestion.TextMaxLength), now);
        Touch(now);
    }

    /// <summary>
    /// At the deadline the platform closes applications; with no submitted application the listing is 流榜 instead.
    /// The company may also close early, once it has something to evaluate.
    /// </summary>
    public void CloseApplications(ChallengeActor actor, int submittedApplications, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(actor);
        Ensure(actor, ChallengeAction.CloseApplications);
        if (actor.Party == ChallengeParty.System)
        {
            if (now < ApplicationDeadline)
            {
                throw new DomainConflictException("未到截止时间", "揭榜截止时间未到。", "deadline_not_reached");
            }

            if (submittedApplications == 0)
            {
                Expire(actor, submittedApplications, now);
                return;
            }
        }
        else if (submittedApplications == 0)
        {
            throw new DomainConflictException("尚无揭榜申请", "还没有已提交的揭榜申请，不能提前截止；可以撤回榜单。", "no_applications");
        }

        Move(actor, ChallengeAction.CloseApplications, now, actor.Party == ChallengeParty.System ? "到达截止时间" : "企业提前截止");
    }

    /// <summary>流榜: the deadline passed and nobody applied.</summary>
    public void Expire(ChallengeActor actor, int submittedApplications, DateTimeOffset now)
    {
        Ensure(actor, ChallengeAction.Expire);
        if (now < ApplicationDeadline)
        {
            throw new DomainConflictException("未到截止时间", "揭榜截止时间未到。", "deadline_not_reached");
        }

        if (submittedApplications > 0)
        {
            throw new DomainConflictException("已有揭榜申请", "已有揭榜申请，应截止揭榜进入评审，而不是流榜。", "has_applications");
        }

        Move(actor, ChallengeAction.Expire, now, "截止时无人揭榜");
    }

    public void StartEvaluation(ChallengeActor actor, DateTimeOffset now)
    {
        Ensure(actor, ChallengeAction.StartEvaluation);
        Move(actor, ChallengeAction.StartEvaluation, now, null);
    }

    /// <summary>The company names the experts who will score the applications (replacing any earlier panel).</summary>
    public void AssignPanel(ChallengeActor actor, IReadOnlyCollection<Guid> expertUserIds, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(expertUserIds);
        Ensure(actor, ChallengeAction.AssignPanel);
        if (expertUserIds.Count > MaxPanelSize)
        {
            throw new DomainException("专家人数过多", $"评审专家组最多 {MaxPanelSize} 人。", "panel_too_large");
        }

        PanelUserIds = expertUserIds.Distinct().ToList();
        Record(actor, ChallengeAction.AssignPanel, Status, now, $"评审专家 {PanelUserIds.Count} 人");
    }

    public void Score(ChallengeActor actor, ChallengeApplication application, IReadOnlyDictionary<string, int> marks, string? comment, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(actor);
        ArgumentNullException.ThrowIfNull(application);
        Ensure(actor, ChallengeAction.ScoreApplication);
        if (actor.Party == ChallengeParty.Expert && (actor.UserId is not { } expert || !PanelUserIds.Contains(expert)))
        {
            throw new DomainForbiddenException("不在评审专家组", "只有发榜企业邀请的评审专家可以评分。", "not_on_panel");
        }

        RequireOwn(application);
        application.Score(actor.UserId ?? Guid.Empty, marks, comment, now);
        Touch(now);
    }

    // ---- 挂帅 ---------------------------------------------------------------------------------------------------

    /// <summary>
    /// Awards one application. In 赛马 mode up to <see cref="RaceSlots"/> may be awarded; the first award commits the
    /// bounty plus support in the ledger. Saved under the listing's concurrency token, so parallel awards cannot
    /// exceed the slots.
    /// </summary>
    public void Award(ChallengeActor actor, ChallengeApplication application, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(application);
        Ensure(actor, ChallengeAction.Award);
        RequireOwn(application);
        var active = ActiveAwards.Count();
        if (active >= RaceSlots)
        {
            throw new DomainConflictException(
                "中榜名额已满",
                IsRace ? $"该榜单为赛马模式，最多 {RaceSlots} 个中榜方，已全部确定。" : "该榜单只能确定一个中榜方，已经确定。",
                "award_slots_full");
        }

        if (application.Status != ApplicationStatus.Submitted)
        {
            throw new DomainConflictException("申请不可定榜", $"申请当前为「{ChallengeApplication.StatusName(application.Status)}」，只能为已提交的申请定榜。", "application_not_awardable");
        }

        application.MarkAwarded(now);
        _awards.Add(new ChallengeAward(application.Id, application.Members.Select(m => new AwardShare(m.EngineerId, m.SharePercent)).ToList(), now));
        if (Committed == 0)
        {
            _ledger.Add(new LedgerEntry(Guid.NewGuid(), LedgerEntryKind.Committed, TotalAmount, null, null, null, now));
        }

        Move(actor, ChallengeAction.Award, now, $"{Describe(application)}中榜");
    }

    /// <summary>After an abandonment with nobody left, the company may reopen the listing with a new deadline.</summary>
    public void Reopen(ChallengeActor actor, DateTimeOffset newDeadline, DateTimeOffset now)
    {
        Ensure(actor, ChallengeAction.Reopen);
        if (newDeadline <= now)
        {
            throw new DomainException("截止时间无效", "新的揭榜截止时间必须晚于当前时间。", "deadline_in_past");
        }

        ApplicationDeadline = newDeadline;
        Move(actor, ChallengeAction.Reopen, now, $"新截止时间 {newDeadline.China()}");
    }

    /// <summary>
    /// The company sets the milestones. Their amounts, with those already accepted, must add up to the bounty plus
    /// support, so that everything committed is released by the end.
    /// </summary>
    public void DefineMilestones(ChallengeActor actor, IReadOnlyList<MilestonePlan> plans, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(plans);
        Ensure(actor, ChallengeAction.DefineMilestones);
        var accepted = _milestones.Where(m => m.Status == MilestoneStatus.Accepted).ToList();
        if (plans.Count == 0 || plans.Count + accepted.Count > MaxMilestones)
        {
            throw new DomainException("里程碑数量无效", $"里程碑应有 1 到 {MaxMilestones} 个。", "milestones_count");
        }

        var total = accepted.Sum(m => m.Amount);
        var created = new List<Milestone>();
        foreach (var plan in plans)
        {
            var title = Guard.Text(plan.Title, "里程碑名称", Milestone.TitleMaxLength);
            var amount = Money.Positive(plan.Amount, "里程碑金额", MaxBounty + MaxSupport);
            if (plan.DueDate < DateOnly.FromDateTime(now.UtcDateTime))
            {
                throw new DomainException("到期日无效", $"里程碑「{title}」的到期日早于今天。", "milestone_due_in_past");
            }

            total += amount;
            created.Add(new Milestone(Guid.NewGuid(), accepted.Count + created.Count + 1, title, plan.DueDate, amount));
        }

        if (total != TotalAmount)
        {
            throw new DomainException(
                "里程碑金额合计不符",
                $"里程碑金额合计 {total:N2} 元，应等于悬赏加助题资金 {TotalAmount:N2} 元。",
                "milestones_sum");
        }

        _milestones.RemoveAll(m => m.Status != MilestoneStatus.Accepted);
        _milestones.AddRange(created);
        Record(actor, ChallengeAction.DefineMilestones, Status, now, $"{created.Count} 个里程碑");
    }

    public void StartWork(ChallengeActor actor, DateTimeOffset now)
    {
        var award = Ensure(actor, ChallengeAction.StartWork) ?? throw new InvalidOperationException("a taker always has an award");
        if (_milestones.All(m => m.Status == MilestoneStatus.Accepted))
        {
            throw new DomainConflictException("尚未设定里程碑", "发榜企业设定里程碑后才能开始攻关。", "milestones_missing");
        }

        award.Touch(now);
        Move(actor, ChallengeAction.StartWork, now, null);
    }

    /// <summary>赛马择优: after the race stage the company keeps one of the parallel takers.</summary>
    public IReadOnlyList<Guid> DownSelect(ChallengeActor actor, Guid keepApplicationId, IReadOnlyList<ChallengeApplication> awarded, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(awarded);
        Ensure(actor, ChallengeAction.DownSelect);
        var active = ActiveAwards.ToList();
        if (active.Count < 2)
        {
            throw new DomainConflictException("无需择优", "当前只有一个中榜方，不需要赛马择优。", "not_racing");
        }

        if (active.All(a => a.ApplicationId != keepApplicationId))
        {
            throw new DomainException("择优对象无效", "只能从当前的中榜方中选择保留一方。", "down_select_unknown");
        }

        var kept = awarded.FirstOrDefault(a => a.Id == keepApplicationId);
        var eliminated = new List<Guid>();
        foreach (var award in active.Where(a => a.ApplicationId != keepApplicationId))
        {
            award.End(AwardStatus.Eliminated);
            awarded.FirstOrDefault(a => a.Id == award.ApplicationId)?.MarkEliminated(now);
            eliminated.Add(award.ApplicationId);
        }

        Record(actor, ChallengeAction.DownSelect, Status, now, kept is null ? "择优保留一方" : $"择优保留{Describe(kept)}");
        return eliminated;
    }

    public void DeliverMilestone(ChallengeActor actor, Guid milestoneId, string note, DateTimeOffset now)
    {
        var award = Ensure(actor, ChallengeAction.DeliverMilestone)!;
        RequireSingleTaker();
        var milestone = FindMilestone(milestoneId);
        if (milestone.Status is not (MilestoneStatus.Pending or MilestoneStatus.SentBack))
        {
            throw new DomainConflictException("里程碑不能提交", "该里程碑已提交或已验收。", "milestone_not_pending");
        }

        milestone.Deliver(award.ApplicationId, Guard.Text(note, "成果说明", Milestone.NoteMaxLength), now);
        award.Touch(now);
        Record(actor, ChallengeAction.DeliverMilestone, Status, now, milestone.Title);
    }

    /// <summary>
    /// The company accepts a delivered milestone (its amount is released and split among the delivering team by their
    /// agreed shares) or sends it back with a comment. A milestone is released at most once.
    /// </summary>
    public void ReviewMilestone(ChallengeActor actor, Guid milestoneId, bool accept, string? comment, DateTimeOffset now)
    {
        Ensure(actor, ChallengeAction.ReviewMilestone);
        var milestone = FindMilestone(milestoneId);
        if (milestone.Status != MilestoneStatus.Delivered)
        {
            throw new DomainConflictException("里程碑不能验收", "只有已提交待验收的里程碑可以验收或退回。", "milestone_not_delivered");
        }

        var text = Guard.OptionalText(comment, "验收意见", Milestone.NoteMaxLength);
        if (!accept && text is null)
        {
            throw new DomainException("请填写退回理由", "退回里程碑时必须说明原因。", "reason_required");
        }

        milestone.Review(accept, text, now);
        if (accept)
        {
            Release(milestone, now);
        }

        Record(actor, ChallengeAction.ReviewMilestone, Status, now, (accept ? "验收通过：" : "退回：") + milestone.Title);
    }

    public void Deliver(ChallengeActor actor, string note, DateTimeOffset now)
    {
        var award = Ensure(actor, ChallengeAction.Deliver)!;
        RequireSingleTaker();
        if (_milestones.Count == 0 || _milestones.Any(m => m.Status != MilestoneStatus.Accepted))
        {
            throw new DomainConflictException("里程碑未全部验收", "所有里程碑验收通过后才能交付成果。", "milestones_open");
        }

        award.Touch(now);
        Move(actor, ChallengeAction.Deliver, now, Guard.Text(note, "交付说明", Milestone.NoteMaxLength));
    }

    // ---- 车间验题 / 市场评价 ----------------------------------------------------------------------------------------

    public void RecordVerification(ChallengeActor actor, string verifierName, string location, bool passed, string report, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(actor);
        Ensure(actor, ChallengeAction.RecordVerification);
        var verification = new WorkshopVerification(
            actor.UserId ?? Guid.Empty,
            Guard.Text(verifierName, "验题人", 100),
            Guard.Text(location, "验题地点", 200),
            passed,
            Guard.Text(report, "验题报告", DescriptionMaxLength),
            now);
        _verifications.Add(verification);
        var from = Status;
        Status = passed ? ChallengeStatus.MarketEvaluation : ChallengeStatus.VerificationFailed;
        Touch(now);
        _audit.Add(new ChallengeAuditEntry(now, actor.UserId, actor.Party, ChallengeAction.RecordVerification, from, Status,
            passed ? "车间验题通过" : "车间验题未通过：" + verification.Report));
    }

    /// <summary>After a failed verification the takers may deliver again, once.</summary>
    public void Redeliver(ChallengeActor actor, string note, DateTimeOffset now)
    {
        var award = Ensure(actor, ChallengeAction.Redeliver)!;
        if (RedeliveryUsed)
        {
            throw new DomainConflictException("已重新交付过", "验题未通过后只能重新交付一次，本榜单已用过这次机会。", "redelivery_used");
        }

        RedeliveryUsed = true;
        award.Touch(now);
        Move(actor, ChallengeAction.Redeliver, now, Guard.Text(note, "重新交付说明", Milestone.NoteMaxLength));
    }

    public void RecordMarketEvaluation(ChallengeActor actor, int rating, decimal costSaved, decimal outputAdded, string? note, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(actor);
        Ensure(actor, ChallengeAction.RecordMarketEvaluation);
        if (rating is < 1 or > 5)
        {
            throw new DomainException("评分超出范围", "市场评价评分应为 1 到 5 星。", "rating_out_of_range");
        }

        if (costSaved < 0 || outputAdded < 0 || costSaved > 10_000_000_000m || outputAdded > 10_000_000_000m)
        {
            throw new DomainException("经济效益无效", "节约成本和新增产值应为 0 到 100 亿元之间的金额。", "effect_out_of_range");
        }

        int months;
        if (Status == ChallengeStatus.MarketEvaluation)
        {
            months = 0;
            _evaluations.RemoveAll(e => e.MonthsAfterSettlement == 0);
        }
        else
        {
            var due = FollowUpMonths.Where(m => SettledAt!.Value.AddMonths(m) <= now && _evaluations.All(e => e.MonthsAfterSettlement != m)).ToList();
            if (due.Count == 0)
            {
                var next = FollowUpMonths.FirstOrDefault(m => _evaluations.All(e => e.MonthsAfterSettlement != m));
                throw new DomainConflictException(
                    "暂无待做的跟踪评价",
                    next == 0 ? "结算后 3、6、12 个月的跟踪评价都已记录。" : $"下一次跟踪评价在结算后 {next} 个月（{SettledAt!.Value.AddMonths(next).China("yyyy-MM-dd")}）开放。",
                    "evaluation_not_due");
            }

            months = due[0];
        }

        _evaluations.Add(new MarketEvaluation(months, rating, decimal.Round(costSaved, 2), decimal.Round(outputAdded, 2),
            Guard.OptionalText(note, "评价说明", ReasonMaxLength), actor.UserId ?? Guid.Empty, now));
        Record(actor, ChallengeAction.RecordMarketEvaluation, Status, now, months == 0 ? "市场评价" : $"结算后 {months} 个月跟踪评价");
    }

    public void Settle(ChallengeActor actor, DateTimeOffset now)
    {
        Ensure(actor, ChallengeAction.Settle);
        if (_evaluations.All(e => e.MonthsAfterSettlement != 0))
        {
            throw new DomainConflictException("尚未市场评价", "结算前需要发榜企业先完成市场评价。", "evaluation_missing");
        }

        if (Outstanding != 0)
        {
            throw new DomainConflictException("仍有未释放资金", $"还有 {Outstanding:N2} 元未随里程碑释放，不能结算。", "ledger_open");
        }

        SettledAt = now;
        Move(actor, ChallengeAction.Settle, now, $"结算 {Released:N2} 元");
    }

    // ---- side exits ---------------------------------------------------------------------------------------------

    /// <summary>
    /// The company declares an awarded team gone silent. Allowed only after <see cref="AbandonAfterDays"/> without
    /// activity. With nobody left, the listing goes back to evaluation to award another applicant (or reopen).
    /// Returns the engineers whose profiles record the abandonment.
    /// </summary>
    public IReadOnlyList<Guid> DeclareAbandoned(ChallengeActor actor, ChallengeApplication application, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(application);
        Ensure(actor, ChallengeAction.DeclareAbandoned);
        var award = ActiveAwards.FirstOrDefault(a => a.ApplicationId == application.Id)
            ?? throw new DomainException("不是中榜方", "只能对当前的中榜方认定弃榜。", "not_awarded");
        var silentDays = (now - award.LastActivityAt).TotalDays;
        if (silentDays < AbandonAfterDays)
        {
            throw new DomainConflictException(
                "尚未达到弃榜期限",
                $"中榜方最近一次活动在 {award.LastActivityAt.China()}，需连续 {AbandonAfterDays} 天无活动才能认定弃榜（还差 {Math.Ceiling(AbandonAfterDays - silentDays)} 天）。",
                "abandon_too_early");
        }

        award.End(AwardStatus.Abandoned);
        application.MarkAbandoned(now);
        foreach (var milestone in _milestones.Where(m => m.Status is MilestoneStatus.Delivered or MilestoneStatus.SentBack))
        {
            milestone.Review(accept: false, "中榜方弃榜，待新的中榜方交付", now);
        }

        var from = Status;
        if (!ActiveAwards.Any())
        {
            Status = ChallengeStatus.UnderEvaluation;
        }

        Touch(now);
        _audit.Add(new ChallengeAuditEntry(now, actor.UserId, actor.Party, ChallengeAction.DeclareAbandoned, from, Status,
            $"{Describe(application)}连续 {Math.Floor(silentDays)} 天无活动"));
        return award.Shares.Select(s => s.EngineerId).ToList();
    }

    /// <summary>Stops the listing; whatever was committed and not released is voided in the ledger.</summary>
    public void Cancel(ChallengeActor actor, string reason, DateTimeOffset now)
    {
        Ensure(actor, ChallengeAction.Cancel);
        var text = Guard.Text(reason, "取消理由", ReasonMaxLength);
        if (Outstanding > 0)
        {
            _ledger.Add(new LedgerEntry(Guid.NewGuid(), LedgerEntryKind.Voided, Outstanding, null, null, null, now));
        }

        Move(actor, ChallengeAction.Cancel, now, text);
    }

    /// <summary>Anything a taker does on the listing counts as activity against abandonment.</summary>
    public void RecordTakerActivity(Guid engineerId, DateTimeOffset now)
    {
        foreach (var award in ActiveAwards.Where(a => a.HasMember(engineerId)))
        {
            award.Touch(now);
            Touch(now);
        }
    }

    /// <summary>The party an engineer acts as: a taker when on an active award's team, otherwise an engineer.</summary>
    public ChallengeParty PartyForEngineer(Guid engineerId) =>
        ActiveAwards.Any(a => a.HasMember(engineerId)) ? ChallengeParty.Taker : ChallengeParty.Engineer;

    // ---- internals ----------------------------------------------------------------------------------------------

    private ChallengeAward? Ensure(ChallengeActor actor, ChallengeAction action)
    {
        ArgumentNullException.ThrowIfNull(actor);
        ChallengeLifecycle.Ensure(action, Status, actor.Party);
        if (actor.Party != ChallengeParty.Taker)
        {
            return null;
        }

        return actor.EngineerId is { } id ? ActiveAwards.FirstOrDefault(a => a.HasMember(id)) ?? throw NotTaker() : throw NotTaker();

        static DomainForbiddenException NotTaker() => new("不是中榜方", "只有当前中榜团队的成员可以执行该操作。", "not_taker");
    }

    private void Apply(ChallengeListing listing, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(listing);
        if (listing.SkillCodes is null || listing.SkillCodes.Count is 0 or > MaxSkills)
        {
            throw new DomainException("技能数量无效", $"请选择 1 到 {MaxSkills} 项技术领域/技能。", "skills_count");
        }

        if (listing.ExpectedDurationDays is < 1 or > MaxDurationDays)
        {
            throw new DomainException("预计周期超出范围", $"预计周期应在 1 到 {MaxDurationDays} 天之间。", "duration_out_of_range");
        }

        if (listing.RaceSlots is < 1 or > MaxRaceSlots)
        {
            throw new DomainException("赛马名额无效", $"中榜名额应在 1 到 {MaxRaceSlots} 之间（大于 1 即赛马模式）。", "race_slots");
        }

        if (listing.AbandonAfterDays is < MinAbandonDays or > MaxAbandonDays)
        {
            throw new DomainException("弃榜期限无效", $"弃榜认定期限应在 {MinAbandonDays} 到 {MaxAbandonDays} 天之间。", "abandon_days");
        }

        if (!Enum.IsDefined(listing.IpArrangement) || !Enum.IsDefined(listing.Confidentiality)
            || listing.MinTitle is { } minTitle && !Enum.IsDefined(minTitle))
        {
            throw new DomainException("选项无效", "知识产权归属或保密方式不是可选的值。", "option_invalid");
        }

        if (listing.ApplicationDeadline <= now)
        {
            throw new DomainException("截止时间无效", "揭榜截止时间必须晚于当前时间。", "deadline_in_past");
        }

        Title = Guard.Text(listing.Title, "榜单标题", TitleMaxLength);
        Description = Guard.Text(listing.Description, "需求描述", DescriptionMaxLength);
        ClusterCode = Guard.Text(listing.ClusterCode, "产业集群", 50);
        SkillCodes = listing.SkillCodes.Select(s => Guard.Text(s, "技能", 50)).Distinct().ToList();
        ServiceTypeCode = Guard.Text(listing.ServiceTypeCode, "服务类型", 50);
        Bounty = Money.Positive(listing.Bounty, "悬赏金额", MaxBounty);
        ApplicationDeadline = listing.ApplicationDeadline;
        ExpectedDurationDays = listing.ExpectedDurationDays;
        MinTitle = listing.MinTitle;
        RequiresTier = listing.RequiresTier;
        CityCode = Guard.Text(listing.CityCode, "所在市州", 6);
        OnSiteRequired = listing.OnSiteRequired;
        IpArrangement = listing.IpArrangement;
        Confidentiality = listing.Confidentiality;
        RaceSlots = listing.RaceSlots;
        AbandonAfterDays = listing.AbandonAfterDays;
        Touch(now);
    }

    private void Release(Milestone milestone, DateTimeOffset now)
    {
        if (_ledger.Any(e => e.Kind == LedgerEntryKind.Released && e.MilestoneId == milestone.Id))
        {
            throw new DomainConflictException("重复释放", "该里程碑的资金已经释放过。", "already_released");
        }

        if (milestone.Amount > Outstanding)
        {
            throw new DomainConflictException("资金不足", $"待释放金额 {milestone.Amount:N2} 元超过尚未释放的承诺资金 {Outstanding:N2} 元。", "ledger_overdrawn");
        }

        var award = _awards.First(a => a.ApplicationId == milestone.DeliveredByApplicationId);
        var parts = Money.Split(milestone.Amount, award.Shares.Select(s => s.SharePercent).ToList());
        for (var i = 0; i < parts.Count; i++)
        {
            _ledger.Add(new LedgerEntry(Guid.NewGuid(), LedgerEntryKind.Released, parts[i], milestone.Id, award.ApplicationId, award.Shares[i].EngineerId, now));
        }
    }

    /// <summary>How an application is named in the audit trail: people read it, so no ids.</summary>
    private static string Describe(ChallengeApplication application) =>
        $"{(application.IsTeam ? $"{application.Members.Count} 人团队" : "个人")}申请（报价 {application.Quote:N2} 元）";

    private void RequireDeadlineAhead(DateTimeOffset now)
    {
        if (ApplicationDeadline <= now)
        {
            throw new DomainException("截止时间已过", "揭榜截止时间已过，请先修改截止时间。", "deadline_in_past");
        }
    }

    private void RequireSingleTaker()
    {
        if (ActiveAwards.Count() > 1)
        {
            throw new DomainConflictException("赛马尚未择优", "赛马模式下需先由发榜企业择优保留一方，再提交里程碑成果。", "race_not_decided");
        }
    }

    private void RequireOwn(ChallengeApplication application)
    {
        if (application.ChallengeId != Id)
        {
            throw new DomainException("申请不属于该榜单", "该揭榜申请不属于这个榜单。", "application_mismatch");
        }
    }

    private Milestone FindMilestone(Guid milestoneId) =>
        _milestones.FirstOrDefault(m => m.Id == milestoneId)
        ?? throw new DomainException("里程碑不存在", "该榜单下没有这个里程碑。", "milestone_not_found");

    /// <summary>
    /// Every change bumps <see cref="Revision"/>, so the listing row is written (and its xmin checked) even when only a
    /// part changed: two awards saved at once then conflict instead of both landing.
    /// </summary>
    private void Touch(DateTimeOffset now)
    {
        UpdatedAt = now;
        Revision++;
    }

    private decimal Sum(LedgerEntryKind kind) => _ledger.Where(e => e.Kind == kind).Sum(e => e.Amount);

    private void Move(ChallengeActor actor, ChallengeAction action, DateTimeOffset now, string? reason)
    {
        var to = ChallengeLifecycle.RuleFor(action).To ?? Status;
        var from = Status;
        Status = to;
        Touch(now);
        _audit.Add(new ChallengeAuditEntry(now, actor.UserId, actor.Party, action, from, to, reason));
    }

    private void Record(ChallengeActor actor, ChallengeAction action, ChallengeStatus state, DateTimeOffset now, string? reason)
    {
        Touch(now);
        _audit.Add(new ChallengeAuditEntry(now, actor.UserId, actor.Party, action, state, state, reason));
    }
}
