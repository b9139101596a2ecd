using System.Text.Json;
using Marketplace.Domain.Reference;
using Marketplace.Infrastructure.Persistence;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;

namespace Marketplace.Infrastructure.ReferenceData;

/// <summary>
/// Loads seed/reference/*.json into the reference tables. Idempotent: adds what is missing and updates what
/// changed, never deletes (operators may have added clusters or skills of their own). Several app instances may
/// start at once, so the whole load runs under a PostgreSQL advisory lock.
/// </summary>
public sealed partial class ReferenceDataLoader(MarketplaceDbContext db, ILogger<ReferenceDataLoader> logger)
{
    private const long AdvisoryLockKey = 0x5EED_0001;

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public static string DefaultFolder => Path.Combine(AppContext.BaseDirectory, "seed", "reference");

    public async Task<int> LoadAsync(string? folder = null, CancellationToken ct = default)
    {
        var set = ReadFiles(folder ?? DefaultFolder);
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        await db.Database.ExecuteSqlAsync($"select pg_advisory_xact_lock({AdvisoryLockKey})", ct);

        var changed = 0;
        changed += await Upsert(db.Clusters, set.Clusters, x => x.Code, (t, s) =>
        {
            t.Name = s.Name;
            t.Description = s.Description;
            t.Sort = s.Sort;
        }, ct);
        changed += await Upsert(db.Regions, set.Regions, x => x.Code, (t, s) =>
        {
            t.Name = s.Name;
            t.Level = s.Level;
            t.Sort = s.Sort;
        }, ct);
        changed += await Upsert(db.Titles, set.Titles, x => x.Code, (t, s) =>
        {
            t.Name = s.Name;
            t.Level = s.Level;
            t.ShortName = s.ShortName;
        }, ct);
        changed += await Upsert(db.Tiers, set.Tiers, x => x.Code, (t, s) =>
        {
            t.Name = s.Name;
            t.Scheme = s.Scheme;
            t.Rank = s.Rank;
            t.ProvincialRecognition = s.ProvincialRecognition;
            t.TitleReview = s.TitleReview;
            t.Note = s.Note;
        }, ct);
        changed += await Upsert(db.ServiceTypes, set.ServiceTypes, x => x.Code, (t, s) =>
        {
            t.Name = s.Name;
            t.Sort = s.Sort;
        }, ct);

        // Clusters must exist before the skills that point at them.
        await db.SaveChangesAsync(ct);
        changed += await Upsert(db.Skills, set.Skills, x => x.Code, (t, s) =>
        {
            t.Name = s.Name;
            t.ClusterCode = s.ClusterCode;
            t.Category = s.Category;
        }, ct);
        await db.SaveChangesAsync(ct);
        await tx.CommitAsync(ct);
        LogLoaded(logger, changed);
        return changed;
    }

    public static ReferenceSet ReadFiles(string folder)
    {
        if (!Directory.Exists(folder))
        {
            throw new DirectoryNotFoundException($"Reference data folder not found: {folder}");
        }

        T Read<T>(string name) =>
            JsonSerializer.Deserialize<T>(File.ReadAllText(Path.Combine(folder, name)), Json)
            ?? throw new InvalidDataException($"{name} is empty");

        var clusters = Read<ClustersFile>("clusters.json").Clusters
            .Select(c => new IndustryCluster { Code = c.Code, Name = c.Name, Description = c.Description ?? "", Sort = c.Sort }).ToList();
        var skills = Read<SkillsFile>("skills.json").Skills
            .Select(s => new Skill { Code = s.Code, Name = s.Name, ClusterCode = s.Cluster, Category = s.Category ?? "" }).ToList();
        var regionsFile = Read<RegionsFile>("regions.json");
        var regions = new List<Region> { new() { Code = regionsFile.Province.Code, Name = regionsFile.Province.Name, Level = 1, Sort = 0 } };
        regions.AddRange(regionsFile.Cities.Select(c => new Region { Code = c.Code, Name = c.Name, Level = 2, Sort = c.Sort }));
        var titles = Read<TitlesFile>("titles.json").Titles
            .Select(t => new TitleDefinition { Code = t.Code, Name = t.Name, Level = t.Level, ShortName = t.ShortName ?? "" }).ToList();
        var tiers = Read<TiersFile>("tiers.json").Tiers
            .Select(t => new TierDefinition
            {
                Code = t.Code, Name = t.Name, Scheme = t.Scheme, Rank = t.Rank,
                ProvincialRecognition = t.ProvincialRecognition, TitleReview = t.TitleReview, Note = t.Note ?? "",
            }).ToList();
        var serviceTypes = Read<ServiceTypesFile>("service-types.json").ServiceTypes
            .Select((t, i) => new ServiceType { Code = t.Code, Name = t.Name, Sort = i + 1 }).ToList();

        var unknownCluster = skills.FirstOrDefault(s => clusters.All(c => c.Code != s.ClusterCode));
        if (unknownCluster is not null)
        {
            throw new InvalidDataException($"skills.json: skill {unknownCluster.Code} names unknown cluster {unknownCluster.ClusterCode}");
        }

        return new ReferenceSet(clusters, skills, regions, titles, tiers, serviceTypes);
    }

    private static async Task<int> Upsert<T>(DbSet<T> set, IReadOnlyList<T> incoming, Func<T, string> key, Action<T, T> copy, CancellationToken ct)
        where T : class
    {
        var existing = (await set.ToListAsync(ct)).ToDictionary(key, StringComparer.Ordinal);
        var changes = 0;
        foreach (var item in incoming)
        {
            if (existing.TryGetValue(key(item), out var current))
            {
                copy(current, item);
            }
            else
            {
                set.Add(item);
                changes++;
            }
        }

        return changes;
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Reference data loaded ({Added} new rows)")]
    private static partial void LogLoaded(ILogger logger, int added);

    private sealed record ClustersFile(List<ClusterJson> Clusters);

    private sealed record ClusterJson(string Code, string Name, string? Description, int Sort);

    private sealed record SkillsFile(List<SkillJson> Skills);

    private sealed record SkillJson(string Code, string Name, string Cluster, string? Category);

    private sealed record RegionsFile(RegionJson Province, List<RegionJson> Cities);

    private sealed record RegionJson(string Code, string Name, int Sort);

    private sealed record TitlesFile(List<TitleJson> Titles);

    private sealed record TitleJson(string Code, string Name, int Level, string? ShortName);

    private sealed record TiersFile(List<TierJson> Tiers);

    private sealed record TierJson(string Code, string Name, string Scheme, int Rank, string? ProvincialRecognition, string? TitleReview, string? Note);

    private sealed record ServiceTypesFile(List<ServiceTypeJson> ServiceTypes);

    private sealed record ServiceTypeJson(string Code, string Name);
}

public sealed record ReferenceSet(
    IReadOnlyList<IndustryCluster> Clusters,
    IReadOnlyList<Skill> Skills,
    IReadOnlyList<Region> Regions,
    IReadOnlyList<TitleDefinition> Titles,
    IReadOnlyList<TierDefinition> Tiers,
    IReadOnlyList<ServiceType> ServiceTypes);
