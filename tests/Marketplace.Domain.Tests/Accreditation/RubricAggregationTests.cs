using Marketplace.Domain.Accreditation;
using Marketplace.Domain.Common;

namespace Marketplace.Domain.Tests.Accreditation;

/// <summary>
/// Hand-computed examples on the seed's table (17 scored rows: 1.1 5, 1.2 5 | 2.1 12+9, 2.2 5, 2.3 4 | 3.1 9+6, 3.2 4,
/// 3.3 4, 3.4 7 | 4.1 6, 4.2 7+7, 4.3 4, 4.4 2, 4.5 4). Each indicator's mean is rounded to 2 decimals (half away from
/// zero) and the subtotals and total are sums of those rounded means.
/// </summary>
public sealed class RubricAggregationTests
{
    private static readonly Rubric Rubric = AccreditationData.Rubric;

    //                                          1.1  1.2  2.1.1 2.1.2 2.2 2.3 3.1.1 3.1.2 3.2 3.3 3.4 4.1 4.2.1 4.2.2 4.3 4.4  4.5
    private static readonly decimal[] ThreeA = [4,   4,   10,   6,    4,  3,  8,    5,    3,  2,  6,  5,  5,    6,    2,  1.5m, 3];
    private static readonly decimal[] ThreeB = [5,   4,   11,   7,    4,  3,  7,    4,    3,  3,  6,  5,  6,    6,    3,  2,   3.5m];
    private static readonly decimal[] ThreeC = [4,   3,   9,    8,    5,  4,  7,    4,    3,  3,  5,  6,  6,    6,    2,  2,   3];

    private static readonly decimal[][] Five =
    [
        //  1.1 1.2 2.1.1 2.1.2 2.2 2.3 3.1.1 3.1.2 3.2 3.3 3.4 4.1 4.2.1 4.2.2 4.3 4.4   4.5
        [5, 4, 12, 9, 5, 4, 9, 6, 4, 4, 7, 6, 7, 7, 4, 2,    4],
        [4, 4, 10, 8, 5, 3, 8, 5, 3, 3, 6, 5, 6, 7, 3, 2,    3.5m],
        [4, 4, 9,  6, 4, 3, 7, 5, 3, 2, 6, 5, 5, 6, 3, 1.5m, 3],
        [3, 4, 8,  6, 3, 2, 7, 4, 3, 2, 5, 5, 5, 6, 2, 1,    3],
        [1, 4, 2,  0, 3, 2, 5, 0, 1, 2, 3, 4, 1, 5, 0, 1,    2],
    ];

    [Fact]
    public void Three_experts_are_averaged_without_trimming_and_the_bonus_is_capped_per_sheet()
    {
        var app = Guid.NewGuid();
        var a = AccreditationData.Sheet(Rubric, app, AccreditationData.Expert(1), ThreeA, submit: false);
        var b = AccreditationData.Sheet(Rubric, app, AccreditationData.Expert(2), ThreeB, submit: false);
        var c = AccreditationData.Sheet(Rubric, app, AccreditationData.Expert(3), ThreeC, submit: false);
        AccreditationData.ClaimRange(a, Rubric, "B1", 3);                 // A: 3 + 3 + 1 + 1 = 8
        AccreditationData.ClaimItems(a, Rubric, "B2", "national", 1);
        AccreditationData.ClaimItems(a, Rubric, "B2", "provincial", 2);
        AccreditationData.ClaimRange(b, Rubric, "B1", 2);                 // B: 2 + 3 × 3 + 2 = 13 → capped at 10
        AccreditationData.ClaimItems(b, Rubric, "B2", "national", 3);
        AccreditationData.ClaimItems(b, Rubric, "B3", null, 1);
        AccreditationData.ClaimRange(c, Rubric, "B1", 1);                 // C: 1 + 1 = 2
        AccreditationData.ClaimItems(c, Rubric, "B2", "provincial", 1);
        foreach (var sheet in new[] { a, b, c })
        {
            sheet.Submit(Rubric, AccreditationData.Now);
        }

        var result = RubricAggregation.Aggregate(Rubric, [a, b, c], TrimOptions.Default);

        Assert.False(result.Trimmed);
        Assert.Equal(
            [4.33m, 3.67m, 10.00m, 7.00m, 4.33m, 3.33m, 7.33m, 4.33m, 3.00m, 2.67m, 5.67m, 5.33m, 5.67m, 6.00m, 2.33m, 1.83m, 3.17m],
            result.Indicators.Select(i => i.Mean));
        // 8.00 = 4.33 + 3.67; 24.66 = 10 + 7 + 4.33 + 3.33; 23.00 = 7.33 + 4.33 + 3 + 2.67 + 5.67;
        // 24.33 = 5.33 + 5.67 + 6 + 2.33 + 1.83 + 3.17
        Assert.Equal([8.00m, 24.66m, 23.00m, 24.33m], result.Primaries.Select(p => p.Subtotal));
        // The experts' raw totals are 77.5, 82.5 and 80, whose mean is 80.00; the per-indicator rounding gives 79.99.
        Assert.Equal(79.99m, result.BaseScore);
        Assert.Equal([2m, 8m, 10m], result.BonusColumn.Used.Select(f => f.Points));
        Assert.Equal(6.67m, result.Bonus);                                 // (8 + 10 + 2) / 3
        Assert.Equal(86.66m, result.Total);
        Assert.Equal(RubricResult.Scored, result.Result);
        Assert.Empty(result.Vetoes);
    }

    [Fact]
    public void Five_experts_lose_their_highest_and_lowest_mark_on_every_indicator()
    {
        var app = Guid.NewGuid();
        var sheets = Five.Select((marks, i) => AccreditationData.Sheet(Rubric, app, AccreditationData.Expert(i + 1), marks, submit: false)).ToList();
        AccreditationData.ClaimRange(sheets[0], Rubric, "B1", 3);         // E1: 3 + 3 × 2 + 1 = 10
        AccreditationData.ClaimItems(sheets[0], Rubric, "B2", "national", 2);
        AccreditationData.ClaimItems(sheets[0], Rubric, "B2", "provincial", 1);
        AccreditationData.ClaimRange(sheets[1], Rubric, "B1", 2);         // E2: 2 + 3 + 1 = 6
        AccreditationData.ClaimItems(sheets[1], Rubric, "B2", "national", 1);
        AccreditationData.ClaimItems(sheets[1], Rubric, "B2", "provincial", 1);
        AccreditationData.ClaimRange(sheets[2], Rubric, "B1", 2);         // E3: 2 + 2 = 4
        AccreditationData.ClaimItems(sheets[2], Rubric, "B3", null, 1);
        AccreditationData.ClaimItems(sheets[3], Rubric, "B2", "national", 1); // E4: 3; E5: 0
        sheets.ForEach(s => s.Submit(Rubric, AccreditationData.Now));

        var result = RubricAggregation.Aggregate(Rubric, sheets, TrimOptions.Default);

        Assert.True(result.Trimmed);
        // e.g. 1.1: marks 5, 4, 4, 3, 1 → drop 5 and 1 → (4 + 4 + 3) / 3 = 3.67
        Assert.Equal(
            [3.67m, 4.00m, 9.00m, 6.67m, 4.00m, 2.67m, 7.33m, 4.67m, 3.00m, 2.33m, 5.67m, 5.00m, 5.33m, 6.33m, 2.67m, 1.50m, 3.17m],
            result.Indicators.Select(i => i.Mean));
        var first = result.Indicators[0];
        Assert.Equal([1m, 5m], first.Dropped.Select(f => f.Points).Order());
        Assert.Equal([AccreditationData.Expert(5), AccreditationData.Expert(1)], first.Dropped.Select(f => f.ExpertId));
        Assert.All(result.Indicators, i => Assert.Equal((3, 2), (i.Used.Count, i.Dropped.Count)));
        Assert.Equal([7.67m, 22.34m, 23.00m, 24.00m], result.Primaries.Select(p => p.Subtotal));
        Assert.Equal(77.01m, result.BaseScore);
        Assert.Equal([0m, 10m], result.BonusColumn.Dropped.Select(f => f.Points).Order());
        Assert.Equal(4.33m, result.Bonus);                                 // (3 + 4 + 6) / 3
        Assert.Equal(81.34m, result.Total);

        // The same sheets without trimming: every column divides by 5 exactly; 366 points in all → 73.20, bonus 23 / 5.
        var plain = RubricAggregation.Aggregate(Rubric, sheets, TrimOptions.None);
        Assert.False(plain.Trimmed);
        Assert.Equal(3.40m, plain.Indicators[0].Mean);
        Assert.Equal(73.20m, plain.BaseScore);
        Assert.Equal(4.60m, plain.Bonus);
        Assert.Equal(77.80m, plain.Total);
    }

    [Fact]
    public void One_veto_makes_the_result_unqualified_even_from_an_expert_whose_marks_are_trimmed()
    {
        var app = Guid.NewGuid();
        var sheets = Five.Select((marks, i) => AccreditationData.Sheet(Rubric, app, AccreditationData.Expert(i + 1), marks, submit: false)).ToList();
        sheets[4].Veto(Rubric, "V2", "近三年存在税务严重违法行为", AccreditationData.Now);
        sheets.ForEach(s => s.Submit(Rubric, AccreditationData.Now));

        var result = RubricAggregation.Aggregate(Rubric, sheets, TrimOptions.Default);

        Assert.Equal(RubricResult.Unqualified, result.Result);
        Assert.True(result.Vetoed);
        var veto = Assert.Single(result.Vetoes);
        Assert.Equal((AccreditationData.Expert(5), "V2", "严重违法行为"), (veto.ExpertId, veto.Code, veto.Name));
        Assert.Equal(77.01m, result.BaseScore);
    }

    [Fact]
    public void Sheets_of_another_rubric_version_drafts_duplicates_and_other_applications_are_refused()
    {
        var app = Guid.NewGuid();
        var one = AccreditationData.Sheet(Rubric, app, Guid.NewGuid(), ThreeA);
        var two = AccreditationData.Sheet(Rubric, app, Guid.NewGuid(), ThreeB);

        var reissued = AccreditationData.WithVersion(Rubric, "2027-v2");
        var newer = AccreditationData.Sheet(reissued, app, Guid.NewGuid(), ThreeC);
        Assert.Equal("rubric_version_mismatch",
            Assert.Throws<DomainConflictException>(() => RubricAggregation.Aggregate(Rubric, [one, two, newer], TrimOptions.Default)).Code);
        Assert.Equal("rubric_version_mismatch",
            Assert.Throws<DomainConflictException>(() => RubricAggregation.Aggregate(reissued, [one, two], TrimOptions.Default)).Code);

        var draft = AccreditationData.Sheet(Rubric, app, Guid.NewGuid(), ThreeC, submit: false);
        Assert.Equal("score_sheet_not_submitted",
            Assert.Throws<DomainConflictException>(() => RubricAggregation.Aggregate(Rubric, [one, draft], TrimOptions.Default)).Code);
        Assert.Equal("duplicate_expert",
            Assert.Throws<DomainConflictException>(() => RubricAggregation.Aggregate(Rubric, [one, one], TrimOptions.Default)).Code);
        var elsewhere = AccreditationData.Sheet(Rubric, Guid.NewGuid(), Guid.NewGuid(), ThreeC);
        Assert.Equal("score_sheets_mixed",
            Assert.Throws<DomainConflictException>(() => RubricAggregation.Aggregate(Rubric, [one, elsewhere], TrimOptions.Default)).Code);
        Assert.Equal("no_score_sheets",
            Assert.Throws<DomainException>(() => RubricAggregation.Aggregate(Rubric, [], TrimOptions.Default)).Code);
    }

    [Fact]
    public void A_new_rubric_version_leaves_scores_given_on_the_old_one_unchanged()
    {
        var app = Guid.NewGuid();
        var sheets = new[] { ThreeA, ThreeB, ThreeC }.Select(m => AccreditationData.Sheet(Rubric, app, Guid.NewGuid(), m)).ToList();
        var before = RubricAggregation.Aggregate(Rubric, sheets, TrimOptions.Default);

        // A re-issued rubric moves a point from 1.2 to 1.1; the catalog keeps both and each sheet names its own.
        var reissued = AccreditationData.WithVersion(Rubric, "2027-v2", s => s.Code switch { "1.1" => 6, "1.2" => 4, _ => s.MaxPoints });
        var catalog = new RubricCatalog([Rubric, reissued]);
        Assert.Same(reissued, catalog.Current);

        var after = RubricAggregation.Aggregate(catalog.Get(sheets[0].RubricVersion), sheets, TrimOptions.Default);
        Assert.Equal(before.Total, after.Total);
        Assert.Equal(before.Indicators.Select(i => i.Mean), after.Indicators.Select(i => i.Mean));
        Assert.Equal("unknown_rubric_version", Assert.Throws<DomainException>(() => catalog.Get("2019-v0")).Code);
    }

    [Fact]
    public void Trim_options_must_leave_at_least_one_mark()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new TrimOptions(4, 2));
        Assert.Throws<ArgumentOutOfRangeException>(() => new TrimOptions(5, -1));
        Assert.True(new TrimOptions(5, 2).AppliesTo(5));
        Assert.False(TrimOptions.Default.AppliesTo(4));
        Assert.False(TrimOptions.None.AppliesTo(100));
    }

    [Fact]
    public void A_rubric_whose_points_do_not_add_up_is_refused_at_load()
    {
        Assert.Throws<ArgumentException>(() => AccreditationData.WithVersion(Rubric, "bad", s => s.Code == "1.1" ? 6 : s.MaxPoints));
        Assert.Throws<ArgumentException>(() => new Rubric(
            "bad", "", "", Rubric.IssuedOn, 100, 10, 120, Rubric.Primaries, Rubric.BonusItems, Rubric.VetoText, Rubric.VetoItems, []));
    }
}
