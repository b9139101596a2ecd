using System.Diagnostics;
using System.Text.Json;
using Bogus;
using Marketplace.Domain.Engineers;
using Marketplace.Domain.Identity;
using Marketplace.Domain.Organizations;
using Marketplace.Infrastructure.Identity;
using Marketplace.Infrastructure.Persistence;
using Marketplace.Infrastructure.ReferenceData;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Npgsql;
using NpgsqlTypes;

namespace Marketplace.Infrastructure.DemoData;

public sealed record DemoDataOptions(int Engineers = 300, int Seed = 20261123);

public sealed record SeedProgress(string Stage, long Done, long Total);

public sealed record DemoDataResult(
    int Organizations, int Users, int Engineers, int EngineerSkills, int Challenges, int ChallengeApplications, int Notifications,
    TimeSpan Elapsed, TimeSpan ChallengesElapsed);

/// <summary>One demo account per role; all share the demo password printed by the run command.</summary>
public sealed record DemoAccount(string Email, string Role, string DisplayName, string Description);

/// <summary>
/// Generates a lived-in platform: government bureaus, centers, universities, companies, engineers with realistic
/// Chinese names, titles, tiers, skills and cities, one demo account per role, and a year of 揭榜挂帅 listings in every
/// state. Deterministic for a given seed. Organizations, accounts and engineers go in with PostgreSQL binary COPY so
/// that 100,000 engineers take seconds, not minutes; listings go through the domain methods and EF Core.
/// </summary>
public sealed partial class DemoDataGenerator(MarketplaceDbContext db, TimeProvider clock)
{
    public const string DemoPassword = "Demo@2026";

    public static readonly IReadOnlyList<DemoAccount> DemoAccounts =
    [
        new("company@demo.cn", Roles.Company, "株洲湘江动力 · 王经理", "企业：发布榜单、找工程师"),
        new("engineer@demo.cn", Roles.Engineer, "刘志远", "工程师：维护档案、揭榜、问诊"),
        new("operator@demo.cn", Roles.Operator, "工程机械中心 · 陈运营", "中心运营：审核、对接、年报"),
        new("expert@demo.cn", Roles.Expert, "周教授", "评审专家：按指标评分"),
        new("authority@demo.cn", Roles.Authority, "省工信厅 · 李处长", "主管部门（省级）：申报轮次、认定"),
        new("city@demo.cn", Roles.Authority, "长沙市工信局 · 赵科长", "主管部门（市州）：推荐、初审"),
        new("admin@demo.cn", Roles.Admin, "平台管理员", "平台管理：机构与账户"),
        new("applicant@demo.cn", Roles.Operator, "湖南工程机械职业学院 · 孙老师", "中心申报单位：填写并提交中心认定申报书"),
    ];

    public async Task<bool> HasDataAsync(CancellationToken ct = default) => await db.Organizations.AnyAsync(ct);

    public async Task<DemoDataResult> GenerateAsync(DemoDataOptions options, IProgress<SeedProgress>? progress = null, CancellationToken ct = default)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(options.Engineers, 1);
        var stopwatch = Stopwatch.StartNew();
        var reference = ReferenceDataLoader.ReadFiles(ReferenceDataLoader.DefaultFolder);
        var names = JsonSerializer.Deserialize<DemoNames>(
            await File.ReadAllTextAsync(Path.Combine(ReferenceDataLoader.DefaultFolder, "demo-names.json"), ct),
            new JsonSerializerOptions(JsonSerializerDefaults.Web)) ?? throw new InvalidDataException("demo-names.json is empty");
        var content = await DemoChallengeContent.ReadAsync(ReferenceDataLoader.DefaultFolder, reference, ct);

        var model = new DemoModel(options, reference, names, clock.GetUtcNow());
        progress?.Report(new SeedProgress("生成组织与账户", 0, options.Engineers));
        model.Build(progress);

        // The listings' stories only read the model, so they are told while the rows are being copied.
        var telling = Task.Run(() => TellChallengeStories(model, reference, content, options), ct);

        var roleIds = await db.Roles.ToDictionaryAsync(r => r.Name!, r => r.Id, ct);
        if (roleIds.Count < Roles.All.Count)
        {
            throw new InvalidOperationException("Roles are missing: run the reference-data initialisation first.");
        }

        // One hash for every demo account: hashing 100,000 passwords one by one would take longer than everything else.
        var passwordHash = new PasswordHasher<AppUser>().HashPassword(new AppUser(), DemoPassword);

        var connection = (NpgsqlConnection)db.Database.GetDbConnection();
        var opened = connection.State != System.Data.ConnectionState.Open;
        if (opened)
        {
            await connection.OpenAsync(ct);
        }

        try
        {
            await using var tx = await connection.BeginTransactionAsync(ct);
            await CopyOrganizations(connection, model, ct);
            await CopyUsers(connection, model, passwordHash, roleIds, progress, ct);
            await CopyEngineers(connection, model, progress, ct);
            await tx.CommitAsync(ct);
        }
        finally
        {
            if (opened)
            {
                await connection.CloseAsync();
            }
        }

        await db.Database.ExecuteSqlRawAsync("analyze organizations; analyze users; analyze engineers; analyze engineer_skills;", ct);
        var (stories, tellingTime) = await telling;
        var saving = Stopwatch.StartNew();
        var challenges = await SaveChallengesAsync(stories, model, options, progress, ct);
        progress?.Report(new SeedProgress("生成资质证书", 0, Math.Min(options.Engineers, EngineersWithCredentials)));
        await SaveCredentialsAsync(model, options, ct);
        await SaveCenterLifecycleAsync(model, options, ct);
        await SaveAccreditationAsync(model, options, ct);
        await SaveTrainingAsync(model, options, ct);
        await SaveOutcomesAsync(model, ct);
        progress?.Report(new SeedProgress("生成带培工作室", 0, 6));
        await SaveStudiosAsync(model, options, ct);
        progress?.Report(new SeedProgress("生成在线问诊与撮合会话", 0, 1));
        await SaveLiveAsync(model, options, ct);
        progress?.Report(new SeedProgress("完成", options.Engineers, options.Engineers));
        return new DemoDataResult(model.Organizations.Count, model.Users.Count, model.Engineers.Count,
            model.Engineers.Sum(e => e.Skills.Count), challenges.Challenges, challenges.Applications, challenges.Notifications,
            stopwatch.Elapsed, tellingTime + saving.Elapsed);
    }

    private static async Task CopyOrganizations(NpgsqlConnection connection, DemoModel model, CancellationToken ct)
    {
        await using var writer = await connection.BeginBinaryImportAsync(
            "copy organizations (id, name, kind, bureau_level, region_code, credit_code, cluster_codes, created_at) from stdin (format binary)", ct);
        foreach (var o in model.Organizations)
        {
            await writer.StartRowAsync(ct);
            await writer.WriteAsync(o.Id, NpgsqlDbType.Uuid, ct);
            await writer.WriteAsync(o.Name, NpgsqlDbType.Varchar, ct);
            await writer.WriteAsync((int)o.Kind, NpgsqlDbType.Integer, ct);
            if (o.BureauLevel is { } level)
            {
                await writer.WriteAsync((int)level, NpgsqlDbType.Integer, ct);
            }
            else
            {
                await writer.WriteNullAsync(ct);
            }

            await writer.WriteAsync(o.RegionCode, NpgsqlDbType.Varchar, ct);
            await writer.WriteAsync(o.CreditCode, NpgsqlDbType.Varchar, ct);
            await writer.WriteAsync(o.ClusterCodes.ToArray(), NpgsqlDbType.Array | NpgsqlDbType.Text, ct);
            await writer.WriteAsync(model.Now, NpgsqlDbType.TimestampTz, ct);
        }

        await writer.CompleteAsync(ct);
    }

    private static async Task CopyUsers(NpgsqlConnection connection, DemoModel model, string passwordHash,
        IReadOnlyDictionary<string, Guid> roleIds, IProgress<SeedProgress>? progress, CancellationToken ct)
    {
        await using (var writer = await connection.BeginBinaryImportAsync(
            "copy users (id, user_name, normalized_user_name, email, normalized_email, email_confirmed, password_hash, security_stamp, " +
            "concurrency_stamp, phone_number, phone_number_confirmed, two_factor_enabled, lockout_enabled, access_failed_count, " +
            "display_name, organization_id, created_at) from stdin (format binary)", ct))
        {
            var done = 0;
            foreach (var u in model.Users)
            {
                await writer.StartRowAsync(ct);
                await writer.WriteAsync(u.Id, NpgsqlDbType.Uuid, ct);
                await writer.WriteAsync(u.Email, NpgsqlDbType.Varchar, ct);
                await writer.WriteAsync(u.Email.ToUpperInvariant(), NpgsqlDbType.Varchar, ct);
                await writer.WriteAsync(u.Email, NpgsqlDbType.Varchar, ct);
                await writer.WriteAsync(u.Email.ToUpperInvariant(), NpgsqlDbType.Varchar, ct);
                await writer.WriteAsync(true, NpgsqlDbType.Boolean, ct);
                await writer.WriteAsync(passwordHash, NpgsqlDbType.Text, ct);
                await writer.WriteAsync(u.SecurityStamp, NpgsqlDbType.Text, ct);
                await writer.WriteAsync(u.ConcurrencyStamp, NpgsqlDbType.Text, ct);
                await writer.WriteNullAsync(ct);
                await writer.WriteAsync(false, NpgsqlDbType.Boolean, ct);
                await writer.WriteAsync(false, NpgsqlDbType.Boolean, ct);
                await writer.WriteAsync(true, NpgsqlDbType.Boolean, ct);
                await writer.WriteAsync(0, NpgsqlDbType.Integer, ct);
                await writer.WriteAsync(u.DisplayName, NpgsqlDbType.Varchar, ct);
                if (u.OrganizationId is { } orgId)
                {
                    await writer.WriteAsync(orgId, NpgsqlDbType.Uuid, ct);
                }
                else
                {
                    await writer.WriteNullAsync(ct);
                }

                await writer.WriteAsync(model.Now, NpgsqlDbType.TimestampTz, ct);
                if (++done % 10_000 == 0)
                {
                    progress?.Report(new SeedProgress("写入账户", done, model.Users.Count));
                }
            }

            await writer.CompleteAsync(ct);
        }

        await using (var writer = await connection.BeginBinaryImportAsync("copy user_roles (user_id, role_id) from stdin (format binary)", ct))
        {
            foreach (var u in model.Users)
            {
                await writer.StartRowAsync(ct);
                await writer.WriteAsync(u.Id, NpgsqlDbType.Uuid, ct);
                await writer.WriteAsync(roleIds[u.Role], NpgsqlDbType.Uuid, ct);
            }

            await writer.CompleteAsync(ct);
        }
    }

    private static async Task CopyEngineers(NpgsqlConnection connection, DemoModel model, IProgress<SeedProgress>? progress, CancellationToken ct)
    {
        await using (var writer = await connection.BeginBinaryImportAsync(
            "copy engineers (id, user_id, name, birth_year, phone, email, title, tier, employer_organization_id, employer_name, " +
            "employer_type, city_code, years_of_practice, service_modes, hours_per_month, available_from, available_until, hourly_rate, bio, " +
            "cluster_codes, challenges_won, verified_deliveries, consultations, abandonments, rating_average, rating_count, created_at, updated_at) " +
            "from stdin (format binary)", ct))
        {
            var done = 0;
            foreach (var e in model.Engineers)
            {
                await writer.StartRowAsync(ct);
                await writer.WriteAsync(e.Id, NpgsqlDbType.Uuid, ct);
                await writer.WriteAsync(e.UserId, NpgsqlDbType.Uuid, ct);
                await writer.WriteAsync(e.Name, NpgsqlDbType.Varchar, ct);
                await writer.WriteAsync(e.BirthYear, NpgsqlDbType.Integer, ct);
                await writer.WriteAsync(e.Phone, NpgsqlDbType.Varchar, ct);
                await writer.WriteAsync(e.Email, NpgsqlDbType.Varchar, ct);
                await writer.WriteAsync((int)e.Title, NpgsqlDbType.Integer, ct);
                await writer.WriteAsync((int)e.Tier, NpgsqlDbType.Integer, ct);
                if (e.EmployerOrganizationId is { } employer)
                {
                    await writer.WriteAsync(employer, NpgsqlDbType.Uuid, ct);
                }
                else
                {
                    await writer.WriteNullAsync(ct);
                }

                await writer.WriteAsync(e.EmployerName, NpgsqlDbType.Varchar, ct);
                await writer.WriteAsync((int)e.EmployerType, NpgsqlDbType.Integer, ct);
                await writer.WriteAsync(e.CityCode, NpgsqlDbType.Varchar, ct);
                await writer.WriteAsync(e.YearsOfPractice, NpgsqlDbType.Integer, ct);
                await writer.WriteAsync((int)e.ServiceModes, NpgsqlDbType.Integer, ct);
                await writer.WriteAsync(e.HoursPerMonth, NpgsqlDbType.Integer, ct);
                await writer.WriteAsync(e.AvailableFrom, NpgsqlDbType.Date, ct);
                if (e.AvailableUntil is { } until)
                {
                    await writer.WriteAsync(until, NpgsqlDbType.Date, ct);
                }
                else
                {
                    await writer.WriteNullAsync(ct);
                }

                await writer.WriteAsync(e.HourlyRate, NpgsqlDbType.Numeric, ct);
                await writer.WriteAsync(e.Bio, NpgsqlDbType.Varchar, ct);
                await writer.WriteAsync(e.ClusterCodes, NpgsqlDbType.Array | NpgsqlDbType.Text, ct);
                // Challenge counters start at zero: the challenge step moves them through the profile's own methods,
                // so they always match the listings.
                await writer.WriteAsync(0, NpgsqlDbType.Integer, ct);
                await writer.WriteAsync(0, NpgsqlDbType.Integer, ct);
                await writer.WriteAsync(e.Consultations, NpgsqlDbType.Integer, ct);
                await writer.WriteAsync(0, NpgsqlDbType.Integer, ct);
                await writer.WriteAsync(e.RatingAverage, NpgsqlDbType.Numeric, ct);
                await writer.WriteAsync(e.RatingCount, NpgsqlDbType.Integer, ct);
                await writer.WriteAsync(model.Now, NpgsqlDbType.TimestampTz, ct);
                await writer.WriteAsync(model.Now, NpgsqlDbType.TimestampTz, ct);
                if (++done % 5_000 == 0)
                {
                    progress?.Report(new SeedProgress("写入工程师档案", done, model.Engineers.Count));
                }
            }

            await writer.CompleteAsync(ct);
        }

        await using (var writer = await connection.BeginBinaryImportAsync(
            "copy engineer_skills (engineer_id, skill_code, level) from stdin (format binary)", ct))
        {
            foreach (var e in model.Engineers)
            {
                foreach (var (code, level) in e.Skills)
                {
                    await writer.StartRowAsync(ct);
                    await writer.WriteAsync(e.Id, NpgsqlDbType.Uuid, ct);
                    await writer.WriteAsync(code, NpgsqlDbType.Varchar, ct);
                    await writer.WriteAsync(level, NpgsqlDbType.Integer, ct);
                }
            }

            await writer.CompleteAsync(ct);
        }
    }
}

internal sealed record DemoNames(
    List<string> CompanyPrefixes,
    Dictionary<string, List<string>> CompanySuffixesByCluster,
    List<string> Universities,
    List<string> BioTemplates);
