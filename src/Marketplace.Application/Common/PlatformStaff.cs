using Marketplace.Domain.Identity;
using Marketplace.Domain.Organizations;
using Microsoft.EntityFrameworkCore;

namespace Marketplace.Application.Common;

/// <summary>
/// The platform's staff: the admin, and the operators of an engineer collaborative innovation center. An Operator
/// account of any other organization — a college applying to become a center (applicant@demo.cn) — holds the role
/// only to run its own organization's applications, studios and training, not to review listings or credentials.
/// </summary>
public static class PlatformStaff
{
    public static async Task<bool> IsPlatformStaffAsync(this ICurrentUser user, IMarketplaceDbContext db, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(user);
        ArgumentNullException.ThrowIfNull(db);
        if (user.IsInRole(Roles.Admin))
        {
            return true;
        }

        return user.IsInRole(Roles.Operator) && user.OrganizationId is { } organization
            && await db.Organizations.AsNoTracking().AnyAsync(o => o.Id == organization && o.Kind == OrganizationKind.Center, ct);
    }
}
