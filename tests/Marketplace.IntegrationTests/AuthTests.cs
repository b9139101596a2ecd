using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.RegularExpressions;
using Marketplace.Testing;

namespace Marketplace.IntegrationTests;

[Collection(AppCollection.Name)]
public sealed partial class AuthTests(AppFixture fixture)
{
    [Fact]
    public async Task Demo_account_gets_a_bearer_token_that_identifies_it_with_role_and_organization()
    {
        var client = await fixture.App.ClientForAsync("company@demo.cn");
        var me = await client.GetFromJsonAsync<JsonElement>("/api/auth/me");
        Assert.Equal("company@demo.cn", me.GetProperty("email").GetString());
        Assert.Equal(["Company"], me.GetProperty("roles").EnumerateArray().Select(r => r.GetString()));
        Assert.NotEqual(JsonValueKind.Null, me.GetProperty("organizationId").ValueKind);
    }

    [Fact]
    public async Task Every_role_has_a_demo_account()
    {
        foreach (var (email, role) in new[]
                 {
                     ("company@demo.cn", "Company"), ("engineer@demo.cn", "Engineer"), ("operator@demo.cn", "Operator"),
                     ("expert@demo.cn", "Expert"), ("authority@demo.cn", "Authority"), ("admin@demo.cn", "Admin"),
                 })
        {
            var client = await fixture.App.ClientForAsync(email);
            var me = await client.GetFromJsonAsync<JsonElement>("/api/auth/me");
            Assert.Contains(role, me.GetProperty("roles").EnumerateArray().Select(r => r.GetString()));
        }
    }

    [Fact]
    public async Task Wrong_password_and_unknown_account_get_the_same_answer()
    {
        var client = fixture.App.CreateClient();
        var wrong = await client.PostAsJsonAsync("/api/auth/token", new { email = "company@demo.cn", password = "Wrong-test-1" });
        var unknown = await client.PostAsJsonAsync("/api/auth/token", new { email = "nobody@nowhere.cn", password = "Wrong-test-1" });
        var a = await wrong.AssertProblemAsync(HttpStatusCode.Unauthorized);
        var b = await unknown.AssertProblemAsync(HttpStatusCode.Unauthorized);
        Assert.Equal(a.GetProperty("title").GetString(), b.GetProperty("title").GetString());
        Assert.Equal(a.GetProperty("detail").GetString(), b.GetProperty("detail").GetString());
    }

    [Fact]
    public async Task Five_failures_lock_the_account_even_against_the_right_password()
    {
        var client = fixture.App.CreateClient();
        const string email = "e000007@engineers.demo.cn";
        for (var i = 0; i < 5; i++)
        {
            var failed = await client.PostAsJsonAsync("/api/auth/token", new { email, password = "Wrong-test-1" });
            Assert.Equal(HttpStatusCode.Unauthorized, failed.StatusCode);
        }

        var locked = await client.PostAsJsonAsync("/api/auth/token", new { email, password = "Demo@2026" });
        await locked.AssertProblemAsync(HttpStatusCode.Unauthorized);

        var lockoutEnd = await fixture.App.WithDbAsync(db => Task.FromResult(db.Users.Single(u => u.Email == email).LockoutEnd));
        Assert.NotNull(lockoutEnd);
    }

    [Fact]
    public async Task Tampered_token_is_refused()
    {
        var client = await fixture.App.ClientForAsync("company@demo.cn");
        var token = client.DefaultRequestHeaders.Authorization!.Parameter!;
        client.DefaultRequestHeaders.Authorization = new("Bearer", token[..^4] + "AAAA");
        var response = await client.GetAsync("/api/auth/me");
        await response.AssertProblemAsync(HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task Cookie_sign_in_through_the_form_opens_the_role_dashboard_and_sign_out_closes_it()
    {
        var client = fixture.App.CreateClient(new Microsoft.AspNetCore.Mvc.Testing.WebApplicationFactoryClientOptions { AllowAutoRedirect = false });
        var loginPage = await client.GetStringAsync("/Account/Login");
        var token = AntiforgeryField().Match(loginPage).Groups[1].Value;

        var response = await client.PostAsync("/Account/Login", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["Input.Email"] = "operator@demo.cn",
            ["Input.Password"] = "Demo@2026",
            ["__RequestVerificationToken"] = token,
        }));
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal("/Dashboard", response.Headers.Location?.OriginalString);

        var dashboard = await client.GetStringAsync("/Dashboard");
        Assert.Contains("中心运营工作台", dashboard);
        Assert.Contains("湖南省工程机械工程师协同创新中心", dashboard);

        var signOutToken = AntiforgeryField().Match(dashboard).Groups[1].Value;
        var signOut = await client.PostAsync("/Account/Logout", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["__RequestVerificationToken"] = signOutToken,
        }));
        Assert.Equal(HttpStatusCode.Redirect, signOut.StatusCode);
        var after = await client.GetAsync("/Dashboard");
        Assert.Equal(HttpStatusCode.Redirect, after.StatusCode);
        Assert.StartsWith("/Account/Login", after.Headers.Location?.PathAndQuery ?? after.Headers.Location?.OriginalString);
    }

    [Fact]
    public async Task Failed_form_sign_in_shows_one_message_that_does_not_reveal_the_account()
    {
        var client = fixture.App.CreateClient();
        var loginPage = await client.GetStringAsync("/Account/Login");
        var token = AntiforgeryField().Match(loginPage).Groups[1].Value;
        var html = await (await client.PostAsync("/Account/Login", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["Input.Email"] = "ghost@demo.cn",
            ["Input.Password"] = "Whatever-1",
            ["__RequestVerificationToken"] = token,
        }))).Content.ReadAsStringAsync();
        Assert.Contains("邮箱或密码错误，或账户已被临时锁定。", html);
    }

    [Fact]
    public async Task Form_post_without_antiforgery_token_is_refused()
    {
        var client = fixture.App.CreateClient();
        var response = await client.PostAsync("/Account/Login", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["Input.Email"] = "company@demo.cn",
            ["Input.Password"] = "Demo@2026",
        }));
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
    }

    [GeneratedRegex("name=\"__RequestVerificationToken\" type=\"hidden\" value=\"([^\"]+)\"")]
    private static partial Regex AntiforgeryField();
}
