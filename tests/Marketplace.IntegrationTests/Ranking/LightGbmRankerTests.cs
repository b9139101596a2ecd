using Marketplace.Domain.Matching;
using Marketplace.Infrastructure.Matching;
using Xunit.Abstractions;

namespace Marketplace.IntegrationTests.Ranking;

/// <summary>
/// The LambdaRank model on simulated pairs whose labels come from a hidden utility (with noise and a factor no feature
/// sees): it must learn the utility's shape well enough to beat ranking by the search score alone on held-out
/// challenges, train to the same model twice, survive a save and load, and explain its scores feature by feature.
/// </summary>
public class LightGbmRankerTests(ITestOutputHelper output)
{
    private static readonly RankerOptions Fast = new(Trees: 120);

    [Fact]
    public void The_model_beats_search_score_ranking_on_held_out_challenges()
    {
        var rows = Simulate(new Random(5), challenges: 300, perChallenge: 30);
        var train = rows.Where(r => !ChallengeSplit.IsTest(r.ChallengeId, 5, 0.25)).ToList();
        var test = rows.Where(r => ChallengeSplit.IsTest(r.ChallengeId, 5, 0.25)).ToList();
        Assert.Empty(train.Select(r => r.ChallengeId).Intersect(test.Select(r => r.ChallengeId)));

        var ranker = LightGbmRanker.Train(train, seed: 5, Fast);
        var scores = ranker.Score(test.Select(r => r.Features).ToList());
        var byModel = Ndcg10(test, scores);
        var bySearch = Ndcg10(test, test.Select(r => r.Features[PairFeatures.SearchScore]).ToArray());
        var random = new Random(1);
        var byChance = Ndcg10(test, test.Select(_ => (float)random.NextDouble()).ToArray());

        output.WriteLine($"held-out NDCG@10: model {byModel:F3}, search only {bySearch:F3}, random {byChance:F3}");
        Assert.True(byModel > bySearch + 0.05, $"model {byModel:F3}, search only {bySearch:F3}");
        Assert.True(bySearch > byChance, $"search only {bySearch:F3}, random {byChance:F3}");
    }

    [Fact]
    public void The_compiled_trees_score_exactly_as_the_ml_net_engine_missing_values_included()
    {
        var rows = Simulate(new Random(11), challenges: 80, perChallenge: 20);
        var ranker = LightGbmRanker.Train(rows, seed: 11, Fast);
        Assert.True(ranker.IsCompiled);
        var random = new Random(3);
        var probe = rows.Take(200).Select(r => r.Features)
            .Concat(Enumerable.Range(0, 200).Select(_ => Enumerable.Range(0, PairFeatures.Count)
                .Select(_ => random.NextDouble() < 0.3 ? float.NaN : (float)(random.NextDouble() * 6 - 1)).ToArray()))
            .ToList();
        var compiled = ranker.Score(probe);
        var engine = ranker.ScoreWithEngine(probe);
        for (var i = 0; i < probe.Count; i++)
        {
            Assert.Equal(engine[i], compiled[i], 4);
        }
    }

    [Fact]
    public void Training_is_repeatable_and_a_saved_model_scores_the_same()
    {
        var rows = Simulate(new Random(9), challenges: 60, perChallenge: 20);
        var features = rows.Take(50).Select(r => r.Features).ToList();
        var first = LightGbmRanker.Train(rows, seed: 3, Fast);
        var second = LightGbmRanker.Train(rows, seed: 3, Fast);
        Assert.Equal(first.Score(features), second.Score(features));

        using var stream = new MemoryStream();
        first.Save(stream);
        stream.Position = 0;
        var loaded = LightGbmRanker.Load(stream);
        Assert.Equal(first.Score(features), loaded.Score(features));
    }

    [Fact]
    public void Contributions_explain_each_score_and_give_chinese_reasons()
    {
        var rows = Simulate(new Random(4), challenges: 120, perChallenge: 25);
        var ranker = LightGbmRanker.Train(rows, seed: 4, Fast);
        var strong = rows.OrderByDescending(r => r.Label).ThenByDescending(r => r.Features[PairFeatures.SkillExactShare]).First();
        var explained = ranker.Explain([strong.Features]);
        var (score, contributions) = Assert.Single(explained);
        Assert.Equal(PairFeatures.Count, contributions.Length);
        Assert.Equal(ranker.Score([strong.Features])[0], score);
        Assert.Contains(contributions, c => c > 0);
        var reasons = MatchReasons.Top(strong.Features, contributions, new ReasonNames(4, "工程机械", "株洲市", "高级工程师", null));
        Assert.NotEmpty(reasons);
    }

    [Fact]
    public void Rows_of_the_wrong_width_are_refused()
    {
        var ranker = LightGbmRanker.Train(Simulate(new Random(2), 20, 10), seed: 2, Fast);
        Assert.Throws<ArgumentException>(() => ranker.Score([new float[3]]));
        Assert.Throws<ArgumentException>(() => LightGbmRanker.Train([], seed: 1));
    }

    private static double Ndcg10(List<RankingRow> rows, float[] scores) => RankingMetrics.MeanNdcgAt(
        rows.Select((r, i) => (r, s: scores[i])).GroupBy(x => x.r.ChallengeId)
            .Select(g => (IReadOnlyList<int>)g.OrderByDescending(x => x.s).Select(x => x.r.Label).ToList()),
        10);

    /// <summary>
    /// Pairs with plausible features; the label comes from a utility the model never sees — skills, cluster, place,
    /// track record, abandonments, plus an unobserved factor and noise — and the search score sees only the words.
    /// </summary>
    private static List<RankingRow> Simulate(Random random, int challenges, int perChallenge)
    {
        double Gauss() => Math.Sqrt(-2 * Math.Log(1 - random.NextDouble())) * Math.Cos(2 * Math.PI * random.NextDouble());
        var rows = new List<RankingRow>();
        for (var c = 0; c < challenges; c++)
        {
            var challenge = Guid.NewGuid();
            for (var e = 0; e < perChallenge; e++)
            {
                var f = new float[PairFeatures.Count];
                var wanted = random.Next(1, 5);
                var exact = random.Next(0, wanted + 1);
                f[PairFeatures.SkillExact] = exact;
                f[PairFeatures.SkillExactShare] = exact / (float)wanted;
                f[PairFeatures.SkillSameCluster] = random.Next(0, 4);
                f[PairFeatures.ClusterMatch] = random.NextDouble() < 0.6 ? 1 : 0;
                f[PairFeatures.TitleLevel] = random.Next(1, 6);
                f[PairFeatures.TierStrength] = random.NextDouble() < 0.15 ? random.Next(1, 6) : 0;
                f[PairFeatures.SameCity] = random.NextDouble() < 0.3 ? 1 : 0;
                f[PairFeatures.SameProvince] = f[PairFeatures.SameCity] == 1 || random.NextDouble() < 0.7 ? 1 : 0;
                f[PairFeatures.YearsOfPractice] = random.Next(1, 35);
                f[PairFeatures.WinsInCluster] = random.Next(0, 4);
                f[PairFeatures.VerifiedInCluster] = random.Next(0, 5);
                var rated = random.Next(0, 12);
                f[PairFeatures.RatingCount] = MathF.Log(1 + rated);
                f[PairFeatures.RatingAverage] = rated == 0 ? float.NaN : (float)Math.Round(3 + 2 * random.NextDouble(), 1);
                f[PairFeatures.Abandonments] = random.NextDouble() < 0.1 ? random.Next(1, 3) : 0;
                f[PairFeatures.ActiveWork] = random.Next(0, 4);
                f[PairFeatures.AvailabilityFit] = (float)random.NextDouble();
                f[PairFeatures.RateFit] = random.NextDouble() < 0.3 ? float.NaN : (float)(2 * random.NextDouble());
                f[PairFeatures.ResponseRate] = random.NextDouble() < 0.2 ? float.NaN : (float)random.NextDouble();
                f[PairFeatures.SearchScore] = (float)Math.Max(0, 4 * f[PairFeatures.SkillExactShare] + 1.5 * Gauss());

                var utility = 2.0 * f[PairFeatures.SkillExactShare] + 0.8 * f[PairFeatures.ClusterMatch] + 0.6 * f[PairFeatures.SameCity]
                    + 0.35 * f[PairFeatures.VerifiedInCluster] - 0.9 * f[PairFeatures.Abandonments] - 0.3 * f[PairFeatures.ActiveWork]
                    + 0.8 * f[PairFeatures.AvailabilityFit] + (rated == 0 ? 0 : 0.4 * (f[PairFeatures.RatingAverage] - 4))
                    + 0.5 * Gauss() /* unobserved */ + 0.3 * Gauss() /* noise */;
                var label = utility switch { > 3.6 => 4, > 2.9 => 3, > 2.2 => 2, > 1.4 => 1, _ => 0 };
                rows.Add(new RankingRow(challenge, Guid.NewGuid(), label, f));
            }
        }

        return rows;
    }
}
