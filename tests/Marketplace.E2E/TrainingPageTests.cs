using Microsoft.EntityFrameworkCore;
using Microsoft.Playwright;

namespace Marketplace.E2E;

/// <summary>The training event form in a real browser: training.js adds and removes trainee rows under the CSP.</summary>
[Collection(BrowserCollection.Name)]
public sealed class TrainingPageTests(BrowserFixture fixture)
{
    [Fact]
    public async Task The_center_adds_and_removes_trainee_rows_saves_the_event_and_records_results()
    {
        var page = await fixture.NewPageAsync();
        var blocked = new List<string>();
        page.Console += (_, message) =>
        {
            if (message.Text.Contains("Content Security Policy", StringComparison.OrdinalIgnoreCase))
            {
                blocked.Add(message.Text);
            }
        };
        await page.GotoAsync("/Account/Login");
        await page.GetByLabel("邮箱").FillAsync("operator@demo.cn");
        await page.GetByLabel("密码", new() { Exact = true }).FillAsync("Demo@2026");
        await page.GetByRole(AriaRole.Button, new() { Name = "登录" }).ClickAsync();
        await page.WaitForURLAsync("**/Dashboard");

        await page.GetByTestId("nav-training").ClickAsync();
        await Assertions.Expect(page.GetByTestId("training-tally")).ToBeVisibleAsync();
        await page.GetByTestId("training-new-event").ClickAsync();

        var title = $"浏览器研修班{Guid.NewGuid():N}"[..16];
        await page.GetByTestId("training-title").FillAsync(title);
        await page.GetByTestId("training-hours").FillAsync("16");
        var rows = page.GetByTestId("trainee-row");
        await Assertions.Expect(rows).ToHaveCountAsync(3);
        await page.GetByTestId("add-trainee").ClickAsync();
        await Assertions.Expect(rows).ToHaveCountAsync(4);

        // Remove the second row: the rest are renumbered so the server binds them as 0..2.
        await rows.Nth(1).GetByRole(AriaRole.Button, new() { Name = "移除" }).ClickAsync();
        await Assertions.Expect(rows).ToHaveCountAsync(3);
        Assert.Equal("Form.Trainees[2].Name", await rows.Nth(2).GetByTestId("trainee-name").GetAttributeAsync("name"));
        await rows.Nth(0).GetByTestId("trainee-name").FillAsync("浏览器学员甲");
        await rows.Nth(0).GetByTestId("trainee-hours").FillAsync("16");
        await rows.Nth(2).GetByTestId("trainee-name").FillAsync("浏览器学员乙");
        await rows.Nth(2).GetByTestId("trainee-title").SelectOptionAsync("SeniorEngineer");
        await rows.Nth(2).GetByTestId("trainee-hours").FillAsync("12");
        await page.GetByTestId("training-save").ClickAsync();

        await Assertions.Expect(page.GetByTestId("flash")).ToContainTextAsync(title);
        await Assertions.Expect(page.GetByTestId("training-trainee")).ToHaveCountAsync(2);

        // The event ends today, so the results form is open: one 合格, one 优秀.
        var results = page.GetByTestId("trainee-result");
        await results.Nth(0).SelectOptionAsync("Passed");
        await results.Nth(1).SelectOptionAsync("Excellent");
        await page.GetByTestId("training-results-save").ClickAsync();
        await Assertions.Expect(page.GetByTestId("flash")).ToContainTextAsync("培训结果");
        Assert.Empty(blocked);

        var stored = await fixture.App.WithDbAsync(db => db.TrainingEvents.AsNoTracking().Include(e => e.Trainees).SingleAsync(e => e.Title == title));
        Assert.Equal(["浏览器学员乙", "浏览器学员甲"], stored.Trainees.Select(t => t.Name).Order().ToArray());
        Assert.Equal(Marketplace.Domain.Engineers.ProfessionalTitle.SeniorEngineer, stored.Trainees.Single(t => t.Name == "浏览器学员乙").Title);
        Assert.All(stored.Trainees, t => Assert.NotNull(t.Result));
        await fixture.App.WithDbAsync(db => db.TrainingEvents.Where(e => e.Id == stored.Id).ExecuteDeleteAsync());
    }
}
