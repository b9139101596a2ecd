using Marketplace.Domain.Challenges;

namespace Marketplace.Application.Challenges;

public sealed record ChallengeSummaryDto(
    Guid Id,
    string Title,
    string ClusterCode,
    string CityCode,
    decimal Bounty,
    decimal SupportAmount,
    DateTimeOffset ApplicationDeadline,
    ChallengeStatus Status,
    string StatusName,
    Confidentiality Confidentiality,
    int RaceSlots,
    DateTimeOffset? PublishedAt);

public sealed record ChallengeActionDto(ChallengeAction Action, string Name);

public sealed record QuestionDto(Guid Id, string Text, DateTimeOffset AskedAt, string? Answer, DateTimeOffset? AnsweredAt);

public sealed record AuditDto(DateTimeOffset At, string Party, string Action, string From, string To, string? Reason);

public sealed record MilestoneDto(
    Guid Id, int Sequence, string Title, DateOnly DueDate, decimal Amount, MilestoneStatus Status, string StatusName,
    string? DeliveryNote, DateTimeOffset? DeliveredAt, string? ReviewComment, DateTimeOffset? AcceptedAt);

public sealed record AwardShareDto(Guid EngineerId, string EngineerName, int SharePercent, decimal Released);

public sealed record AwardDto(
    Guid ApplicationId, AwardStatus Status, string StatusName, DateTimeOffset AwardedAt, DateTimeOffset LastActivityAt,
    DateTimeOffset AbandonableAt, IReadOnlyList<AwardShareDto> Shares);

public sealed record LedgerEntryDto(LedgerEntryKind Kind, string KindName, decimal Amount, Guid? MilestoneId, Guid? EngineerId, string? EngineerName, DateTimeOffset At);

/// <summary>The settlement ledger's totals (always Committed − Released − Voided = Outstanding) and its lines.</summary>
public sealed record LedgerDto(decimal Committed, decimal Released, decimal Voided, decimal Outstanding, IReadOnlyList<LedgerEntryDto> Entries);

public sealed record VerificationDto(string VerifierName, string Location, bool Passed, string Report, DateTimeOffset VerifiedAt);

public sealed record EvaluationDto(int MonthsAfterSettlement, int Rating, decimal CostSaved, decimal OutputAdded, string? Note, DateTimeOffset RecordedAt);

/// <summary>
/// A listing as the caller may see it. <see cref="Description"/> and <see cref="Questions"/> are null until an NDA
/// listing's NDA is accepted; <see cref="Audit"/> and the full <see cref="Ledger"/> only for the owner and the center
/// (takers see the ledger too: it is their money); <see cref="AllowedActions"/> are what this caller can do now.
/// </summary>
public sealed record ChallengeDetailDto(
    Guid Id,
    Guid OwnerOrganizationId,
    string OwnerName,
    string Title,
    string? Description,
    string ClusterCode,
    IReadOnlyList<string> SkillCodes,
    string ServiceTypeCode,
    decimal Bounty,
    decimal SupportAmount,
    string? SupportNote,
    decimal TotalAmount,
    DateTimeOffset ApplicationDeadline,
    int ExpectedDurationDays,
    string CityCode,
    bool OnSiteRequired,
    IpArrangement IpArrangement,
    string IpArrangementName,
    Confidentiality Confidentiality,
    string ConfidentialityName,
    int RaceSlots,
    int AbandonAfterDays,
    ChallengeStatus Status,
    string StatusName,
    DateTimeOffset CreatedAt,
    DateTimeOffset? PublishedAt,
    DateTimeOffset? SettledAt,
    bool RedeliveryUsed,
    bool DetailsVisible,
    bool NdaAccepted,
    ChallengeParty PartyCode,
    string Party,
    Guid? MyApplicationId,
    IReadOnlyList<ChallengeActionDto> AllowedActions,
    IReadOnlyList<QuestionDto>? Questions,
    IReadOnlyList<MilestoneDto> Milestones,
    IReadOnlyList<AwardDto> Awards,
    IReadOnlyList<VerificationDto> Verifications,
    IReadOnlyList<EvaluationDto> Evaluations,
    LedgerDto? Ledger,
    IReadOnlyList<Guid>? PanelUserIds,
    int? InvitedCount,
    IReadOnlyList<AuditDto>? Audit,
    uint Version);

public static class ChallengeViews
{
    public static string Chinese(this MilestoneStatus status) => status switch
    {
        MilestoneStatus.Pending => "待交付",
        MilestoneStatus.Delivered => "待验收",
        MilestoneStatus.Accepted => "已验收",
        MilestoneStatus.SentBack => "退回修改",
        _ => status.ToString(),
    };

    public static string Chinese(this AwardStatus status) => status switch
    {
        AwardStatus.Active => "中榜",
        AwardStatus.Eliminated => "赛马淘汰",
        AwardStatus.Abandoned => "弃榜",
        _ => status.ToString(),
    };

    public static string Chinese(this LedgerEntryKind kind) => kind switch
    {
        LedgerEntryKind.Committed => "承诺",
        LedgerEntryKind.Released => "释放",
        LedgerEntryKind.Voided => "作废",
        _ => kind.ToString(),
    };

    public static ChallengeDetailDto Detail(Challenge c, ChallengeActor actor) => Detail(c, actor, ChallengeViewExtras.None);

    public static ChallengeDetailDto Detail(Challenge c, ChallengeActor actor, ChallengeViewExtras extras)
    {
        ArgumentNullException.ThrowIfNull(c);
        ArgumentNullException.ThrowIfNull(actor);
        ArgumentNullException.ThrowIfNull(extras);
        var details = c.DetailsVisibleTo(actor);
        var staff = actor.Party is ChallengeParty.Owner or ChallengeParty.Operator;
        var seesMoney = staff || actor.Party == ChallengeParty.Taker;
        string Name(Guid? engineerId) => engineerId is { } id && extras.EngineerNames.TryGetValue(id, out var n) ? n : "";
        var released = c.Ledger.Where(e => e.Kind == LedgerEntryKind.Released && e.EngineerId is not null)
            .GroupBy(e => (e.ApplicationId, e.EngineerId!.Value)).ToDictionary(g => g.Key, g => g.Sum(e => e.Amount));
        return new ChallengeDetailDto(
            c.Id, c.OwnerOrganizationId, extras.OwnerName, c.Title, details ? c.Description : null, c.ClusterCode, c.SkillCodes, c.ServiceTypeCode,
            c.Bounty, c.SupportAmount, c.SupportNote, c.TotalAmount, c.ApplicationDeadline, c.ExpectedDurationDays, c.CityCode, c.OnSiteRequired,
            c.IpArrangement, c.IpArrangement.Chinese(), c.Confidentiality, c.Confidentiality.Chinese(), c.RaceSlots, c.AbandonAfterDays,
            c.Status, c.Status.Chinese(), c.CreatedAt, c.PublishedAt, c.SettledAt, c.RedeliveryUsed, details,
            actor.EngineerId is { } me && c.NdaAcceptances.Any(n => n.EngineerId == me),
            actor.Party, ChallengeLifecycle.PartyName(actor.Party), extras.MyApplicationId,
            ChallengeLifecycle.AllowedFor(c.Status, actor.Party).Select(r => new ChallengeActionDto(r.Action, r.ChineseName)).ToList(),
            details ? c.Questions.OrderBy(q => q.AskedAt).Select(q => new QuestionDto(q.Id, q.Text, q.AskedAt, q.Answer, q.AnsweredAt)).ToList() : null,
            details
                ? c.Milestones.OrderBy(m => m.Sequence).Select(m => new MilestoneDto(m.Id, m.Sequence, m.Title, m.DueDate, m.Amount, m.Status, m.Status.Chinese(),
                    m.DeliveryNote, m.DeliveredAt, m.ReviewComment, m.AcceptedAt)).ToList()
                : [],
            c.Awards.OrderBy(a => a.AwardedAt).Select(a => new AwardDto(a.ApplicationId, a.Status, a.Status.Chinese(), a.AwardedAt, a.LastActivityAt,
                a.LastActivityAt.AddDays(c.AbandonAfterDays),
                a.Shares.Select(s => new AwardShareDto(s.EngineerId, Name(s.EngineerId), s.SharePercent,
                    released.GetValueOrDefault((a.ApplicationId, s.EngineerId)))).ToList())).ToList(),
            details ? c.Verifications.Select(v => new VerificationDto(v.VerifierName, v.Location, v.Passed, v.Report, v.VerifiedAt)).ToList() : [],
            c.Evaluations.OrderBy(e => e.MonthsAfterSettlement).Select(e => new EvaluationDto(e.MonthsAfterSettlement, e.Rating, e.CostSaved, e.OutputAdded, e.Note, e.RecordedAt)).ToList(),
            seesMoney
                ? new LedgerDto(c.Committed, c.Released, c.Voided, c.Outstanding,
                    c.Ledger.OrderBy(e => e.At).Select(e => new LedgerEntryDto(e.Kind, e.Kind.Chinese(), e.Amount, e.MilestoneId, e.EngineerId, e.EngineerId is null ? null : Name(e.EngineerId), e.At)).ToList())
                : null,
            actor.Party == ChallengeParty.Owner ? c.PanelUserIds : null,
            actor.Party == ChallengeParty.Owner ? c.InvitedEngineerIds.Count : null,
            staff
                ? c.Audit.OrderBy(a => a.At).Select(a => new AuditDto(a.At, ChallengeLifecycle.PartyName(a.Party), ChallengeLifecycle.RuleFor(a.Action).ChineseName, a.From.Chinese(), a.To.Chinese(), a.Reason)).ToList()
                : null,
            c.Version);
    }
}
