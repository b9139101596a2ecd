using Marketplace.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Playwright;

namespace Marketplace.E2E;

/// <summary>在线问诊 in the browser: the company and the engineer in two contexts, chatting live over /hubs/live.</summary>
[Collection(BrowserCollection.Name)]
public sealed class LiveChatTests(BrowserFixture fixture)
{
    [Fact]
    public async Task Company_and_engineer_chat_live_and_messages_appear_on_both_sides_as_text()
    {
        var engineerId = await fixture.App.WithDbAsync(db => db.Engineers.Where(e => e.Email == "engineer@demo.cn").Select(e => e.Id).SingleAsync());
        var engineer = await SignInAsync("engineer@demo.cn", "/Consultations");
        await Assertions.Expect(engineer.Locator("body")).ToHaveAttributeAsync("data-live", "connected", new() { Timeout = 15_000 });
        var unreadBefore = await UnreadAsync(engineer);

        // The company asks; the engineer's badge counts the new notification without a reload.
        var company = await SignInAsync("company@demo.cn", $"/Consultations?engineerId={engineerId}");
        await company.GetByLabel("问诊主题").FillAsync("数控机床主轴温升");
        await company.GetByLabel("问题描述").FillAsync("主轴连续运行两小时后温升超过 25℃，请教原因。");
        await company.GetByTestId("consultation-submit").ClickAsync();
        await Assertions.Expect(company.GetByTestId("consultation-status")).ToHaveTextAsync("待接受");
        await Assertions.Expect(engineer.GetByTestId("unread-count")).ToHaveTextAsync((unreadBefore + 1).ToString(System.Globalization.CultureInfo.InvariantCulture), new() { Timeout = 15_000 });

        await engineer.ReloadAsync();
        await engineer.GetByRole(AriaRole.Link, new() { Name = "数控机床主轴温升" }).First.ClickAsync();
        await engineer.GetByTestId("consultation-accept").ClickAsync();
        await Assertions.Expect(engineer.GetByTestId("consultation-status")).ToHaveTextAsync("进行中");
        // The company's page hears the acceptance and opens the chat by itself.
        await Assertions.Expect(company.GetByTestId("consultation-status")).ToHaveTextAsync("进行中", new() { Timeout = 15_000 });
        await Assertions.Expect(company.GetByTestId("chat")).ToHaveAttributeAsync("data-joined", "true", new() { Timeout = 15_000 });
        await Assertions.Expect(engineer.GetByTestId("chat")).ToHaveAttributeAsync("data-joined", "true", new() { Timeout = 15_000 });

        const string markup = "<b>加粗？</b><img src=x onerror=alert(1)> 您好，主轴轴承预紧力是否调整过？";
        await company.GetByTestId("chat-input").FillAsync(markup);
        await company.GetByTestId("chat-send").ClickAsync();
        var received = engineer.GetByTestId("chat-message").Filter(new() { HasText = "主轴轴承预紧力" });
        await Assertions.Expect(received).ToHaveCountAsync(1, new() { Timeout = 15_000 });
        await Assertions.Expect(received.Locator(".text")).ToHaveTextAsync(markup);
        await Assertions.Expect(engineer.Locator("#chat-log b, #chat-log img")).ToHaveCountAsync(0);

        await engineer.GetByTestId("chat-input").FillAsync("调整过一次，之后温升更明显。");
        await engineer.GetByTestId("chat-send").ClickAsync();
        await Assertions.Expect(company.GetByTestId("chat-message").Filter(new() { HasText = "调整过一次" })).ToHaveCountAsync(1, new() { Timeout = 15_000 });
        await Assertions.Expect(company.GetByTestId("chat-message")).ToHaveCountAsync(2);
        await Assertions.Expect(engineer.GetByTestId("chat-message")).ToHaveCountAsync(2);
        // Read receipts: the company's page shows that the engineer read its message.
        await Assertions.Expect(company.GetByTestId("chat-read")).ToContainTextAsync("对方已读", new() { Timeout = 15_000 });

        await company.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(RepoPaths.Artifacts, "consultation-chat.png"), FullPage = true });
        await company.Context.CloseAsync();
        await engineer.Context.CloseAsync();
    }

    private async Task<IPage> SignInAsync(string email, string returnUrl)
    {
        var page = await fixture.NewPageAsync();
        await page.GotoAsync("/Account/Login?ReturnUrl=" + Uri.EscapeDataString(returnUrl));
        await page.GetByLabel("邮箱").FillAsync(email);
        await page.GetByLabel("密码", new() { Exact = true }).FillAsync("Demo@2026");
        await page.GetByRole(AriaRole.Button, new() { Name = "登录" }).ClickAsync();
        await page.WaitForURLAsync("**" + returnUrl.Split('?')[0] + "**");
        return page;
    }

    private static async Task<int> UnreadAsync(IPage page)
    {
        var badge = page.GetByTestId("unread-count");
        return await badge.CountAsync() == 0 ? 0 : int.Parse(await badge.TextContentAsync() ?? "0", System.Globalization.CultureInfo.InvariantCulture);
    }
}
