using System.Globalization;
using Marketplace.Application.Engineers.Search;
using Marketplace.Infrastructure;
using Marketplace.Infrastructure.DemoData;
using Marketplace.Infrastructure.Outbox;
using Marketplace.Infrastructure.Persistence;
using Marketplace.Infrastructure.Search;
using Marketplace.Infrastructure.Search.Elasticsearch;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Spectre.Console;

// Operations tool: `migrate`, `seed [--engineers N] [--seed S] [--if-empty]`, `reindex`.
// Configuration comes from the environment (ConnectionStrings__Marketplace), like the web host.
var command = args.FirstOrDefault();
if (command is null or "-h" or "--help" or "help")
{
    PrintHelp();
    return command is null ? 1 : 0;
}

var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings
{
    Args = args.Skip(1).ToArray(),
    ContentRootPath = AppContext.BaseDirectory,
});
builder.Logging.SetMinimumLevel(LogLevel.Warning);

// EF logs the probe for a missing migrations table as an error on a brand-new database; failures still surface as exceptions.
builder.Logging.AddFilter("Microsoft.EntityFrameworkCore.Database.Command", LogLevel.None);
builder.Services.AddInfrastructure(builder.Configuration);
builder.Services.AddMarketplaceIdentity();

// The same engineer index the web host opens. Lucene (Search:IndexPath) allows one writer, so the app must be stopped;
// Elasticsearch (Search:ElasticsearchUrl) rebuilds into a new index and swaps the alias, so the app may keep running.
builder.Services.AddScoped<EngineerIndexing>();
builder.Services.AddElasticsearchEngineerSearch(sp =>
{
    var configuration = sp.GetRequiredService<IConfiguration>();
    var url = configuration["Search:ElasticsearchUrl"];
    return new ElasticsearchOptions
    {
        Url = Uri.TryCreate(url, UriKind.Absolute, out var parsed)
            ? parsed
            : throw new InvalidOperationException($"Search:ElasticsearchUrl 不是绝对地址：'{url}'。"),
        Alias = configuration["Search:ElasticsearchIndex"] ?? "engineers",
        ApiKey = configuration["Search:ElasticsearchApiKey"],
        Username = configuration["Search:ElasticsearchUsername"],
        Password = configuration["Search:ElasticsearchPassword"],
    };
});
builder.Services.AddSingleton<IEngineerSearch>(sp =>
{
    var configuration = sp.GetRequiredService<IConfiguration>();
    var provider = configuration["Search:Provider"] ?? "Lucene";
    return provider switch
    {
        "Lucene" => new LuceneEngineerSearch(Path.GetFullPath(configuration["Search:IndexPath"] ?? Path.Combine(".data", "index")), TimeProvider.System),
        "Elasticsearch" => sp.GetRequiredService<ElasticsearchEngineerSearch>(),
        _ => throw new InvalidOperationException($"未知的 Search:Provider={provider}（Lucene 或 Elasticsearch）。"),
    };
});
using var host = builder.Build();

try
{
    return command switch
    {
        "migrate" => await Migrate(host.Services),
        "seed" => await Seed(host.Services, args.Skip(1).ToArray()),
        "reindex" => await Reindex(host.Services),
        "train" => await Train(host.Services, args.Skip(1).ToArray()),
        _ => Unknown(command),
    };
}
catch (Exception ex) when (ex is Npgsql.NpgsqlException or InvalidOperationException or ArgumentException or ElasticsearchException)
{
    AnsiConsole.MarkupLineInterpolated($"[red]失败：[/]{ex.Message}");
    return 2;
}

static async Task<int> Migrate(IServiceProvider services)
{
    await using var scope = services.CreateAsyncScope();
    var initializer = scope.ServiceProvider.GetRequiredService<DatabaseInitializer>();
    await AnsiConsole.Status().StartAsync("正在迁移数据库结构…", async _ => await initializer.MigrateAsync());
    await AnsiConsole.Status().StartAsync("正在加载基础数据（角色、产业集群、技能、市州、职称、层级）…", async _ => await initializer.EnsureReferenceDataAsync());
    AnsiConsole.MarkupLine("[green]数据库已是最新结构，基础数据已加载。[/]");
    return 0;
}

static async Task<int> Seed(IServiceProvider services, string[] args)
{
    var engineers = IntOption(args, "--engineers", 300);
    var seed = IntOption(args, "--seed", 20261123);
    var ifEmpty = args.Contains("--if-empty");

    await using var scope = services.CreateAsyncScope();
    var initializer = scope.ServiceProvider.GetRequiredService<DatabaseInitializer>();
    await initializer.EnsureReferenceDataAsync();
    var generator = scope.ServiceProvider.GetRequiredService<DemoDataGenerator>();
    if (await generator.HasDataAsync())
    {
        if (ifEmpty)
        {
            AnsiConsole.MarkupLine("[grey]数据库已有数据，跳过演示数据生成。[/]");
            return 0;
        }

        AnsiConsole.MarkupLine("[red]数据库已有数据；演示数据只写入空库（可加 --if-empty 静默跳过）。[/]");
        return 3;
    }

    DemoDataResult? result = null;
    await AnsiConsole.Progress()
        .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new ElapsedTimeColumn())
        .StartAsync(async context =>
        {
            var tasks = new Dictionary<string, ProgressTask>();
            var progress = new SyncProgress<SeedProgress>(p =>
            {
                if (!tasks.TryGetValue(p.Stage, out var task))
                {
                    foreach (var previous in tasks.Values)
                    {
                        previous.Value = previous.MaxValue;
                    }

                    task = tasks[p.Stage] = context.AddTask(p.Stage, maxValue: Math.Max(1, p.Total));
                }

                task.Value = p.Done;
            });
            result = await generator.GenerateAsync(new DemoDataOptions(engineers, seed), progress);
            foreach (var task in tasks.Values)
            {
                task.Value = task.MaxValue;
            }
        });

    var table = new Table().AddColumns("项目", "数量");
    table.AddRow("机构", result!.Organizations.ToString("N0", CultureInfo.InvariantCulture));
    table.AddRow("账户", result.Users.ToString("N0", CultureInfo.InvariantCulture));
    table.AddRow("工程师", result.Engineers.ToString("N0", CultureInfo.InvariantCulture));
    table.AddRow("工程师技能", result.EngineerSkills.ToString("N0", CultureInfo.InvariantCulture));
    table.AddRow("揭榜榜单", result.Challenges.ToString("N0", CultureInfo.InvariantCulture));
    table.AddRow("揭榜申请", result.ChallengeApplications.ToString("N0", CultureInfo.InvariantCulture));
    table.AddRow("演示账户通知", result.Notifications.ToString("N0", CultureInfo.InvariantCulture));
    table.AddRow("用时（秒）", result.Elapsed.TotalSeconds.ToString("F1", CultureInfo.InvariantCulture));
    table.AddRow("其中生成榜单（秒）", result.ChallengesElapsed.TotalSeconds.ToString("F1", CultureInfo.InvariantCulture));
    AnsiConsole.Write(table);

    // Machine-readable last line for scripts and benchmarks.
    Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
        $"SEED_RESULT engineers={result.Engineers} challenges={result.Challenges} applications={result.ChallengeApplications} seconds={result.Elapsed.TotalSeconds:F2} challenge_seconds={result.ChallengesElapsed.TotalSeconds:F2}"));
    return 0;
}

static string? StringOption(string[] args, string name)
{
    var index = Array.IndexOf(args, name);
    if (index < 0)
    {
        return null;
    }

    return index + 1 < args.Length && !string.IsNullOrWhiteSpace(args[index + 1]) && !args[index + 1].StartsWith("--", StringComparison.Ordinal)
        ? args[index + 1]
        : throw new ArgumentException($"{name} 需要一个路径。");
}

static int IntOption(string[] args, string name, int fallback)
{
    var index = Array.IndexOf(args, name);
    if (index < 0)
    {
        return fallback;
    }

    if (index + 1 >= args.Length || !int.TryParse(args[index + 1], NumberStyles.Integer, CultureInfo.InvariantCulture, out var value) || value < 1)
    {
        throw new ArgumentException($"{name} 需要一个正整数。");
    }

    return value;
}

static async Task<int> Reindex(IServiceProvider services)
{
    await using var scope = services.CreateAsyncScope();
    var indexing = scope.ServiceProvider.GetRequiredService<EngineerIndexing>();
    var outbox = scope.ServiceProvider.GetRequiredService<SearchOutboxProcessor>();

    // Rows committed before the rebuild reads anything are covered by it; rows committed later may not be, so they stay.
    var covered = await outbox.CommittedIdsAsync(CancellationToken.None);
    var count = 0;
    var watch = System.Diagnostics.Stopwatch.StartNew();
    await AnsiConsole.Progress()
        .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new ElapsedTimeColumn())
        .StartAsync(async context =>
        {
            var task = context.AddTask("重建工程师搜索索引");
            count = await indexing.RebuildAsync(onProgress: (done, total) =>
            {
                task.MaxValue = Math.Max(1, total);
                task.Value = total == 0 ? 1 : done;
            });
        });
    var cleared = await outbox.DeleteAsync(covered, CancellationToken.None);
    AnsiConsole.MarkupLineInterpolated($"[green]搜索索引已重建：{count:N0} 名工程师，用时 {watch.Elapsed.TotalSeconds:F1} 秒；清除已覆盖的待更新记录 {cleared:N0} 条。[/]");

    // For scripts (bench/run.sh): one machine-readable line.
    Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"REINDEX_RESULT engineers={count} seconds={watch.Elapsed.TotalSeconds:F2}"));
    return 0;
}

static async Task<int> Train(IServiceProvider services, string[] args)
{
    var seed = IntOption(args, "--seed", 20261123);
    var output = StringOption(args, "--output") ?? Path.Combine("ml-models", "matching.zip");
    var index = StringOption(args, "--index");
    var defaults = new Marketplace.Infrastructure.Matching.RankerOptions();
    var ranker = new Marketplace.Infrastructure.Matching.RankerOptions(
        IntOption(args, "--trees", defaults.Trees), IntOption(args, "--leaves", defaults.Leaves),
        IntOption(args, "--learning-rate-permille", (int)(defaults.LearningRate * 1000)) / 1000.0, IntOption(args, "--min-rows-per-leaf", defaults.MinRowsPerLeaf));
    await using var scope = services.CreateAsyncScope();
    var trainer = new Marketplace.Infrastructure.Matching.MatchingTrainer(scope.ServiceProvider.GetRequiredService<MarketplaceDbContext>(), TimeProvider.System);
    Marketplace.Infrastructure.Matching.TrainingReport? report = null;
    await AnsiConsole.Progress()
        .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new ElapsedTimeColumn())
        .StartAsync(async context =>
        {
            var tasks = new Dictionary<string, ProgressTask>();
            var progress = new SyncProgress<Marketplace.Infrastructure.Matching.TrainingProgress>(p =>
            {
                if (!tasks.TryGetValue(p.Stage, out var task))
                {
                    tasks[p.Stage] = task = context.AddTask(p.Stage);
                }

                task.MaxValue = Math.Max(1, p.Total);
                task.Value = p.Done;
            });
            report = await trainer.TrainAsync(output, new Marketplace.Infrastructure.Matching.TrainingOptions(seed, Ranker: ranker), progress, index);
        });

    var r = report!;
    var table = new Table().AddColumns("排序方式", "NDCG@5", "NDCG@10", "MAP");
    void Row(string name, Marketplace.Infrastructure.Matching.RankingQuality q) => table.AddRow(
        name, q.Ndcg5.ToString("F3", CultureInfo.InvariantCulture), q.Ndcg10.ToString("F3", CultureInfo.InvariantCulture), q.Map.ToString("F3", CultureInfo.InvariantCulture));
    Row("模型（LambdaRank）", r.Model);
    Row("仅检索得分", r.SearchOnly);
    Row("人工加权启发式", r.Heuristic);
    Row("随机", r.Random);
    AnsiConsole.Write(table);
    AnsiConsole.MarkupLineInterpolated(
        $"[green]模型已写出：{Path.GetFullPath(output)}（版本 {r.ModelVersion}）；{r.Rows:N0} 行、{r.Challenges:N0} 个榜单（测试 {r.TestChallenges:N0}）。[/]");
    AnsiConsole.MarkupLineInterpolated(
        $"曝光均衡（{r.OpenChallenges} 个在榜需求）：≥5 名强候选占比 {r.ExposureBefore.ShareWithFiveStrong:P1} → {r.ExposureAfter.ShareWithFiveStrong:P1}，前 20 名 Gini {r.ExposureBefore.TopAppearanceGini:F3} → {r.ExposureAfter.TopAppearanceGini:F3}");
    Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
        $"TRAIN_RESULT rows={r.Rows} challenges={r.Challenges} ndcg10_model={r.Model.Ndcg10:F4} ndcg10_search={r.SearchOnly.Ndcg10:F4} ndcg10_heuristic={r.Heuristic.Ndcg10:F4} version={r.ModelVersion}"));
    return 0;
}

static int Unknown(string command)
{
    AnsiConsole.MarkupLineInterpolated($"[red]未知命令：{command}[/]");
    PrintHelp();
    return 1;
}

static void PrintHelp()
{
    Console.WriteLine("""
        Marketplace.Cli — 共享工程师服务平台运维工具

          migrate                                 迁移数据库结构并加载基础数据
          seed [--engineers N] [--seed S] [--if-empty]
                                                  向空库写入演示数据（默认 300 名工程师，种子 20261123），
                                                  及各状态的揭榜榜单（工程师数的 1/4，40–250 个；不足 30 名工程师时不生成）
          train [--seed S] [--output ml-models/matching.zip] [--index PATH]
                [--trees 200] [--leaves 15] [--learning-rate-permille 50] [--min-rows-per-leaf 100]
                                                  用平台历史训练匹配模型（LightGBM LambdaRank），按榜单留出评估，
                                                  写出模型、metrics.json 与 MODEL_CARD.md（运行中的应用自动加载新模型）
          reindex                                 从数据库重建工程师搜索索引（Lucene：Search__IndexPath，须先停止应用；
                                                  Elasticsearch：Search__ElasticsearchUrl，建新索引后切换别名，无需停机）

        连接串取自环境变量 ConnectionStrings__Marketplace。
        """);
}

/// <summary>Progress callback invoked on the reporting thread (Progress&lt;T&gt; would post to the thread pool out of order).</summary>
internal sealed class SyncProgress<T>(Action<T> handler) : IProgress<T>
{
    public void Report(T value) => handler(value);
}
