using Marketplace.Domain.Matching;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Marketplace.Infrastructure.Persistence.Configurations;

internal sealed class MatchImpressionConfiguration : IEntityTypeConfiguration<MatchImpression>
{
    public void Configure(EntityTypeBuilder<MatchImpression> b)
    {
        b.ToTable("match_impressions");
        // The first showing per surface is kept: later ones add nothing the labels use (inserts skip conflicts).
        b.HasKey(i => new { i.ChallengeId, i.EngineerId, i.Surface });
        b.Property(i => i.Surface).HasConversion<string>().HasMaxLength(32);
        b.Property(i => i.ModelVersion).HasMaxLength(MatchImpression.ModelVersionMaxLength);
        b.HasIndex(i => i.EngineerId);
        b.HasOne<Marketplace.Domain.Challenges.Challenge>().WithMany().HasForeignKey(i => i.ChallengeId).OnDelete(DeleteBehavior.Cascade);
        b.HasOne<Marketplace.Domain.Engineers.EngineerProfile>().WithMany().HasForeignKey(i => i.EngineerId).OnDelete(DeleteBehavior.Cascade);
    }
}
