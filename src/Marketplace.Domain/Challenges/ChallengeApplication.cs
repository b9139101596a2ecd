using Marketplace.Domain.Common;

namespace Marketplace.Domain.Challenges;

public enum ApplicationStatus
{
    /// <summary>组队中: team members still to confirm, or shares still to agree.</summary>
    Draft = 0,

    /// <summary>已提交.</summary>
    Submitted = 1,

    /// <summary>已撤回.</summary>
    Withdrawn = 2,

    /// <summary>已中榜 (挂帅).</summary>
    Awarded = 3,

    /// <summary>未入选.</summary>
    NotSelected = 4,

    /// <summary>赛马淘汰: awarded in 赛马 mode, not kept at down-selection.</summary>
    Eliminated = 5,

    /// <summary>弃榜: awarded, then declared abandoned after a period without activity.</summary>
    Abandoned = 6,
}

/// <summary>A member of an applying team and their agreed share of the bounty, in whole percent.</summary>
public sealed class TeamMember
{
    private TeamMember() { }

    public TeamMember(Guid engineerId, int sharePercent, bool isLead, DateTimeOffset? confirmedAt)
    {
        EngineerId = engineerId;
        SharePercent = sharePercent;
        IsLead = isLead;
        ConfirmedAt = confirmedAt;
    }

    public Guid EngineerId { get; private set; }

    public int SharePercent { get; private set; }

    public bool IsLead { get; private set; }

    /// <summary>When the member confirmed joining with this share; the lead confirms by applying.</summary>
    public DateTimeOffset? ConfirmedAt { get; private set; }

    internal void Confirm(DateTimeOffset now) => ConfirmedAt = now;
}

/// <summary>
/// 揭榜申请: one engineer, or a team led by one, offering a proposal, plan, quote and timeline. A team's shares are agreed
/// (every member confirms, shares sum to 100) before it can be submitted, and are frozen from then on: they are what
/// the settlement ledger splits released money by.
/// </summary>
public sealed class ChallengeApplication
{
    public const int ProposalMaxLength = 5000;
    public const int PlanMaxLength = 5000;
    public const int MaxTeamSize = 10;
    public const int MaxTimelineDays = 1095;

    private readonly List<TeamMember> _members = [];
    private readonly List<ApplicationScore> _scores = [];

    private ChallengeApplication() { }

    public Guid Id { get; private set; }

    public Guid ChallengeId { get; private set; }

    public Guid LeadEngineerId { get; private set; }

    public string Proposal { get; private set; } = "";

    public string Plan { get; private set; } = "";

    /// <summary>报价 in CNY.</summary>
    public decimal Quote { get; private set; }

    public int TimelineDays { get; private set; }

    public ApplicationStatus Status { get; private set; }

    public IReadOnlyList<TeamMember> Members => _members;

    public IReadOnlyList<ApplicationScore> Scores => _scores;

    public DateTimeOffset CreatedAt { get; private set; }

    public DateTimeOffset? SubmittedAt { get; private set; }

    public DateTimeOffset UpdatedAt { get; private set; }

    public uint Version { get; private set; }

    public bool IsTeam => _members.Count > 1;

    /// <summary>Weighted average over the scorers, or null before anyone scored.</summary>
    public decimal? AverageScore => _scores.Count == 0 ? null : decimal.Round(_scores.Average(s => s.Total), 2);

    /// <summary>
    /// Starts an application. Alone, the lead holds 100 % and it is submitted at once; with team members it stays a
    /// draft until every member has confirmed their share.
    /// </summary>
    public static ChallengeApplication Start(
        Guid id, Guid challengeId, Guid leadEngineerId, string proposal, string plan, decimal quote, int timelineDays,
        IReadOnlyList<(Guid EngineerId, int SharePercent)> team, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(team);
        var application = new ChallengeApplication
        {
            Id = id,
            ChallengeId = challengeId,
            LeadEngineerId = leadEngineerId,
            Proposal = Guard.Text(proposal, "技术方案", ProposalMaxLength),
            Plan = Guard.Text(plan, "实施计划", PlanMaxLength),
            Quote = Money.Positive(quote, "报价", Challenge.MaxBounty),
            TimelineDays = timelineDays is >= 1 and <= MaxTimelineDays
                ? timelineDays
                : throw new DomainException("工期超出范围", $"计划工期应在 1 到 {MaxTimelineDays} 天之间。", "timeline_out_of_range"),
            Status = ApplicationStatus.Draft,
            CreatedAt = now,
            UpdatedAt = now,
        };

        var members = team.Count == 0 ? [(leadEngineerId, 100)] : team;
        ValidateShares(leadEngineerId, members);
        foreach (var (engineerId, share) in members)
        {
            var isLead = engineerId == leadEngineerId;
            application._members.Add(new TeamMember(engineerId, share, isLead, isLead ? now : null));
        }

        if (application._members.All(m => m.ConfirmedAt is not null))
        {
            application.Submit(now);
        }

        return application;
    }

    /// <summary>A team member accepts joining on the agreed share; the last confirmation submits the application.</summary>
    public void ConfirmMembership(Guid engineerId, DateTimeOffset now)
    {
        if (Status != ApplicationStatus.Draft)
        {
            throw new DomainConflictException("申请已不在组队阶段", "只有组队中的申请可以确认加入。", "application_not_draft");
        }

        var member = _members.FirstOrDefault(m => m.EngineerId == engineerId)
            ?? throw new DomainForbiddenException("不是该团队成员", "你不在这份揭榜申请的团队名单中。", "not_team_member");
        if (member.ConfirmedAt is null)
        {
            member.Confirm(now);
        }

        UpdatedAt = now;
        if (_members.All(m => m.ConfirmedAt is not null))
        {
            Submit(now);
        }
    }

    public void Withdraw(Guid engineerId, DateTimeOffset now)
    {
        if (engineerId != LeadEngineerId)
        {
            throw new DomainForbiddenException("只有负责人可以撤回", "揭榜申请只能由团队负责人撤回。", "not_lead");
        }

        if (Status is not (ApplicationStatus.Draft or ApplicationStatus.Submitted))
        {
            throw new DomainConflictException("申请不能再撤回", $"申请当前为「{StatusName(Status)}」，只有定榜前的申请可以撤回。", "application_not_withdrawable");
        }

        Status = ApplicationStatus.Withdrawn;
        UpdatedAt = now;
    }

    /// <summary>Records (or replaces) one scorer's marks on the weighted criteria.</summary>
    public void Score(Guid scorerUserId, IReadOnlyDictionary<string, int> marks, string? comment, DateTimeOffset now)
    {
        if (Status != ApplicationStatus.Submitted)
        {
            throw new DomainConflictException("申请不可评分", "只能为已提交且尚未定榜的申请评分。", "application_not_scorable");
        }

        var score = ApplicationScore.Create(scorerUserId, marks, Guard.OptionalText(comment, "评审意见", 1000), now);
        _scores.RemoveAll(s => s.ScorerUserId == scorerUserId);
        _scores.Add(score);
        UpdatedAt = now;
    }

    public bool HasMember(Guid engineerId) => _members.Any(m => m.EngineerId == engineerId);

    internal void MarkAwarded(DateTimeOffset now) => Move(ApplicationStatus.Submitted, ApplicationStatus.Awarded, now);

    internal void MarkEliminated(DateTimeOffset now) => Move(ApplicationStatus.Awarded, ApplicationStatus.Eliminated, now);

    internal void MarkAbandoned(DateTimeOffset now) => Move(ApplicationStatus.Awarded, ApplicationStatus.Abandoned, now);

    /// <summary>Closes an application that was not chosen once the listing ends or moves past selection.</summary>
    public void MarkNotSelected(DateTimeOffset now)
    {
        if (Status is ApplicationStatus.Draft or ApplicationStatus.Submitted)
        {
            Status = ApplicationStatus.NotSelected;
            UpdatedAt = now;
        }
    }

    public static string StatusName(ApplicationStatus status) => status switch
    {
        ApplicationStatus.Draft => "组队中",
        ApplicationStatus.Submitted => "已提交",
        ApplicationStatus.Withdrawn => "已撤回",
        ApplicationStatus.Awarded => "已中榜",
        ApplicationStatus.NotSelected => "未入选",
        ApplicationStatus.Eliminated => "赛马淘汰",
        ApplicationStatus.Abandoned => "弃榜",
        _ => status.ToString(),
    };

    private void Submit(DateTimeOffset now)
    {
        Status = ApplicationStatus.Submitted;
        SubmittedAt = now;
        UpdatedAt = now;
    }

    private void Move(ApplicationStatus from, ApplicationStatus to, DateTimeOffset now)
    {
        if (Status != from)
        {
            throw new DomainConflictException("申请状态不符", $"申请当前为「{StatusName(Status)}」，不能改为「{StatusName(to)}」。", "application_invalid_state");
        }

        Status = to;
        UpdatedAt = now;
    }

    private static void ValidateShares(Guid leadEngineerId, IReadOnlyList<(Guid EngineerId, int SharePercent)> members)
    {
        if (members.Count > MaxTeamSize)
        {
            throw new DomainException("团队人数过多", $"一个揭榜团队最多 {MaxTeamSize} 人。", "team_too_large");
        }

        if (!members.Any(m => m.EngineerId == leadEngineerId))
        {
            throw new DomainException("团队缺少负责人", "团队名单必须包含提交申请的负责人本人。", "team_without_lead");
        }

        if (members.Select(m => m.EngineerId).Distinct().Count() != members.Count)
        {
            throw new DomainException("团队成员重复", "同一位工程师在团队名单中出现了多次。", "team_duplicate_member");
        }

        if (members.Any(m => m.SharePercent is < 1 or > 100))
        {
            throw new DomainException("分配比例无效", "每位成员的分配比例应在 1% 到 100% 之间。", "shares_invalid");
        }

        var total = members.Sum(m => m.SharePercent);
        if (total != 100)
        {
            throw new DomainException("分配比例合计不为 100%", $"团队成员的分配比例合计为 {total}%，应为 100%。", "shares_not_100");
        }
    }
}

/// <summary>
/// One scorer's marks (0–100 per criterion) and the weighted total. The criteria and weights are the platform's
/// standard evaluation sheet for 揭榜 proposals.
/// </summary>
public sealed class ApplicationScore
{
    public static readonly IReadOnlyList<(string Code, string Name, int Weight)> Criteria =
    [
        ("solution", "技术方案可行性与先进性", 40),
        ("team", "团队能力与业绩", 25),
        ("price", "报价合理性", 20),
        ("schedule", "工期与实施保障", 15),
    ];

    private ApplicationScore() { }

    public Guid ScorerUserId { get; private set; }

    public List<CriterionMark> Marks { get; private set; } = [];

    public decimal Total { get; private set; }

    public string? Comment { get; private set; }

    public DateTimeOffset ScoredAt { get; private set; }

    internal static ApplicationScore Create(Guid scorerUserId, IReadOnlyDictionary<string, int> marks, string? comment, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(marks);
        var missing = Criteria.Where(c => !marks.ContainsKey(c.Code)).Select(c => c.Name).ToList();
        if (missing.Count > 0)
        {
            throw new DomainException("评分不完整", "缺少评分项：" + string.Join("、", missing) + "。", "score_incomplete");
        }

        var unknown = marks.Keys.Where(k => Criteria.All(c => c.Code != k)).ToList();
        if (unknown.Count > 0)
        {
            throw new DomainException("未知评分项", "未知评分项：" + string.Join("、", unknown) + "。", "score_unknown_criterion");
        }

        if (marks.Values.Any(v => v is < 0 or > 100))
        {
            throw new DomainException("分值超出范围", "每项评分应在 0 到 100 分之间。", "score_out_of_range");
        }

        var total = Criteria.Sum(c => marks[c.Code] * (decimal)c.Weight) / 100m;
        return new ApplicationScore
        {
            ScorerUserId = scorerUserId,
            Marks = Criteria.Select(c => new CriterionMark(c.Code, marks[c.Code])).ToList(),
            Total = decimal.Round(total, 2),
            Comment = comment,
            ScoredAt = now,
        };
    }
}

/// <summary>One criterion's mark on a score sheet.</summary>
public sealed record CriterionMark(string Code, int Mark);
