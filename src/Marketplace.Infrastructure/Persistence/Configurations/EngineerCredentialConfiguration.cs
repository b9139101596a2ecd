using Marketplace.Domain.Engineers;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Marketplace.Infrastructure.Persistence.Configurations;

/// <summary>
/// Credentials are their own rows (own xmin), the audit trail is jsonb read only with its credential, and the evidence
/// bytes sit in a table of their own so that listing credentials never reads a file.
/// </summary>
internal sealed class EngineerCredentialConfiguration : IEntityTypeConfiguration<EngineerCredential>
{
    public void Configure(EntityTypeBuilder<EngineerCredential> b)
    {
        b.ToTable("engineer_credentials");
        b.HasKey(c => c.Id);
        b.Property(c => c.Id).ValueGeneratedNever();
        b.Property(c => c.Kind).HasConversion<string>().HasMaxLength(32);
        b.Property(c => c.Status).HasConversion<string>().HasMaxLength(16);
        b.Property(c => c.Name).HasMaxLength(EngineerCredential.NameMaxLength);
        b.Property(c => c.IssuingBody).HasMaxLength(EngineerCredential.IssuingBodyMaxLength);
        b.Property(c => c.CertificateNumber).HasMaxLength(EngineerCredential.NumberMaxLength);
        b.Property(c => c.RejectionReason).HasMaxLength(EngineerCredential.ReasonMaxLength);
        b.Property(c => c.EvidenceFileName).HasMaxLength(EvidenceFile.FileNameMaxLength);
        b.Property(c => c.EvidenceContentType).HasMaxLength(64);
        b.Property(c => c.Version).IsRowVersion();
        b.Ignore(c => c.HasEvidence);

        // The profile page reads one engineer's credentials; the operator queue reads by status, oldest first.
        b.HasIndex(c => c.EngineerId);
        b.HasIndex(c => new { c.Status, c.SubmittedAt });
        b.HasOne<EngineerProfile>().WithMany().HasForeignKey(c => c.EngineerId).OnDelete(DeleteBehavior.Cascade);

        b.OwnsMany(c => c.Audit, a => a.ToJson("audit"));
        b.Navigation(c => c.Audit).HasField("_audit").UsePropertyAccessMode(PropertyAccessMode.Field);
    }
}

internal sealed class CredentialEvidenceConfiguration : IEntityTypeConfiguration<CredentialEvidence>
{
    public void Configure(EntityTypeBuilder<CredentialEvidence> b)
    {
        b.ToTable("credential_evidence");
        b.HasKey(e => e.CredentialId);
        b.Property(e => e.ContentType).HasMaxLength(64);
        b.HasOne<EngineerCredential>().WithOne().HasForeignKey<CredentialEvidence>(e => e.CredentialId).OnDelete(DeleteBehavior.Cascade);
    }
}
