using Marketplace.Application.Outcomes;
using ScottPlot;
using SkiaSharp;

namespace Marketplace.Infrastructure.Reports;

/// <summary>
/// The outcome charts, drawn with ScottPlot on SkiaSharp in "Noto Sans CJK SC" (decision 73). ScottPlot ships the Skia
/// native library without fontconfig, so the font is not looked up by name: the resolver opens the Noto CJK collection
/// from the system font folder (Debian fonts-noto-cjk) and picks its Simplified Chinese face.
/// </summary>
public sealed class OutcomeCharts : IOutcomeCharts
{
    public const string FontName = "Noto Sans CJK SC";
    private static readonly Lock Gate = new();
    private static bool _registered;

    public IReadOnlyList<(string Key, string Title)> Available { get; } =
    [
        ("trend", "月度服务趋势（发布榜单 + 在线问诊）：本年度与上年度"),
        ("funnel", "揭榜挂帅漏斗：出题 → 发布 → 定榜 → 验题 → 结算"),
        ("clusters", "发布榜单按产业集群"),
        ("cities", "发布榜单按市州"),
    ];

    public OutcomeCharts() => Register();

    public byte[] Render(string key, OutcomeDashboardDto dashboard)
    {
        ArgumentNullException.ThrowIfNull(dashboard);
        var plot = new Plot();
        plot.Font.Set(FontName);
        var title = Available.First(a => a.Key == key).Title;
        plot.Title(title, 15);
        switch (key)
        {
            case "trend":
                {
                    var xs = Enumerable.Range(1, 12).Select(i => (double)i).ToArray();
                    var thisYear = plot.Add.Scatter(xs, [.. dashboard.MonthlyTrend.Select(p => (double)p.Value)]);
                    thisYear.LegendText = $"{dashboard.Year}年";
                    thisYear.LineWidth = 2;
                    var lastYear = plot.Add.Scatter(xs, [.. dashboard.MonthlyTrend.Select(p => (double)(p.Compare ?? 0m))]);
                    lastYear.LegendText = $"{dashboard.Year - 1}年";
                    lastYear.LinePattern = LinePattern.Dashed;
                    plot.Axes.Bottom.SetTicks(xs, [.. dashboard.MonthlyTrend.Select(p => p.Label)]);
                    plot.ShowLegend(Alignment.UpperLeft);
                    plot.Legend.FontName = FontName;
                    break;
                }

            case "funnel":
                Bars(plot, dashboard.Funnel, horizontal: true);
                break;
            case "clusters":
                Bars(plot, dashboard.ByCluster.Take(8).ToList(), horizontal: false);
                break;
            case "cities":
                Bars(plot, dashboard.ByCity.Take(14).ToList(), horizontal: false);
                break;
            default:
                throw new ArgumentOutOfRangeException(nameof(key), key, null);
        }

        plot.Axes.Margins(bottom: 0);
        return plot.GetImage(900, 420).GetImageBytes(ImageFormat.Png);
    }

    private static void Bars(Plot plot, IReadOnlyList<ChartPointDto> points, bool horizontal)
    {
        if (points.Count == 0)
        {
            plot.Add.Text("本年度暂无记录", 0, 0).LabelFontName = FontName;
            return;
        }

        // Horizontal bars are drawn bottom up: the first point (the top of the funnel) gets the highest position.
        var positions = Enumerable.Range(0, points.Count).Select(i => (double)(horizontal ? points.Count - 1 - i : i)).ToArray();
        var bars = plot.Add.Bars(positions, [.. points.Select(p => (double)p.Value)]);
        bars.Horizontal = horizontal;
        foreach (var bar in bars.Bars)
        {
            bar.Label = bar.Value.ToString("0", System.Globalization.CultureInfo.InvariantCulture);
        }

        bars.ValueLabelStyle.FontName = FontName;
        var labels = points.Select(p => p.Label).ToArray();
        if (horizontal)
        {
            plot.Axes.Left.SetTicks(positions, labels);
        }
        else
        {
            plot.Axes.Bottom.SetTicks(positions, labels);
        }
    }

    internal static void Register()
    {
        lock (Gate)
        {
            if (_registered)
            {
                return;
            }

            Fonts.FontResolvers.Insert(0, new NotoCjkResolver());
            _registered = true;
        }
    }

    /// <summary>Opens the Noto Sans CJK collection's SC face (regular or bold) once; null for any other family.</summary>
    private sealed class NotoCjkResolver : IFontResolver
    {
        private readonly Dictionary<bool, SKTypeface?> _faces = [];

        public SKTypeface? CreateTypeface(string fontName, bool bold, bool italic)
        {
            if (fontName != FontName)
            {
                return null;
            }

            lock (_faces)
            {
                if (!_faces.TryGetValue(bold, out var face))
                {
                    face = Load(bold ? "NotoSansCJK-Bold.ttc" : "NotoSansCJK-Regular.ttc") ?? Load("NotoSansCJK-Regular.ttc");
                    _faces[bold] = face;
                }

                return face;
            }
        }

        public SKTypeface? CreateTypeface(string fontName, FontWeight weight, FontSlant slant, FontSpacing width) =>
            CreateTypeface(fontName, weight >= FontWeight.SemiBold, slant != FontSlant.Upright);

        private static SKTypeface? Load(string file)
        {
            var path = FontFiles.Find(file);
            if (path is null)
            {
                return null;
            }

            for (var index = 0; index < 10; index++)
            {
                var face = SKTypeface.FromFile(path, index);
                if (face is null)
                {
                    break;
                }

                if (face.FamilyName == FontName)
                {
                    return face;
                }

                face.Dispose();
            }

            return SKTypeface.FromFile(path);
        }
    }
}

/// <summary>Where the Debian font packages put their files.</summary>
public static class FontFiles
{
    public static readonly string[] Folders = ["/usr/share/fonts", "/usr/local/share/fonts"];

    public static string? Find(string fileName) =>
        Folders.Where(Directory.Exists)
            .SelectMany(f => Directory.EnumerateFiles(f, fileName, SearchOption.AllDirectories))
            .FirstOrDefault();
}
