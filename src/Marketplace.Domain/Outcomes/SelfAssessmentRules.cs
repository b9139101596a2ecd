namespace Marketplace.Domain.Outcomes;

/// <summary>A suggested score for one rubric indicator, with the figures it rests on and why.</summary>
public sealed record SuggestedScore(string IndicatorCode, decimal Points, decimal MaxPoints, IReadOnlyList<string> EvidenceFigures, string Reason);

/// <summary>
/// 自评 prefill (issue 8 item 5): the indicators the platform's records can support get a suggested score from the
/// year's figures; the rest are left to the operator. The rubric (seed 001) gives points, not thresholds, so the
/// full-marks levels below are the platform's own reading (decision 74): a suggestion the operator may change, never a
/// score an expert is bound by. Points are rounded down to the half point, never above the indicator's maximum.
/// </summary>
public static class SelfAssessmentRules
{
    /// <summary>Indicator → (figure keys, the figure total that earns full marks).</summary>
    public static readonly IReadOnlyList<(string Code, string[] Figures, decimal FullAt, string What)> Rules =
    [
        ("2.1.1", ["talent.engineers"], 100m, "年度集聚服务的工程师人数（满分按 100 人）"),
        ("2.1.2", ["talent.provincial"], 6m, "省级以上卓越工程师人数（满分按 6 人）"),
        ("2.3", ["services.challenges.published", "services.sessions"], 20m, "发布的揭榜挂帅榜单与一对多撮合场次（满分按合计 20）"),
        ("3.1.1", ["platform.training.persontimes"], 200m, "培训人次（满分按 200 人次）"),
        ("4.1", ["services.consultations"], 30m, "完成的在线问诊（满分按 30 次）"),
        ("4.2.2", ["services.challenges.settled"], 10m, "完成结算的揭榜挂帅项目（满分按 10 项）"),
        ("4.3", ["results.standards.led"], 2m, "牵头制定的标准（满分按 2 项）"),
        ("4.5", ["platform.equipment.times"], 100m, "设备与平台资源对外共享次数（满分按 100 次）"),
    ];

    public static IReadOnlyList<SuggestedScore> Suggest(IReadOnlyDictionary<string, decimal> figures, Func<string, decimal> maxPointsOf)
    {
        ArgumentNullException.ThrowIfNull(figures);
        ArgumentNullException.ThrowIfNull(maxPointsOf);
        var result = new List<SuggestedScore>();
        foreach (var (code, keys, fullAt, what) in Rules)
        {
            var max = maxPointsOf(code);
            var total = keys.Sum(k => figures.GetValueOrDefault(k));
            var raw = fullAt <= 0 ? max : max * Math.Min(1m, total / fullAt);
            var points = Math.Floor(raw * 2m) / 2m;
            result.Add(new SuggestedScore(code, points, max, keys, $"{what}：本年度 {total:0.##}，建议 {points:0.#} / {max:0.#} 分"));
        }

        return result;
    }
}

/// <summary>
/// A studio measured against its own 附件1 targets (seed 000: 带培目标任务 by year of the 3-year cycle, 正高 / 副高 / 其他):
/// which cycle year a calendar year is, and which target column a trainee's title falls in.
/// </summary>
public static class StudioTargets
{
    public static readonly string[] Columns = ["professor-senior", "senior", "other"];

    /// <summary>1–3 for a calendar year inside the build cycle that started on <paramref name="cycleStart"/>; null outside it.</summary>
    public static int? CycleYear(DateOnly? cycleStart, int year) =>
        cycleStart is { } start && year - start.Year + 1 is var n and >= 1 and <= 3 ? n : null;

    public static string Column(Marketplace.Domain.Engineers.ProfessionalTitle? title) => title switch
    {
        Marketplace.Domain.Engineers.ProfessionalTitle.ProfessorSeniorEngineer => "professor-senior",
        Marketplace.Domain.Engineers.ProfessionalTitle.SeniorEngineer => "senior",
        _ => "other",
    };
}
