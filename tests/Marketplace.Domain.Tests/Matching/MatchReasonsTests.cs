using System.Text.RegularExpressions;
using Marketplace.Domain.Matching;

namespace Marketplace.Domain.Tests.Matching;

public class MatchReasonsTests
{
    private static readonly ReasonNames Names = new(WantedSkills: 6, ClusterName: "工程机械", CityName: "株洲市", TitleName: "高级工程师", TierName: "省级领军人才");

    private static float[] Features()
    {
        var f = new float[PairFeatures.Count];
        f[PairFeatures.SkillExact] = 5;
        f[PairFeatures.SameCity] = 1;
        f[PairFeatures.VerifiedInCluster] = 3;
        f[PairFeatures.Abandonments] = 2;
        f[PairFeatures.RatingAverage] = float.NaN;
        return f;
    }

    [Fact]
    public void The_largest_positive_contributions_become_the_reasons_in_order()
    {
        var contributions = new float[PairFeatures.Count];
        contributions[PairFeatures.VerifiedInCluster] = 0.4f;
        contributions[PairFeatures.SkillExact] = 0.9f;
        contributions[PairFeatures.SameCity] = 0.2f;
        contributions[PairFeatures.Abandonments] = -0.7f;
        Assert.Equal(["技能匹配 5/6", "过往验收通过 3 次", "同在株洲市"], MatchReasons.Top(Features(), contributions, Names));
    }

    [Fact]
    public void Pushing_down_or_having_nothing_to_say_is_never_a_reason()
    {
        var contributions = new float[PairFeatures.Count];
        contributions[PairFeatures.Abandonments] = 0.5f;    // 2 abandonments: nothing to praise even if the model liked it
        contributions[PairFeatures.RatingAverage] = 0.5f;   // no rating yet
        contributions[PairFeatures.SkillExact] = -0.1f;
        Assert.Empty(MatchReasons.Top(Features(), contributions, Names));
    }

    [Fact]
    public void Every_feature_can_be_said_in_chinese()
    {
        var han = new Regex(@"\p{IsCJKUnifiedIdeographs}");
        for (var i = 0; i < PairFeatures.Count; i++)
        {
            var value = i switch
            {
                PairFeatures.Abandonments or PairFeatures.ActiveWork => 0f,
                PairFeatures.RateFit => 1.2f,
                PairFeatures.AvailabilityFit or PairFeatures.ResponseRate or PairFeatures.SkillExactShare => 0.75f,
                _ => 3f,
            };
            var reason = MatchReasons.Say(i, value, Names);
            Assert.NotNull(reason);
            Assert.Matches(han, reason);
        }
    }

    [Fact]
    public void Mismatched_lengths_are_refused()
    {
        Assert.Throws<ArgumentException>(() => MatchReasons.Top(new float[3], new float[PairFeatures.Count], Names));
    }
}
