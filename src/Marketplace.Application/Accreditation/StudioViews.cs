using Marketplace.Application.Common;
using Marketplace.Domain.Accreditation;
using Marketplace.Domain.Engineers;
using Marketplace.Domain.Training;
using Microsoft.EntityFrameworkCore;

namespace Marketplace.Application.Accreditation;

public sealed record CitySignOffDto(CityDesk Desk, string DeskName, string? SignedBy, string? Opinion, DateTimeOffset At);

public sealed record StudioOpinionDto(Guid ExpertUserId, string? ExpertName, bool Approve, string Opinion, DateTimeOffset At);

public sealed record FundEntryDto(Guid Id, string CategoryCode, string CategoryName, string CategoryGroup, DateOnly SpentOn, decimal Amount, string Note, Guid? VoucherFileId, DateTimeOffset RecordedAt);

public sealed record FundCategoryTotalDto(string Code, string Name, string Group, decimal Amount);

public sealed record StudioFileDto(Guid Id, string Purpose, string FileName, string ContentType, int Size, DateTimeOffset UploadedAt);

/// <summary>
/// A 带培目标任务 row: the year's targets by title level, as the applicant committed them, and — once the studio is
/// recognized — the build year's dates and the trainees its training records show for them (<see cref="Actual"/>).
/// </summary>
public sealed record StudioTargetRowDto(
    string Year, string Label, IReadOnlyDictionary<string, int> ByTitle, int Total,
    DateOnly? From = null, DateOnly? To = null, IReadOnlyDictionary<string, int>? Actual = null, int? ActualTotal = null);

public sealed record StudioDto(
    Guid Id,
    Guid ApplicantOrganizationId,
    string ApplicantName,
    string RegionCode,
    StudioStatus Status,
    string StatusName,
    string ProgrammeVersion,
    Guid? HostEngineerId,
    string? HostName,
    StudioForm Form,
    IReadOnlyList<StudioTargetRowDto> Targets,
    IReadOnlyList<CitySignOffDto> SignOffs,
    IReadOnlyList<Guid> ExpertUserIds,
    IReadOnlyList<StudioOpinionDto> Opinions,
    DateOnly? NoticeStart,
    DateOnly? NoticeEnd,
    IReadOnlyList<Objection>? Objections,
    string? RecognitionDocumentNumber,
    DateOnly? RecognizedOn,
    DateOnly? CycleStart,
    DateOnly? CycleEnd,
    DateOnly? ReEvaluationDueBy,
    bool ReEvaluationOverdue,
    DateOnly? ReEvaluatedOn,
    bool? ReEvaluationPassed,
    decimal FundGrantedYuan,
    decimal FundSpentYuan,
    decimal FundBalanceYuan,
    IReadOnlyList<FundEntryDto> FundEntries,
    IReadOnlyList<FundCategoryTotalDto> SpendingByCategory,
    DateOnly? RevokedOn,
    string? RevocationReason,
    decimal? RecoveredYuan,
    IReadOnlyList<StudioFileDto> Files,
    DateTimeOffset CreatedAt,
    DateTimeOffset? SubmittedAt,
    uint Version,
    IReadOnlyList<AuditLineDto>? Audit);

public sealed record StudioSummaryDto(
    Guid Id, string ApplicantName, string RegionCode, StudioStatus Status, string StatusName, string? HostName,
    bool HrSigned, bool FinanceSigned, int ExpertCount, int OpinionCount, DateOnly? NoticeEnd, DateOnly? CycleEnd, DateTimeOffset? SubmittedAt,
    DateTimeOffset UpdatedAt, uint Version);

public static class StudioViews
{
    public static string ActionName(string action) => action switch
    {
        "create" => "创建申报",
        "submit" => "提交申报",
        "hr_approve" => "人社同意推荐",
        "finance_approve" => "财政同意推荐",
        "hr_return" => "人社退回",
        "finance_return" => "财政退回",
        "city_recommend" => "市州推荐",
        "assign_experts" => "指派认定专家",
        "expert_opinion" => "专家认定意见",
        "experts_done" => "专家意见已齐",
        "select" => "确定入选",
        "not_select" => "未入选",
        "publish_notice" => "发布公示",
        "lodge_objection" => "提出异议",
        "uphold_objection" => "异议成立",
        "dismiss_objection" => "异议不成立",
        "recognize" => "认定",
        "fund_spend" => "启动资金支出",
        "reevaluate_pass" => "复评合格",
        "reevaluate_fail" => "复评不合格",
        "revoke" => "撤销认定",
        _ => action,
    };

    public static string PartyName(AccreditationParty party) => party switch
    {
        AccreditationParty.Applicant => "申报企业",
        AccreditationParty.CityBureau => "市州人社、财政部门",
        AccreditationParty.Province => "省人力资源社会保障厅",
        AccreditationParty.Expert => "认定专家",
        _ => AccreditationViews.PartyName(party),
    };

    public static IReadOnlyList<StudioTargetRowDto> Targets(StudioProgramme programme, StudioForm form)
    {
        ArgumentNullException.ThrowIfNull(programme);
        ArgumentNullException.ThrowIfNull(form);
        var table = StudioFormRules.TableOf(programme, StudioFormRules.TargetsTable, "matrix");
        return [.. table.Rows.Select(r =>
        {
            var byTitle = table.Columns.ToDictionary(c => c.Code, c => form.Cell(StudioFormRules.TargetsTable, r.Code, c.Code));
            return new StudioTargetRowDto(r.Code, r.Label, byTitle, byTitle.Values.Sum());
        })];
    }

    /// <summary>
    /// The targets set against what happened: build year k runs from the cycle start plus k − 1 years, for a year; its
    /// trainees are the distinct people who passed (优秀/合格) a training event of the studio programme owned by the
    /// applicant enterprise and ending in that year, each at the highest title recorded for them in it — 正高级 and
    /// 高级 in their own columns, every other level (or none) under 其他.
    /// </summary>
    public static async Task<IReadOnlyList<StudioTargetRowDto>> TargetsWithActualsAsync(
        IMarketplaceDbContext db, StudioProgramme programme, MentoringStudio s, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(s);
        var rows = Targets(programme, s.Form);
        if (s.CycleStart is not { } start)
        {
            return rows;
        }

        var result = new List<StudioTargetRowDto>(rows.Count);
        for (var k = 0; k < rows.Count; k++)
        {
            var from = start.AddYears(k);
            var to = from.AddYears(1).AddDays(-1);
            var events = db.TrainingEvents.AsNoTracking().Where(e =>
                e.OwnerOrganizationId == s.ApplicantOrganizationId && e.Programme == TrainingProgramme.Studio && e.EndDate >= from && e.EndDate <= to);
            var people = Training.TrainingCounting.HighestTitles(await Training.TrainingCounting.PassesAsync(events, ct));
            var actual = rows[k].ByTitle.Keys.ToDictionary(code => code, _ => 0, StringComparer.Ordinal);
            foreach (var title in people.Values)
            {
                var column = title switch
                {
                    ProfessionalTitle.ProfessorSeniorEngineer => "professor-senior",
                    ProfessionalTitle.SeniorEngineer => "senior",
                    _ => "other",
                };
                if (actual.TryGetValue(column, out var count))
                {
                    actual[column] = count + 1;
                }
            }

            result.Add(rows[k] with { From = from, To = to, Actual = actual, ActualTotal = actual.Values.Sum() });
        }

        return result;
    }

    public static IReadOnlyList<FundCategoryTotalDto> SpendingByCategory(StudioProgramme programme, MentoringStudio s)
    {
        ArgumentNullException.ThrowIfNull(programme);
        ArgumentNullException.ThrowIfNull(s);
        return [.. programme.FundCategories.Select(c => new FundCategoryTotalDto(c.Code, c.Name, c.Group, s.FundEntries.Where(e => e.CategoryCode == c.Code).Sum(e => e.Amount)))];
    }

    /// <summary>
    /// The studio as the caller may see it: the objections (with the objectors' contacts) and the experts' individual
    /// opinions only for the province; an expert sees their own opinion; the audit trail for the applicant and authorities.
    /// </summary>
    public static async Task<StudioDto> StudioAsync(
        IMarketplaceDbContext db, StudioProgramme programme, MentoringStudio s, AccreditationCaller caller, DateOnly today, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(programme);
        ArgumentNullException.ThrowIfNull(s);
        ArgumentNullException.ThrowIfNull(caller);
        var applicant = await db.Organizations.AsNoTracking().Where(o => o.Id == s.ApplicantOrganizationId).Select(o => o.Name).FirstOrDefaultAsync(ct) ?? "";
        var host = s.HostEngineerId is { } hostId
            ? await db.Engineers.AsNoTracking().Where(e => e.Id == hostId).Select(e => e.Name).FirstOrDefaultAsync(ct)
            : null;
        var userIds = s.SignOffs.Select(x => x.UserId).Concat(s.Opinions.Select(o => (Guid?)o.ExpertUserId)).Concat(s.Audit.Select(a => a.ActorUserId))
            .Where(id => id is not null).Select(id => id!.Value).Distinct().ToList();
        var names = await db.UserAccounts.Where(u => userIds.Contains(u.Id)).ToDictionaryAsync(u => u.Id, u => u.DisplayName, ct);
        string? Name(Guid? id) => id is { } v ? names.GetValueOrDefault(v) : null;
        var files = await db.StudioFiles.AsNoTracking().Where(f => f.StudioId == s.Id).OrderBy(f => f.UploadedAt)
            .Select(f => new StudioFileDto(f.Id, f.Purpose, f.FileName, f.ContentType, f.Size, f.UploadedAt))
            .ToListAsync(ct);
        var isApplicant = caller.OrganizationId == s.ApplicantOrganizationId;
        var opinions = caller.IsProvince
            ? s.Opinions
            : s.Opinions.Where(o => o.ExpertUserId == caller.UserId).ToList();
        var categories = programme.FundCategories.ToDictionary(c => c.Code);
        return new StudioDto(
            s.Id, s.ApplicantOrganizationId, applicant, s.RegionCode, s.Status, MentoringStudio.StatusName(s.Status), s.ProgrammeVersion,
            s.HostEngineerId, host, s.Form, await TargetsWithActualsAsync(db, programme, s, ct),
            [.. s.SignOffs.Select(x => new CitySignOffDto(x.Desk, MentoringStudio.DeskName(x.Desk), Name(x.UserId), x.Opinion, x.At))],
            caller.IsProvince ? s.ExpertUserIds : [],
            [.. opinions.Select(o => new StudioOpinionDto(o.ExpertUserId, Name(o.ExpertUserId), o.Approve, o.Opinion, o.At))],
            s.NoticeStart, s.NoticeEnd,
            caller.IsProvince ? s.Objections : null,
            s.RecognitionDocumentNumber, s.RecognizedOn, s.CycleStart, s.CycleEnd, s.ReEvaluationDueBy, s.IsReEvaluationOverdue(today),
            s.ReEvaluatedOn, s.ReEvaluationPassed,
            s.FundGrantedYuan, s.FundSpentYuan, s.FundBalanceYuan,
            [.. s.FundEntries.OrderBy(e => e.SpentOn).ThenBy(e => e.RecordedAt).Select(e =>
            {
                var c = categories.GetValueOrDefault(e.CategoryCode);
                return new FundEntryDto(e.Id, e.CategoryCode, c?.Name ?? e.CategoryCode, c?.Group ?? "", e.SpentOn, e.Amount, e.Note, e.VoucherFileId, e.RecordedAt);
            })],
            SpendingByCategory(programme, s),
            s.RevokedOn, s.RevocationReason, s.RecoveredYuan,
            files, s.CreatedAt, s.SubmittedAt, s.Version,
            isApplicant || caller.IsAuthority
                ? [.. s.Audit.Select(a => new AuditLineDto(a.At, a.ActorUserId, Name(a.ActorUserId), PartyName(a.Party), ActionName(a.Action), a.From, a.To, a.Reason))]
                : null);
    }

    public static async Task<IReadOnlyList<StudioSummaryDto>> SummariesAsync(IMarketplaceDbContext db, IQueryable<MentoringStudio> query, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(db);
        var rows = await (
                from s in query.AsNoTracking()
                join o in db.Organizations on s.ApplicantOrganizationId equals o.Id
                join e in db.Engineers on s.HostEngineerId equals e.Id into hosts
                from h in hosts.DefaultIfEmpty()
                orderby s.UpdatedAt descending
                select new { s, o.Name, Host = h == null ? null : h.Name })
            .Take(500)
            .ToListAsync(ct);
        return [.. rows.Select(r => new StudioSummaryDto(
            r.s.Id, r.Name, r.s.RegionCode, r.s.Status, MentoringStudio.StatusName(r.s.Status), r.Host,
            r.s.HasSignedOff(CityDesk.HumanResources), r.s.HasSignedOff(CityDesk.Finance), r.s.ExpertUserIds.Count, r.s.Opinions.Count,
            r.s.NoticeEnd, r.s.CycleEnd, r.s.SubmittedAt, r.s.UpdatedAt, r.s.Version))];
    }
}
