using Marketplace.Application.Common;
using Marketplace.Domain.Organizations;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace Marketplace.Web.Pages;

public sealed class IndexModel(IMarketplaceDbContext db) : PageModel
{
    public int Engineers { get; private set; }

    public int Companies { get; private set; }

    public int Centers { get; private set; }

    public IReadOnlyList<ClusterCard> Clusters { get; private set; } = [];

    public async Task OnGetAsync(CancellationToken ct)
    {
        Engineers = await db.Engineers.CountAsync(ct);
        Companies = await db.Organizations.CountAsync(o => o.Kind == OrganizationKind.Company, ct);
        Centers = await db.Organizations.CountAsync(o => o.Kind == OrganizationKind.Center, ct);
        var skillCounts = await db.Skills.GroupBy(s => s.ClusterCode).Select(g => new { g.Key, Count = g.Count() }).ToDictionaryAsync(x => x.Key, x => x.Count, ct);
        Clusters = (await db.Clusters.AsNoTracking().OrderBy(c => c.Sort).ToListAsync(ct))
            .Select(c => new ClusterCard(c.Name, c.Description, skillCounts.GetValueOrDefault(c.Code)))
            .ToList();
    }

    public sealed record ClusterCard(string Name, string Description, int SkillCount);
}
