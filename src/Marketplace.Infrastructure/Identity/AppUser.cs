using Microsoft.AspNetCore.Identity;

namespace Marketplace.Infrastructure.Identity;

/// <summary>A sign-in account. Every user belongs to at most one organization (company, center, bureau…).</summary>
public sealed class AppUser : IdentityUser<Guid>
{
    public string DisplayName { get; set; } = "";

    public Guid? OrganizationId { get; set; }

    public DateTimeOffset CreatedAt { get; set; }
}

public sealed class AppRole : IdentityRole<Guid>
{
    public AppRole() { }

    public AppRole(string name) : base(name)
    {
        NormalizedName = name.ToUpperInvariant();
    }
}
