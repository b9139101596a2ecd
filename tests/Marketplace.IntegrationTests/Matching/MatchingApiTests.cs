using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Marketplace.Application.Matching;
using Marketplace.Domain.Challenges;
using Marketplace.Domain.Engineers;
using Marketplace.Infrastructure.Matching;
using Marketplace.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Marketplace.IntegrationTests.EngineerMatching;

/// <summary>
/// 推荐工程师 and 为你推荐 over the seeded demo platform (no model file here, so the heuristic ranks — the same
/// pipeline around it): who may ask, the hard rules checked against PostgreSQL for every engineer returned, reasons
/// in Chinese, impressions written, and invite-only listings that never reach an engineer who was not invited.
/// </summary>
[Collection(AppCollection.Name)]
public sealed class MatchingApiTests(AppFixture fixture)
{
    private DateOnly Today => DateOnly.FromDateTime(fixture.App.Clock.GetUtcNow().UtcDateTime);

    private Task<Challenge> DemoCompanyListingAsync() => fixture.App.WithDbAsync(async db =>
    {
        var company = await db.Users.Where(u => u.Email == "company@demo.cn").Select(u => u.OrganizationId).SingleAsync();
        return await db.Challenges.AsNoTracking()
            .Where(c => c.OwnerOrganizationId == company && c.Status == ChallengeStatus.Published && c.Confidentiality == Confidentiality.Public)
            .OrderBy(c => c.Id).FirstAsync();
    });

    [Fact]
    public async Task The_company_gets_ranked_engineers_that_pass_every_hard_rule_with_reasons_in_chinese()
    {
        var listing = await DemoCompanyListingAsync();
        var company = await fixture.App.ClientForAsync("company@demo.cn");
        var page = await company.GetFromJsonAsync<JsonElement>($"/api/challenges/{listing.Id}/matches?top=20");

        var engineers = page.GetProperty("engineers").EnumerateArray().ToList();
        Assert.NotEmpty(engineers);
        Assert.Equal(EngineerMatcher.HeuristicVersion, page.GetProperty("modelVersion").GetString());
        Assert.Equal(Enumerable.Range(1, engineers.Count), engineers.Select(e => e.GetProperty("rank").GetInt32()));
        Assert.True(page.GetProperty("canInvite").GetBoolean());
        var scores = engineers.Select(e => e.GetProperty("score").GetDouble()).ToList();
        Assert.True(page.GetProperty("candidates").GetInt32() >= engineers.Count);

        var ids = engineers.Select(e => e.GetProperty("engineerId").GetGuid()).ToList();
        Assert.Equal(ids.Count, ids.Distinct().Count());
        var profiles = await fixture.App.WithDbAsync(db => db.Engineers.AsNoTracking().Where(e => ids.Contains(e.Id)).ToListAsync());
        Assert.Equal(ids.Count, profiles.Count);
        foreach (var profile in profiles)
        {
            Assert.NotEqual(listing.OwnerOrganizationId, profile.EmployerOrganizationId);
            Assert.True(profile.HoursPerMonth > 0 && (profile.AvailableFrom is null || profile.AvailableFrom <= Today)
                && (profile.AvailableUntil is null || profile.AvailableUntil >= Today), $"{profile.Name} is not available today");
        }

        foreach (var engineer in engineers)
        {
            var reasons = engineer.GetProperty("reasons").EnumerateArray().Select(r => r.GetString()!).ToList();
            Assert.InRange(reasons.Count, 1, 3);
            Assert.All(reasons, r => Assert.Matches(@"\p{IsCJKUnifiedIdeographs}", r));
        }

        // What was shown is recorded (off the request path), in the order shown.
        await fixture.App.Services.GetRequiredService<ImpressionWriter>().FlushAsync();
        var impressions = await fixture.App.WithDbAsync(db => db.MatchImpressions.AsNoTracking()
            .Where(i => i.ChallengeId == listing.Id).OrderBy(i => i.Position).ToListAsync());
        Assert.Equal(ids, impressions.Select(i => i.EngineerId).Take(ids.Count));
        Assert.Equal(scores.Count, impressions.Count(i => ids.Contains(i.EngineerId)));
    }

    [Fact]
    public async Task Title_floor_and_tier_requirement_are_never_crossed_whatever_the_score()
    {
        var listing = await DemoCompanyListingAsync();
        await using var scope = fixture.App.Services.CreateAsyncScope();
        var matcher = scope.ServiceProvider.GetRequiredService<IEngineerMatcher>();
        var need = MatchNeed.For(listing) with { ChallengeId = null };

        var open = await matcher.MatchAsync(need, 100);
        var floored = await matcher.MatchAsync(need with { MinTitle = ProfessionalTitle.SeniorEngineer }, 100);
        var tiered = await matcher.MatchAsync(need with { RequiresTier = true }, 100);

        Assert.NotEmpty(open.Engineers);
        Assert.All(floored.Engineers, e => Assert.True(e.Title >= ProfessionalTitle.SeniorEngineer, $"{e.Name}: {e.TitleName}"));
        Assert.All(tiered.Engineers, e => Assert.NotNull(e.TierName));
        // The rules filter, they do not just reorder: someone the open list ranks is missing from the floored one.
        Assert.Contains(open.Engineers, e => e.Title < ProfessionalTitle.SeniorEngineer);
        Assert.True(floored.Engineers.Count < open.Engineers.Count || open.Engineers.Count == 100);
    }

    [Fact]
    public async Task Only_the_company_and_the_center_may_see_a_listings_matches()
    {
        var listing = await DemoCompanyListingAsync();
        var engineer = await fixture.App.ClientForAsync("engineer@demo.cn");
        var operatorClient = await fixture.App.ClientForAsync("operator@demo.cn");

        await (await engineer.GetAsync($"/api/challenges/{listing.Id}/matches")).AssertProblemAsync(HttpStatusCode.Forbidden);
        Assert.Equal(HttpStatusCode.Unauthorized, (await fixture.App.CreateClient().GetAsync($"/api/challenges/{listing.Id}/matches")).StatusCode);
        await (await operatorClient.GetAsync($"/api/challenges/{Guid.NewGuid()}/matches")).AssertProblemAsync(HttpStatusCode.NotFound);
        await (await operatorClient.GetAsync($"/api/challenges/{listing.Id}/matches?top=0")).AssertProblemAsync(HttpStatusCode.BadRequest);
        await (await operatorClient.GetAsync($"/api/challenges/{listing.Id}/matches?top=101")).AssertProblemAsync(HttpStatusCode.BadRequest);

        var page = await operatorClient.GetFromJsonAsync<JsonElement>($"/api/challenges/{listing.Id}/matches?top=5");
        Assert.InRange(page.GetProperty("engineers").GetArrayLength(), 1, 5);
        Assert.False(page.GetProperty("canInvite").GetBoolean());
    }

    [Fact]
    public async Task Invite_only_listings_reach_only_the_engineers_invited_to_them()
    {
        var (inviteOnly, invited) = await fixture.App.WithDbAsync(async db =>
        {
            var now = fixture.App.Clock.GetUtcNow();
            var listing = await db.Challenges.AsNoTracking()
                .Where(c => c.Confidentiality == Confidentiality.InviteOnly && c.Status == ChallengeStatus.Published && c.ApplicationDeadline > now)
                .OrderBy(c => c.Id).FirstAsync();
            return (listing, listing.InvitedEngineerIds.ToHashSet());
        });

        // Uninvited engineers who would otherwise be strong for it: its skills, available, not its company's staff.
        var today = Today;
        var uninvited = await fixture.App.WithDbAsync(db => db.Engineers.AsNoTracking()
            .Where(e => !invited.Contains(e.Id) && e.EmployerOrganizationId != inviteOnly.OwnerOrganizationId && e.HoursPerMonth > 0
                && (e.AvailableFrom == null || e.AvailableFrom <= today) && (e.AvailableUntil == null || e.AvailableUntil >= today)
                && e.Skills.Any(s => inviteOnly.SkillCodes.Contains(s.SkillCode)))
            .Select(e => e.Id).Take(8).ToListAsync());
        Assert.NotEmpty(uninvited);

        var operatorClient = await fixture.App.ClientForAsync("operator@demo.cn");
        var recommendedAnything = false;
        foreach (var engineerId in uninvited)
        {
            var page = await operatorClient.GetFromJsonAsync<JsonElement>($"/api/engineers/{engineerId}/recommended-challenges?top=50");
            var ids = page.GetProperty("challenges").EnumerateArray().Select(c => c.GetProperty("challenge").GetProperty("id").GetGuid()).ToList();
            Assert.DoesNotContain(inviteOnly.Id, ids);
            recommendedAnything |= ids.Count > 0;
        }

        // The recommender works for these engineers (it is not silent), it just never shows them the invite-only one.
        Assert.True(recommendedAnything);

        // An engineer sees their own recommendations, not someone else's.
        var demoEngineer = await fixture.App.ClientForAsync("engineer@demo.cn");
        var me = await fixture.App.WithDbAsync(async db =>
        {
            var user = await db.Users.Where(u => u.Email == "engineer@demo.cn").Select(u => u.Id).SingleAsync();
            return await db.Engineers.Where(e => e.UserId == user).Select(e => e.Id).SingleAsync();
        });
        var mine = await demoEngineer.GetFromJsonAsync<JsonElement>($"/api/engineers/{me}/recommended-challenges");
        Assert.All(mine.GetProperty("challenges").EnumerateArray(), c =>
            Assert.All(c.GetProperty("reasons").EnumerateArray(), r => Assert.Matches(@"\p{IsCJKUnifiedIdeographs}", r.GetString()!)));
        await (await demoEngineer.GetAsync($"/api/engineers/{uninvited[0]}/recommended-challenges")).AssertProblemAsync(HttpStatusCode.Forbidden);
        await (await demoEngineer.GetAsync($"/api/engineers/{me}/recommended-challenges?top=0")).AssertProblemAsync(HttpStatusCode.BadRequest);
    }
}
