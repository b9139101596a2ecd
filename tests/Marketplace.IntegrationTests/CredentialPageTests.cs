using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Marketplace.Domain.Engineers;
using Marketplace.Testing;
using Microsoft.EntityFrameworkCore;

namespace Marketplace.IntegrationTests;

/// <summary>The credential pages: the engineer's form on /Engineers/Me, the center's queue, and what a company's profile view shows.</summary>
[Collection(AppCollection.Name)]
public sealed class CredentialPageTests(AppFixture fixture)
{
    private static readonly byte[] Png = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0, 0, 0, 0x0D, 0x49, 0x48, 0x44, 0x52];

    [Theory]
    [InlineData("operator@demo.cn", HttpStatusCode.OK)]
    [InlineData("admin@demo.cn", HttpStatusCode.OK)]
    [InlineData("company@demo.cn", HttpStatusCode.Redirect)]
    [InlineData("engineer@demo.cn", HttpStatusCode.Redirect)]
    public async Task The_review_queue_is_for_the_center_and_linked_from_its_navigation(string email, HttpStatusCode expected)
    {
        var page = await PageClient.SignInAsync(fixture.App, email);
        var response = await page.Http.GetAsync("/Credentials/Review");
        Assert.Equal(expected, response.StatusCode);
        var home = await page.GetPageAsync("/Dashboard");
        Assert.Equal(expected == HttpStatusCode.OK, home.Contains("data-testid=\"nav-credential-review\"", StringComparison.Ordinal));
    }

    [Fact]
    public async Task The_center_verifies_and_rejects_from_the_queue_and_a_company_sees_only_the_verified_one()
    {
        var engineer = await fixture.App.ClientForAsync("engineer@demo.cn");
        async Task<JsonElement> Add(string name, string number)
        {
            using var form = new MultipartFormDataContent
            {
                { new StringContent("SkillLevel"), "kind" }, { new StringContent(name), "name" },
                { new StringContent("湖南省职业技能鉴定中心"), "issuingBody" }, { new StringContent(number), "certificateNumber" },
                { new StringContent("2021-06-30"), "issuedOn" },
            };
            return await ChallengeBoard.Ok(await engineer.PostAsync("/api/engineers/me/credentials", form), HttpStatusCode.Created);
        }

        var toVerify = await Add("焊工高级技师证书（页面测试）", "PG-VERIFY-01");
        var toReject = await Add("钳工技师证书（页面测试）", "PG-REJECT-01");
        var engineerId = toVerify.GetProperty("engineerId").GetGuid();

        var center = await PageClient.SignInAsync(fixture.App, "operator@demo.cn");
        var queue = await center.GetPageAsync("/Credentials/Review");
        Assert.Contains("焊工高级技师证书（页面测试）", queue);
        Assert.Contains("PG-VERIFY-01", queue);
        Assert.Contains("刘志远", queue);
        Assert.Contains("技能等级证书", queue);

        // A rejection without a reason comes back on the page with the rule, and nothing changes.
        var refused = await center.PostFormAsync("/Credentials/Review", "/Credentials/Review?handler=Reject",
            [("Form.Id", toReject.GetProperty("id").ToString()), ("Form.Version", toReject.GetProperty("version").ToString()), ("Form.Reason", "")]);
        Assert.Equal(HttpStatusCode.OK, refused.StatusCode);
        Assert.Contains("驳回理由", PageClient.ErrorsOf(await refused.Content.ReadAsStringAsync()));

        var afterVerify = await center.PostAndFollowAsync("/Credentials/Review", "/Credentials/Review?handler=Verify",
            [("Form.Id", toVerify.GetProperty("id").ToString()), ("Form.Version", toVerify.GetProperty("version").ToString())]);
        Assert.Contains("已核验：焊工高级技师证书（页面测试）", afterVerify);
        Assert.DoesNotContain("PG-VERIFY-01", afterVerify);

        var afterReject = await center.PostAndFollowAsync("/Credentials/Review", "/Credentials/Review?handler=Reject",
            [("Form.Id", toReject.GetProperty("id").ToString()), ("Form.Version", toReject.GetProperty("version").ToString()), ("Form.Reason", "证书编号与姓名不符")]);
        Assert.Contains("已驳回：钳工技师证书（页面测试）", afterReject);

        // The same version again: someone already decided, the page says so.
        var twice = await center.PostFormAsync("/Credentials/Review", "/Credentials/Review?handler=Verify",
            [("Form.Id", toVerify.GetProperty("id").ToString()), ("Form.Version", toVerify.GetProperty("version").ToString())]);
        Assert.Contains("已被他人处理", PageClient.ErrorsOf(await twice.Content.ReadAsStringAsync()));

        var company = await PageClient.SignInAsync(fixture.App, "company@demo.cn");
        var profile = await company.GetPageAsync($"/Engineers/{engineerId}");
        Assert.Contains("焊工高级技师证书（页面测试）", profile);
        Assert.DoesNotContain("钳工技师证书（页面测试）", profile);
        Assert.DoesNotContain("PG-VERIFY-01", profile);
        Assert.Contains("data-testid=\"verified-count\"", profile);

        var own = await (await PageClient.SignInAsync(fixture.App, "engineer@demo.cn")).GetPageAsync("/Engineers/Me");
        Assert.Contains("钳工技师证书（页面测试）", own);
        Assert.Contains("驳回理由：证书编号与姓名不符", own);
    }

    [Fact]
    public async Task The_engineer_adds_a_credential_with_a_file_on_the_profile_page_and_deletes_it()
    {
        var page = await PageClient.SignInAsync(fixture.App, "engineer@demo.cn");
        MultipartFormDataContent Form(byte[] file, string number)
        {
            var form = new MultipartFormDataContent
            {
                { new StringContent("VocationalQualification"), "Credential.Kind" }, { new StringContent("注册安全工程师（页面上传）"), "Credential.Name" },
                { new StringContent("应急管理部"), "Credential.IssuingBody" }, { new StringContent(number), "Credential.CertificateNumber" },
                { new StringContent("2022-03-15"), "Credential.IssuedOn" }, { new StringContent("2027-03-14"), "Credential.ExpiresOn" },
            };
            form.Add(new ByteArrayContent(file), "Credential.Evidence", "scan.png");
            return form;
        }

        using var bad = Form([0x50, 0x4B, 0x03, 0x04, 0x14], "PG-UPLOAD-01");
        var refused = await page.PostMultipartAsync("/Engineers/Me", "/Engineers/Me?handler=AddCredential", bad);
        var refusedHtml = await refused.Content.ReadAsStringAsync();
        Assert.Equal(HttpStatusCode.OK, refused.StatusCode);
        Assert.Contains("data-testid=\"credential-errors\"", refusedHtml);
        Assert.Contains("PDF、JPG 或 PNG", refusedHtml);

        using var good = Form(Png, "PG-UPLOAD-01");
        var added = await page.PostMultipartAsync("/Engineers/Me", "/Engineers/Me?handler=AddCredential", good);
        Assert.Equal(HttpStatusCode.Redirect, added.StatusCode);
        var html = await page.GetPageAsync("/Engineers/Me");
        Assert.Contains("证书已提交，等待中心核验。", html);
        Assert.Contains("注册安全工程师（页面上传）", html);
        Assert.Contains("data-testid=\"evidence-link\"", html);

        var engineer = await fixture.App.ClientForAsync("engineer@demo.cn");
        var mine = await engineer.GetFromJsonAsync<JsonElement>("/api/engineers/me/credentials");
        var created = mine.EnumerateArray().Single(c => c.GetProperty("certificateNumber").GetString() == "PG-UPLOAD-01");
        Assert.Equal("image/png", created.GetProperty("evidenceContentType").GetString());

        var deleted = await page.PostFormAsync("/Engineers/Me", "/Engineers/Me?handler=DeleteCredential", [("credentialId", created.GetProperty("id").ToString())]);
        Assert.Equal(HttpStatusCode.Redirect, deleted.StatusCode);
        Assert.DoesNotContain("注册安全工程师（页面上传）", await page.GetPageAsync("/Engineers/Me"));
    }

    [Fact]
    public async Task A_tiered_engineers_page_shows_what_the_tier_entitles_them_to()
    {
        // Another test may re-tier a profile, so the engineer is chosen by what the database says now.
        var (engineerId, tier) = await fixture.App.WithDbAsync(async db =>
        {
            var row = await db.Engineers.AsNoTracking()
                .Where(e => e.Tier == ExcellenceTier.NationalPillar || e.Tier == ExcellenceTier.NationalLeading || e.Tier == ExcellenceTier.NationalElite)
                .OrderBy(e => e.Id).Select(e => new { e.Id, e.Tier }).FirstAsync();
            return (row.Id, row.Tier);
        });
        var facts = TierMapping.Derive(tier).Statements;
        Assert.NotEmpty(facts);

        var company = await PageClient.SignInAsync(fixture.App, "company@demo.cn");
        var html = await company.GetPageAsync($"/Engineers/{engineerId}");
        Assert.Contains("class=\"tier-box\"", html);
        Assert.Contains(EngineerVocabulary.Name(tier), html);
        Assert.All(facts, fact => Assert.Contains(fact, html));
    }
}
