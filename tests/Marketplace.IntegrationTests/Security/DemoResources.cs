using System.Net.Http.Headers;
using System.Net.Http.Json;
using Marketplace.Domain.Accreditation;
using Marketplace.Domain.Engineers;
using Marketplace.Domain.Live;
using Marketplace.Testing;
using Microsoft.EntityFrameworkCore;

namespace Marketplace.IntegrationTests.Security;

/// <summary>
/// Real demo resources to put in route values: each belongs to the demo account of the role that owns it (the demo
/// company's listing, the demo operator's center and training records, the applicant's draft…), so a request by the
/// same role of another organization is a real "wrong organization" case. Files the demo has none of (application
/// evidence, consultation attachments) are uploaded once by their owners at start.
/// </summary>
public sealed class DemoResources
{
    private readonly Dictionary<string, Guid> _ids = new(StringComparer.Ordinal);

    public int ReportYear { get; private set; }

    /// <summary>A mark for every scoring criterion of the listings, as a panel expert would send.</summary>
    public IReadOnlyDictionary<string, int> CriteriaMarks { get; private set; } = new Dictionary<string, int>();

    public Guid this[string name] => _ids.TryGetValue(name, out var id) ? id : throw new KeyNotFoundException("no demo resource " + name);

    public static async Task<DemoResources> LoadAsync(MarketplaceAppFactory app, IReadOnlyDictionary<Persona, LiveAccount> accounts)
    {
        var r = new DemoResources();
        var company = accounts[Persona.Company].UserId;
        var engineerUser = accounts[Persona.Engineer].UserId;
        var expert = accounts[Persona.Expert].UserId;
        await app.WithDbAsync(async db =>
        {
            var users = await db.Users.AsNoTracking().Where(u => u.Email!.EndsWith("@demo.cn")).ToDictionaryAsync(u => u.Email!, u => u.OrganizationId);
            var companyOrg = users["company@demo.cn"]!.Value;
            var operatorOrg = users["operator@demo.cn"]!.Value;
            var applicantOrg = users["applicant@demo.cn"]!.Value;
            r._ids["organization"] = companyOrg;
            var engineer = await db.Engineers.AsNoTracking().Where(e => e.UserId == engineerUser).Select(e => e.Id).SingleAsync();
            r._ids["engineer"] = engineer;
            r._ids["user.expert"] = expert;

            var challenges = await db.Challenges.AsNoTracking().Where(c => c.OwnerOrganizationId == companyOrg).ToListAsync();
            var applications = await db.ChallengeApplications.AsNoTracking().Where(a => challenges.Select(c => c.Id).Contains(a.ChallengeId)).ToListAsync();
            var mine = applications.Where(a => a.LeadEngineerId == engineer).OrderBy(a => a.Status).First();
            r._ids["challenge"] = mine.ChallengeId;
            r._ids["challenge.application"] = mine.Id;
            var withMilestone = challenges.First(c => c.Milestones.Count > 0);
            r._ids["challenge.m"] = withMilestone.Id;
            r._ids["challenge.milestone"] = withMilestone.Milestones[0].Id;
            var withQuestion = challenges.First(c => c.Questions.Count > 0);
            r._ids["challenge.q"] = withQuestion.Id;
            r._ids["challenge.question"] = withQuestion.Questions[0].Id;

            var credentials = await db.EngineerCredentials.AsNoTracking().Where(c => c.EngineerId == engineer).OrderBy(c => c.Status).ToListAsync();
            r._ids["credential"] = credentials[0].Id;
            r._ids["credential.pending"] = await db.EngineerCredentials.AsNoTracking().Where(c => c.Status == CredentialStatus.Pending).Select(c => c.Id).FirstAsync();

            var centerApplications = await db.CenterApplications.AsNoTracking().ToListAsync();
            var draft = centerApplications.Single(a => a.ApplicantOrganizationId == applicantOrg);
            r._ids["application"] = draft.Id;
            r._ids["round"] = draft.RoundId;
            r._ids["application.expert"] = centerApplications.Where(a => a.ExpertUserIds.Contains(expert)).OrderBy(a => a.Status).First().Id;
            var objected = centerApplications.FirstOrDefault(a => a.Objections.Count > 0);
            r._ids["application.o"] = objected?.Id ?? draft.Id;
            r._ids["application.objection"] = objected?.Objections[0].Id ?? Guid.NewGuid();
            r._ids["round.notice"] = centerApplications.Where(a => a.Status >= CenterApplicationStatus.Scored).Select(a => a.RoundId).First();

            var center = await db.AccreditedCenters.AsNoTracking().SingleAsync(c => c.OrganizationId == operatorOrg);
            r._ids["center"] = center.Id;
            r.ReportYear = center.Reports.Count > 0 ? center.Reports[0].Year : center.RecognizedOn.Year;
            // An outcome entry (standard, IP, equipment or fund) of the demo center, with its evidence file.
            r._ids["outcome.entry"] = await db.OutcomeEntries.AsNoTracking().Where(e => e.OwnerOrganizationId == operatorOrg).OrderBy(e => e.CreatedAt).Select(e => e.Id).FirstAsync();

            var studios = await db.MentoringStudios.AsNoTracking().ToListAsync();
            var studio = studios.Where(s => s.ApplicantOrganizationId == companyOrg).OrderByDescending(s => s.Status).First();
            r._ids["studio"] = studio.Id;
            r._ids["studio.file"] = await db.StudioFiles.AsNoTracking().Where(f => f.StudioId == studio.Id).Select(f => f.Id).FirstAsync();
            var objectedStudio = studios.FirstOrDefault(s => s.Objections.Count > 0);
            r._ids["studio.o"] = objectedStudio?.Id ?? studio.Id;
            r._ids["studio.objection"] = objectedStudio?.Objections[0].Id ?? Guid.NewGuid();
            r._ids["studio.notice"] = studios.Where(s => s.NoticeStart != null).Select(s => s.Id).First();

            var training = await db.TrainingEvents.AsNoTracking().Where(e => e.OwnerOrganizationId == operatorOrg).OrderBy(e => e.StartDate).ToListAsync();
            var withTrainees = training.First(e => e.Trainees.Count > 0);
            r._ids["training"] = withTrainees.Id;
            r._ids["training.trainee"] = withTrainees.Trainees[0].Id;
            r._ids["pairing"] = await db.MentorPairings.AsNoTracking().Where(p => p.OwnerOrganizationId == operatorOrg).Select(p => p.Id).FirstAsync();

            var consultation = await db.Consultations.AsNoTracking()
                .Where(c => c.CompanyOrganizationId == companyOrg && c.EngineerUserId == engineerUser).OrderBy(c => c.Status == ConsultationStatus.Active ? 0 : 1).FirstAsync();
            r._ids["consultation"] = consultation.Id;
            var session = await db.MatchingSessions.AsNoTracking().Where(s => s.OwnerOrganizationId == companyOrg).Select(s => s.Id).FirstAsync();
            r._ids["session"] = session;
            r._ids["session.invitation"] = await db.SessionInvitations.AsNoTracking().Where(i => i.SessionId == session)
                .OrderBy(i => i.EngineerUserId == engineerUser ? 0 : 1).Select(i => i.Id).FirstAsync();
            r._ids["event"] = await db.MatchingEvents.AsNoTracking().Select(e => e.Id).FirstAsync();
            r._ids["notification"] = await db.Notifications.AsNoTracking().Where(n => n.UserId == company).Select(n => n.Id).FirstAsync();
            return 0;
        });

        var criteria = await accounts[Persona.Company].Http.GetFromJsonAsync<List<Marketplace.Application.Challenges.ScoreCriterionDto>>("/api/challenges/criteria", ApiClientExtensions.Json);
        r.CriteriaMarks = criteria!.ToDictionary(c => c.Code, _ => 8);
        r._ids["application.file"] = await UploadAsync(accounts[Persona.Applicant].Http, $"/api/accreditation/applications/{r["application"]}/files", "id");
        r._ids["consultation.attachment"] = await UploadAsync(accounts[Persona.Company].Http, $"/api/consultations/{r["consultation"]}/attachments", "id");
        return r;
    }

    /// <summary>A one-page PDF, as the owner would upload it; the id of what was stored.</summary>
    private static async Task<Guid> UploadAsync(HttpClient client, string path, string idField)
    {
        using var form = new MultipartFormDataContent();
        var file = new ByteArrayContent(Pdf);
        file.Headers.ContentType = new MediaTypeHeaderValue("application/pdf");
        form.Add(file, "file", "evidence.pdf");
        var response = await client.PostAsync(new Uri(path, UriKind.Relative), form);
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.IsSuccessStatusCode, $"{path}: {(int)response.StatusCode} {text}");
        return System.Text.Json.JsonDocument.Parse(text).RootElement.GetProperty(idField).GetGuid();
    }

    public static readonly byte[] Pdf = System.Text.Encoding.ASCII.GetBytes(
        "%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n2 0 obj<</Type/Pages/Kids[]/Count 0>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n");

    /// <summary>Route values for a pattern: which demo resource each parameter names depends on where it sits.</summary>
    public string Fill(string pattern)
    {
        var path = pattern;
        string Id(string key) => this[key].ToString();
        (string Param, string Value)[] values = pattern switch
        {
            _ when pattern.StartsWith("/api/challenges/{id:guid}/milestones/", StringComparison.Ordinal) => [("id", Id("challenge.m")), ("milestoneId", Id("challenge.milestone"))],
            _ when pattern.StartsWith("/api/challenges/{id:guid}/questions/", StringComparison.Ordinal) => [("id", Id("challenge.q")), ("questionId", Id("challenge.question"))],
            _ when pattern.StartsWith("/api/challenges/", StringComparison.Ordinal) => [("id", Id("challenge")), ("applicationId", Id("challenge.application"))],
            _ when pattern.StartsWith("/api/engineers/me/credentials/", StringComparison.Ordinal) => [("id", Id("credential"))],
            _ when pattern.StartsWith("/api/engineers/", StringComparison.Ordinal) => [("id", Id("engineer")), ("credentialId", Id("credential"))],
            _ when pattern.StartsWith("/api/credentials/", StringComparison.Ordinal) => [("id", Id("credential.pending"))],
            _ when pattern.StartsWith("/api/accreditation/rounds/", StringComparison.Ordinal) => [("id", Id("round"))],
            _ when pattern.Contains("/sheet", StringComparison.Ordinal)
                || System.Text.RegularExpressions.Regex.IsMatch(pattern, "^/api/accreditation/applications/\\{id:guid\\}/(city-|province-accept|experts|recognize)") => [("id", Id("application.expert"))],
            _ when pattern.StartsWith("/api/accreditation/applications/{id:guid}/objections/", StringComparison.Ordinal) => [("id", Id("application.o")), ("objectionId", Id("application.objection"))],
            _ when pattern.StartsWith("/api/accreditation/applications/", StringComparison.Ordinal) => [("id", Id("application")), ("fileId", Id("application.file"))],
            _ when pattern.StartsWith("/api/accreditation/centers/", StringComparison.Ordinal) => [("id", Id("center")), ("year", ReportYear.ToString(System.Globalization.CultureInfo.InvariantCulture))],
            _ when pattern.StartsWith("/api/outcomes/centers/", StringComparison.Ordinal) => [("id", Id("center")), ("year", ReportYear.ToString(System.Globalization.CultureInfo.InvariantCulture)),
                ("key", "talent.engineers"), ("chart", "trend"), ("format", "docx")],
            _ when pattern.StartsWith("/api/outcomes/studios/", StringComparison.Ordinal) => [("id", Id("studio")), ("key", "studio.trainees")],
            _ when pattern.StartsWith("/api/outcomes/entries/", StringComparison.Ordinal) => [("id", Id("outcome.entry"))],
            _ when pattern.StartsWith("/api/studios/applications/{id:guid}/objections/", StringComparison.Ordinal) => [("id", Id("studio.o")), ("objectionId", Id("studio.objection"))],
            _ when pattern.StartsWith("/api/studios/", StringComparison.Ordinal) => [("id", Id("studio")), ("fileId", Id("studio.file"))],
            _ when pattern.StartsWith("/api/training/events/", StringComparison.Ordinal) => [("id", Id("training")), ("traineeId", Id("training.trainee"))],
            _ when pattern.StartsWith("/api/training/pairings/", StringComparison.Ordinal) => [("id", Id("pairing"))],
            _ when pattern.StartsWith("/api/consultations/", StringComparison.Ordinal) => [("id", Id("consultation")), ("attachmentId", Id("consultation.attachment"))],
            _ when pattern.StartsWith("/api/matching-sessions/", StringComparison.Ordinal) => [("id", Id("session")), ("invitationId", Id("session.invitation"))],
            _ when pattern.StartsWith("/api/matching-events/", StringComparison.Ordinal) => [("id", Id("event"))],
            _ when pattern.StartsWith("/api/notifications/", StringComparison.Ordinal) => [("id", Id("notification"))],
            _ when pattern.StartsWith("/api/organizations/", StringComparison.Ordinal) => [("id", Id("organization"))],
            _ when pattern.StartsWith("/api/public/notices/", StringComparison.Ordinal) => [("roundId", Id("round.notice"))],
            _ when pattern.StartsWith("/api/public/studio-notices/", StringComparison.Ordinal) => [("id", Id("studio.notice"))],
            _ => [("documentName", "v1")],
        };
        foreach (var (param, value) in values)
        {
            path = System.Text.RegularExpressions.Regex.Replace(path, "\\{" + param + "(:[a-z]+)?\\??\\}", value);
        }

        Assert.DoesNotContain("{", path, StringComparison.Ordinal);
        return path.EndsWith('/') && path.Length > 5 ? path.TrimEnd('/') : path;
    }
}
