using System.Net;
using System.Net.Http.Json;
using Marketplace.Testing;
using Marketplace.Web.Infrastructure;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Console;
using Microsoft.Extensions.Options;

namespace Marketplace.IntegrationTests.Security;

/// <summary>Issue 9, web security: headers, cookie flags, the request budgets and the personal-data mask of the logs.</summary>
[Collection(AppCollection.Name)]
public sealed class WebSecurityTests(AppFixture fixture)
{
    [Theory]
    [InlineData("/")]
    [InlineData("/Account/Login")]
    [InlineData("/api/reference")]
    [InlineData("/api/no-such-endpoint")]
    [InlineData("/css/site.css")]
    public async Task Every_response_carries_the_security_headers(string path)
    {
        var response = await fixture.App.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false }).GetAsync(path);
        Assert.Equal(WebSecurity.ContentSecurityPolicy, Header(response, "Content-Security-Policy"));
        Assert.Equal("nosniff", Header(response, "X-Content-Type-Options"));
        Assert.Equal("DENY", Header(response, "X-Frame-Options"));
        Assert.Equal("strict-origin-when-cross-origin", Header(response, "Referrer-Policy"));
        // The policy itself: no inline script, nothing may frame the app.
        var csp = Header(response, "Content-Security-Policy");
        Assert.Contains("script-src 'self';", csp);
        Assert.DoesNotContain("unsafe-inline", csp);
        Assert.Contains("frame-ancestors 'none'", csp);
    }

    [Fact]
    public async Task The_pages_have_no_inline_script_or_style_for_the_policy_to_block()
    {
        var page = await PageClient.SignInAsync(fixture.App, "company@demo.cn");
        foreach (var url in new[] { "/", "/Dashboard", "/Challenges", "/Engineers", "/Consultations", "/Notifications" })
        {
            var html = await page.GetPageAsync(url);
            Assert.DoesNotMatch("<script(?![^>]*\\ssrc=)[^>]*>", html);
            Assert.DoesNotMatch("\\sstyle=\"", html);
            Assert.DoesNotMatch("\\son[a-z]+=\"", html);
        }
    }

    [Fact]
    public async Task The_sign_in_cookie_is_http_only_and_same_site_and_the_form_carries_an_antiforgery_token()
    {
        var client = fixture.App.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = false });
        var form = await client.GetAsync("/Account/Login");
        var html = await form.Content.ReadAsStringAsync();
        Assert.Contains("__RequestVerificationToken", html);

        // Posting the form without the token is refused and sets no session.
        var forged = await client.PostAsync("/Account/Login", new FormUrlEncodedContent([new("Input.Email", "company@demo.cn"), new("Input.Password", "Demo@2026")]));
        Assert.Equal(HttpStatusCode.BadRequest, forged.StatusCode);
        Assert.DoesNotContain(forged.Headers.TryGetValues("Set-Cookie", out var none) ? none : [], c => c.StartsWith("mp.auth=", StringComparison.Ordinal));

        var page = await PageClient.AnonymousAsync(fixture.App);
        var signedIn = await page.PostFormAsync("/Account/Login", "/Account/Login", [("Input.Email", "company@demo.cn"), ("Input.Password", "Demo@2026")]);
        var cookie = Assert.Single(signedIn.Headers.GetValues("Set-Cookie"), c => c.StartsWith("mp.auth=", StringComparison.Ordinal));
        Assert.Contains("httponly", cookie, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("samesite=lax", cookie, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task Sign_in_and_token_issue_are_rate_limited_per_address_with_a_problem_and_retry_after()
    {
        await using var limited = fixture.App.WithWebHostBuilder(b => b.UseSetting("Security:SignInPerMinute", "3"));
        var client = limited.CreateClient();
        var statuses = new List<HttpStatusCode>();
        for (var i = 0; i < 5; i++)
        {
            var response = await client.PostAsJsonAsync("/api/auth/token", new { email = "nobody@limit.test", password = "Wrong-pass-1" });
            statuses.Add(response.StatusCode);
            if (response.StatusCode == HttpStatusCode.TooManyRequests)
            {
                var problem = await response.AssertProblemAsync(HttpStatusCode.TooManyRequests);
                Assert.Equal("请求过于频繁", problem.GetProperty("title").GetString());
                Assert.True(int.Parse(Header(response, "Retry-After"), System.Globalization.CultureInfo.InvariantCulture) >= 1);
            }
        }

        Assert.Equal([HttpStatusCode.Unauthorized, HttpStatusCode.Unauthorized, HttpStatusCode.Unauthorized, HttpStatusCode.TooManyRequests, HttpStatusCode.TooManyRequests], statuses);

        // The sign-in page draws on the same budget and answers with the status page, not JSON.
        var page = limited.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });
        var html = await (await page.GetAsync("/Account/Login")).Content.ReadAsStringAsync();
        var token = System.Text.RegularExpressions.Regex.Match(html, "name=\"__RequestVerificationToken\" type=\"hidden\" value=\"([^\"]+)\"").Groups[1].Value;
        var refused = await page.PostAsync("/Account/Login", new FormUrlEncodedContent([new("Input.Email", "a@b.cn"), new("Input.Password", "x"), new("__RequestVerificationToken", token)]));
        Assert.Equal(HttpStatusCode.TooManyRequests, refused.StatusCode);
        Assert.Contains("操作过于频繁", await refused.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task Uploads_are_rate_limited_per_user()
    {
        await using var limited = fixture.App.WithWebHostBuilder(b => b.UseSetting("Security:UploadsPerMinute", "2"));
        var token = await (await limited.CreateClient().PostAsJsonAsync("/api/auth/token", new { email = "engineer@demo.cn", password = "Demo@2026" }))
            .Content.ReadFromJsonAsync<System.Text.Json.JsonElement>();
        var client = limited.CreateClient();
        client.DefaultRequestHeaders.Authorization = new("Bearer", token.GetProperty("accessToken").GetString());
        var statuses = new List<HttpStatusCode>();
        for (var i = 0; i < 3; i++)
        {
            // Any multipart POST draws on the budget, before the endpoint even looks at it (here: a consultation that does not exist).
            var form = new MultipartFormDataContent { { new ByteArrayContent([0x25, 0x50, 0x44, 0x46]), "file", "a.pdf" } };
            statuses.Add((await client.PostAsync($"/api/consultations/{Guid.NewGuid()}/attachments", form)).StatusCode);
        }

        Assert.Equal([HttpStatusCode.NotFound, HttpStatusCode.NotFound, HttpStatusCode.TooManyRequests], statuses);
    }

    [Fact]
    public void Phone_numbers_email_addresses_and_id_numbers_are_masked_in_every_log_line()
    {
        var masked = PersonalDataMasking.Mask("张三 13812345678 zhang.san@example.com 430102199001011234 订单 20261204 金额 300");
        Assert.Equal("张三 138****5678 z***@example.com 430102********1234 订单 20261204 金额 300", masked);
        Assert.Equal("ID 110105********002X", PersonalDataMasking.Mask("ID 11010519491231002X"));

        // The host writes the console through the mask.
        var console = fixture.App.Services.GetRequiredService<IOptionsMonitor<ConsoleLoggerOptions>>().CurrentValue;
        Assert.Equal(MaskingConsoleFormatter.Name, console.FormatterName);
        var formatter = new MaskingConsoleFormatter();
        using var writer = new StringWriter();
        formatter.Write(new Microsoft.Extensions.Logging.Abstractions.LogEntry<string>(Microsoft.Extensions.Logging.LogLevel.Warning, "Test", new Microsoft.Extensions.Logging.EventId(7),
            "sign-in failed for li.si@demo.cn", new InvalidOperationException("row (13987654321)"), (s, _) => s), null, writer);
        var line = writer.ToString();
        Assert.Contains("l***@demo.cn", line);
        Assert.Contains("139****4321", line);
        Assert.DoesNotContain("13987654321", line);
        Assert.DoesNotContain("li.si@", line);
    }

    [Fact]
    public async Task Attachments_are_served_as_downloads_with_their_checked_type_never_inline_as_html()
    {
        var (consultation, attachment, company) = await fixture.App.WithDbAsync(async db =>
        {
            var c = await Microsoft.EntityFrameworkCore.EntityFrameworkQueryableExtensions.FirstAsync(db.Consultations,
                x => x.Status == Marketplace.Domain.Live.ConsultationStatus.Active && x.EngineerUserId != null);
            var file = Marketplace.Domain.Live.ConsultationAttachment.Create(c, c.RequestedByUserId, "../../etc/passwd.png",
                [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 1, 2], DateTimeOffset.UtcNow);
            db.ConsultationAttachments.Add(file);
            await db.SaveChangesAsync();
            return (c.Id, file, c.RequestedByUserId);
        });
        Assert.DoesNotContain("/", attachment.FileName);
        Assert.DoesNotContain("..", attachment.FileName);
        var email = await fixture.App.WithDbAsync(db => Task.FromResult(db.Users.Single(u => u.Id == company).Email!));
        var client = await fixture.App.ClientForAsync(email);
        var download = await client.GetAsync($"/api/consultations/{consultation}/attachments/{attachment.Id}");
        Assert.Equal(HttpStatusCode.OK, download.StatusCode);
        Assert.Equal("attachment", download.Content.Headers.ContentDisposition?.DispositionType);
        Assert.Equal("image/png", download.Content.Headers.ContentType?.MediaType);
        Assert.Equal("nosniff", Header(download, "X-Content-Type-Options"));
    }

    private static string Header(HttpResponseMessage response, string name) =>
        response.Headers.TryGetValues(name, out var values) || response.Content.Headers.TryGetValues(name, out values)
            ? string.Join(",", values)
            : throw new Xunit.Sdk.XunitException($"{name} missing on {response.RequestMessage?.RequestUri}");
}
