using System.Net.Http.Json;
using System.Text.Json;
using Marketplace.Domain.Common;
using Marketplace.Domain.Engineers;
using Marketplace.Domain.Identity;
using Marketplace.Domain.Organizations;
using Marketplace.IntegrationTests.Accreditation;
using Marketplace.Testing;
using Microsoft.EntityFrameworkCore;

namespace Marketplace.IntegrationTests.Training;

/// <summary>
/// Makes owner organizations with an operator account and engineers of its own for the training tests, drives
/// /api/training as them, and removes everything again (the records first: they hold the organizations and engineers).
/// </summary>
internal sealed class TrainingDesk(MarketplaceAppFactory app)
{
    private readonly AccreditationDesk _desk = new(app);
    private readonly List<Guid> _organizations = [];
    private readonly List<Guid> _engineers = [];

    public const string Province = AccreditationDesk.Province;
    public const string City = AccreditationDesk.City;

    public ChallengeBoard Board => _desk.Board;

    public MarketplaceAppFactory App => app;

    public DateOnly Today => DateOnly.FromDateTime(app.Clock.GetUtcNow().ToOffset(ChinaTime.Offset).DateTime);

    /// <summary>A new owner organization (a center operator, or a studio host enterprise) with one account that records its training.</summary>
    public async Task<(Guid OrganizationId, string Email)> NewOwnerAsync(string tag, string regionCode = "430100", OrganizationKind kind = OrganizationKind.Center)
    {
        var orgId = await _desk.NewOrganizationAsync($"{tag}培训测试机构{Guid.NewGuid():N}"[..40], kind, regionCode);
        _organizations.Add(orgId);
        var email = $"trainer-{Guid.NewGuid():N}@test.cn";
        await _desk.NewUserAsync(email, $"{tag}运营", kind == OrganizationKind.Company ? Roles.Company : Roles.Operator, orgId);
        return (orgId, email);
    }

    /// <summary>A new engineer on the platform, with its own account, holding the given title.</summary>
    public async Task<Guid> NewEngineerAsync(string name, ProfessionalTitle title = ProfessionalTitle.Engineer)
    {
        var userId = await _desk.NewUserAsync($"trainee-{Guid.NewGuid():N}@test.cn", name, Roles.Engineer, null);
        return await app.WithDbAsync(async db =>
        {
            var profile = EngineerProfile.Create(Guid.NewGuid(), userId, name, "430100", DateTimeOffset.UtcNow);
            db.Engineers.Add(profile);
            await db.SaveChangesAsync();
            await db.Engineers.Where(e => e.Id == profile.Id).ExecuteUpdateAsync(s => s.SetProperty(e => e.Title, title));
            _engineers.Add(profile.Id);
            return profile.Id;
        });
    }

    public static object Event(
        string title, DateOnly start, DateOnly end, decimal hours, object[] trainees, string kind = "seminar", string programme = "Center", uint? version = null) =>
        new { programme, kindCode = kind, title, startDate = start, endDate = end, hours, place = "长沙", organizerNote = "测试", trainees, version };

    public static object Named(string name, decimal hours, string title = "Engineer", string employer = "测试单位") =>
        new { name, employer, title, hours };

    public static object Engineer(Guid engineerId, decimal hours, string? title = null) => new { engineerId, title, hours };

    public async Task<JsonElement> RecordAsync(string email, object body) =>
        await ChallengeBoard.Ok(await (await Board.As(email)).PostAsJsonAsync("/api/training/events", body), System.Net.HttpStatusCode.Created);

    public async Task<JsonElement> ResultsAsync(string email, JsonElement training, string result = "Passed")
    {
        var lines = training.GetProperty("trainees").EnumerateArray()
            .Select(t => new { traineeId = t.GetProperty("id").GetGuid(), result, certificateNumber = "ZS-" + t.GetProperty("name").GetString() })
            .ToArray();
        return await Board.Post(email, $"/api/training/events/{training.GetProperty("id").GetGuid()}/results", new { version = ChallengeBoard.Version(training), results = lines });
    }

    public async Task CleanUpAsync()
    {
        await app.WithDbAsync(async db =>
        {
            await db.TrainingEvents.Where(e => _organizations.Contains(e.OwnerOrganizationId)).ExecuteDeleteAsync();
            return await db.MentorPairings.Where(p => _organizations.Contains(p.OwnerOrganizationId)).ExecuteDeleteAsync();
        });
        await RemoveEngineersAsync(app, _engineers);
        await _desk.CleanUpAsync();
    }

    /// <summary>
    /// Deletes test engineers through the tracked context, so the search outbox records each deletion, and waits for
    /// the worker to apply them: a bulk delete would leave them in the shared fixture's index, and the tests that check
    /// the index against the database (readiness, facet totals) would then count ghosts.
    /// </summary>
    public static async Task RemoveEngineersAsync(MarketplaceAppFactory app, IReadOnlyCollection<Guid> ids)
    {
        await app.WithDbAsync(async db =>
        {
            db.Engineers.RemoveRange(await db.Engineers.Where(e => ids.Contains(e.Id)).ToListAsync());
            return await db.SaveChangesAsync();
        });
        for (var waited = 0; waited < 200 && await app.WithDbAsync(db => db.SearchOutbox.AnyAsync()); waited++)
        {
            await Task.Delay(50);
        }
    }
}
