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

/// <summary>
/// A listing as the caller may see it. <see cref="Description"/> and <see cref="Questions"/> are null until an NDA
/// listing's NDA is accepted; <see cref="Audit"/> only for the owner and the center; <see cref="AllowedActions"/> are
/// what this caller can do now.
/// </summary>
public sealed record ChallengeDetailDto(
    Guid Id,
    Guid OwnerOrganizationId,
    string Title,
    string? Description,
    string ClusterCode,
    IReadOnlyList<string> SkillCodes,
    string ServiceTypeCode,
    decimal Bounty,
    decimal SupportAmount,
    string? SupportNote,
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
    bool DetailsVisible,
    string Party,
    IReadOnlyList<ChallengeActionDto> AllowedActions,
    IReadOnlyList<QuestionDto>? Questions,
    IReadOnlyList<AuditDto>? Audit,
    uint Version);

public static class ChallengeViews
{
    public static ChallengeDetailDto Detail(Challenge c, ChallengeActor actor)
    {
        var details = c.DetailsVisibleTo(actor);
        var staff = actor.Party is ChallengeParty.Owner or ChallengeParty.Operator;
        return new ChallengeDetailDto(
            c.Id, c.OwnerOrganizationId, c.Title, details ? c.Description : null, c.ClusterCode, c.SkillCodes, c.ServiceTypeCode,
            c.Bounty, c.SupportAmount, c.SupportNote, c.ApplicationDeadline, c.ExpectedDurationDays, c.CityCode, c.OnSiteRequired,
            c.IpArrangement, c.IpArrangement.Chinese(), c.Confidentiality, c.Confidentiality.Chinese(), c.RaceSlots, c.AbandonAfterDays,
            c.Status, c.Status.Chinese(), details, ChallengeLifecycle.PartyName(actor.Party),
            ChallengeLifecycle.AllowedFor(c.Status, actor.Party).Select(r => new ChallengeActionDto(r.Action, r.ChineseName)).ToList(),
            details ? c.Questions.OrderBy(q => q.AskedAt).Select(q => new QuestionDto(q.Id, q.Text, q.AskedAt, q.Answer, q.AnsweredAt)).ToList() : null,
            staff
                ? c.Audit.Select(a => new AuditDto(a.At, ChallengeLifecycle.PartyName(a.Party), ChallengeLifecycle.RuleFor(a.Action).ChineseName, a.From.Chinese(), a.To.Chinese(), a.Reason)).ToList()
                : null,
            c.Version);
    }
}
