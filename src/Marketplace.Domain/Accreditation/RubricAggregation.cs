using Marketplace.Domain.Common;

namespace Marketplace.Domain.Accreditation;

/// <summary>
/// Trimming rule (去掉最高分和最低分): when at least <see cref="MinExperts"/> sheets are aggregated, the
/// <see cref="EachSide"/> highest and as many lowest marks of every column (each secondary indicator, and the bonus) are
/// dropped before averaging. Below <see cref="MinExperts"/> every mark counts. The seed says nothing about trimming;
/// the round's authority chooses, and <see cref="Default"/> is the common practice of one each side from five experts.
/// </summary>
public sealed record TrimOptions
{
    public TrimOptions(int minExperts, int eachSide)
    {
        if (eachSide < 0)
        {
            throw new ArgumentOutOfRangeException(nameof(eachSide), eachSide, "Cannot trim a negative number of marks.");
        }

        // At least one mark must survive trimming.
        if (eachSide > 0 && minExperts < (2 * eachSide) + 1)
        {
            throw new ArgumentOutOfRangeException(nameof(minExperts), minExperts, $"Trimming {eachSide} each side needs at least {(2 * eachSide) + 1} experts.");
        }

        MinExperts = minExperts;
        EachSide = eachSide;
    }

    /// <summary>No trimming: the plain mean of every expert.</summary>
    public static TrimOptions None { get; } = new(0, 0);

    /// <summary>Drop the highest and the lowest mark once there are 5 or more experts.</summary>
    public static TrimOptions Default { get; } = new(5, 1);

    public int MinExperts { get; }

    public int EachSide { get; }

    public bool AppliesTo(int experts) => EachSide > 0 && experts >= MinExperts;
}

public enum RubricResult
{
    /// <summary>计分: no veto; ranked by total within the round.</summary>
    Scored = 1,

    /// <summary>不合格: at least one expert invoked a veto (一票否决), whatever the points.</summary>
    Unqualified = 2,
}

/// <summary>One expert's figure in one column, and whether trimming dropped it.</summary>
public sealed record ExpertFigure(Guid ExpertId, decimal Points);

/// <summary>One secondary indicator across the experts: the marks used, the marks dropped, and their rounded mean.</summary>
public sealed record IndicatorAggregate(
    string Code,
    string Name,
    string PrimaryCode,
    decimal MaxPoints,
    decimal Mean,
    IReadOnlyList<ExpertFigure> Used,
    IReadOnlyList<ExpertFigure> Dropped);

/// <summary>一级指标 subtotal: the sum of its secondary indicators' rounded means.</summary>
public sealed record PrimaryAggregate(string Code, string Name, decimal Points, decimal Subtotal);

/// <summary>A veto invoked by one expert.</summary>
public sealed record VetoRecord(Guid ExpertId, string Code, string Name, string Reason);

/// <summary>The result of aggregating all experts' sheets for one application.</summary>
public sealed record RubricAggregate(
    string RubricVersion,
    Guid ApplicationId,
    int ExpertCount,
    bool Trimmed,
    IReadOnlyList<IndicatorAggregate> Indicators,
    IReadOnlyList<PrimaryAggregate> Primaries,
    decimal BaseScore,
    IndicatorAggregate BonusColumn,
    decimal Bonus,
    decimal Total,
    IReadOnlyList<VetoRecord> Vetoes,
    RubricResult Result)
{
    public bool Vetoed => Result == RubricResult.Unqualified;
}

/// <summary>
/// Aggregates the submitted score sheets of one application:
/// <list type="bullet">
/// <item>each secondary indicator: the mean of the experts' marks, after trimming (<see cref="TrimOptions"/>);</item>
/// <item>the bonus: each sheet's claimed bonus capped at the rubric's bonus cap (the cap applies to one evaluation),
/// trimmed and averaged like an indicator, then capped again (a no-op kept as the stated rule);</item>
/// <item>primary subtotals and the base score: sums of the indicator means; total = min(total cap, base + bonus);</item>
/// <item>any veto on any sheet, trimmed or not, makes the result 不合格.</item>
/// </list>
/// Rounding: each mean (indicators and bonus) is rounded once, to 2 decimals, MidpointRounding.AwayFromZero (四舍五入,
/// how Chinese score sheets are read); subtotals and totals are exact sums of those rounded means, never re-rounded.
/// So every figure published in a ranking table adds up to the total shown beside it, and the ranking sorts on the same
/// numbers people see. The price is that a total may differ by a few hundredths from the unrounded sum of means.
/// </summary>
public static class RubricAggregation
{
    public const int Decimals = 2;

    public static RubricAggregate Aggregate(Rubric rubric, IReadOnlyList<ExpertScoreSheet> sheets, TrimOptions trim)
    {
        ArgumentNullException.ThrowIfNull(rubric);
        ArgumentNullException.ThrowIfNull(sheets);
        ArgumentNullException.ThrowIfNull(trim);
        if (sheets.Count == 0)
        {
            throw new DomainException("没有评分表", "至少需要一份已提交的专家评分表才能汇总。", "no_score_sheets");
        }

        var versions = sheets.Select(s => s.RubricVersion).Distinct(StringComparer.Ordinal).ToList();
        if (versions.Count > 1 || versions[0] != rubric.Version)
        {
            throw new DomainConflictException(
                "评价表版本不一致",
                $"评分表所用评价表版本（{string.Join("、", versions)}）与汇总所用版本 {rubric.Version} 不一致，不能合并计算。",
                "rubric_version_mismatch");
        }

        if (sheets.Select(s => s.ApplicationId).Distinct().Count() > 1)
        {
            throw new DomainConflictException("评分表不属于同一申报", "只能汇总同一份申报的评分表。", "score_sheets_mixed");
        }

        if (sheets.Select(s => s.ExpertId).Distinct().Count() != sheets.Count)
        {
            throw new DomainConflictException("专家重复评分", "同一位专家的评分表只能计入一次。", "duplicate_expert");
        }

        if (sheets.Any(s => !s.IsSubmitted))
        {
            throw new DomainConflictException("评分表未提交", "只有已提交的评分表才能参与汇总。", "score_sheet_not_submitted");
        }

        var trimmed = trim.AppliesTo(sheets.Count);
        var eachSide = trimmed ? trim.EachSide : 0;

        var indicators = rubric.Secondaries
            .Select(s => Column(s.Code, s.Name, s.PrimaryCode, s.MaxPoints, sheets.Select(x => new ExpertFigure(x.ExpertId, x.PointsFor(s.Code)!.Value)), eachSide))
            .ToList();
        var primaries = rubric.Primaries
            .Select(p => new PrimaryAggregate(p.Code, p.Name, p.Points, indicators.Where(i => i.PrimaryCode == p.Code).Sum(i => i.Mean)))
            .ToList();
        var baseScore = primaries.Sum(p => p.Subtotal);

        var bonusColumn = Column(
            "bonus", "附加项", "", rubric.BonusCap,
            sheets.Select(x => new ExpertFigure(x.ExpertId, Math.Min(rubric.BonusCap, x.BonusClaims.Sum(c => c.Points)))),
            eachSide);
        var bonus = Math.Min(rubric.BonusCap, bonusColumn.Mean);
        var total = Math.Min(rubric.TotalCap, baseScore + bonus);

        var vetoes = sheets
            .Where(s => s.HasVeto)
            .Select(s => new VetoRecord(s.ExpertId, s.VetoCode!, rubric.VetoItem(s.VetoCode!).Name, s.VetoReason ?? ""))
            .ToList();

        return new RubricAggregate(
            rubric.Version, sheets[0].ApplicationId, sheets.Count, trimmed, indicators, primaries, baseScore, bonusColumn, bonus, total,
            vetoes, vetoes.Count > 0 ? RubricResult.Unqualified : RubricResult.Scored);
    }

    public static decimal Round(decimal value) => decimal.Round(value, Decimals, MidpointRounding.AwayFromZero);

    /// <summary>Sorts by points (ties by expert id, so the result does not depend on sheet order) and drops the ends.</summary>
    private static IndicatorAggregate Column(
        string code, string name, string primaryCode, decimal max, IEnumerable<ExpertFigure> figures, int eachSide)
    {
        var sorted = figures.OrderBy(f => f.Points).ThenBy(f => f.ExpertId).ToList();
        var used = sorted.Skip(eachSide).Take(sorted.Count - (2 * eachSide)).ToList();
        var dropped = sorted.Take(eachSide).Concat(sorted.Skip(sorted.Count - eachSide)).ToList();
        var mean = Round(used.Sum(f => f.Points) / used.Count);
        return new IndicatorAggregate(code, name, primaryCode, max, mean, used, dropped);
    }
}
