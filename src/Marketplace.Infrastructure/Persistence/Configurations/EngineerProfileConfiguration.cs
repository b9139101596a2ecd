using Marketplace.Domain.Engineers;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Marketplace.Infrastructure.Persistence.Configurations;

internal sealed class EngineerProfileConfiguration : IEntityTypeConfiguration<EngineerProfile>
{
    public void Configure(EntityTypeBuilder<EngineerProfile> b)
    {
        b.ToTable("engineers");
        b.HasKey(e => e.Id);
        b.Property(e => e.Name).HasMaxLength(EngineerProfile.NameMaxLength);
        b.Property(e => e.Phone).HasMaxLength(20);
        b.Property(e => e.Email).HasMaxLength(100);
        b.Property(e => e.EmployerName).HasMaxLength(EngineerProfile.EmployerMaxLength);
        b.Property(e => e.CityCode).HasMaxLength(6);
        b.Property(e => e.Bio).HasMaxLength(EngineerProfile.BioMaxLength);
        b.Property(e => e.HourlyRate).HasPrecision(12, 2);
        b.Property(e => e.RatingAverage).HasPrecision(3, 2);
        b.Property(e => e.Version).IsRowVersion();
        b.Ignore(e => e.TierFacts);
        b.HasIndex(e => e.UserId).IsUnique();
        b.HasIndex(e => e.CityCode);

        // The directory's orders (GET /api/engineers without words): at 100,000 engineers a sort of the whole table
        // per page took a third of a second; with these the first pages are index scans.
        b.HasIndex(e => new { e.RatingAverage, e.RatingCount, e.Id }).IsDescending(true, true, false).HasDatabaseName("ix_engineers_rating_order");
        b.HasIndex(e => new { e.YearsOfPractice, e.Id }).IsDescending(true, false).HasDatabaseName("ix_engineers_experience_order");
        b.HasIndex(e => e.ClusterCodes).HasMethod("gin");
        b.HasOne<Identity.AppUser>().WithOne().HasForeignKey<EngineerProfile>(e => e.UserId).OnDelete(DeleteBehavior.Cascade);
        b.HasOne<Marketplace.Domain.Organizations.Organization>().WithMany()
            .HasForeignKey(e => e.EmployerOrganizationId).OnDelete(DeleteBehavior.SetNull);

        // Skills are part of the aggregate: an owned collection in its own table, replaced as a whole on update.
        b.OwnsMany(e => e.Skills, s =>
        {
            s.ToTable("engineer_skills");
            s.WithOwner().HasForeignKey("EngineerId");
            s.Property<int>("Id");
            s.HasKey("Id");
            s.Property(x => x.SkillCode).HasMaxLength(64);
            s.HasIndex(x => x.SkillCode);
        });
        b.Navigation(e => e.Skills).HasField("_skills").UsePropertyAccessMode(PropertyAccessMode.Field);
    }
}
