using System.Globalization;
using System.Text;
using Marketplace.Domain.Common;

namespace Marketplace.Domain.Live;

public enum SessionStatus
{
    /// <summary>Invitations are out; engineers answer until the deadline.</summary>
    Open = 1,

    /// <summary>Closed by the host; the minutes are written.</summary>
    Closed = 2,
}

/// <summary>An invited engineer's answer (有意向 / 婉拒 / 提问), or none yet.</summary>
public enum InvitationAnswer
{
    Pending = 0,
    Interested = 1,
    Declined = 2,
    Question = 3,
}

/// <summary>
/// 一对多撮合: one need (a challenge listing or a quick need typed in) pushed live to the top engineers of the matching
/// model, who answer within a time limit while the company watches. The session row holds the need and the state;
/// each invitation is a row of its own (<see cref="SessionInvitation"/>) with its own version, so a thousand engineers
/// answering at once never conflict with each other — only with the host closing the session.
/// </summary>
public sealed class MatchingSession
{
    public const int TitleMaxLength = 100;
    public const int DescriptionMaxLength = 2000;
    public const int MaxCompanyInvitations = 50;

    /// <summary>An operator's 对接会 may put one need before many engineers at once.</summary>
    public const int MaxHostedInvitations = 1000;

    public const int MinAnswerMinutes = 1;
    public const int MaxAnswerMinutes = 1440;

    private MatchingSession() { }

    public Guid Id { get; private set; }

    /// <summary>The company whose need it is (an operator may host on its behalf).</summary>
    public Guid OwnerOrganizationId { get; private set; }

    public Guid HostUserId { get; private set; }

    /// <summary>True when a center operator hosts it (on the company's behalf, or inside a 对接会).</summary>
    public bool HostedByOperator { get; private set; }

    public Guid? EventId { get; private set; }

    public Guid? ChallengeId { get; private set; }

    public string Title { get; private set; } = "";

    public string Description { get; private set; } = "";

    public string ClusterCode { get; private set; } = "";

    public List<string> SkillCodes { get; private set; } = [];

    public string CityCode { get; private set; } = "";

    public decimal Bounty { get; private set; }

    public int DurationDays { get; private set; }

    public string ModelVersion { get; private set; } = "";

    public SessionStatus Status { get; private set; }

    public DateTimeOffset StartedAt { get; private set; }

    public DateTimeOffset AnswerDeadline { get; private set; }

    public DateTimeOffset? ClosedAt { get; private set; }

    /// <summary>纪要: who was invited, who answered what, what followed; written once, when the session closes.</summary>
    public string? Minutes { get; private set; }

    public uint Version { get; private set; }

    public static MatchingSession Start(
        Guid ownerOrganizationId, Guid hostUserId, bool hostedByOperator, Guid? eventId, Guid? challengeId,
        string title, string description, string clusterCode, IReadOnlyCollection<string> skillCodes, string cityCode,
        decimal bounty, int durationDays, int answerMinutes, string modelVersion, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(skillCodes);
        if (answerMinutes is < MinAnswerMinutes or > MaxAnswerMinutes)
        {
            throw new DomainException("答复时限无效", $"答复时限应为 {MinAnswerMinutes} 到 {MaxAnswerMinutes} 分钟。", "answer_limit_invalid");
        }

        return new MatchingSession
        {
            Id = Guid.NewGuid(),
            OwnerOrganizationId = ownerOrganizationId,
            HostUserId = hostUserId,
            HostedByOperator = hostedByOperator,
            EventId = eventId,
            ChallengeId = challengeId,
            Title = Guard.Text(title, "需求标题", TitleMaxLength),
            Description = Guard.OptionalText(description, "需求描述", DescriptionMaxLength) ?? "",
            ClusterCode = clusterCode,
            SkillCodes = [.. skillCodes.Distinct()],
            CityCode = cityCode,
            Bounty = bounty,
            DurationDays = durationDays,
            ModelVersion = modelVersion.Length > 64 ? modelVersion[..64] : modelVersion,
            Status = SessionStatus.Open,
            StartedAt = now,
            AnswerDeadline = now.AddMinutes(answerMinutes),
        };
    }

    public static int MaxInvitations(bool hostedByOperator) => hostedByOperator ? MaxHostedInvitations : MaxCompanyInvitations;

    /// <summary>Invites the ranked engineers; engineers of the owner company never reach here (the matcher's hard rules).</summary>
    public IReadOnlyList<SessionInvitation> Invite(IReadOnlyList<InvitedEngineer> ranked)
    {
        ArgumentNullException.ThrowIfNull(ranked);
        if (ranked.Count == 0)
        {
            throw new DomainConflictException("没有可邀请的工程师", "匹配模型没有找到符合条件的工程师，请放宽需求（技能、集群、城市）后再试。");
        }

        if (ranked.Count > MaxInvitations(HostedByOperator))
        {
            throw new DomainException("邀请人数过多", $"一次撮合最多邀请 {MaxInvitations(HostedByOperator)} 位工程师。", "too_many_invitations");
        }

        return ranked.Select(r => SessionInvitation.Create(this, r)).ToList();
    }

    /// <summary>The host, the owner company's accounts and, for an operator-hosted session, every operator watch the board.</summary>
    public bool IsHost(Guid userId, Guid? organizationId, bool isOperator) =>
        userId == HostUserId || organizationId == OwnerOrganizationId || (isOperator && HostedByOperator);

    public bool AcceptsAnswers(DateTimeOffset now) => Status == SessionStatus.Open && now <= AnswerDeadline;

    /// <summary>Closes the session and writes its minutes from the invitations as they stand.</summary>
    public void Close(IReadOnlyList<SessionInvitation> invitations, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(invitations);
        if (Status == SessionStatus.Closed)
        {
            throw new DomainConflictException("撮合已结束", "该撮合会话已经结束。");
        }

        Status = SessionStatus.Closed;
        ClosedAt = now;
        Minutes = SessionMinutes.Write(this, invitations);
    }

    public void RequireOpen(DateTimeOffset now)
    {
        if (Status != SessionStatus.Open)
        {
            throw new DomainConflictException("撮合已结束", "该撮合会话已经结束，不能再答复。");
        }

        if (now > AnswerDeadline)
        {
            throw new DomainConflictException("已过答复时限", $"答复时限已于 {AnswerDeadline.China()} 截止。");
        }
    }
}

/// <summary>One engineer as the matching model ranked them, with the reasons shown to the company.</summary>
public sealed record InvitedEngineer(Guid EngineerId, Guid UserId, string Name, int Rank, double Score, IReadOnlyList<string> Reasons);

/// <summary>One engineer invited to a session: their rank, their answer, and what the company did next.</summary>
public sealed class SessionInvitation
{
    public const int TextMaxLength = 500;

    private SessionInvitation() { }

    public Guid Id { get; private set; }

    public Guid SessionId { get; private set; }

    public Guid EngineerId { get; private set; }

    public Guid EngineerUserId { get; private set; }

    /// <summary>The name at invitation time, so the minutes read the same later.</summary>
    public string EngineerName { get; private set; } = "";

    public int Rank { get; private set; }

    public double Score { get; private set; }

    public List<string> Reasons { get; private set; } = [];

    public InvitationAnswer Answer { get; private set; }

    /// <summary>The engineer's question or note with the answer.</summary>
    public string? Note { get; private set; }

    public DateTimeOffset? AnsweredAt { get; private set; }

    /// <summary>The consultation the company opened with this engineer from the board.</summary>
    public Guid? ConsultationId { get; private set; }

    /// <summary>When the company invited this engineer to the session's challenge from the board.</summary>
    public DateTimeOffset? InvitedToChallengeAt { get; private set; }

    public uint Version { get; private set; }

    internal static SessionInvitation Create(MatchingSession session, InvitedEngineer engineer) => new()
    {
        Id = Guid.NewGuid(),
        SessionId = session.Id,
        EngineerId = engineer.EngineerId,
        EngineerUserId = engineer.UserId,
        EngineerName = engineer.Name,
        Rank = engineer.Rank,
        Score = engineer.Score,
        Reasons = [.. engineer.Reasons],
        Answer = InvitationAnswer.Pending,
    };

    /// <summary>The invited engineer answers; they may change their mind (a question, then interest) until the deadline.</summary>
    public void Respond(MatchingSession session, Guid userId, InvitationAnswer answer, string? note, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(session);
        if (userId != EngineerUserId || session.Id != SessionId)
        {
            throw new DomainForbiddenException("未受邀", "只有受邀的工程师可以答复。");
        }

        session.RequireOpen(now);
        if (answer == InvitationAnswer.Pending || !Enum.IsDefined(answer))
        {
            throw new DomainException("答复无效", "请选择 有意向、婉拒 或 提问。", "answer_invalid");
        }

        var text = Guard.OptionalText(note, "留言", TextMaxLength);
        if (answer == InvitationAnswer.Question && text is null)
        {
            throw new DomainException("请填写问题", "选择“提问”时请写下问题。", "question_required");
        }

        Answer = answer;
        Note = text;
        AnsweredAt = now;
    }

    public void RecordConsultation(Guid consultationId) => ConsultationId ??= consultationId;

    public void RecordChallengeInvite(DateTimeOffset now)
    {
        if (Answer == InvitationAnswer.Declined)
        {
            throw new DomainConflictException("工程师已婉拒", "该工程师已婉拒，不能再邀请揭榜。");
        }

        InvitedToChallengeAt ??= now;
    }

    public static string AnswerName(InvitationAnswer answer) => answer switch
    {
        InvitationAnswer.Interested => "有意向",
        InvitationAnswer.Declined => "婉拒",
        InvitationAnswer.Question => "提问",
        _ => "未答复",
    };
}

/// <summary>The session's 纪要, in Chinese, from the stored invitations (nothing typed in).</summary>
public static class SessionMinutes
{
    public static string Write(MatchingSession session, IReadOnlyList<SessionInvitation> invitations)
    {
        ArgumentNullException.ThrowIfNull(session);
        ArgumentNullException.ThrowIfNull(invitations);
        var c = CultureInfo.InvariantCulture;
        var text = new StringBuilder();
        text.Append(c, $"撮合纪要：{session.Title}\n");
        text.Append(c, $"开始：{session.StartedAt.China()}；答复截止：{session.AnswerDeadline.China()}；结束：{session.ClosedAt?.China() ?? "—"}\n");
        text.Append(c, $"排序模型：{session.ModelVersion}\n");
        var counts = invitations.GroupBy(i => i.Answer).ToDictionary(g => g.Key, g => g.Count());
        text.Append(c, $"邀请 {invitations.Count} 位工程师：有意向 {counts.GetValueOrDefault(InvitationAnswer.Interested)} 位，"
            + $"提问 {counts.GetValueOrDefault(InvitationAnswer.Question)} 位，婉拒 {counts.GetValueOrDefault(InvitationAnswer.Declined)} 位，"
            + $"未答复 {counts.GetValueOrDefault(InvitationAnswer.Pending)} 位。\n");
        text.Append("\n名次 | 工程师 | 答复 | 留言 | 后续\n");
        foreach (var invitation in invitations.OrderBy(i => i.Rank))
        {
            var followUps = new List<string>();
            if (invitation.ConsultationId is not null)
            {
                followUps.Add("已发起在线问诊");
            }

            if (invitation.InvitedToChallengeAt is not null)
            {
                followUps.Add("已邀请揭榜");
            }

            var when = invitation.AnsweredAt is { } at ? $"（{at.China("HH:mm")}）" : "";
            text.Append(c, $"{invitation.Rank} | {invitation.EngineerName} | {SessionInvitation.AnswerName(invitation.Answer)}{when} | "
                + $"{invitation.Note ?? ""} | {(followUps.Count == 0 ? "—" : string.Join("、", followUps))}\n");
        }

        return text.ToString();
    }
}

/// <summary>
/// 对接会: a matching event an operator hosts, with several needs (each a <see cref="MatchingSession"/> pushed to its
/// own engineers) running at once and one board for all of them.
/// </summary>
public sealed class MatchingEvent
{
    public const int TitleMaxLength = 100;

    private MatchingEvent() { }

    public Guid Id { get; private set; }

    public Guid HostUserId { get; private set; }

    /// <summary>The center hosting it.</summary>
    public Guid? HostOrganizationId { get; private set; }

    public string Title { get; private set; } = "";

    public string Description { get; private set; } = "";

    public DateTimeOffset CreatedAt { get; private set; }

    public DateTimeOffset? ClosedAt { get; private set; }

    public uint Version { get; private set; }

    public bool IsOpen => ClosedAt is null;

    public static MatchingEvent Host(Guid hostUserId, Guid? hostOrganizationId, string title, string? description, DateTimeOffset now) => new()
    {
        Id = Guid.NewGuid(),
        HostUserId = hostUserId,
        HostOrganizationId = hostOrganizationId,
        Title = Guard.Text(title, "对接会名称", TitleMaxLength),
        Description = Guard.OptionalText(description, "对接会说明", MatchingSession.DescriptionMaxLength) ?? "",
        CreatedAt = now,
    };

    public void RequireOpen()
    {
        if (!IsOpen)
        {
            throw new DomainConflictException("对接会已结束", "该对接会已经结束，不能再发布需求。");
        }
    }

    public void Close(DateTimeOffset now)
    {
        RequireOpen();
        ClosedAt = now;
    }
}
