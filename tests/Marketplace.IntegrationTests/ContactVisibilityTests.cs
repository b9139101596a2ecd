using System.Net.Http.Json;
using System.Text.Json;
using Marketplace.Testing;
using Microsoft.EntityFrameworkCore;

namespace Marketplace.IntegrationTests;

/// <summary>
/// A board of its own for tests that award listings at today's date: the "app" collection's checks of the seeded
/// board (counters match awards, awarded listings have their deadline behind them) must not see such awards.
/// </summary>
[CollectionDefinition(Name)]
public sealed class AwardingCollection : ICollectionFixture<AppFixture>
{
    public const string Name = "awarding";
}

/// <summary>Who sees an engineer's phone and e-mail: a company only once it has awarded them (decision 33).</summary>
[Collection(AwardingCollection.Name)]
public sealed class ContactVisibilityTests(AppFixture fixture)
{
    [Fact]
    public async Task A_company_sees_contact_details_only_once_it_has_awarded_the_engineer()
    {
        var (engineerId, email, otherCompany) = await fixture.App.WithDbAsync(async db =>
        {
            var companyOrganization = await db.UserAccounts.Where(u => u.Email == "company@demo.cn").Select(u => u.OrganizationId).FirstAsync();
            var candidate = await db.Engineers.AsNoTracking()
                .Where(e => e.EmployerOrganizationId != companyOrganization && e.Phone != null)
                .Where(e => !db.Challenges.Any(c => c.Awards.Any(a => a.Shares.Any(s => s.EngineerId == e.Id))))
                .Join(db.UserAccounts, e => e.UserId, u => u.Id, (e, u) => new { e.Id, u.Email })
                .Where(x => x.Email != "engineer@demo.cn")
                .OrderBy(x => x.Email)
                .FirstAsync();
            var other = await db.UserAccounts
                .Where(u => u.Email.EndsWith("@companies.demo.cn") && u.OrganizationId != companyOrganization)
                .OrderBy(u => u.Email).Select(u => u.Email).FirstAsync();
            return (candidate.Id, candidate.Email, other);
        });

        var board = new ChallengeBoard(fixture.App);
        var company = await board.As(ChallengeBoard.Company);
        var before = await company.GetFromJsonAsync<JsonElement>($"/api/engineers/{engineerId}");
        Assert.False(before.GetProperty("contactVisible").GetBoolean());
        Assert.Equal(JsonValueKind.Null, before.GetProperty("phone").ValueKind);
        Assert.Equal(JsonValueKind.Null, before.GetProperty("email").ValueKind);

        var listing = await board.PublishedAsync(ChallengeBoard.Listing(title: "联系方式测试：液压阀块泄漏分析"));
        var application = await board.ApplyAsync(email, listing);
        Assert.False((await company.GetFromJsonAsync<JsonElement>($"/api/engineers/{engineerId}")).GetProperty("contactVisible").GetBoolean());
        await board.EvaluateAsync(listing);
        await board.Post(ChallengeBoard.Company, $"/api/challenges/{listing}/applications/{application}/award", new { });

        var after = await company.GetFromJsonAsync<JsonElement>($"/api/engineers/{engineerId}");
        Assert.True(after.GetProperty("contactVisible").GetBoolean());
        Assert.NotEqual(JsonValueKind.Null, after.GetProperty("phone").ValueKind);

        var stranger = await fixture.App.ClientForAsync(otherCompany);
        var strangerView = await stranger.GetFromJsonAsync<JsonElement>($"/api/engineers/{engineerId}");
        Assert.False(strangerView.GetProperty("contactVisible").GetBoolean());
        Assert.Equal(JsonValueKind.Null, strangerView.GetProperty("phone").ValueKind);

        // The page follows the same rule.
        var phone = after.GetProperty("phone").GetString()!;
        var companyPage = await (await PageClient.SignInAsync(fixture.App, ChallengeBoard.Company)).GetPageAsync($"/Engineers/{engineerId}");
        Assert.Contains(phone, companyPage);
        Assert.DoesNotContain("data-testid=\"contact-hidden\"", companyPage);
        var strangerPage = await (await PageClient.SignInAsync(fixture.App, otherCompany)).GetPageAsync($"/Engineers/{engineerId}");
        Assert.DoesNotContain(phone, strangerPage);
        Assert.Contains("data-testid=\"contact-hidden\"", strangerPage);
    }
}
