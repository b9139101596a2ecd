using Marketplace.Application.Common;
using Marketplace.Domain.Accreditation;
using Microsoft.EntityFrameworkCore;

namespace Marketplace.Application.Accreditation;

public sealed record AuditLineDto(DateTimeOffset At, Guid? ActorUserId, string? ActorName, string Party, string Action, string From, string To, string? Reason);

public sealed record RoundDto(
    Guid Id,
    string Name,
    string RegionCode,
    DateTimeOffset ApplicationOpensAt,
    DateTimeOffset ApplicationClosesAt,
    string RubricVersion,
    string ConditionsVersion,
    int TrimMinExperts,
    int TrimEachSide,
    RoundStatus Status,
    string StatusName,
    bool AcceptingApplications,
    DateOnly? NoticeStart,
    DateOnly? NoticeEnd,
    uint Version,
    IReadOnlyList<AuditLineDto>? Audit);

public sealed record CenterApplicationDto(
    Guid Id,
    Guid RoundId,
    string RoundName,
    Guid ApplicantOrganizationId,
    string ApplicantName,
    string RegionCode,
    CenterApplicationStatus Status,
    string StatusName,
    string RubricVersion,
    string ConditionsVersion,
    IReadOnlyList<ConditionStatement> Conditions,
    string ConstructionPlan,
    IReadOnlyList<SelfAssessmentMark> SelfAssessment,
    decimal SelfAssessmentTotal,
    IReadOnlyList<Guid> ExpertUserIds,
    ApplicationScore? Score,
    IReadOnlyList<Objection>? Objections,
    string? RecognitionDocumentNumber,
    DateOnly? RecognizedOn,
    DateTimeOffset? SubmittedAt,
    uint Version,
    IReadOnlyList<AuditLineDto>? Audit);

public sealed record CenterApplicationSummaryDto(
    Guid Id, Guid RoundId, string ApplicantName, string RegionCode, CenterApplicationStatus Status, string StatusName, decimal? Total, bool Unqualified, uint Version);

public static class AccreditationViews
{
    public static string PartyName(AccreditationParty party) => party switch
    {
        AccreditationParty.Applicant => "申报单位",
        AccreditationParty.CityBureau => "市州主管部门",
        AccreditationParty.Province => "省级主管部门",
        AccreditationParty.Expert => "评审专家",
        AccreditationParty.Public => "社会公众",
        AccreditationParty.System => "平台",
        _ => party.ToString(),
    };

    public static string ActionName(string action) => action switch
    {
        "open" => "开启申报",
        "close" => "截止申报",
        "begin_review" => "开始评审",
        "select" => "遴选入选",
        "not_select" => "未入选",
        "publish_notice" => "发布公示",
        "notice" => "进入公示",
        "conclude" => "办结",
        "create" => "创建申报书",
        "submit" => "提交申报",
        "city_recommend" => "市州推荐",
        "city_return" => "市州退回",
        "province_accept" => "省级审核通过",
        "assign_experts" => "指派专家",
        "submit_score" => "提交评分",
        "veto" => "一票否决",
        "aggregate" => "评分汇总",
        "lodge_objection" => "提出异议",
        "uphold_objection" => "异议成立",
        "dismiss_objection" => "异议不成立",
        "recognize" => "发文认定",
        _ => action,
    };

    public static async Task<IReadOnlyList<AuditLineDto>> AuditAsync(IMarketplaceDbContext db, IReadOnlyList<AccreditationAuditEntry> audit, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(audit);
        var ids = audit.Where(a => a.ActorUserId is not null).Select(a => a.ActorUserId!.Value).Distinct().ToList();
        var names = await db.UserAccounts.Where(u => ids.Contains(u.Id)).ToDictionaryAsync(u => u.Id, u => u.DisplayName, ct);
        return [.. audit.Select(a => new AuditLineDto(
            a.At, a.ActorUserId, a.ActorUserId is { } id ? names.GetValueOrDefault(id) : null, PartyName(a.Party), ActionName(a.Action),
            a.From, a.To, a.Reason))];
    }

    public static async Task<RoundDto> RoundAsync(IMarketplaceDbContext db, AccreditationRound r, bool withAudit, DateTimeOffset now, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(r);
        return new RoundDto(
            r.Id, r.Name, r.RegionCode, r.ApplicationOpensAt, r.ApplicationClosesAt, r.RubricVersion, r.ConditionsVersion, r.TrimMinExperts, r.TrimEachSide,
            r.Status, AccreditationRound.StatusName(r.Status), r.IsAcceptingApplications(now), r.NoticeStart, r.NoticeEnd, r.Version,
            withAudit ? await AuditAsync(db, r.Audit, ct) : null);
    }

    /// <summary>The audit trail and the objections' contacts are shown to authorities only.</summary>
    public static async Task<CenterApplicationDto> ApplicationAsync(IMarketplaceDbContext db, CenterApplication a, AccreditationCaller caller, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(a);
        ArgumentNullException.ThrowIfNull(caller);
        var roundName = await db.AccreditationRounds.Where(r => r.Id == a.RoundId).Select(r => r.Name).FirstOrDefaultAsync(ct) ?? "";
        var applicant = await db.Organizations.Where(o => o.Id == a.ApplicantOrganizationId).Select(o => o.Name).FirstOrDefaultAsync(ct) ?? "";
        return new CenterApplicationDto(
            a.Id, a.RoundId, roundName, a.ApplicantOrganizationId, applicant, a.RegionCode, a.Status, CenterApplication.StatusName(a.Status),
            a.RubricVersion, a.ConditionsVersion, a.Conditions, a.ConstructionPlan, a.SelfAssessment, a.SelfAssessment.Sum(m => m.Points),
            a.ExpertUserIds, a.Score, caller.IsAuthority ? a.Objections : null, a.RecognitionDocumentNumber, a.RecognizedOn, a.SubmittedAt, a.Version,
            caller.IsAuthority ? await AuditAsync(db, a.Audit, ct) : null);
    }

    public static async Task<IReadOnlyList<CenterApplicationSummaryDto>> SummariesAsync(IMarketplaceDbContext db, IQueryable<CenterApplication> query, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(db);
        var list = await query.AsNoTracking().OrderBy(a => a.CreatedAt).ToListAsync(ct);
        var orgIds = list.Select(a => a.ApplicantOrganizationId).Distinct().ToList();
        var names = await db.Organizations.Where(o => orgIds.Contains(o.Id)).ToDictionaryAsync(o => o.Id, o => o.Name, ct);
        return [.. list.Select(a => new CenterApplicationSummaryDto(
            a.Id, a.RoundId, names.GetValueOrDefault(a.ApplicantOrganizationId, ""), a.RegionCode, a.Status, CenterApplication.StatusName(a.Status),
            a.Score?.Total, a.IsUnqualified, a.Version))];
    }
}
