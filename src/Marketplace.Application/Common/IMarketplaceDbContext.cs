using Marketplace.Domain.Engineers;
using Marketplace.Domain.Organizations;
using Marketplace.Domain.Reference;
using Microsoft.EntityFrameworkCore;

namespace Marketplace.Application.Common;

/// <summary>
/// The handlers' view of the database. Handlers query and change aggregates through it directly
/// (no repositories, see docs/decisions.md); SaveChangesAsync is the one transaction of a use case.
/// </summary>
public interface IMarketplaceDbContext
{
    DbSet<Organization> Organizations { get; }

    DbSet<EngineerProfile> Engineers { get; }

    DbSet<EngineerCredential> EngineerCredentials { get; }

    /// <summary>Evidence file bytes, read only when a file is downloaded.</summary>
    DbSet<CredentialEvidence> CredentialEvidence { get; }

    DbSet<Marketplace.Domain.Challenges.Challenge> Challenges { get; }

    DbSet<Marketplace.Domain.Challenges.ChallengeApplication> ChallengeApplications { get; }

    DbSet<Marketplace.Domain.Accreditation.AccreditationRound> AccreditationRounds { get; }

    DbSet<Marketplace.Domain.Accreditation.CenterApplication> CenterApplications { get; }

    /// <summary>专家评分表 of center applications, one per expert and application.</summary>
    DbSet<Marketplace.Domain.Accreditation.ExpertScoreSheet> ScoreSheets { get; }

    /// <summary>Evidence files of center applications (bytes included; project them away when listing).</summary>
    DbSet<Marketplace.Domain.Accreditation.ApplicationEvidenceFile> ApplicationEvidenceFiles { get; }

    /// <summary>Recognized centers after 发文认定: stage, evaluations, annual reports, flags (issue 7).</summary>
    DbSet<Marketplace.Domain.Accreditation.AccreditedCenter> AccreditedCenters { get; }

    /// <summary>Annual report attachments (bytes included; project them away when listing).</summary>
    DbSet<Marketplace.Domain.Accreditation.AnnualReportFile> AnnualReportFiles { get; }

    /// <summary>曝光记录: which engineers were shown for which challenge (the matching model's training rows start here).</summary>
    DbSet<Marketplace.Domain.Matching.MatchImpression> MatchImpressions { get; }

    /// <summary>培训活动 of centers and studios, with their trainees.</summary>
    DbSet<Marketplace.Domain.Training.TrainingEvent> TrainingEvents { get; }

    /// <summary>传帮带 mentor–trainee pairs.</summary>
    DbSet<Marketplace.Domain.Training.MentorPairing> MentorPairings { get; }

    /// <summary>卓越工程师带培工作室, from application to the end of the build cycle.</summary>
    DbSet<Marketplace.Domain.Accreditation.MentoringStudio> MentoringStudios { get; }

    /// <summary>Materials (附件2) and fund vouchers of studios (bytes included; project them away when listing).</summary>
    DbSet<Marketplace.Domain.Accreditation.StudioFile> StudioFiles { get; }

    DbSet<IndustryCluster> Clusters { get; }

    DbSet<Skill> Skills { get; }

    DbSet<Region> Regions { get; }

    DbSet<TitleDefinition> Titles { get; }

    DbSet<TierDefinition> Tiers { get; }

    DbSet<ServiceType> ServiceTypes { get; }

    DbSet<Marketplace.Domain.Notifications.Notification> Notifications { get; }

    /// <summary>在线问诊 (issue 6); messages and attachments are rows of their own, never loaded with it.</summary>
    DbSet<Marketplace.Domain.Live.Consultation> Consultations { get; }

    DbSet<Marketplace.Domain.Live.ConsultationMessage> ConsultationMessages { get; }

    /// <summary>Files sent in consultations (bytes included; project them away when listing).</summary>
    DbSet<Marketplace.Domain.Live.ConsultationAttachment> ConsultationAttachments { get; }

    /// <summary>一对多撮合 sessions and their invitations; 对接会 events group several.</summary>
    DbSet<Marketplace.Domain.Live.MatchingSession> MatchingSessions { get; }

    DbSet<Marketplace.Domain.Live.SessionInvitation> SessionInvitations { get; }

    DbSet<Marketplace.Domain.Live.MatchingEvent> MatchingEvents { get; }

    /// <summary>填报成果 (standards, IP, shared equipment, funds) entered with evidence (issue 8).</summary>
    DbSet<Marketplace.Domain.Outcomes.OutcomeEntry> OutcomeEntries { get; }

    /// <summary>Evidence files of outcome entries (bytes included; project them away when listing).</summary>
    DbSet<Marketplace.Domain.Outcomes.OutcomeEvidenceFile> OutcomeEvidenceFiles { get; }

    /// <summary>Per center and year: targets, report narrative, self-assessment, submission (never the figures).</summary>
    DbSet<Marketplace.Domain.Outcomes.CenterReportYear> CenterReportYears { get; }

    /// <summary>The accounts holding a role (e.g. every center operator, to tell them a listing awaits review).</summary>
    IQueryable<Guid> UserIdsInRole(string role);

    /// <summary>Forgets every loaded entity and pending change, so a use case can reload and try again after a conflict.</summary>
    void DiscardChanges();

    /// <summary>Read-only projection of sign-in accounts (the Identity tables belong to Infrastructure).</summary>
    IQueryable<UserAccount> UserAccounts { get; }

    Task<int> SaveChangesAsync(CancellationToken cancellationToken = default);
}

/// <summary>Init-only members (not a positional record) so EF can translate filters on the projection.</summary>
public sealed record UserAccount
{
    public Guid Id { get; init; }

    public string Email { get; init; } = "";

    public string DisplayName { get; init; } = "";

    public Guid? OrganizationId { get; init; }
}
