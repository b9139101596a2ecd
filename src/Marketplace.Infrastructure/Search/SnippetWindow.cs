using System.Net;
using System.Text;

namespace Marketplace.Infrastructure.Search;

/// <summary>
/// The snippet every adapter shows: a window of the text around its first match, the data HTML-encoded and only
/// &lt;mark&gt; added, with an ellipsis where the text was cut. One implementation so both engines cut alike.
/// </summary>
internal static class SnippetWindow
{
    public const int Length = 120;

    /// <summary>The window's HTML, or null when nothing in <paramref name="text"/> is marked.</summary>
    public static string? Render(string text, bool[] marked)
    {
        var first = Array.IndexOf(marked, true);
        if (first < 0)
        {
            return null;
        }

        var start = text.Length <= Length ? 0 : Math.Clamp(first - 20, 0, text.Length - Length);
        var end = Math.Min(text.Length, start + Length);
        var html = new StringBuilder();
        if (start > 0)
        {
            html.Append('…');
        }

        var i0 = start;
        while (i0 < end)
        {
            var inMark = marked[i0];
            var i1 = i0;
            while (i1 < end && marked[i1] == inMark)
            {
                i1++;
            }

            var encoded = WebUtility.HtmlEncode(text[i0..i1]);
            html.Append(inMark ? "<mark>" + encoded + "</mark>" : encoded);
            i0 = i1;
        }

        if (end < text.Length)
        {
            html.Append('…');
        }

        return html.ToString();
    }
}
