using System.Globalization;

namespace Marketplace.Domain.Matching;

/// <summary>Display names the reasons speak in (the reference data's Chinese names).</summary>
public sealed record ReasonNames(
    int WantedSkills,
    string? ClusterName,
    string? CityName,
    string? TitleName,
    string? TierName);

/// <summary>
/// Why an engineer ranks where they do, in Chinese, from the model's per-feature contributions to their score: the
/// features that pushed the engineer up most, each said with its value (技能匹配 1/2、同在株洲市、过往验收通过 3 次).
/// A feature that pushed down is never given as a reason; a feature with nothing to say (a value of 0, a missing
/// value) is skipped rather than phrased as praise.
/// </summary>
public static class MatchReasons
{
    public static IReadOnlyList<string> Top(float[] features, float[] contributions, ReasonNames names, int count = 3)
    {
        ArgumentNullException.ThrowIfNull(features);
        ArgumentNullException.ThrowIfNull(contributions);
        ArgumentNullException.ThrowIfNull(names);
        if (features.Length != PairFeatures.Count || contributions.Length != PairFeatures.Count)
        {
            throw new ArgumentException($"Expected {PairFeatures.Count} features and contributions.");
        }

        return Enumerable.Range(0, PairFeatures.Count)
            .Where(i => contributions[i] > 0)
            .OrderByDescending(i => contributions[i]).ThenBy(i => i)
            .Select(i => Say(i, features[i], names))
            .OfType<string>()
            .Take(count)
            .ToList();
    }

    /// <summary>One feature's value as a reason, or null when the value says nothing in the engineer's favour.</summary>
    public static string? Say(int feature, float value, ReasonNames names)
    {
        ArgumentNullException.ThrowIfNull(names);
        if (float.IsNaN(value))
        {
            return null;
        }

        var n = (int)MathF.Round(value);
        string Percent() => (value * 100).ToString("F0", CultureInfo.InvariantCulture) + "%";
        return feature switch
        {
            PairFeatures.SearchScore when value > 0 => "技能与领域关键词高度吻合",
            PairFeatures.SkillExact when n > 0 => names.WantedSkills > 0 ? $"技能匹配 {n}/{names.WantedSkills}" : $"技能匹配 {n} 项",
            PairFeatures.SkillExactShare when value > 0 => $"所需技能覆盖 {Percent()}",
            PairFeatures.SkillSameCluster when n > 0 => $"同领域相关技能 {n} 项",
            PairFeatures.ClusterMatch when n > 0 => names.ClusterName is { } cluster ? $"深耕{cluster}领域" : "同一产业集群",
            PairFeatures.TitleLevel when names.TitleName is { } title => $"{title}职称",
            PairFeatures.TierStrength when n > 0 && names.TierName is { } tier => tier,
            PairFeatures.SameCity when n > 0 => names.CityName is { } city ? $"同在{city}" : "同城",
            PairFeatures.SameProvince when n > 0 => "同在省内，可到现场",
            PairFeatures.YearsOfPractice when n > 0 => $"从业 {n} 年",
            PairFeatures.WinsInCluster when n > 0 => $"本领域揭榜成功 {n} 次",
            PairFeatures.VerifiedInCluster when n > 0 => $"过往验收通过 {n} 次",
            PairFeatures.RatingAverage when value > 0 => $"平均评分 {value.ToString("F1", CultureInfo.InvariantCulture)}",
            PairFeatures.RatingCount when value > 0 => $"已有 {(int)MathF.Round(MathF.Exp(value) - 1)} 条评价",
            PairFeatures.Abandonments when n == 0 => "无弃榜记录",
            PairFeatures.ActiveWork when n == 0 => "当前无在手项目，可尽快投入",
            PairFeatures.AvailabilityFit when value > 0 => $"档期覆盖工期 {Percent()}",
            PairFeatures.RateFit when value >= 1 => "报价在悬赏范围内",
            PairFeatures.ResponseRate when value > 0 => $"邀请响应率 {Percent()}",
            _ => null,
        };
    }
}
