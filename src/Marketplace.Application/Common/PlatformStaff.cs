using Marketplace.Domain.Identity;
using Marketplace.Domain.Organizations;
using Microsoft.EntityFrameworkCore;

namespace Marketplace.Application.Common;

/// <summary>
/// The platform's staff: the admin, and the operators of an engineer collaborative innovation center (a Center
/// organization, or one with a recognition that stands). An Operator
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

        if (!user.IsInRole(Roles.Operator) || user.OrganizationId is not { } organization)
        {
            return false;
        }

        // A center is an organization of the Center kind, or one the province recognized (a college or a company that
        // applied and now runs a center) as long as the recognition stands.
        return await db.Organizations.AsNoTracking().AnyAsync(o => o.Id == organization && o.Kind == OrganizationKind.Center, ct)
            || await db.AccreditedCenters.AsNoTracking().AnyAsync(c => c.OrganizationId == organization && c.Stage != Marketplace.Domain.Accreditation.CenterStage.Revoked, ct);
    }
}
