using Marketplace.Application.Common;
using Microsoft.EntityFrameworkCore;

namespace Marketplace.Application.Engineers;

/// <summary>
/// Whether a company is engaged with an engineer, which is what lets it see the engineer's phone and e-mail
/// (<see cref="Marketplace.Domain.Engineers.ContactPolicy"/>). The one place that answers it, so every later kind of
/// engagement joins here.
/// </summary>
public static class EngineerEngagement
{
    /// <summary>
    /// Engaged = the organization has a listing on which the engineer, alone or as a team member, was awarded. Any award
    /// counts, including one later eliminated in 赛马 or abandoned: the parties have already dealt with each other, and
    /// a company chasing an abandoned award needs the contact most. Accepted consultations (live services) join this
    /// query later.
    /// </summary>
    public static Task<bool> IsEngagedAsync(IMarketplaceDbContext db, Guid organizationId, Guid engineerId, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(db);
        return db.Challenges.AnyAsync(
            c => c.OwnerOrganizationId == organizationId && c.Awards.Any(a => a.Shares.Any(s => s.EngineerId == engineerId)), ct);
    }
}
