using Marketplace.Application.Accreditation;
using Marketplace.Application.Common;
using Marketplace.Domain.Accreditation;
using Marketplace.Domain.Common;
using Marketplace.Domain.Outcomes;
using Marketplace.Domain.Training;
using Mediator;
using Microsoft.EntityFrameworkCore;

namespace Marketplace.Application.Outcomes;

/// <summary>A recognized studio's calendar year against the targets of its own 附件1 (decisions 85–87).</summary>
public sealed record StudioOutcomesDto(
    Guid StudioId, string Name, string RegionCode, string RegionName, string StatusName, int Year, int? CycleYear, int? LastCycleYear,
    DateOnly? CycleStart, DateOnly? CycleEnd, decimal FundGrantedYuan, IReadOnlyList<FigureDto> Figures);

public sealed record StudioFigureRecordsDto(Guid StudioId, string StudioName, int Year, FigureDto Figure, IReadOnlyList<OutcomeRecordDto> Records);

/// <summary>What the studio's .xlsx needs: the figures and, per figure, its records.</summary>
public sealed record StudioReportContent(StudioOutcomesDto Outcomes, IReadOnlyList<StudioFigureRecordsDto> Records);

/// <summary>Draws the trained-versus-target chart and writes the studio's .xlsx (Infrastructure: ScottPlot, MiniExcel).</summary>
public interface IStudioOutcomeReports
{
    byte[] TargetsChart(StudioOutcomesDto outcomes);

    byte[] WriteXlsx(StudioReportContent content);
}

/// <summary>Every figure of one studio and calendar year, each with its records, and the target where the form has one.</summary>
public sealed record StudioOutcomeSheet(Guid StudioId, int Year, int? CycleYear, IReadOnlyList<Figure> Figures, IReadOnlyDictionary<string, decimal> Targets)
{
    public Figure this[string key] => Figures.FirstOrDefault(f => f.Key == key) ?? throw new NotFoundException("带培指标", key);

    public decimal? TargetOf(string key) => Targets.TryGetValue(key, out var t) ? t : null;
}

/// <summary>
/// Computes a studio's outcomes for a calendar year from its enterprise's own records (decision 85): the training
/// events of the studio programme that start in the year (decision 72), the people in them (distinct by
/// <see cref="Trainee.PersonKeyOf"/>, each at the highest title recorded for them, in the 正高 / 副高 / 其他 column of
/// <see cref="StudioTargets.Column"/>), its 传帮带 pairs active in the year, and the startup fund spent in the year.
/// The authority's overview rows come from here too, so the two cannot disagree.
/// </summary>
public sealed class StudioOutcomeCalculator(IMarketplaceDbContext db, StudioProgramme programme)
{
    public const string Trainees = "studio.trainees";
    public const string Events = "studio.events";
    public const string PersonTimes = "studio.persontimes";
    public const string Hours = "studio.hours";
    public const string Pairings = "studio.pairings";
    public const string FundSpent = "studio.fund.spent";
    public const string FundSpentCycle = "studio.fund.spent.cycle";
    public const string CycleTrainees = "studio.cycle.trainees";

    public static string TraineesIn(string column) => $"{Trainees}.{column}";

    public static string CycleTraineesIn(string column) => $"{CycleTrainees}.{column}";

    public static string FundCategory(string code) => $"{FundSpent}.category.{code}";

    public static string ColumnName(string column) => column switch
    {
        "professor-senior" => "正高职称",
        "senior" => "副高职称",
        _ => "其他",
    };

    public async Task<StudioOutcomeSheet> ComputeAsync(MentoringStudio studio, int year, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(studio);
        var firstDay = new DateOnly(year, 1, 1);
        var lastDay = new DateOnly(year, 12, 31);
        var cycleYear = StudioTargets.CycleYear(studio.CycleStart, year);

        // Cycle to date: from 1 January of the cycle's first calendar year to the end of this year, or of the cycle's last.
        var cycleFrom = studio.CycleStart is { } start ? new DateOnly(start.Year, 1, 1) : (DateOnly?)null;
        var cycleYears = studio.CycleStart is { } s && year >= s.Year ? Math.Min(year - s.Year + 1, programme.BuildCycleYears) : 0;
        var cycleTo = cycleFrom is { } cf && cycleYears > 0 ? new DateOnly(cf.Year + cycleYears - 1, 12, 31) : (DateOnly?)null;
        var loadFrom = cycleFrom is { } f && cycleTo is not null && f < firstDay ? f : firstDay;
        var loadTo = cycleTo is { } t && t > lastDay ? t : lastDay;

        var owner = studio.ApplicantOrganizationId;
        var studioProgramme = TrainingProgramme.Studio;
        var events = await db.TrainingEvents.AsNoTracking()
            .Where(e => e.OwnerOrganizationId == owner && e.Programme == studioProgramme && e.StartDate >= loadFrom && e.StartDate <= loadTo)
            .OrderBy(e => e.StartDate).ThenBy(e => e.Title)
            .Select(e => new { e.Id, e.Title, e.StartDate, Trainees = e.Trainees.Select(t => new { t.Id, t.EngineerId, t.Name, t.Employer, t.Title, t.Hours }).ToList() })
            .ToListAsync(ct);
        var inYear = events.Where(e => e.StartDate >= firstDay && e.StartDate <= lastDay).ToList();
        var inCycle = cycleTo is { } to ? events.Where(e => e.StartDate >= cycleFrom!.Value && e.StartDate <= to).ToList() : [];

        static string EventLink(Guid id) => $"/Training/Event?id={id}";
        var eventRows = inYear.Select(e => new OutcomeRecordDto("training", e.Id, e.Title, e.StartDate, $"{e.Trainees.Count} 人次", null, EventLink(e.Id), null, null)).ToList();
        var attendance = inYear.SelectMany(e => e.Trainees.Select(t => (Event: e, Trainee: t))).ToList();
        var personTimes = attendance.Select(a => new OutcomeRecordDto("trainee", a.Trainee.Id, $"{a.Trainee.Name} · {a.Event.Title}", a.Event.StartDate,
            $"{OutcomeCalculator.TitleName(a.Trainee.Title)} · {a.Trainee.Hours:0.##} 学时", a.Trainee.Hours, EventLink(a.Event.Id), null, null)).ToList();

        // Distinct people, each at the highest title any of their attendances records, dated by their first attendance.
        List<(string Column, OutcomeRecordDto Row)> People<T>(IEnumerable<T> list, Func<T, (Guid EventId, DateOnly Day, Guid TraineeId, Guid? EngineerId, string Name, string? Employer, Marketplace.Domain.Engineers.ProfessionalTitle? Title)> by) =>
            [.. list.Select(by).GroupBy(a => Trainee.PersonKeyOf(a.EngineerId, a.Name, a.Employer), StringComparer.Ordinal)
                .Select(g =>
                {
                    var first = g.OrderBy(a => a.Day).First();
                    var title = g.Max(a => a.Title);
                    return (StudioTargets.Column(title), new OutcomeRecordDto("trainee", first.EngineerId ?? first.TraineeId, first.Name, first.Day,
                        string.Join(" · ", new[] { OutcomeCalculator.TitleName(title), first.Employer }.Where(x => !string.IsNullOrEmpty(x))), null,
                        first.EngineerId is { } id ? $"/Engineers/{id}" : EventLink(first.EventId), null, null));
                })
                .OrderBy(p => p.Item2.Date).ThenBy(p => p.Item2.Title, StringComparer.Ordinal)];
        var people = People(attendance, a => (a.Event.Id, a.Event.StartDate, a.Trainee.Id, a.Trainee.EngineerId, a.Trainee.Name, a.Trainee.Employer, a.Trainee.Title));
        var cyclePeople = People(inCycle.SelectMany(e => e.Trainees.Select(t => (Event: e, Trainee: t))),
            a => (a.Event.Id, a.Event.StartDate, a.Trainee.Id, a.Trainee.EngineerId, a.Trainee.Name, a.Trainee.Employer, a.Trainee.Title));

        var pairings = await db.MentorPairings.AsNoTracking()
            .Where(p => p.OwnerOrganizationId == owner && p.Programme == studioProgramme && p.StartDate <= lastDay && (p.EndedOn == null || p.EndedOn >= firstDay))
            .OrderBy(p => p.StartDate)
            .Select(p => new { p.Id, p.MentorEngineerId, p.TraineeEngineerId, p.StartDate, p.Status })
            .ToListAsync(ct);
        var engineerIds = pairings.SelectMany(p => new[] { p.MentorEngineerId, p.TraineeEngineerId }).Distinct().ToList();
        var names = await db.Engineers.AsNoTracking().Where(e => engineerIds.Contains(e.Id)).ToDictionaryAsync(e => e.Id, e => e.Name, ct);
        var pairingRows = pairings.Select(p => OutcomeCalculator.PairingRow(p.Id, p.MentorEngineerId, p.TraineeEngineerId, p.StartDate, p.Status, names)).ToList();

        var categories = programme.FundCategories.ToDictionary(c => c.Code);
        OutcomeRecordDto Fund(FundEntry e) => new("fund", e.Id, categories.TryGetValue(e.CategoryCode, out var c) ? c.Name : e.CategoryCode, e.SpentOn, e.Note, e.Amount,
            e.VoucherFileId is { } file ? $"/api/studios/applications/{studio.Id}/files/{file}" : $"/Studios/Details/{studio.Id}", null, null);
        var spent = studio.FundEntries.Where(e => e.SpentOn >= firstDay && e.SpentOn <= lastDay).OrderBy(e => e.SpentOn).ThenBy(e => e.RecordedAt).ToList();
        var spentInCycle = cycleTo is { } end ? studio.FundEntries.Where(e => e.SpentOn <= end).OrderBy(e => e.SpentOn).ThenBy(e => e.RecordedAt).ToList() : [];

        int Target(int n, string column) => studio.Form.Cell(StudioFormRules.TargetsTable, $"year{n}", column);
        var targets = new Dictionary<string, decimal>(StringComparer.Ordinal);
        if (cycleYear is { } k)
        {
            foreach (var c in StudioTargets.Columns)
            {
                targets[TraineesIn(c)] = Target(k, c);
            }

            targets[Trainees] = StudioTargets.Columns.Sum(c => Target(k, c));
        }

        if (cycleYears > 0)
        {
            foreach (var c in StudioTargets.Columns)
            {
                targets[CycleTraineesIn(c)] = Enumerable.Range(1, cycleYears).Sum(n => Target(n, c));
            }

            targets[CycleTrainees] = StudioTargets.Columns.Sum(c => targets[CycleTraineesIn(c)]);
            targets[FundSpentCycle] = studio.FundGrantedYuan;
        }

        if (studio.FundGrantedYuan > 0)
        {
            targets[FundSpent] = studio.FundGrantedYuan;
        }

        var figures = new List<Figure>();
        foreach (var c in StudioTargets.Columns)
        {
            figures.Add(new(TraineesIn(c), "trainees", $"培养人数：{ColumnName(c)}", "人", FigureAggregate.Count, [.. people.Where(p => p.Column == c).Select(p => p.Row)]));
        }

        figures.AddRange(
        [
            new(Trainees, "trainees", "培养人数合计（去重）", "人", FigureAggregate.Count, [.. people.Select(p => p.Row)]),
            new(Events, "training", "培训活动", "场", FigureAggregate.Count, eventRows),
            new(PersonTimes, "training", "培训人次", "人次", FigureAggregate.Count, personTimes),
            new(Hours, "training", "培训学时（人次 × 学时）", "学时", FigureAggregate.Sum, personTimes),
            new(Pairings, "training", "传帮带师徒结对（年内在带）", "对", FigureAggregate.Count, pairingRows),
            new(FundSpent, "funds", "启动资金支出", "元", FigureAggregate.Sum, [.. spent.Select(Fund)]),
        ]);
        foreach (var category in programme.FundCategories)
        {
            figures.Add(new(FundCategory(category.Code), "funds", $"支出：{category.Name}", "元", FigureAggregate.Sum, [.. spent.Where(e => e.CategoryCode == category.Code).Select(Fund)]));
        }

        figures.Add(new(FundSpentCycle, "cycle", "建设周期累计启动资金支出", "元", FigureAggregate.Sum, [.. spentInCycle.Select(Fund)]));
        foreach (var c in StudioTargets.Columns)
        {
            figures.Add(new(CycleTraineesIn(c), "cycle", $"建设周期累计培养：{ColumnName(c)}", "人", FigureAggregate.Count, [.. cyclePeople.Where(p => p.Column == c).Select(p => p.Row)]));
        }

        figures.Add(new(CycleTrainees, "cycle", "建设周期累计培养合计（去重）", "人", FigureAggregate.Count, [.. cyclePeople.Select(p => p.Row)]));
        return new StudioOutcomeSheet(studio.Id, year, cycleYear, figures, targets);
    }

    public static string SectionName(string section) => section switch
    {
        "trainees" => "带培目标任务完成情况",
        "training" => "培训与传帮带",
        "funds" => "启动资金",
        _ => "建设周期累计",
    };
}

/// <summary>Loads a recognized studio the caller may see and computes its year; the one place studio-outcome access is decided.</summary>
public sealed class StudioOutcomeDesk(IMarketplaceDbContext db, AccreditationAccess access, StudioOutcomeCalculator calculator)
{
    /// <summary>
    /// The studio's own enterprise and the authorities that may see it under the studio rules (<see cref="StudioCallerRules.CanSee"/>:
    /// the province, a city bureau of its region); an assigned expert sees the application, not the outcomes. Anyone
    /// else gets 404; a studio not (yet) recognized has no outcomes, which its viewers are told with a 409 (decision 87).
    /// </summary>
    public async Task<MentoringStudio> StudioAsync(Guid studioId, CancellationToken ct)
    {
        var caller = await access.CallerAsync(ct);
        var studio = await db.MentoringStudios.AsNoTracking().FirstOrDefaultAsync(s => s.Id == studioId, ct);
        if (studio is null || !caller.CanSee(studio) || !(caller.OrganizationId == studio.ApplicantOrganizationId || caller.IsAuthority))
        {
            throw new NotFoundException("带培工作室", studioId);
        }

        if (studio.RecognizedOn is null)
        {
            throw new DomainConflictException("工作室尚未认定", "该工作室尚未认定，认定后才有带培成果统计。", "studio_not_recognized");
        }

        return studio;
    }

    public async Task<(StudioOutcomesDto Outcomes, StudioOutcomeSheet Sheet)> OutcomesAsync(Guid studioId, int year, CancellationToken ct)
    {
        OutcomeDesk.RequireYear(year);
        var studio = await StudioAsync(studioId, ct);
        var sheet = await calculator.ComputeAsync(studio, year, ct);
        var last = await calculator.ComputeAsync(studio, year - 1, ct);
        var name = await db.Organizations.Where(o => o.Id == studio.ApplicantOrganizationId).Select(o => o.Name).FirstOrDefaultAsync(ct) ?? "";
        var region = await db.Regions.Where(r => r.Code == studio.RegionCode).Select(r => r.Name).FirstOrDefaultAsync(ct) ?? studio.RegionCode;
        var lastValues = last.Figures.ToDictionary(f => f.Key, f => f.Value);
        var figures = sheet.Figures.Select(f => new FigureDto(f.Key, f.Section, f.Label, f.Unit, f.Value, lastValues.GetValueOrDefault(f.Key), sheet.TargetOf(f.Key), f.Records.Count)).ToList();
        return (new StudioOutcomesDto(studio.Id, name, studio.RegionCode, region, MentoringStudio.StatusName(studio.Status), year, sheet.CycleYear, last.CycleYear,
            studio.CycleStart, studio.CycleEnd, studio.FundGrantedYuan, figures), sheet);
    }

    public static string FileName(StudioOutcomesDto d) => $"{d.Name}{d.Year}年度带培情况.xlsx";
}

// ---- queries ----------------------------------------------------------------------------------------------------------

public sealed record GetStudioOutcomes(Guid StudioId, int Year) : IQuery<StudioOutcomesDto>;

public sealed class GetStudioOutcomesHandler(StudioOutcomeDesk desk) : IQueryHandler<GetStudioOutcomes, StudioOutcomesDto>
{
    public async ValueTask<StudioOutcomesDto> Handle(GetStudioOutcomes query, CancellationToken cancellationToken) =>
        (await desk.OutcomesAsync(query.StudioId, query.Year, cancellationToken)).Outcomes;
}

public sealed record GetStudioFigureRecords(Guid StudioId, int Year, string Key) : IQuery<StudioFigureRecordsDto>;

public sealed class GetStudioFigureRecordsHandler(StudioOutcomeDesk desk) : IQueryHandler<GetStudioFigureRecords, StudioFigureRecordsDto>
{
    public async ValueTask<StudioFigureRecordsDto> Handle(GetStudioFigureRecords query, CancellationToken cancellationToken)
    {
        var (outcomes, sheet) = await desk.OutcomesAsync(query.StudioId, query.Year, cancellationToken);
        var figure = outcomes.Figures.FirstOrDefault(f => f.Key == query.Key) ?? throw new NotFoundException("带培指标", query.Key);
        return new StudioFigureRecordsDto(outcomes.StudioId, outcomes.Name, outcomes.Year, figure, sheet[query.Key].Records);
    }
}

public sealed record GetStudioTargetsChart(Guid StudioId, int Year) : IQuery<byte[]>;

public sealed class GetStudioTargetsChartHandler(StudioOutcomeDesk desk, IStudioOutcomeReports reports) : IQueryHandler<GetStudioTargetsChart, byte[]>
{
    public async ValueTask<byte[]> Handle(GetStudioTargetsChart query, CancellationToken cancellationToken) =>
        reports.TargetsChart((await desk.OutcomesAsync(query.StudioId, query.Year, cancellationToken)).Outcomes);
}

public sealed record GenerateStudioReport(Guid StudioId, int Year) : IQuery<ReportDocument>;

public sealed class GenerateStudioReportHandler(StudioOutcomeDesk desk, IStudioOutcomeReports reports) : IQueryHandler<GenerateStudioReport, ReportDocument>
{
    public async ValueTask<ReportDocument> Handle(GenerateStudioReport query, CancellationToken cancellationToken)
    {
        var (outcomes, sheet) = await desk.OutcomesAsync(query.StudioId, query.Year, cancellationToken);
        var records = outcomes.Figures.Select(f => new StudioFigureRecordsDto(outcomes.StudioId, outcomes.Name, outcomes.Year, f, sheet[f.Key].Records)).ToList();
        return new ReportDocument(StudioOutcomeDesk.FileName(outcomes), ReportContentTypes.Xlsx, reports.WriteXlsx(new StudioReportContent(outcomes, records)));
    }
}

/// <summary>The recognized studio of the caller's own enterprise (null for anyone without one), so the pages can go straight to it.</summary>
public sealed record GetMyOutcomeStudio : IQuery<Guid?>;

public sealed class GetMyOutcomeStudioHandler(IMarketplaceDbContext db, ICurrentUser user) : IQueryHandler<GetMyOutcomeStudio, Guid?>
{
    public async ValueTask<Guid?> Handle(GetMyOutcomeStudio query, CancellationToken cancellationToken) =>
        user.OrganizationId is { } org
            ? await db.MentoringStudios.Where(s => s.ApplicantOrganizationId == org && s.RecognizedOn != null)
                .OrderByDescending(s => s.RecognizedOn).Select(s => (Guid?)s.Id).FirstOrDefaultAsync(cancellationToken)
            : null;
}
