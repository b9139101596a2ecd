using Marketplace.Domain.Live;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Marketplace.Infrastructure.Persistence.Configurations;

internal sealed class ConsultationConfiguration : IEntityTypeConfiguration<Consultation>
{
    public void Configure(EntityTypeBuilder<Consultation> b)
    {
        b.ToTable("consultations");
        b.HasKey(c => c.Id);
        // xmin guards the sequence counter: two messages saved at once cannot take the same number.
        b.Property(c => c.Version).IsRowVersion();
        b.Property(c => c.Topic).HasMaxLength(Consultation.TopicMaxLength);
        b.Property(c => c.Question).HasMaxLength(Consultation.QuestionMaxLength);
        b.Property(c => c.DeclineReason).HasMaxLength(Consultation.ReasonMaxLength);
        b.Property(c => c.RatingComment).HasMaxLength(Consultation.ReasonMaxLength);
        b.Property(c => c.Price).HasPrecision(14, 2);
        b.Property(c => c.Status).HasConversion<string>().HasMaxLength(16);
        b.Ignore(c => c.IsPaid);
        b.Ignore(c => c.Duration);
        b.HasIndex(c => new { c.RequestedByUserId, c.CreatedAt });
        b.HasIndex(c => new { c.EngineerUserId, c.CreatedAt });
        b.HasIndex(c => c.CenterOrganizationId).HasFilter("center_organization_id IS NOT NULL");
        b.HasOne<Marketplace.Domain.Organizations.Organization>().WithMany().HasForeignKey(c => c.CompanyOrganizationId).OnDelete(DeleteBehavior.Restrict);
        b.HasOne<Marketplace.Domain.Organizations.Organization>().WithMany().HasForeignKey(c => c.CenterOrganizationId).OnDelete(DeleteBehavior.Restrict);
        b.HasOne<Marketplace.Domain.Engineers.EngineerProfile>().WithMany().HasForeignKey(c => c.EngineerId).OnDelete(DeleteBehavior.Restrict);
        b.HasOne<Marketplace.Infrastructure.Identity.AppUser>().WithMany().HasForeignKey(c => c.RequestedByUserId).OnDelete(DeleteBehavior.Restrict);
    }
}

internal sealed class ConsultationMessageConfiguration : IEntityTypeConfiguration<ConsultationMessage>
{
    public void Configure(EntityTypeBuilder<ConsultationMessage> b)
    {
        b.ToTable("consultation_messages");
        b.HasKey(m => m.Id);
        b.Property(m => m.Text).HasMaxLength(ConsultationMessage.TextMaxLength);
        // The resync query ("after seq N") walks this index; uniqueness is the last line of defence for the numbering.
        b.HasIndex(m => new { m.ConsultationId, m.Seq }).IsUnique();
        b.HasOne<Consultation>().WithMany().HasForeignKey(m => m.ConsultationId).OnDelete(DeleteBehavior.Cascade);
        b.HasOne<ConsultationAttachment>().WithMany().HasForeignKey(m => m.AttachmentId).OnDelete(DeleteBehavior.Restrict);
    }
}

internal sealed class ConsultationAttachmentConfiguration : IEntityTypeConfiguration<ConsultationAttachment>
{
    public void Configure(EntityTypeBuilder<ConsultationAttachment> b)
    {
        b.ToTable("consultation_attachments");
        b.HasKey(a => a.Id);
        b.Property(a => a.FileName).HasMaxLength(ConsultationAttachment.FileNameMaxLength);
        b.Property(a => a.ContentType).HasMaxLength(64);
        b.HasIndex(a => a.ConsultationId);
        b.HasOne<Consultation>().WithMany().HasForeignKey(a => a.ConsultationId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class MatchingSessionConfiguration : IEntityTypeConfiguration<MatchingSession>
{
    public void Configure(EntityTypeBuilder<MatchingSession> b)
    {
        b.ToTable("matching_sessions");
        b.HasKey(s => s.Id);
        b.Property(s => s.Version).IsRowVersion();
        b.Property(s => s.Title).HasMaxLength(MatchingSession.TitleMaxLength);
        b.Property(s => s.Description).HasMaxLength(MatchingSession.DescriptionMaxLength);
        b.Property(s => s.ClusterCode).HasMaxLength(32);
        b.Property(s => s.CityCode).HasMaxLength(16);
        b.Property(s => s.ModelVersion).HasMaxLength(64);
        b.Property(s => s.Bounty).HasPrecision(14, 2);
        b.Property(s => s.Status).HasConversion<string>().HasMaxLength(16);
        b.HasIndex(s => new { s.OwnerOrganizationId, s.StartedAt });
        b.HasIndex(s => s.EventId).HasFilter("event_id IS NOT NULL");
        b.HasOne<MatchingEvent>().WithMany().HasForeignKey(s => s.EventId).OnDelete(DeleteBehavior.Restrict);
        b.HasOne<Marketplace.Domain.Challenges.Challenge>().WithMany().HasForeignKey(s => s.ChallengeId).OnDelete(DeleteBehavior.Cascade);
        b.HasOne<Marketplace.Domain.Organizations.Organization>().WithMany().HasForeignKey(s => s.OwnerOrganizationId).OnDelete(DeleteBehavior.Restrict);
    }
}

internal sealed class SessionInvitationConfiguration : IEntityTypeConfiguration<SessionInvitation>
{
    public void Configure(EntityTypeBuilder<SessionInvitation> b)
    {
        b.ToTable("session_invitations");
        b.HasKey(i => i.Id);
        b.Property(i => i.Version).IsRowVersion();
        b.Property(i => i.EngineerName).HasMaxLength(50);
        b.Property(i => i.Note).HasMaxLength(SessionInvitation.TextMaxLength);
        b.Property(i => i.Answer).HasConversion<string>().HasMaxLength(16);
        b.HasIndex(i => new { i.SessionId, i.EngineerId }).IsUnique();
        b.HasIndex(i => i.EngineerUserId);
        b.HasOne<MatchingSession>().WithMany().HasForeignKey(i => i.SessionId).OnDelete(DeleteBehavior.Cascade);
        b.HasOne<Marketplace.Domain.Engineers.EngineerProfile>().WithMany().HasForeignKey(i => i.EngineerId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class MatchingEventConfiguration : IEntityTypeConfiguration<MatchingEvent>
{
    public void Configure(EntityTypeBuilder<MatchingEvent> b)
    {
        b.ToTable("matching_events");
        b.HasKey(e => e.Id);
        b.Property(e => e.Version).IsRowVersion();
        b.Property(e => e.Title).HasMaxLength(MatchingEvent.TitleMaxLength);
        b.Property(e => e.Description).HasMaxLength(MatchingSession.DescriptionMaxLength);
        b.Ignore(e => e.IsOpen);
        b.HasIndex(e => e.CreatedAt);
    }
}
