using FluentValidation;
using Marketplace.Application.Common;
using Marketplace.Domain.Accreditation;
using Marketplace.Domain.Common;
using Marketplace.Domain.Identity;
using Marketplace.Domain.Notifications;
using Marketplace.Domain.Organizations;
using Mediator;
using Microsoft.EntityFrameworkCore;

namespace Marketplace.Application.Accreditation;

/// <summary>
/// Accreditation:Lifecycle:* — the recognized centers' calendar: the day of the following year a calendar year's report is
/// due ("MM-dd"), how many days ahead an item counts as due soon, and how often the platform looks.
/// </summary>
public sealed class CenterLifecycleOptions
{
    public const string Section = "Accreditation:Lifecycle";

    public string AnnualReportDue { get; set; } = "01-31";

    public int DueSoonDays { get; set; } = 30;

    public int SweepSeconds { get; set; } = 3600;

    public AnnualReportSchedule Schedule => AnnualReportSchedule.Parse(AnnualReportDue) ?? AnnualReportSchedule.Default;

    public static bool IsValid(CenterLifecycleOptions options) =>
        options is not null && AnnualReportSchedule.Parse(options.AnnualReportDue) is not null
        && options.DueSoonDays is >= 1 and <= 365 && options.SweepSeconds is >= 1 and <= 86_400;
}

public sealed record CenterSummaryDto(
    Guid Id, string Name, string RegionCode, string DocumentNumber, DateOnly RecognizedOn, string Stage, string StageName,
    DateOnly? NextDueOn, string? NextDueLabel, bool FlaggedForRevocation, IReadOnlyList<int> FlaggedYears, DateOnly? RevokedOn);

public sealed record TimelineStepDto(string Key, string Title, DateOnly? From, DateOnly? To, string State, string? Note);

public sealed record EvaluationDto(string Period, string PeriodName, DateOnly DueOn, bool Passed, string Opinion, DateOnly EvaluatedOn, string? EvaluatedBy);

public sealed record AnnualReportDto(
    int Year, DateOnly DueOn, string State, string StateName, string? Summary, string? FileName, DateTimeOffset? FiledAt, DateTimeOffset? ReceivedAt);

public sealed record ObligationDto(string Kind, string Label, DateOnly DueOn, string State, string StateName, int? Year, string? Period, bool Filed);

public sealed record CenterDto(
    Guid Id, Guid OrganizationId, string Name, string RegionCode, Guid ApplicationId, string DocumentNumber, DateOnly RecognizedOn,
    string Stage, string StageName, DateOnly CultivationEndsOn, DateOnly? RectificationEndsOn, string? PendingEvaluation, DateOnly? PendingEvaluationDueOn,
    bool FlaggedForRevocation, IReadOnlyList<int> FlaggedYears, IReadOnlyList<int> MissingReportYears, DateOnly? RevokedOn, string? RevocationReason,
    IReadOnlyList<TimelineStepDto> Timeline, IReadOnlyList<EvaluationDto> Evaluations, IReadOnlyList<AnnualReportDto> Reports,
    IReadOnlyList<ObligationDto> Obligations, IReadOnlyList<AuditLineDto> Audit, bool CanDecide, bool CanFile, uint Version,
    IReadOnlyList<EvaluationSelfAssessmentDto> SelfAssessments);

public sealed record SelfAssessmentLineDto(string Code, string Name, decimal MaxPoints, decimal Points, string? Note);

/// <summary>The 自评 the center sent with an evaluation: which one, the year of records it rests on, each indicator's mark.</summary>
public sealed record EvaluationSelfAssessmentDto(
    string Period, string PeriodName, int Year, decimal Total, decimal MaxTotal, DateTimeOffset AttachedAt, string? AttachedBy, IReadOnlyList<SelfAssessmentLineDto> Lines);

public sealed record DueItemDto(Guid CenterId, string CenterName, string Label, DateOnly DueOn, string State, string StateName);

public sealed record DecisionDto(Guid CenterId, string CenterName, DateTimeOffset At, string? ActorName, string Party, string Action, string? Reason);

public sealed record StageCountDto(string Stage, string StageName, int Count);

public sealed record LifecycleDashboardDto(
    DateOnly Today, int Total, IReadOnlyList<StageCountDto> ByStage, IReadOnlyList<DueItemDto> DueSoon, IReadOnlyList<DueItemDto> Overdue,
    IReadOnlyList<CenterSummaryDto> Flagged, IReadOnlyList<DecisionDto> RecentDecisions, IReadOnlyList<CenterSummaryDto> Centers);

/// <summary>Who may see a center: the province every one, a city bureau those of its region, the center's organization its own.</summary>
public static class CenterAccess
{
    public static bool CanSee(this AccreditationCaller caller, AccreditedCenter center)
    {
        ArgumentNullException.ThrowIfNull(caller);
        ArgumentNullException.ThrowIfNull(center);
        return caller.IsProvince
            || caller.OrganizationId == center.OrganizationId
            || (caller.IsCity && caller.BureauRegion is { } region && RegionMatch.Within(center.RegionCode, region));
    }

    public static AccreditationActor ActorFor(this AccreditationCaller caller, AccreditedCenter center)
    {
        ArgumentNullException.ThrowIfNull(caller);
        ArgumentNullException.ThrowIfNull(center);
        var party = caller.IsProvince ? AccreditationParty.Province
            : caller.IsCity ? AccreditationParty.CityBureau
            : caller.OrganizationId == center.OrganizationId ? AccreditationParty.Applicant
            : AccreditationParty.Public;
        return new AccreditationActor(caller.UserId, party);
    }
}

/// <summary>Reads and changes recognized centers; also the notifications their reminders and decisions raise.</summary>
public sealed class CenterDesk(IMarketplaceDbContext db, AccreditationAccess access, CenterLifecycleOptions options, RubricCatalog rubrics, TimeProvider clock)
{
    public CenterLifecycleOptions Options => options;

    public async Task<(AccreditedCenter Center, AccreditationCaller Caller)> LoadAsync(Guid id, uint? version, CancellationToken ct)
    {
        var caller = await access.CallerAsync(ct);
        var center = await db.AccreditedCenters.FirstOrDefaultAsync(c => c.Id == id, ct);
        if (center is null || !caller.CanSee(center))
        {
            throw new NotFoundException("协同创新中心", id);
        }

        if (version is { } expected && center.Version != expected)
        {
            throw new StaleVersionException();
        }

        return (center, caller);
    }

    /// <summary>One step as one transaction: load what the caller may see, check the version, act, notify, save.</summary>
    public async Task<CenterDto> RunAsync(Guid id, uint? version, Func<AccreditedCenter, AccreditationActor, DateOnly, DateTimeOffset, Task> step, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(step);
        var (center, caller) = await LoadAsync(id, version, ct);
        var now = clock.GetUtcNow();
        await step(center, caller.ActorFor(center), AccreditationClock.Today(now), now);
        await db.SaveChangesAsync(ct);
        return await ViewAsync(center, caller, ct);
    }

    public async Task<CenterDto> ViewAsync(AccreditedCenter c, AccreditationCaller caller, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(c);
        ArgumentNullException.ThrowIfNull(caller);
        var today = AccreditationClock.Today(clock.GetUtcNow());
        var name = await db.Organizations.Where(o => o.Id == c.OrganizationId).Select(o => o.Name).FirstOrDefaultAsync(ct) ?? "";
        var audit = await CenterViews.AuditAsync(db, c.Audit, ct);
        var evaluatorIds = c.Evaluations.Select(e => e.ByUserId).Concat(c.SelfAssessments.Select(a => a.ByUserId)).OfType<Guid>().Distinct().ToList();
        var evaluators = await db.UserAccounts.Where(u => evaluatorIds.Contains(u.Id)).ToDictionaryAsync(u => u.Id, u => u.DisplayName, ct);
        var obligations = c.Obligations(today, options.Schedule, options.DueSoonDays);
        return new CenterDto(
            c.Id, c.OrganizationId, name, c.RegionCode, c.ApplicationId, c.DocumentNumber, c.RecognizedOn,
            c.Stage.ToString(), AccreditedCenter.StageName(c.Stage), c.CultivationEndsOn, c.RectificationEndsOn,
            c.PendingEvaluation?.Period.ToString(), c.PendingEvaluation?.DueOn,
            c.FlaggedForRevocation, c.FlaggedYears, c.IsRevoked ? [] : c.MissingReportYears(today, options.Schedule), c.RevokedOn, c.RevocationReason,
            CenterViews.Timeline(c, today),
            [.. c.Evaluations.Select(e => new EvaluationDto(e.Period.ToString(), AccreditedCenter.PeriodName(e.Period), e.DueOn, e.Passed, e.Opinion, e.EvaluatedOn,
                e.ByUserId is { } by ? evaluators.GetValueOrDefault(by) : null))],
            CenterViews.Reports(c, today, options),
            [.. obligations.Select(CenterViews.Obligation)],
            audit, caller.IsProvince && !c.IsRevoked, caller.OrganizationId == c.OrganizationId && !c.IsRevoked, c.Version,
            [.. c.SelfAssessments.Select(a =>
            {
                var rubric = rubrics.Get(a.RubricVersion);
                return new EvaluationSelfAssessmentDto(a.Period.ToString(), AccreditedCenter.PeriodName(a.Period), a.Year, a.Total, rubric.BaseTotal, a.AttachedAt,
                    a.ByUserId is { } by ? evaluators.GetValueOrDefault(by) : null,
                    [.. a.Marks.Select(m => (Mark: m, Indicator: rubric.Indicator(m.IndicatorCode)))
                        .Select(x => new SelfAssessmentLineDto(x.Indicator.Code, x.Indicator.Name, x.Indicator.MaxPoints, x.Mark.Points, x.Mark.Note))]);
            })]);
    }

    public async Task<IReadOnlyList<CenterSummaryDto>> SummariesAsync(IReadOnlyList<AccreditedCenter> centers, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(centers);
        var today = AccreditationClock.Today(clock.GetUtcNow());
        var orgIds = centers.Select(c => c.OrganizationId).Distinct().ToList();
        var names = await db.Organizations.Where(o => orgIds.Contains(o.Id)).ToDictionaryAsync(o => o.Id, o => o.Name, ct);
        return [.. centers.Select(c =>
        {
            var next = c.Obligations(today, options.Schedule, options.DueSoonDays) is [var first, ..] ? first : null;
            return new CenterSummaryDto(c.Id, names.GetValueOrDefault(c.OrganizationId) ?? "", c.RegionCode, c.DocumentNumber, c.RecognizedOn,
                c.Stage.ToString(), AccreditedCenter.StageName(c.Stage), next?.DueOn, next?.Label, c.FlaggedForRevocation, c.FlaggedYears, c.RevokedOn);
        }).OrderBy(s => s.Name, StringComparer.Ordinal)];
    }

    /// <summary>
    /// Tells the center's accounts and the provincial authority's accounts (except the one acting), in the step's own
    /// transaction (decision 20), with a link to the center's lifecycle page.
    /// </summary>
    public async Task NotifyAsync(AccreditedCenter center, Guid? actingUserId, bool toCenter, bool toProvince, string kind, string title, string body, DateTimeOffset now, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(center);
        var recipients = new List<Guid>();
        if (toCenter)
        {
            recipients.AddRange(await db.UserAccounts.Where(u => u.OrganizationId == center.OrganizationId).Select(u => u.Id).ToListAsync(ct));
        }

        if (toProvince)
        {
            var provinces = db.Organizations.Where(o => o.Kind == OrganizationKind.GovernmentBureau && o.BureauLevel == BureauLevel.Province).Select(o => (Guid?)o.Id);
            recipients.AddRange(await db.UserAccounts
                .Where(u => provinces.Contains(u.OrganizationId) && db.UserIdsInRole(Roles.Authority).Contains(u.Id))
                .Select(u => u.Id).ToListAsync(ct));
        }

        foreach (var recipient in recipients.Distinct().Where(r => r != actingUserId))
        {
            db.Notifications.Add(Notification.Create(recipient, kind, title, body, $"/Accreditation/Centers/{center.Id}", null, now));
        }
    }
}

public static class CenterViews
{
    public static string ActionName(string action) => action switch
    {
        "evaluate_pass" => "评估合格",
        "evaluate_fail" => "评估不合格（整改）",
        "evaluate_fail_revoke" => "整改后评估不合格（撤销）",
        "file_report" => "提交年度报告",
        "refile_report" => "重新提交年度报告",
        "receive_report" => "接收年度报告",
        "flag_missing_reports" => "提请撤销（连续两年未报）",
        "lift_flag" => "解除撤销提示",
        "revoke" => "撤销认定",
        "attach_self_assessment" => "随评估报送自评",
        "reattach_self_assessment" => "重新报送评估自评",
        _ => AccreditationViews.ActionName(action),
    };

    public static string PartyName(AccreditationParty party) => party == AccreditationParty.Applicant ? "中心运营单位" : AccreditationViews.PartyName(party);

    public static string StateName(ObligationState state) => state switch
    {
        ObligationState.Upcoming => "未到期",
        ObligationState.DueSoon => "即将到期",
        ObligationState.Overdue => "已逾期",
        _ => state.ToString(),
    };

    public static async Task<IReadOnlyList<AuditLineDto>> AuditAsync(IMarketplaceDbContext db, IReadOnlyList<AccreditationAuditEntry> audit, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(audit);
        var ids = audit.Where(a => a.ActorUserId is not null).Select(a => a.ActorUserId!.Value).Distinct().ToList();
        var names = await db.UserAccounts.Where(u => ids.Contains(u.Id)).ToDictionaryAsync(u => u.Id, u => u.DisplayName, ct);
        return [.. audit.Select(a => new AuditLineDto(
            a.At, a.ActorUserId, a.ActorUserId is { } id ? names.GetValueOrDefault(id) : null, PartyName(a.Party), ActionName(a.Action),
            StageLabel(a.From), StageLabel(a.To), a.Reason))];
    }

    public static ObligationDto Obligation(CenterObligation o)
    {
        ArgumentNullException.ThrowIfNull(o);
        return new ObligationDto(o.Kind.ToString(), o.Label, o.DueOn, o.State.ToString(), StateName(o.State), o.Year, o.Period?.ToString(), o.Filed);
    }

    public static IReadOnlyList<AnnualReportDto> Reports(AccreditedCenter c, DateOnly today, CenterLifecycleOptions options)
    {
        ArgumentNullException.ThrowIfNull(c);
        ArgumentNullException.ThrowIfNull(options);
        var last = c.RevokedOn?.Year ?? today.Year;
        var rows = new List<AnnualReportDto>();
        for (var year = c.RecognizedOn.Year; year <= last; year++)
        {
            var due = options.Schedule.DueOn(year);
            var r = c.Reports.FirstOrDefault(x => x.Year == year);
            var (state, name) = r switch
            {
                { Received: true } => ("Received", "已接收"),
                not null => ("Filed", "已提交，待接收"),
                _ when due < today => ("Missing", "未提交（已逾期）"),
                _ => ("Pending", "待提交"),
            };
            rows.Add(new AnnualReportDto(year, due, state, name, r?.Summary, r?.FileName, r?.FiledAt, r?.ReceivedAt));
        }

        return rows;
    }

    /// <summary>Recognized → 培育期 → 培育期满评估 → (整改期 → 整改期满评估) → 运行 / 撤销, each with its dates and state.</summary>
    public static IReadOnlyList<TimelineStepDto> Timeline(AccreditedCenter c, DateOnly today)
    {
        ArgumentNullException.ThrowIfNull(c);
        var steps = new List<TimelineStepDto>
        {
            new("recognized", "发文认定", c.RecognizedOn, null, "done", c.DocumentNumber),
            new("cultivation", "培育期", c.RecognizedOn, c.CultivationEndsOn, c.Stage == CenterStage.Cultivation ? "current" : "done", "为期一年"),
        };
        Evaluation(CenterEvaluationPeriod.Cultivation, c.CultivationEndsOn);
        if (c.RectificationEndsOn is { } rectificationEnds)
        {
            var failed = c.Evaluations.First(e => e.Period == CenterEvaluationPeriod.Cultivation);
            steps.Add(new("rectification", "整改期", failed.EvaluatedOn, rectificationEnds, c.Stage == CenterStage.Rectification ? "current" : "done", "培育期评估不合格，给予一年整改期"));
            Evaluation(CenterEvaluationPeriod.Rectification, rectificationEnds);
        }

        if (c.Evaluations.FirstOrDefault(e => e.Passed) is { } passed)
        {
            steps.Add(new("operating", "正式认定·运行", passed.EvaluatedOn, null, c.Stage == CenterStage.Operating ? "current" : "done", "实行动态管理，每年提交年度报告"));
        }

        if (c.IsRevoked)
        {
            steps.Add(new("revoked", "撤销认定", c.RevokedOn, null, "revoked", c.RevocationReason));
        }

        return steps;

        void Evaluation(CenterEvaluationPeriod period, DateOnly due)
        {
            var done = c.Evaluations.FirstOrDefault(e => e.Period == period);
            if (done is not null)
            {
                steps.Add(new(period == CenterEvaluationPeriod.Cultivation ? "evaluation" : "re-evaluation", AccreditedCenter.PeriodName(period), due, done.EvaluatedOn,
                    done.Passed ? "passed" : "failed", (done.Passed ? "合格：" : "不合格：") + done.Opinion));
            }
            else if (!c.IsRevoked)
            {
                steps.Add(new(period == CenterEvaluationPeriod.Cultivation ? "evaluation" : "re-evaluation", AccreditedCenter.PeriodName(period), due, null,
                    today > due ? "overdue" : today == due ? "due" : "upcoming", $"应于 {due:yyyy-MM-dd} 期满后评估"));
            }
        }
    }

    private static string StageLabel(string stage) => Enum.TryParse<CenterStage>(stage, out var s) ? AccreditedCenter.StageName(s) : stage;
}

/// <summary>Recognized centers the caller may see: the province all, a city bureau its region's, a center its own.</summary>
public sealed record ListCenters(CenterStage? Stage = null, bool? Flagged = null) : IQuery<IReadOnlyList<CenterSummaryDto>>;

public sealed class ListCentersHandler(IMarketplaceDbContext db, AccreditationAccess access, CenterDesk desk) : IQueryHandler<ListCenters, IReadOnlyList<CenterSummaryDto>>
{
    public async ValueTask<IReadOnlyList<CenterSummaryDto>> Handle(ListCenters query, CancellationToken cancellationToken)
    {
        var caller = await access.CallerAsync(cancellationToken);
        IQueryable<AccreditedCenter> centers = db.AccreditedCenters.AsNoTracking();
        if (!caller.IsProvince)
        {
            if (caller.IsCity && caller.BureauRegion is { } region)
            {
                var prefix = region.TrimEnd('0');
                centers = centers.Where(c => c.RegionCode.StartsWith(prefix) || c.OrganizationId == caller.OrganizationId);
            }
            else
            {
                centers = centers.Where(c => c.OrganizationId == caller.OrganizationId);
            }
        }

        if (query.Stage is { } stage)
        {
            centers = centers.Where(c => c.Stage == stage);
        }

        if (query.Flagged is { } flagged)
        {
            centers = centers.Where(c => c.FlaggedForRevocation == flagged);
        }

        var list = (await centers.ToListAsync(cancellationToken)).Where(caller.CanSee).ToList();
        return await desk.SummariesAsync(list, cancellationToken);
    }
}

/// <summary>The lifecycle view of one center: timeline, evaluations, reports per year, what is owed, flags, audit trail.</summary>
public sealed record GetCenter(Guid Id) : IQuery<CenterDto>;

public sealed class GetCenterHandler(CenterDesk desk) : IQueryHandler<GetCenter, CenterDto>
{
    public async ValueTask<CenterDto> Handle(GetCenter query, CancellationToken cancellationToken)
    {
        var (center, caller) = await desk.LoadAsync(query.Id, null, cancellationToken);
        return await desk.ViewAsync(center, caller, cancellationToken);
    }
}

/// <summary>The center the caller's organization runs (its latest), if any: where an operator's "my center" link leads.</summary>
public sealed record GetMyCenterId : IQuery<Guid?>;

public sealed class GetMyCenterIdHandler(IMarketplaceDbContext db, AccreditationAccess access) : IQueryHandler<GetMyCenterId, Guid?>
{
    public async ValueTask<Guid?> Handle(GetMyCenterId query, CancellationToken cancellationToken)
    {
        var caller = await access.CallerAsync(cancellationToken);
        return caller.OrganizationId is not { } org
            ? null
            : await db.AccreditedCenters.Where(c => c.OrganizationId == org).OrderByDescending(c => c.RecognizedOn).Select(c => (Guid?)c.Id).FirstOrDefaultAsync(cancellationToken);
    }
}

/// <summary>评估 by the province of the period it names: pass, or fail (rectification, or revocation after it).</summary>
public sealed record EvaluateCenter(Guid Id, CenterEvaluationPeriod Period, bool Passed, string Opinion, uint? Version) : ICommand<CenterDto>;

public sealed class EvaluateCenterValidator : AbstractValidator<EvaluateCenter>
{
    public EvaluateCenterValidator()
    {
        RuleFor(x => x.Period).IsInEnum().WithName("评估期");
        RuleFor(x => x.Opinion).NotEmpty().MaximumLength(AccreditedCenter.OpinionMaxLength).WithName("评估意见");
    }
}

public sealed class EvaluateCenterHandler(CenterDesk desk) : ICommandHandler<EvaluateCenter, CenterDto>
{
    public async ValueTask<CenterDto> Handle(EvaluateCenter command, CancellationToken cancellationToken) =>
        await desk.RunAsync(command.Id, command.Version, async (c, actor, today, now) =>
        {
            c.Evaluate(actor, command.Period, command.Passed, command.Opinion, today, now);
            var (kind, title, body) = c.Stage switch
            {
                CenterStage.Operating => ("accreditation.center_passed", "评估合格", $"{AccreditedCenter.PeriodName(command.Period)}合格，中心进入正式运行，请每年按时提交年度建设运行情况报告。"),
                CenterStage.Rectification => ("accreditation.center_rectification", "评估不合格，进入整改期", $"{AccreditedCenter.PeriodName(command.Period)}不合格：{command.Opinion}。请于 {c.RectificationEndsOn:yyyy-MM-dd} 前完成整改。"),
                _ => ("accreditation.center_revoked", "撤销认定", $"整改后评估仍不合格，认定已撤销：{command.Opinion}"),
            };
            await desk.NotifyAsync(c, actor.UserId, toCenter: true, toProvince: false, kind, title, body, now, cancellationToken);
        }, cancellationToken);
}

/// <summary>An attachment as the API received it; typed and size-checked by <see cref="Marketplace.Domain.Engineers.EvidenceFile"/>.</summary>
public sealed record ReportFileUpload(string? FileName, byte[] Content);

/// <summary>
/// 提交年度建设运行情况报告 by the center: a calendar year, a summary, an optional file. A clean command on purpose: the
/// annual-report generator (issue 7 item 5) fills the summary from platform records and sends this.
/// </summary>
public sealed record FileAnnualReport(Guid Id, int Year, string Summary, ReportFileUpload? File, uint? Version) : ICommand<CenterDto>;

public sealed class FileAnnualReportValidator : AbstractValidator<FileAnnualReport>
{
    public FileAnnualReportValidator()
    {
        RuleFor(x => x.Year).InclusiveBetween(2000, 2100).WithName("报告年度");
        RuleFor(x => x.Summary).NotEmpty().MaximumLength(AccreditedCenter.SummaryMaxLength).WithName("报告摘要");
    }
}

public sealed class FileAnnualReportHandler(CenterDesk desk, IMarketplaceDbContext db) : ICommandHandler<FileAnnualReport, CenterDto>
{
    public async ValueTask<CenterDto> Handle(FileAnnualReport command, CancellationToken cancellationToken) =>
        await desk.RunAsync(command.Id, command.Version, async (c, actor, today, now) =>
        {
            var file = command.File is { } upload ? Marketplace.Domain.Engineers.EvidenceFile.Create(upload.FileName, upload.Content) : null;
            var fileId = file is null ? (Guid?)null : Guid.NewGuid();
            c.FileAnnualReport(actor, command.Year, command.Summary, fileId, file?.FileName, today, now);
            if (file is not null)
            {
                db.AnnualReportFiles.Add(AnnualReportFile.Create(fileId!.Value, c.Id, command.Year, actor.UserId, file, now));
            }

            await desk.NotifyAsync(c, actor.UserId, toCenter: false, toProvince: true, "accreditation.report_filed", "收到年度报告",
                $"协同创新中心（{c.DocumentNumber}）提交了{command.Year}年度建设运行情况报告，请查收。", now, cancellationToken);
        }, cancellationToken);
}

/// <summary>接收年度报告 by the province.</summary>
public sealed record MarkReportReceived(Guid Id, int Year, uint? Version) : ICommand<CenterDto>;

public sealed class MarkReportReceivedHandler(CenterDesk desk) : ICommandHandler<MarkReportReceived, CenterDto>
{
    public async ValueTask<CenterDto> Handle(MarkReportReceived command, CancellationToken cancellationToken) =>
        await desk.RunAsync(command.Id, command.Version, async (c, actor, today, now) =>
        {
            c.MarkReportReceived(actor, command.Year, today, desk.Options.Schedule, now);
            await desk.NotifyAsync(c, actor.UserId, toCenter: true, toProvince: false, "accreditation.report_received", "年度报告已接收",
                $"省级主管部门已接收你中心的{command.Year}年度建设运行情况报告。", now, cancellationToken);
        }, cancellationToken);
}

/// <summary>撤销认定 by the province; the reason is required (400 before anything is read or written without it).</summary>
public sealed record RevokeCenter(Guid Id, string Reason, uint? Version) : ICommand<CenterDto>;

public sealed class RevokeCenterValidator : AbstractValidator<RevokeCenter>
{
    public RevokeCenterValidator() =>
        RuleFor(x => x.Reason).NotEmpty().WithMessage("撤销认定须写明理由。").MaximumLength(AccreditedCenter.ReasonMaxLength).WithName("撤销理由");
}

public sealed class RevokeCenterHandler(CenterDesk desk) : ICommandHandler<RevokeCenter, CenterDto>
{
    public async ValueTask<CenterDto> Handle(RevokeCenter command, CancellationToken cancellationToken) =>
        await desk.RunAsync(command.Id, command.Version, async (c, actor, today, now) =>
        {
            c.Revoke(actor, command.Reason, today, now);
            await desk.NotifyAsync(c, actor.UserId, toCenter: true, toProvince: false, "accreditation.center_revoked", "撤销认定",
                $"你单位的工程师协同创新中心认定（{c.DocumentNumber}）已被撤销：{command.Reason}", now, cancellationToken);
        }, cancellationToken);
}

/// <summary>A report attachment, for the center and the authorities that may see the center.</summary>
public sealed record GetReportFile(Guid Id, int Year) : IQuery<AnnualReportFile>;

public sealed class GetReportFileHandler(CenterDesk desk, IMarketplaceDbContext db) : IQueryHandler<GetReportFile, AnnualReportFile>
{
    public async ValueTask<AnnualReportFile> Handle(GetReportFile query, CancellationToken cancellationToken)
    {
        var (center, _) = await desk.LoadAsync(query.Id, null, cancellationToken);
        var fileId = center.Reports.FirstOrDefault(r => r.Year == query.Year)?.FileId;
        return (fileId is null ? null : await db.AnnualReportFiles.AsNoTracking().FirstOrDefaultAsync(f => f.Id == fileId && f.CenterId == center.Id, cancellationToken))
            ?? throw new NotFoundException("年度报告附件", query.Id);
    }
}

/// <summary>The authority's dashboard: centers by stage, due-soon and overdue items, flagged centers, recent decisions.</summary>
public sealed record GetLifecycleDashboard : IQuery<LifecycleDashboardDto>;

public sealed class GetLifecycleDashboardHandler(IMarketplaceDbContext db, AccreditationAccess access, CenterDesk desk, TimeProvider clock)
    : IQueryHandler<GetLifecycleDashboard, LifecycleDashboardDto>
{
    public const int RecentDecisions = 15;

    public async ValueTask<LifecycleDashboardDto> Handle(GetLifecycleDashboard query, CancellationToken cancellationToken)
    {
        var caller = await access.AuthorityAsync(cancellationToken);
        var today = AccreditationClock.Today(clock.GetUtcNow());
        var centers = (await db.AccreditedCenters.AsNoTracking().ToListAsync(cancellationToken)).Where(caller.CanSee).ToList();
        var summaries = await desk.SummariesAsync(centers, cancellationToken);
        var names = summaries.ToDictionary(s => s.Id, s => s.Name);
        var options = desk.Options;

        var items = centers
            .SelectMany(c => c.Obligations(today, options.Schedule, options.DueSoonDays).Select(o => new DueItemDto(
                c.Id, names[c.Id], o.Label + (o.Filed ? "（已提交，待接收）" : ""), o.DueOn, o.State.ToString(), CenterViews.StateName(o.State))))
            .ToList();

        var decisions = centers
            .SelectMany(c => c.Audit.Where(a => a.Action is not ("recognize" or "file_report" or "refile_report" or "attach_self_assessment" or "reattach_self_assessment")).Select(a => (Center: c, Entry: a)))
            .OrderByDescending(x => x.Entry.At)
            .Take(RecentDecisions)
            .ToList();
        var actorIds = decisions.Where(d => d.Entry.ActorUserId is not null).Select(d => d.Entry.ActorUserId!.Value).Distinct().ToList();
        var actors = await db.UserAccounts.Where(u => actorIds.Contains(u.Id)).ToDictionaryAsync(u => u.Id, u => u.DisplayName, cancellationToken);

        return new LifecycleDashboardDto(
            today,
            centers.Count,
            [.. Enum.GetValues<CenterStage>().Select(s => new StageCountDto(s.ToString(), AccreditedCenter.StageName(s), centers.Count(c => c.Stage == s)))],
            [.. items.Where(i => i.State == nameof(ObligationState.DueSoon)).OrderBy(i => i.DueOn)],
            [.. items.Where(i => i.State == nameof(ObligationState.Overdue)).OrderBy(i => i.DueOn)],
            [.. summaries.Where(s => s.FlaggedForRevocation)],
            [.. decisions.Select(d => new DecisionDto(d.Center.Id, names[d.Center.Id], d.Entry.At,
                d.Entry.ActorUserId is { } id ? actors.GetValueOrDefault(id) : null, CenterViews.PartyName(d.Entry.Party), CenterViews.ActionName(d.Entry.Action), d.Entry.Reason))],
            summaries);
    }
}
