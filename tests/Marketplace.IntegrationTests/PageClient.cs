using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.RegularExpressions;
using Marketplace.Testing;
using Microsoft.EntityFrameworkCore;

namespace Marketplace.IntegrationTests;

/// <summary>
/// A browser without a browser: signs in through the sign-in form (cookie), keeps cookies, does not follow redirects
/// (so a test sees the post/redirect/get), and posts forms with the antiforgery token of the page they are on.
/// </summary>
internal sealed partial class PageClient(HttpClient client)
{
    public HttpClient Http { get; } = client;

    public static async Task<PageClient> AnonymousAsync(MarketplaceAppFactory app) =>
        await Task.FromResult(new PageClient(app.CreateClient(new Microsoft.AspNetCore.Mvc.Testing.WebApplicationFactoryClientOptions { AllowAutoRedirect = false })));

    public static async Task<PageClient> SignInAsync(MarketplaceAppFactory app, string email)
    {
        var page = await AnonymousAsync(app);
        var response = await page.PostFormAsync("/Account/Login", "/Account/Login",
            [("Input.Email", email), ("Input.Password", "Demo@2026")]);
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        return page;
    }

    /// <summary>GETs a page and asserts it rendered (200); returns the HTML.</summary>
    public async Task<string> GetPageAsync(string url)
    {
        var response = await Http.GetAsync(url);
        var html = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"GET {url}: {(int)response.StatusCode} {response.Headers.Location}\n{Excerpt(html)}");
        return html;
    }

    /// <summary>Opens <paramref name="pageUrl"/> for its antiforgery token and posts the fields to <paramref name="action"/>.</summary>
    public async Task<HttpResponseMessage> PostFormAsync(string pageUrl, string action, IEnumerable<(string Name, string Value)> fields)
    {
        var html = await GetPageAsync(pageUrl);
        var token = AntiforgeryField().Match(html);
        Assert.True(token.Success, $"no antiforgery token on {pageUrl}");
        var body = fields.Select(f => new KeyValuePair<string, string>(f.Name, f.Value))
            .Append(new KeyValuePair<string, string>("__RequestVerificationToken", WebUtility.HtmlDecode(token.Groups[1].Value)));
        return await Http.PostAsync(action, new FormUrlEncodedContent(body));
    }

    /// <summary>Like <see cref="PostFormAsync"/> for a form with a file input (multipart/form-data).</summary>
    public async Task<HttpResponseMessage> PostMultipartAsync(string pageUrl, string action, MultipartFormDataContent form)
    {
        ArgumentNullException.ThrowIfNull(form);
        var html = await GetPageAsync(pageUrl);
        var token = AntiforgeryField().Match(html);
        Assert.True(token.Success, $"no antiforgery token on {pageUrl}");
        form.Add(new StringContent(WebUtility.HtmlDecode(token.Groups[1].Value)), "__RequestVerificationToken");
        return await Http.PostAsync(action, form);
    }

    /// <summary>Posts a step and asserts the post/redirect/get: a 302 back to a page that shows the success message.</summary>
    public async Task<string> PostAndFollowAsync(string pageUrl, string action, IEnumerable<(string Name, string Value)> fields)
    {
        var response = await PostFormAsync(pageUrl, action, fields);
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.Redirect, $"POST {action}: {(int)response.StatusCode}\n{ErrorsOf(text)}\n{Excerpt(text)}");
        return await GetPageAsync(response.Headers.Location!.OriginalString);
    }

    /// <summary>The listing version a page's forms carry (the first hidden Form.Version).</summary>
    public static string VersionOn(string html)
    {
        var match = VersionField().Match(html);
        Assert.True(match.Success, "no version field on the page");
        return match.Groups[1].Value;
    }

    /// <summary>The messages of the page's error alert (role="alert"), or empty.</summary>
    public static string ErrorsOf(string html)
    {
        var match = ErrorAlert().Match(html);
        return match.Success ? WebUtility.HtmlDecode(match.Groups[1].Value) : "";
    }

    private static string Excerpt(string html) => html.Length > 1500 ? html[..1500] : html;

    [GeneratedRegex("name=\"__RequestVerificationToken\" type=\"hidden\" value=\"([^\"]+)\"")]
    private static partial Regex AntiforgeryField();

    [GeneratedRegex("name=\"Form.Version\" value=\"([0-9]+)\"")]
    private static partial Regex VersionField();

    [GeneratedRegex("role=\"alert\" data-testid=\"errors\">(.*?)</div>", RegexOptions.Singleline)]
    private static partial Regex ErrorAlert();
}

/// <summary>Listings set up through the API (fast and independent of the pages under test), by the same board driver as the API tests.</summary>
internal static class Listings
{
    public static object Body(string title, string confidentiality = "Public", decimal bounty = 120_000m, int raceSlots = 1) =>
        ChallengeBoard.Listing(title: title, bounty: bounty, confidentiality: confidentiality, raceSlots: raceSlots, deadlineDays: 20, skill: "cm-hydraulic-system-design",
            description: "液压缸活塞杆镀层在盐雾环境下 500 小时起泡，需要找出原因并给出可量产的工艺方案。");

    /// <summary>A listing the company posted and the center published; returns its id.</summary>
    public static Task<Guid> PublishedAsync(MarketplaceAppFactory app, string title, string confidentiality = "Public", int raceSlots = 1) =>
        new ChallengeBoard(app).PublishedAsync(Body(title, confidentiality, raceSlots: raceSlots));

    /// <summary>Demo engineers other than engineer@demo.cn who may take the demo company's listings (not its employees).</summary>
    public static async Task<IReadOnlyList<(Guid EngineerId, string Name, string Email)>> OtherEngineersAsync(MarketplaceAppFactory app, int count) =>
        await app.WithDbAsync(async db =>
        {
            var companyOrganization = await db.UserAccounts.Where(u => u.Email == "company@demo.cn").Select(u => u.OrganizationId).FirstAsync();
            var rows = await db.Engineers.AsNoTracking()
                .Where(e => e.EmployerOrganizationId != companyOrganization)
                .Join(db.UserAccounts, e => e.UserId, u => u.Id, (e, u) => new { e.Id, e.Name, u.Email })
                .Where(x => x.Email != "engineer@demo.cn")
                .OrderBy(x => x.Email)
                .Take(count)
                .ToListAsync();
            return (IReadOnlyList<(Guid, string, string)>)rows.Select(x => (x.Id, x.Name, x.Email)).ToList();
        });

    public static Task<Guid> ApplyAsync(MarketplaceAppFactory app, Guid id, string email, decimal quote = 100_000m) =>
        new ChallengeBoard(app).ApplyAsync(email, id, quote);

    public static async Task<Guid> DraftAsync(MarketplaceAppFactory app, string title)
    {
        var company = await app.ClientForAsync("company@demo.cn");
        var draft = await ChallengeBoard.Ok(await company.PostAsJsonAsync("/api/challenges", Body(title)), HttpStatusCode.Created);
        return draft.GetProperty("id").GetGuid();
    }
}
