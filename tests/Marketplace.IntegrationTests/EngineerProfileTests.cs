using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Marketplace.Infrastructure.Persistence;
using Marketplace.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Marketplace.IntegrationTests;

[Collection(AppCollection.Name)]
public sealed class EngineerProfileTests(AppFixture fixture)
{
    private static object Profile(uint version, string name = "刘志远", string? phone = "13800001111", int years = 15, object[]? skills = null) => new
    {
        version,
        name,
        birthYear = 1985,
        phone,
        email = "engineer@demo.cn",
        title = "SeniorEngineer",
        employerName = "长沙中科液压科技有限公司",
        employerType = "Enterprise",
        cityCode = "430100",
        yearsOfPractice = years,
        serviceModes = "Project, Advisory",
        hoursPerMonth = 40,
        availableFrom = "2026-01-01",
        availableUntil = "2027-12-31",
        hourlyRate = 600,
        bio = "长期从事工程机械液压系统设计。",
        clusterCodes = new[] { "construction-machinery" },
        skills = skills ?? [new { code = "cm-hydraulic-system-design", level = 5 }],
    };

    [Fact]
    public async Task Engineer_reads_and_updates_own_profile_and_version_moves()
    {
        var engineer = await fixture.App.ClientForAsync("engineer@demo.cn");
        var mine = await engineer.GetFromJsonAsync<JsonElement>("/api/engineers/me");
        var version = mine.GetProperty("version").GetUInt32();
        Assert.Contains("可优先认定为省级卓越工程师领军人才", mine.GetProperty("tierFacts").EnumerateArray().Select(f => f.GetString()));

        var response = await engineer.PutAsJsonAsync("/api/engineers/me", Profile(version, years: 16));
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.IsSuccessStatusCode, text);
        var updated = JsonDocument.Parse(text).RootElement;
        Assert.Equal(16, updated.GetProperty("yearsOfPractice").GetInt32());
        Assert.Equal("液压系统设计", updated.GetProperty("skills")[0].GetProperty("name").GetString());
        Assert.NotEqual(version, updated.GetProperty("version").GetUInt32());
        Assert.Equal(["项目合作", "顾问指导"], updated.GetProperty("serviceModeNames").EnumerateArray().Select(x => x.GetString()));

        // A second write with the version read before the first is stale.
        var stale = await engineer.PutAsJsonAsync("/api/engineers/me", Profile(version, years: 17));
        var problem = await stale.AssertProblemAsync(HttpStatusCode.Conflict);
        Assert.Equal("stale_version", problem.GetProperty("code").GetString());
        var after = await engineer.GetFromJsonAsync<JsonElement>("/api/engineers/me");
        Assert.Equal(16, after.GetProperty("yearsOfPractice").GetInt32());
    }

    [Fact]
    public async Task Invalid_profile_changes_are_refused_and_nothing_changes()
    {
        var engineer = await fixture.App.ClientForAsync("engineer@demo.cn");
        var mine = await engineer.GetFromJsonAsync<JsonElement>("/api/engineers/me");
        var version = mine.GetProperty("version").GetUInt32();

        var badPhone = await engineer.PutAsJsonAsync("/api/engineers/me", Profile(version, phone: "12345"));
        var p1 = await badPhone.AssertProblemAsync(HttpStatusCode.BadRequest);
        Assert.True(p1.GetProperty("errors").TryGetProperty("phone", out _));

        var unknownSkill = await engineer.PutAsJsonAsync("/api/engineers/me", Profile(version, skills: [new { code = "no-such-skill", level = 3 }]));
        var p2 = await unknownSkill.AssertProblemAsync(HttpStatusCode.BadRequest);
        Assert.True(p2.GetProperty("errors").TryGetProperty("skills", out _));

        var badYears = await engineer.PutAsJsonAsync("/api/engineers/me", Profile(version, years: -3));
        await badYears.AssertProblemAsync(HttpStatusCode.BadRequest);

        var after = await engineer.GetFromJsonAsync<JsonElement>("/api/engineers/me");
        Assert.Equal(version, after.GetProperty("version").GetUInt32());
    }

    [Fact]
    public async Task Contact_details_are_hidden_from_unengaged_companies_and_shown_to_the_engineer_operators_and_engaged_companies()
    {
        var engineer = await fixture.App.ClientForAsync("engineer@demo.cn");
        var mine = await engineer.GetFromJsonAsync<JsonElement>("/api/engineers/me");
        var id = mine.GetProperty("id").GetGuid();
        Assert.True(mine.GetProperty("contactVisible").GetBoolean());
        Assert.NotEqual(JsonValueKind.Null, mine.GetProperty("phone").ValueKind);

        // The demo company has awarded engineer@demo.cn (demo listings), so it is engaged and sees the contact; a company
        // that never awarded them does not.
        var company = await fixture.App.ClientForAsync("company@demo.cn");
        Assert.True((await company.GetFromJsonAsync<JsonElement>($"/api/engineers/{id}")).GetProperty("contactVisible").GetBoolean());
        var strangerEmail = await fixture.App.WithDbAsync(db => db.UserAccounts
            .Where(u => u.Email.EndsWith("@companies.demo.cn"))
            .Where(u => !db.Challenges.Any(c => c.OwnerOrganizationId == u.OrganizationId && c.Awards.Any(a => a.Shares.Any(s => s.EngineerId == id))))
            .OrderBy(u => u.Email).Select(u => u.Email).FirstAsync());
        var stranger = await fixture.App.ClientForAsync(strangerEmail);
        var seenByCompany = await stranger.GetFromJsonAsync<JsonElement>($"/api/engineers/{id}");
        Assert.False(seenByCompany.GetProperty("contactVisible").GetBoolean());
        Assert.Equal(JsonValueKind.Null, seenByCompany.GetProperty("phone").ValueKind);
        Assert.Equal(JsonValueKind.Null, seenByCompany.GetProperty("email").ValueKind);

        var operatorClient = await fixture.App.ClientForAsync("operator@demo.cn");
        var seenByOperator = await operatorClient.GetFromJsonAsync<JsonElement>($"/api/engineers/{id}");
        Assert.True(seenByOperator.GetProperty("contactVisible").GetBoolean());
    }

    [Fact]
    public async Task Browse_filters_by_cluster_city_and_title_and_pages()
    {
        var company = await fixture.App.ClientForAsync("company@demo.cn");
        var all = await company.GetFromJsonAsync<JsonElement>("/api/engineers?size=100");
        var total = all.GetProperty("total").GetInt32();
        Assert.Equal(60, total);

        var rail = await company.GetFromJsonAsync<JsonElement>("/api/engineers?cluster=rail-transit&size=100");
        Assert.All(rail.GetProperty("items").EnumerateArray(),
            e => Assert.Contains("rail-transit", e.GetProperty("clusterCodes").EnumerateArray().Select(c => c.GetString())));

        var senior = await company.GetFromJsonAsync<JsonElement>("/api/engineers?minTitle=SeniorEngineer&size=100");
        Assert.All(senior.GetProperty("items").EnumerateArray(),
            e => Assert.Contains(e.GetProperty("title").GetString(), new[] { "SeniorEngineer", "ProfessorSeniorEngineer" }));

        var page1 = await company.GetFromJsonAsync<JsonElement>("/api/engineers?size=25&page=1");
        var page2 = await company.GetFromJsonAsync<JsonElement>("/api/engineers?size=25&page=2");
        var ids1 = page1.GetProperty("items").EnumerateArray().Select(e => e.GetProperty("id").GetGuid()).ToHashSet();
        var ids2 = page2.GetProperty("items").EnumerateArray().Select(e => e.GetProperty("id").GetGuid()).ToList();
        Assert.Equal(25, ids1.Count);
        Assert.DoesNotContain(ids2, ids1.Contains);
    }

    [Fact]
    public async Task Two_writers_of_the_same_profile_cannot_both_win()
    {
        var id = await fixture.App.WithDbAsync(db => db.Engineers.Select(e => e.Id).FirstAsync());
        await using var scope1 = fixture.App.Services.CreateAsyncScope();
        await using var scope2 = fixture.App.Services.CreateAsyncScope();
        var db1 = scope1.ServiceProvider.GetRequiredService<MarketplaceDbContext>();
        var db2 = scope2.ServiceProvider.GetRequiredService<MarketplaceDbContext>();
        var first = await db1.Engineers.SingleAsync(e => e.Id == id);
        var second = await db2.Engineers.SingleAsync(e => e.Id == id);

        first.RecognizeTier(Marketplace.Domain.Engineers.ExcellenceTier.ProvincialYoung, DateTimeOffset.UtcNow);
        second.RecognizeTier(Marketplace.Domain.Engineers.ExcellenceTier.NationalElite, DateTimeOffset.UtcNow);
        await db1.SaveChangesAsync();
        await Assert.ThrowsAsync<DbUpdateConcurrencyException>(() => db2.SaveChangesAsync());

        var stored = await fixture.App.WithDbAsync(db => db.Engineers.AsNoTracking().SingleAsync(e => e.Id == id));
        Assert.Equal(Marketplace.Domain.Engineers.ExcellenceTier.ProvincialYoung, stored.Tier);
    }
}
