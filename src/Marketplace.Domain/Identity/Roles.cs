namespace Marketplace.Domain.Identity;

/// <summary>
/// The platform's roles (DOMAIN.md "People"). Identifiers are English; the Chinese labels are what users see.
/// 企业 Company · 工程师 Engineer · 中心运营方 Operator · 评审专家 Expert · 主管部门 Authority · 平台管理员 Admin.
/// </summary>
public static class Roles
{
    public const string Company = nameof(Company);
    public const string Engineer = nameof(Engineer);
    public const string Operator = nameof(Operator);
    public const string Expert = nameof(Expert);
    public const string Authority = nameof(Authority);
    public const string Admin = nameof(Admin);

    public static readonly IReadOnlyList<string> All = [Company, Engineer, Operator, Expert, Authority, Admin];

    public static string ChineseName(string role) => role switch
    {
        Company => "企业",
        Engineer => "工程师",
        Operator => "中心运营",
        Expert => "评审专家",
        Authority => "主管部门",
        Admin => "平台管理员",
        _ => role,
    };
}
