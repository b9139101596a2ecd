using Marketplace.Domain.Common;

namespace Marketplace.Domain.Accreditation;

/// <summary>二级指标: one scored row of the 指标评价表, marked by each expert between 0 and <see cref="MaxPoints"/>.</summary>
/// <param name="Code">Unique within the rubric; rows that share one number in the seed get a suffix (2.1.1, 2.1.2).</param>
/// <param name="SeedNumber">The number as printed in the seed (2.1).</param>
/// <param name="Description">指标内容, verbatim from the seed.</param>
public sealed record SecondaryIndicator(string Code, string SeedNumber, string Name, decimal MaxPoints, string Description, string PrimaryCode);

/// <summary>一级指标 and its point total, which its secondary indicators add up to.</summary>
public sealed record PrimaryIndicator(string Code, string Name, decimal Points, IReadOnlyList<SecondaryIndicator> Secondaries);

public enum BonusScoring
{
    /// <summary>The expert gives points within one of the item's bands (酌情给分).</summary>
    Range = 1,

    /// <summary>Each claimed occurrence scores its level's fixed points (每项得 N 分).</summary>
    PerItem = 2,
}

/// <summary>A band of a range-scored bonus item, e.g. 支持力度较大 2–3 分.</summary>
public sealed record BonusBand(string Name, decimal MinPoints, decimal MaxPoints);

/// <summary>A level of a per-item bonus, e.g. 国家级 3 分 per honour.</summary>
public sealed record BonusLevel(string Code, string Name, decimal Points);

/// <summary>加分项. <see cref="MaxClaims"/> null means as many claims as there is evidence for.</summary>
public sealed record BonusItem(
    string Code,
    string Name,
    string Text,
    BonusScoring Scoring,
    int? MaxClaims,
    IReadOnlyList<BonusBand> Bands,
    IReadOnlyList<BonusLevel> Levels);

/// <summary>一票否决 ground.</summary>
public sealed record VetoItem(string Code, string Name, string Text);

/// <summary>
/// A version of the center evaluation rubric (指标评价表), built from reference data. Immutable: a new policy text is a
/// new version, and score sheets keep the version they were made against, so it never changes scores already given.
/// The constructor checks the arithmetic the seed implies (secondary points add up to their primary, primaries to
/// the base total, base + bonus cap = total cap), so a typo in the data fails at load, not in a ranking.
/// </summary>
public sealed class Rubric
{
    private readonly Dictionary<string, SecondaryIndicator> _byCode;

    public Rubric(
        string version,
        string document,
        string title,
        DateOnly issuedOn,
        decimal baseTotal,
        decimal bonusCap,
        decimal totalCap,
        IReadOnlyList<PrimaryIndicator> primaries,
        IReadOnlyList<BonusItem> bonusItems,
        string vetoText,
        IReadOnlyList<VetoItem> vetoItems,
        IReadOnlyList<string> notes)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(version);
        ArgumentNullException.ThrowIfNull(primaries);
        ArgumentNullException.ThrowIfNull(bonusItems);
        ArgumentNullException.ThrowIfNull(vetoItems);
        ArgumentNullException.ThrowIfNull(notes);

        Version = version;
        Document = document;
        Title = title;
        IssuedOn = issuedOn;
        BaseTotal = baseTotal;
        BonusCap = bonusCap;
        TotalCap = totalCap;
        Primaries = [.. primaries.Select(p => p with { Secondaries = [.. p.Secondaries] })];
        Secondaries = [.. Primaries.SelectMany(p => p.Secondaries)];
        BonusItems = [.. bonusItems.Select(b => b with { Bands = [.. b.Bands], Levels = [.. b.Levels] })];
        VetoText = vetoText;
        VetoItems = [.. vetoItems];
        Notes = [.. notes];

        _byCode = new Dictionary<string, SecondaryIndicator>(StringComparer.Ordinal);
        foreach (var secondary in Secondaries)
        {
            if (!_byCode.TryAdd(secondary.Code, secondary))
            {
                throw Invalid($"secondary indicator {secondary.Code} is listed twice");
            }
        }

        Validate();
    }

    /// <summary>Version id, e.g. 2026-v1; recorded on every score sheet.</summary>
    public string Version { get; }

    /// <summary>The policy document it encodes, e.g. 湘工信人教〔2026〕187号.</summary>
    public string Document { get; }

    public string Title { get; }

    public DateOnly IssuedOn { get; }

    /// <summary>Sum of the primary indicators (100).</summary>
    public decimal BaseTotal { get; }

    /// <summary>附加项 cap (10).</summary>
    public decimal BonusCap { get; }

    /// <summary>Highest possible total (110 = 100 + 10).</summary>
    public decimal TotalCap { get; }

    public IReadOnlyList<PrimaryIndicator> Primaries { get; }

    /// <summary>Every scored row, in the seed's order.</summary>
    public IReadOnlyList<SecondaryIndicator> Secondaries { get; }

    public IReadOnlyList<BonusItem> BonusItems { get; }

    /// <summary>The seed's veto sentence, verbatim.</summary>
    public string VetoText { get; }

    public IReadOnlyList<VetoItem> VetoItems { get; }

    /// <summary>Where the seed was ambiguous and what the data chose.</summary>
    public IReadOnlyList<string> Notes { get; }

    public SecondaryIndicator Indicator(string code) =>
        _byCode.TryGetValue(code ?? "", out var indicator)
            ? indicator
            : throw new DomainException("未知评价指标", $"评价表 {Version} 中没有编号为“{code}”的二级指标。", "unknown_indicator");

    public BonusItem BonusItem(string code) =>
        BonusItems.FirstOrDefault(b => b.Code == code)
        ?? throw new DomainException("未知加分项", $"评价表 {Version} 中没有编号为“{code}”的加分项。", "unknown_bonus_item");

    public VetoItem VetoItem(string code) =>
        VetoItems.FirstOrDefault(v => v.Code == code)
        ?? throw new DomainException("未知否决项", $"评价表 {Version} 中没有编号为“{code}”的一票否决项。", "unknown_veto_item");

    private void Validate()
    {
        if (Primaries.Count == 0)
        {
            throw Invalid("no primary indicators");
        }

        if (Primaries.Select(p => p.Code).Distinct(StringComparer.Ordinal).Count() != Primaries.Count)
        {
            throw Invalid("primary indicator codes are not unique");
        }

        foreach (var primary in Primaries)
        {
            if (primary.Secondaries.Count == 0)
            {
                throw Invalid($"primary indicator {primary.Code} has no secondary indicators");
            }

            if (primary.Secondaries.Any(s => s.MaxPoints <= 0 || s.PrimaryCode != primary.Code))
            {
                throw Invalid($"primary indicator {primary.Code} has a secondary indicator with no points or of another primary");
            }

            var sum = primary.Secondaries.Sum(s => s.MaxPoints);
            if (sum != primary.Points)
            {
                throw Invalid($"secondary indicators of {primary.Code} add up to {sum}, not {primary.Points}");
            }
        }

        var total = Primaries.Sum(p => p.Points);
        if (total != BaseTotal)
        {
            throw Invalid($"primary indicators add up to {total}, not {BaseTotal}");
        }

        if (BonusCap < 0 || TotalCap != BaseTotal + BonusCap)
        {
            throw Invalid($"total cap {TotalCap} is not base {BaseTotal} + bonus cap {BonusCap}");
        }

        if (BonusItems.Select(b => b.Code).Distinct(StringComparer.Ordinal).Count() != BonusItems.Count)
        {
            throw Invalid("bonus item codes are not unique");
        }

        foreach (var item in BonusItems)
        {
            var valid = item.Scoring switch
            {
                BonusScoring.Range => item.Bands.Count > 0 && item.Levels.Count == 0
                    && item.Bands.All(b => b.MinPoints >= 0 && b.MinPoints <= b.MaxPoints),
                BonusScoring.PerItem => item.Levels.Count > 0 && item.Bands.Count == 0
                    && item.Levels.All(l => l.Points > 0)
                    && item.Levels.Select(l => l.Code).Distinct(StringComparer.Ordinal).Count() == item.Levels.Count,
                _ => false,
            };
            if (!valid || item.MaxClaims is < 1)
            {
                throw Invalid($"bonus item {item.Code} is not well-formed");
            }
        }

        if (VetoItems.Count == 0 || VetoItems.Select(v => v.Code).Distinct(StringComparer.Ordinal).Count() != VetoItems.Count)
        {
            throw Invalid("veto items are missing or their codes are not unique");
        }
    }

    private ArgumentException Invalid(string what) => new($"Rubric {Version}: {what}.");
}

/// <summary>
/// Every rubric version the platform knows. Sheets are always scored and aggregated against their own version;
/// <see cref="Current"/> is only what new sheets start from.
/// </summary>
public sealed class RubricCatalog
{
    private readonly Dictionary<string, Rubric> _byVersion;

    public RubricCatalog(IEnumerable<Rubric> rubrics)
    {
        ArgumentNullException.ThrowIfNull(rubrics);
        _byVersion = new Dictionary<string, Rubric>(StringComparer.Ordinal);
        foreach (var rubric in rubrics)
        {
            if (!_byVersion.TryAdd(rubric.Version, rubric))
            {
                throw new ArgumentException($"Rubric version {rubric.Version} is listed twice.", nameof(rubrics));
            }
        }

        if (_byVersion.Count == 0)
        {
            throw new ArgumentException("A rubric catalog needs at least one rubric.", nameof(rubrics));
        }

        All = [.. _byVersion.Values.OrderBy(r => r.IssuedOn).ThenBy(r => r.Version, StringComparer.Ordinal)];
    }

    /// <summary>Oldest first.</summary>
    public IReadOnlyList<Rubric> All { get; }

    /// <summary>The most recently issued version.</summary>
    public Rubric Current => All[^1];

    public Rubric Get(string version) =>
        _byVersion.TryGetValue(version ?? "", out var rubric)
            ? rubric
            : throw new DomainException("未知评价表版本", $"没有版本为“{version}”的评价表。", "unknown_rubric_version");
}
