namespace Marketplace.Domain.Engineers;

/// <summary>How a national tier counts toward the provincial scheme (seed 003).</summary>
public enum ProvincialRecognition
{
    None = 0,

    /// <summary>领军级 → 可直接认定为省级领军人才.</summary>
    DirectLeading = 1,

    /// <summary>栋梁级 → 可优先认定为省级领军人才.</summary>
    PriorityLeading = 2,

    /// <summary>菁英级 → 可优先认定为省级青年人才.</summary>
    PriorityYoung = 3,
}

/// <summary>Facts that follow from a tier; shown on profiles as derived, never typed in.</summary>
public sealed record TierFacts(
    ExcellenceTier Tier,
    ProvincialRecognition ProvincialRecognition,
    ProfessionalTitle? DirectTitleReview,
    IReadOnlyList<string> Statements);

/// <summary>
/// The seed 003 mapping between the national digital excellent-engineer tiers, the provincial tiers and
/// the professional-title review. Kept in code because it is a rule; seed/reference/tiers.json carries the same
/// mapping for display and a test keeps the two in agreement.
/// </summary>
public static class TierMapping
{
    public static TierFacts Derive(ExcellenceTier tier) => tier switch
    {
        ExcellenceTier.NationalLeading => new(tier, ProvincialRecognition.DirectLeading, ProfessionalTitle.ProfessorSeniorEngineer,
            ["可直接认定为省级卓越工程师领军人才", "可直接参加正高级工程师职称评审"]),
        ExcellenceTier.NationalPillar => new(tier, ProvincialRecognition.PriorityLeading, ProfessionalTitle.ProfessorSeniorEngineer,
            ["可优先认定为省级卓越工程师领军人才", "可直接参加正高级工程师职称评审"]),
        ExcellenceTier.NationalElite => new(tier, ProvincialRecognition.PriorityYoung, ProfessionalTitle.SeniorEngineer,
            ["可优先认定为省级卓越工程师青年人才", "可直接参加高级工程师职称评审"]),
        ExcellenceTier.ProvincialLeading => new(tier, ProvincialRecognition.None, null, ["省级卓越工程师领军人才"]),
        ExcellenceTier.ProvincialYoung => new(tier, ProvincialRecognition.None, null, ["省级卓越工程师青年人才"]),
        _ => new(ExcellenceTier.None, ProvincialRecognition.None, null, []),
    };

    /// <summary>
    /// Provincial-level or higher talent (省级及以上人才, rubric 2.1): any national tier or provincial tier.
    /// </summary>
    public static bool IsProvincialOrHigherTalent(ExcellenceTier tier) => tier != ExcellenceTier.None;

    public static ProvincialRecognition FromCode(string? code) => code switch
    {
        null => ProvincialRecognition.None,
        "direct-leading" => ProvincialRecognition.DirectLeading,
        "priority-leading" => ProvincialRecognition.PriorityLeading,
        "priority-young" => ProvincialRecognition.PriorityYoung,
        _ => throw new ArgumentOutOfRangeException(nameof(code), code, "未知的省级认定方式"),
    };
}
