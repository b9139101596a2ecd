using Marketplace.Domain.Engineers;

namespace Marketplace.Domain.Matching;

/// <summary>What the matching model knows of a challenge (a need), gathered by the application layer.</summary>
public sealed record ChallengeFacts(
    Guid Id,
    Guid OwnerOrganizationId,
    string ClusterCode,
    IReadOnlyCollection<string> SkillCodes,
    string CityCode,
    decimal Bounty,
    int ExpectedDurationDays,
    DateOnly Start,
    ProfessionalTitle? MinTitle = null,
    bool RequiresTier = false);

/// <summary>
/// What the matching model knows of an engineer: the profile, and counts from platform history. Counts "in cluster"
/// are the engineer's record in the challenge's cluster, so the application layer computes them per challenge cluster.
/// </summary>
public sealed record EngineerFacts(
    Guid Id,
    Guid? EmployerOrganizationId,
    IReadOnlyCollection<string> SkillCodes,
    IReadOnlyCollection<string> ClusterCodes,
    string CityCode,
    ProfessionalTitle Title,
    ExcellenceTier Tier,
    int YearsOfPractice,
    int WinsInCluster,
    int VerifiedInCluster,
    decimal RatingAverage,
    int RatingCount,
    int Abandonments,
    int ActiveWork,
    int HoursPerMonth,
    DateOnly? AvailableFrom,
    DateOnly? AvailableUntil,
    decimal? HourlyRate,
    double? ResponseRate);

/// <summary>
/// The features of one (challenge, engineer) pair, in a fixed order the model is trained and served with. Unknown
/// values (no rating yet, no rate given, no invitations answered) are NaN — LightGBM learns where missing values go —
/// rather than a made-up default that would look like a real 0. Nothing here is the simulated hidden utility of the
/// demo history: only what the platform could know at the time of matching.
/// </summary>
public static class PairFeatures
{
    public const int SearchScore = 0;
    public const int SkillExact = 1;
    public const int SkillExactShare = 2;
    public const int SkillSameCluster = 3;
    public const int ClusterMatch = 4;
    public const int TitleLevel = 5;
    public const int TierStrength = 6;
    public const int SameCity = 7;
    public const int SameProvince = 8;
    public const int YearsOfPractice = 9;
    public const int WinsInCluster = 10;
    public const int VerifiedInCluster = 11;
    public const int RatingAverage = 12;
    public const int RatingCount = 13;
    public const int Abandonments = 14;
    public const int ActiveWork = 15;
    public const int AvailabilityFit = 16;
    public const int RateFit = 17;
    public const int ResponseRate = 18;

    /// <summary>Names in column order (model card, metrics, contributions).</summary>
    public static readonly IReadOnlyList<string> Names =
    [
        "search_score", "skill_exact", "skill_exact_share", "skill_same_cluster", "cluster_match", "title_level",
        "tier_strength", "same_city", "same_province", "years_of_practice", "wins_in_cluster", "verified_in_cluster",
        "rating_average", "rating_count_log", "abandonments", "active_work", "availability_fit", "rate_fit", "response_rate",
    ];

    public static int Count => Names.Count;

    /// <param name="clusterOfSkill">The industry cluster a skill code belongs to (the skills taxonomy).</param>
    public static float[] Compute(ChallengeFacts challenge, EngineerFacts engineer, float searchScore, Func<string, string?> clusterOfSkill)
    {
        ArgumentNullException.ThrowIfNull(challenge);
        ArgumentNullException.ThrowIfNull(engineer);
        ArgumentNullException.ThrowIfNull(clusterOfSkill);
        var wanted = challenge.SkillCodes.ToHashSet(StringComparer.Ordinal);
        var exact = engineer.SkillCodes.Count(wanted.Contains);
        var sameCluster = engineer.SkillCodes.Count(s => !wanted.Contains(s) && clusterOfSkill(s) == challenge.ClusterCode);

        var f = new float[Count];
        f[SearchScore] = searchScore;
        f[SkillExact] = exact;
        f[SkillExactShare] = wanted.Count == 0 ? float.NaN : exact / (float)wanted.Count;
        f[SkillSameCluster] = sameCluster;
        f[ClusterMatch] = engineer.ClusterCodes.Contains(challenge.ClusterCode) ? 1 : 0;
        f[TitleLevel] = (int)engineer.Title;
        f[TierStrength] = Strength(engineer.Tier);
        f[SameCity] = engineer.CityCode == challenge.CityCode ? 1 : 0;
        f[SameProvince] = Province(engineer.CityCode) == Province(challenge.CityCode) ? 1 : 0;
        f[YearsOfPractice] = engineer.YearsOfPractice;
        f[WinsInCluster] = engineer.WinsInCluster;
        f[VerifiedInCluster] = engineer.VerifiedInCluster;
        f[RatingAverage] = engineer.RatingCount == 0 ? float.NaN : (float)engineer.RatingAverage;
        f[RatingCount] = MathF.Log(1 + engineer.RatingCount);
        f[Abandonments] = engineer.Abandonments;
        f[ActiveWork] = engineer.ActiveWork;
        f[AvailabilityFit] = (float)AvailabilityCover(challenge, engineer);
        f[RateFit] = RateCover(challenge, engineer) is { } cover ? (float)cover : float.NaN;
        f[ResponseRate] = engineer.ResponseRate is { } rate ? (float)rate : float.NaN;
        return f;
    }

    /// <summary>
    /// How strong an excellent-engineer tier is, as an ordinal for the model: the national 领军 and 栋梁 levels above
    /// the provincial 领军 (which 领军级 entitles to directly, seed 003), the national 菁英 and provincial 青年 below.
    /// </summary>
    public static float Strength(ExcellenceTier tier) => tier switch
    {
        ExcellenceTier.NationalLeading => 5,
        ExcellenceTier.NationalPillar => 4,
        ExcellenceTier.ProvincialLeading => 3,
        ExcellenceTier.NationalElite => 2,
        ExcellenceTier.ProvincialYoung => 1,
        _ => 0,
    };

    /// <summary>
    /// The share of the challenge's expected duration (from its start) that falls inside the engineer's availability,
    /// 0 when they give no hours at all.
    /// </summary>
    public static double AvailabilityCover(ChallengeFacts challenge, EngineerFacts engineer)
    {
        if (engineer.HoursPerMonth <= 0)
        {
            return 0;
        }

        var days = Math.Max(1, challenge.ExpectedDurationDays);
        var start = challenge.Start.DayNumber;
        var end = start + days;
        var from = Math.Max(start, engineer.AvailableFrom?.DayNumber ?? int.MinValue);
        var until = Math.Min(end, engineer.AvailableUntil is { } u ? u.DayNumber + 1 : int.MaxValue);
        return Math.Clamp((until - from) / (double)days, 0, 1);
    }

    /// <summary>
    /// The bounty over what the engineer's hourly rate would cost for the hours they can give across the expected
    /// duration, capped at 2 (more than twice their price says no more); unknown without a rate.
    /// </summary>
    public static double? RateCover(ChallengeFacts challenge, EngineerFacts engineer)
    {
        if (engineer.HourlyRate is not { } rate || rate <= 0 || engineer.HoursPerMonth <= 0)
        {
            return null;
        }

        var hours = engineer.HoursPerMonth * Math.Max(1, challenge.ExpectedDurationDays) / 30.0;
        return Math.Min(2, (double)challenge.Bounty / ((double)rate * hours));
    }

    /// <summary>The province part of a GB/T 2260 region code (its first two digits).</summary>
    private static string Province(string cityCode) => cityCode.Length >= 2 ? cityCode[..2] : cityCode;
}
