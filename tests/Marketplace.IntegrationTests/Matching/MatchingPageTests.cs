using System.Text.RegularExpressions;
using Marketplace.Domain.Challenges;
using Marketplace.Testing;
using Microsoft.EntityFrameworkCore;

namespace Marketplace.IntegrationTests.EngineerMatching;

/// <summary>The 推荐工程师 panel on a listing (reasons, one-click invitation) and 为你推荐 on the engineer's home page.</summary>
[Collection(AppCollection.Name)]
public sealed partial class MatchingPageTests(AppFixture fixture)
{
    [Fact]
    public async Task The_company_sees_recommended_engineers_with_reasons_and_invites_one_from_the_panel()
    {
        var listing = await fixture.App.WithDbAsync(async db =>
        {
            var company = await db.Users.Where(u => u.Email == "company@demo.cn").Select(u => u.OrganizationId).SingleAsync();
            return await db.Challenges.AsNoTracking()
                .Where(c => c.OwnerOrganizationId == company && c.Status == ChallengeStatus.Published && c.Confidentiality == Confidentiality.Nda)
                .OrderBy(c => c.Id).FirstAsync();
        });
        var company = await PageClient.SignInAsync(fixture.App, "company@demo.cn");
        var url = $"/Challenges/Details/{listing.Id}";
        var html = await company.GetPageAsync(url);
        Assert.Contains("推荐工程师", html);
        Assert.Contains("data-testid=\"match-row\"", html);
        Assert.Matches(@"data-testid=""match-reason"">[^<]*\p{IsCJKUnifiedIdeographs}", html);

        var pick = Guid.Parse(Checkbox().Match(html).Groups[1].Value);
        var version = Regex.Match(html[html.IndexOf("data-testid=\"matches\"", StringComparison.Ordinal)..], @"name=""Form.Version"" value=""(\d+)""").Groups[1].Value;
        var after = await company.PostAndFollowAsync(url, $"{url}?handler=Invite", [("Form.Version", version), ("Form.EngineerIds", pick.ToString())]);
        Assert.Contains("data-testid=\"match-invited\"", after);
        var invited = await fixture.App.WithDbAsync(db => db.Challenges.AsNoTracking().Where(c => c.Id == listing.Id).Select(c => c.InvitedEngineerIds).SingleAsync());
        Assert.Contains(pick, invited);

        // An engineer reading the same listing gets no panel.
        var engineer = await PageClient.SignInAsync(fixture.App, "engineer@demo.cn");
        Assert.DoesNotContain("data-testid=\"matches\"", await engineer.GetPageAsync(url));
    }

    [Fact]
    public async Task The_engineers_home_page_recommends_open_listings()
    {
        var engineer = await PageClient.SignInAsync(fixture.App, "engineer@demo.cn");
        var html = await engineer.GetPageAsync("/Dashboard");
        Assert.Contains("为你推荐", html);
        Assert.Contains("data-testid=\"recommended-item\"", html);

        var company = await PageClient.SignInAsync(fixture.App, "company@demo.cn");
        Assert.DoesNotContain("data-testid=\"recommended\"", await company.GetPageAsync("/Dashboard"));
    }

    [GeneratedRegex(@"name=""Form.EngineerIds"" value=""([0-9a-f-]{36})""")]
    private static partial Regex Checkbox();
}
