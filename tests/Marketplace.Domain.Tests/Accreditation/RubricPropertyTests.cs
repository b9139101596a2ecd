using Marketplace.Domain.Accreditation;
using Marketplace.Domain.Common;

namespace Marketplace.Domain.Tests.Accreditation;

/// <summary>
/// Property tests over random panels of experts (fixed seeds, so a failure reproduces): random marks to the cent
/// within bounds, random bonus claims (often far beyond the cap), random vetoes and random trimming rules.
/// </summary>
public sealed class RubricPropertyTests
{
    private const int Iterations = 1500;

    private static readonly Rubric Rubric = AccreditationData.Rubric;

    private static readonly TrimOptions[] TrimRules = [TrimOptions.None, TrimOptions.Default, new(3, 1), new(7, 2)];

    [Fact]
    public void No_panel_scores_above_110_or_a_bonus_above_10_and_any_veto_fails()
    {
        var random = new Random(20260515);
        var vetoed = 0;
        var capped = 0;
        for (var run = 0; run < Iterations; run++)
        {
            var panel = RandomPanel(random);
            var trim = TrimRules[random.Next(TrimRules.Length)];

            var result = RubricAggregation.Aggregate(Rubric, panel, trim);

            Assert.InRange(result.Total, 0m, 110m);
            Assert.InRange(result.Bonus, 0m, 10m);
            Assert.InRange(result.BaseScore, 0m, 100m);
            Assert.All(result.Indicators, i => Assert.InRange(i.Mean, 0m, i.MaxPoints));
            Assert.All(result.Primaries, p => Assert.InRange(p.Subtotal, 0m, p.Points));
            Assert.Equal(Math.Min(110m, result.BaseScore + result.Bonus), result.Total);
            var anyVeto = panel.Any(s => s.HasVeto);
            Assert.Equal(anyVeto ? RubricResult.Unqualified : RubricResult.Scored, result.Result);
            Assert.Equal(panel.Count(s => s.HasVeto), result.Vetoes.Count);
            vetoed += anyVeto ? 1 : 0;
            capped += panel.Any(s => s.BonusClaims.Sum(c => c.Points) > 10) ? 1 : 0;
        }

        // The generator must actually reach the interesting cases.
        Assert.InRange(vetoed, Iterations / 10, Iterations - (Iterations / 10));
        Assert.True(capped > Iterations / 4, $"only {capped} panels claimed more than the cap");
    }

    [Fact]
    public void Totals_equal_the_sums_computed_independently()
    {
        var random = new Random(187);
        for (var run = 0; run < Iterations; run++)
        {
            var panel = RandomPanel(random);
            var trim = TrimRules[random.Next(TrimRules.Length)];
            var k = trim.EachSide > 0 && panel.Count >= trim.MinExperts ? trim.EachSide : 0;

            var result = RubricAggregation.Aggregate(Rubric, panel, trim);

            decimal ExpectedMean(IEnumerable<decimal> column)
            {
                var kept = column.Order().Skip(k).SkipLast(k).ToList();
                return Math.Round(kept.Sum() / kept.Count, 2, MidpointRounding.AwayFromZero);
            }

            var means = Rubric.Secondaries.ToDictionary(s => s.Code, s => ExpectedMean(panel.Select(p => p.Marks.Single(m => m.IndicatorCode == s.Code).Points)));
            foreach (var primary in Rubric.Primaries)
            {
                var expected = primary.Secondaries.Sum(s => means[s.Code]);
                Assert.Equal(expected, result.Primaries.Single(p => p.Code == primary.Code).Subtotal);
            }

            var baseScore = means.Values.Sum();
            var bonus = Math.Min(10m, ExpectedMean(panel.Select(p => Math.Min(10m, p.BonusClaims.Sum(c => c.Points)))));
            Assert.Equal(baseScore, result.BaseScore);
            Assert.Equal(bonus, result.Bonus);
            Assert.Equal(Math.Min(110m, baseScore + bonus), result.Total);

            // Sheet order never matters.
            var shuffled = panel.OrderBy(_ => random.Next()).ToList();
            Assert.Equal(result.Total, RubricAggregation.Aggregate(Rubric, shuffled, trim).Total);
        }
    }

    [Fact]
    public void Trimming_drops_exactly_the_highest_and_lowest_marks_of_every_indicator()
    {
        var random = new Random(7);
        for (var run = 0; run < Iterations; run++)
        {
            var panel = RandomPanel(random, minExperts: 5);
            var result = RubricAggregation.Aggregate(Rubric, panel, TrimOptions.Default);

            Assert.True(result.Trimmed);
            foreach (var indicator in result.Indicators)
            {
                var marks = panel.Select(p => p.PointsFor(indicator.Code)!.Value).Order().ToList();
                Assert.Equal(panel.Count - 2, indicator.Used.Count);
                Assert.Equal([marks[0], marks[^1]], indicator.Dropped.Select(f => f.Points).Order());
                Assert.Equal(marks.Skip(1).SkipLast(1), indicator.Used.Select(f => f.Points).Order());
                Assert.Equal(panel.Select(p => p.ExpertId).Order(), indicator.Used.Concat(indicator.Dropped).Select(f => f.ExpertId).Order());
            }
        }
    }

    [Fact]
    public void Out_of_bounds_marks_and_bonus_points_are_always_refused_and_change_nothing()
    {
        var random = new Random(110);
        for (var run = 0; run < Iterations; run++)
        {
            var sheet = AccreditationData.Draft(Rubric);
            var indicator = Rubric.Secondaries[random.Next(Rubric.Secondaries.Count)];
            var outside = random.Next(3) switch
            {
                0 => -random.Next(1, 10_000) / 100m,
                1 => indicator.MaxPoints + (random.Next(1, 10_000) / 100m),
                _ => (random.Next(0, (int)(indicator.MaxPoints * 100)) / 100m) + 0.001m,
            };
            var e = Assert.Throws<DomainException>(() => sheet.Mark(Rubric, indicator.Code, outside, "意见", AccreditationData.Now));
            Assert.Contains(e.Code, new[] { "score_out_of_range", "score_precision" });
            Assert.Empty(sheet.Marks);

            var bonus = random.Next(3) switch
            {
                0 => -random.Next(1, 500) / 100m,
                1 => 1m + (random.Next(1, 100) / 100m),
                _ => 3m + (random.Next(1, 1000) / 100m),
            };
            Assert.Equal("bonus_out_of_range",
                Assert.Throws<DomainException>(() => AccreditationData.ClaimRange(sheet, Rubric, "B1", bonus)).Code);
            Assert.Empty(sheet.BonusClaims);
        }
    }

    private static List<ExpertScoreSheet> RandomPanel(Random random, int minExperts = 1)
    {
        var app = Guid.NewGuid();
        var count = random.Next(minExperts, 10);
        var sheets = new List<ExpertScoreSheet>(count);
        for (var e = 0; e < count; e++)
        {
            var marks = Rubric.Secondaries.Select(s => Mark(random, s.MaxPoints)).ToList();
            var sheet = AccreditationData.Sheet(Rubric, app, Guid.NewGuid(), marks, submit: false);
            if (random.Next(2) == 0)
            {
                AccreditationData.ClaimRange(sheet, Rubric, "B1", random.Next(2) == 0 ? random.Next(0, 101) / 100m : 2m + (random.Next(0, 101) / 100m));
            }

            AccreditationData.ClaimItems(sheet, Rubric, "B2", "national", random.Next(0, 5));
            AccreditationData.ClaimItems(sheet, Rubric, "B2", "provincial", random.Next(0, 6));
            AccreditationData.ClaimItems(sheet, Rubric, "B3", null, random.Next(0, 4));
            if (random.Next(30) == 0)
            {
                sheet.Veto(Rubric, Rubric.VetoItems[random.Next(Rubric.VetoItems.Count)].Code, "存在否决情形", AccreditationData.Now);
            }

            sheet.Submit(Rubric, AccreditationData.Now);
            sheets.Add(sheet);
        }

        return sheets;
    }

    /// <summary>Marks to the cent, biased to the bounds so 0 and max come up often.</summary>
    private static decimal Mark(Random random, decimal max) => random.Next(10) switch
    {
        0 => 0m,
        1 => max,
        _ => random.Next(0, (int)(max * 100) + 1) / 100m,
    };
}
