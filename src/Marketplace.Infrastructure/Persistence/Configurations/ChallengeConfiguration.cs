using Marketplace.Domain.Challenges;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Marketplace.Infrastructure.Persistence.Configurations;

/// <summary>
/// A listing and its parts. Parts that reports and queries read across listings (awards, milestones, questions, the
/// ledger and the audit trail) get tables of their own; parts only ever read with their listing (NDA acceptances,
/// verifications, evaluations) are jsonb. Every change to a part also stamps the listing row, so the listing's xmin
/// guards the whole aggregate.
/// </summary>
internal sealed class ChallengeConfiguration : IEntityTypeConfiguration<Challenge>
{
    public void Configure(EntityTypeBuilder<Challenge> b)
    {
        b.ToTable("challenges");
        b.HasKey(c => c.Id);
        b.Property(c => c.Title).HasMaxLength(Challenge.TitleMaxLength);
        b.Property(c => c.Description).HasMaxLength(Challenge.DescriptionMaxLength);
        b.Property(c => c.ClusterCode).HasMaxLength(50);
        b.Property(c => c.ServiceTypeCode).HasMaxLength(50);
        b.Property(c => c.CityCode).HasMaxLength(6);
        b.Property(c => c.Bounty).HasPrecision(14, 2);
        b.Property(c => c.SupportAmount).HasPrecision(14, 2);
        b.Property(c => c.SupportNote).HasMaxLength(Challenge.ReasonMaxLength);
        b.Property(c => c.Status).HasConversion<string>().HasMaxLength(32);
        b.Property(c => c.IpArrangement).HasConversion<string>().HasMaxLength(32);
        b.Property(c => c.Confidentiality).HasConversion<string>().HasMaxLength(32);
        b.Property(c => c.Version).IsRowVersion();
        b.HasIndex(c => new { c.Status, c.ApplicationDeadline });
        b.HasIndex(c => c.OwnerOrganizationId);
        b.HasIndex(c => c.ClusterCode);
        b.HasIndex(c => c.SkillCodes).HasMethod("gin");
        b.HasOne<Marketplace.Domain.Organizations.Organization>().WithMany().HasForeignKey(c => c.OwnerOrganizationId).OnDelete(DeleteBehavior.Restrict);
        b.Ignore(c => c.ActiveAwards);
        b.Property(c => c.PanelUserIds).HasDefaultValueSql("'{}'::uuid[]");

        b.OwnsMany(c => c.Awards, a =>
        {
            a.ToTable("challenge_awards");
            a.WithOwner().HasForeignKey("ChallengeId");
            a.HasKey("ChallengeId", nameof(ChallengeAward.ApplicationId));
            a.Property(x => x.Status).HasConversion<string>().HasMaxLength(16);
            a.OwnsMany(x => x.Shares, s =>
            {
                s.ToTable("challenge_award_shares");
                s.WithOwner().HasForeignKey("ChallengeId", "ApplicationId");
                s.HasKey("ChallengeId", "ApplicationId", nameof(AwardShare.EngineerId));
            });
        });
        b.OwnsMany(c => c.Milestones, m =>
        {
            m.ToTable("challenge_milestones");
            m.WithOwner().HasForeignKey("ChallengeId");
            m.HasKey(x => x.Id);
            m.Property(x => x.Id).ValueGeneratedNever();
            m.Property(x => x.Title).HasMaxLength(Milestone.TitleMaxLength);
            m.Property(x => x.Amount).HasPrecision(14, 2);
            m.Property(x => x.Status).HasConversion<string>().HasMaxLength(16);
            m.Property(x => x.DeliveryNote).HasMaxLength(Milestone.NoteMaxLength);
            m.Property(x => x.ReviewComment).HasMaxLength(Milestone.NoteMaxLength);
        });
        b.OwnsMany(c => c.Questions, q =>
        {
            q.ToTable("challenge_questions");
            q.WithOwner().HasForeignKey("ChallengeId");
            q.HasKey(x => x.Id);
            q.Property(x => x.Id).ValueGeneratedNever();
            q.Property(x => x.Text).HasMaxLength(ChallengeQuestion.TextMaxLength);
            q.Property(x => x.Answer).HasMaxLength(ChallengeQuestion.TextMaxLength);
        });
        b.OwnsMany(c => c.Ledger, l =>
        {
            l.ToTable("challenge_ledger");
            l.WithOwner().HasForeignKey("ChallengeId");
            l.HasKey(x => x.Id);
            l.Property(x => x.Id).ValueGeneratedNever();
            l.Property(x => x.Kind).HasConversion<string>().HasMaxLength(16);
            l.Property(x => x.Amount).HasPrecision(14, 2);
            l.HasIndex(x => x.EngineerId);
        });
        b.OwnsMany(c => c.Audit, a =>
        {
            a.ToTable("challenge_audit");
            a.WithOwner().HasForeignKey("ChallengeId");
            a.Property<long>("Id").UseIdentityAlwaysColumn();
            a.HasKey("Id");
            a.Property(x => x.Party).HasConversion<string>().HasMaxLength(16);
            a.Property(x => x.Action).HasConversion<string>().HasMaxLength(32);
            a.Property(x => x.From).HasConversion<string>().HasMaxLength(32);
            a.Property(x => x.To).HasConversion<string>().HasMaxLength(32);
            a.Property(x => x.Reason).HasMaxLength(Challenge.DescriptionMaxLength + 100);
        });
        b.OwnsMany(c => c.NdaAcceptances, n => n.ToJson());
        b.OwnsMany(c => c.Verifications, v => v.ToJson());
        b.OwnsMany(c => c.Evaluations, e =>
        {
            e.ToJson();
            e.Property(x => x.CostSaved).HasPrecision(16, 2);
            e.Property(x => x.OutputAdded).HasPrecision(16, 2);
        });

        foreach (var navigation in new[] { "Awards", "Milestones", "Questions", "Ledger", "Audit", "NdaAcceptances", "Verifications", "Evaluations" })
        {
            b.Navigation(navigation).UsePropertyAccessMode(PropertyAccessMode.Field);
        }
    }
}

internal sealed class ChallengeApplicationConfiguration : IEntityTypeConfiguration<ChallengeApplication>
{
    public void Configure(EntityTypeBuilder<ChallengeApplication> b)
    {
        b.ToTable("challenge_applications");
        b.HasKey(a => a.Id);
        b.Property(a => a.Proposal).HasMaxLength(ChallengeApplication.ProposalMaxLength);
        b.Property(a => a.Plan).HasMaxLength(ChallengeApplication.PlanMaxLength);
        b.Property(a => a.Quote).HasPrecision(14, 2);
        b.Property(a => a.Status).HasConversion<string>().HasMaxLength(16);
        b.Property(a => a.Version).IsRowVersion();
        b.Ignore(a => a.IsTeam);
        b.Ignore(a => a.AverageScore);
        b.HasIndex(a => new { a.ChallengeId, a.Status });
        b.HasIndex(a => a.LeadEngineerId);
        b.HasOne<Challenge>().WithMany().HasForeignKey(a => a.ChallengeId).OnDelete(DeleteBehavior.Cascade);

        b.OwnsMany(a => a.Members, m =>
        {
            m.ToTable("challenge_team_members");
            m.WithOwner().HasForeignKey("ApplicationId");
            m.HasKey("ApplicationId", nameof(TeamMember.EngineerId));
            m.HasIndex(x => x.EngineerId);
        });
        b.OwnsMany(a => a.Scores, s =>
        {
            s.ToJson();
            s.Property(x => x.Total).HasPrecision(5, 2);
            s.OwnsMany(x => x.Marks);
        });
        b.Navigation(a => a.Members).UsePropertyAccessMode(PropertyAccessMode.Field);
        b.Navigation(a => a.Scores).UsePropertyAccessMode(PropertyAccessMode.Field);
    }
}
