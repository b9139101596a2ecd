using Marketplace.Domain.Reference;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Marketplace.Infrastructure.Persistence.Configurations;

internal sealed class ClusterConfiguration : IEntityTypeConfiguration<IndustryCluster>
{
    public void Configure(EntityTypeBuilder<IndustryCluster> b)
    {
        b.ToTable("industry_clusters");
        b.HasKey(x => x.Code);
        b.Property(x => x.Code).HasMaxLength(64);
        b.Property(x => x.Name).HasMaxLength(50);
        b.Property(x => x.Description).HasMaxLength(500);
    }
}

internal sealed class SkillConfiguration : IEntityTypeConfiguration<Skill>
{
    public void Configure(EntityTypeBuilder<Skill> b)
    {
        b.ToTable("skills");
        b.HasKey(x => x.Code);
        b.Property(x => x.Code).HasMaxLength(64);
        b.Property(x => x.Name).HasMaxLength(50);
        b.Property(x => x.Category).HasMaxLength(20);
        b.HasIndex(x => x.Name).IsUnique();
        b.HasOne<IndustryCluster>().WithMany().HasForeignKey(x => x.ClusterCode).OnDelete(DeleteBehavior.Restrict);
    }
}

internal sealed class RegionConfiguration : IEntityTypeConfiguration<Region>
{
    public void Configure(EntityTypeBuilder<Region> b)
    {
        b.ToTable("regions");
        b.HasKey(x => x.Code);
        b.Property(x => x.Code).HasMaxLength(6);
        b.Property(x => x.Name).HasMaxLength(50);
    }
}

internal sealed class TitleConfiguration : IEntityTypeConfiguration<TitleDefinition>
{
    public void Configure(EntityTypeBuilder<TitleDefinition> b)
    {
        b.ToTable("professional_titles");
        b.HasKey(x => x.Code);
        b.Property(x => x.Code).HasMaxLength(32);
        b.Property(x => x.Name).HasMaxLength(20);
        b.Property(x => x.ShortName).HasMaxLength(10);
    }
}

internal sealed class TierConfiguration : IEntityTypeConfiguration<TierDefinition>
{
    public void Configure(EntityTypeBuilder<TierDefinition> b)
    {
        b.ToTable("excellence_tiers");
        b.HasKey(x => x.Code);
        b.Property(x => x.Code).HasMaxLength(32);
        b.Property(x => x.Name).HasMaxLength(20);
        b.Property(x => x.Scheme).HasMaxLength(20);
        b.Property(x => x.ProvincialRecognition).HasMaxLength(32);
        b.Property(x => x.TitleReview).HasMaxLength(32);
        b.Property(x => x.Note).HasMaxLength(1000);
    }
}

internal sealed class ServiceTypeConfiguration : IEntityTypeConfiguration<ServiceType>
{
    public void Configure(EntityTypeBuilder<ServiceType> b)
    {
        b.ToTable("service_types");
        b.HasKey(x => x.Code);
        b.Property(x => x.Code).HasMaxLength(64);
        b.Property(x => x.Name).HasMaxLength(20);
    }
}
