using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Marketplace.Domain.Accreditation;
using Marketplace.Domain.Engineers;
using Marketplace.Domain.Identity;
using Marketplace.Domain.Organizations;
using Marketplace.Infrastructure.DemoData;
using Marketplace.Infrastructure.ReferenceData;
using Marketplace.Testing;
using Microsoft.EntityFrameworkCore;

namespace Marketplace.IntegrationTests.Accreditation;

/// <summary>
/// Drives a mentoring studio (seed 000) over HTTP as its parties do: a new enterprise and its account per test, a new
/// host engineer with the credentials the test needs, new expert accounts; the city and the province are the demo
/// authority accounts. <see cref="CleanUpAsync"/> removes it all again, studios first (they hold the foreign keys).
/// </summary>
internal sealed class StudioDesk(MarketplaceAppFactory app)
{
    private readonly AccreditationDesk _desk = new(app);
    private readonly List<Guid> _organizations = [];
    private readonly List<Guid> _engineers = [];

    public static readonly StudioProgramme Programme = AccreditationDataLoader.ReadFiles().StudioProgramme;

    public static readonly byte[] Pdf = "%PDF-1.7\n工作室申报材料\n%%EOF"u8.ToArray();

    public AccreditationDesk Accreditation => _desk;

    public ChallengeBoard Board => _desk.Board;

    public DateOnly Today => _desk.Today;

    public void StartInThePast() => _desk.StartInThePast();

    /// <summary>A new manufacturing enterprise in 长沙 (the demo city bureau's city) with one operator account.</summary>
    public async Task<(Guid OrganizationId, string Email)> NewEnterpriseAsync(string tag, string regionCode = "430100")
    {
        var orgId = await _desk.NewOrganizationAsync($"{tag}重工装备有限公司", OrganizationKind.Company, regionCode);
        _organizations.Add(orgId);
        var email = $"studio-{Guid.NewGuid():N}@test.cn";
        await _desk.NewUserAsync(email, $"{tag}人事部", Roles.Operator, orgId);
        return (orgId, email);
    }

    /// <summary>A new engineer holding one title certificate, verified by the demo operator or still pending.</summary>
    public async Task<Guid> NewHostAsync(string name, string certificate = "正高级工程师职称证书", bool verified = true)
    {
        var userId = await _desk.NewUserAsync($"host-{Guid.NewGuid():N}@test.cn", name, Roles.Engineer, null);
        return await app.WithDbAsync(async db =>
        {
            var now = app.Clock.GetUtcNow();
            var engineer = EngineerProfile.Create(Guid.NewGuid(), userId, name, "430100", now);
            db.Engineers.Add(engineer);
            var credential = EngineerCredential.Submit(Guid.NewGuid(), engineer.Id,
                new CredentialDetails(CredentialKind.ProfessionalTitle, certificate, "湖南省人力资源和社会保障厅", $"湘职{Random.Shared.Next(100000, 999999)}", new DateOnly(2018, 12, 1), null),
                null, userId, now.AddDays(-20));
            if (verified)
            {
                var reviewer = await db.Users.Where(u => u.Email == "operator@demo.cn").Select(u => u.Id).FirstAsync();
                credential.Verify(reviewer, now.AddDays(-19));
            }

            db.EngineerCredentials.Add(credential);
            await db.SaveChangesAsync();
            _engineers.Add(engineer.Id);
            return engineer.Id;
        });
    }

    public static StudioForm Form(string unit, string host = "张主持") => DemoStudioForms.Complete(Programme, unit, host);

    public async Task<JsonElement> DraftAsync(string applicant, Guid hostId, StudioForm? form = null) =>
        await ChallengeBoard.Ok(await (await Board.As(applicant)).PostAsJsonAsync("/api/studios/applications", new { hostEngineerId = hostId, form = form ?? Form("测试重工") }),
            HttpStatusCode.Created);

    public async Task UploadMaterialsAsync(string applicant, Guid id, IEnumerable<string>? codes = null)
    {
        foreach (var code in codes ?? Programme.Materials.Select(m => m.Code))
        {
            await UploadAsync(applicant, id, code);
        }
    }

    public async Task<JsonElement> UploadAsync(string applicant, Guid id, string purpose, byte[]? content = null, string fileName = "材料.pdf")
    {
        using var form = new MultipartFormDataContent
        {
            { new StringContent(purpose), "purpose" },
            { new ByteArrayContent(content ?? Pdf), "file", fileName },
        };
        return await ChallengeBoard.Ok(await (await Board.As(applicant)).PostAsync($"/api/studios/applications/{id}/files", form), HttpStatusCode.Created);
    }

    /// <summary>A studio submitted by a new enterprise with a qualified host.</summary>
    public async Task<(Guid Id, string Applicant)> SubmittedAsync(string tag)
    {
        var (_, applicant) = await NewEnterpriseAsync(tag);
        var host = await NewHostAsync($"{tag}主持人");
        var id = (await DraftAsync(applicant, host, Form($"{tag}重工装备有限公司"))).GetProperty("id").GetGuid();
        await UploadMaterialsAsync(applicant, id);
        await Board.Post(applicant, $"/api/studios/applications/{id}/submit", new { });
        return (id, applicant);
    }

    public async Task<JsonElement> CityApprovesAsync(Guid id)
    {
        await Board.Post(AccreditationDesk.City, $"/api/studios/applications/{id}/city-review", new { desk = "HumanResources", approve = true, opinion = "符合申报条件。" });
        return await Board.Post(AccreditationDesk.City, $"/api/studios/applications/{id}/city-review", new { desk = "Finance", approve = true, opinion = "资金安排合规。" });
    }

    /// <summary>Through city, one new expert and selection, to a notice published today; returns the studio and the notice end.</summary>
    public async Task<(Guid Id, string Applicant, DateOnly NoticeEnd)> UnderNoticeAsync(string tag)
    {
        var (id, applicant) = await SubmittedAsync(tag);
        await CityApprovesAsync(id);
        var (expert, expertEmail) = await _desk.NewExpertAsync($"{tag}专家");
        await Board.Post(AccreditationDesk.Province, $"/api/studios/applications/{id}/experts", new { expertUserIds = new[] { expert } });
        await Board.Post(expertEmail, $"/api/studios/applications/{id}/opinion", new { approve = true, opinion = "同意认定。" });
        await Board.Post(AccreditationDesk.Province, $"/api/studios/applications/{id}/selection", new { selected = true });
        var studio = await Board.Post(AccreditationDesk.Province, $"/api/studios/applications/{id}/notice", new { startDate = Today });
        return (id, applicant, DateOnly.Parse(studio.GetProperty("noticeEnd").GetString()!, System.Globalization.CultureInfo.InvariantCulture));
    }

    /// <summary>Moves the app's clock to 09:00 China time on <paramref name="day"/>; the signed-in clients get new tokens.</summary>
    public void MoveTo(DateOnly day)
    {
        var target = new DateTimeOffset(day.ToDateTime(new TimeOnly(9, 0)), TimeSpan.FromHours(8));
        app.Clock.Advance(target - app.Clock.GetUtcNow());
        Board.ForgetClients();
    }

    public async Task<(Guid Id, string Applicant, DateOnly RecognizedOn)> RecognizedAsync(string tag)
    {
        var (id, applicant, end) = await UnderNoticeAsync(tag);
        var day = end.AddDays(1);
        MoveTo(day);
        await Board.Post(AccreditationDesk.Province, $"/api/studios/applications/{id}/recognize", new { documentNumber = $"湘人社函〔2026〕{tag}号", recognizedOn = day });
        return (id, applicant, day);
    }

    public async Task<(int Rows, uint Version, int Audit)> RowAsync(Guid id) =>
        await app.WithDbAsync(async db =>
        {
            var s = await db.MentoringStudios.AsNoTracking().FirstOrDefaultAsync(x => x.Id == id);
            return s is null ? (0, 0u, 0) : (1, s.Version, s.Audit.Count);
        });

    public async Task CleanUpAsync()
    {
        await app.WithDbAsync(async db =>
        {
            await db.MentoringStudios.Where(s => _organizations.Contains(s.ApplicantOrganizationId)).ExecuteDeleteAsync();
            return await db.EngineerCredentials.Where(c => _engineers.Contains(c.EngineerId)).ExecuteDeleteAsync();
        });
        await Training.TrainingDesk.RemoveEngineersAsync(app, _engineers);
        await _desk.CleanUpAsync();
    }
}
