using Marketplace.Domain.Notifications;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Marketplace.Infrastructure.Persistence.Configurations;

internal sealed class NotificationConfiguration : IEntityTypeConfiguration<Notification>
{
    public void Configure(EntityTypeBuilder<Notification> b)
    {
        b.ToTable("notifications");
        b.HasKey(n => n.Id);
        b.Property(n => n.Kind).HasMaxLength(64);
        b.Property(n => n.Title).HasMaxLength(Notification.TitleMaxLength);
        b.Property(n => n.Body).HasMaxLength(Notification.BodyMaxLength);
        b.Property(n => n.Link).HasMaxLength(300);

        // The inbox query: a user's newest first, and the unread badge count.
        b.HasIndex(n => new { n.UserId, n.CreatedAt });
        b.HasIndex(n => n.UserId).HasFilter("read_at IS NULL").HasDatabaseName("ix_notifications_unread");
        b.HasIndex(n => n.ChallengeId);
        b.HasOne<Marketplace.Infrastructure.Identity.AppUser>().WithMany().HasForeignKey(n => n.UserId).OnDelete(DeleteBehavior.Cascade);
    }
}
