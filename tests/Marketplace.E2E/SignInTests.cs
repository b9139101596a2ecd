using Marketplace.Testing;
using Microsoft.Playwright;

namespace Marketplace.E2E;

[Collection(BrowserCollection.Name)]
public sealed class SignInTests(BrowserFixture fixture)
{
    [Fact]
    public async Task Demo_company_signs_in_and_sees_its_chinese_dashboard()
    {
        var page = await fixture.NewPageAsync();
        await page.GotoAsync("/");
        await page.GetByRole(AriaRole.Link, new() { Name = "登录", Exact = true }).First.ClickAsync();
        await page.GetByLabel("邮箱").FillAsync("company@demo.cn");
        await page.GetByLabel("密码", new() { Exact = true }).FillAsync("Demo@2026");
        await page.GetByRole(AriaRole.Button, new() { Name = "登录" }).ClickAsync();

        await page.WaitForURLAsync("**/Dashboard");
        var title = page.GetByTestId("dashboard-title");
        await Assertions.Expect(title).ToHaveTextAsync("企业工作台");
        await Assertions.Expect(page.GetByTestId("role-badge")).ToHaveTextAsync("企业");
        await Assertions.Expect(page.GetByText("株洲湘江动力机械有限公司")).ToBeVisibleAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Link, new() { Name = "找工程师" })).ToBeVisibleAsync();
        await Assertions.Expect(page.Locator("figcaption", new() { HasText = "按产业集群" })).ToBeVisibleAsync();

        var screenshot = Path.Combine(RepoPaths.Artifacts, "company-dashboard.png");
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = screenshot, FullPage = true });
        Assert.True(new FileInfo(screenshot).Length > 10_000, "the screenshot holds a rendered page");

        // From the dashboard the company browses engineers and opens one; contact details stay hidden.
        await page.GetByRole(AriaRole.Link, new() { Name = "找工程师" }).ClickAsync();
        await Assertions.Expect(page.GetByTestId("result-count")).ToContainTextAsync("共 120 位工程师");
        await page.Locator(".card.engineer h3 a").First.ClickAsync();
        await Assertions.Expect(page.GetByTestId("contact-hidden")).ToBeVisibleAsync();
    }

    [Fact]
    public async Task Each_role_gets_its_own_navigation()
    {
        var expectations = new (string Email, string Heading, string NavItem)[]
        {
            ("engineer@demo.cn", "工程师工作台", "我的档案"),
            ("operator@demo.cn", "中心运营工作台", "工程师库"),
            ("expert@demo.cn", "评审专家工作台", "工程师库"),
            ("authority@demo.cn", "主管部门工作台", "工程师库"),
        };
        foreach (var (email, heading, navItem) in expectations)
        {
            var page = await fixture.NewPageAsync();
            await page.GotoAsync("/Account/Login");
            await page.GetByLabel("邮箱").FillAsync(email);
            await page.GetByLabel("密码", new() { Exact = true }).FillAsync("Demo@2026");
            await page.GetByRole(AriaRole.Button, new() { Name = "登录" }).ClickAsync();
            await page.WaitForURLAsync("**/Dashboard");
            await Assertions.Expect(page.GetByTestId("dashboard-title")).ToHaveTextAsync(heading);
            await Assertions.Expect(page.Locator("nav.nav").GetByRole(AriaRole.Link, new() { Name = navItem })).ToBeVisibleAsync();
            if (email != "company@demo.cn")
            {
                await Assertions.Expect(page.Locator("nav.nav").GetByRole(AriaRole.Link, new() { Name = "找工程师" })).ToHaveCountAsync(0);
            }

            await page.Context.CloseAsync();
        }
    }

    [Fact]
    public async Task Engineer_edits_the_profile_and_sees_it_saved_and_validation_in_chinese()
    {
        var page = await fixture.NewPageAsync();
        await page.GotoAsync("/Account/Login?ReturnUrl=%2FEngineers%2FMe");
        await page.GetByLabel("邮箱").FillAsync("engineer@demo.cn");
        await page.GetByLabel("密码", new() { Exact = true }).FillAsync("Demo@2026");
        await page.GetByRole(AriaRole.Button, new() { Name = "登录" }).ClickAsync();
        await page.WaitForURLAsync("**/Engineers/Me");

        await page.GetByLabel("从业年限").FillAsync("99");
        await page.GetByRole(AriaRole.Button, new() { Name = "保存档案" }).ClickAsync();
        await Assertions.Expect(page.Locator(".field-error").Filter(new() { HasText = "从业年限" })).ToBeVisibleAsync();

        await page.GetByLabel("从业年限").FillAsync("21");
        await page.GetByRole(AriaRole.Button, new() { Name = "保存档案" }).ClickAsync();
        await Assertions.Expect(page.GetByTestId("saved")).ToBeVisibleAsync();
        await Assertions.Expect(page.GetByText("从业 21 年")).ToBeVisibleAsync();
    }
}
