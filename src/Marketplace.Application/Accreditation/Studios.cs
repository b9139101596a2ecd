using FluentValidation;
using Marketplace.Application.Common;
using Marketplace.Domain.Accreditation;
using Marketplace.Domain.Common;
using Marketplace.Domain.Engineers;
using Marketplace.Domain.Identity;
using Marketplace.Domain.Organizations;
using Marketplace.Domain.Training;
using Mediator;
using Microsoft.EntityFrameworkCore;

namespace Marketplace.Application.Accreditation;

/// <summary>The caller's party on one studio and what they may see, by the same rules as center applications.</summary>
public static class StudioCallerRules
{
    public static AccreditationActor ActorFor(this AccreditationCaller caller, MentoringStudio studio)
    {
        ArgumentNullException.ThrowIfNull(caller);
        ArgumentNullException.ThrowIfNull(studio);
        var party = caller.IsProvince ? AccreditationParty.Province
            : caller.IsCity ? AccreditationParty.CityBureau
            : caller.OrganizationId == studio.ApplicantOrganizationId ? AccreditationParty.Applicant
            : caller.IsExpert ? AccreditationParty.Expert
            : AccreditationParty.Public;
        return new AccreditationActor(caller.UserId, party);
    }

    /// <summary>Drafts are the enterprise's; the province sees every submitted studio, a city those of its region, an expert those assigned.</summary>
    public static bool CanSee(this AccreditationCaller caller, MentoringStudio studio)
    {
        ArgumentNullException.ThrowIfNull(caller);
        ArgumentNullException.ThrowIfNull(studio);
        if (caller.OrganizationId == studio.ApplicantOrganizationId)
        {
            return true;
        }

        if (studio.Status == StudioStatus.Draft)
        {
            return false;
        }

        return caller.IsProvince
            || (caller.IsCity && caller.BureauRegion is { } region && RegionMatch.Within(studio.RegionCode, region))
            || (caller.IsExpert && studio.IsAssigned(caller.UserId));
    }
}

/// <summary>Runs one step on a studio as one transaction: load what the caller may see, check the version, act, save, answer.</summary>
public sealed class StudioSteps(IMarketplaceDbContext db, AccreditationAccess access, StudioProgramme programme, TimeProvider clock)
{
    public StudioProgramme Programme => programme;

    public async Task<(MentoringStudio Studio, AccreditationCaller Caller)> LoadAsync(Guid id, uint? version, CancellationToken ct)
    {
        var caller = await access.CallerAsync(ct);
        var studio = await db.MentoringStudios.FirstOrDefaultAsync(s => s.Id == id, ct);
        if (studio is null || !caller.CanSee(studio))
        {
            throw new NotFoundException("工作室申报", id);
        }

        if (version is { } expected && studio.Version != expected)
        {
            throw new StaleVersionException();
        }

        return (studio, caller);
    }

    public async Task<StudioDto> RunAsync(
        Guid id, uint? version, Func<MentoringStudio, AccreditationCaller, AccreditationActor, DateTimeOffset, Task> step, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(step);
        var (studio, caller) = await LoadAsync(id, version, ct);
        var now = clock.GetUtcNow();
        await step(studio, caller, caller.ActorFor(studio), now);
        await db.SaveChangesAsync(ct);
        return await StudioViews.StudioAsync(db, programme, studio, caller, AccreditationClock.Today(now), ct);
    }

    /// <summary>Tells every account of the enterprise except the one acting, in the step's own transaction.</summary>
    public async Task NotifyApplicantAsync(MentoringStudio studio, Guid? actingUserId, string kind, string title, string body, DateTimeOffset now, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(studio);
        var recipients = await db.UserAccounts.Where(u => u.OrganizationId == studio.ApplicantOrganizationId).Select(u => u.Id).ToListAsync(ct);
        foreach (var recipient in recipients.Where(r => r != actingUserId))
        {
            db.Notifications.Add(Marketplace.Domain.Notifications.Notification.Create(recipient, kind, title, body, $"/Studios/Details/{studio.Id}", null, now));
        }
    }
}

// ---- application (附件1 + 附件2) ---------------------------------------------------------------------------------

/// <summary>创建工作室申报 (草稿), by an account of an enterprise (带培工作室申报对象为产业骨干企业).</summary>
public sealed record StartStudio(Guid? HostEngineerId, StudioForm? Form) : ICommand<StudioDto>;

public sealed class StartStudioHandler(IMarketplaceDbContext db, AccreditationAccess access, StudioProgramme programme, TimeProvider clock)
    : ICommandHandler<StartStudio, StudioDto>
{
    public async ValueTask<StudioDto> Handle(StartStudio command, CancellationToken cancellationToken)
    {
        var caller = await access.CallerAsync(cancellationToken);
        var organization = caller.OrganizationId is { } orgId
            ? await db.Organizations.AsNoTracking().FirstOrDefaultAsync(o => o.Id == orgId, cancellationToken)
            : null;
        if (organization is null || organization.Kind != OrganizationKind.Company)
        {
            throw new ForbiddenException("带培工作室的申报对象为企业：只有登记了所属企业的账户可以申报。");
        }

        // One studio per enterprise at a time: a second application while one is open or building would be a duplicate.
        var open = await db.MentoringStudios.AnyAsync(
            s => s.ApplicantOrganizationId == organization.Id
                && s.Status != StudioStatus.NotSelected && s.Status != StudioStatus.Rejected && s.Status != StudioStatus.Revoked, cancellationToken);
        if (open)
        {
            throw new DomainConflictException("已有工作室申报", "你单位已有一份进行中的工作室申报或在建工作室，请在原申报上修改。", "studio_exists");
        }

        var now = clock.GetUtcNow();
        var actor = new AccreditationActor(caller.UserId, AccreditationParty.Applicant);
        var studio = MentoringStudio.Start(Guid.NewGuid(), programme, organization.Id, organization.RegionCode, actor, now);
        studio.UpdateDraft(actor, programme, command.HostEngineerId, command.Form ?? StudioForm.Empty, now);
        db.MentoringStudios.Add(studio);
        await db.SaveChangesAsync(cancellationToken);
        return await StudioViews.StudioAsync(db, programme, studio, caller, AccreditationClock.Today(now), cancellationToken);
    }
}

public sealed record UpdateStudio(Guid Id, uint? Version, Guid? HostEngineerId, StudioForm? Form) : ICommand<StudioDto>;

public sealed class UpdateStudioHandler(StudioSteps steps) : ICommandHandler<UpdateStudio, StudioDto>
{
    public async ValueTask<StudioDto> Handle(UpdateStudio command, CancellationToken cancellationToken) =>
        await steps.RunAsync(command.Id, command.Version, (s, _, actor, now) =>
        {
            s.UpdateDraft(actor, steps.Programme, command.HostEngineerId, command.Form ?? StudioForm.Empty, now);
            return Task.CompletedTask;
        }, cancellationToken);
}

public sealed record DeleteStudio(Guid Id, uint? Version) : ICommand<bool>;

public sealed class DeleteStudioHandler(IMarketplaceDbContext db, StudioSteps steps) : ICommandHandler<DeleteStudio, bool>
{
    public async ValueTask<bool> Handle(DeleteStudio command, CancellationToken cancellationToken)
    {
        var (studio, caller) = await steps.LoadAsync(command.Id, command.Version, cancellationToken);
        studio.EnsureDeletable(caller.ActorFor(studio));
        db.MentoringStudios.Remove(studio);
        await db.SaveChangesAsync(cancellationToken);
        return true;
    }
}

/// <summary>提交: the host rule reads the host's credentials as the platform verified them, never what the form says.</summary>
public sealed record SubmitStudio(Guid Id, uint? Version) : ICommand<StudioDto>;

public sealed class SubmitStudioHandler(StudioSteps steps, IMarketplaceDbContext db) : ICommandHandler<SubmitStudio, StudioDto>
{
    public async ValueTask<StudioDto> Handle(SubmitStudio command, CancellationToken cancellationToken) =>
        await steps.RunAsync(command.Id, command.Version, async (s, _, actor, now) =>
        {
            StudioHostCheck? host = null;
            if (s.HostEngineerId is { } hostId && await db.Engineers.AnyAsync(e => e.Id == hostId, cancellationToken))
            {
                var credentials = await db.EngineerCredentials.AsNoTracking().Where(c => c.EngineerId == hostId).ToListAsync(cancellationToken);
                host = new StudioHostCheck(hostId, StudioHostQualification.VerifiedTitle(credentials, AccreditationClock.Today(now)));
            }

            var materials = await db.StudioFiles.Where(f => f.StudioId == s.Id && f.Purpose != StudioFile.VoucherPurpose)
                .Select(f => f.Purpose).Distinct().ToListAsync(cancellationToken);
            s.Submit(actor, steps.Programme, host, materials, now);
        }, cancellationToken);
}

public sealed record GetStudio(Guid Id) : IQuery<StudioDto>;

public sealed class GetStudioHandler(IMarketplaceDbContext db, StudioSteps steps, TimeProvider clock) : IQueryHandler<GetStudio, StudioDto>
{
    public async ValueTask<StudioDto> Handle(GetStudio query, CancellationToken cancellationToken)
    {
        var (studio, caller) = await steps.LoadAsync(query.Id, null, cancellationToken);
        return await StudioViews.StudioAsync(db, steps.Programme, studio, caller, AccreditationClock.Today(clock.GetUtcNow()), cancellationToken);
    }
}

/// <summary>
/// The caller's list: the enterprise's own studios, a city's queue (its region), the province's (all submitted), an
/// expert's assignments. One query for all, because the pages show one list headed by the caller's role.
/// </summary>
public sealed record ListStudios : IQuery<IReadOnlyList<StudioSummaryDto>>;

public sealed class ListStudiosHandler(IMarketplaceDbContext db, AccreditationAccess access) : IQueryHandler<ListStudios, IReadOnlyList<StudioSummaryDto>>
{
    public async ValueTask<IReadOnlyList<StudioSummaryDto>> Handle(ListStudios query, CancellationToken cancellationToken)
    {
        var caller = await access.CallerAsync(cancellationToken);
        IQueryable<MentoringStudio> studios;
        if (caller.IsProvince)
        {
            studios = db.MentoringStudios.Where(s => s.Status != StudioStatus.Draft);
        }
        else if (caller.IsCity && caller.BureauRegion is { } region)
        {
            var prefix = RegionPrefix(region);
            studios = db.MentoringStudios.Where(s => s.Status != StudioStatus.Draft && s.RegionCode.StartsWith(prefix));
        }
        else if (caller.IsExpert)
        {
            studios = db.MentoringStudios.Where(s => s.ExpertUserIds.Contains(caller.UserId));
        }
        else if (caller.OrganizationId is { } orgId)
        {
            studios = db.MentoringStudios.Where(s => s.ApplicantOrganizationId == orgId);
        }
        else
        {
            return [];
        }

        return await StudioViews.SummariesAsync(db, studios, cancellationToken);
    }

    private static string RegionPrefix(string area)
    {
        var prefix = area;
        while (prefix.Length > 2 && prefix.EndsWith("00", StringComparison.Ordinal))
        {
            prefix = prefix[..^2];
        }

        return prefix;
    }
}

public sealed record QualifiedHostDto(Guid EngineerId, string Name, string? Employer, string CredentialName);

/// <summary>
/// Engineers whose 正高级 title the platform verified, for the form's host picker. The submission check still reads the
/// credentials again: this list only spares the applicant from guessing.
/// </summary>
public sealed record ListQualifiedHosts(string? Query) : IQuery<IReadOnlyList<QualifiedHostDto>>;

public sealed class ListQualifiedHostsHandler(IMarketplaceDbContext db, StudioProgramme programme) : IQueryHandler<ListQualifiedHosts, IReadOnlyList<QualifiedHostDto>>
{
    public async ValueTask<IReadOnlyList<QualifiedHostDto>> Handle(ListQualifiedHosts query, CancellationToken cancellationToken)
    {
        var title = EngineerVocabulary.Name(programme.HostTitle);
        var term = query.Query?.Trim() ?? "";
        var rows = await (
                from c in db.EngineerCredentials.AsNoTracking()
                join e in db.Engineers on c.EngineerId equals e.Id
                join o in db.Organizations on e.EmployerOrganizationId equals o.Id into employers
                from o in employers.DefaultIfEmpty()
                where c.Kind == CredentialKind.ProfessionalTitle && c.Status == CredentialStatus.Verified && c.Name.Contains(title)
                    && (term == "" || e.Name.Contains(term))
                orderby e.Name
                select new QualifiedHostDto(e.Id, e.Name, o == null ? null : o.Name, c.Name))
            .Take(200)
            .ToListAsync(cancellationToken);
        return [.. rows.DistinctBy(r => r.EngineerId)];
    }
}

// ---- city: 人社 and 财政 sign-offs -----------------------------------------------------------------------------

public sealed record StudioCityReview(Guid Id, CityDesk Desk, bool Approve, string? Opinion, uint? Version) : ICommand<StudioDto>;

public sealed class StudioCityReviewValidator : AbstractValidator<StudioCityReview>
{
    public StudioCityReviewValidator()
    {
        RuleFor(x => x.Desk).IsInEnum().WithName("审核部门");
        RuleFor(x => x.Opinion).MaximumLength(MentoringStudio.ReasonMaxLength).WithName("意见");
        RuleFor(x => x.Opinion).NotEmpty().When(x => !x.Approve).WithName("退回理由").WithMessage("退回申报时请写明理由。");
    }
}

public sealed class StudioCityReviewHandler(StudioSteps steps) : ICommandHandler<StudioCityReview, StudioDto>
{
    public async ValueTask<StudioDto> Handle(StudioCityReview command, CancellationToken cancellationToken) =>
        await steps.RunAsync(command.Id, command.Version, async (s, caller, actor, now) =>
        {
            s.CityReview(actor, command.Desk, command.Approve, command.Opinion, now);
            if (s.Status == StudioStatus.ReturnedByCity)
            {
                await steps.NotifyApplicantAsync(s, caller.UserId, "studio.city_returned", "工作室申报被市州退回",
                    $"{MentoringStudio.DeskName(command.Desk)}部门退回了你单位的带培工作室申报：{command.Opinion}。可修改后重新提交。", now, cancellationToken);
            }
            else if (s.Status == StudioStatus.CityRecommended)
            {
                await steps.NotifyApplicantAsync(s, caller.UserId, "studio.city_recommended", "市州已推荐",
                    "你单位的带培工作室申报已通过市州人社、财政部门初审，推荐至省人力资源社会保障厅。", now, cancellationToken);
            }
        }, cancellationToken);
}

// ---- province: experts, selection, notice, recognition -----------------------------------------------------------

public sealed record AssignStudioExperts(Guid Id, IReadOnlyList<Guid> ExpertUserIds, uint? Version) : ICommand<StudioDto>;

public sealed class AssignStudioExpertsValidator : AbstractValidator<AssignStudioExperts>
{
    public AssignStudioExpertsValidator()
    {
        RuleFor(x => x.ExpertUserIds).NotEmpty().WithName("认定专家");
        RuleFor(x => x.ExpertUserIds.Count).LessThanOrEqualTo(MentoringStudio.MaxExperts).When(x => x.ExpertUserIds is not null).WithName("认定专家人数");
    }
}

public sealed class AssignStudioExpertsHandler(StudioSteps steps, IMarketplaceDbContext db) : ICommandHandler<AssignStudioExperts, StudioDto>
{
    public async ValueTask<StudioDto> Handle(AssignStudioExperts command, CancellationToken cancellationToken) =>
        await steps.RunAsync(command.Id, command.Version, async (s, _, actor, now) =>
        {
            s.AssignExperts(actor, await ExpertAccounts.LoadAsync(db, command.ExpertUserIds, cancellationToken), now);
        }, cancellationToken);
}

public sealed record GiveStudioOpinion(Guid Id, bool Approve, string Opinion) : ICommand<StudioDto>;

public sealed class GiveStudioOpinionValidator : AbstractValidator<GiveStudioOpinion>
{
    public GiveStudioOpinionValidator() =>
        RuleFor(x => x.Opinion).NotEmpty().MaximumLength(MentoringStudio.ReasonMaxLength).WithName("认定意见");
}

public sealed class GiveStudioOpinionHandler(StudioSteps steps) : ICommandHandler<GiveStudioOpinion, StudioDto>
{
    // No version: each expert adds their own opinion, and one expert's opinion never makes another's stale.
    public async ValueTask<StudioDto> Handle(GiveStudioOpinion command, CancellationToken cancellationToken) =>
        await steps.RunAsync(command.Id, null, (s, _, actor, now) =>
        {
            s.GiveOpinion(actor, command.Approve, command.Opinion, now);
            return Task.CompletedTask;
        }, cancellationToken);
}

public sealed record SelectStudio(Guid Id, bool Selected, string? Reason, uint? Version) : ICommand<StudioDto>;

public sealed class SelectStudioValidator : AbstractValidator<SelectStudio>
{
    public SelectStudioValidator()
    {
        RuleFor(x => x.Reason).MaximumLength(MentoringStudio.ReasonMaxLength).WithName("说明");
        RuleFor(x => x.Reason).NotEmpty().When(x => !x.Selected).WithName("未入选理由").WithMessage("未入选时请写明理由。");
    }
}

public sealed class SelectStudioHandler(StudioSteps steps) : ICommandHandler<SelectStudio, StudioDto>
{
    public async ValueTask<StudioDto> Handle(SelectStudio command, CancellationToken cancellationToken) =>
        await steps.RunAsync(command.Id, command.Version, async (s, caller, actor, now) =>
        {
            s.Select(actor, command.Selected, command.Reason, now);
            await steps.NotifyApplicantAsync(s, caller.UserId, command.Selected ? "studio.selected" : "studio.not_selected",
                command.Selected ? "工作室申报已入选" : "工作室申报未入选",
                command.Selected ? "你单位的带培工作室申报已入选，将在省人力资源社会保障厅网站公示。" : $"你单位的带培工作室申报未入选：{command.Reason}", now, cancellationToken);
        }, cancellationToken);
}

/// <summary>发布公示: the end is the programme's working days on from the start by the holiday calendar.</summary>
public sealed record PublishStudioNotice(Guid Id, DateOnly StartDate, uint? Version) : ICommand<StudioDto>;

public sealed class PublishStudioNoticeHandler(StudioSteps steps, WorkingCalendar calendar) : ICommandHandler<PublishStudioNotice, StudioDto>
{
    public async ValueTask<StudioDto> Handle(PublishStudioNotice command, CancellationToken cancellationToken) =>
        await steps.RunAsync(command.Id, command.Version, (s, _, actor, now) =>
        {
            var end = calendar.NoticeEnd(command.StartDate, steps.Programme.NoticeWorkingDays);
            s.PublishNotice(actor, command.StartDate, end, AccreditationClock.Today(now), now);
            return Task.CompletedTask;
        }, cancellationToken);
}

public sealed record ResolveStudioObjection(Guid Id, Guid ObjectionId, bool Upheld, string Reason, uint? Version) : ICommand<StudioDto>;

public sealed class ResolveStudioObjectionValidator : AbstractValidator<ResolveStudioObjection>
{
    public ResolveStudioObjectionValidator() =>
        RuleFor(x => x.Reason).NotEmpty().MaximumLength(MentoringStudio.ReasonMaxLength).WithName("处理意见");
}

public sealed class ResolveStudioObjectionHandler(StudioSteps steps) : ICommandHandler<ResolveStudioObjection, StudioDto>
{
    public async ValueTask<StudioDto> Handle(ResolveStudioObjection command, CancellationToken cancellationToken) =>
        await steps.RunAsync(command.Id, command.Version, async (s, caller, actor, now) =>
        {
            s.ResolveObjection(actor, command.ObjectionId, command.Upheld, command.Reason, now);
            if (s.Status == StudioStatus.Rejected)
            {
                await steps.NotifyApplicantAsync(s, caller.UserId, "studio.rejected", "不予认定",
                    $"公示期间收到的异议经核查成立，你单位的带培工作室不予认定：{command.Reason}", now, cancellationToken);
            }
        }, cancellationToken);
}

public sealed record RecognizeStudio(Guid Id, string DocumentNumber, DateOnly RecognizedOn, uint? Version) : ICommand<StudioDto>;

public sealed class RecognizeStudioValidator : AbstractValidator<RecognizeStudio>
{
    public RecognizeStudioValidator()
    {
        RuleFor(x => x.DocumentNumber).NotEmpty().MaximumLength(MentoringStudio.DocumentNumberMaxLength).WithName("认定文号");
        RuleFor(x => x.RecognizedOn).NotEmpty().WithName("认定日期");
    }
}

public sealed class RecognizeStudioHandler(StudioSteps steps) : ICommandHandler<RecognizeStudio, StudioDto>
{
    public async ValueTask<StudioDto> Handle(RecognizeStudio command, CancellationToken cancellationToken) =>
        await steps.RunAsync(command.Id, command.Version, async (s, caller, actor, now) =>
        {
            s.Recognize(actor, steps.Programme, command.DocumentNumber, command.RecognizedOn, AccreditationClock.Today(now), now);
            await steps.NotifyApplicantAsync(s, caller.UserId, "studio.recognized", "已认定为卓越工程师带培工作室",
                $"你单位已认定为湖南省卓越工程师带培工作室（{s.RecognitionDocumentNumber}），启动资金 {s.FundGrantedYuan:0} 元，建设周期至 {s.CycleEnd:yyyy-MM-dd}。",
                now, cancellationToken);
        }, cancellationToken);
}

// ---- public notice --------------------------------------------------------------------------------------------

public sealed record PublicStudioNoticeDto(
    Guid Id, string Enterprise, string RegionCode, string? HostName, string StatusName, DateOnly NoticeStart, DateOnly NoticeEnd, int WorkingDays,
    bool CalendarProvisional, bool AcceptingObjections, string Document);

/// <summary>公示 page of one studio, readable without signing in; 404 until its notice is published.</summary>
public sealed record GetPublicStudioNotice(Guid Id) : IQuery<PublicStudioNoticeDto>;

public sealed class GetPublicStudioNoticeHandler(IMarketplaceDbContext db, StudioProgramme programme, WorkingCalendar calendar, TimeProvider clock)
    : IQueryHandler<GetPublicStudioNotice, PublicStudioNoticeDto>
{
    public async ValueTask<PublicStudioNoticeDto> Handle(GetPublicStudioNotice query, CancellationToken cancellationToken)
    {
        var row = await (
                from s in db.MentoringStudios.AsNoTracking()
                join o in db.Organizations on s.ApplicantOrganizationId equals o.Id
                join e in db.Engineers on s.HostEngineerId equals e.Id into hosts
                from h in hosts.DefaultIfEmpty()
                where s.Id == query.Id && s.NoticeStart != null
                select new { s, o.Name, Host = h == null ? null : h.Name })
            .FirstOrDefaultAsync(cancellationToken);
        if (row is not { s.NoticeStart: { } start, s.NoticeEnd: { } end })
        {
            throw new NotFoundException("公示", query.Id);
        }

        var today = AccreditationClock.Today(clock.GetUtcNow());
        var accepting = row.s.Status is StudioStatus.UnderNotice or StudioStatus.Objected && today >= start && today <= end;
        return new PublicStudioNoticeDto(
            row.s.Id, row.Name, row.s.RegionCode, row.Host, MentoringStudio.StatusName(row.s.Status), start, end, programme.NoticeWorkingDays,
            calendar.IsProvisional(start, end), accepting, programme.Document);
    }
}

/// <summary>异议, anonymous: nobody is signed in and nothing identifying is required; a name and a contact are optional.</summary>
public sealed record LodgeStudioObjection(Guid Id, string? ContactName, string? Contact, string Content) : ICommand<Guid>;

public sealed class LodgeStudioObjectionValidator : AbstractValidator<LodgeStudioObjection>
{
    public LodgeStudioObjectionValidator()
    {
        RuleFor(x => x.ContactName).MaximumLength(MentoringStudio.ContactMaxLength).WithName("异议人姓名或单位");
        RuleFor(x => x.Contact).MaximumLength(MentoringStudio.ContactMaxLength).WithName("联系方式");
        RuleFor(x => x.Content).NotEmpty().MaximumLength(MentoringStudio.ReasonMaxLength).WithName("异议内容");
    }
}

public sealed class LodgeStudioObjectionHandler(IMarketplaceDbContext db, TimeProvider clock) : ICommandHandler<LodgeStudioObjection, Guid>
{
    public async ValueTask<Guid> Handle(LodgeStudioObjection command, CancellationToken cancellationToken)
    {
        var studio = await db.MentoringStudios.FirstOrDefaultAsync(s => s.Id == command.Id && s.NoticeStart != null, cancellationToken)
            ?? throw new NotFoundException("公示", command.Id);
        var now = clock.GetUtcNow();
        var objection = studio.LodgeObjection(Guid.NewGuid(), command.ContactName, command.Contact, command.Content, AccreditationClock.Today(now), now);
        await db.SaveChangesAsync(cancellationToken);
        return objection.Id;
    }
}

// ---- files ---------------------------------------------------------------------------------------------------

public sealed record UploadStudioFile(Guid Id, string? Purpose, string? FileName, byte[] Content) : ICommand<StudioFileDto>;

public sealed class UploadStudioFileHandler(IMarketplaceDbContext db, StudioSteps steps, TimeProvider clock) : ICommandHandler<UploadStudioFile, StudioFileDto>
{
    public const int MaxFilesPerStudio = 200;

    public async ValueTask<StudioFileDto> Handle(UploadStudioFile command, CancellationToken cancellationToken)
    {
        var (studio, caller) = await steps.LoadAsync(command.Id, null, cancellationToken);
        if (await db.StudioFiles.CountAsync(f => f.StudioId == studio.Id, cancellationToken) >= MaxFilesPerStudio)
        {
            throw new DomainException("文件过多", $"每个工作室最多上传 {MaxFilesPerStudio} 个文件。", "files_too_many");
        }

        var file = StudioFile.Upload(Guid.NewGuid(), studio, steps.Programme, caller.ActorFor(studio), command.Purpose,
            EvidenceFile.Create(command.FileName, command.Content), clock.GetUtcNow());
        db.StudioFiles.Add(file);
        await db.SaveChangesAsync(cancellationToken);
        return new StudioFileDto(file.Id, file.Purpose, file.FileName, file.ContentType, file.Size, file.UploadedAt);
    }
}

public sealed record GetStudioFile(Guid Id, Guid FileId) : IQuery<EvidenceDownload>;

public sealed class GetStudioFileHandler(IMarketplaceDbContext db, StudioSteps steps) : IQueryHandler<GetStudioFile, EvidenceDownload>
{
    public async ValueTask<EvidenceDownload> Handle(GetStudioFile query, CancellationToken cancellationToken)
    {
        var (studio, _) = await steps.LoadAsync(query.Id, null, cancellationToken);
        var file = await db.StudioFiles.AsNoTracking().FirstOrDefaultAsync(f => f.StudioId == studio.Id && f.Id == query.FileId, cancellationToken)
            ?? throw new NotFoundException("工作室文件", query.FileId);
        return new EvidenceDownload(file.FileName, file.ContentType, file.Content);
    }
}

// ---- after recognition: fund ledger, re-evaluation, revocation ----------------------------------------------------

public sealed record RecordStudioSpending(Guid Id, string Category, DateOnly SpentOn, decimal Amount, string Note, Guid? VoucherFileId, uint? Version) : ICommand<StudioDto>;

public sealed class RecordStudioSpendingValidator : AbstractValidator<RecordStudioSpending>
{
    public RecordStudioSpendingValidator()
    {
        RuleFor(x => x.Category).NotEmpty().WithName("支出类别");
        RuleFor(x => x.SpentOn).NotEmpty().WithName("支出日期");
        RuleFor(x => x.Amount).GreaterThan(0).WithName("金额");
        RuleFor(x => x.Amount).PrecisionScale(12, 2, true).WithName("金额");
        RuleFor(x => x.Note).NotEmpty().MaximumLength(MentoringStudio.NoteMaxLength).WithName("支出说明");
    }
}

public sealed class RecordStudioSpendingHandler(StudioSteps steps, IMarketplaceDbContext db) : ICommandHandler<RecordStudioSpending, StudioDto>
{
    public async ValueTask<StudioDto> Handle(RecordStudioSpending command, CancellationToken cancellationToken) =>
        await steps.RunAsync(command.Id, command.Version, async (s, _, actor, now) =>
        {
            if (command.VoucherFileId is { } fileId
                && !await db.StudioFiles.AnyAsync(f => f.Id == fileId && f.StudioId == s.Id && f.Purpose == StudioFile.VoucherPurpose, cancellationToken))
            {
                throw new DomainException("凭证不存在", "所引用的支出凭证不存在或不属于本工作室，请先上传凭证。", "voucher_unknown");
            }

            s.RecordSpending(actor, steps.Programme, Guid.NewGuid(), command.Category, command.SpentOn, command.Amount, command.Note,
                command.VoucherFileId, AccreditationClock.Today(now), now);
        }, cancellationToken);
}

public sealed record ReEvaluateStudio(Guid Id, bool Passed, string? Reason, DateOnly EvaluatedOn, uint? Version) : ICommand<StudioDto>;

public sealed class ReEvaluateStudioValidator : AbstractValidator<ReEvaluateStudio>
{
    public ReEvaluateStudioValidator()
    {
        RuleFor(x => x.EvaluatedOn).NotEmpty().WithName("复评日期");
        RuleFor(x => x.Reason).MaximumLength(MentoringStudio.ReasonMaxLength).WithName("复评意见");
        RuleFor(x => x.Reason).NotEmpty().When(x => !x.Passed).WithName("不合格理由").WithMessage("复评不合格时请写明理由。");
    }
}

public sealed class ReEvaluateStudioHandler(StudioSteps steps) : ICommandHandler<ReEvaluateStudio, StudioDto>
{
    public async ValueTask<StudioDto> Handle(ReEvaluateStudio command, CancellationToken cancellationToken) =>
        await steps.RunAsync(command.Id, command.Version, async (s, caller, actor, now) =>
        {
            s.ReEvaluate(actor, command.Passed, command.Reason, command.EvaluatedOn, AccreditationClock.Today(now), now);
            await steps.NotifyApplicantAsync(s, caller.UserId, command.Passed ? "studio.reevaluation_passed" : "studio.revoked",
                command.Passed ? "工作室复评合格" : "工作室复评不合格，认定已撤销",
                command.Passed ? "你单位的带培工作室复评合格。" : $"你单位的带培工作室复评不合格，认定资格已撤销：{command.Reason}；追回剩余启动资金 {s.RecoveredYuan:0.00} 元。",
                now, cancellationToken);
        }, cancellationToken);
}

public sealed record RevokeStudio(Guid Id, string Reason, uint? Version) : ICommand<StudioDto>;

public sealed class RevokeStudioValidator : AbstractValidator<RevokeStudio>
{
    public RevokeStudioValidator() =>
        RuleFor(x => x.Reason).NotEmpty().MaximumLength(MentoringStudio.ReasonMaxLength).WithName("撤销理由");
}

public sealed class RevokeStudioHandler(StudioSteps steps) : ICommandHandler<RevokeStudio, StudioDto>
{
    public async ValueTask<StudioDto> Handle(RevokeStudio command, CancellationToken cancellationToken) =>
        await steps.RunAsync(command.Id, command.Version, async (s, caller, actor, now) =>
        {
            s.Revoke(actor, command.Reason, AccreditationClock.Today(now), now);
            await steps.NotifyApplicantAsync(s, caller.UserId, "studio.revoked", "工作室认定已撤销",
                $"你单位的带培工作室认定已撤销：{command.Reason}；追回剩余启动资金 {s.RecoveredYuan:0.00} 元。", now, cancellationToken);
        }, cancellationToken);
}

// ---- progress against the 2030 targets ---------------------------------------------------------------------------

/// <summary>One 2030 target and what the platform's records show; <see cref="Current"/> is null until its records exist.</summary>
public sealed record StudioTargetProgressDto(string Code, string Name, int Target, TargetComparison Comparison, string Unit, int? Current, string Source);

public sealed record StudioProgressDto(int TargetYear, string Document, IReadOnlyList<StudioTargetProgressDto> Targets, int UnderReview);

/// <summary>
/// 2030 目标进度: recognized studios (building or passed re-evaluation) against the seed's ≈25, and the trainee figures
/// counted from the studio programme's training records.
/// </summary>
public sealed record GetStudioProgress : IQuery<StudioProgressDto>;

public sealed class GetStudioProgressHandler(IMarketplaceDbContext db, StudioProgramme programme) : IQueryHandler<GetStudioProgress, StudioProgressDto>
{
    public async ValueTask<StudioProgressDto> Handle(GetStudioProgress query, CancellationToken cancellationToken)
    {
        var recognized = await db.MentoringStudios.CountAsync(s => s.Status == StudioStatus.Recognized || s.Status == StudioStatus.Continued, cancellationToken);
        var underReview = await db.MentoringStudios.CountAsync(
            s => s.Status != StudioStatus.Draft && s.Status != StudioStatus.Recognized && s.Status != StudioStatus.Continued
                && s.Status != StudioStatus.Revoked && s.Status != StudioStatus.Rejected && s.Status != StudioStatus.NotSelected
                && s.Status != StudioStatus.ReturnedByCity, cancellationToken);
        // The trainee targets are the studios' own: counted from the studio programme's training records (passed
        // trainees, each person once at their highest title), by the same code as the training tallies.
        var trained = await Training.ProvinceTrainingTallyHandler.CountAsync(db, programme, TrainingProgramme.Studio, cancellationToken);
        var counted = trained.Targets.ToDictionary(t => t.Code, t => t.Actual, StringComparer.Ordinal);
        return new StudioProgressDto(programme.TargetYear, programme.Document,
            [.. programme.Targets.Select(t => t.Code == "studios"
                ? new StudioTargetProgressDto(t.Code, t.Name, t.Value, t.Comparison, t.Unit, recognized, "已认定且未撤销的工作室")
                : counted.TryGetValue(t.Code, out var actual)
                    ? new StudioTargetProgressDto(t.Code, t.Name, t.Value, t.Comparison, t.Unit, actual, "带培工作室培训记录（结果为优秀、合格）")
                    : new StudioTargetProgressDto(t.Code, t.Name, t.Value, t.Comparison, t.Unit, null, "平台无对应记录"))],
            underReview);
    }
}

public sealed record StudioExpertDto(Guid UserId, string Name, string? Organization);

/// <summary>The expert accounts the province may assign (the domain refuses those of the applicant enterprise).</summary>
public sealed record ListStudioExperts : IQuery<IReadOnlyList<StudioExpertDto>>;

public sealed class ListStudioExpertsHandler(IMarketplaceDbContext db, AccreditationAccess access) : IQueryHandler<ListStudioExperts, IReadOnlyList<StudioExpertDto>>
{
    public async ValueTask<IReadOnlyList<StudioExpertDto>> Handle(ListStudioExperts query, CancellationToken cancellationToken)
    {
        await access.ProvinceAsync(cancellationToken);
        return await (
                from u in db.UserAccounts
                where db.UserIdsInRole(Roles.Expert).Contains(u.Id)
                join o in db.Organizations on u.OrganizationId equals o.Id into orgs
                from o in orgs.DefaultIfEmpty()
                orderby u.DisplayName
                select new StudioExpertDto(u.Id, u.DisplayName, o == null ? null : o.Name))
            .Take(200)
            .ToListAsync(cancellationToken);
    }
}
