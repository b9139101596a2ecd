using Marketplace.Domain.Common;

namespace Marketplace.Domain.Accreditation;

/// <summary>Who acts in an accreditation: the account (null for the platform or an anonymous member of the public) and its party.</summary>
public sealed record AccreditationActor(Guid? UserId, AccreditationParty Party)
{
    public static readonly AccreditationActor System = new(null, AccreditationParty.System);
}

/// <summary>The parties of seed 001's flow. Province and city are both 主管部门 accounts, told apart by their bureau's level.</summary>
public enum AccreditationParty
{
    /// <summary>申报单位: a member of the applicant organization.</summary>
    Applicant = 1,

    /// <summary>市州主管部门: reviews and recommends the applications of its city.</summary>
    CityBureau = 2,

    /// <summary>省级主管部门: opens rounds, checks, assigns experts, selects, publishes the notice, recognizes.</summary>
    Province = 3,

    /// <summary>评审专家 assigned to an application.</summary>
    Expert = 4,

    /// <summary>社会公众: may read the public notice and lodge an objection, signed in or not.</summary>
    Public = 5,

    /// <summary>The platform itself (score aggregation once the last sheet is in).</summary>
    System = 6,
}

/// <summary>One line of an accreditation audit trail: who (account and party), when, what, between which states, and why.</summary>
public sealed record AccreditationAuditEntry(
    DateTimeOffset At,
    Guid? ActorUserId,
    AccreditationParty Party,
    string Action,
    string From,
    string To,
    string? Reason);

public enum RoundStatus
{
    /// <summary>申报中: applications may be submitted inside the window.</summary>
    Open = 1,

    /// <summary>申报截止: no more submissions; the city bureaus finish their reviews.</summary>
    Closed = 2,

    /// <summary>省级评审中: the province checks applications and the experts score them.</summary>
    Reviewing = 3,

    /// <summary>已遴选: the province has chosen the centers to recognize.</summary>
    Selected = 4,

    /// <summary>公示中.</summary>
    Noticed = 5,

    /// <summary>已办结: every application under notice was recognized or rejected.</summary>
    Concluded = 6,
}

/// <summary>
/// 申报轮次: a call for center applications opened by the province, with its application window, its region, the rubric
/// version every sheet of the round is scored against and the trimming rule of its aggregation (decision 25). The
/// public-notice dates live here because one notice covers every selected center of the round.
/// </summary>
public sealed class AccreditationRound
{
    public const int NameMaxLength = 100;
    public const int ReasonMaxLength = 1000;

    private List<AccreditationAuditEntry> _audit = [];

    private AccreditationRound() { }

    public Guid Id { get; private set; }

    public string Name { get; private set; } = "";

    /// <summary>The province or city the round covers; applicants must be registered inside it.</summary>
    public string RegionCode { get; private set; } = "";

    public DateTimeOffset ApplicationOpensAt { get; private set; }

    public DateTimeOffset ApplicationClosesAt { get; private set; }

    public string RubricVersion { get; private set; } = "";

    public string ConditionsVersion { get; private set; } = "";

    public int TrimMinExperts { get; private set; }

    public int TrimEachSide { get; private set; }

    public RoundStatus Status { get; private set; }

    public DateOnly? NoticeStart { get; private set; }

    public DateOnly? NoticeEnd { get; private set; }

    public Guid CreatedByUserId { get; private set; }

    public DateTimeOffset CreatedAt { get; private set; }

    public DateTimeOffset UpdatedAt { get; private set; }

    /// <summary>Optimistic-concurrency token (PostgreSQL xmin).</summary>
    public uint Version { get; private set; }

    public IReadOnlyList<AccreditationAuditEntry> Audit => _audit;

    public TrimOptions Trim => new(TrimMinExperts, TrimEachSide);

    public static AccreditationRound Open(
        Guid id, AccreditationActor actor, string name, string regionCode, DateTimeOffset opensAt, DateTimeOffset closesAt,
        Rubric rubric, CenterConditionChecklist conditions, TrimOptions trim, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(actor);
        ArgumentNullException.ThrowIfNull(rubric);
        ArgumentNullException.ThrowIfNull(conditions);
        ArgumentNullException.ThrowIfNull(trim);
        RequireProvince(actor, "开启申报轮次");
        if (closesAt <= opensAt)
        {
            throw new DomainException("申报时间无效", "申报截止时间必须晚于开始时间。", "round_window_invalid");
        }

        if (closesAt <= now)
        {
            throw new DomainException("申报时间无效", "申报截止时间必须晚于当前时间。", "round_window_invalid");
        }

        var round = new AccreditationRound
        {
            Id = id,
            Name = Guard.Text(name, "轮次名称", NameMaxLength),
            RegionCode = Guard.Text(regionCode, "地区代码", 6),
            ApplicationOpensAt = opensAt,
            ApplicationClosesAt = closesAt,
            RubricVersion = rubric.Version,
            ConditionsVersion = conditions.Version,
            TrimMinExperts = trim.MinExperts,
            TrimEachSide = trim.EachSide,
            Status = RoundStatus.Open,
            CreatedByUserId = actor.UserId ?? Guid.Empty,
            CreatedAt = now,
            UpdatedAt = now,
        };
        round.Record(actor, "open", RoundStatus.Open, RoundStatus.Open, $"申报时间 {opensAt.China()} 至 {closesAt.China()}", now);
        return round;
    }

    /// <summary>Submissions are taken while the round is open and inside its window (the clock decides, not a sweep).</summary>
    public bool IsAcceptingApplications(DateTimeOffset now) =>
        Status == RoundStatus.Open && now >= ApplicationOpensAt && now < ApplicationClosesAt;

    /// <summary>Whether an organization registered in <paramref name="regionCode"/> lies inside the round's region.</summary>
    public bool Covers(string regionCode) => RegionMatch.Within(regionCode, RegionCode);

    public void EnsureAcceptingApplications(DateTimeOffset now)
    {
        if (!IsAcceptingApplications(now))
        {
            throw new DomainConflictException(
                "不在申报时间内",
                $"申报轮次“{Name}”的申报时间为 {ApplicationOpensAt.China()} 至 {ApplicationClosesAt.China()}（当前状态：{StatusName(Status)}），现在不能提交申报。",
                "round_not_open");
        }
    }

    public void Close(AccreditationActor actor, DateTimeOffset now)
    {
        RequireProvince(actor, "截止申报");
        Move(actor, "close", [RoundStatus.Open], RoundStatus.Closed, null, now);
    }

    /// <summary>The province's first check of an application starts the review; the window must have closed first.</summary>
    public void BeginReview(AccreditationActor actor, DateTimeOffset now)
    {
        if (Status == RoundStatus.Reviewing)
        {
            return;
        }

        if (Status == RoundStatus.Open && now >= ApplicationClosesAt)
        {
            Move(actor, "close", [RoundStatus.Open], RoundStatus.Closed, "申报时间已过", now);
        }

        Move(actor, "begin_review", [RoundStatus.Closed], RoundStatus.Reviewing, null, now);
    }

    public void MarkSelected(AccreditationActor actor, string? reason, DateTimeOffset now)
    {
        RequireProvince(actor, "遴选");
        Move(actor, "select", [RoundStatus.Reviewing], RoundStatus.Selected, reason, now);
    }

    /// <summary>公示: the dates come from the working calendar (the caller computes the end with <see cref="WorkingCalendar.NoticeEnd"/>).</summary>
    public void PublishNotice(AccreditationActor actor, DateOnly start, DateOnly end, DateOnly today, DateTimeOffset now)
    {
        RequireProvince(actor, "发布公示");
        if (start < today)
        {
            throw new DomainException("公示日期无效", $"公示开始日期不能早于今天（{today:yyyy-MM-dd}）。", "notice_start_past");
        }

        Move(actor, "publish_notice", [RoundStatus.Selected], RoundStatus.Noticed, $"公示期 {start:yyyy-MM-dd} 至 {end:yyyy-MM-dd}", now);
        NoticeStart = start;
        NoticeEnd = end;
    }

    public void Conclude(AccreditationActor actor, DateTimeOffset now) =>
        Move(actor, "conclude", [RoundStatus.Noticed], RoundStatus.Concluded, null, now);

    public static string StatusName(RoundStatus status) => status switch
    {
        RoundStatus.Open => "申报中",
        RoundStatus.Closed => "申报截止",
        RoundStatus.Reviewing => "评审中",
        RoundStatus.Selected => "已遴选",
        RoundStatus.Noticed => "公示中",
        RoundStatus.Concluded => "已办结",
        _ => status.ToString(),
    };

    internal static void RequireProvince(AccreditationActor actor, string what)
    {
        ArgumentNullException.ThrowIfNull(actor);
        if (actor.Party != AccreditationParty.Province)
        {
            throw new DomainForbiddenException("没有权限", $"只有省级主管部门可以{what}。", "forbidden_party");
        }
    }

    private void Move(AccreditationActor actor, string action, RoundStatus[] from, RoundStatus to, string? reason, DateTimeOffset now)
    {
        if (!from.Contains(Status))
        {
            throw new DomainConflictException(
                "当前状态不允许该操作",
                $"申报轮次当前状态为“{StatusName(Status)}”，只有在“{string.Join("、", from.Select(StatusName))}”状态下才能执行该操作。",
                "invalid_state");
        }

        var previous = Status;
        Status = to;
        Record(actor, action, previous, to, reason, now);
    }

    private void Record(AccreditationActor actor, string action, RoundStatus from, RoundStatus to, string? reason, DateTimeOffset now)
    {
        _audit.Add(new AccreditationAuditEntry(now, actor.UserId, actor.Party, action, from.ToString(), to.ToString(), reason));
        UpdatedAt = now;
    }
}

/// <summary>Administrative division codes (GB/T 2260): 430000 a province, 430100 a city in it, 430102 a district.</summary>
public static class RegionMatch
{
    /// <summary>Whether <paramref name="code"/> lies inside <paramref name="area"/> (trailing "00" pairs are the wildcard).</summary>
    public static bool Within(string code, string area)
    {
        ArgumentNullException.ThrowIfNull(code);
        ArgumentNullException.ThrowIfNull(area);
        var prefix = area;
        while (prefix.Length > 2 && prefix.EndsWith("00", StringComparison.Ordinal))
        {
            prefix = prefix[..^2];
        }

        return code.StartsWith(prefix, StringComparison.Ordinal);
    }
}
