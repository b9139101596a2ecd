using System.Text.Json;
using Marketplace.Domain.Accreditation;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.ChangeTracking;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Marketplace.Infrastructure.Persistence.Configurations;

/// <summary>
/// A studio is one row: its parts (sign-offs, opinions, objections, fund entries, audit) are jsonb on it, so every step
/// rewrites the row and its xmin guards the whole aggregate — two spendings saved at once cannot both pass the balance
/// check. The form is jsonb keyed by the seed's codes (decision 4x), serialized as it is because its shape is data.
/// </summary>
internal sealed class MentoringStudioConfiguration : IEntityTypeConfiguration<MentoringStudio>
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public void Configure(EntityTypeBuilder<MentoringStudio> b)
    {
        b.ToTable("mentoring_studios");
        b.HasKey(s => s.Id);
        b.Property(s => s.Id).ValueGeneratedNever();
        b.Property(s => s.RegionCode).HasMaxLength(6);
        b.Property(s => s.ProgrammeVersion).HasMaxLength(32);
        b.Property(s => s.Status).HasConversion<string>().HasMaxLength(24);
        b.Property(s => s.RecognitionDocumentNumber).HasMaxLength(MentoringStudio.DocumentNumberMaxLength);
        b.Property(s => s.RevocationReason).HasMaxLength(MentoringStudio.ReasonMaxLength + 20);
        b.Property(s => s.FundGrantedYuan).HasPrecision(12, 2);
        b.Property(s => s.RecoveredYuan).HasPrecision(12, 2);
        b.Property(s => s.ExpertUserIds).HasDefaultValueSql("'{}'::uuid[]");
        b.Property(s => s.Version).IsRowVersion();
        b.Property(s => s.Form)
            .HasColumnType("jsonb")
            .HasConversion(
                f => JsonSerializer.Serialize(f, Json),
                text => JsonSerializer.Deserialize<StudioForm>(text, Json) ?? StudioForm.Empty,
                new ValueComparer<StudioForm>(
                    (x, y) => JsonSerializer.Serialize(x, Json) == JsonSerializer.Serialize(y, Json),
                    f => JsonSerializer.Serialize(f, Json).GetHashCode(StringComparison.Ordinal),
                    f => JsonSerializer.Deserialize<StudioForm>(JsonSerializer.Serialize(f, Json), Json)!));
        b.Ignore(s => s.FundSpentYuan);
        b.Ignore(s => s.FundBalanceYuan);
        b.Ignore(s => s.ReEvaluationDueBy);
        b.Ignore(s => s.IsBuilding);

        // Queues read by state (province), by region (city), by enterprise, and by assigned expert.
        b.HasIndex(s => new { s.Status, s.RegionCode });
        b.HasIndex(s => s.ApplicantOrganizationId);
        b.HasIndex(s => s.ExpertUserIds).HasMethod("gin");
        b.HasOne<Marketplace.Domain.Organizations.Organization>().WithMany().HasForeignKey(s => s.ApplicantOrganizationId).OnDelete(DeleteBehavior.Restrict);
        b.HasOne<Marketplace.Domain.Engineers.EngineerProfile>().WithMany().HasForeignKey(s => s.HostEngineerId).OnDelete(DeleteBehavior.Restrict);

        b.OwnsMany(s => s.SignOffs, o =>
        {
            o.ToJson("city_sign_offs");
            o.Property(x => x.Desk).HasConversion<string>();
        });
        b.OwnsMany(s => s.Opinions, o => o.ToJson("expert_opinions"));
        b.OwnsMany(s => s.Objections, o =>
        {
            o.ToJson("objections");
            o.Property(x => x.Status).HasConversion<string>();
        });
        b.OwnsMany(s => s.FundEntries, e =>
        {
            e.ToJson("fund_entries");
            e.Property(x => x.Amount).HasPrecision(12, 2);
        });
        b.OwnsMany(s => s.Audit, a =>
        {
            a.ToJson("audit");
            a.Property(x => x.Party).HasConversion<string>();
        });
        b.Navigation(s => s.SignOffs).HasField("_signOffs").UsePropertyAccessMode(PropertyAccessMode.Field);
        b.Navigation(s => s.Opinions).HasField("_opinions").UsePropertyAccessMode(PropertyAccessMode.Field);
        b.Navigation(s => s.Objections).HasField("_objections").UsePropertyAccessMode(PropertyAccessMode.Field);
        b.Navigation(s => s.FundEntries).HasField("_fundEntries").UsePropertyAccessMode(PropertyAccessMode.Field);
        b.Navigation(s => s.Audit).HasField("_audit").UsePropertyAccessMode(PropertyAccessMode.Field);
    }
}

/// <summary>Studio files' bytes in PostgreSQL, as for center evidence (decision 32); listings project the bytes away.</summary>
internal sealed class StudioFileConfiguration : IEntityTypeConfiguration<StudioFile>
{
    public void Configure(EntityTypeBuilder<StudioFile> b)
    {
        b.ToTable("studio_files");
        b.HasKey(f => f.Id);
        b.Property(f => f.Id).ValueGeneratedNever();
        b.Property(f => f.Purpose).HasMaxLength(16);
        b.Property(f => f.FileName).HasMaxLength(Marketplace.Domain.Engineers.EvidenceFile.FileNameMaxLength);
        b.Property(f => f.ContentType).HasMaxLength(64);
        b.HasIndex(f => new { f.StudioId, f.Purpose });
        b.HasOne<MentoringStudio>().WithMany().HasForeignKey(f => f.StudioId).OnDelete(DeleteBehavior.Cascade);
    }
}
