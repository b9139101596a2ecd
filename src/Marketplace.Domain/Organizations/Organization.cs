using Marketplace.Domain.Common;

namespace Marketplace.Domain.Organizations;

/// <summary>What kind of legal entity an organization is; decides what its members may do.</summary>
public enum OrganizationKind
{
    /// <summary>企业 — mostly SMEs that post challenges.</summary>
    Company = 1,

    /// <summary>工程师协同创新中心 / 带培工作室 operator.</summary>
    Center = 2,

    /// <summary>高校.</summary>
    University = 3,

    /// <summary>科研院所.</summary>
    Institute = 4,

    /// <summary>主管部门 — a provincial department or a city bureau.</summary>
    GovernmentBureau = 5,

    /// <summary>行业协会 (seed 001 allows associations to apply for a center).</summary>
    Association = 6,
}

/// <summary>Level of a government bureau: 省 (province) or 市州 (city).</summary>
public enum BureauLevel
{
    Province = 1,
    City = 2,
}

public sealed class Organization
{
    public const int NameMaxLength = 100;
    public const int CreditCodeLength = 18;

    private Organization() { }

    public Guid Id { get; private set; }

    public string Name { get; private set; } = "";

    public OrganizationKind Kind { get; private set; }

    /// <summary>Only for government bureaus; null for everything else.</summary>
    public BureauLevel? BureauLevel { get; private set; }

    /// <summary>Administrative division code (430000 for the province, 4301xx… for cities).</summary>
    public string RegionCode { get; private set; } = "";

    /// <summary>统一社会信用代码, 18 characters; optional because demo and legacy records may lack it.</summary>
    public string? CreditCode { get; private set; }

    /// <summary>Industry clusters the organization works in (codes from the reference data).</summary>
    public List<string> ClusterCodes { get; private set; } = [];

    public DateTimeOffset CreatedAt { get; private set; }

    /// <summary>Optimistic-concurrency token (PostgreSQL xmin).</summary>
    public uint Version { get; private set; }

    public static Organization Register(
        Guid id,
        string name,
        OrganizationKind kind,
        BureauLevel? bureauLevel,
        string regionCode,
        string? creditCode,
        IEnumerable<string>? clusterCodes,
        DateTimeOffset now)
    {
        if (kind == OrganizationKind.GovernmentBureau && bureauLevel is null)
        {
            throw new DomainException("缺少主管部门级别", "主管部门必须注明级别：省级或市州级。", "bureau_level_required");
        }

        if (kind != OrganizationKind.GovernmentBureau && bureauLevel is not null)
        {
            throw new DomainException("级别仅适用于主管部门", "只有主管部门才有省级/市州级之分。", "bureau_level_not_allowed");
        }

        if (bureauLevel == Organizations.BureauLevel.Province && !regionCode.EndsWith("0000", StringComparison.Ordinal))
        {
            throw new DomainException("地区与级别不符", "省级主管部门的地区必须是省（如 430000）。", "region_level_mismatch");
        }

        if (bureauLevel == Organizations.BureauLevel.City && regionCode.EndsWith("0000", StringComparison.Ordinal))
        {
            throw new DomainException("地区与级别不符", "市州级主管部门的地区必须是市州。", "region_level_mismatch");
        }

        var normalizedCredit = Guard.OptionalText(creditCode, "统一社会信用代码", CreditCodeLength)?.ToUpperInvariant();
        if (normalizedCredit is not null && normalizedCredit.Length != CreditCodeLength)
        {
            throw new DomainException("统一社会信用代码格式错误", "统一社会信用代码应为 18 位。", "credit_code_invalid");
        }

        return new Organization
        {
            Id = id,
            Name = Guard.Text(name, "机构名称", NameMaxLength),
            Kind = kind,
            BureauLevel = bureauLevel,
            RegionCode = Guard.Text(regionCode, "所在地区", 6),
            CreditCode = normalizedCredit,
            ClusterCodes = clusterCodes?.Distinct(StringComparer.Ordinal).ToList() ?? [],
            CreatedAt = now,
        };
    }

    public static string KindName(OrganizationKind kind) => kind switch
    {
        OrganizationKind.Company => "企业",
        OrganizationKind.Center => "工程师协同创新中心",
        OrganizationKind.University => "高校",
        OrganizationKind.Institute => "科研院所",
        OrganizationKind.GovernmentBureau => "主管部门",
        OrganizationKind.Association => "行业协会",
        _ => kind.ToString(),
    };
}
