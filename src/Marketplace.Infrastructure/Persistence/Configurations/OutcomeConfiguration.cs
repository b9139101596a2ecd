using System.Text.Json;
using Marketplace.Domain.Outcomes;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.ChangeTracking;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Marketplace.Infrastructure.Persistence.Configurations;

/// <summary>Outcome entries are rows (the calculator filters them by owner, kind and date); evidence bytes live apart.</summary>
internal sealed class OutcomeEntryConfiguration : IEntityTypeConfiguration<OutcomeEntry>
{
    public void Configure(EntityTypeBuilder<OutcomeEntry> b)
    {
        b.ToTable("outcome_entries");
        b.HasKey(e => e.Id);
        b.Property(e => e.Id).ValueGeneratedNever();
        b.Property(e => e.Kind).HasConversion<string>().HasMaxLength(32);
        b.Property(e => e.Subtype).HasMaxLength(32);
        b.Property(e => e.Title).HasMaxLength(OutcomeEntry.TitleMaxLength);
        b.Property(e => e.Detail).HasMaxLength(OutcomeEntry.DetailMaxLength);
        b.Property(e => e.Amount).HasPrecision(16, 2);
        b.Property(e => e.Source).HasConversion<string>().HasMaxLength(16);
        b.Property(e => e.EvidenceFileName).HasMaxLength(Marketplace.Domain.Engineers.EvidenceFile.FileNameMaxLength);
        b.Property(e => e.Version).IsRowVersion();
        b.Ignore(e => e.IsFund);
        b.Ignore(e => e.SubtypeName);
        b.Ignore(e => e.IsLedStandard);
        b.HasIndex(e => new { e.OwnerOrganizationId, e.OccurredOn });
        b.HasOne<Marketplace.Domain.Organizations.Organization>().WithMany().HasForeignKey(e => e.OwnerOrganizationId).OnDelete(DeleteBehavior.Restrict);
        b.HasOne<OutcomeEvidenceFile>().WithMany().HasForeignKey(e => e.EvidenceFileId).OnDelete(DeleteBehavior.Restrict);
    }
}

internal sealed class OutcomeEvidenceFileConfiguration : IEntityTypeConfiguration<OutcomeEvidenceFile>
{
    public void Configure(EntityTypeBuilder<OutcomeEvidenceFile> b)
    {
        b.ToTable("outcome_evidence_files");
        b.HasKey(f => f.Id);
        b.Property(f => f.Id).ValueGeneratedNever();
        b.Property(f => f.FileName).HasMaxLength(Marketplace.Domain.Engineers.EvidenceFile.FileNameMaxLength);
        b.Property(f => f.ContentType).HasMaxLength(64);
        b.HasIndex(f => f.OwnerOrganizationId);
    }
}

/// <summary>Targets, narratives and self-assessment are small maps read and written whole: jsonb text on the row.</summary>
internal sealed class CenterReportYearConfiguration : IEntityTypeConfiguration<CenterReportYear>
{
    public void Configure(EntityTypeBuilder<CenterReportYear> b)
    {
        b.ToTable("center_report_years");
        b.HasKey(y => y.Id);
        b.Property(y => y.Id).ValueGeneratedNever();
        b.HasIndex(y => new { y.CenterId, y.Year }).IsUnique();
        b.HasOne<Marketplace.Domain.Accreditation.AccreditedCenter>().WithMany().HasForeignKey(y => y.CenterId).OnDelete(DeleteBehavior.Cascade);
        b.Property(y => y.Version).IsRowVersion();
        Json(b.Property(y => y.Targets));
        Json(b.Property(y => y.Narratives));
        Json(b.Property(y => y.SelfAssessment));
    }

    private static void Json<TValue>(PropertyBuilder<Dictionary<string, TValue>> property) =>
        property.HasColumnType("jsonb")
            .HasConversion(
                v => JsonSerializer.Serialize(v, (JsonSerializerOptions?)null),
                v => JsonSerializer.Deserialize<Dictionary<string, TValue>>(v, (JsonSerializerOptions?)null) ?? new Dictionary<string, TValue>(),
                new ValueComparer<Dictionary<string, TValue>>(
                    (a, c) => JsonSerializer.Serialize(a, (JsonSerializerOptions?)null) == JsonSerializer.Serialize(c, (JsonSerializerOptions?)null),
                    v => JsonSerializer.Serialize(v, (JsonSerializerOptions?)null).GetHashCode(StringComparison.Ordinal),
                    v => JsonSerializer.Deserialize<Dictionary<string, TValue>>(JsonSerializer.Serialize(v, (JsonSerializerOptions?)null), (JsonSerializerOptions?)null)!));
}
