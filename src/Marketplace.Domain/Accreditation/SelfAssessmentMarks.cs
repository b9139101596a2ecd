using Marketplace.Domain.Common;

namespace Marketplace.Domain.Accreditation;

/// <summary>
/// The checks every 自评 on the rubric passes, wherever it is written (an application's draft, the self-assessment a
/// center attaches to its evaluation): known indicator, once each, points between 0 and the indicator's maximum with at
/// most two decimals, a short note. Completeness (every indicator marked) is the caller's rule: a draft may be partial.
/// </summary>
public static class SelfAssessmentMarks
{
    public const int NoteMaxLength = 500;

    public static List<SelfAssessmentMark> Validate(Rubric rubric, IEnumerable<SelfAssessmentMark> marks)
    {
        ArgumentNullException.ThrowIfNull(rubric);
        ArgumentNullException.ThrowIfNull(marks);
        var result = new List<SelfAssessmentMark>();
        foreach (var m in marks)
        {
            var indicator = rubric.Indicator(m.IndicatorCode);
            if (m.Points < 0 || m.Points > indicator.MaxPoints || decimal.Round(m.Points, ExpertScoreSheet.PointDecimals) != m.Points)
            {
                throw new DomainException(
                    "自评分超出范围",
                    $"指标 {indicator.Code} {indicator.Name} 的自评分应在 0 到 {indicator.MaxPoints:0.##} 分之间（最多两位小数），收到 {m.Points:0.###}。",
                    "self_assessment_out_of_range");
            }

            if (result.Any(x => x.IndicatorCode == indicator.Code))
            {
                throw new DomainException("自评重复", $"指标 {indicator.Code} 的自评填写了多次。", "self_assessment_duplicate");
            }

            result.Add(new SelfAssessmentMark(indicator.Code, m.Points, Guard.OptionalText(m.Note, $"指标 {indicator.Code} 的自评说明", NoteMaxLength)));
        }

        return result;
    }

    /// <summary>The indicators not yet marked, as "code name" for the message that names them.</summary>
    public static IReadOnlyList<string> Missing(Rubric rubric, IReadOnlyList<SelfAssessmentMark> marks)
    {
        ArgumentNullException.ThrowIfNull(rubric);
        ArgumentNullException.ThrowIfNull(marks);
        return [.. rubric.Secondaries.Where(s => marks.All(m => m.IndicatorCode != s.Code)).Select(s => $"{s.Code} {s.Name}")];
    }
}

/// <summary>
/// The 自评 a center sends with the evaluation it is waiting for (培育期满 or 整改期满, seed 001 第十二条; issue 8 item 5):
/// every rubric indicator marked, built from the year's outcome figures and the operator's own marks, so the province
/// evaluates with the center's own reading of the rubric beside the records. Attached again it replaces the earlier one
/// until the evaluation is done; after that it stays with the evaluation it accompanied.
/// </summary>
public sealed class EvaluationSelfAssessment
{
    private EvaluationSelfAssessment() { }

    public CenterEvaluationPeriod Period { get; private set; }

    /// <summary>The calendar year whose records the marks rest on.</summary>
    public int Year { get; private set; }

    public string RubricVersion { get; private set; } = "";

    public List<SelfAssessmentMark> Marks { get; private set; } = [];

    public decimal Total { get; private set; }

    public DateTimeOffset AttachedAt { get; private set; }

    public Guid? ByUserId { get; private set; }

    internal static EvaluationSelfAssessment Create(CenterEvaluationPeriod period, int year, Rubric rubric, IEnumerable<SelfAssessmentMark> marks, Guid? userId, DateTimeOffset now)
    {
        var valid = SelfAssessmentMarks.Validate(rubric, marks);
        var missing = SelfAssessmentMarks.Missing(rubric, valid);
        if (missing.Count > 0)
        {
            throw new DomainException("自评不完整", "随评估报送的自评须覆盖全部指标，以下指标尚未自评：" + string.Join("、", missing) + "。", "self_assessment_incomplete");
        }

        // In rubric order, so the province reads it as it reads the rubric.
        var ordered = rubric.Secondaries.Select(s => valid.First(m => m.IndicatorCode == s.Code)).ToList();
        return new EvaluationSelfAssessment
        {
            Period = period, Year = year, RubricVersion = rubric.Version, Marks = ordered, Total = ordered.Sum(m => m.Points), AttachedAt = now, ByUserId = userId,
        };
    }
}
