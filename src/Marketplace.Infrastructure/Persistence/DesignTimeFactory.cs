using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design;

namespace Marketplace.Infrastructure.Persistence;

/// <summary>Lets `dotnet ef migrations add` build the model without a running database or host.</summary>
public sealed class DesignTimeFactory : IDesignTimeDbContextFactory<MarketplaceDbContext>
{
    public MarketplaceDbContext CreateDbContext(string[] args)
    {
        var options = new DbContextOptionsBuilder<MarketplaceDbContext>();
        DependencyInjection.ConfigureDbContext(options, "Host=127.0.0.1;Database=marketplace_design;Username=design");
        return new MarketplaceDbContext(options.Options);
    }
}
