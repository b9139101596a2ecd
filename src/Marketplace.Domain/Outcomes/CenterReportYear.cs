using Marketplace.Domain.Common;

namespace Marketplace.Domain.Outcomes;

/// <summary>The six sections of seed 001 第十三条, in the order the report gives them.</summary>
public static class ReportSections
{
    public static readonly IReadOnlyList<(string Key, string Title)> All =
    [
        ("talent", "一、人才集聚情况"),
        ("platform", "二、平台建设情况"),
        ("services", "三、技术服务情况"),
        ("mechanism", "四、机制创新情况"),
        ("funds", "五、财政资金和自筹资金使用情况"),
        ("results", "六、主要成果"),
    ];

    public static bool IsKnown(string key) => All.Any(s => s.Key == key);

    public static string TitleOf(string key) => All.First(s => s.Key == key).Title;
}

/// <summary>
/// What the operator writes for one center and calendar year (issue 8 items 3–5): the yearly targets the dashboard sets
/// the figures against, the narrative of each report section, the completed self-assessment, and when the generated
/// report went to the province. The figures themselves are never stored here (decision 71): only words and targets.
/// </summary>
public sealed class CenterReportYear
{
    public const int NarrativeMaxLength = 8000;
    public const decimal MaxTarget = 1_000_000_000m;

    private CenterReportYear() { }

    public Guid Id { get; private set; }

    public Guid CenterId { get; private set; }

    public int Year { get; private set; }

    /// <summary>Figure key → the center's own target for the year.</summary>
    public Dictionary<string, decimal> Targets { get; private set; } = [];

    /// <summary>Section key (<see cref="ReportSections"/>) → the operator's text.</summary>
    public Dictionary<string, string> Narratives { get; private set; } = [];

    /// <summary>Rubric indicator code → the operator's points (the suggestion, kept or changed).</summary>
    public Dictionary<string, decimal> SelfAssessment { get; private set; } = [];

    public DateTimeOffset? SubmittedAt { get; private set; }

    public DateTimeOffset UpdatedAt { get; private set; }

    public uint Version { get; private set; }

    public static CenterReportYear Start(Guid id, Guid centerId, int year, DateTimeOffset now)
    {
        if (year is < 2000 or > 2100)
        {
            throw new DomainException("年度无效", $"年度须在 2000–2100 之间，收到 {year}。", "year_invalid");
        }

        return new CenterReportYear { Id = id, CenterId = centerId, Year = year, UpdatedAt = now };
    }

    public void SetTargets(IReadOnlyDictionary<string, decimal> targets, IReadOnlySet<string> knownFigures, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(targets);
        ArgumentNullException.ThrowIfNull(knownFigures);
        foreach (var (key, value) in targets)
        {
            if (!knownFigures.Contains(key))
            {
                throw new DomainException("未知指标", $"“{key}”不是可设定目标的成果指标。", "target_unknown");
            }

            if (value < 0 || value > MaxTarget)
            {
                throw new DomainException("目标值无效", $"目标值须在 0–{MaxTarget:N0} 之间。", "target_invalid");
            }
        }

        Targets = targets.ToDictionary(t => t.Key, t => t.Value);
        UpdatedAt = now;
    }

    /// <summary>The narrative may be revised until the report is submitted; after that the filed document is the record.</summary>
    public void WriteNarratives(IReadOnlyDictionary<string, string> narratives, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(narratives);
        foreach (var (key, _) in narratives)
        {
            if (!ReportSections.IsKnown(key))
            {
                throw new DomainException("未知章节", $"“{key}”不是年度报告的章节。", "section_unknown");
            }
        }

        Narratives = narratives
            .Where(n => !string.IsNullOrWhiteSpace(n.Value))
            .ToDictionary(n => n.Key, n => Guard.Text(n.Value, ReportSections.TitleOf(n.Key), NarrativeMaxLength));
        UpdatedAt = now;
    }

    public void AssessSelf(IReadOnlyDictionary<string, decimal> points, Func<string, decimal> maxPointsOf, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(points);
        ArgumentNullException.ThrowIfNull(maxPointsOf);
        foreach (var (code, value) in points)
        {
            var max = maxPointsOf(code);
            if (value < 0 || value > max)
            {
                throw new DomainException("自评分超出范围", $"指标 {code} 的自评分须在 0–{max} 之间。", "self_score_out_of_range");
            }
        }

        SelfAssessment = points.ToDictionary(p => p.Key, p => p.Value);
        UpdatedAt = now;
    }

    /// <summary>Every section needs its words before the report goes to the province; the tables come from the records.</summary>
    public void MarkSubmitted(DateTimeOffset now)
    {
        var missing = ReportSections.All.Where(s => !Narratives.ContainsKey(s.Key)).Select(s => s.Title).ToList();
        if (missing.Count > 0)
        {
            throw new DomainException("报告内容不完整", $"提交前请填写：{string.Join("、", missing)}。", "narrative_missing");
        }

        SubmittedAt = now;
        UpdatedAt = now;
    }
}
