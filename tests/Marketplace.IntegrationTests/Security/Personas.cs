using Marketplace.Domain.Identity;
using Marketplace.Domain.Organizations;
using Marketplace.Infrastructure.Identity;
using Marketplace.Testing;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Marketplace.IntegrationTests.Security;

/// <summary>
/// Who calls: the eight demo accounts, an anonymous caller, and for every role whose data belongs to an organization
/// (or, for an engineer, to a person) a second account of the same role elsewhere. The province has no twin: there is
/// one provincial bureau. The admin belongs to no organization.
/// </summary>
public enum Persona
{
    Anonymous,
    Company,
    Engineer,
    Operator,
    Expert,
    Province,
    City,
    Admin,
    Applicant,
    OtherCompany,
    OtherEngineer,
    OtherOperator,
    OtherExpert,
    OtherCity,
    OtherApplicant,
}

public static class PersonaInfo
{
    /// <summary>The nine callers every row states an outcome for (the wrong-organization twins come from <see cref="WrongOrg"/>).</summary>
    public static readonly IReadOnlyList<Persona> Primary =
        [Persona.Anonymous, Persona.Company, Persona.Engineer, Persona.Operator, Persona.Expert, Persona.Province, Persona.City, Persona.Admin, Persona.Applicant];

    public static string Email(this Persona persona) => persona switch
    {
        Persona.Company => "company@demo.cn",
        Persona.Engineer => "engineer@demo.cn",
        Persona.Operator => "operator@demo.cn",
        Persona.Expert => "expert@demo.cn",
        Persona.Province => "authority@demo.cn",
        Persona.City => "city@demo.cn",
        Persona.Admin => "admin@demo.cn",
        Persona.Applicant => "applicant@demo.cn",
        // A demo engineer who is not engineer@demo.cn, and a demo company contact of another company.
        Persona.OtherEngineer => "e000001@engineers.demo.cn",
        Persona.OtherCompany => "c0001@companies.demo.cn",
        Persona.OtherOperator => WrongOrganizations.Operator,
        Persona.OtherExpert => WrongOrganizations.Expert,
        Persona.OtherCity => WrongOrganizations.City,
        Persona.OtherApplicant => WrongOrganizations.Applicant,
        _ => throw new ArgumentOutOfRangeException(nameof(persona), persona, "anonymous has no account"),
    };

    /// <summary>The same role in another organization, when there is one.</summary>
    public static Persona? WrongOrg(this Persona persona) => persona switch
    {
        Persona.Company => Persona.OtherCompany,
        Persona.Engineer => Persona.OtherEngineer,
        Persona.Operator => Persona.OtherOperator,
        Persona.Expert => Persona.OtherExpert,
        Persona.City => Persona.OtherCity,
        Persona.Applicant => Persona.OtherApplicant,
        _ => null,
    };
}

/// <summary>The accounts the demo lacks: an operator of another center, an expert of another institution, the bureau of another city, another applicant college.</summary>
public static class WrongOrganizations
{
    public const string Operator = "operator2@security.test";
    public const string Expert = "expert2@security.test";
    public const string City = "city2@security.test";
    public const string Applicant = "applicant2@security.test";

    public static async Task CreateAsync(MarketplaceAppFactory app)
    {
        await using var scope = app.Services.CreateAsyncScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<AppUser>>();
        var db = scope.ServiceProvider.GetRequiredService<Marketplace.Infrastructure.Persistence.MarketplaceDbContext>();
        var demoOperatorOrg = (await users.FindByEmailAsync("operator@demo.cn"))!.OrganizationId;
        var demoExpertOrg = (await users.FindByEmailAsync("expert@demo.cn"))!.OrganizationId;
        var demoApplicantOrg = (await users.FindByEmailAsync("applicant@demo.cn"))!.OrganizationId;
        var otherCenter = await db.Organizations.Where(o => o.Kind == OrganizationKind.Center && o.Id != demoOperatorOrg).OrderBy(o => o.Name).Select(o => o.Id).FirstAsync();
        var otherAcademy = await db.Organizations.Where(o => (o.Kind == OrganizationKind.University || o.Kind == OrganizationKind.Institute)
            && o.Id != demoExpertOrg && o.Id != demoApplicantOrg).OrderBy(o => o.Name).Select(o => o.Id).FirstAsync();
        var otherApplicant = await db.Organizations.Where(o => o.Kind == OrganizationKind.University && o.Id != demoExpertOrg && o.Id != demoApplicantOrg && o.Id != otherAcademy)
            .OrderBy(o => o.Name).Select(o => o.Id).FirstAsync();
        // 株洲: not 长沙, whose bureau is city@demo.cn and whose applications the demo round holds.
        var otherCity = await db.Organizations.Where(o => o.BureauLevel == BureauLevel.City && o.RegionCode == "430200").Select(o => o.Id).FirstAsync();

        await Add(users, Operator, Roles.Operator, otherCenter);
        await Add(users, Expert, Roles.Expert, otherAcademy);
        await Add(users, City, Roles.Authority, otherCity);
        await Add(users, Applicant, Roles.Operator, otherApplicant);
    }

    private static async Task Add(UserManager<AppUser> users, string email, string role, Guid organization)
    {
        var user = new AppUser { Id = Guid.NewGuid(), UserName = email, Email = email, DisplayName = email, OrganizationId = organization, CreatedAt = DateTimeOffset.UtcNow };
        var created = await users.CreateAsync(user, "Demo@2026");
        Assert.True(created.Succeeded, string.Join(" ", created.Errors.Select(e => e.Description)));
        Assert.True((await users.AddToRoleAsync(user, role)).Succeeded);
    }
}
