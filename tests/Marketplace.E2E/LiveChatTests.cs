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

    private Task<IPage> SignInAsync(string email, string returnUrl) => LiveSignIn.AsAsync(fixture, email, returnUrl);

    private static async Task<int> UnreadAsync(IPage page)
    {
        var badge = page.GetByTestId("unread-count");
        return await badge.CountAsync() == 0 ? 0 : int.Parse(await badge.TextContentAsync() ?? "0", System.Globalization.CultureInfo.InvariantCulture);
    }
}

/// <summary>一对多撮合 in the browser: the company starts a session, an invited engineer answers, the board updates live.</summary>
[Collection(BrowserCollection.Name)]
public sealed class LiveSessionTests(BrowserFixture fixture)
{
    [Fact]
    public async Task Company_starts_a_session_and_sees_an_invited_engineers_answer_arrive_on_its_board()
    {
        var company = await LiveSignIn.AsAsync(fixture, "company@demo.cn", "/Sessions");
        await company.GetByTestId("session-title").FillAsync("液压油缸内泄诊断");
        await company.GetByTestId("session-cluster").SelectOptionAsync(new SelectOptionValue { Label = "工程机械" });
        await company.GetByLabel("邀请人数（前 N 位）").FillAsync("3");
        await company.GetByTestId("session-start").ClickAsync();
        await company.WaitForURLAsync("**/Sessions/*");
        await Assertions.Expect(company.GetByTestId("board-row")).ToHaveCountAsync(3);
        await Assertions.Expect(company.GetByTestId("board")).ToHaveAttributeAsync("data-live", "true", new() { Timeout = 15_000 });

        var sessionId = Guid.Parse(company.Url.Split('/').Last());
        var email = await fixture.App.WithDbAsync(db =>
            (from i in db.SessionInvitations
             join u in db.Users on i.EngineerUserId equals u.Id
             where i.SessionId == sessionId && i.Rank == 1
             select u.Email).SingleAsync());
        var engineer = await LiveSignIn.AsAsync(fixture, email!, $"/Sessions/{sessionId}");
        await Assertions.Expect(engineer.GetByTestId("invitation")).ToContainTextAsync("你在匹配中排第 1 位");
        await Assertions.Expect(engineer.Locator("body")).ToHaveAttributeAsync("data-live", "connected", new() { Timeout = 15_000 });
        await engineer.Locator("#answer-note").FillAsync("<i>下周可到现场</i>");
        await engineer.GetByRole(AriaRole.Button, new() { Name = "有意向" }).ClickAsync();
        await Assertions.Expect(engineer.Locator("#my-answer")).ToHaveTextAsync("有意向", new() { Timeout = 15_000 });

        var row = company.GetByTestId("board-row").First;
        await Assertions.Expect(row.Locator("[data-role=answer]")).ToContainTextAsync("有意向：<i>下周可到现场</i>", new() { Timeout = 15_000 });
        await Assertions.Expect(company.Locator("#board i")).ToHaveCountAsync(0);

        await company.GetByTestId("session-close").ClickAsync();
        await Assertions.Expect(company.GetByTestId("minutes")).ToContainTextAsync("有意向 1 位");
        await company.Context.CloseAsync();
        await engineer.Context.CloseAsync();
    }
}

internal static class LiveSignIn
{
    public static async Task<IPage> AsAsync(BrowserFixture fixture, string email, string returnUrl)
    {
        var page = await fixture.NewPageAsync();
        await page.GotoAsync("/Account/Login?ReturnUrl=" + Uri.EscapeDataString(returnUrl));
        await page.GetByLabel("邮箱").FillAsync(email);
        await page.GetByLabel("密码", new() { Exact = true }).FillAsync("Demo@2026");
        await page.GetByRole(AriaRole.Button, new() { Name = "登录" }).ClickAsync();
        await page.WaitForURLAsync("**" + returnUrl.Split('?')[0] + "**");
        return page;
    }
}
