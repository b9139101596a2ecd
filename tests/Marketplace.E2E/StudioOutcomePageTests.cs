using System.Globalization;
using DocumentFormat.OpenXml.Packaging;
using Microsoft.Playwright;

namespace Marketplace.E2E;

/// <summary>
/// A studio's outcomes in a real browser on the demo data: the studio's own enterprise reaches them from the 成果 nav
/// entry, a figure's number opens as many records as it says, the chart is a drawn image, the .xlsx downloads and
/// opens; the province reaches the same page from its overview's studio row. No policy violation on the way.
/// </summary>
[Collection(BrowserCollection.Name)]
public sealed class StudioOutcomePageTests(BrowserFixture fixture)
{
    [Fact]
    public async Task The_studio_host_follows_a_figure_to_its_records_and_the_province_arrives_from_the_overview()
    {
        var page = await LiveSignIn.AsAsync(fixture, "company@demo.cn", "/Dashboard");
        var errors = new List<string>();
        page.PageError += (_, error) => errors.Add(error);
        page.Console += (_, message) =>
        {
            if (message.Text.Contains("Content Security Policy", StringComparison.OrdinalIgnoreCase))
            {
                errors.Add(message.Text);
            }
        };

        await page.GetByTestId("nav-outcomes").ClickAsync();
        await page.WaitForURLAsync("**/Outcomes/Studio?id=**");
        await Assertions.Expect(page.GetByTestId("studio-outcomes-title")).ToContainTextAsync("年度带培情况");
        await Assertions.Expect(page.GetByTestId("studio-cycle-year")).ToContainTextAsync("建设");
        var width = await page.GetByTestId("chart-targets").EvaluateAsync<int>("img => img.decode().then(() => img.naturalWidth)");
        Assert.Equal(900, width);

        // A figure's number is a link to exactly that many records.
        var link = page.GetByTestId("studio-figure-studio.persontimes");
        var shown = int.Parse((await link.InnerTextAsync()).Replace(",", "", StringComparison.Ordinal), CultureInfo.InvariantCulture);
        Assert.True(shown > 0, "the demo studio trained people this year");
        await link.ClickAsync();
        await page.WaitForURLAsync("**/Outcomes/StudioRecords?**");
        await Assertions.Expect(page.GetByTestId("records-title")).ToContainTextAsync("培训人次");
        await Assertions.Expect(page.GetByTestId("record-row")).ToHaveCountAsync(shown);
        await page.GetByTestId("back-to-studio-outcomes").ClickAsync();
        await page.WaitForURLAsync("**/Outcomes/Studio?id=**");

        var xlsx = await page.RunAndWaitForDownloadAsync(() => page.GetByTestId("studio-download-xlsx").ClickAsync());
        Assert.EndsWith("年度带培情况.xlsx", xlsx.SuggestedFilename, StringComparison.Ordinal);
        var saved = Path.Combine(Marketplace.Testing.RepoPaths.Artifacts, "studio-outcomes.xlsx");
        await xlsx.SaveAsAsync(saved);
        using (var book = SpreadsheetDocument.Open(saved, false))
        {
            var names = book.WorkbookPart!.Workbook.Descendants<DocumentFormat.OpenXml.Spreadsheet.Sheet>().Select(s => s.Name!.Value).ToList();
            Assert.Contains("指标汇总", names);
            Assert.Contains("记录明细", names);
        }

        // The studio's details page links back here.
        await page.GetByTestId("studio-details-link").ClickAsync();
        await page.WaitForURLAsync("**/Studios/Details/**");
        await page.GetByTestId("studio-outcomes-link").ClickAsync();
        await page.WaitForURLAsync("**/Outcomes/Studio?id=**");
        Assert.Empty(errors);
        await page.Context.CloseAsync();

        // The province: from the overview's studio row to the same page.
        var province = await LiveSignIn.AsAsync(fixture, "authority@demo.cn", "/Outcomes");
        await province.GetByTestId("studio-outcomes-link").First.ClickAsync();
        await province.WaitForURLAsync("**/Outcomes/Studio?id=**");
        await Assertions.Expect(province.GetByTestId("studio-figure-row").First).ToBeVisibleAsync();
        await province.Context.CloseAsync();
    }
}
