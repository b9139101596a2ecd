using System.Globalization;
using Marketplace.Application.Outcomes;
using Marketplace.Domain.Outcomes;
using MiniExcelLibs;
using ScottPlot;

namespace Marketplace.Infrastructure.Reports;

/// <summary>
/// A studio's trained-versus-target chart (ScottPlot, the outcome charts' Noto CJK face, decision 73) and its .xlsx
/// (MiniExcel): one sheet of figures and one of the records behind them, so every figure can be summed back.
/// </summary>
public sealed class StudioOutcomeReports : IStudioOutcomeReports
{
    public StudioOutcomeReports() => OutcomeCharts.Register();

    public byte[] TargetsChart(StudioOutcomesDto outcomes)
    {
        ArgumentNullException.ThrowIfNull(outcomes);
        var keys = StudioTargets.Columns.Select(StudioOutcomeCalculator.TraineesIn).Append(StudioOutcomeCalculator.Trainees).ToList();
        var figures = keys.Select(k => outcomes.Figures.First(f => f.Key == k)).ToList();
        var plot = new Plot();
        plot.Font.Set(OutcomeCharts.FontName);
        plot.Title(outcomes.CycleYear is { } n ? $"{outcomes.Year}年（建设第 {n} 年）带培人数：实际与目标" : $"{outcomes.Year}年带培人数（不在建设周期内，无目标）", 15);
        var trained = plot.Add.Bars(Enumerable.Range(0, figures.Count).Select(i => i * 3.0).ToArray(), [.. figures.Select(f => (double)f.Value)]);
        var target = plot.Add.Bars(Enumerable.Range(0, figures.Count).Select(i => (i * 3.0) + 1).ToArray(), [.. figures.Select(f => (double)(f.Target ?? 0m))]);
        foreach (var series in new[] { trained, target })
        {
            foreach (var bar in series.Bars)
            {
                bar.Label = bar.Value.ToString("0", CultureInfo.InvariantCulture);
            }

            series.ValueLabelStyle.FontName = OutcomeCharts.FontName;
        }

        target.Color = Colors.Orange;

        // Each bar is named on the axis (a legend's CJK text is clipped by ScottPlot's measuring of the face).
        var columns = StudioTargets.Columns.Select(c => StudioOutcomeCalculator.ColumnName(c).Replace("职称", "", StringComparison.Ordinal)).Append("合计").ToArray();
        var ticks = Enumerable.Range(0, figures.Count).SelectMany(i => new[] { (Position: i * 3.0, Label: $"{columns[i]}实际"), (Position: (i * 3.0) + 1, Label: $"{columns[i]}目标") }).ToArray();
        plot.Axes.Bottom.SetTicks([.. ticks.Select(t => t.Position)], [.. ticks.Select(t => t.Label)]);
        plot.Axes.Bottom.TickLabelStyle.FontName = OutcomeCharts.FontName;
        plot.Axes.Margins(bottom: 0, top: 0.2);
        return plot.GetImage(900, 420).GetImageBytes(ImageFormat.Png);
    }

    public byte[] WriteXlsx(StudioReportContent content)
    {
        ArgumentNullException.ThrowIfNull(content);
        var d = content.Outcomes;
        var summary = OutcomeSheets.Figures(d.Figures, StudioOutcomeCalculator.SectionName);
        var records = OutcomeSheets.Records(content.Records.Select(r => (r.Figure, r.Records)));
        var about = new List<Dictionary<string, object?>>
        {
            new() { ["项目"] = "工作室", ["内容"] = d.Name },
            new() { ["项目"] = "所在地区", ["内容"] = d.RegionName },
            new() { ["项目"] = "状态", ["内容"] = d.StatusName },
            new() { ["项目"] = "年度", ["内容"] = d.Year.ToString(CultureInfo.InvariantCulture) },
            new() { ["项目"] = "建设年度", ["内容"] = d.CycleYear is { } n ? $"第 {n} 年" : "不在建设周期内" },
            new() { ["项目"] = "建设周期", ["内容"] = d.CycleStart is { } s ? $"{s:yyyy-MM-dd} 至 {d.CycleEnd:yyyy-MM-dd}" : "" },
            new() { ["项目"] = "拨付启动资金（元）", ["内容"] = d.FundGrantedYuan.ToString("0.00", CultureInfo.InvariantCulture) },
        };
        var sheets = new Dictionary<string, object>
        {
            ["指标汇总"] = summary,
            ["记录明细"] = records,
            ["工作室"] = about,
        };
        using var stream = new MemoryStream();
        stream.SaveAs(sheets, excelType: ExcelType.XLSX);
        return stream.ToArray();
    }
}
