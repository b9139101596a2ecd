using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Wordprocessing;
using Marketplace.Testing;
using Microsoft.Playwright;

namespace Marketplace.E2E;

/// <summary>
/// The operator's outcomes dashboard in a real browser on the demo data: a figure's number opens its records (as many
/// as the number says), the Word report downloads and opens with its six sections, and the printable view is
/// screenshotted with its Chinese text drawn from a CJK font (asked of Chromium itself, not assumed).
/// </summary>
[Collection(BrowserCollection.Name)]
public sealed class OutcomePageTests(BrowserFixture fixture)
{
    [Fact]
    public async Task The_operator_opens_the_dashboard_follows_a_figure_to_its_records_and_downloads_the_report()
    {
        var page = await fixture.NewPageAsync();
        var errors = new List<string>();
        page.PageError += (_, error) => errors.Add(error);
        page.Console += (_, message) =>
        {
            if (message.Text.Contains("Content Security Policy", StringComparison.OrdinalIgnoreCase))
            {
                errors.Add(message.Text);
            }
        };
        await page.GotoAsync("/Account/Login");
        await page.GetByLabel("邮箱").FillAsync("operator@demo.cn");
        await page.GetByLabel("密码", new() { Exact = true }).FillAsync("Demo@2026");
        await page.GetByRole(AriaRole.Button, new() { Name = "登录" }).ClickAsync();
        await page.WaitForURLAsync("**/Dashboard");

        await page.GetByTestId("nav-outcomes").ClickAsync();
        await page.WaitForURLAsync("**/Outcomes/Center/**");
        await Assertions.Expect(page.GetByTestId("outcome-center-title")).ToContainTextAsync("年度成果");

        // The charts are real images drawn by the server.
        foreach (var chart in new[] { "trend", "funnel", "clusters", "cities" })
        {
            var width = await page.GetByTestId($"chart-{chart}").EvaluateAsync<int>("img => img.decode().then(() => img.naturalWidth)");
            Assert.Equal(900, width);
        }

        // A figure's number is a link to exactly that many records.
        var link = page.GetByTestId("figure-services.challenges.published");
        var shown = int.Parse((await link.InnerTextAsync()).Replace(",", "", StringComparison.Ordinal), CultureInfo.InvariantCulture);
        Assert.True(shown > 0, "the demo center published listings this year");
        await link.ClickAsync();
        await Assertions.Expect(page.GetByTestId("records-title")).ToHaveTextAsync("审核发布榜单");
        await Assertions.Expect(page.GetByTestId("record-row")).ToHaveCountAsync(shown);
        await page.GetByTestId("record-row").First.GetByRole(AriaRole.Link).ClickAsync();
        await page.WaitForURLAsync("**/Challenges/Details/**");
        await page.GoBackAsync();
        await page.GetByRole(AriaRole.Link, new() { Name = "返回成果看板" }).ClickAsync();

        // Generate and download the Word report; it opens with its cover and the six sections of 第十三条.
        var download = await page.RunAndWaitForDownloadAsync(() => page.GetByTestId("download-docx").ClickAsync());
        Assert.EndsWith(".docx", download.SuggestedFilename, StringComparison.Ordinal);
        var saved = Path.Combine(RepoPaths.Artifacts, "annual-report.docx");
        await download.SaveAsAsync(saved);
        using (var doc = WordprocessingDocument.Open(saved, false))
        {
            var headings = doc.MainDocumentPart!.Document.Body!.Descendants<Paragraph>()
                .Where(p => p.ParagraphProperties?.ParagraphStyleId?.Val == "Heading1").Select(p => p.InnerText).ToList();
            Assert.Equal(["一、人才集聚情况", "二、平台建设情况", "三、技术服务情况", "四、机制创新情况", "五、财政资金和自筹资金使用情况", "六、主要成果"], headings);
            Assert.Equal(4, doc.MainDocumentPart.ImageParts.Count());
        }

        var xlsx = await page.RunAndWaitForDownloadAsync(() => page.GetByTestId("download-xlsx").ClickAsync());
        Assert.EndsWith(".xlsx", xlsx.SuggestedFilename, StringComparison.Ordinal);

        // The printable view, screenshotted; its Chinese is drawn from a CJK font on this machine.
        await page.GetByTestId("print-view").ClickAsync();
        await Assertions.Expect(page.GetByTestId("report-section")).ToHaveCountAsync(6);
        await page.GetByTestId("report-chart").First.EvaluateAsync("img => img.decode()");
        var screenshot = Path.Combine(RepoPaths.Artifacts, "annual-report-print.png");
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = screenshot, FullPage = true });
        Assert.True(new FileInfo(screenshot).Length > 50_000, "the screenshot holds a rendered report");

        Assert.Contains("Noto Sans CJK SC", await FcListChineseAsync());
        foreach (var selector in new[] { "[data-testid=report-title]", ".chapter h2", ".narrative", ".chapter td" })
        {
            var fonts = await PlatformFontsAsync(page, selector);
            var text = (await page.Locator(selector).First.InnerTextAsync()).Trim();
            Assert.True(fonts.Count > 0, $"{selector}: Chromium reports the fonts it drew with");
            Assert.All(fonts, f => Assert.Contains("CJK", f.Family, StringComparison.Ordinal));
            var hanzi = text.Count(c => c >= 0x4E00 && c <= 0x9FFF);
            Assert.True(fonts.Sum(f => f.Glyphs) >= hanzi, $"{selector}: every character of “{text}” got a glyph from a CJK face");
        }

        Assert.Empty(errors);
    }

    /// <summary>The families fontconfig offers for Chinese (the machine's fonts-noto-cjk).</summary>
    private static async Task<string> FcListChineseAsync()
    {
        using var process = Process.Start(new ProcessStartInfo("fc-list", ":lang=zh family") { RedirectStandardOutput = true })!;
        var output = await process.StandardOutput.ReadToEndAsync();
        await process.WaitForExitAsync();
        return output;
    }

    /// <summary>What Chromium actually drew a node's text with (DevTools CSS.getPlatformFontsForNode): family and glyph count.</summary>
    private static async Task<List<(string Family, int Glyphs)>> PlatformFontsAsync(IPage page, string selector)
    {
        var cdp = await page.Context.NewCDPSessionAsync(page);
        await cdp.SendAsync("DOM.enable");
        await cdp.SendAsync("CSS.enable");
        var document = await cdp.SendAsync("DOM.getDocument", new Dictionary<string, object> { ["depth"] = 0 });
        var root = document!.Value.GetProperty("root").GetProperty("nodeId").GetInt32();
        var node = await cdp.SendAsync("DOM.querySelector", new Dictionary<string, object> { ["nodeId"] = root, ["selector"] = selector });
        var nodeId = node!.Value.GetProperty("nodeId").GetInt32();
        var fonts = await cdp.SendAsync("CSS.getPlatformFontsForNode", new Dictionary<string, object> { ["nodeId"] = nodeId });
        await cdp.DetachAsync();
        return [.. fonts!.Value.GetProperty("fonts").EnumerateArray()
            .Select(f => (f.GetProperty("familyName").GetString() ?? "", f.GetProperty("glyphCount").GetInt32()))];
    }
}
