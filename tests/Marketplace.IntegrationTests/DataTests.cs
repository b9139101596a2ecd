using Marketplace.Domain.Engineers;
using Marketplace.Infrastructure.DemoData;
using Marketplace.Infrastructure.ReferenceData;
using Marketplace.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Marketplace.IntegrationTests;

/// <summary>Reference data and demo data on the real database. Runs in its own app/database: it resets the data.</summary>
public sealed class DataTests : IAsyncLifetime
{
    private PostgresServer _database = null!;
    private MarketplaceAppFactory _app = null!;

    public async Task InitializeAsync()
    {
        _database = await PostgresServer.StartAsync();
        _app = new MarketplaceAppFactory(_database);
        await _app.ResetAsync();
    }

    public async Task DisposeAsync()
    {
        await _app.DisposeAsync();
        await _database.DisposeAsync();
    }

    [Fact]
    public async Task Reference_data_is_loaded_at_start_up_and_loading_again_changes_nothing()
    {
        var counts = await Counts();
        Assert.Equal(4, counts.Clusters);
        Assert.Equal(15, counts.Regions); // the province and its 14 市州
        Assert.Equal(5, counts.Titles);
        Assert.Equal(5, counts.Tiers);
        Assert.Equal(8, counts.ServiceTypes);
        Assert.True(counts.Skills >= 60);

        await using (var scope = _app.Services.CreateAsyncScope())
        {
            var added = await scope.ServiceProvider.GetRequiredService<ReferenceDataLoader>().LoadAsync();
            Assert.Equal(0, added);
        }

        Assert.Equal(counts, await Counts());
        var perCluster = await _app.WithDbAsync(db => db.Skills.GroupBy(s => s.ClusterCode).Select(g => g.Count()).ToListAsync());
        Assert.All(perCluster, n => Assert.True(n >= 15, $"every cluster has at least 15 skills, one has {n}"));
    }

    [Fact]
    public async Task Demo_data_is_deterministic_for_a_seed_and_has_one_account_per_role()
    {
        await Generate(seed: 7, engineers: 120);
        var first = await Snapshot();
        await _app.ResetAsync();
        await Generate(seed: 7, engineers: 120);
        var second = await Snapshot();
        Assert.Equal(first, second);

        await _app.ResetAsync();
        await Generate(seed: 8, engineers: 120);
        Assert.NotEqual(first, await Snapshot());

        var engineers = await _app.WithDbAsync(db => db.Engineers.AsNoTracking().ToListAsync());
        Assert.Equal(120, engineers.Count);
        Assert.All(engineers, e =>
        {
            Assert.InRange(e.Name.Length, 2, 4);
            Assert.All(e.Name, c => Assert.InRange(c, '\u4e00', '\u9fff'));
            Assert.NotEmpty(e.Skills);
            Assert.NotEmpty(e.ClusterCodes);
        });
        Assert.True(engineers.Select(e => e.CityCode).Distinct().Count() >= 5, "engineers spread over several 市州");
        Assert.True(engineers.Select(e => e.Title).Distinct().Count() >= 4, "engineers hold several titles");

        foreach (var account in DemoDataGenerator.DemoAccounts)
        {
            var roles = await _app.WithDbAsync(db => (
                from u in db.Users
                join ur in db.UserRoles on u.Id equals ur.UserId
                join r in db.Roles on ur.RoleId equals r.Id
                where u.Email == account.Email
                select r.Name).ToListAsync());
            Assert.Equal([account.Role], roles);
        }
    }

    [Fact]
    public async Task Demo_engineers_have_skills_only_from_their_clusters()
    {
        await Generate(seed: 11, engineers: 80);
        var skillClusters = await _app.WithDbAsync(db => db.Skills.ToDictionaryAsync(s => s.Code, s => s.ClusterCode));
        var engineers = await _app.WithDbAsync(db => db.Engineers.AsNoTracking().ToListAsync());
        Assert.All(engineers, e => Assert.All(e.Skills, s => Assert.Contains(skillClusters[s.SkillCode], e.ClusterCodes)));
        Assert.All(engineers, e => Assert.All(e.Skills, s => Assert.InRange(s.Level, EngineerSkill.MinLevel, EngineerSkill.MaxLevel)));
    }

    private async Task Generate(int seed, int engineers)
    {
        await using var scope = _app.Services.CreateAsyncScope();
        await scope.ServiceProvider.GetRequiredService<DemoDataGenerator>().GenerateAsync(new DemoDataOptions(engineers, seed));
    }

    // Listings are placed relative to the clock, so their dates move between runs; what they are does not.
    private Task<string> Snapshot() => _app.WithDbAsync(async db =>
        string.Join("|", await db.Engineers.OrderBy(e => e.Email).Select(e => e.Name + e.CityCode + e.Title + e.YearsOfPractice + "/" + e.ChallengesWon).ToListAsync())
        + "#" + string.Join("|", await db.Challenges.OrderBy(c => c.Id).Select(c => c.Title + c.Status + c.Bounty + c.SupportAmount).ToListAsync())
        + "#" + await db.ChallengeApplications.CountAsync());

    private Task<ReferenceCounts> Counts() => _app.WithDbAsync(async db => new ReferenceCounts(
        await db.Clusters.CountAsync(), await db.Skills.CountAsync(), await db.Regions.CountAsync(),
        await db.Titles.CountAsync(), await db.Tiers.CountAsync(), await db.ServiceTypes.CountAsync()));

    private sealed record ReferenceCounts(int Clusters, int Skills, int Regions, int Titles, int Tiers, int ServiceTypes);
}
