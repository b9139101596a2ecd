using Marketplace.Domain.Accreditation;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Marketplace.Infrastructure.Persistence.Configurations;

/// <summary>
/// Rounds and applications keep their parts (conditions, self-assessment, objections, audit trail) as jsonb on their
/// own row: they are only ever read with it, and every change then rewrites the row, so its xmin guards the whole
/// aggregate. Score sheets are rows of their own, one per expert and application, so two experts scoring the same
/// application never conflict.
/// </summary>
internal sealed class AccreditationRoundConfiguration : IEntityTypeConfiguration<AccreditationRound>
{
    public void Configure(EntityTypeBuilder<AccreditationRound> b)
    {
        b.ToTable("accreditation_rounds");
        b.HasKey(r => r.Id);
        b.Property(r => r.Id).ValueGeneratedNever();
        b.Property(r => r.Name).HasMaxLength(AccreditationRound.NameMaxLength);
        b.Property(r => r.RegionCode).HasMaxLength(6);
        b.Property(r => r.RubricVersion).HasMaxLength(32);
        b.Property(r => r.ConditionsVersion).HasMaxLength(32);
        b.Property(r => r.Status).HasConversion<string>().HasMaxLength(16);
        b.Property(r => r.Version).IsRowVersion();
        b.Ignore(r => r.Trim);
        b.HasIndex(r => new { r.Status, r.ApplicationClosesAt });
        b.OwnsMany(r => r.Audit, a =>
        {
            a.ToJson("audit");
            a.Property(x => x.Party).HasConversion<string>();
        });
        b.Navigation(r => r.Audit).HasField("_audit").UsePropertyAccessMode(PropertyAccessMode.Field);
    }
}

internal sealed class CenterApplicationConfiguration : IEntityTypeConfiguration<CenterApplication>
{
    public void Configure(EntityTypeBuilder<CenterApplication> b)
    {
        b.ToTable("center_applications");
        b.HasKey(a => a.Id);
        b.Property(a => a.Id).ValueGeneratedNever();
        b.Property(a => a.RegionCode).HasMaxLength(6);
        b.Property(a => a.RubricVersion).HasMaxLength(32);
        b.Property(a => a.ConditionsVersion).HasMaxLength(32);
        b.Property(a => a.Status).HasConversion<string>().HasMaxLength(24);
        b.Property(a => a.ConstructionPlan).HasMaxLength(CenterApplication.PlanMaxLength);
        b.Property(a => a.RecognitionDocumentNumber).HasMaxLength(CenterApplication.DocumentNumberMaxLength);
        b.Property(a => a.ExpertUserIds).HasDefaultValueSql("'{}'::uuid[]");
        b.Property(a => a.Version).IsRowVersion();
        b.Ignore(a => a.IsUnqualified);

        // The authority reads a round's applications by state; an applicant its own; an expert those assigned to them.
        b.HasIndex(a => new { a.RoundId, a.Status });
        b.HasIndex(a => a.ApplicantOrganizationId);
        b.HasIndex(a => a.ExpertUserIds).HasMethod("gin");
        b.HasOne<AccreditationRound>().WithMany().HasForeignKey(a => a.RoundId).OnDelete(DeleteBehavior.Restrict);
        b.HasOne<Marketplace.Domain.Organizations.Organization>().WithMany().HasForeignKey(a => a.ApplicantOrganizationId).OnDelete(DeleteBehavior.Restrict);

        b.OwnsMany(a => a.Conditions, c => c.ToJson("conditions"));
        b.OwnsMany(a => a.SelfAssessment, s =>
        {
            s.ToJson("self_assessment");
            s.Property(x => x.Points).HasPrecision(5, 2);
        });
        b.OwnsMany(a => a.Objections, o =>
        {
            o.ToJson("objections");
            o.Property(x => x.Status).HasConversion<string>();
        });
        b.OwnsMany(a => a.Audit, a =>
        {
            a.ToJson("audit");
            a.Property(x => x.Party).HasConversion<string>();
        });
        b.OwnsOne(a => a.Score, s => s.ToJson("score"));
        b.Navigation(a => a.Conditions).HasField("_conditions").UsePropertyAccessMode(PropertyAccessMode.Field);
        b.Navigation(a => a.SelfAssessment).HasField("_selfAssessment").UsePropertyAccessMode(PropertyAccessMode.Field);
        b.Navigation(a => a.Objections).HasField("_objections").UsePropertyAccessMode(PropertyAccessMode.Field);
        b.Navigation(a => a.Audit).HasField("_audit").UsePropertyAccessMode(PropertyAccessMode.Field);
    }
}

internal sealed class ExpertScoreSheetConfiguration : IEntityTypeConfiguration<ExpertScoreSheet>
{
    public void Configure(EntityTypeBuilder<ExpertScoreSheet> b)
    {
        b.ToTable("accreditation_score_sheets");
        b.HasKey(s => s.Id);
        b.Property(s => s.Id).ValueGeneratedNever();
        b.Property(s => s.RubricVersion).HasMaxLength(32);
        b.Property(s => s.VetoCode).HasMaxLength(16);
        b.Property(s => s.VetoReason).HasMaxLength(ExpertScoreSheet.ReasonMaxLength);

        // The domain class has no version of its own; a shadow xmin still refuses two saves of one sheet at once.
        b.Property<uint>("xmin").HasColumnName("xmin").IsRowVersion();
        b.Ignore(s => s.HasVeto);
        b.Ignore(s => s.IsSubmitted);
        b.HasIndex(s => new { s.ApplicationId, s.ExpertId }).IsUnique();
        b.HasIndex(s => s.ExpertId);
        b.HasOne<CenterApplication>().WithMany().HasForeignKey(s => s.ApplicationId).OnDelete(DeleteBehavior.Cascade);

        b.OwnsMany(s => s.Marks, m =>
        {
            m.ToJson("marks");
            m.Property(x => x.Points).HasPrecision(5, 2);
        });
        b.OwnsMany(s => s.BonusClaims, c =>
        {
            c.ToJson("bonus_claims");
            c.Property(x => x.Points).HasPrecision(5, 2);
            c.PrimitiveCollection(x => x.Evidence).HasField("_evidence").UsePropertyAccessMode(PropertyAccessMode.Field);
        });
        b.Navigation(s => s.Marks).HasField("_marks").UsePropertyAccessMode(PropertyAccessMode.Field);
        b.Navigation(s => s.BonusClaims).HasField("_claims").UsePropertyAccessMode(PropertyAccessMode.Field);
    }
}

/// <summary>Evidence bytes in PostgreSQL, as for credentials (decision 32); listings project the columns without the bytes.</summary>
internal sealed class ApplicationEvidenceFileConfiguration : IEntityTypeConfiguration<ApplicationEvidenceFile>
{
    public void Configure(EntityTypeBuilder<ApplicationEvidenceFile> b)
    {
        b.ToTable("accreditation_evidence_files");
        b.HasKey(f => f.Id);
        b.Property(f => f.Id).ValueGeneratedNever();
        b.Property(f => f.FileName).HasMaxLength(Marketplace.Domain.Engineers.EvidenceFile.FileNameMaxLength);
        b.Property(f => f.ContentType).HasMaxLength(64);
        b.Ignore(f => f.Reference);
        b.HasIndex(f => f.ApplicationId);
        b.HasOne<CenterApplication>().WithMany().HasForeignKey(f => f.ApplicationId).OnDelete(DeleteBehavior.Cascade);
    }
}
