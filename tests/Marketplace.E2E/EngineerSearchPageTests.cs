using System.Text.RegularExpressions;
using Marketplace.Testing;
using Microsoft.Playwright;

namespace Marketplace.E2E;

/// <summary>A company searches in Chinese, sees the matches marked, ticks facet checkboxes and the results follow.</summary>
[Collection(BrowserCollection.Name)]
public sealed partial class EngineerSearchPageTests(BrowserFixture fixture)
{
    [GeneratedRegex(@"共 ([\d,]+) 位工程师")]
    private static partial Regex ResultCount();

    private static int Count(string text) => int.Parse(ResultCount().Match(text).Groups[1].Value.Replace(",", "", StringComparison.Ordinal), System.Globalization.CultureInfo.InvariantCulture);

    private static async Task<int> FacetCountAsync(IPage page, string city)
    {
        var label = page.Locator("fieldset[data-facet=city] label.facet-value").Filter(new() { Has = page.Locator($"input[value='{city}']") });
        var text = await label.Locator(".facet-count").InnerTextAsync();
        return int.Parse(text.Replace(",", "", StringComparison.Ordinal), System.Globalization.CultureInfo.InvariantCulture);
    }

    [Fact]
    public async Task Company_searches_ticks_facets_and_the_counts_follow()
    {
        var page = await fixture.NewPageAsync();
        await page.GotoAsync("/Account/Login?ReturnUrl=%2FEngineers");
        await page.GetByLabel("邮箱").FillAsync("company@demo.cn");
        await page.GetByLabel("密码", new() { Exact = true }).FillAsync("Demo@2026");
        await page.GetByRole(AriaRole.Button, new() { Name = "登录" }).ClickAsync();
        await page.WaitForURLAsync("**/Engineers");
        var everyone = Count(await page.GetByTestId("result-count").InnerTextAsync());

        // Chinese full text: the matched words come back marked.
        await page.GetByLabel("关键词").FillAsync("工程");
        await page.GetByRole(AriaRole.Button, new() { Name = "筛选" }).First.ClickAsync();
        await page.WaitForURLAsync("**/Engineers?q=*");
        await Assertions.Expect(page.Locator(".snippet mark").First).ToBeVisibleAsync();
        var matched = Count(await page.GetByTestId("result-count").InnerTextAsync());
        Assert.InRange(matched, 1, everyone);

        // Ticking a city re-runs the search at once; the count is the number that checkbox showed. Checkboxes are
        // found by value: the page reloads under the click, and a positional locator would move to another city.
        var cities = page.Locator("fieldset[data-facet=city] label.facet-value");
        var firstCity = await cities.Nth(0).Locator("input").GetAttributeAsync("value");
        var secondCity = await cities.Nth(1).Locator("input").GetAttributeAsync("value");
        var shown = await FacetCountAsync(page, firstCity!);
        await page.Locator($"fieldset[data-facet=city] input[value='{firstCity}']").CheckAsync();
        await page.WaitForURLAsync(url => url.Split("city=").Length == 2);
        await Assertions.Expect(page.GetByTestId("result-count")).ToContainTextAsync($"共 {shown:N0} 位工程师");
        await Assertions.Expect(page.Locator("fieldset[data-facet=city] input:checked")).ToHaveCountAsync(1);

        // Other cities keep their counts (counted sideways), so a second one can be ticked to widen the search.
        var added = await FacetCountAsync(page, secondCity!);
        await page.Locator($"fieldset[data-facet=city] input[value='{secondCity}']").CheckAsync();
        await page.WaitForURLAsync(url => url.Split("city=").Length == 3);
        await Assertions.Expect(page.Locator("fieldset[data-facet=city] input:checked")).ToHaveCountAsync(2);
        await Assertions.Expect(page.GetByTestId("result-count")).ToContainTextAsync($"共 {shown + added:N0} 位工程师");

        var screenshot = Path.Combine(RepoPaths.Artifacts, "engineer-search.png");
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = screenshot, FullPage = true });
        Assert.True(new FileInfo(screenshot).Length > 10_000, "the screenshot holds a rendered page");
    }
}
