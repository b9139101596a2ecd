using Microsoft.EntityFrameworkCore;

namespace Marketplace.Application.Common;

/// <summary>Checks that codes a user sends exist in the reference data; an unknown code is a 400 on the field.</summary>
public static class ReferenceChecks
{
    public static async Task EnsureRegionExists(IMarketplaceDbContext db, string code, CancellationToken ct, string field = "regionCode")
    {
        if (!await db.Regions.AnyAsync(r => r.Code == code, ct))
        {
            throw Invalid(field, $"未知的地区代码：{code}。");
        }
    }

    public static async Task EnsureClustersExist(IMarketplaceDbContext db, IReadOnlyCollection<string> codes, CancellationToken ct, string field = "clusterCodes")
    {
        if (codes.Count == 0)
        {
            return;
        }

        var known = await db.Clusters.Where(c => codes.Contains(c.Code)).Select(c => c.Code).ToListAsync(ct);
        var unknown = codes.Except(known, StringComparer.Ordinal).ToList();
        if (unknown.Count > 0)
        {
            throw Invalid(field, $"未知的产业集群：{string.Join("、", unknown)}。");
        }
    }

    public static async Task EnsureSkillsExist(IMarketplaceDbContext db, IReadOnlyCollection<string> codes, CancellationToken ct, string field = "skills")
    {
        if (codes.Count == 0)
        {
            return;
        }

        var known = await db.Skills.Where(s => codes.Contains(s.Code)).Select(s => s.Code).ToListAsync(ct);
        var unknown = codes.Except(known, StringComparer.Ordinal).ToList();
        if (unknown.Count > 0)
        {
            throw Invalid(field, $"未知的技能：{string.Join("、", unknown)}。");
        }
    }

    private static FluentValidation.ValidationException Invalid(string field, string message) =>
        new([new FluentValidation.Results.ValidationFailure(field, message)]);
}
