using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Marketplace.Testing;
using Microsoft.EntityFrameworkCore;

namespace Marketplace.IntegrationTests;

/// <summary>资质证书 over the API on the real host and database: adding, the center's review, who sees what, evidence files.</summary>
[Collection(AppCollection.Name)]
public sealed class EngineerCredentialTests(AppFixture fixture)
{
    private static readonly byte[] Pdf = [.. "%PDF-1.7\n%测试证书\n"u8, .. new byte[64]];

    private static MultipartFormDataContent Form(
        string number, string kind = "ProfessionalTitle", string name = "高级工程师职称证书", byte[]? file = null, string fileName = "证书.pdf",
        string issuedOn = "2019-12-01", string? expiresOn = null)
    {
        var form = new MultipartFormDataContent
        {
            { new StringContent(kind), "kind" },
            { new StringContent(name), "name" },
            { new StringContent("湖南省人力资源和社会保障厅"), "issuingBody" },
            { new StringContent(number), "certificateNumber" },
            { new StringContent(issuedOn), "issuedOn" },
        };
        if (expiresOn is not null)
        {
            form.Add(new StringContent(expiresOn), "expiresOn");
        }

        if (file is not null)
        {
            var content = new ByteArrayContent(file);
            content.Headers.ContentType = new MediaTypeHeaderValue("application/pdf");
            form.Add(content, "evidence", fileName);
        }

        return form;
    }

    private async Task<JsonElement> AddAsync(HttpClient engineer, string number, byte[]? file = null) =>
        await ChallengeBoard.Ok(await engineer.PostAsync("/api/engineers/me/credentials", Form(number, file: file)), HttpStatusCode.Created);

    [Fact]
    public async Task A_new_credential_waits_for_review_and_only_the_engineer_and_the_center_see_it()
    {
        var engineer = await fixture.App.ClientForAsync("engineer@demo.cn");
        var created = await AddAsync(engineer, "T-PENDING-001", Pdf);
        Assert.Equal("Pending", created.GetProperty("status").GetString());
        Assert.Equal("待审核", created.GetProperty("statusName").GetString());
        Assert.Equal("application/pdf", created.GetProperty("evidenceContentType").GetString());
        var id = created.GetProperty("id").GetGuid();

        var mine = await engineer.GetFromJsonAsync<JsonElement>("/api/engineers/me/credentials");
        Assert.Contains(mine.EnumerateArray(), c => c.GetProperty("id").GetGuid() == id);
        var profile = await engineer.GetFromJsonAsync<JsonElement>("/api/engineers/me");
        var engineerId = profile.GetProperty("id").GetGuid();
        Assert.Contains(profile.GetProperty("credentials").EnumerateArray(), c => c.GetProperty("id").GetGuid() == id);

        var company = await fixture.App.ClientForAsync("company@demo.cn");
        var seen = await company.GetFromJsonAsync<JsonElement>($"/api/engineers/{engineerId}");
        Assert.DoesNotContain(seen.GetProperty("credentials").EnumerateArray(), c => c.GetProperty("id").GetGuid() == id);
        Assert.All(seen.GetProperty("credentials").EnumerateArray(), c =>
        {
            Assert.Equal("Verified", c.GetProperty("status").GetString());
            Assert.Equal(JsonValueKind.Null, c.GetProperty("certificateNumber").ValueKind);
        });

        var operatorClient = await fixture.App.ClientForAsync("operator@demo.cn");
        var queue = await operatorClient.GetFromJsonAsync<JsonElement>("/api/credentials?status=Pending&size=100");
        var item = queue.GetProperty("items").EnumerateArray().Single(i => i.GetProperty("credential").GetProperty("id").GetGuid() == id);
        Assert.Equal("刘志远", item.GetProperty("engineerName").GetString());
        Assert.Equal("T-PENDING-001", item.GetProperty("credential").GetProperty("certificateNumber").GetString());
    }

    [Fact]
    public async Task A_file_that_is_not_pdf_jpg_or_png_is_refused_whatever_its_name()
    {
        var engineer = await fixture.App.ClientForAsync("engineer@demo.cn");
        var before = (await engineer.GetFromJsonAsync<JsonElement>("/api/engineers/me/credentials")).GetArrayLength();

        var executable = await engineer.PostAsync("/api/engineers/me/credentials", Form("T-BADFILE-001", file: [0x4D, 0x5A, 0x90, 0x00, 0x03], fileName: "证书.pdf"));
        var problem = await executable.AssertProblemAsync(HttpStatusCode.BadRequest);
        Assert.Equal("证明文件类型不支持", problem.GetProperty("title").GetString());
        Assert.Equal("evidence_type", problem.GetProperty("code").GetString());

        var badFields = await engineer.PostAsync("/api/engineers/me/credentials", Form("", kind: "Nonsense", issuedOn: "2019/12/01"));
        var fields = await badFields.AssertProblemAsync(HttpStatusCode.BadRequest);
        Assert.True(fields.GetProperty("errors").TryGetProperty("kind", out _));
        Assert.True(fields.GetProperty("errors").TryGetProperty("issuedOn", out _));

        var future = await engineer.PostAsync("/api/engineers/me/credentials", Form("T-FUTURE-001", issuedOn: "2099-01-01"));
        await future.AssertProblemAsync(HttpStatusCode.BadRequest);

        var json = await engineer.PostAsJsonAsync("/api/engineers/me/credentials", new { kind = "Other" });
        await json.AssertProblemAsync(HttpStatusCode.UnsupportedMediaType);

        Assert.Equal(before, (await engineer.GetFromJsonAsync<JsonElement>("/api/engineers/me/credentials")).GetArrayLength());
    }

    [Fact]
    public async Task Verification_is_for_the_center_once_and_the_engineer_is_told()
    {
        var engineer = await fixture.App.ClientForAsync("engineer@demo.cn");
        var created = await AddAsync(engineer, "T-VERIFY-001");
        var id = created.GetProperty("id").GetGuid();
        var version = created.GetProperty("version").GetUInt32();
        var engineerId = created.GetProperty("engineerId").GetGuid();
        var company = await fixture.App.ClientForAsync("company@demo.cn");
        var countBefore = (await company.GetFromJsonAsync<JsonElement>($"/api/engineers/{engineerId}")).GetProperty("verifiedCredentials").GetInt32();

        var selfVerify = await engineer.PostAsJsonAsync($"/api/credentials/{id}/verify", new { version });
        await selfVerify.AssertProblemAsync(HttpStatusCode.Forbidden);
        await (await company.GetAsync("/api/credentials")).AssertProblemAsync(HttpStatusCode.Forbidden);

        var operatorClient = await fixture.App.ClientForAsync("operator@demo.cn");
        var noReason = await operatorClient.PostAsJsonAsync($"/api/credentials/{id}/reject", new { version });
        var reasonProblem = await noReason.AssertProblemAsync(HttpStatusCode.BadRequest);
        Assert.True(reasonProblem.GetProperty("errors").TryGetProperty("reason", out _));
        await (await operatorClient.PostAsJsonAsync($"/api/credentials/{id}/reject", new { reason = "不行", version }))
            .AssertProblemAsync(HttpStatusCode.BadRequest);

        var verified = await ChallengeBoard.Ok(await operatorClient.PostAsJsonAsync($"/api/credentials/{id}/verify", new { version }));
        Assert.Equal("Verified", verified.GetProperty("status").GetString());

        // A second reviewer who read the same version is refused; so is one who sends no version (it is no longer pending).
        var admin = await fixture.App.ClientForAsync("admin@demo.cn");
        var stale = await admin.PostAsJsonAsync($"/api/credentials/{id}/verify", new { version });
        Assert.Equal("stale_version", (await stale.AssertProblemAsync(HttpStatusCode.Conflict)).GetProperty("code").GetString());
        var again = await admin.PostAsJsonAsync($"/api/credentials/{id}/reject", new { reason = "证书编号查询不到记录" });
        Assert.Equal("credential_not_pending", (await again.AssertProblemAsync(HttpStatusCode.Conflict)).GetProperty("code").GetString());

        var seen = await company.GetFromJsonAsync<JsonElement>($"/api/engineers/{engineerId}");
        Assert.Equal(countBefore + 1, seen.GetProperty("verifiedCredentials").GetInt32());
        Assert.Contains(seen.GetProperty("credentials").EnumerateArray(), c => c.GetProperty("id").GetGuid() == id);

        var inbox = await engineer.GetFromJsonAsync<JsonElement>("/api/notifications?size=50");
        Assert.Contains(inbox.GetProperty("page").GetProperty("items").EnumerateArray(), n => n.GetProperty("kind").GetString() == "credential.verified"
            && n.GetProperty("body").GetString()!.Contains("高级工程师职称证书", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Two_reviewers_racing_on_one_credential_cannot_both_decide()
    {
        var engineer = await fixture.App.ClientForAsync("engineer@demo.cn");
        var id = (await AddAsync(engineer, "T-RACE-001")).GetProperty("id").GetGuid();
        var operatorClient = await fixture.App.ClientForAsync("operator@demo.cn");
        var admin = await fixture.App.ClientForAsync("admin@demo.cn");

        var answers = await Task.WhenAll(
            operatorClient.PostAsJsonAsync($"/api/credentials/{id}/verify", new { }),
            admin.PostAsJsonAsync($"/api/credentials/{id}/reject", new { reason = "扫描件模糊，无法辨认编号" }));
        Assert.Single(answers, a => a.StatusCode == HttpStatusCode.OK);
        Assert.Single(answers, a => a.StatusCode == HttpStatusCode.Conflict);
    }

    [Fact]
    public async Task A_rejected_credential_tells_why_and_can_be_deleted_and_a_verified_one_is_retired()
    {
        var engineer = await fixture.App.ClientForAsync("engineer@demo.cn");
        var operatorClient = await fixture.App.ClientForAsync("operator@demo.cn");
        var rejectedId = (await AddAsync(engineer, "T-REJECT-001")).GetProperty("id").GetGuid();
        var rejected = await ChallengeBoard.Ok(await operatorClient.PostAsJsonAsync($"/api/credentials/{rejectedId}/reject", new { reason = "证书编号在发证机构查询不到" }));
        Assert.Equal("已驳回", rejected.GetProperty("statusName").GetString());
        var inbox = await engineer.GetFromJsonAsync<JsonElement>("/api/notifications?size=50");
        Assert.Contains(inbox.GetProperty("page").GetProperty("items").EnumerateArray(), n => n.GetProperty("kind").GetString() == "credential.rejected"
            && n.GetProperty("body").GetString()!.Contains("证书编号在发证机构查询不到", StringComparison.Ordinal));

        Assert.Equal(HttpStatusCode.NoContent, (await engineer.DeleteAsync($"/api/engineers/me/credentials/{rejectedId}")).StatusCode);
        Assert.False(await fixture.App.WithDbAsync(db => db.EngineerCredentials.AnyAsync(c => c.Id == rejectedId)));

        // Resubmitting the corrected certificate is a new credential.
        var resubmitted = await AddAsync(engineer, "T-REJECT-001");
        Assert.Equal("Pending", resubmitted.GetProperty("status").GetString());

        var verifiedId = (await AddAsync(engineer, "T-RETIRE-001")).GetProperty("id").GetGuid();
        await ChallengeBoard.Ok(await operatorClient.PostAsJsonAsync($"/api/credentials/{verifiedId}/verify", new { }));
        Assert.Equal(HttpStatusCode.NoContent, (await engineer.DeleteAsync($"/api/engineers/me/credentials/{verifiedId}")).StatusCode);
        var mine = await engineer.GetFromJsonAsync<JsonElement>("/api/engineers/me/credentials");
        Assert.DoesNotContain(mine.EnumerateArray(), c => c.GetProperty("id").GetGuid() == verifiedId);
        var retired = await fixture.App.WithDbAsync(db => db.EngineerCredentials.AsNoTracking().SingleAsync(c => c.Id == verifiedId));
        Assert.Equal(Marketplace.Domain.Engineers.CredentialStatus.Removed, retired.Status);
        Assert.Equal(["submit", "verify", "remove"], retired.Audit.Select(a => a.Action));
        var removedQueue = await operatorClient.GetFromJsonAsync<JsonElement>("/api/credentials?status=Removed&size=100");
        Assert.Contains(Items(removedQueue), i => i.GetProperty("credential").GetProperty("id").GetGuid() == verifiedId);

        await (await engineer.DeleteAsync($"/api/engineers/me/credentials/{verifiedId}")).AssertProblemAsync(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task Evidence_is_downloadable_by_its_owner_and_the_center_only()
    {
        var engineer = await fixture.App.ClientForAsync("engineer@demo.cn");
        var created = await AddAsync(engineer, "T-EVIDENCE-001", Pdf);
        var url = $"/api/engineers/{created.GetProperty("engineerId").GetGuid()}/credentials/{created.GetProperty("id").GetGuid()}/evidence";

        foreach (var email in new[] { "engineer@demo.cn", "operator@demo.cn", "admin@demo.cn" })
        {
            var response = await (await fixture.App.ClientForAsync(email)).GetAsync(url);
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            Assert.Equal("application/pdf", response.Content.Headers.ContentType?.MediaType);
            Assert.Equal(Pdf, await response.Content.ReadAsByteArrayAsync());
            Assert.Contains("nosniff", response.Headers.GetValues("X-Content-Type-Options"));
        }

        var other = (await Listings.OtherEngineersAsync(fixture.App, 1))[0];
        foreach (var email in new[] { "company@demo.cn", other.Email, "expert@demo.cn" })
        {
            await (await (await fixture.App.ClientForAsync(email)).GetAsync(url)).AssertProblemAsync(HttpStatusCode.Forbidden);
        }

        var noFile = await AddAsync(engineer, "T-EVIDENCE-002");
        await (await engineer.GetAsync($"/api/engineers/{noFile.GetProperty("engineerId").GetGuid()}/credentials/{noFile.GetProperty("id").GetGuid()}/evidence"))
            .AssertProblemAsync(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task The_demo_platform_has_verified_credentials_and_a_non_empty_review_queue()
    {
        var demo = await fixture.App.WithDbAsync(async db =>
        {
            var seeded = await db.EngineerCredentials.AsNoTracking()
                .Where(c => !c.CertificateNumber.StartsWith("T-") && !c.CertificateNumber.StartsWith("PG-")).ToListAsync();
            var demoEngineer = await db.Engineers.Where(e => db.Users.Any(u => u.Id == e.UserId && u.Email == "engineer@demo.cn")).Select(e => e.Id).FirstAsync();
            return (seeded, demoEngineer);
        });
        Assert.True(demo.seeded.Count(c => c.Status == Marketplace.Domain.Engineers.CredentialStatus.Verified) > 20);
        Assert.Contains(demo.seeded, c => c.Status == Marketplace.Domain.Engineers.CredentialStatus.Pending);
        Assert.Contains(demo.seeded, c => c.EngineerId == demo.demoEngineer && c.Status == Marketplace.Domain.Engineers.CredentialStatus.Verified);
        Assert.All(demo.seeded.Where(c => c.Status == Marketplace.Domain.Engineers.CredentialStatus.Verified), c =>
        {
            Assert.Equal(["submit", "verify"], c.Audit.Select(a => a.Action));
            Assert.True(c.ReviewedAt > c.SubmittedAt);
        });
    }

    private static IEnumerable<JsonElement> Items(JsonElement page) =>
        page.ValueKind == JsonValueKind.Array ? page.EnumerateArray() : page.GetProperty("items").EnumerateArray();
}
