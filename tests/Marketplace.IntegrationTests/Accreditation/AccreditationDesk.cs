using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Marketplace.Domain.Accreditation;
using Marketplace.Domain.Common;
using Marketplace.Domain.Identity;
using Marketplace.Domain.Organizations;
using Marketplace.Infrastructure.Identity;
using Marketplace.Infrastructure.Persistence;
using Marketplace.Infrastructure.ReferenceData;
using Marketplace.Testing;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Marketplace.IntegrationTests.Accreditation;

/// <summary>
/// Drives the center accreditation over HTTP as its parties do. Every test makes its own applicant organizations and
/// expert accounts (unique names); the province and the city bureau are the demo accounts. <see cref="CleanUpAsync"/>
/// removes all of it again, because other classes read accounts by role (the challenge board takes the first expert).
/// </summary>
internal sealed class AccreditationDesk(MarketplaceAppFactory app)
{
    private readonly List<Guid> _users = [];
    private readonly List<Guid> _organizations = [];
    private readonly List<Guid> _rounds = [];

    public const string Province = "authority@demo.cn";
    public const string City = "city@demo.cn";
    public const string Password = "Demo@2026";

    public static readonly Rubric Rubric = AccreditationDataLoader.ReadFiles().Rubrics.Current;

    public static readonly CenterConditionChecklist Conditions = AccreditationDataLoader.ReadFiles().CenterConditions;

    public ChallengeBoard Board { get; } = new(app);

    public MarketplaceAppFactory App => app;

    /// <summary>
    /// Monday 2 March 2026, 09:00 China time: a working week with no holiday. Every test starts here, in the past, so
    /// moving the clock on by a notice period never brings a demo listing's deadline due: the deadline sweeper would
    /// close it and break the demo-data assertions of other classes.
    /// </summary>
    public static readonly DateTimeOffset PastMonday = new(2026, 3, 2, 9, 0, 0, TimeSpan.FromHours(8));

    public void StartInThePast() => app.Clock.Advance(PastMonday - app.Clock.GetUtcNow());

    public DateOnly Today => DateOnly.FromDateTime(app.Clock.GetUtcNow().ToOffset(ChinaTime.Offset).DateTime);

    /// <summary>A new applicant organization in 长沙 (the demo city bureau's city) with one operator account.</summary>
    public async Task<(Guid OrganizationId, string Email)> NewApplicantAsync(string tag, string regionCode = "430100")
    {
        var orgId = await NewOrganizationAsync($"{tag}工程师协同创新中心申报单位", OrganizationKind.University, regionCode);
        var email = $"applicant-{Guid.NewGuid():N}@test.cn";
        await NewUserAsync(email, $"{tag}申报联系人", Roles.Operator, orgId);
        return (orgId, email);
    }

    public async Task<Guid> NewOrganizationAsync(string name, OrganizationKind kind, string regionCode = "430100") =>
        await app.WithDbAsync(async db =>
        {
            var org = Organization.Register(Guid.NewGuid(), name.Length > 90 ? name[..90] : name, kind, null, regionCode, null, [], DateTimeOffset.UtcNow);
            db.Organizations.Add(org);
            await db.SaveChangesAsync();
            _organizations.Add(org.Id);
            return org.Id;
        });

    /// <summary>A new expert account, in its own new institute unless an organization is given.</summary>
    public async Task<(Guid UserId, string Email)> NewExpertAsync(string name, Guid? organizationId = null)
    {
        var orgId = organizationId ?? await NewOrganizationAsync($"{name}所在研究院{Guid.NewGuid():N}"[..30], OrganizationKind.Institute);
        var email = $"expert-{Guid.NewGuid():N}@test.cn";
        return (await NewUserAsync(email, name, Roles.Expert, orgId), email);
    }

    public async Task<Guid> NewUserAsync(string email, string displayName, string role, Guid? organizationId)
    {
        await using var scope = app.Services.CreateAsyncScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<AppUser>>();
        var user = new AppUser
        {
            Id = Guid.NewGuid(),
            UserName = email,
            Email = email,
            EmailConfirmed = true,
            DisplayName = displayName,
            OrganizationId = organizationId,
            CreatedAt = DateTimeOffset.UtcNow,
        };
        Assert.True((await users.CreateAsync(user, Password)).Succeeded);
        _users.Add(user.Id);
        Assert.True((await users.AddToRoleAsync(user, role)).Succeeded);
        return user.Id;
    }

    /// <summary>Deletes what this desk created: applications (their sheets and files cascade), rounds, accounts, organizations.</summary>
    public async Task CleanUpAsync() =>
        await app.WithDbAsync(async db =>
        {
            await db.CenterApplications.Where(a => _rounds.Contains(a.RoundId) || _organizations.Contains(a.ApplicantOrganizationId)).ExecuteDeleteAsync();
            await db.AccreditationRounds.Where(r => _rounds.Contains(r.Id)).ExecuteDeleteAsync();
            await db.Users.Where(u => _users.Contains(u.Id)).ExecuteDeleteAsync();
            return await db.Organizations.Where(o => _organizations.Contains(o.Id)).ExecuteDeleteAsync();
        });

    public async Task<JsonElement> OpenRoundAsync(string name, int trimMinExperts = 5, int trimEachSide = 1, TimeSpan? window = null)
    {
        var round = await OpenRoundRequestAsync(name, trimMinExperts, trimEachSide, window);
        _rounds.Add(round.GetProperty("id").GetGuid());
        return round;
    }

    private async Task<JsonElement> OpenRoundRequestAsync(string name, int trimMinExperts, int trimEachSide, TimeSpan? window)
    {
        var now = app.Clock.GetUtcNow();
        return await ChallengeBoard.Ok(await (await Board.As(Province)).PostAsJsonAsync("/api/accreditation/rounds", new
        {
            name,
            regionCode = "430000",
            applicationOpensAt = now.AddHours(-1),
            applicationClosesAt = now + (window ?? TimeSpan.FromDays(2)),
            trimMinExperts,
            trimEachSide,
        }), HttpStatusCode.Created);
    }

    /// <summary>A complete 申报书: every condition met with an explanation and evidence, a plan, a self-assessment of every indicator.</summary>
    public static object Content(string? skipCondition = null) => new
    {
        conditions = Conditions.Conditions.Select(c => new
        {
            code = c.Code,
            met = c.Code != skipCondition,
            explanation = $"{c.Name}：已具备，详见佐证材料。",
            evidence = c.Code == skipCondition ? Array.Empty<string>() : [$"evidence/{c.Code}-1.pdf"],
        }).ToArray(),
        constructionPlan = "主攻工程机械产业方向，三年内集聚工程师 300 名，建设协同创新平台与中试基地。",
        selfAssessment = Rubric.Secondaries.Select(s => new { indicatorCode = s.Code, points = s.MaxPoints, note = "自评" }).ToArray(),
    };

    public async Task<JsonElement> DraftAsync(string applicant, Guid roundId, object? content = null) =>
        await ChallengeBoard.Ok(await (await Board.As(applicant)).PostAsJsonAsync($"/api/accreditation/rounds/{roundId}/applications", content ?? Content()), HttpStatusCode.Created);

    public async Task<Guid> SubmittedAsync(string applicant, Guid roundId)
    {
        var id = (await DraftAsync(applicant, roundId)).GetProperty("id").GetGuid();
        await Board.Post(applicant, $"/api/accreditation/applications/{id}/submit", new { });
        return id;
    }

    /// <summary>
    /// A round whose applications are all with the given experts: each applicant submits, the city recommends, the
    /// province closes the round, accepts and assigns.
    /// </summary>
    public async Task<(Guid RoundId, List<Guid> Applications)> InExpertReviewAsync(string tag, int applicants, IReadOnlyList<Guid> experts, int trimMinExperts = 5, int trimEachSide = 1)
    {
        var roundId = (await OpenRoundAsync($"{tag}申报轮次", trimMinExperts, trimEachSide)).GetProperty("id").GetGuid();
        var ids = new List<Guid>();
        for (var i = 0; i < applicants; i++)
        {
            var (_, email) = await NewApplicantAsync($"{tag}{i}");
            ids.Add(await SubmittedAsync(email, roundId));
        }

        foreach (var id in ids)
        {
            await Board.Post(City, $"/api/accreditation/applications/{id}/city-recommend", new { reason = "材料齐全，同意推荐。" });
        }

        await Board.Post(Province, $"/api/accreditation/rounds/{roundId}/close", new { });
        foreach (var id in ids)
        {
            await Board.Post(Province, $"/api/accreditation/applications/{id}/province-accept", new { opinion = "形式审查通过。" });
            await Board.Post(Province, $"/api/accreditation/applications/{id}/experts", new { expertUserIds = experts });
        }

        return (roundId, ids);
    }

    /// <summary>A full sheet: every indicator at its maximum minus <paramref name="below"/> (never under 0).</summary>
    public static object Sheet(decimal below, object[]? bonusClaims = null, object? veto = null) => new
    {
        marks = Rubric.Secondaries.Select(s => new { indicatorCode = s.Code, points = Math.Max(0, s.MaxPoints - below), comment = $"{s.Name}：材料翔实。" }).ToArray(),
        bonusClaims = bonusClaims ?? [],
        veto,
    };

    public async Task ScoreAsync(string expert, Guid applicationId, object sheet)
    {
        await Board.Put(expert, $"/api/accreditation/applications/{applicationId}/sheet", sheet);
        await Board.Post(expert, $"/api/accreditation/applications/{applicationId}/sheet/submit", new { });
    }
}
