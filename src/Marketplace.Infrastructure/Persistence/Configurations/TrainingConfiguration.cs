using Marketplace.Domain.Training;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Marketplace.Infrastructure.Persistence.Configurations;

/// <summary>
/// Trainees are rows of their own (not jsonb) because the tallies count distinct people across every event in SQL;
/// they are still owned by the event, and every change to them also stamps the event row, so its xmin guards both.
/// </summary>
internal sealed class TrainingEventConfiguration : IEntityTypeConfiguration<TrainingEvent>
{
    public void Configure(EntityTypeBuilder<TrainingEvent> b)
    {
        b.ToTable("training_events");
        b.HasKey(e => e.Id);
        b.Property(e => e.Id).ValueGeneratedNever();
        b.Property(e => e.Programme).HasConversion<string>().HasMaxLength(16);
        b.Property(e => e.RegionCode).HasMaxLength(6);
        b.Property(e => e.KindCode).HasMaxLength(32);
        b.Property(e => e.Title).HasMaxLength(TrainingEvent.TitleMaxLength);
        b.Property(e => e.Hours).HasPrecision(7, 1);
        b.Property(e => e.Place).HasMaxLength(TrainingEvent.PlaceMaxLength);
        b.Property(e => e.OrganizerNote).HasMaxLength(TrainingEvent.NoteMaxLength);
        b.Property(e => e.Version).IsRowVersion();
        b.Ignore(e => e.HasResults);
        b.HasIndex(e => new { e.OwnerOrganizationId, e.Programme, e.EndDate });
        b.HasIndex(e => new { e.RegionCode, e.EndDate });
        b.HasOne<Marketplace.Domain.Organizations.Organization>().WithMany().HasForeignKey(e => e.OwnerOrganizationId).OnDelete(DeleteBehavior.Restrict);

        b.OwnsMany(e => e.Trainees, t =>
        {
            t.ToTable("training_trainees");
            t.WithOwner().HasForeignKey("EventId");
            t.HasKey(x => x.Id);
            t.Property(x => x.Id).ValueGeneratedNever();
            t.Property(x => x.Name).HasMaxLength(TrainingEvent.NameMaxLength);
            t.Property(x => x.Employer).HasMaxLength(TrainingEvent.NameMaxLength);
            t.Property(x => x.Title).HasConversion<string>().HasMaxLength(32);
            t.Property(x => x.Hours).HasPrecision(7, 1);
            t.Property(x => x.Result).HasConversion<string>().HasMaxLength(16);
            t.Property(x => x.CertificateNumber).HasMaxLength(TrainingEvent.CertificateMaxLength);
            t.Ignore(x => x.PersonKey);
            t.HasIndex(x => x.EngineerId);
            t.HasOne<Marketplace.Domain.Engineers.EngineerProfile>().WithMany().HasForeignKey(x => x.EngineerId).OnDelete(DeleteBehavior.Restrict);
        });
        b.Navigation(e => e.Trainees).HasField("_trainees").UsePropertyAccessMode(PropertyAccessMode.Field);
        b.OwnsMany(e => e.Audit, a => a.ToJson("audit"));
        b.Navigation(e => e.Audit).HasField("_audit").UsePropertyAccessMode(PropertyAccessMode.Field);
    }
}

internal sealed class MentorPairingConfiguration : IEntityTypeConfiguration<MentorPairing>
{
    public void Configure(EntityTypeBuilder<MentorPairing> b)
    {
        b.ToTable("mentor_pairings");
        b.HasKey(p => p.Id);
        b.Property(p => p.Id).ValueGeneratedNever();
        b.Property(p => p.Programme).HasConversion<string>().HasMaxLength(16);
        b.Property(p => p.RegionCode).HasMaxLength(6);
        b.Property(p => p.Goals).HasMaxLength(MentorPairing.GoalsMaxLength);
        b.Property(p => p.Status).HasConversion<string>().HasMaxLength(16);
        b.Property(p => p.StopReason).HasMaxLength(MentorPairing.NoteMaxLength);
        b.Property(p => p.OutcomeNote).HasMaxLength(MentorPairing.NoteMaxLength);
        b.Property(p => p.Version).IsRowVersion();
        b.HasIndex(p => new { p.OwnerOrganizationId, p.Programme, p.Status });
        b.HasIndex(p => p.RegionCode);
        b.HasOne<Marketplace.Domain.Organizations.Organization>().WithMany().HasForeignKey(p => p.OwnerOrganizationId).OnDelete(DeleteBehavior.Restrict);
        b.HasOne<Marketplace.Domain.Engineers.EngineerProfile>().WithMany().HasForeignKey(p => p.MentorEngineerId).OnDelete(DeleteBehavior.Restrict);
        b.HasOne<Marketplace.Domain.Engineers.EngineerProfile>().WithMany().HasForeignKey(p => p.TraineeEngineerId).OnDelete(DeleteBehavior.Restrict);
        b.OwnsMany(p => p.Audit, a => a.ToJson("audit"));
        b.Navigation(p => p.Audit).HasField("_audit").UsePropertyAccessMode(PropertyAccessMode.Field);
    }
}
