using Marketplace.Domain.Engineers;
using Marketplace.Domain.Organizations;
using Marketplace.Domain.Reference;
using Microsoft.EntityFrameworkCore;

namespace Marketplace.Application.Common;

/// <summary>
/// The handlers' view of the database. Handlers query and change aggregates through it directly
/// (no repositories, see docs/decisions.md); SaveChangesAsync is the one transaction of a use case.
/// </summary>
public interface IMarketplaceDbContext
{
    DbSet<Organization> Organizations { get; }

    DbSet<EngineerProfile> Engineers { get; }

    DbSet<IndustryCluster> Clusters { get; }

    DbSet<Skill> Skills { get; }

    DbSet<Region> Regions { get; }

    DbSet<TitleDefinition> Titles { get; }

    DbSet<TierDefinition> Tiers { get; }

    DbSet<ServiceType> ServiceTypes { get; }

    /// <summary>Read-only projection of sign-in accounts (the Identity tables belong to Infrastructure).</summary>
    IQueryable<UserAccount> UserAccounts { get; }

    Task<int> SaveChangesAsync(CancellationToken cancellationToken = default);
}

public sealed record UserAccount(Guid Id, string Email, string DisplayName, Guid? OrganizationId);
