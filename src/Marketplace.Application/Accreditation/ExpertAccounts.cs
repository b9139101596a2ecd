using FluentValidation;
using Marketplace.Application.Common;
using Marketplace.Domain.Identity;
using Microsoft.EntityFrameworkCore;

namespace Marketplace.Application.Accreditation;

/// <summary>
/// The experts a province assigns, as the domain's conflict-of-interest check wants them: each account with the
/// organizations it belongs to, in the order given. Shared by center applications and studios; an account that does
/// not hold the Expert role is a validation error naming it, before anything is assigned.
/// </summary>
internal static class ExpertAccounts
{
    public static async Task<List<(Guid UserId, IReadOnlyList<Guid> OrganizationIds)>> LoadAsync(
        IMarketplaceDbContext db, IReadOnlyList<Guid> requested, CancellationToken ct)
    {
        var ids = requested.Distinct().ToList();
        var experts = await db.UserAccounts
            .Where(u => ids.Contains(u.Id) && db.UserIdsInRole(Roles.Expert).Contains(u.Id))
            .Select(u => new { u.Id, u.OrganizationId })
            .ToListAsync(ct);
        var unknown = ids.Where(id => experts.All(e => e.Id != id)).ToList();
        if (unknown.Count > 0)
        {
            throw new ValidationException([new FluentValidation.Results.ValidationFailure("expertUserIds", $"以下账户不是评审专家：{string.Join("、", unknown)}。")]);
        }

        return [.. requested.Select(id => experts.First(e => e.Id == id))
            .Select(e => (e.Id, (IReadOnlyList<Guid>)(e.OrganizationId is { } org ? [org] : [])))];
    }
}
