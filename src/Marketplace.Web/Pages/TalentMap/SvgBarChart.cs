using System.Globalization;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Unicode;
using Microsoft.AspNetCore.Html;

namespace Marketplace.Web.Pages.TalentMap;

/// <summary>One bar group: a label and one value per series.</summary>
public sealed record SvgBarGroup(string Label, IReadOnlyList<int> Values);

/// <summary>
/// Horizontal bar charts drawn on the server as inline SVG: no script and no chart library, so the page works under a
/// strict CSP and offline. Geometry and colours are SVG attributes (not style attributes, which a CSP may forbid);
/// the font comes from site.css. Every label is HTML-encoded (cluster and city names are data an operator can edit),
/// and every value is drawn as text beside its bar, so the chart does not rely on colour or length alone.
/// </summary>
public static class SvgBarChart
{
    private const int Width = 640;
    private const int LabelWidth = 150;
    private const int ValueWidth = 60;
    private const int BarHeight = 16;
    private const int BarGap = 3;
    private const int GroupGap = 12;
    private const int Top = 8;

    // CJK stays as characters (the page is UTF-8 and readable in source); markup characters are still escaped.
    private static readonly HtmlEncoder Encoder = HtmlEncoder.Create(UnicodeRanges.All);

    /// <param name="id">Unique on the page: ties the chart to its title for screen readers.</param>
    /// <param name="title">The chart's accessible name.</param>
    /// <param name="series">Series names with their fill colours; one value per series in each group.</param>
    public static IHtmlContent Render(string id, string title, IReadOnlyList<(string Name, string Color)> series, IReadOnlyList<SvgBarGroup> groups)
    {
        ArgumentNullException.ThrowIfNull(series);
        ArgumentNullException.ThrowIfNull(groups);
        var max = Math.Max(1, groups.SelectMany(g => g.Values).DefaultIfEmpty(0).Max());
        var legendHeight = series.Count > 1 ? 24 : 0;
        var groupHeight = (series.Count * (BarHeight + BarGap)) - BarGap;
        var height = Top + legendHeight + (groups.Count * (groupHeight + GroupGap)) + 4;
        var barArea = Width - LabelWidth - ValueWidth;

        var svg = new StringBuilder();
        svg.Append(CultureInfo.InvariantCulture, $"<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"svg-chart\" viewBox=\"0 0 {Width} {height}\" role=\"img\" aria-labelledby=\"{Encode(id)}-title\" data-testid=\"{Encode(id)}\">");
        svg.Append(CultureInfo.InvariantCulture, $"<title id=\"{Encode(id)}-title\">{Encode(title)}</title>");

        var y = Top;
        if (legendHeight > 0)
        {
            var x = LabelWidth;
            foreach (var (name, color) in series)
            {
                svg.Append(CultureInfo.InvariantCulture, $"<rect x=\"{x}\" y=\"{y + 2}\" width=\"12\" height=\"12\" fill=\"{Encode(color)}\"/>");
                svg.Append(CultureInfo.InvariantCulture, $"<text x=\"{x + 16}\" y=\"{y + 13}\">{Encode(name)}</text>");
                x += 24 + (name.Length * 14);
            }

            y += legendHeight;
        }

        foreach (var group in groups)
        {
            svg.Append(CultureInfo.InvariantCulture, $"<text class=\"label\" x=\"{LabelWidth - 8}\" y=\"{y + (groupHeight / 2) + 5}\" text-anchor=\"end\">{Encode(group.Label)}</text>");
            for (var i = 0; i < series.Count; i++)
            {
                var value = i < group.Values.Count ? group.Values[i] : 0;
                var length = value == 0 ? 0 : Math.Max(2, (int)Math.Round((double)barArea * value / max));
                var barY = y + (i * (BarHeight + BarGap));
                svg.Append(CultureInfo.InvariantCulture, $"<rect x=\"{LabelWidth}\" y=\"{barY}\" width=\"{length}\" height=\"{BarHeight}\" fill=\"{Encode(series[i].Color)}\">");
                svg.Append(CultureInfo.InvariantCulture, $"<title>{Encode(group.Label)} · {Encode(series[i].Name)}：{value}</title></rect>");
                svg.Append(CultureInfo.InvariantCulture, $"<text class=\"value\" x=\"{LabelWidth + length + 6}\" y=\"{barY + BarHeight - 3}\">{value.ToString("N0", CultureInfo.InvariantCulture)}</text>");
            }

            y += groupHeight + GroupGap;
        }

        svg.Append("</svg>");
        return new HtmlString(svg.ToString());
    }

    private static string Encode(string text) => Encoder.Encode(text);
}
