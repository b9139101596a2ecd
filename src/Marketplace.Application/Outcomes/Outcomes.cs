using FluentValidation;
using Marketplace.Application.Accreditation;
using Marketplace.Application.Common;
using Marketplace.Domain.Accreditation;
using Marketplace.Domain.Common;
using Marketplace.Domain.Outcomes;
using Mediator;
using Microsoft.EntityFrameworkCore;

namespace Marketplace.Application.Outcomes;

public sealed record FigureDto(string Key, string Section, string Label, string Unit, decimal Value, decimal LastYear, decimal? Target, int Records);

public sealed record ChartPointDto(string Label, decimal Value, decimal? Compare = null);

public sealed record SuggestedScoreDto(string Code, string Name, decimal MaxPoints, decimal Suggested, decimal? Entered, string Reason, IReadOnlyList<string> EvidenceFigures);

public sealed record OutcomeDashboardDto(
    Guid CenterId, string CenterName, string DocumentNumber, string RegionCode, int Year, IReadOnlyList<FigureDto> Figures,
    IReadOnlyList<ChartPointDto> Funnel, IReadOnlyList<ChartPointDto> ByCluster, IReadOnlyList<ChartPointDto> ByCity, IReadOnlyList<ChartPointDto> MonthlyTrend,
    IReadOnlyDictionary<string, string> Narratives, IReadOnlyList<SuggestedScoreDto> SelfAssessment, string ReportState, bool CanEdit, bool CanReceive, uint? Version,
    EvaluationAttachmentDto? Evaluation);

/// <summary>
/// The evaluation the center waits for and the self-assessment sent with it (if any): what the operator would send now
/// lacks the indicators in <see cref="Missing"/>; <see cref="CenterVersion"/> is the center's version to send it at.
/// </summary>
public sealed record EvaluationAttachmentDto(
    string Period, string PeriodName, DateOnly DueOn, int? AttachedYear, decimal? AttachedTotal, DateTimeOffset? AttachedAt, IReadOnlyList<string> Missing,
    bool CanAttach, uint CenterVersion);

public sealed record FigureRecordsDto(Guid CenterId, int Year, FigureDto Figure, IReadOnlyList<OutcomeRecordDto> Records);

/// <summary>What the report writers need: the dashboard, every figure with its records, and the charts as PNG.</summary>
public sealed record AnnualReportContent(OutcomeDashboardDto Dashboard, IReadOnlyList<FigureRecordsDto> Records, IReadOnlyList<ReportChart> Charts, DateOnly GeneratedOn);

public sealed record ReportChart(string Key, string Title, byte[] Png);

public sealed record ReportDocument(string FileName, string ContentType, byte[] Content);

/// <summary>Draws the dashboard's charts (trend, breakdowns, funnel) as PNG with a CJK font; the same images go into the .docx.</summary>
public interface IOutcomeCharts
{
    byte[] Render(string key, OutcomeDashboardDto dashboard);

    IReadOnlyList<(string Key, string Title)> Available { get; }
}

/// <summary>Writes the annual report as .docx and its appendix as .xlsx (Infrastructure, OpenXML).</summary>
public interface IAnnualReportWriter
{
    byte[] WriteDocx(AnnualReportContent content);

    byte[] WriteXlsx(AnnualReportContent content);
}

/// <summary>Loads a center the caller may see (404 otherwise) and computes its sheets; the one place access is decided.</summary>
public sealed class OutcomeDesk(IMarketplaceDbContext db, AccreditationAccess access, OutcomeCalculator calculator, RubricCatalog rubrics, IOutcomeCharts charts, TimeProvider clock)
{
    public static readonly string[] FunnelKeys =
        ["services.challenges.posted", "services.challenges.published", "services.challenges.awarded", "services.challenges.verified", "services.challenges.settled"];

    public TimeProvider Clock => clock;

    public async Task<(AccreditedCenter Center, AccreditationCaller Caller)> CenterAsync(Guid centerId, CancellationToken ct)
    {
        var caller = await access.CallerAsync(ct);
        var center = await db.AccreditedCenters.FirstOrDefaultAsync(c => c.Id == centerId, ct);
        return center is null || !caller.CanSee(center) ? throw new NotFoundException("协同创新中心", centerId) : (center, caller);
    }

    public static void RequireYear(int year)
    {
        if (year is < 2000 or > 2100)
        {
            throw new DomainException("年度无效", $"年度须在 2000–2100 之间，收到 {year}。", "year_invalid");
        }
    }

    public async Task<(OutcomeDashboardDto Dashboard, OutcomeSheet Sheet)> DashboardAsync(Guid centerId, int year, CancellationToken ct)
    {
        RequireYear(year);
        var (center, caller) = await CenterAsync(centerId, ct);
        var sheet = await calculator.ComputeAsync(center.Id, center.OrganizationId, year, ct);
        var last = await calculator.ComputeAsync(center.Id, center.OrganizationId, year - 1, ct);
        var plan = await db.CenterReportYears.AsNoTracking().FirstOrDefaultAsync(y => y.CenterId == center.Id && y.Year == year, ct);
        var name = await db.Organizations.Where(o => o.Id == center.OrganizationId).Select(o => o.Name).FirstAsync(ct);
        var lastValues = last.Values;
        var figures = sheet.Figures.Select(f => new FigureDto(f.Key, f.Section, f.Label, f.Unit, f.Value, lastValues.GetValueOrDefault(f.Key),
            plan?.Targets.TryGetValue(f.Key, out var t) == true ? t : null, f.Records.Count)).ToList();

        var published = sheet["services.challenges.published"].Records;
        var lastPublished = last["services.challenges.published"].Records;
        var months = Enumerable.Range(1, 12).Select(m => new ChartPointDto($"{m}月",
            published.Count(r => r.Date.Month == m) + sheet["services.consultations"].Records.Count(r => r.Date.Month == m),
            lastPublished.Count(r => r.Date.Month == m) + last["services.consultations"].Records.Count(r => r.Date.Month == m))).ToList();
        var report = center.Reports.FirstOrDefault(r => r.Year == year);
        var state = report is null ? (plan?.SubmittedAt is null ? "draft" : "submitted") : report.Received ? "received" : "filed";
        var selfAssessment = SelfAssessmentSources.Scores(rubrics.Current, sheet.Values, plan?.SelfAssessment);
        var isOperator = caller.OrganizationId == center.OrganizationId && !center.IsRevoked;
        EvaluationAttachmentDto? evaluation = null;
        if (center.PendingEvaluation is { } pending)
        {
            var attached = center.SelfAssessments.FirstOrDefault(a => a.Period == pending.Period);
            var missing = selfAssessment.Where(a => SelfAssessmentSources.Mark(a, year) is null).Select(a => $"{a.Code} {a.Name}").ToList();
            evaluation = new EvaluationAttachmentDto(pending.Period.ToString(), AccreditedCenter.PeriodName(pending.Period), pending.DueOn,
                attached?.Year, attached?.Total, attached?.AttachedAt, missing, isOperator && missing.Count == 0, center.Version);
        }

        var dashboard = new OutcomeDashboardDto(
            center.Id, name, center.DocumentNumber, center.RegionCode, year, figures,
            [.. FunnelKeys.Select(k => new ChartPointDto(sheet[k].Label, sheet[k].Value, last[k].Value))],
            Group(published, r => r.Cluster), Group(published, r => r.City), months,
            plan?.Narratives ?? new Dictionary<string, string>(), selfAssessment, state,
            isOperator && state is "draft" or "submitted" or "filed",
            caller.IsProvince && report is { Received: false }, plan?.Version, evaluation);
        return (dashboard, sheet);
    }

    private static List<ChartPointDto> Group(IReadOnlyList<OutcomeRecordDto> records, Func<OutcomeRecordDto, string?> by) =>
        [.. records.GroupBy(r => by(r) ?? "未填").OrderByDescending(g => g.Count()).ThenBy(g => g.Key, StringComparer.Ordinal).Select(g => new ChartPointDto(g.Key, g.Count()))];

    public async Task<AnnualReportContent> ContentAsync(Guid centerId, int year, CancellationToken ct)
    {
        var (dashboard, sheet) = await DashboardAsync(centerId, year, ct);
        var byKey = dashboard.Figures.ToDictionary(f => f.Key);
        var records = sheet.Figures.Select(f => new FigureRecordsDto(centerId, year, byKey[f.Key], f.Records)).ToList();
        var images = charts.Available.Select(c => new ReportChart(c.Key, c.Title, charts.Render(c.Key, dashboard))).ToList();
        return new AnnualReportContent(dashboard, records, images, AccreditationClock.Today(clock.GetUtcNow()));
    }

    public static string FileName(OutcomeDashboardDto d, string extension) => $"{d.CenterName}{d.Year}年度建设运行情况报告{extension}";
}

// ---- queries ----------------------------------------------------------------------------------------------------------

public sealed record GetCenterOutcomes(Guid CenterId, int Year) : IQuery<OutcomeDashboardDto>;

public sealed class GetCenterOutcomesHandler(OutcomeDesk desk) : IQueryHandler<GetCenterOutcomes, OutcomeDashboardDto>
{
    public async ValueTask<OutcomeDashboardDto> Handle(GetCenterOutcomes query, CancellationToken cancellationToken) =>
        (await desk.DashboardAsync(query.CenterId, query.Year, cancellationToken)).Dashboard;
}

public sealed record GetFigureRecords(Guid CenterId, int Year, string Key) : IQuery<FigureRecordsDto>;

public sealed class GetFigureRecordsHandler(OutcomeDesk desk) : IQueryHandler<GetFigureRecords, FigureRecordsDto>
{
    public async ValueTask<FigureRecordsDto> Handle(GetFigureRecords query, CancellationToken cancellationToken)
    {
        var (dashboard, sheet) = await desk.DashboardAsync(query.CenterId, query.Year, cancellationToken);
        var figure = dashboard.Figures.FirstOrDefault(f => f.Key == query.Key) ?? throw new NotFoundException("成果指标", query.Key);
        return new FigureRecordsDto(query.CenterId, query.Year, figure, sheet[query.Key].Records);
    }
}

public sealed record GetOutcomeChart(Guid CenterId, int Year, string Chart) : IQuery<byte[]>;

public sealed class GetOutcomeChartHandler(OutcomeDesk desk, IOutcomeCharts charts) : IQueryHandler<GetOutcomeChart, byte[]>
{
    public async ValueTask<byte[]> Handle(GetOutcomeChart query, CancellationToken cancellationToken)
    {
        if (charts.Available.All(c => c.Key != query.Chart))
        {
            throw new NotFoundException("图表", query.Chart);
        }

        var (dashboard, _) = await desk.DashboardAsync(query.CenterId, query.Year, cancellationToken);
        return charts.Render(query.Chart, dashboard);
    }
}

public sealed record GenerateAnnualReport(Guid CenterId, int Year, string Format) : IQuery<ReportDocument>;

public sealed class GenerateAnnualReportHandler(OutcomeDesk desk, IAnnualReportWriter writer) : IQueryHandler<GenerateAnnualReport, ReportDocument>
{
    public async ValueTask<ReportDocument> Handle(GenerateAnnualReport query, CancellationToken cancellationToken)
    {
        var content = await desk.ContentAsync(query.CenterId, query.Year, cancellationToken);
        return query.Format switch
        {
            "docx" => new ReportDocument(OutcomeDesk.FileName(content.Dashboard, ".docx"), ReportContentTypes.Docx, writer.WriteDocx(content)),
            "xlsx" => new ReportDocument(OutcomeDesk.FileName(content.Dashboard, "附表.xlsx"), ReportContentTypes.Xlsx, writer.WriteXlsx(content)),
            _ => throw new NotFoundException("报告格式", query.Format),
        };
    }
}

public static class ReportContentTypes
{
    public const string Docx = "application/vnd.openxmlformats-officedocument.wordprocessingml.document";
    public const string Xlsx = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";
}

/// <summary>One row per center the caller may see, side by side, with the figures the province compares.</summary>
public sealed record OutcomeOverviewRowDto(Guid CenterId, string CenterName, string RegionCode, string Stage, IReadOnlyDictionary<string, decimal> Figures, string ReportState);

/// <summary>A recognized studio's year: people trained by target column against its own 附件1 targets for that cycle year.</summary>
public sealed record StudioOverviewRowDto(
    Guid StudioId, string Name, string RegionCode, string StatusName, int? CycleYear, IReadOnlyDictionary<string, int> Targets,
    IReadOnlyDictionary<string, int> Trained, int PersonTimes, int Pairs, decimal FundSpent);

public sealed record OutcomeOverviewDto(
    int Year, IReadOnlyList<string> Keys, IReadOnlyDictionary<string, string> Labels, IReadOnlyList<OutcomeOverviewRowDto> Centers, IReadOnlyList<StudioOverviewRowDto> Studios);

public sealed record GetOutcomesOverview(int Year) : IQuery<OutcomeOverviewDto>;

public sealed class GetOutcomesOverviewHandler(IMarketplaceDbContext db, AccreditationAccess access, OutcomeCalculator calculator, StudioOutcomeCalculator studioCalculator) : IQueryHandler<GetOutcomesOverview, OutcomeOverviewDto>
{
    public static readonly string[] Keys =
    [
        "talent.engineers", "talent.provincial", "services.companies", "services.challenges.published", "services.challenges.settled",
        "services.bounty.settled", "services.consultations", "services.sessions", "platform.training.persontimes", "results.standards.led", "results.ip",
    ];

    public async ValueTask<OutcomeOverviewDto> Handle(GetOutcomesOverview query, CancellationToken cancellationToken)
    {
        OutcomeDesk.RequireYear(query.Year);
        var caller = await access.CallerAsync(cancellationToken);
        var centers = (await db.AccreditedCenters.AsNoTracking().OrderBy(c => c.RecognizedOn).ToListAsync(cancellationToken)).Where(caller.CanSee).ToList();
        var orgIds = centers.Select(c => c.OrganizationId).ToList();
        var names = await db.Organizations.Where(o => orgIds.Contains(o.Id)).ToDictionaryAsync(o => o.Id, o => o.Name, cancellationToken);
        var rows = new List<OutcomeOverviewRowDto>();
        Dictionary<string, string> labels = [];
        foreach (var c in centers)
        {
            var sheet = await calculator.ComputeAsync(c.Id, c.OrganizationId, query.Year, cancellationToken);
            labels = Keys.ToDictionary(k => k, k => sheet[k].Label);
            var report = c.Reports.FirstOrDefault(r => r.Year == query.Year);
            rows.Add(new OutcomeOverviewRowDto(c.Id, names.GetValueOrDefault(c.OrganizationId, ""), c.RegionCode, AccreditedCenter.StageName(c.Stage),
                Keys.ToDictionary(k => k, k => sheet[k].Value), report is null ? "未提交" : report.Received ? "已接收" : "已提交"));
        }

        return new OutcomeOverviewDto(query.Year, Keys, labels, rows, caller.IsAuthority ? await StudiosAsync(caller, query.Year, cancellationToken) : []);
    }

    /// <summary>Studios counted by <see cref="StudioOutcomeCalculator"/>, the same sheet the studio's own page shows.</summary>
    private async Task<List<StudioOverviewRowDto>> StudiosAsync(AccreditationCaller caller, int year, CancellationToken ct)
    {
        var studios = (await db.MentoringStudios.AsNoTracking().Where(s => s.RecognizedOn != null).OrderBy(s => s.RecognizedOn).ToListAsync(ct))
            .Where(s => caller.IsProvince || (caller.BureauRegion is { } region && RegionMatch.Within(s.RegionCode, region)))
            .ToList();
        var orgIds = studios.Select(s => s.ApplicantOrganizationId).ToList();
        var names = await db.Organizations.Where(o => orgIds.Contains(o.Id)).ToDictionaryAsync(o => o.Id, o => o.Name, ct);
        var rows = new List<StudioOverviewRowDto>(studios.Count);
        foreach (var s in studios)
        {
            var sheet = await studioCalculator.ComputeAsync(s, year, ct);
            rows.Add(new StudioOverviewRowDto(s.Id, names.GetValueOrDefault(s.ApplicantOrganizationId, ""), s.RegionCode, MentoringStudio.StatusName(s.Status), sheet.CycleYear,
                StudioTargets.Columns.ToDictionary(c => c, c => (int)(sheet.TargetOf(StudioOutcomeCalculator.TraineesIn(c)) ?? 0m)),
                StudioTargets.Columns.ToDictionary(c => c, c => (int)sheet[StudioOutcomeCalculator.TraineesIn(c)].Value),
                (int)sheet[StudioOutcomeCalculator.PersonTimes].Value, (int)sheet[StudioOutcomeCalculator.Pairings].Value,
                sheet[StudioOutcomeCalculator.FundSpent].Value));
        }

        return rows;
    }
}

/// <summary>The operator's own center (null for anyone not operating one), so the pages can go straight to it.</summary>
public sealed record GetMyOutcomeCenter : IQuery<Guid?>;

public sealed class GetMyOutcomeCenterHandler(IMarketplaceDbContext db, ICurrentUser user) : IQueryHandler<GetMyOutcomeCenter, Guid?>
{
    public async ValueTask<Guid?> Handle(GetMyOutcomeCenter query, CancellationToken cancellationToken) =>
        user.OrganizationId is { } org
            ? await db.AccreditedCenters.Where(c => c.OrganizationId == org).OrderByDescending(c => c.RecognizedOn).Select(c => (Guid?)c.Id).FirstOrDefaultAsync(cancellationToken)
            : null;
}

// ---- the operator's words: targets, narrative, self-assessment; then submission ------------------------------------------

public sealed record SaveReportYear(
    Guid CenterId, int Year, IReadOnlyDictionary<string, decimal>? Targets, IReadOnlyDictionary<string, string>? Narratives,
    IReadOnlyDictionary<string, decimal>? SelfAssessment, uint? Version) : ICommand<OutcomeDashboardDto>;

public sealed class SaveReportYearValidator : AbstractValidator<SaveReportYear>
{
    public SaveReportYearValidator() => RuleFor(x => x.Year).InclusiveBetween(2000, 2100).WithName("年度");
}

public sealed class SaveReportYearHandler(IMarketplaceDbContext db, OutcomeDesk desk, OutcomeCalculator calculator, RubricCatalog rubrics)
    : ICommandHandler<SaveReportYear, OutcomeDashboardDto>
{
    public async ValueTask<OutcomeDashboardDto> Handle(SaveReportYear command, CancellationToken cancellationToken)
    {
        var (center, caller) = await desk.CenterAsync(command.CenterId, cancellationToken);
        ReportYearRules.RequireOperator(caller, center);
        var now = desk.Clock.GetUtcNow();
        var plan = await ReportYearRules.LoadOrStartAsync(db, center, command.Year, command.Version, now, cancellationToken);
        if (command.Targets is { } targets)
        {
            var keys = (await calculator.ComputeAsync(center.Id, center.OrganizationId, command.Year, cancellationToken)).Figures.Select(f => f.Key).ToHashSet();
            plan.SetTargets(targets, keys, now);
        }

        if (command.Narratives is { } narratives)
        {
            plan.WriteNarratives(narratives, now);
        }

        if (command.SelfAssessment is { } points)
        {
            var rubric = rubrics.Current;
            plan.AssessSelf(points, code => rubric.Indicator(code).MaxPoints, now);
        }

        await db.SaveChangesAsync(cancellationToken);
        return (await desk.DashboardAsync(center.Id, command.Year, cancellationToken)).Dashboard;
    }
}

internal static class ReportYearRules
{
    public static void RequireOperator(AccreditationCaller caller, AccreditedCenter center)
    {
        if (caller.OrganizationId != center.OrganizationId)
        {
            throw new DomainForbiddenException("没有权限", "只有中心运营单位可以编写年度报告。", "forbidden_party");
        }
    }

    public static async Task<CenterReportYear> LoadOrStartAsync(IMarketplaceDbContext db, AccreditedCenter center, int year, uint? version, DateTimeOffset now, CancellationToken ct)
    {
        var plan = await db.CenterReportYears.FirstOrDefaultAsync(y => y.CenterId == center.Id && y.Year == year, ct);
        if (plan is null)
        {
            plan = CenterReportYear.Start(Guid.NewGuid(), center.Id, year, now);
            db.CenterReportYears.Add(plan);
        }
        else if (version is { } v && plan.Version != v)
        {
            throw new StaleVersionException();
        }

        return plan;
    }
}

/// <summary>
/// 提交年度报告: generates the .docx from the records as they are now, stores it as the report's file and files it with the
/// accreditation lifecycle (<see cref="AccreditedCenter.FileAnnualReport"/>), whose receipt by the province then satisfies
/// the yearly obligation. The summary the lifecycle keeps is the key figures in one paragraph.
/// </summary>
public sealed record SubmitAnnualReport(Guid CenterId, int Year) : ICommand<OutcomeDashboardDto>;

public sealed class SubmitAnnualReportHandler(IMarketplaceDbContext db, OutcomeDesk desk, IAnnualReportWriter writer, CenterDesk centers)
    : ICommandHandler<SubmitAnnualReport, OutcomeDashboardDto>
{
    public async ValueTask<OutcomeDashboardDto> Handle(SubmitAnnualReport command, CancellationToken cancellationToken)
    {
        var (center, caller) = await desk.CenterAsync(command.CenterId, cancellationToken);
        ReportYearRules.RequireOperator(caller, center);
        var now = desk.Clock.GetUtcNow();
        var plan = await ReportYearRules.LoadOrStartAsync(db, center, command.Year, null, now, cancellationToken);
        plan.MarkSubmitted(now);
        var content = await desk.ContentAsync(center.Id, command.Year, cancellationToken);
        var docx = writer.WriteDocx(content);
        var fileId = Guid.NewGuid();
        var fileName = OutcomeDesk.FileName(content.Dashboard, ".docx");
        var f = content.Dashboard.Figures.ToDictionary(x => x.Key, x => x.Value);
        var summary = $"{command.Year}年度：集聚服务工程师 {f["talent.engineers"]:0} 人（省级以上卓越工程师 {f["talent.provincial"]:0} 人），服务企业 {f["services.companies"]:0} 家，" +
            $"发布榜单 {f["services.challenges.published"]:0} 项、结算 {f["services.challenges.settled"]:0} 项（悬赏 {f["services.bounty.settled"]:N2} 元），" +
            $"在线问诊 {f["services.consultations"]:0} 次，撮合 {f["services.sessions"]:0} 场，培训 {f["platform.training.persontimes"]:0} 人次，" +
            $"牵头标准 {f["results.standards.led"]:0} 项，知识产权 {f["results.ip"]:0} 项。全文见平台生成的年度报告。";
        var actor = caller.ActorFor(center);
        center.FileAnnualReport(actor, command.Year, summary, fileId, fileName, AccreditationClock.Today(now), now);
        db.AnnualReportFiles.Add(AnnualReportFile.Generated(fileId, center.Id, command.Year, actor.UserId, fileName, ReportContentTypes.Docx, docx, now));
        await centers.NotifyAsync(center, actor.UserId, toCenter: false, toProvince: true, "accreditation.report_filed", "收到年度报告",
            $"{content.Dashboard.CenterName}提交了{command.Year}年度建设运行情况报告，请查收。", now, cancellationToken);
        await db.SaveChangesAsync(cancellationToken);
        return (await desk.DashboardAsync(center.Id, command.Year, cancellationToken)).Dashboard;
    }
}
