using Marketplace.Application.Common;
using Marketplace.Domain.Engineers;
using Marketplace.Domain.Organizations;
using Marketplace.Domain.Reference;
using Marketplace.Infrastructure.Identity;
using Microsoft.AspNetCore.DataProtection.EntityFrameworkCore;
using Microsoft.AspNetCore.Identity.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore;

namespace Marketplace.Infrastructure.Persistence;

public sealed class MarketplaceDbContext(DbContextOptions<MarketplaceDbContext> options)
    : IdentityDbContext<AppUser, AppRole, Guid>(options), IMarketplaceDbContext, IDataProtectionKeyContext
{
    public DbSet<Organization> Organizations => Set<Organization>();

    public DbSet<EngineerProfile> Engineers => Set<EngineerProfile>();

    public DbSet<EngineerCredential> EngineerCredentials => Set<EngineerCredential>();

    public DbSet<CredentialEvidence> CredentialEvidence => Set<CredentialEvidence>();

    public DbSet<Marketplace.Domain.Challenges.Challenge> Challenges => Set<Marketplace.Domain.Challenges.Challenge>();

    public DbSet<Marketplace.Domain.Challenges.ChallengeApplication> ChallengeApplications => Set<Marketplace.Domain.Challenges.ChallengeApplication>();

    public DbSet<Marketplace.Domain.Accreditation.AccreditationRound> AccreditationRounds => Set<Marketplace.Domain.Accreditation.AccreditationRound>();

    public DbSet<Marketplace.Domain.Accreditation.CenterApplication> CenterApplications => Set<Marketplace.Domain.Accreditation.CenterApplication>();

    public DbSet<Marketplace.Domain.Accreditation.ExpertScoreSheet> ScoreSheets => Set<Marketplace.Domain.Accreditation.ExpertScoreSheet>();

    public DbSet<Marketplace.Domain.Accreditation.ApplicationEvidenceFile> ApplicationEvidenceFiles => Set<Marketplace.Domain.Accreditation.ApplicationEvidenceFile>();

    public DbSet<Marketplace.Domain.Accreditation.AccreditedCenter> AccreditedCenters => Set<Marketplace.Domain.Accreditation.AccreditedCenter>();

    public DbSet<Marketplace.Domain.Accreditation.AnnualReportFile> AnnualReportFiles => Set<Marketplace.Domain.Accreditation.AnnualReportFile>();

    public DbSet<Marketplace.Domain.Matching.MatchImpression> MatchImpressions => Set<Marketplace.Domain.Matching.MatchImpression>();

    public DbSet<Marketplace.Domain.Training.TrainingEvent> TrainingEvents => Set<Marketplace.Domain.Training.TrainingEvent>();

    public DbSet<Marketplace.Domain.Training.MentorPairing> MentorPairings => Set<Marketplace.Domain.Training.MentorPairing>();

    public DbSet<Marketplace.Domain.Accreditation.MentoringStudio> MentoringStudios => Set<Marketplace.Domain.Accreditation.MentoringStudio>();

    public DbSet<Marketplace.Domain.Accreditation.StudioFile> StudioFiles => Set<Marketplace.Domain.Accreditation.StudioFile>();

    public DbSet<IndustryCluster> Clusters => Set<IndustryCluster>();

    public DbSet<Skill> Skills => Set<Skill>();

    public DbSet<Region> Regions => Set<Region>();

    public DbSet<TitleDefinition> Titles => Set<TitleDefinition>();

    public DbSet<TierDefinition> Tiers => Set<TierDefinition>();

    public DbSet<ServiceType> ServiceTypes => Set<ServiceType>();

    /// <summary>Shared data-protection keys, so cookies and antiforgery tokens work across app instances.</summary>
    public DbSet<Microsoft.AspNetCore.DataProtection.EntityFrameworkCore.DataProtectionKey> DataProtectionKeys => Set<Microsoft.AspNetCore.DataProtection.EntityFrameworkCore.DataProtectionKey>();

    public DbSet<Marketplace.Domain.Notifications.Notification> Notifications => Set<Marketplace.Domain.Notifications.Notification>();

    public DbSet<Marketplace.Domain.Live.Consultation> Consultations => Set<Marketplace.Domain.Live.Consultation>();

    public DbSet<Marketplace.Domain.Live.ConsultationMessage> ConsultationMessages => Set<Marketplace.Domain.Live.ConsultationMessage>();

    public DbSet<Marketplace.Domain.Live.ConsultationAttachment> ConsultationAttachments => Set<Marketplace.Domain.Live.ConsultationAttachment>();

    public DbSet<Marketplace.Domain.Live.MatchingSession> MatchingSessions => Set<Marketplace.Domain.Live.MatchingSession>();

    public DbSet<Marketplace.Domain.Live.SessionInvitation> SessionInvitations => Set<Marketplace.Domain.Live.SessionInvitation>();

    public DbSet<Marketplace.Domain.Live.MatchingEvent> MatchingEvents => Set<Marketplace.Domain.Live.MatchingEvent>();

    public DbSet<Marketplace.Domain.Outcomes.OutcomeEntry> OutcomeEntries => Set<Marketplace.Domain.Outcomes.OutcomeEntry>();

    public DbSet<Marketplace.Domain.Outcomes.OutcomeEvidenceFile> OutcomeEvidenceFiles => Set<Marketplace.Domain.Outcomes.OutcomeEvidenceFile>();

    public DbSet<Marketplace.Domain.Outcomes.CenterReportYear> CenterReportYears => Set<Marketplace.Domain.Outcomes.CenterReportYear>();

    /// <summary>Notifications saved in the open transaction, pushed live once it commits (<see cref="Live.NotificationPushInterceptor"/>).</summary>
    internal List<Marketplace.Domain.Notifications.Notification> PendingPush { get; } = [];

    /// <summary>Engineers whose search documents must follow a committed change (filled by <see cref="Outbox.SearchOutboxInterceptor"/>).</summary>
    public DbSet<Outbox.SearchOutboxEntry> SearchOutbox => Set<Outbox.SearchOutboxEntry>();

    /// <summary>Outbox rows were saved and the worker has not been poked for them yet (their transaction may still be open).</summary>
    internal bool SearchOutboxWritten { get; set; }

    public IQueryable<Guid> UserIdsInRole(string role) =>
        from ur in UserRoles.AsNoTracking()
        join r in Roles.AsNoTracking() on ur.RoleId equals r.Id
        where r.Name == role
        select ur.UserId;

    public void DiscardChanges() => ChangeTracker.Clear();

    public IQueryable<UserAccount> UserAccounts =>
        Users.AsNoTracking().Select(u => new UserAccount
        {
            Id = u.Id,
            Email = u.Email ?? "",
            DisplayName = u.DisplayName,
            OrganizationId = u.OrganizationId,
        });

    protected override void OnModelCreating(ModelBuilder builder)
    {
        base.OnModelCreating(builder);

        // Identity's tables get short, plain names instead of asp_net_*.
        builder.Entity<AppUser>(b =>
        {
            b.ToTable("users");
            b.Property(u => u.DisplayName).HasMaxLength(50);
            b.HasOne<Organization>().WithMany().HasForeignKey(u => u.OrganizationId).OnDelete(DeleteBehavior.Restrict);
            b.HasIndex(u => u.OrganizationId);
        });
        builder.Entity<AppRole>().ToTable("roles");
        builder.Entity<Microsoft.AspNetCore.Identity.IdentityUserRole<Guid>>().ToTable("user_roles");
        builder.Entity<Microsoft.AspNetCore.Identity.IdentityUserClaim<Guid>>().ToTable("user_claims");
        builder.Entity<Microsoft.AspNetCore.Identity.IdentityUserLogin<Guid>>().ToTable("user_logins");
        builder.Entity<Microsoft.AspNetCore.Identity.IdentityUserToken<Guid>>().ToTable("user_tokens");
        builder.Entity<Microsoft.AspNetCore.Identity.IdentityRoleClaim<Guid>>().ToTable("role_claims");

        builder.ApplyConfigurationsFromAssembly(typeof(MarketplaceDbContext).Assembly);
    }
}
