using System.Net;
using System.Net.Http.Json;
using System.Text;
using Marketplace.Domain.Organizations;
using Marketplace.Testing;
using Microsoft.EntityFrameworkCore;

namespace Marketplace.IntegrationTests;

/// <summary>Every error a caller can cause is a 4xx ProblemDetails in Chinese, and a refused request writes nothing.</summary>
[Collection(AppCollection.Name)]
public sealed class BadInputTests(AppFixture fixture)
{
    private Task<int> OrganizationCount() => fixture.App.WithDbAsync(db => db.Organizations.CountAsync());

    [Fact]
    public async Task Malformed_json_is_a_400_naming_the_body()
    {
        var admin = await fixture.App.ClientForAsync("admin@demo.cn");
        var before = await OrganizationCount();
        var response = await admin.PostAsync("/api/organizations", new StringContent("{\"name\": \"半截", Encoding.UTF8, "application/json"));
        var problem = await response.AssertProblemAsync(HttpStatusCode.BadRequest);
        Assert.Equal("malformed_json", problem.GetProperty("code").GetString());
        Assert.Equal(before, await OrganizationCount());
    }

    [Fact]
    public async Task Wrong_type_is_a_400_naming_the_field()
    {
        var admin = await fixture.App.ClientForAsync("admin@demo.cn");
        var response = await admin.PostAsync("/api/organizations",
            new StringContent("{\"name\":\"测试\",\"kind\":\"Company\",\"regionCode\":430100}", Encoding.UTF8, "application/json"));
        var problem = await response.AssertProblemAsync(HttpStatusCode.BadRequest);
        Assert.True(problem.GetProperty("errors").TryGetProperty("regionCode", out _));
    }

    [Fact]
    public async Task Missing_field_is_a_400_with_a_chinese_field_error()
    {
        var admin = await fixture.App.ClientForAsync("admin@demo.cn");
        var before = await OrganizationCount();
        var response = await admin.PostAsJsonAsync("/api/organizations", new { kind = "Company", regionCode = "430100" });
        var problem = await response.AssertProblemAsync(HttpStatusCode.BadRequest);
        var message = problem.GetProperty("errors").GetProperty("name")[0].GetString()!;
        Assert.Contains("机构名称", message);
        Assert.Equal(before, await OrganizationCount());
    }

    [Fact]
    public async Task Overlong_string_is_a_400_and_nothing_is_written()
    {
        var admin = await fixture.App.ClientForAsync("admin@demo.cn");
        var before = await OrganizationCount();
        var response = await admin.PostAsJsonAsync("/api/organizations",
            new { name = new string('厂', 5000), kind = "Company", regionCode = "430100" }, ApiClientExtensions.Json);
        var problem = await response.AssertProblemAsync(HttpStatusCode.BadRequest);
        Assert.True(problem.GetProperty("errors").TryGetProperty("name", out _));
        Assert.Equal(before, await OrganizationCount());
    }

    [Fact]
    public async Task Unknown_reference_code_is_a_400_on_that_field()
    {
        var admin = await fixture.App.ClientForAsync("admin@demo.cn");
        var response = await admin.PostAsJsonAsync("/api/organizations",
            new { name = "某某科技有限公司", kind = "Company", regionCode = "999999" });
        var problem = await response.AssertProblemAsync(HttpStatusCode.BadRequest);
        Assert.True(problem.GetProperty("errors").TryGetProperty("regionCode", out _));
    }

    [Fact]
    public async Task Domain_rule_violation_is_a_400_with_its_chinese_reason()
    {
        var admin = await fixture.App.ClientForAsync("admin@demo.cn");
        var response = await admin.PostAsJsonAsync("/api/organizations",
            new { name = "某市工信局", kind = "GovernmentBureau", regionCode = "430100" });
        var problem = await response.AssertProblemAsync(HttpStatusCode.BadRequest);
        Assert.Equal("bureau_level_required", problem.GetProperty("code").GetString());
    }

    [Fact]
    public async Task Admin_registers_an_organization_and_it_can_be_read_back()
    {
        var admin = await fixture.App.ClientForAsync("admin@demo.cn");
        var response = await admin.PostAsJsonAsync("/api/organizations",
            new { name = "湘潭智造装备有限公司", kind = "Company", regionCode = "430300", creditCode = "91430300MA4L000017", clusterCodes = new[] { "construction-machinery" } });
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var created = await response.Content.ReadFromJsonAsync<System.Text.Json.JsonElement>();
        var read = await admin.GetFromJsonAsync<System.Text.Json.JsonElement>(response.Headers.Location);
        Assert.Equal(created.GetProperty("id").GetGuid(), read.GetProperty("id").GetGuid());
        Assert.Equal("企业", read.GetProperty("kindName").GetString());
        Assert.Equal(OrganizationKind.Company.ToString(), read.GetProperty("kind").GetString());
    }

    [Fact]
    public async Task Unknown_id_is_a_404()
    {
        var client = await fixture.App.ClientForAsync("company@demo.cn");
        await (await client.GetAsync($"/api/engineers/{Guid.NewGuid()}")).AssertProblemAsync(HttpStatusCode.NotFound);
        await (await client.GetAsync($"/api/organizations/{Guid.NewGuid()}")).AssertProblemAsync(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task Wrong_role_is_a_403_and_nothing_is_written()
    {
        var company = await fixture.App.ClientForAsync("company@demo.cn");
        var before = await OrganizationCount();
        var response = await company.PostAsJsonAsync("/api/organizations", new { name = "越权机构", kind = "Company", regionCode = "430100" });
        await response.AssertProblemAsync(HttpStatusCode.Forbidden);
        Assert.Equal(before, await OrganizationCount());

        var profile = await company.PutAsJsonAsync("/api/engineers/me", new { name = "冒充" });
        await profile.AssertProblemAsync(HttpStatusCode.Forbidden);
    }

    [Fact]
    public async Task No_token_is_a_401()
    {
        var anonymous = fixture.App.CreateClient();
        await (await anonymous.GetAsync("/api/engineers")).AssertProblemAsync(HttpStatusCode.Unauthorized);
        await (await anonymous.PostAsJsonAsync("/api/organizations", new { name = "x" })).AssertProblemAsync(HttpStatusCode.Unauthorized);
    }

    [Theory]
    [InlineData("/api/engineers?size=101", "size")]
    [InlineData("/api/engineers?page=0", "page")]
    [InlineData("/api/engineers?cluster=no-such-cluster", "cluster")]
    [InlineData("/api/engineers?city=999999", "city")]
    [InlineData("/api/engineers?minTitle=Wizard", "minTitle")]
    public async Task Bad_query_values_are_a_400_on_the_field(string url, string field)
    {
        var client = await fixture.App.ClientForAsync("company@demo.cn");
        var problem = await (await client.GetAsync(url)).AssertProblemAsync(HttpStatusCode.BadRequest);
        if (problem.TryGetProperty("errors", out var errors))
        {
            Assert.Contains(errors.EnumerateObject(), e => e.Name.Equals(field, StringComparison.OrdinalIgnoreCase));
        }
    }

    [Fact]
    public async Task Empty_body_is_a_400()
    {
        var admin = await fixture.App.ClientForAsync("admin@demo.cn");
        var response = await admin.PostAsync("/api/organizations", new StringContent("", Encoding.UTF8, "application/json"));
        await response.AssertProblemAsync(HttpStatusCode.BadRequest);
    }
}
