using System.Globalization;
using Marketplace.Application.Outcomes;

namespace Marketplace.Infrastructure.Reports;

/// <summary>
/// The two sheets every outcome workbook has, a center's appendix and a studio's alike: one row per figure, and one
/// row per record behind each figure keyed by the figure, so a reader can sum any figure back from its records.
/// </summary>
internal static class OutcomeSheets
{
    public static List<Dictionary<string, object?>> Figures(IEnumerable<FigureDto> figures, Func<string, string> sectionName) =>
        [.. figures.Select(f => new Dictionary<string, object?>
        {
            ["指标键"] = f.Key, ["章节"] = sectionName(f.Section), ["指标"] = f.Label, ["单位"] = f.Unit,
            ["本年度"] = f.Value, ["上年度"] = f.LastYear, ["目标"] = f.Target, ["记录数"] = f.Records,
        })];

    public static List<Dictionary<string, object?>> Records(IEnumerable<(FigureDto Figure, IReadOnlyList<OutcomeRecordDto> Records)> figures) =>
        [.. figures.SelectMany(r => r.Records.Select(x => new Dictionary<string, object?>
        {
            ["指标键"] = r.Figure.Key, ["指标"] = r.Figure.Label, ["记录类型"] = x.Kind, ["记录编号"] = x.Id.ToString(), ["名称"] = x.Title,
            ["日期"] = x.Date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture), ["说明"] = x.Detail, ["数值"] = x.Amount, ["链接"] = x.Link,
        }))];
}
