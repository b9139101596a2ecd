using Marketplace.Domain.Organizations;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Marketplace.Infrastructure.Persistence.Configurations;

internal sealed class OrganizationConfiguration : IEntityTypeConfiguration<Organization>
{
    public void Configure(EntityTypeBuilder<Organization> b)
    {
        b.ToTable("organizations");
        b.HasKey(o => o.Id);
        b.Property(o => o.Name).HasMaxLength(Organization.NameMaxLength);
        b.Property(o => o.RegionCode).HasMaxLength(6);
        b.Property(o => o.CreditCode).HasMaxLength(Organization.CreditCodeLength);
        b.Property(o => o.Version).IsRowVersion();
        b.HasIndex(o => o.CreditCode).IsUnique();
        b.HasIndex(o => new { o.Kind, o.RegionCode });
    }
}
