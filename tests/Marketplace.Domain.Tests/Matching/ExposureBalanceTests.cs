using Marketplace.Domain.Matching;

namespace Marketplace.Domain.Tests.Matching;

public class ExposureBalanceTests
{
    private static Guid Id(int n) => new(n, 0, 0, new byte[8]);

    private static List<RankedCandidate> Pool(int count, Func<int, Guid?>? employer = null, Func<int, bool>? isNew = null) =>
        Enumerable.Range(1, count).Select(i => new RankedCandidate(Id(i), employer?.Invoke(i) ?? Id(1000 + i), isNew?.Invoke(i) ?? false, 1.0 - i / 100.0)).ToList();

    [Fact]
    public void Gini_matches_hand_computed_values()
    {
        Assert.Equal(0, ExposureBalance.Gini([3, 3, 3]));
        Assert.Equal(0.75, ExposureBalance.Gini([0, 0, 0, 10]), 12);
        Assert.Equal(0, ExposureBalance.Gini([]));
        Assert.Throws<ArgumentOutOfRangeException>(() => ExposureBalance.Gini([1, -1]));
    }

    [Fact]
    public void The_same_stars_stop_heading_every_list_and_concentration_falls()
    {
        var options = new ExposureOptions(TopSize: 5, MaxTopAppearances: 3, MinNewShare: 0, MaxPerEmployer: 5, StrongScore: 0.5);
        var challenges = Enumerable.Range(1, 10).Select(c => new ChallengeCandidates(Id(500 + c), Pool(30))).ToList();
        var before = ExposureBalance.Measure(challenges, options);
        var after = ExposureBalance.Rerank(challenges, options);
        var measured = ExposureBalance.Measure(after, options);

        var appearances = after.SelectMany(c => c.Candidates.Take(5)).GroupBy(c => c.EngineerId).Select(g => g.Count()).ToList();
        Assert.All(appearances, n => Assert.InRange(n, 1, 3));
        Assert.True(measured.TopAppearanceGini < before.TopAppearanceGini);
        Assert.True(measured.DistinctEngineersInTop > before.DistinctEngineersInTop);
        // Every list is still complete, and the candidates are the same people.
        Assert.All(after, c => Assert.Equal(30, c.Candidates.Count));
        Assert.All(after, c => Assert.Equal(30, c.Candidates.Select(x => x.EngineerId).Distinct().Count()));
    }

    [Fact]
    public void One_employer_yields_places_when_others_are_there()
    {
        var company = Id(9999);
        var pool = Pool(10, employer: i => i <= 6 ? company : null);
        var options = new ExposureOptions(TopSize: 5, MaxPerEmployer: 2, MinNewShare: 0);
        var top = ExposureBalance.Rerank([new ChallengeCandidates(Id(1), pool)], options)[0].Candidates.Take(5).ToList();
        Assert.Equal(2, top.Count(c => c.EmployerOrganizationId == company));
        Assert.Equal([Id(1), Id(2), Id(7), Id(8), Id(9)], top.Select(c => c.EngineerId));
    }

    [Fact]
    public void Newcomers_get_their_share_of_the_list_in_model_order()
    {
        var pool = Pool(40, isNew: i => i > 30);
        var options = new ExposureOptions(TopSize: 20, MinNewShare: 0.1);
        var top = ExposureBalance.Rerank([new ChallengeCandidates(Id(1), pool)], options)[0].Candidates.Take(20).ToList();
        Assert.Equal(2, top.Count(c => c.IsNew));
        Assert.Equal([Id(31), Id(32)], top.Where(c => c.IsNew).Select(c => c.EngineerId));
        Assert.Equal(top.OrderByDescending(c => c.Score).Select(c => c.EngineerId), top.Select(c => c.EngineerId));
    }

    [Fact]
    public void Rules_never_shorten_a_list_that_has_no_one_else()
    {
        var company = Id(9999);
        var pool = Pool(4, employer: _ => company);
        var options = new ExposureOptions(TopSize: 20, MaxPerEmployer: 1, MaxTopAppearances: 0, MinNewShare: 0.5);
        var after = ExposureBalance.Rerank([new ChallengeCandidates(Id(1), pool)], options)[0];
        Assert.Equal(pool.Select(c => c.EngineerId), after.Candidates.Select(c => c.EngineerId));
    }

    [Fact]
    public void Coverage_counts_lists_with_five_strong_candidates()
    {
        var strong = Pool(6);
        var weak = Pool(6).Select(c => c with { Score = 0.1 }).ToList();
        var measure = ExposureBalance.Measure([new(Id(1), strong), new(Id(2), weak)], new ExposureOptions());
        Assert.Equal(0.5, measure.ShareWithFiveStrong);
    }
}
