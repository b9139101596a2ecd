using FluentValidation;
using Marketplace.Application.Challenges;
using Marketplace.Application.Common;
using Marketplace.Application.Matching;
using Marketplace.Domain.Challenges;
using Marketplace.Domain.Common;
using Marketplace.Domain.Identity;
using Marketplace.Domain.Live;
using Marketplace.Domain.Notifications;
using Marketplace.Domain.Organizations;
using Mediator;
using Microsoft.EntityFrameworkCore;

namespace Marketplace.Application.Live;

public sealed record InvitationDto(
    Guid Id, Guid EngineerId, string EngineerName, int Rank, double Score, IReadOnlyList<string> Reasons, InvitationAnswer Answer,
    string AnswerName, string? Note, DateTimeOffset? AnsweredAt, Guid? ConsultationId, DateTimeOffset? InvitedToChallengeAt);

/// <param name="Invitations">For the hosts every invitation (ranked); for an invited engineer only their own.</param>
public sealed record SessionDto(
    Guid Id, string Title, string Description, string ClusterName, string CityName, decimal Bounty, int DurationDays,
    Guid OwnerOrganizationId, string OwnerName, Guid? ChallengeId, Guid? EventId, SessionStatus Status, bool AcceptsAnswers,
    DateTimeOffset StartedAt, DateTimeOffset AnswerDeadline, DateTimeOffset? ClosedAt, string ModelVersion, string? Minutes,
    bool IAmHost, IReadOnlyList<InvitationDto> Invitations);

public sealed record SessionListItem(Guid Id, string Title, SessionStatus Status, DateTimeOffset StartedAt, DateTimeOffset AnswerDeadline,
    int Invited, int Answered, int Interested, bool IAmHost, InvitationAnswer? MyAnswer, Guid? EventId);

public sealed record EventDto(Guid Id, string Title, string Description, DateTimeOffset CreatedAt, DateTimeOffset? ClosedAt, IReadOnlyList<SessionListItem> Sessions);

/// <summary>Who may watch or answer a session: the hosts see the board; an invited engineer sees their own invitation.</summary>
public sealed class SessionDesk(IMarketplaceDbContext db, ICurrentUser user, TimeProvider clock)
{
    public Guid UserId => user.RequireUserId();

    private bool? _centerOperator;

    /// <summary>
    /// A center's operator (decision 81's platform staff, not the Operator account of an applying college): hosts
    /// sessions on a company's behalf and watches every operator-hosted board. Asked once per request.
    /// </summary>
    public async Task<bool> IsCenterOperatorAsync(CancellationToken ct) =>
        _centerOperator ??= user.IsInRole(Roles.Operator) && await user.IsPlatformStaffAsync(db, ct);

    public async Task<bool> IsHostAsync(MatchingSession s, CancellationToken ct) => s.IsHost(UserId, CompanyId(user), await IsCenterOperatorAsync(ct));

    /// <summary>The caller's company, if the caller is a company account (an engineer's employer does not make them a host).</summary>
    public static Guid? CompanyId(ICurrentUser user) => user.IsInRole(Roles.Company) ? user.OrganizationId : null;

    /// <summary>The session, if the caller hosts it or is invited to it; 404 otherwise.</summary>
    public async Task<(MatchingSession Session, SessionInvitation? Mine)> LoadAsync(Guid id, CancellationToken ct, bool tracked = false)
    {
        var sessions = tracked ? db.MatchingSessions : db.MatchingSessions.AsNoTracking();
        var session = await sessions.FirstOrDefaultAsync(s => s.Id == id, ct) ?? throw new NotFoundException("撮合会话", id);
        var invitations = tracked ? db.SessionInvitations : db.SessionInvitations.AsNoTracking();
        var mine = await invitations.FirstOrDefaultAsync(i => i.SessionId == id && i.EngineerUserId == UserId, ct);
        return await IsHostAsync(session, ct) || mine is not null ? (session, mine) : throw new NotFoundException("撮合会话", id);
    }

    public async Task<MatchingSession> LoadHostedAsync(Guid id, CancellationToken ct)
    {
        var (session, _) = await LoadAsync(id, ct, tracked: true);
        return await IsHostAsync(session, ct) ? session : throw new ForbiddenException("只有撮合的发起方可以执行该操作。");
    }

    public async Task<SessionDto> ViewAsync(MatchingSession s, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(s);
        var host = await IsHostAsync(s, ct);
        var me = UserId;
        var invitations = await db.SessionInvitations.AsNoTracking()
            .Where(i => i.SessionId == s.Id && (host || i.EngineerUserId == me))
            .OrderBy(i => i.Rank)
            .ToListAsync(ct);
        var owner = await db.Organizations.AsNoTracking().Where(o => o.Id == s.OwnerOrganizationId).Select(o => o.Name).FirstOrDefaultAsync(ct) ?? "";
        var cluster = await db.Clusters.AsNoTracking().Where(c => c.Code == s.ClusterCode).Select(c => c.Name).FirstOrDefaultAsync(ct) ?? s.ClusterCode;
        var city = await db.Regions.AsNoTracking().Where(r => r.Code == s.CityCode).Select(r => r.Name).FirstOrDefaultAsync(ct) ?? s.CityCode;
        return new SessionDto(s.Id, s.Title, s.Description, cluster, city, s.Bounty, s.DurationDays, s.OwnerOrganizationId, owner, s.ChallengeId, s.EventId,
            s.Status, s.AcceptsAnswers(clock.GetUtcNow()), s.StartedAt, s.AnswerDeadline, s.ClosedAt,
            s.ModelVersion, host ? s.Minutes : null, host, invitations.Select(Invitation).ToList());
    }

    public static InvitationDto Invitation(SessionInvitation i)
    {
        ArgumentNullException.ThrowIfNull(i);
        return new InvitationDto(i.Id, i.EngineerId, i.EngineerName, i.Rank, i.Score, i.Reasons, i.Answer, SessionInvitation.AnswerName(i.Answer),
            i.Note, i.AnsweredAt, i.ConsultationId, i.InvitedToChallengeAt);
    }

    public static SessionAnswerDto Answer(SessionInvitation i)
    {
        ArgumentNullException.ThrowIfNull(i);
        return new SessionAnswerDto(i.SessionId, i.Id, i.EngineerId, i.EngineerName, i.Rank, i.Score, i.Answer, SessionInvitation.AnswerName(i.Answer), i.Note, i.AnsweredAt);
    }
}

// ---- 发起撮合 -------------------------------------------------------------------------------------------------------

/// <summary>
/// Starts a session for a challenge (ChallengeId) or a quick need (the need's fields). A company starts one for
/// itself; an operator for a company (OwnerOrganizationId, or the listing's owner) and, inside a 对接会, with EventId.
/// </summary>
public sealed record StartMatchingSession(
    Guid? ChallengeId, string? Title, string? Description, string? ClusterCode, IReadOnlyList<string>? SkillCodes, string? CityCode,
    decimal Bounty, int DurationDays, int Top = 20, int AnswerMinutes = 30, Guid? OwnerOrganizationId = null, Guid? EventId = null) : ICommand<SessionDto>;

public sealed class StartMatchingSessionValidator : AbstractValidator<StartMatchingSession>
{
    public StartMatchingSessionValidator()
    {
        RuleFor(x => x.Top).InclusiveBetween(1, MatchingSession.MaxHostedInvitations).WithName("邀请人数");
        RuleFor(x => x.AnswerMinutes).InclusiveBetween(MatchingSession.MinAnswerMinutes, MatchingSession.MaxAnswerMinutes).WithName("答复时限（分钟）");
        When(x => x.ChallengeId is null, () =>
        {
            RuleFor(x => x.Title).NotEmpty().MaximumLength(MatchingSession.TitleMaxLength).WithName("需求标题");
            RuleFor(x => x.Description).MaximumLength(MatchingSession.DescriptionMaxLength).WithName("需求描述");
            RuleFor(x => x.ClusterCode).NotEmpty().WithName("产业集群");
            RuleFor(x => x.CityCode).NotEmpty().WithName("城市");
            RuleFor(x => x.SkillCodes).Must(s => s is null || s.Count <= 20).WithName("技能").WithMessage("技能最多 20 项。");
            RuleFor(x => x.Bounty).InclusiveBetween(0, Challenge.MaxSupport).WithName("预算");
            RuleFor(x => x.DurationDays).InclusiveBetween(1, 3650).WithName("预计工期（天）");
        });
    }
}

public sealed class StartMatchingSessionHandler(
    IMarketplaceDbContext db, ICurrentUser user, SessionDesk desk, ChallengeAccess challenges, IEngineerMatcher matcher,
    ILivePublisher live, TimeProvider clock) : ICommandHandler<StartMatchingSession, SessionDto>
{
    public async ValueTask<SessionDto> Handle(StartMatchingSession command, CancellationToken cancellationToken)
    {
        var userId = user.RequireUserId();
        var isOperator = await desk.IsCenterOperatorAsync(cancellationToken);
        var isCompany = user.IsInRole(Roles.Company);
        if (!isOperator && !isCompany)
        {
            throw new ForbiddenException("只有企业或中心运营方可以发起撮合。");
        }

        if (command.EventId is { } eventId)
        {
            if (!isOperator)
            {
                throw new ForbiddenException("只有中心运营方可以在对接会中发布需求。");
            }

            var hosted = await db.MatchingEvents.AsNoTracking().FirstOrDefaultAsync(e => e.Id == eventId, cancellationToken)
                ?? throw new NotFoundException("对接会", eventId);
            hosted.RequireOpen();
        }

        var top = Math.Min(command.Top, MatchingSession.MaxInvitations(isOperator));
        if (command.Top > top)
        {
            throw new ValidationException([new FluentValidation.Results.ValidationFailure("top", $"企业发起的撮合最多邀请 {top} 位工程师。")]);
        }

        MatchNeed need;
        if (command.ChallengeId is { } challengeId)
        {
            var (challenge, actor) = await challenges.LoadAsync(challengeId, cancellationToken);
            if (actor.Party is not (ChallengeParty.Owner or ChallengeParty.Operator))
            {
                throw new ForbiddenException("只有发榜企业或中心运营方可以为榜单发起撮合。");
            }

            if (challenge.Status is ChallengeStatus.Draft or ChallengeStatus.Submitted || challenge.Status.IsFinal())
            {
                throw new DomainConflictException("榜单不可撮合", $"榜单当前状态为「{challenge.Status.Chinese()}」，发布后、结束前才能发起撮合。");
            }

            need = MatchNeed.For(challenge);
        }
        else
        {
            var owner = isCompany ? user.OrganizationId : command.OwnerOrganizationId;
            if (owner is not { } ownerId || !await db.Organizations.AnyAsync(o => o.Id == ownerId && o.Kind == OrganizationKind.Company, cancellationToken))
            {
                throw new ValidationException([new FluentValidation.Results.ValidationFailure("ownerOrganizationId", "请选择提出需求的企业。")]);
            }

            await ReferenceChecks.EnsureClustersExist(db, [command.ClusterCode!], cancellationToken, "clusterCode");
            await ReferenceChecks.EnsureSkillsExist(db, command.SkillCodes ?? [], cancellationToken, "skillCodes");
            await ReferenceChecks.EnsureRegionExists(db, command.CityCode!, cancellationToken, "cityCode");
            need = new MatchNeed(ownerId, command.Title!, command.Description ?? "", command.ClusterCode!, command.SkillCodes ?? [], command.CityCode!,
                command.Bounty, command.DurationDays);
        }

        var matches = await matcher.MatchAsync(need, top, cancellationToken);
        var now = clock.GetUtcNow();
        var session = MatchingSession.Start(need.OwnerOrganizationId, userId, isOperator, command.EventId, need.ChallengeId, need.Title, need.Description,
            need.ClusterCode, need.SkillCodes, need.CityCode, need.Bounty, need.ExpectedDurationDays, command.AnswerMinutes, matches.ModelVersion, now);
        var userIds = await db.Engineers.AsNoTracking().Where(e => matches.Engineers.Select(m => m.EngineerId).Contains(e.Id))
            .ToDictionaryAsync(e => e.Id, e => e.UserId, cancellationToken);
        var invitations = session.Invite(matches.Engineers
            .Where(m => userIds.ContainsKey(m.EngineerId))
            .Select(m => new InvitedEngineer(m.EngineerId, userIds[m.EngineerId], m.Name, m.Rank, m.Score, m.Reasons)).ToList());
        db.MatchingSessions.Add(session);
        foreach (var invitation in invitations)
        {
            db.SessionInvitations.Add(invitation);
            // Stored too, so an engineer who is offline now finds the invitation in the inbox.
            db.Notifications.Add(Notification.Create(invitation.EngineerUserId, LivePushRules.SessionInvitedKind, "撮合邀请",
                $"有企业需求「{session.Title}」邀请你在 {session.AnswerDeadline.China("MM-dd HH:mm")} 前答复。", $"/Sessions/{session.Id}", need.ChallengeId, now));
        }

        await db.SaveChangesAsync(cancellationToken);

        var view = await desk.ViewAsync(session, cancellationToken);
        var hostName = await db.UserAccounts.Where(u => u.Id == userId).Select(u => u.DisplayName).FirstOrDefaultAsync(cancellationToken) ?? "";
        await live.InvitationAsync(new SessionInviteDto(session.Id, session.Title, session.Description, view.ClusterName, view.CityName, session.Bounty,
            session.DurationDays, session.AnswerDeadline, view.OwnerName.Length > 0 ? view.OwnerName : hostName, clock.GetUtcNow()),
            invitations.Select(i => i.EngineerUserId).ToList(), cancellationToken);
        return view;
    }
}

// ---- 答复 / 结束 / 后续 -----------------------------------------------------------------------------------------------

public sealed record AnswerInvitation(Guid SessionId, InvitationAnswer Answer, string? Note) : ICommand<InvitationDto>;

public sealed class AnswerInvitationValidator : AbstractValidator<AnswerInvitation>
{
    public AnswerInvitationValidator()
    {
        RuleFor(x => x.Answer).IsInEnum().NotEqual(InvitationAnswer.Pending).WithName("答复");
        RuleFor(x => x.Note).MaximumLength(SessionInvitation.TextMaxLength).WithName("留言");
    }
}

public sealed class AnswerInvitationHandler(IMarketplaceDbContext db, SessionDesk desk, ILivePublisher live, TimeProvider clock) : ICommandHandler<AnswerInvitation, InvitationDto>
{
    public async ValueTask<InvitationDto> Handle(AnswerInvitation command, CancellationToken cancellationToken)
    {
        var (session, mine) = await desk.LoadAsync(command.SessionId, cancellationToken, tracked: true);
        if (mine is null)
        {
            throw new ForbiddenException("只有受邀的工程师可以答复。");
        }

        mine.Respond(session, desk.UserId, command.Answer, command.Note, clock.GetUtcNow());
        await db.SaveChangesAsync(cancellationToken);
        await live.AnswerAsync(SessionDesk.Answer(mine), cancellationToken);
        return SessionDesk.Invitation(mine);
    }
}

public sealed record CloseMatchingSession(Guid SessionId) : ICommand<SessionDto>;

public sealed class CloseMatchingSessionHandler(IMarketplaceDbContext db, SessionDesk desk, ILivePublisher live, TimeProvider clock) : ICommandHandler<CloseMatchingSession, SessionDto>
{
    public async ValueTask<SessionDto> Handle(CloseMatchingSession command, CancellationToken cancellationToken)
    {
        var session = await desk.LoadHostedAsync(command.SessionId, cancellationToken);
        var invitations = await db.SessionInvitations.AsNoTracking().Where(i => i.SessionId == session.Id).ToListAsync(cancellationToken);
        session.Close(invitations, clock.GetUtcNow());
        // The session's xmin makes two hosts closing at once one close and one 409.
        await db.SaveChangesAsync(cancellationToken);
        await live.SessionClosedAsync(session.Id, invitations.Select(i => i.EngineerUserId).ToList(), cancellationToken);
        return await desk.ViewAsync(session, cancellationToken);
    }
}

/// <summary>One click on the board: opens a consultation with the engineer, the session's need as its question.</summary>
public sealed record ConsultFromSession(Guid SessionId, Guid InvitationId, decimal Price = 0) : ICommand<ConsultationDto>;

public sealed class ConsultFromSessionHandler(IMarketplaceDbContext db, ICurrentUser user, SessionDesk sessions, ConsultationDesk consultations, TimeProvider clock)
    : ICommandHandler<ConsultFromSession, ConsultationDto>
{
    public async ValueTask<ConsultationDto> Handle(ConsultFromSession command, CancellationToken cancellationToken)
    {
        var session = await sessions.LoadHostedAsync(command.SessionId, cancellationToken);
        if (!user.IsInRole(Roles.Company) || user.OrganizationId != session.OwnerOrganizationId)
        {
            throw new ForbiddenException("只有提出需求的企业可以发起问诊。");
        }

        var invitation = await db.SessionInvitations.FirstOrDefaultAsync(i => i.Id == command.InvitationId && i.SessionId == session.Id, cancellationToken)
            ?? throw new NotFoundException("邀请", command.InvitationId);
        if (invitation.ConsultationId is { } existing)
        {
            return await consultations.ViewAsync(await consultations.LoadAsync(existing, cancellationToken, tracked: false), cancellationToken);
        }

        var now = clock.GetUtcNow();
        var question = session.Description.Length > 0 ? session.Description : session.Title;
        var consultation = await OpenConsultationHandler.CreateAsync(db, sessions.UserId, session.OwnerOrganizationId, invitation.EngineerId, null,
            session.Title, question, command.Price, now, cancellationToken);
        db.Consultations.Add(consultation);
        invitation.RecordConsultation(consultation.Id);
        await OpenConsultationHandler.NotifyNewAsync(db, consultations, consultation, now, cancellationToken);
        await db.SaveChangesAsync(cancellationToken);
        return await consultations.ViewAsync(consultation, cancellationToken);
    }
}

/// <summary>One click on the board: invites the engineer to the session's listing (the listing's own invite step, same transaction).</summary>
public sealed record InviteFromSession(Guid SessionId, Guid InvitationId) : ICommand<InvitationDto>;

public sealed class InviteFromSessionHandler(IMarketplaceDbContext db, SessionDesk sessions, ChallengeWorkflow workflow) : ICommandHandler<InviteFromSession, InvitationDto>
{
    public async ValueTask<InvitationDto> Handle(InviteFromSession command, CancellationToken cancellationToken)
    {
        var session = await sessions.LoadHostedAsync(command.SessionId, cancellationToken);
        if (session.ChallengeId is not { } challengeId)
        {
            throw new DomainConflictException("没有关联榜单", "这是快速需求撮合，没有可邀请揭榜的榜单。");
        }

        SessionInvitation? invitation = null;
        await workflow.RunAsync(challengeId, null, async ctx =>
        {
            invitation = await db.SessionInvitations.FirstOrDefaultAsync(i => i.Id == command.InvitationId && i.SessionId == session.Id, cancellationToken)
                ?? throw new NotFoundException("邀请", command.InvitationId);
            invitation.RecordChallengeInvite(ctx.Now);
            ctx.Challenge.Invite(ctx.Actor, [invitation.EngineerId], ctx.Now);
            ctx.Notify.Tell(ChallengeNotifier.Audience.Engineers, [invitation.EngineerId], "challenge.invited", "邀请揭榜", $"企业邀请你查看并揭榜「{ctx.Challenge.Title}」。");
        }, cancellationToken);
        return SessionDesk.Invitation(invitation!);
    }
}

// ---- 查询 ----------------------------------------------------------------------------------------------------------

public sealed record GetMatchingSession(Guid Id) : IQuery<SessionDto>;

public sealed class GetMatchingSessionHandler(SessionDesk desk) : IQueryHandler<GetMatchingSession, SessionDto>
{
    public async ValueTask<SessionDto> Handle(GetMatchingSession query, CancellationToken cancellationToken)
    {
        var (session, _) = await desk.LoadAsync(query.Id, cancellationToken);
        return await desk.ViewAsync(session, cancellationToken);
    }
}

/// <summary>The sessions I host (or my company owns) and those I am invited to, newest first.</summary>
public sealed record ListMatchingSessions : IQuery<IReadOnlyList<SessionListItem>>;

public sealed class ListMatchingSessionsHandler(IMarketplaceDbContext db, ICurrentUser user) : IQueryHandler<ListMatchingSessions, IReadOnlyList<SessionListItem>>
{
    public async ValueTask<IReadOnlyList<SessionListItem>> Handle(ListMatchingSessions query, CancellationToken cancellationToken)
    {
        var me = user.RequireUserId();
        var org = SessionDesk.CompanyId(user);
        var isOperator = user.IsInRole(Roles.Operator) && await user.IsPlatformStaffAsync(db, cancellationToken);
        return await Items(db, db.MatchingSessions.AsNoTracking().Where(s =>
            s.HostUserId == me || s.OwnerOrganizationId == org || (isOperator && s.HostedByOperator)
            || db.SessionInvitations.Any(i => i.SessionId == s.Id && i.EngineerUserId == me)), me, org, isOperator, cancellationToken);
    }

    internal static async Task<IReadOnlyList<SessionListItem>> Items(IMarketplaceDbContext db, IQueryable<MatchingSession> sessions, Guid me, Guid? org, bool isOperator, CancellationToken ct)
    {
        var rows = await sessions.OrderByDescending(s => s.StartedAt).Take(100)
            .Select(s => new
            {
                s,
                Invited = db.SessionInvitations.Count(i => i.SessionId == s.Id),
                Answered = db.SessionInvitations.Count(i => i.SessionId == s.Id && i.Answer != InvitationAnswer.Pending),
                Interested = db.SessionInvitations.Count(i => i.SessionId == s.Id && i.Answer == InvitationAnswer.Interested),
                Mine = db.SessionInvitations.Where(i => i.SessionId == s.Id && i.EngineerUserId == me).Select(i => (InvitationAnswer?)i.Answer).FirstOrDefault(),
            })
            .ToListAsync(ct);
        return rows.Select(r => new SessionListItem(r.s.Id, r.s.Title, r.s.Status, r.s.StartedAt, r.s.AnswerDeadline, r.Invited, r.Answered, r.Interested,
            r.s.IsHost(me, org, isOperator), r.Mine, r.s.EventId)).ToList();
    }
}

/// <summary>The operator hosts a 对接会; its needs are sessions started with its id.</summary>
public sealed record HostMatchingEvent(string Title, string? Description) : ICommand<EventDto>;

public sealed class HostMatchingEventValidator : AbstractValidator<HostMatchingEvent>
{
    public HostMatchingEventValidator()
    {
        RuleFor(x => x.Title).NotEmpty().MaximumLength(MatchingEvent.TitleMaxLength).WithName("对接会名称");
        RuleFor(x => x.Description).MaximumLength(MatchingSession.DescriptionMaxLength).WithName("对接会说明");
    }
}

public sealed class HostMatchingEventHandler(IMarketplaceDbContext db, ICurrentUser user, TimeProvider clock) : ICommandHandler<HostMatchingEvent, EventDto>
{
    public async ValueTask<EventDto> Handle(HostMatchingEvent command, CancellationToken cancellationToken)
    {
        if (!user.IsInRole(Roles.Operator) || !await user.IsPlatformStaffAsync(db, cancellationToken))
        {
            throw new ForbiddenException("只有中心运营方可以举办对接会。");
        }

        var hosted = MatchingEvent.Host(user.RequireUserId(), user.OrganizationId, command.Title, command.Description, clock.GetUtcNow());
        db.MatchingEvents.Add(hosted);
        await db.SaveChangesAsync(cancellationToken);
        return new EventDto(hosted.Id, hosted.Title, hosted.Description, hosted.CreatedAt, hosted.ClosedAt, []);
    }
}

/// <summary>A 对接会 with all its needs; operators, the needs' companies and invited engineers see it.</summary>
public sealed record GetMatchingEvent(Guid Id) : IQuery<EventDto>;

public sealed class GetMatchingEventHandler(IMarketplaceDbContext db, ICurrentUser user) : IQueryHandler<GetMatchingEvent, EventDto>
{
    public async ValueTask<EventDto> Handle(GetMatchingEvent query, CancellationToken cancellationToken)
    {
        var hosted = await db.MatchingEvents.AsNoTracking().FirstOrDefaultAsync(e => e.Id == query.Id, cancellationToken)
            ?? throw new NotFoundException("对接会", query.Id);
        var me = user.RequireUserId();
        var org = SessionDesk.CompanyId(user);
        var isOperator = user.IsInRole(Roles.Operator) && await user.IsPlatformStaffAsync(db, cancellationToken);
        var sessions = await ListMatchingSessionsHandler.Items(db, db.MatchingSessions.AsNoTracking().Where(s => s.EventId == hosted.Id && (isOperator
            || s.OwnerOrganizationId == org || db.SessionInvitations.Any(i => i.SessionId == s.Id && i.EngineerUserId == me))), me, org, isOperator, cancellationToken);
        if (!isOperator && sessions.Count == 0)
        {
            throw new NotFoundException("对接会", query.Id);
        }

        return new EventDto(hosted.Id, hosted.Title, hosted.Description, hosted.CreatedAt, hosted.ClosedAt, sessions);
    }
}

public sealed record ListMatchingEvents : IQuery<IReadOnlyList<EventDto>>;

public sealed class ListMatchingEventsHandler(IMarketplaceDbContext db, ICurrentUser user) : IQueryHandler<ListMatchingEvents, IReadOnlyList<EventDto>>
{
    public async ValueTask<IReadOnlyList<EventDto>> Handle(ListMatchingEvents query, CancellationToken cancellationToken)
    {
        if (!user.IsInRole(Roles.Operator) || !await user.IsPlatformStaffAsync(db, cancellationToken))
        {
            return [];
        }

        return await db.MatchingEvents.AsNoTracking().OrderByDescending(e => e.CreatedAt).Take(50)
            .Select(e => new EventDto(e.Id, e.Title, e.Description, e.CreatedAt, e.ClosedAt, new List<SessionListItem>()))
            .ToListAsync(cancellationToken);
    }
}

/// <summary>
/// Closes every open session whose answer deadline has passed and writes its minutes, so "the end" of a session does
/// not wait for the host to press a button; the host is told. Run by a timer; a session the host closed at the same
/// moment meets its version and is skipped.
/// </summary>
public sealed record CloseExpiredSessions : ICommand<int>;

public sealed class CloseExpiredSessionsHandler(IMarketplaceDbContext db, ILivePublisher live, TimeProvider clock) : ICommandHandler<CloseExpiredSessions, int>
{
    public async ValueTask<int> Handle(CloseExpiredSessions command, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        var due = await db.MatchingSessions.AsNoTracking()
            .Where(s => s.Status == SessionStatus.Open && s.AnswerDeadline < now)
            .OrderBy(s => s.AnswerDeadline).Select(s => s.Id).Take(100).ToListAsync(cancellationToken);
        var closed = 0;
        foreach (var id in due)
        {
            db.DiscardChanges();
            var session = await db.MatchingSessions.FirstAsync(s => s.Id == id, cancellationToken);
            var invitations = await db.SessionInvitations.AsNoTracking().Where(i => i.SessionId == id).ToListAsync(cancellationToken);
            session.Close(invitations, now);
            db.Notifications.Add(Notification.Create(session.HostUserId, "session.closed", "撮合已结束",
                $"「{session.Title}」已到答复时限，纪要已生成。", $"/Sessions/{session.Id}", session.ChallengeId, now));
            try
            {
                await db.SaveChangesAsync(cancellationToken);
            }
            catch (DbUpdateConcurrencyException)
            {
                continue;
            }

            closed++;
            await live.SessionClosedAsync(session.Id, invitations.Select(i => i.EngineerUserId).ToList(), cancellationToken);
        }

        return closed;
    }
}

public sealed record CompanyOption(Guid Id, string Name);

/// <summary>
/// The companies an operator may start a session for: those of the operator's own center's clusters first (the
/// center serves its cluster), then the rest, by name — a choice on the form instead of a typed organization id.
/// </summary>
public sealed record ListSessionCompanies : IQuery<IReadOnlyList<CompanyOption>>;

public sealed class ListSessionCompaniesHandler(IMarketplaceDbContext db, ICurrentUser user) : IQueryHandler<ListSessionCompanies, IReadOnlyList<CompanyOption>>
{
    private const int Limit = 2000;

    public async ValueTask<IReadOnlyList<CompanyOption>> Handle(ListSessionCompanies query, CancellationToken cancellationToken)
    {
        if (!user.IsInRole(Roles.Operator) || !await user.IsPlatformStaffAsync(db, cancellationToken))
        {
            throw new ForbiddenException("只有中心运营方可以代企业发起撮合。");
        }

        var clusters = user.OrganizationId is { } centerId
            ? await db.Organizations.AsNoTracking().Where(o => o.Id == centerId).Select(o => o.ClusterCodes).FirstOrDefaultAsync(cancellationToken) ?? []
            : [];
        var companies = await db.Organizations.AsNoTracking().Where(o => o.Kind == OrganizationKind.Company)
            .OrderBy(o => o.Name).Take(Limit).Select(o => new { o.Id, o.Name, o.ClusterCodes }).ToListAsync(cancellationToken);
        return companies.OrderByDescending(c => c.ClusterCodes.Intersect(clusters).Any()).ThenBy(c => c.Name, StringComparer.Ordinal)
            .Select(c => new CompanyOption(c.Id, c.Name)).ToList();
    }
}
