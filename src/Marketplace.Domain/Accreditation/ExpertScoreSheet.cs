using Marketplace.Domain.Common;

namespace Marketplace.Domain.Accreditation;

/// <summary>An expert's mark on one secondary indicator, with the comment that justifies it.</summary>
public sealed class IndicatorMark
{
    private IndicatorMark() { }

    internal IndicatorMark(string indicatorCode, decimal points, string comment)
    {
        IndicatorCode = indicatorCode;
        Points = points;
        Comment = comment;
    }

    public string IndicatorCode { get; private set; } = "";

    public decimal Points { get; private set; }

    public string Comment { get; private set; } = "";
}

/// <summary>
/// A bonus item claimed by the expert for the applicant: one claim per honour or event for per-item bonuses, one claim
/// with the expert's points for a range bonus. The points are fixed when the claim is made.
/// </summary>
public sealed class BonusClaim
{
    private List<string> _evidence = [];

    private BonusClaim() { }

    internal BonusClaim(Guid id, string itemCode, string? levelCode, decimal points, IReadOnlyList<string> evidence, string? note)
    {
        Id = id;
        ItemCode = itemCode;
        LevelCode = levelCode;
        Points = points;
        _evidence = [.. evidence];
        Note = note;
    }

    public Guid Id { get; private set; }

    public string ItemCode { get; private set; } = "";

    /// <summary>The level of a per-item bonus (national, provincial); null for a range bonus.</summary>
    public string? LevelCode { get; private set; }

    public decimal Points { get; private set; }

    /// <summary>References to the evidence: uploaded file ids, document numbers, links. At least one.</summary>
    public IReadOnlyList<string> Evidence => _evidence;

    public string? Note { get; private set; }
}

/// <summary>The sheet's own totals, as the expert sees them while scoring.</summary>
public sealed record SheetTotals(
    int MarkedIndicators,
    int Indicators,
    decimal BaseScore,
    decimal BonusClaimed,
    decimal Bonus,
    decimal Total,
    bool Vetoed);

/// <summary>
/// 专家评分表: one expert's scoring of one application on one rubric version: a mark within [0, max] and a comment for
/// every secondary indicator, bonus claims with evidence, and optionally a veto (一票否决) with its reason. Editable as a
/// draft; <see cref="Submit"/> requires every indicator to be marked and freezes the sheet for good.
/// Every method takes the rubric and refuses one of another version than the sheet was started on.
/// </summary>
public sealed class ExpertScoreSheet
{
    public const int CommentMaxLength = 1000;
    public const int ReasonMaxLength = 2000;
    public const int EvidenceMaxLength = 500;
    public const int MaxEvidencePerClaim = 20;
    public const int NoteMaxLength = 500;
    public const int MaxBonusClaims = 100;

    /// <summary>Marks and bonus points are kept to the cent of a point; finer figures are refused, not rounded.</summary>
    public const int PointDecimals = 2;

    private readonly List<IndicatorMark> _marks = [];
    private readonly List<BonusClaim> _claims = [];

    private ExpertScoreSheet() { }

    public Guid Id { get; private set; }

    /// <summary>The application scored (a center's 申报书); opaque to the domain.</summary>
    public Guid ApplicationId { get; private set; }

    public Guid ExpertId { get; private set; }

    public string RubricVersion { get; private set; } = "";

    public IReadOnlyList<IndicatorMark> Marks => _marks;

    public IReadOnlyList<BonusClaim> BonusClaims => _claims;

    public string? VetoCode { get; private set; }

    public string? VetoReason { get; private set; }

    public bool HasVeto => VetoCode is not null;

    public DateTimeOffset CreatedAt { get; private set; }

    public DateTimeOffset UpdatedAt { get; private set; }

    public DateTimeOffset? SubmittedAt { get; private set; }

    public bool IsSubmitted => SubmittedAt is not null;

    public static ExpertScoreSheet Start(Guid id, Rubric rubric, Guid applicationId, Guid expertId, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(rubric);
        return new ExpertScoreSheet
        {
            Id = id,
            ApplicationId = applicationId,
            ExpertId = expertId,
            RubricVersion = rubric.Version,
            CreatedAt = now,
            UpdatedAt = now,
        };
    }

    /// <summary>Sets (or replaces) the mark of one secondary indicator.</summary>
    public void Mark(Rubric rubric, string indicatorCode, decimal points, string comment, DateTimeOffset now)
    {
        EnsureEditable(rubric);
        var indicator = rubric.Indicator(indicatorCode);
        if (points < 0 || points > indicator.MaxPoints)
        {
            throw new DomainException(
                "分值超出范围",
                $"指标 {indicator.Code} {indicator.Name} 的得分应在 0 到 {indicator.MaxPoints:0.##} 分之间，收到 {points:0.##}。",
                "score_out_of_range");
        }

        EnsurePrecision(points, $"指标 {indicator.Code} {indicator.Name} 的得分");
        var text = Guard.Text(comment, $"指标 {indicator.Code} 的评分意见", CommentMaxLength);
        _marks.RemoveAll(m => m.IndicatorCode == indicator.Code);
        _marks.Add(new IndicatorMark(indicator.Code, points, text));
        UpdatedAt = now;
    }

    /// <summary>
    /// Claims a bonus item. Per-item bonuses score their level's fixed points (a given <paramref name="points"/> must equal
    /// them); a range bonus needs <paramref name="points"/> within one of its bands.
    /// </summary>
    public BonusClaim ClaimBonus(
        Rubric rubric, string itemCode, string? levelCode, decimal? points, IReadOnlyList<string> evidence, string? note, DateTimeOffset now)
    {
        EnsureEditable(rubric);
        var item = rubric.BonusItem(itemCode);
        var refs = Evidence(evidence, item);
        var noteText = Guard.OptionalText(note, "加分说明", NoteMaxLength);

        if (item.MaxClaims is { } max && _claims.Count(c => c.ItemCode == item.Code) >= max)
        {
            throw new DomainException("加分项已申报", $"加分项“{item.Name}”最多申报 {max} 次；如需修改请先撤回原申报。", "bonus_claim_limit");
        }

        if (_claims.Count >= MaxBonusClaims)
        {
            throw new DomainException("加分申报过多", $"每张评分表最多 {MaxBonusClaims} 条加分申报。", "bonus_claim_limit");
        }

        var claim = item.Scoring switch
        {
            BonusScoring.PerItem => PerItemClaim(item, levelCode, points, refs, noteText),
            _ => RangeClaim(item, levelCode, points, refs, noteText),
        };
        _claims.Add(claim);
        UpdatedAt = now;
        return claim;
    }

    public void WithdrawBonusClaim(Rubric rubric, Guid claimId, DateTimeOffset now)
    {
        EnsureEditable(rubric);
        if (_claims.RemoveAll(c => c.Id == claimId) == 0)
        {
            throw new DomainException("加分申报不存在", "该评分表中没有这条加分申报。", "bonus_claim_not_found");
        }

        UpdatedAt = now;
    }

    /// <summary>一票否决: the result is 不合格 whatever the points. A reason is required.</summary>
    public void Veto(Rubric rubric, string vetoCode, string reason, DateTimeOffset now)
    {
        EnsureEditable(rubric);
        var item = rubric.VetoItem(vetoCode);
        VetoReason = Guard.Text(reason, "一票否决理由", ReasonMaxLength);
        VetoCode = item.Code;
        UpdatedAt = now;
    }

    public void WithdrawVeto(Rubric rubric, DateTimeOffset now)
    {
        EnsureEditable(rubric);
        VetoCode = null;
        VetoReason = null;
        UpdatedAt = now;
    }

    /// <summary>Submits the sheet: every secondary indicator must be marked. From then on nothing on it can change.</summary>
    public void Submit(Rubric rubric, DateTimeOffset now)
    {
        EnsureEditable(rubric);
        var missing = rubric.Secondaries.Where(s => _marks.All(m => m.IndicatorCode != s.Code)).ToList();
        if (missing.Count > 0)
        {
            throw new DomainException(
                "评分不完整",
                "以下指标尚未评分：" + string.Join("、", missing.Select(s => $"{s.Code} {s.Name}")) + "。",
                "score_sheet_incomplete");
        }

        SubmittedAt = now;
        UpdatedAt = now;
    }

    /// <summary>The mark of one indicator, or null while unmarked.</summary>
    public decimal? PointsFor(string indicatorCode) => _marks.FirstOrDefault(m => m.IndicatorCode == indicatorCode)?.Points;

    /// <summary>Running totals: the bonus capped at the rubric's cap, the total at its total cap.</summary>
    public SheetTotals Totals(Rubric rubric)
    {
        EnsureVersion(rubric);
        var baseScore = _marks.Sum(m => m.Points);
        var claimed = _claims.Sum(c => c.Points);
        var bonus = Math.Min(rubric.BonusCap, claimed);
        return new SheetTotals(
            _marks.Count, rubric.Secondaries.Count, baseScore, claimed, bonus, Math.Min(rubric.TotalCap, baseScore + bonus), HasVeto);
    }

    internal void EnsureVersion(Rubric rubric)
    {
        ArgumentNullException.ThrowIfNull(rubric);
        if (rubric.Version != RubricVersion)
        {
            throw new DomainConflictException(
                "评价表版本不一致",
                $"该评分表按评价表 {RubricVersion} 评分，不能按 {rubric.Version} 处理。",
                "rubric_version_mismatch");
        }
    }

    private void EnsureEditable(Rubric rubric)
    {
        EnsureVersion(rubric);
        if (IsSubmitted)
        {
            throw new DomainConflictException("评分表已提交", "评分表提交后不能再修改。", "score_sheet_submitted");
        }
    }

    private static void EnsurePrecision(decimal points, string what)
    {
        if (decimal.Round(points, PointDecimals) != points)
        {
            throw new DomainException("分值精度过高", $"{what}最多保留 {PointDecimals} 位小数。", "score_precision");
        }
    }

    private static List<string> Evidence(IReadOnlyList<string>? evidence, BonusItem item)
    {
        var refs = (evidence ?? []).Select(e => e?.Trim() ?? "").Where(e => e.Length > 0).Distinct(StringComparer.Ordinal).ToList();
        if (refs.Count == 0)
        {
            throw new DomainException("缺少佐证材料", $"加分项“{item.Name}”需要至少一份佐证材料。", "bonus_evidence_required");
        }

        if (refs.Count > MaxEvidencePerClaim || refs.Any(e => e.Length > EvidenceMaxLength))
        {
            throw new DomainException(
                "佐证材料过多或过长",
                $"每条加分申报最多 {MaxEvidencePerClaim} 份佐证材料，每份引用不超过 {EvidenceMaxLength} 个字符。",
                "bonus_evidence_too_long");
        }

        return refs;
    }

    private static BonusClaim PerItemClaim(BonusItem item, string? levelCode, decimal? points, List<string> refs, string? note)
    {
        var level = levelCode is null && item.Levels.Count == 1
            ? item.Levels[0]
            : item.Levels.FirstOrDefault(l => l.Code == levelCode)
              ?? throw new DomainException(
                  "加分级别无效",
                  $"加分项“{item.Name}”的级别应为：{string.Join("、", item.Levels.Select(l => $"{l.Name}（{l.Code}）"))}。",
                  "bonus_level_invalid");
        if (points is { } given && given != level.Points)
        {
            throw new DomainException(
                "加分分值固定",
                $"加分项“{item.Name}”{level.Name}每项计 {level.Points:0.##} 分，不能自定分值。",
                "bonus_points_fixed");
        }

        return new BonusClaim(Guid.NewGuid(), item.Code, level.Code, level.Points, refs, note);
    }

    private static BonusClaim RangeClaim(BonusItem item, string? levelCode, decimal? points, List<string> refs, string? note)
    {
        if (levelCode is not null)
        {
            throw new DomainException("加分级别无效", $"加分项“{item.Name}”按力度酌情给分，不分级别。", "bonus_level_invalid");
        }

        var bands = string.Join("，", item.Bands.Select(b => $"{b.Name} {b.MinPoints:0.##}–{b.MaxPoints:0.##} 分"));
        if (points is not { } value)
        {
            throw new DomainException("缺少加分分值", $"加分项“{item.Name}”需要给出分值（{bands}）。", "bonus_points_required");
        }

        if (!item.Bands.Any(b => value >= b.MinPoints && value <= b.MaxPoints))
        {
            throw new DomainException(
                "加分超出范围",
                $"加分项“{item.Name}”的分值应落在：{bands}；收到 {value:0.##}。",
                "bonus_out_of_range");
        }

        EnsurePrecision(value, $"加分项“{item.Name}”的分值");
        return new BonusClaim(Guid.NewGuid(), item.Code, null, value, refs, note);
    }
}
