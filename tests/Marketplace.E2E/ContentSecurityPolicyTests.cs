using System.Collections.Concurrent;
using Marketplace.Domain.Live;
using Marketplace.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Playwright;

namespace Marketplace.E2E;

/// <summary>
/// The content security policy (no inline script or style, same-origin connections) as Chromium enforces it: the
/// pages, their scripts and the live channel work under it, and the browser reports no violation.
/// </summary>
[Collection(BrowserCollection.Name)]
public sealed class ContentSecurityPolicyTests(BrowserFixture fixture)
{
    [Fact]
    public async Task Pages_scripts_and_the_live_chat_run_under_the_policy_without_a_single_violation()
    {
        var active = await fixture.App.WithDbAsync(db => db.Consultations.AsNoTracking()
            .Where(c => c.Status == ConsultationStatus.Active && c.EngineerUserId != null && db.Users.Any(u => u.Id == c.RequestedByUserId && u.Email == "company@demo.cn"))
            .Select(c => c.Id).FirstAsync());
        var page = await LiveSignIn.AsAsync(fixture, "company@demo.cn", "/");
        var violations = await WatchAsync(page);

        foreach (var url in new[] { "/", "/Dashboard", "/Challenges", "/Engineers", "/Consultations", "/Sessions", "/Notifications", "/TalentMap" })
        {
            await page.GotoAsync(url);
            await page.WaitForLoadStateAsync(LoadState.NetworkIdle);
        }

        await page.GotoAsync($"/Consultations/{active}");
        await Assertions.Expect(page.Locator("body")).ToHaveAttributeAsync("data-live", "connected", new() { Timeout = 15_000 });
        await Assertions.Expect(page.GetByTestId("chat")).ToHaveAttributeAsync("data-joined", "true", new() { Timeout = 15_000 });
        await Assertions.Expect(page.GetByTestId("chat-message").First).ToBeVisibleAsync();

        Assert.Empty(violations);
        await page.Context.CloseAsync();
    }

    [Theory]
    [InlineData("engineer@demo.cn", "/Engineers/Me,/Consultations,/Sessions,/Challenges/Mine,/Challenges,/Notifications")]
    [InlineData("operator@demo.cn", "/Dashboard,/Sessions,/Challenges/Review,/Training,/Accreditation,/Consultations,/Outcomes,/Outcomes/Entries")]
    [InlineData("authority@demo.cn", "/Dashboard,/Accreditation/Dashboard,/TalentMap,/Studios,/Outcomes")]
    [InlineData("company@demo.cn", "/Dashboard,/Studios,/Outcomes,/Outcomes/Studio?id={studio},/Outcomes/StudioRecords?id={studio}&key=studio.persontimes")]
    public async Task Each_roles_pages_render_under_the_policy_without_a_violation(string email, string urls)
    {
        var page = await LiveSignIn.AsAsync(fixture, email, "/");
        var violations = await WatchAsync(page);
        var studio = await fixture.App.WithDbAsync(db => db.MentoringStudios.Where(s => s.RecognizedOn != null)
            .Join(db.Users.Where(u => u.Email == "company@demo.cn"), s => s.ApplicantOrganizationId, u => u.OrganizationId, (s, _) => s.Id).FirstAsync());
        foreach (var url in urls.Split(',').Select(u => u.Replace("{studio}", studio.ToString(), StringComparison.Ordinal)))
        {
            var response = await page.GotoAsync(url);
            Assert.True(response is { Ok: true }, $"{email} {url}: {response?.Status}");
            await page.WaitForLoadStateAsync(LoadState.NetworkIdle);
        }

        Assert.Empty(violations);
        await page.Context.CloseAsync();
    }

    /// <summary>Collects every policy violation and script error the page reports from now on.</summary>
    private static async Task<ConcurrentQueue<string>> WatchAsync(IPage page)
    {
        var violations = new ConcurrentQueue<string>();
        page.Console += (_, message) =>
        {
            if (message.Text.Contains("Content Security Policy", StringComparison.OrdinalIgnoreCase))
            {
                violations.Enqueue($"{page.Url}: {message.Text}");
            }
        };
        page.PageError += (_, error) => violations.Enqueue($"{page.Url}: script error {error}");
        // The browser's own report of each blocked resource (Playwright injects the listener through DevTools, so the
        // listener itself is not an inline script the policy would block).
        await page.Context.AddInitScriptAsync("document.addEventListener('securitypolicyviolation', e => console.error('Content Security Policy violation: ' + e.violatedDirective + ' ' + e.blockedURI));");
        return violations;
    }
}
