using Microsoft.Playwright;

namespace Marketplace.E2E;

/// <summary>
/// The operator's work after the first entry, in a real browser on the demo data: an outcome entered with its evidence
/// is corrected in the same form and deleted after a confirmation; the year's self-assessment is completed and sent
/// with the center's pending 培育期满评估, and the province then reads it on the center's page. No page may break the
/// content security policy on the way.
/// </summary>
[Collection(BrowserCollection.Name)]
public sealed class OutcomeEditingTests(BrowserFixture fixture)
{
    private static readonly byte[] Pdf = "%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF"u8.ToArray();
    private readonly List<string> _errors = [];

    [Fact]
    public async Task The_operator_corrects_an_entry_in_its_form_and_deletes_it_after_confirming()
    {
        var page = await SignInAsync("operator@demo.cn");
        var title = "E2E 团体标准 " + Guid.NewGuid().ToString("N")[..6];
        await page.GotoAsync("/Outcomes/Entries");
        await page.GetByTestId("entry-kind").SelectOptionAsync("Standard");
        await page.GetByTestId("entry-subtype").SelectOptionAsync("group-led");
        await page.GetByTestId("entry-title").FillAsync(title);
        await page.GetByTestId("entry-file").SetInputFilesAsync(new FilePayload { Name = "标准文本.pdf", MimeType = "application/pdf", Buffer = Pdf });
        await page.GetByTestId("entry-save").ClickAsync();
        var row = page.GetByTestId("entry-row").Filter(new() { HasText = title });
        await Assertions.Expect(row).ToHaveCountAsync(1);

        // 修改: the form comes back filled in; without a new file the evidence stays.
        await row.GetByTestId("entry-edit").ClickAsync();
        await Assertions.Expect(page.GetByTestId("entry-title")).ToHaveValueAsync(title);
        await Assertions.Expect(page.GetByTestId("entry-subtype")).ToHaveValueAsync("group-led");
        await page.GetByTestId("entry-title").FillAsync(title + "（修订）");
        await page.GetByTestId("entry-save").ClickAsync();
        var revised = page.GetByTestId("entry-row").Filter(new() { HasText = title + "（修订）" });
        await Assertions.Expect(revised).ToHaveCountAsync(1);
        await Assertions.Expect(revised.GetByRole(AriaRole.Link, new() { Name = "标准文本.pdf" })).ToBeVisibleAsync();
        await Assertions.Expect(page.GetByTestId("entry-row").Filter(new() { HasText = title })).ToHaveCountAsync(1);

        // 删除 asks first (a disclosure, no script), then the row is gone.
        await revised.GetByTestId("entry-delete").ClickAsync();
        await revised.GetByTestId("entry-delete-confirm").ClickAsync();
        await Assertions.Expect(page.GetByTestId("entry-row").Filter(new() { HasText = title })).ToHaveCountAsync(0);
        await Assertions.Expect(page.GetByTestId("flash")).ToContainTextAsync("已删除");
        Assert.Empty(_errors);
    }

    [Fact]
    public async Task The_operator_sends_the_self_assessment_with_the_evaluation_and_the_province_reads_it()
    {
        var page = await SignInAsync("operator@demo.cn");
        await page.GetByTestId("nav-outcomes").ClickAsync();
        await page.WaitForURLAsync("**/Outcomes/Center/**");
        var centerId = new Uri(page.Url).Segments[^1].TrimEnd('/');
        await Assertions.Expect(page.GetByTestId("evaluation-attachment")).ToContainTextAsync("培育期满评估");

        // Score what the records cannot support (the suggestions are filled in already), save, then send.
        var inputs = page.GetByTestId("self-row").Locator("input[type=number]");
        for (var i = 0; i < await inputs.CountAsync(); i++)
        {
            if (await inputs.Nth(i).InputValueAsync() == "")
            {
                await inputs.Nth(i).FillAsync("2");
            }
        }

        await page.GetByTestId("save-narrative").ClickAsync();
        await Assertions.Expect(page.GetByTestId("attach-evaluation")).ToBeVisibleAsync();
        await page.GetByTestId("attach-evaluation").ClickAsync();
        await Assertions.Expect(page.GetByTestId("attached")).ToContainTextAsync("已报送");

        var province = await SignInAsync("authority@demo.cn");
        await province.GotoAsync($"/Accreditation/Centers/{centerId}");
        var sent = province.GetByTestId("evaluation-self-assessment");
        await Assertions.Expect(sent).ToContainTextAsync("随培育期满评估报送的自评");
        await Assertions.Expect(sent.GetByTestId("self-line").Filter(new() { HasText = "4.2.2" })).ToContainTextAsync("依据平台");
        Assert.True(await sent.GetByTestId("self-line").CountAsync() > 10, "every rubric indicator is listed");
        await province.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(Marketplace.Testing.RepoPaths.Artifacts, "evaluation-self-assessment.png"), FullPage = true });
        Assert.Empty(_errors);
    }

    /// <summary>Signs in through the login page and records every script error and policy violation the page reports.</summary>
    private async Task<IPage> SignInAsync(string email)
    {
        var page = await LiveSignIn.AsAsync(fixture, email, "/Dashboard");
        page.PageError += (_, error) => _errors.Add($"{email}: {error}");
        page.Console += (_, message) =>
        {
            if (message.Text.Contains("Content Security Policy", StringComparison.OrdinalIgnoreCase))
            {
                _errors.Add($"{email}: {message.Text}");
            }
        };
        return page;
    }
}
