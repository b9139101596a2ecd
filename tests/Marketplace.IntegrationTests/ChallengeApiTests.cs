using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Marketplace.Testing;
using Microsoft.EntityFrameworkCore;
using static Marketplace.IntegrationTests.ChallengeBoard;

namespace Marketplace.IntegrationTests;

/// <summary>The first slice of /api/challenges: post, review, publish, browse, and who may see what.</summary>
[Collection(AppCollection.Name)]
public sealed class ChallengeApiTests(AppFixture fixture)
{
    [Fact]
    public async Task Company_posts_center_publishes_and_engineers_then_see_it()
    {
        var company = await fixture.App.ClientForAsync("company@demo.cn");
        var center = await fixture.App.ClientForAsync("operator@demo.cn");
        var engineer = await fixture.App.ClientForAsync("engineer@demo.cn");

        var posted = await company.PostAsJsonAsync("/api/challenges", Listing());
        Assert.Equal(HttpStatusCode.Created, posted.StatusCode);
        var draft = await posted.Content.ReadFromJsonAsync<JsonElement>();
        var id = draft.GetProperty("id").GetGuid();
        Assert.Equal("草稿", draft.GetProperty("statusName").GetString());
        Assert.Contains(draft.GetProperty("allowedActions").EnumerateArray(), a => a.GetProperty("name").GetString() == "提交审核");

        // A draft is the company's own: to the engineer it does not exist.
        Assert.Equal(HttpStatusCode.NotFound, (await engineer.GetAsync($"/api/challenges/{id}")).StatusCode);

        var submitted = await Step(company, id, "submit", draft.GetProperty("version").GetUInt32());
        Assert.Equal("待审核", submitted.GetProperty("statusName").GetString());

        // The company cannot publish its own listing: that is the center's step.
        var selfPublish = await company.PostAsJsonAsync($"/api/challenges/{id}/publish", new { version = submitted.GetProperty("version").GetUInt32() });
        await ProblemAssertions.AssertProblemAsync(selfPublish, HttpStatusCode.Forbidden);

        var published = await Step(center, id, "publish", submitted.GetProperty("version").GetUInt32());
        Assert.Equal("揭榜中", published.GetProperty("statusName").GetString());
        Assert.Contains(published.GetProperty("audit").EnumerateArray(), a => a.GetProperty("to").GetString() == "揭榜中");

        var seen = await engineer.GetFromJsonAsync<JsonElement>($"/api/challenges/{id}");
        Assert.Equal("揭榜中", seen.GetProperty("statusName").GetString());
        Assert.Equal(JsonValueKind.Null, seen.GetProperty("audit").ValueKind);
        Assert.Contains(seen.GetProperty("allowedActions").EnumerateArray(), a => a.GetProperty("name").GetString() == "揭榜申请");
        var list = await engineer.GetFromJsonAsync<JsonElement>("/api/challenges?cluster=construction-machinery&status=Published&size=100");
        Assert.Contains(list.GetProperty("items").EnumerateArray(), c => c.GetProperty("id").GetGuid() == id);

        // Submitting again names the state it is in.
        var again = await company.PostAsJsonAsync($"/api/challenges/{id}/submit", new { version = published.GetProperty("version").GetUInt32() });
        var problem = await ProblemAssertions.AssertProblemAsync(again, HttpStatusCode.Conflict);
        Assert.Contains("揭榜中", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Invite_only_listing_is_absent_for_others_from_the_list_and_by_id()
    {
        var company = await fixture.App.ClientForAsync("company@demo.cn");
        var center = await fixture.App.ClientForAsync("operator@demo.cn");
        var engineer = await fixture.App.ClientForAsync("engineer@demo.cn");
        var draft = await (await company.PostAsJsonAsync("/api/challenges", Listing(title: "定向邀请：轨交齿轮箱降噪", confidentiality: "InviteOnly"))).Content.ReadFromJsonAsync<JsonElement>();
        var id = draft.GetProperty("id").GetGuid();
        var submitted = await Step(company, id, "submit", draft.GetProperty("version").GetUInt32());
        await Step(center, id, "publish", submitted.GetProperty("version").GetUInt32());

        Assert.Equal(HttpStatusCode.NotFound, (await engineer.GetAsync($"/api/challenges/{id}")).StatusCode);
        var list = await engineer.GetFromJsonAsync<JsonElement>("/api/challenges?size=100");
        Assert.DoesNotContain(list.GetProperty("items").EnumerateArray(), c => c.GetProperty("id").GetGuid() == id);
        Assert.Equal(HttpStatusCode.OK, (await company.GetAsync($"/api/challenges/{id}")).StatusCode);
    }

    [Theory]
    [InlineData("bounty", -5)]
    [InlineData("bounty", 0)]
    [InlineData("deadline", -1)]
    [InlineData("skill", 0)]
    [InlineData("title", 0)]
    public async Task Bad_listing_is_a_400_on_the_field_and_nothing_is_written(string what, int value)
    {
        var company = await fixture.App.ClientForAsync("company@demo.cn");
        var before = await fixture.App.WithDbAsync(db => db.Challenges.CountAsync());
        var body = what switch
        {
            "bounty" => Listing(bounty: value),
            "deadline" => Listing(deadlineDays: value),
            "skill" => Listing(skill: "no-such-skill"),
            _ => Listing(title: new string('榜', 101)),
        };
        var response = await company.PostAsJsonAsync("/api/challenges", body);
        var problem = await ProblemAssertions.AssertProblemAsync(response, HttpStatusCode.BadRequest);
        var field = what switch { "bounty" => "bounty", "deadline" => "applicationDeadline", "skill" => "skillCodes", _ => "title" };
        Assert.True(problem.GetProperty("errors").TryGetProperty(field, out _), problem.ToString());
        Assert.Equal(before, await fixture.App.WithDbAsync(db => db.Challenges.CountAsync()));
    }

    [Fact]
    public async Task A_deadline_sent_in_china_time_is_stored_as_the_same_instant()
    {
        // Clients in China send "+08:00"; PostgreSQL timestamptz parameters must be UTC, so the use case normalizes.
        var company = await fixture.App.ClientForAsync("company@demo.cn");
        var deadline = new DateTimeOffset(DateTime.SpecifyKind(DateTime.UtcNow.AddDays(12).Date.AddHours(18), DateTimeKind.Unspecified), TimeSpan.FromHours(8));
        var body = JsonSerializer.SerializeToElement(Listing(title: "北京时间截止的榜单"), ApiClientExtensions.Json);
        var json = System.Text.Json.Nodes.JsonNode.Parse(body.GetRawText())!;
        json["applicationDeadline"] = deadline.ToString("yyyy-MM-dd'T'HH:mm:sszzz", System.Globalization.CultureInfo.InvariantCulture);
        var posted = await company.PostAsync("/api/challenges", new StringContent(json.ToJsonString(), System.Text.Encoding.UTF8, "application/json"));
        Assert.True(posted.StatusCode == HttpStatusCode.Created, await posted.Content.ReadAsStringAsync());
        var id = (await posted.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetGuid();
        var stored = await fixture.App.WithDbAsync(db => db.Challenges.Where(c => c.Id == id).Select(c => c.ApplicationDeadline).FirstAsync());
        Assert.Equal(deadline, stored);
    }

    [Fact]
    public async Task Only_companies_post_listings()
    {
        var engineer = await fixture.App.ClientForAsync("engineer@demo.cn");
        await ProblemAssertions.AssertProblemAsync(await engineer.PostAsJsonAsync("/api/challenges", Listing()), HttpStatusCode.Forbidden);
        var anonymous = fixture.App.CreateClient();
        Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.PostAsJsonAsync("/api/challenges", Listing())).StatusCode);
    }

    private static async Task<JsonElement> Step(HttpClient client, Guid id, string step, uint version)
    {
        var response = await client.PostAsJsonAsync($"/api/challenges/{id}/{step}", new { version });
        Assert.True(response.IsSuccessStatusCode, await response.Content.ReadAsStringAsync());
        return await response.Content.ReadFromJsonAsync<JsonElement>();
    }
}
