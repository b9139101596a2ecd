using FluentValidation;
using Marketplace.Application.Common;
using Marketplace.Domain.Accreditation;
using Marketplace.Domain.Common;
using Marketplace.Domain.Identity;
using Marketplace.Domain.Organizations;
using Mediator;
using Microsoft.EntityFrameworkCore;

namespace Marketplace.Application.Accreditation;

public sealed record ConditionInput(string Code, bool Met, string? Explanation, IReadOnlyList<string>? Evidence);

public sealed record SelfAssessmentInput(string IndicatorCode, decimal Points, string? Note);

public sealed record ApplicationContent(IReadOnlyList<ConditionInput>? Conditions, string? ConstructionPlan, IReadOnlyList<SelfAssessmentInput>? SelfAssessment);

/// <summary>Runs one step on an application as one transaction: load what the caller may see, check the version, act, save.</summary>
public sealed class ApplicationSteps(IMarketplaceDbContext db, AccreditationAccess access, TimeProvider clock)
{
    public async Task<CenterApplicationDto> RunAsync(
        Guid id, uint? version, Func<CenterApplication, AccreditationCaller, AccreditationActor, DateTimeOffset, Task> step, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(step);
        var (application, caller) = await access.ApplicationAsync(id, version, ct);
        var now = clock.GetUtcNow();
        await step(application, caller, caller.ActorFor(application), now);
        await db.SaveChangesAsync(ct);
        return await AccreditationViews.ApplicationAsync(db, application, caller, ct);
    }

    public static void Fill(CenterApplication application, AccreditationActor actor, CenterConditionChecklist checklist, Rubric rubric, ApplicationContent content, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(application);
        ArgumentNullException.ThrowIfNull(content);
        application.UpdateDraft(
            actor, checklist, rubric,
            [.. (content.Conditions ?? []).Select(c => new ConditionStatement(c.Code ?? "", c.Met, c.Explanation ?? "", [.. c.Evidence ?? []]))],
            content.ConstructionPlan,
            [.. (content.SelfAssessment ?? []).Select(m => new SelfAssessmentMark(m.IndicatorCode ?? "", m.Points, m.Note))],
            now);
    }
}

/// <summary>创建申报书 (草稿) by a member of the applicant organization, while the round takes applications.</summary>
public sealed record StartApplication(Guid RoundId, ApplicationContent? Content) : ICommand<CenterApplicationDto>;

public sealed class StartApplicationHandler(
    IMarketplaceDbContext db, AccreditationAccess access, RubricCatalog rubrics, CenterConditionChecklist checklist, TimeProvider clock)
    : ICommandHandler<StartApplication, CenterApplicationDto>
{
    public async ValueTask<CenterApplicationDto> Handle(StartApplication command, CancellationToken cancellationToken)
    {
        var caller = await access.CallerAsync(cancellationToken);
        var organization = caller.OrganizationId is { } orgId
            ? await db.Organizations.AsNoTracking().FirstOrDefaultAsync(o => o.Id == orgId, cancellationToken)
            : null;
        if (organization is null || organization.Kind == OrganizationKind.GovernmentBureau)
        {
            throw new ForbiddenException("只有登记了所属单位的高校、科研院所、企业或社会团体账户可以申报。");
        }

        var round = await access.RoundAsync(command.RoundId, cancellationToken);
        if (await db.CenterApplications.AnyAsync(a => a.RoundId == round.Id && a.ApplicantOrganizationId == organization.Id, cancellationToken))
        {
            throw new DomainConflictException("已有申报", "你单位在本轮次已有一份申报，请修改该申报。", "application_exists");
        }

        var now = clock.GetUtcNow();
        var actor = new AccreditationActor(caller.UserId, AccreditationParty.Applicant);
        var application = CenterApplication.Start(Guid.NewGuid(), round, organization.Id, organization.RegionCode, actor, now);
        if (command.Content is { } content)
        {
            ApplicationSteps.Fill(application, actor, checklist, rubrics.Get(round.RubricVersion), content, now);
        }

        db.CenterApplications.Add(application);
        await db.SaveChangesAsync(cancellationToken);
        return await AccreditationViews.ApplicationAsync(db, application, caller, cancellationToken);
    }
}

public sealed record UpdateApplication(Guid Id, uint? Version, ApplicationContent Content) : ICommand<CenterApplicationDto>;

public sealed class UpdateApplicationHandler(ApplicationSteps steps, RubricCatalog rubrics, CenterConditionChecklist checklist)
    : ICommandHandler<UpdateApplication, CenterApplicationDto>
{
    public async ValueTask<CenterApplicationDto> Handle(UpdateApplication command, CancellationToken cancellationToken) =>
        await steps.RunAsync(command.Id, command.Version, (a, _, actor, now) =>
        {
            ApplicationSteps.Fill(a, actor, checklist, rubrics.Get(a.RubricVersion), command.Content ?? new ApplicationContent(null, null, null), now);
            return Task.CompletedTask;
        }, cancellationToken);
}

public sealed record SubmitApplication(Guid Id, uint? Version) : ICommand<CenterApplicationDto>;

public sealed class SubmitApplicationHandler(
    ApplicationSteps steps, IMarketplaceDbContext db, AccreditationAccess access, RubricCatalog rubrics, CenterConditionChecklist checklist)
    : ICommandHandler<SubmitApplication, CenterApplicationDto>
{
    public async ValueTask<CenterApplicationDto> Handle(SubmitApplication command, CancellationToken cancellationToken) =>
        await steps.RunAsync(command.Id, command.Version, async (a, _, actor, now) =>
        {
            var round = await access.RoundAsync(a.RoundId, cancellationToken);
            a.Submit(actor, round, checklist, rubrics.Get(a.RubricVersion), now);
            await EvidenceChecks.EnsureCitedFilesExistAsync(db, a, cancellationToken);
        }, cancellationToken);
}

public sealed record GetApplication(Guid Id) : IQuery<CenterApplicationDto>;

public sealed class GetApplicationHandler(IMarketplaceDbContext db, AccreditationAccess access) : IQueryHandler<GetApplication, CenterApplicationDto>
{
    public async ValueTask<CenterApplicationDto> Handle(GetApplication query, CancellationToken cancellationToken)
    {
        var (application, caller) = await access.ApplicationAsync(query.Id, null, cancellationToken);
        return await AccreditationViews.ApplicationAsync(db, application, caller, cancellationToken);
    }
}

public sealed record ListMyApplications : IQuery<IReadOnlyList<CenterApplicationSummaryDto>>;

public sealed class ListMyApplicationsHandler(IMarketplaceDbContext db, AccreditationAccess access) : IQueryHandler<ListMyApplications, IReadOnlyList<CenterApplicationSummaryDto>>
{
    public async ValueTask<IReadOnlyList<CenterApplicationSummaryDto>> Handle(ListMyApplications query, CancellationToken cancellationToken)
    {
        var caller = await access.CallerAsync(cancellationToken);
        if (caller.OrganizationId is not { } orgId)
        {
            return [];
        }

        return await AccreditationViews.SummariesAsync(db, db.CenterApplications.Where(a => a.ApplicantOrganizationId == orgId), cancellationToken);
    }
}

/// <summary>市州审核: recommend (opinion optional) or return (reasons required).</summary>
public sealed record CityReview(Guid Id, bool Recommend, string? Reason, uint? Version) : ICommand<CenterApplicationDto>;

public sealed class CityReviewValidator : AbstractValidator<CityReview>
{
    public CityReviewValidator()
    {
        RuleFor(x => x.Reason).MaximumLength(CenterApplication.ReasonMaxLength).WithName("意见");
        RuleFor(x => x.Reason).NotEmpty().When(x => !x.Recommend).WithName("退回理由").WithMessage("退回申报时请写明理由。");
    }
}

public sealed class CityReviewHandler(ApplicationSteps steps, AccreditationAccess access) : ICommandHandler<CityReview, CenterApplicationDto>
{
    public async ValueTask<CenterApplicationDto> Handle(CityReview command, CancellationToken cancellationToken) =>
        await steps.RunAsync(command.Id, command.Version, async (a, caller, actor, now) =>
        {
            if (command.Recommend)
            {
                a.RecommendByCity(actor, command.Reason, now);
                await access.NotifyApplicantAsync(a, caller.UserId, "accreditation.city_recommended", "市州已推荐", "你单位的中心申报已通过市州审核并推荐至省级主管部门。", now, cancellationToken);
            }
            else
            {
                a.ReturnByCity(actor, command.Reason!, now);
                await access.NotifyApplicantAsync(a, caller.UserId, "accreditation.city_returned", "申报被市州退回", $"你单位的中心申报被退回：{command.Reason}。申报期内可修改后重新提交。", now, cancellationToken);
            }
        }, cancellationToken);
}

/// <summary>省级审核通过; the first one after the window closes the round's applications and starts its review.</summary>
public sealed record ProvinceAccept(Guid Id, string? Opinion, uint? Version) : ICommand<CenterApplicationDto>;

public sealed class ProvinceAcceptHandler(ApplicationSteps steps, AccreditationAccess access) : ICommandHandler<ProvinceAccept, CenterApplicationDto>
{
    public async ValueTask<CenterApplicationDto> Handle(ProvinceAccept command, CancellationToken cancellationToken) =>
        await steps.RunAsync(command.Id, command.Version, async (a, _, actor, now) =>
        {
            a.AcceptByProvince(actor, command.Opinion, now);
            var round = await access.RoundAsync(a.RoundId, cancellationToken);
            if (round.Status != RoundStatus.Reviewing)
            {
                if (round.IsAcceptingApplications(now))
                {
                    throw new DomainConflictException("申报尚未截止", $"申报轮次“{round.Name}”仍在申报期内，截止后才能进行省级审核。", "round_still_open");
                }

                round.BeginReview(actor, now);
            }
        }, cancellationToken);
}

/// <summary>指派评审专家: every account must hold the Expert role; one from the applicant organization is refused (回避).</summary>
public sealed record AssignExperts(Guid Id, IReadOnlyList<Guid> ExpertUserIds, uint? Version) : ICommand<CenterApplicationDto>;

public sealed class AssignExpertsValidator : AbstractValidator<AssignExperts>
{
    public AssignExpertsValidator()
    {
        RuleFor(x => x.ExpertUserIds).NotEmpty().WithName("评审专家");
        RuleFor(x => x.ExpertUserIds.Count).LessThanOrEqualTo(CenterApplication.MaxExperts).When(x => x.ExpertUserIds is not null).WithName("评审专家人数");
    }
}

public sealed class AssignExpertsHandler(ApplicationSteps steps, IMarketplaceDbContext db) : ICommandHandler<AssignExperts, CenterApplicationDto>
{
    public async ValueTask<CenterApplicationDto> Handle(AssignExperts command, CancellationToken cancellationToken) =>
        await steps.RunAsync(command.Id, command.Version, async (a, _, actor, now) =>
        {
            a.AssignExperts(actor, await ExpertAccounts.LoadAsync(db, command.ExpertUserIds, cancellationToken), now);
        }, cancellationToken);
}

/// <summary>异议 lodged on the public notice, by anyone: an anonymous objector must leave a name and a contact.</summary>
public sealed record LodgeObjection(Guid RoundId, Guid ApplicationId, string ContactName, string Contact, string Content, Guid? UserId) : ICommand<Objection>;

public sealed class LodgeObjectionValidator : AbstractValidator<LodgeObjection>
{
    public LodgeObjectionValidator()
    {
        RuleFor(x => x.ContactName).NotEmpty().MaximumLength(CenterApplication.ContactMaxLength).WithName("异议人姓名或单位");
        RuleFor(x => x.Contact).NotEmpty().MaximumLength(CenterApplication.ContactMaxLength).WithName("联系方式");
        RuleFor(x => x.Content).NotEmpty().MaximumLength(CenterApplication.ReasonMaxLength).WithName("异议内容");
    }
}

public sealed class LodgeObjectionHandler(IMarketplaceDbContext db, TimeProvider clock) : ICommandHandler<LodgeObjection, Objection>
{
    public async ValueTask<Objection> Handle(LodgeObjection command, CancellationToken cancellationToken)
    {
        var round = await db.AccreditationRounds.AsNoTracking().FirstOrDefaultAsync(r => r.Id == command.RoundId, cancellationToken);
        var application = await db.CenterApplications.FirstOrDefaultAsync(a => a.Id == command.ApplicationId && a.RoundId == command.RoundId, cancellationToken);
        if (round is not { NoticeStart: { } start, NoticeEnd: { } end } || application is null)
        {
            throw new NotFoundException("公示中的申报", command.ApplicationId);
        }

        var now = clock.GetUtcNow();
        var objection = application.LodgeObjection(
            Guid.NewGuid(), command.UserId, command.ContactName, command.Contact, command.Content, AccreditationClock.Today(now), start, end, now);
        await db.SaveChangesAsync(cancellationToken);
        return objection;
    }
}

public sealed record ResolveObjection(Guid Id, Guid ObjectionId, bool Upheld, string Reason, uint? Version) : ICommand<CenterApplicationDto>;

public sealed class ResolveObjectionValidator : AbstractValidator<ResolveObjection>
{
    public ResolveObjectionValidator()
    {
        RuleFor(x => x.Reason).NotEmpty().MaximumLength(CenterApplication.ReasonMaxLength).WithName("处理意见");
    }
}

public sealed class ResolveObjectionHandler(ApplicationSteps steps, IMarketplaceDbContext db, AccreditationAccess access) : ICommandHandler<ResolveObjection, CenterApplicationDto>
{
    public async ValueTask<CenterApplicationDto> Handle(ResolveObjection command, CancellationToken cancellationToken) =>
        await steps.RunAsync(command.Id, command.Version, async (a, caller, actor, now) =>
        {
            a.ResolveObjection(actor, command.ObjectionId, command.Upheld, command.Reason, now);
            if (a.Status == CenterApplicationStatus.Rejected)
            {
                await access.NotifyApplicantAsync(a, caller.UserId, "accreditation.rejected", "不予认定",
                    $"公示期间收到的异议经核查成立，你单位的申报不予认定：{command.Reason}", now, cancellationToken);
                await RecognizeHandler.ConcludeIfDoneAsync(db, a, now, cancellationToken);
            }
        }, cancellationToken);
}

/// <summary>发文认定 with the document number and date, after the notice period.</summary>
public sealed record Recognize(Guid Id, string DocumentNumber, DateOnly RecognizedOn, uint? Version) : ICommand<CenterApplicationDto>;

public sealed class RecognizeValidator : AbstractValidator<Recognize>
{
    public RecognizeValidator()
    {
        RuleFor(x => x.DocumentNumber).NotEmpty().MaximumLength(CenterApplication.DocumentNumberMaxLength).WithName("认定文号");
        RuleFor(x => x.RecognizedOn).NotEmpty().WithName("认定日期");
    }
}

public sealed class RecognizeHandler(ApplicationSteps steps, IMarketplaceDbContext db, AccreditationAccess access) : ICommandHandler<Recognize, CenterApplicationDto>
{
    public async ValueTask<CenterApplicationDto> Handle(Recognize command, CancellationToken cancellationToken) =>
        await steps.RunAsync(command.Id, command.Version, async (a, caller, actor, now) =>
        {
            // Only the province recognizes: a city bureau is refused before the round's notice is looked at.
            await access.ProvinceAsync(cancellationToken);
            var round = await access.RoundAsync(a.RoundId, cancellationToken);
            if (round.NoticeEnd is not { } end)
            {
                throw new DomainConflictException("尚未公示", "该轮次尚未发布公示，不能认定。", "notice_not_published");
            }

            a.Recognize(actor, command.DocumentNumber, command.RecognizedOn, AccreditationClock.Today(now), end, now);

            // The center's life (cultivation, evaluations, reports) starts in the same transaction as its recognition.
            db.AccreditedCenters.Add(AccreditedCenter.Recognize(Guid.NewGuid(), a, actor, now));
            await access.NotifyApplicantAsync(a, caller.UserId, "accreditation.recognized", "已认定为工程师协同创新中心",
                $"你单位已认定为工程师协同创新中心（{a.RecognitionDocumentNumber}，{command.RecognizedOn:yyyy-MM-dd}），进入为期一年的培育期。", now, cancellationToken);
            await ConcludeIfDoneAsync(db, a, now, cancellationToken);
        }, cancellationToken);

    /// <summary>The round is concluded once no application of it is left under notice or objection (this one included).</summary>
    internal static async Task ConcludeIfDoneAsync(IMarketplaceDbContext db, CenterApplication decided, DateTimeOffset now, CancellationToken ct)
    {
        var pending = await db.CenterApplications.AnyAsync(
            x => x.RoundId == decided.RoundId && x.Id != decided.Id
                && (x.Status == CenterApplicationStatus.UnderNotice || x.Status == CenterApplicationStatus.Objected), ct);
        if (!pending)
        {
            var round = await db.AccreditationRounds.FirstAsync(r => r.Id == decided.RoundId, ct);
            if (round.Status == RoundStatus.Noticed)
            {
                round.Conclude(AccreditationActor.System, now);
            }
        }
    }
}
