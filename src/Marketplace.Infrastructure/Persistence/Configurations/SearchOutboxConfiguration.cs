using Marketplace.Infrastructure.Outbox;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Marketplace.Infrastructure.Persistence.Configurations;

internal sealed class SearchOutboxConfiguration : IEntityTypeConfiguration<SearchOutboxEntry>
{
    public void Configure(EntityTypeBuilder<SearchOutboxEntry> b)
    {
        b.ToTable("search_outbox");
        b.HasKey(e => e.Id);
        b.Property(e => e.Id).UseIdentityAlwaysColumn();
        b.Property(e => e.LastError).HasMaxLength(SearchOutboxEntry.LastErrorMaxLength);

        // No foreign key to engineers: a row must outlive the engineer it names, so the worker can delete the document.
        b.HasIndex(e => e.EngineerId);
    }
}
