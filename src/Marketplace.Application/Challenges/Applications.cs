using FluentValidation;
using Marketplace.Application.Common;
using Marketplace.Domain.Challenges;
using Marketplace.Domain.Identity;
using Mediator;
using Microsoft.EntityFrameworkCore;
using static Marketplace.Application.Challenges.ChallengeNotifier;

namespace Marketplace.Application.Challenges;

public sealed record TeamMemberDto(Guid EngineerId, string Name, int SharePercent, bool IsLead, DateTimeOffset? ConfirmedAt);

public sealed record ScoreDto(Guid ScorerUserId, string ScorerName, decimal Total, IReadOnlyDictionary<string, int> Marks, string? Comment, DateTimeOffset ScoredAt);

/// <summary>
/// A 揭榜 application. <see cref="Scores"/> are the panel's: the owner and the center see all of them, a panel expert
/// only their own (experts score independently), applicants none.
/// </summary>
public sealed record ApplicationDto(
    Guid Id,
    Guid ChallengeId,
    Guid LeadEngineerId,
    string Proposal,
    string Plan,
    decimal Quote,
    int TimelineDays,
    ApplicationStatus Status,
    string StatusName,
    IReadOnlyList<TeamMemberDto> Members,
    IReadOnlyList<ScoreDto> Scores,
    decimal? AverageScore,
    DateTimeOffset CreatedAt,
    DateTimeOffset? SubmittedAt);

/// <summary>An engineer's own application with the listing it is on and what it has earned them so far.</summary>
public sealed record MyApplicationDto(
    ApplicationDto Application,
    string ChallengeTitle,
    ChallengeStatus ChallengeStatus,
    string ChallengeStatusName,
    decimal TotalAmount,
    int MySharePercent,
    decimal ReleasedToMe,
    bool NeedsMyConfirmation);

public sealed record TeamMemberInput(Guid EngineerId, int SharePercent);

/// <summary>揭榜: an engineer applies alone or leads a team; with a team it waits for every member to confirm.</summary>
public sealed record ApplyToChallenge(
    Guid ChallengeId,
    string Proposal,
    string Plan,
    decimal Quote,
    int TimelineDays,
    IReadOnlyList<TeamMemberInput>? Team = null) : ICommand<ApplicationDto>;

public sealed class ApplyToChallengeValidator : AbstractValidator<ApplyToChallenge>
{
    public ApplyToChallengeValidator()
    {
        RuleFor(x => x.Proposal).NotEmpty().MaximumLength(ChallengeApplication.ProposalMaxLength).WithName("技术方案");
        RuleFor(x => x.Plan).NotEmpty().MaximumLength(ChallengeApplication.PlanMaxLength).WithName("实施计划");
        RuleFor(x => x.Quote).GreaterThan(0).LessThanOrEqualTo(Challenge.MaxBounty).PrecisionScale(14, 2, true).WithName("报价");
        RuleFor(x => x.TimelineDays).InclusiveBetween(1, ChallengeApplication.MaxTimelineDays).WithName("计划工期（天）");
        RuleFor(x => x.Team).Must(t => t is null || t.Count <= ChallengeApplication.MaxTeamSize)
            .WithMessage($"'团队成员' 最多 {ChallengeApplication.MaxTeamSize} 人。").WithName("团队成员");
        RuleForEach(x => x.Team).ChildRules(m => m.RuleFor(x => x.SharePercent).InclusiveBetween(1, 100).WithName("分配比例"));
        RuleFor(x => x.Team).Must(t => t is null || t.Count == 0 || t.Sum(m => m.SharePercent) == 100)
            .WithMessage("团队成员的分配比例合计应为 100%。").WithName("团队成员");
    }
}

public sealed class ApplyToChallengeHandler(IMarketplaceDbContext db, ChallengeAccess access, ChallengeNotifier notifier, TimeProvider clock)
    : ICommandHandler<ApplyToChallenge, ApplicationDto>
{
    public async ValueTask<ApplicationDto> Handle(ApplyToChallenge command, CancellationToken cancellationToken)
    {
        var (challenge, actor) = await access.LoadAsync(command.ChallengeId, cancellationToken);
        if (actor.EngineerId is not { } lead)
        {
            throw new ForbiddenException("只有工程师可以揭榜。");
        }

        var now = clock.GetUtcNow();
        challenge.EnsureCanApply(actor, now);
        var team = (command.Team ?? []).Select(m => (m.EngineerId, m.SharePercent)).ToList();
        var engineerIds = team.Select(m => m.EngineerId).Append(lead).Distinct().ToList();
        var engineers = await db.Engineers.Where(e => engineerIds.Contains(e.Id)).Select(e => new { e.Id, e.EmployerOrganizationId }).ToListAsync(cancellationToken);
        if (engineers.Count != engineerIds.Count)
        {
            throw new ValidationException([new FluentValidation.Results.ValidationFailure("team", "团队成员中有不存在的工程师。")]);
        }

        // Engineers employed by the posting company would be paid by their own employer through the board: a conflict of interest.
        if (engineers.Any(e => e.EmployerOrganizationId == challenge.OwnerOrganizationId))
        {
            throw new Domain.Common.DomainConflictException("利益冲突", "发榜企业的在职员工不能揭榜本企业的榜单。", "conflict_of_interest");
        }

        var busy = await db.ChallengeApplications
            .Where(a => a.ChallengeId == challenge.Id
                && (a.Status == ApplicationStatus.Draft || a.Status == ApplicationStatus.Submitted || a.Status == ApplicationStatus.Awarded)
                && a.Members.Any(m => engineerIds.Contains(m.EngineerId)))
            .AnyAsync(cancellationToken);
        if (busy)
        {
            throw new Domain.Common.DomainConflictException("已在揭榜中", "你或团队成员已在该榜单的另一份申请中；请先撤回那份申请。", "already_applied");
        }

        var application = ChallengeApplication.Start(Guid.NewGuid(), challenge.Id, lead, command.Proposal, command.Plan, command.Quote, command.TimelineDays, team, now);
        db.ChallengeApplications.Add(application);
        if (application.Status == ApplicationStatus.Submitted)
        {
            notifier.Tell(Audience.Owner, "application.submitted", "新的揭榜申请", $"「{challenge.Title}」收到一份新的揭榜申请，报价 {command.Quote:N2} 元。");
        }
        else
        {
            var others = team.Select(m => m.EngineerId).Where(id => id != lead).ToList();
            notifier.Tell(Audience.Engineers, others, "application.team-invite", "邀请你加入揭榜团队", $"有工程师邀请你加入「{challenge.Title}」的揭榜团队，请确认你的分配比例。");
        }

        await notifier.FlushAsync(challenge, actor, now, cancellationToken);
        await db.SaveChangesAsync(cancellationToken);
        return await ApplicationViews.OneAsync(db, application, actor, cancellationToken);
    }
}

/// <summary>A team member confirms joining on the agreed share; the last confirmation submits the application.</summary>
public sealed record ConfirmMembership(Guid ChallengeId, Guid ApplicationId) : ICommand<ApplicationDto>;

public sealed class ConfirmMembershipHandler(ApplicationSteps steps) : ICommandHandler<ConfirmMembership, ApplicationDto>
{
    public async ValueTask<ApplicationDto> Handle(ConfirmMembership command, CancellationToken cancellationToken) =>
        await steps.RunAsync(command.ChallengeId, command.ApplicationId, (challenge, actor, application, now, notify) =>
        {
            if (challenge.Status != ChallengeStatus.Published || now >= challenge.ApplicationDeadline)
            {
                throw new Domain.Common.DomainConflictException("揭榜已截止", $"榜单当前为「{challenge.Status.Chinese()}」，不能再确认组队。", "deadline_passed");
            }

            if (!challenge.DetailsVisibleTo(actor))
            {
                throw new Domain.Common.DomainConflictException("请先签署保密协议", "该榜单需要先签署保密协议、查看详情后才能加入揭榜团队。", "nda_required");
            }

            application.ConfirmMembership(actor.EngineerId!.Value, now);
            if (application.Status == ApplicationStatus.Submitted)
            {
                notify.Tell(Audience.Owner, "application.submitted", "新的揭榜申请", $"「{challenge.Title}」收到一份新的团队揭榜申请，报价 {application.Quote:N2} 元。");
                notify.Tell(Audience.Engineers, [application.LeadEngineerId], "application.team-complete", "团队已确认", $"你在「{challenge.Title}」的揭榜团队全部确认，申请已提交。");
            }
        }, cancellationToken);
}

public sealed record WithdrawApplication(Guid ChallengeId, Guid ApplicationId) : ICommand<ApplicationDto>;

public sealed class WithdrawApplicationHandler(ApplicationSteps steps) : ICommandHandler<WithdrawApplication, ApplicationDto>
{
    public async ValueTask<ApplicationDto> Handle(WithdrawApplication command, CancellationToken cancellationToken) =>
        await steps.RunAsync(command.ChallengeId, command.ApplicationId, (challenge, actor, application, now, notify) =>
        {
            var wasSubmitted = application.Status == ApplicationStatus.Submitted;
            application.Withdraw(actor.EngineerId!.Value, now);
            if (wasSubmitted)
            {
                notify.Tell(Audience.Owner, "application.withdrawn", "揭榜申请已撤回", $"「{challenge.Title}」的一份揭榜申请被撤回。");
            }
        }, cancellationToken);
}

/// <summary>
/// A team member's step on their own application: load it (404 unless the caller is on the team), act, store the
/// notifications with the change, save, and return the application as the caller sees it.
/// </summary>
public sealed class ApplicationSteps(IMarketplaceDbContext db, ChallengeAccess access, ChallengeNotifier notifier, TimeProvider clock)
{
    public async Task<ApplicationDto> RunAsync(
        Guid challengeId, Guid applicationId, Action<Challenge, ChallengeActor, ChallengeApplication, DateTimeOffset, ChallengeNotifier> step, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(step);
        var (challenge, actor, application) = await ApplicationViews.LoadOwnAsync(db, access, challengeId, applicationId, ct);
        var now = clock.GetUtcNow();
        step(challenge, actor, application, now, notifier);
        await notifier.FlushAsync(challenge, actor, now, ct);
        await db.SaveChangesAsync(ct);
        return await ApplicationViews.OneAsync(db, application, actor, ct);
    }
}

/// <summary>The applications on a listing: all of them for the owner, the center and the panel; an engineer's own otherwise.</summary>
public sealed record ListApplications(Guid ChallengeId) : IQuery<IReadOnlyList<ApplicationDto>>;

public sealed class ListApplicationsHandler(IMarketplaceDbContext db, ChallengeAccess access) : IQueryHandler<ListApplications, IReadOnlyList<ApplicationDto>>
{
    public async ValueTask<IReadOnlyList<ApplicationDto>> Handle(ListApplications query, CancellationToken cancellationToken)
    {
        var (challenge, actor) = await access.LoadAsync(query.ChallengeId, cancellationToken);
        var applications = db.ChallengeApplications.AsNoTracking().Where(a => a.ChallengeId == challenge.Id);
        if (actor.Party is ChallengeParty.Owner or ChallengeParty.Operator or ChallengeParty.Expert)
        {
            // Teams still forming are the engineers' business until they submit.
            applications = applications.Where(a => a.Status != ApplicationStatus.Draft);
        }
        else if (actor.EngineerId is { } me)
        {
            applications = applications.Where(a => a.Members.Any(m => m.EngineerId == me));
        }
        else
        {
            return [];
        }

        var list = await applications.OrderByDescending(a => a.SubmittedAt ?? a.CreatedAt).ToListAsync(cancellationToken);
        return await ApplicationViews.ManyAsync(db, list, actor, cancellationToken);
    }
}

/// <summary>工程师工作台: every application an engineer leads or is a member of, newest first.</summary>
public sealed record ListMyApplications : IQuery<IReadOnlyList<MyApplicationDto>>;

public sealed class ListMyApplicationsHandler(IMarketplaceDbContext db, ChallengeAccess access, ICurrentUser user) : IQueryHandler<ListMyApplications, IReadOnlyList<MyApplicationDto>>
{
    public async ValueTask<IReadOnlyList<MyApplicationDto>> Handle(ListMyApplications query, CancellationToken cancellationToken)
    {
        var userId = user.RequireUserId();
        if (await access.EngineerIdAsync(cancellationToken) is not { } me)
        {
            throw new ForbiddenException("只有工程师账户有揭榜记录。");
        }

        var applications = await db.ChallengeApplications.AsNoTracking()
            .Where(a => a.Members.Any(m => m.EngineerId == me))
            .OrderByDescending(a => a.CreatedAt)
            .Take(200)
            .ToListAsync(cancellationToken);
        var challengeIds = applications.Select(a => a.ChallengeId).Distinct().ToList();
        var challenges = await db.Challenges.AsNoTracking().Where(c => challengeIds.Contains(c.Id)).ToDictionaryAsync(c => c.Id, cancellationToken);
        var actor = new ChallengeActor(userId, ChallengeParty.Engineer, me);
        var views = await ApplicationViews.ManyAsync(db, applications, actor, cancellationToken);
        return views.Select(v =>
        {
            var c = challenges[v.ChallengeId];
            var member = v.Members.First(m => m.EngineerId == me);
            var released = c.Ledger.Where(e => e.Kind == LedgerEntryKind.Released && e.ApplicationId == v.Id && e.EngineerId == me).Sum(e => e.Amount);
            return new MyApplicationDto(v, c.Title, c.Status, c.Status.Chinese(), c.TotalAmount, member.SharePercent, released,
                v.Status == ApplicationStatus.Draft && member.ConfirmedAt is null);
        }).ToList();
    }
}

internal static class ApplicationViews
{
    public static async Task<(Challenge Challenge, ChallengeActor Actor, ChallengeApplication Application)> LoadOwnAsync(
        IMarketplaceDbContext db, ChallengeAccess access, Guid challengeId, Guid applicationId, CancellationToken ct)
    {
        var (challenge, actor) = await access.LoadAsync(challengeId, ct);
        var application = await db.ChallengeApplications.FirstOrDefaultAsync(a => a.Id == applicationId && a.ChallengeId == challengeId, ct);

        // Someone else's application is as good as absent: its existence is nobody else's business.
        if (application is null || actor.EngineerId is not { } me || !application.HasMember(me))
        {
            throw new NotFoundException("揭榜申请", applicationId);
        }

        return (challenge, actor, application);
    }

    public static async Task<ApplicationDto> OneAsync(IMarketplaceDbContext db, ChallengeApplication application, ChallengeActor actor, CancellationToken ct) =>
        (await ManyAsync(db, [application], actor, ct))[0];

    public static async Task<IReadOnlyList<ApplicationDto>> ManyAsync(IMarketplaceDbContext db, IReadOnlyList<ChallengeApplication> applications, ChallengeActor actor, CancellationToken ct)
    {
        var engineerIds = applications.SelectMany(a => a.Members.Select(m => m.EngineerId)).Distinct().ToList();
        var names = await db.Engineers.Where(e => engineerIds.Contains(e.Id)).ToDictionaryAsync(e => e.Id, e => e.Name, ct);
        var seesAllScores = actor.Party is ChallengeParty.Owner or ChallengeParty.Operator;
        var scorerIds = applications.SelectMany(a => a.Scores.Select(s => s.ScorerUserId)).Distinct().ToList();
        var scorers = seesAllScores || actor.Party == ChallengeParty.Expert
            ? await db.UserAccounts.Where(u => scorerIds.Contains(u.Id)).ToDictionaryAsync(u => u.Id, u => u.DisplayName, ct)
            : [];
        return applications.Select(a => new ApplicationDto(
            a.Id, a.ChallengeId, a.LeadEngineerId, a.Proposal, a.Plan, a.Quote, a.TimelineDays, a.Status, ChallengeApplication.StatusName(a.Status),
            a.Members.OrderByDescending(m => m.IsLead).Select(m => new TeamMemberDto(m.EngineerId, names.GetValueOrDefault(m.EngineerId, ""), m.SharePercent, m.IsLead, m.ConfirmedAt)).ToList(),
            a.Scores.Where(s => seesAllScores || (actor.Party == ChallengeParty.Expert && s.ScorerUserId == actor.UserId))
                .Select(s => new ScoreDto(s.ScorerUserId, scorers.GetValueOrDefault(s.ScorerUserId, ""), s.Total, s.Marks.ToDictionary(m => m.Code, m => m.Mark), s.Comment, s.ScoredAt))
                .ToList(),
            seesAllScores ? a.AverageScore : null,
            a.CreatedAt, a.SubmittedAt)).ToList();
    }
}

/// <summary>The criteria and weights of the evaluation sheet, for forms and API clients.</summary>
public sealed record ScoreCriterionDto(string Code, string Name, int Weight);

public sealed record GetScoreCriteria : IQuery<IReadOnlyList<ScoreCriterionDto>>;

public sealed class GetScoreCriteriaHandler : IQueryHandler<GetScoreCriteria, IReadOnlyList<ScoreCriterionDto>>
{
    public ValueTask<IReadOnlyList<ScoreCriterionDto>> Handle(GetScoreCriteria query, CancellationToken cancellationToken) =>
        ValueTask.FromResult<IReadOnlyList<ScoreCriterionDto>>(ApplicationScore.Criteria.Select(c => new ScoreCriterionDto(c.Code, c.Name, c.Weight)).ToList());
}

/// <summary>Roles.Expert accounts a company can put on a panel (name and id only).</summary>
public sealed record ExpertDto(Guid UserId, string DisplayName);

public sealed record ListExperts : IQuery<IReadOnlyList<ExpertDto>>;

/// <summary>
/// The experts a panel may be chosen from: for the company that posts a listing and for platform staff who run the
/// review. An applying college's Operator account is not staff (decision 81) and is refused like any other caller.
/// </summary>
public sealed class ListExpertsHandler(IMarketplaceDbContext db, ICurrentUser user) : IQueryHandler<ListExperts, IReadOnlyList<ExpertDto>>
{
    public async ValueTask<IReadOnlyList<ExpertDto>> Handle(ListExperts query, CancellationToken cancellationToken)
    {
        if (!user.IsInRole(Roles.Company) && !await user.IsPlatformStaffAsync(db, cancellationToken))
        {
            throw new ForbiddenException("只有发榜企业和平台运营方可以查看可邀请的评审专家。");
        }

        var ids = db.UserIdsInRole(Roles.Expert);
        return await db.UserAccounts.Where(u => ids.Contains(u.Id)).OrderBy(u => u.DisplayName).Take(200)
            .Select(u => new ExpertDto(u.Id, u.DisplayName)).ToListAsync(cancellationToken);
    }
}
