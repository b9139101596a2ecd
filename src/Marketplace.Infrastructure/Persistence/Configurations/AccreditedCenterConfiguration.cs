using Marketplace.Domain.Accreditation;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Marketplace.Infrastructure.Persistence.Configurations;

/// <summary>
/// A recognized center keeps its evaluations, reports and audit trail as jsonb on its own row (as applications do), so
/// its xmin guards the whole aggregate: a sweep raising a flag and the province revoking cannot both win.
/// </summary>
internal sealed class AccreditedCenterConfiguration : IEntityTypeConfiguration<AccreditedCenter>
{
    public void Configure(EntityTypeBuilder<AccreditedCenter> b)
    {
        b.ToTable("accredited_centers");
        b.HasKey(c => c.Id);
        b.Property(c => c.Id).ValueGeneratedNever();
        b.Property(c => c.RegionCode).HasMaxLength(6);
        b.Property(c => c.DocumentNumber).HasMaxLength(CenterApplication.DocumentNumberMaxLength);
        b.Property(c => c.Stage).HasConversion<string>().HasMaxLength(16);
        b.Property(c => c.RevocationReason).HasMaxLength(AccreditedCenter.ReasonMaxLength + 20);
        b.Property(c => c.FlaggedYears).HasDefaultValueSql("'{}'::integer[]");
        b.Property(c => c.RemindersSent).HasDefaultValueSql("'{}'::text[]");
        b.Property(c => c.Version).IsRowVersion();
        b.Ignore(c => c.IsRevoked);
        b.Ignore(c => c.PendingEvaluation);

        // One center per recognized application; the authority lists by stage, an operator reads its organization's.
        b.HasIndex(c => c.ApplicationId).IsUnique();
        b.HasIndex(c => c.OrganizationId);
        b.HasIndex(c => c.Stage);
        b.HasOne<CenterApplication>().WithMany().HasForeignKey(c => c.ApplicationId).OnDelete(DeleteBehavior.Cascade);
        b.HasOne<Marketplace.Domain.Organizations.Organization>().WithMany().HasForeignKey(c => c.OrganizationId).OnDelete(DeleteBehavior.Restrict);

        b.OwnsMany(c => c.Evaluations, e =>
        {
            e.ToJson("evaluations");
            e.Property(x => x.Period).HasConversion<string>();
        });
        b.OwnsMany(c => c.Reports, r => r.ToJson("reports"));
        b.OwnsMany(c => c.SelfAssessments, a =>
        {
            a.ToJson("self_assessments");
            a.Property(x => x.Period).HasConversion<string>();
            a.OwnsMany(x => x.Marks, m => m.Property(x => x.Points).HasPrecision(5, 2));
        });
        b.OwnsMany(c => c.Audit, a =>
        {
            a.ToJson("audit");
            a.Property(x => x.Party).HasConversion<string>();
        });
        b.Navigation(c => c.Evaluations).HasField("_evaluations").UsePropertyAccessMode(PropertyAccessMode.Field);
        b.Navigation(c => c.Reports).HasField("_reports").UsePropertyAccessMode(PropertyAccessMode.Field);
        b.Navigation(c => c.SelfAssessments).HasField("_selfAssessments").UsePropertyAccessMode(PropertyAccessMode.Field);
        b.Navigation(c => c.Audit).HasField("_audit").UsePropertyAccessMode(PropertyAccessMode.Field);
    }
}

/// <summary>Annual report attachments, bytes in PostgreSQL as for application evidence (decision 32).</summary>
internal sealed class AnnualReportFileConfiguration : IEntityTypeConfiguration<AnnualReportFile>
{
    public void Configure(EntityTypeBuilder<AnnualReportFile> b)
    {
        b.ToTable("annual_report_files");
        b.HasKey(f => f.Id);
        b.Property(f => f.Id).ValueGeneratedNever();
        b.Property(f => f.FileName).HasMaxLength(Marketplace.Domain.Engineers.EvidenceFile.FileNameMaxLength);
        b.Property(f => f.ContentType).HasMaxLength(128); // a generated .docx is application/vnd.openxmlformats-officedocument.wordprocessingml.document (71)
        b.HasIndex(f => new { f.CenterId, f.Year });
        b.HasOne<AccreditedCenter>().WithMany().HasForeignKey(f => f.CenterId).OnDelete(DeleteBehavior.Cascade);
    }
}
