using Marketplace.Domain.Matching;

namespace Marketplace.Domain.Tests.Matching;

public class RankingMetricsTests
{
    // Gains 2^l − 1 = 7, 3, 7, 0, 1, 3; DCG@6 = 7 + 3/log2 3 + 7/2 + 0 + 1/log2 6 + 3/log2 7 = 13.8477;
    // ideal order 3, 3, 2, 2, 1, 0: 7 + 7/log2 3 + 3/2 + 3/log2 5 + 1/log2 6 = 14.5949; 13.8477 / 14.5949 = 0.94881.
    [Fact]
    public void Ndcg_matches_a_hand_computed_example()
    {
        int[] labels = [3, 2, 3, 0, 1, 2];
        Assert.Equal(0.948811, RankingMetrics.NdcgAt(labels, 6), 6);
        Assert.Equal(0.959454, RankingMetrics.NdcgAt(labels, 3), 6);
    }

    [Fact]
    public void Ndcg_is_one_for_the_ideal_order_and_zero_when_nothing_is_relevant()
    {
        Assert.Equal(1.0, RankingMetrics.NdcgAt([4, 3, 1, 0], 10), 12);
        Assert.Equal(0.0, RankingMetrics.NdcgAt([0, 0, 0], 5));
        Assert.Equal(0.0, RankingMetrics.NdcgAt([], 5));
    }

    [Fact]
    public void Ndcg_only_looks_at_the_top_k()
    {
        // The relevant item at rank 3 does not count at k = 2, though the ideal DCG@2 does.
        Assert.Equal(0.0, RankingMetrics.NdcgAt([0, 0, 3], 2));
        Assert.True(RankingMetrics.NdcgAt([0, 0, 3], 3) > 0);
    }

    [Fact]
    public void Average_precision_matches_a_hand_computed_example()
    {
        // Relevant at ranks 2, 4, 5: (1/2 + 2/4 + 3/5) / 3 = 0.5333.
        Assert.Equal(0.533333, RankingMetrics.AveragePrecision([0, 1, 0, 1, 1]), 6);
        Assert.Equal(1.0, RankingMetrics.AveragePrecision([2, 1, 0]));
        Assert.Equal(0.0, RankingMetrics.AveragePrecision([0, 0]));
        // With a threshold of 2 only the first item is relevant.
        Assert.Equal(1.0, RankingMetrics.AveragePrecision([2, 1, 0], relevantFrom: 2));
    }

    [Fact]
    public void Means_average_over_queries_including_those_without_relevant_items()
    {
        IReadOnlyList<int>[] queries = [[1, 0], [0, 0], [0, 1]];
        Assert.Equal((1.0 + 0 + 0.5) / 3, RankingMetrics.MeanAveragePrecision(queries), 12);
        Assert.Equal((1.0 + 0 + 1 / Math.Log2(3)) / 3, RankingMetrics.MeanNdcgAt(queries, 10), 12);
        Assert.Equal(0.0, RankingMetrics.MeanNdcgAt([], 10));
    }

    [Fact]
    public void Negative_labels_and_a_zero_cut_off_are_refused()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => RankingMetrics.NdcgAt([1, -1], 5));
        Assert.Throws<ArgumentOutOfRangeException>(() => RankingMetrics.NdcgAt([1], 0));
    }

    [Fact]
    public void Property_ndcg_stays_between_zero_and_one_and_the_sorted_order_scores_one()
    {
        var random = new Random(11);
        for (var run = 0; run < 2_000; run++)
        {
            var labels = Enumerable.Range(0, random.Next(1, 30)).Select(_ => random.Next(0, RelevanceLabel.Max + 1)).ToArray();
            var k = random.Next(1, 25);
            var ndcg = RankingMetrics.NdcgAt(labels, k);
            Assert.InRange(ndcg, 0, 1 + 1e-12);
            if (labels.Any(l => l > 0))
            {
                Assert.Equal(1.0, RankingMetrics.NdcgAt(labels.OrderByDescending(l => l).ToArray(), k), 12);
            }
        }
    }
}

public class RelevanceLabelTests
{
    private static PairHistory Shown => new(true, false, false, false, null, false, null);

    [Fact]
    public void The_further_a_pair_went_the_higher_its_label()
    {
        Assert.Equal(0, RelevanceLabel.For(Shown));
        Assert.Equal(1, RelevanceLabel.For(Shown with { Applied = true }));
        Assert.Equal(2, RelevanceLabel.For(Shown with { Applied = true, Shortlisted = true }));
        Assert.Equal(3, RelevanceLabel.For(Shown with { Applied = true, Shortlisted = true, Awarded = true }));
        Assert.Equal(4, RelevanceLabel.For(Shown with { Applied = true, Awarded = true, VerificationPassed = true, Rating = 5 }));
        Assert.Equal(4, RelevanceLabel.For(Shown with { Applied = true, Awarded = true, VerificationPassed = true }));
    }

    [Fact]
    public void A_bad_ending_lowers_the_label_of_an_award()
    {
        Assert.Equal(3, RelevanceLabel.For(Shown with { Applied = true, Awarded = true, VerificationPassed = false }));
        Assert.Equal(3, RelevanceLabel.For(Shown with { Applied = true, Awarded = true, VerificationPassed = true, Rating = 2 }));
        Assert.Equal(2, RelevanceLabel.For(Shown with { Applied = true, Awarded = true, Abandoned = true }));
    }

    [Fact]
    public void Ratings_outside_one_to_five_are_refused()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => RelevanceLabel.For(Shown with { Awarded = true, Rating = 6 }));
        Assert.Throws<ArgumentOutOfRangeException>(() => RelevanceLabel.For(Shown with { Awarded = true, Rating = 0 }));
    }
}

public class ChallengeSplitTests
{
    [Fact]
    public void The_split_depends_only_on_the_challenge_and_the_seed()
    {
        var ids = Enumerable.Range(0, 5_000).Select(i => new Guid(i, 0, 0, new byte[8])).ToList();
        var first = ids.Select(id => ChallengeSplit.IsTest(id, 42, 0.2)).ToList();
        var again = ids.AsEnumerable().Reverse().Select(id => ChallengeSplit.IsTest(id, 42, 0.2)).Reverse().ToList();
        Assert.Equal(first, again);

        // About the share asked for, and another seed gives another split.
        Assert.InRange(first.Count(t => t), 900, 1_100);
        Assert.NotEqual(first, ids.Select(id => ChallengeSplit.IsTest(id, 43, 0.2)).ToList());
        Assert.All(ids, id => Assert.False(ChallengeSplit.IsTest(id, 42, 0)));
        Assert.All(ids, id => Assert.True(ChallengeSplit.IsTest(id, 42, 1)));
    }

    [Fact]
    public void A_share_outside_zero_to_one_is_refused()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => ChallengeSplit.IsTest(Guid.NewGuid(), 1, 1.5));
        Assert.Throws<ArgumentOutOfRangeException>(() => ChallengeSplit.IsTest(Guid.NewGuid(), 1, double.NaN));
    }
}
