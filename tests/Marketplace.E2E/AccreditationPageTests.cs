using System.Globalization;
using Marketplace.Domain.Accreditation;
using Marketplace.Infrastructure.ReferenceData;
using Marketplace.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Playwright;

namespace Marketplace.E2E;

/// <summary>
/// The center accreditation in the browser: expert@demo.cn fills and submits the score sheet of the demo application
/// assigned to them (the running total follows the typing), the province's ranking table then ranks it with the new
/// total, and the public notice of the round under notice is read in a fresh browser with no sign-in.
/// </summary>
[Collection(BrowserCollection.Name)]
public sealed class AccreditationPageTests(BrowserFixture fixture)
{
    private readonly List<string> _scriptErrors = [];

    [Fact]
    public async Task An_expert_scores_in_the_browser_and_the_ranking_ranks_the_new_total()
    {
        var expert = await SignInAsync("expert@demo.cn");
        await expert.GetByTestId("nav-accreditation-assignments").ClickAsync();
        var assignment = expert.GetByTestId("assignment").Filter(new() { HasText = "未提交" });
        await Assertions.Expect(assignment).ToHaveCountAsync(1);
        var applicant = (await assignment.Locator("td").Nth(1).InnerTextAsync()).Trim();
        await assignment.GetByTestId("assignment-open").ClickAsync();
        await expert.WaitForURLAsync("**/Accreditation/Sheet/*");

        // Every indicator one point under its maximum, with a comment; one provincial honour as bonus (1 point).
        var rows = expert.GetByTestId("mark-row");
        var count = await rows.CountAsync();
        Assert.True(count > 5, "the sheet lists every secondary indicator");
        var expectedBase = 0m;
        for (var i = 0; i < count; i++)
        {
            var row = rows.Nth(i);
            var max = decimal.Parse((await row.GetByTestId("mark-points").GetAttributeAsync("max"))!, CultureInfo.InvariantCulture);
            var points = Math.Max(0, max - 1);
            expectedBase += points;
            await row.GetByTestId("mark-points").FillAsync(points.ToString(CultureInfo.InvariantCulture));
            await row.GetByTestId("mark-comment").FillAsync("材料翔实，成效明显。");
        }

        var bonus = expert.GetByTestId("bonus-row").First;
        await bonus.GetByTestId("bonus-item").SelectOptionAsync("B2|provincial");
        await bonus.GetByTestId("bonus-evidence").FillAsync("省级表彰文件.pdf");
        var expectedTotal = expectedBase + 1;
        await Assertions.Expect(expert.GetByTestId("sheet-total"))
            .ToHaveTextAsync($"基础分 {expectedBase:0.##} + 加分 1 = 合计 {expectedTotal:0.##} / 110 分");
        await expert.ScreenshotAsync(new PageScreenshotOptions { Path = Artifact("accreditation-score-sheet.png"), FullPage = true });

        // Headless Chromium swallows the first click after a full-page screenshot (as in ChallengeStoryTests).
        await expert.GetByTestId("veto-reason").ClickAsync();
        await expert.GetByTestId("sheet-submit").ClickAsync();
        await Assertions.Expect(expert.GetByTestId("flash")).ToContainTextAsync($"评分表已提交，合计 {expectedTotal:0.00} 分");
        await Assertions.Expect(expert.GetByTestId("sheet-submitted")).ToBeVisibleAsync();
        await Assertions.Expect(expert.GetByTestId("sheet-submit")).ToHaveCountAsync(0);

        // The province's ranking: the application now has its total, and its rank among the qualified ones.
        var province = await SignInAsync("authority@demo.cn");
        await province.GetByTestId("nav-accreditation").ClickAsync();
        await province.GetByTestId("round").Filter(new() { HasText = "（第二批）" }).GetByTestId("round-ranking").ClickAsync();
        await province.WaitForURLAsync("**/Accreditation/Ranking/*");
        var mine = province.GetByTestId("ranking-row").Filter(new() { HasText = applicant });
        await Assertions.Expect(mine).ToHaveCountAsync(1);
        await Assertions.Expect(mine.GetByTestId("ranking-total")).ToHaveTextAsync(expectedTotal.ToString("0.00", CultureInfo.InvariantCulture));
        await Assertions.Expect(mine.GetByTestId("ranking-experts")).ToHaveTextAsync("1/1");

        var others = province.GetByTestId("ranking-row");
        var higher = 0;
        for (var i = 0; i < await others.CountAsync(); i++)
        {
            var row = others.Nth(i);
            var total = decimal.Parse(await row.GetByTestId("ranking-total").InnerTextAsync(), CultureInfo.InvariantCulture);
            var unqualified = (await row.GetByTestId("ranking-result").InnerTextAsync()).Contains("不合格", StringComparison.Ordinal);
            if (!unqualified && total > expectedTotal)
            {
                higher++;
            }
        }

        await Assertions.Expect(mine.GetByTestId("ranking-rank")).ToHaveTextAsync((higher + 1).ToString(CultureInfo.InvariantCulture));
        await province.ScreenshotAsync(new PageScreenshotOptions { Path = Artifact("accreditation-ranking.png"), FullPage = true });
        Assert.Empty(_scriptErrors);
    }

    [Fact]
    public async Task The_public_notice_opens_without_signing_in_and_ends_on_the_fifth_working_day()
    {
        var round = await fixture.App.WithDbAsync(db => db.AccreditationRounds.AsNoTracking().FirstAsync(r => r.Status == RoundStatus.Noticed));
        var expectedEnd = AccreditationDataLoader.ReadCalendar().NoticeEnd(round.NoticeStart!.Value);

        var page = await fixture.NewPageAsync();
        await page.GotoAsync($"/Notices/{round.Id}");
        Assert.Contains($"/Notices/{round.Id}", page.Url, StringComparison.Ordinal);
        await Assertions.Expect(page.GetByTestId("notice-end")).ToHaveTextAsync(expectedEnd.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture));
        await Assertions.Expect(page.GetByTestId("notice-start")).ToHaveTextAsync(round.NoticeStart!.Value.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture));
        await Assertions.Expect(page.GetByTestId("notice-center")).ToHaveCountAsync(2);
        await Assertions.Expect(page.GetByTestId("objection-form")).ToBeVisibleAsync();
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Artifact("accreditation-public-notice.png"), FullPage = true });
    }

    [Fact]
    public async Task The_applicant_draft_form_totals_the_self_assessment_while_typing()
    {
        var applicant = await SignInAsync("applicant@demo.cn");
        await applicant.GetByTestId("nav-accreditation-mine").ClickAsync();
        await applicant.GetByTestId("application").Filter(new() { HasText = "草稿" }).GetByTestId("application-open").ClickAsync();
        await applicant.WaitForURLAsync("**/Accreditation/Application/*");
        await Assertions.Expect(applicant.GetByTestId("condition")).ToHaveCountAsync(7);
        await Assertions.Expect(applicant.GetByTestId("self-total")).ToHaveTextAsync("自评合计 0 / 100 分");

        var rows = applicant.GetByTestId("self-row");
        await rows.Nth(0).GetByTestId("self-points").FillAsync("4.5");
        await rows.Nth(1).GetByTestId("self-points").FillAsync("3");
        await Assertions.Expect(applicant.GetByTestId("self-total")).ToHaveTextAsync("自评合计 7.5 / 100 分");
        await applicant.ScreenshotAsync(new PageScreenshotOptions { Path = Artifact("accreditation-application-form.png"), FullPage = true });
        Assert.Empty(_scriptErrors);
    }

    private static string Artifact(string name) => Path.Combine(RepoPaths.Artifacts, name);

    private async Task<IPage> SignInAsync(string email)
    {
        var page = await fixture.NewPageAsync();
        page.PageError += (_, error) => _scriptErrors.Add($"{email}: {error}");
        await page.GotoAsync("/Account/Login");
        await page.GetByLabel("邮箱").FillAsync(email);
        await page.GetByLabel("密码", new() { Exact = true }).FillAsync("Demo@2026");
        await page.GetByRole(AriaRole.Button, new() { Name = "登录" }).ClickAsync();
        await page.WaitForURLAsync("**/Dashboard");
        return page;
    }
}
