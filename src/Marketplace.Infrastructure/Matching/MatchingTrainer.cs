using System.Diagnostics;
using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Marketplace.Application.Engineers.Search;
using Marketplace.Application.Matching;
using Marketplace.Domain.Challenges;
using Marketplace.Domain.Matching;
using Marketplace.Infrastructure.Persistence;
using Marketplace.Infrastructure.Search;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging.Abstractions;

namespace Marketplace.Infrastructure.Matching;

/// <summary>A stage of training and how far it is (the CLI's progress bars).</summary>
public sealed record TrainingProgress(string Stage, int Done, int Total);

/// <param name="TestShare">Share of listings held out for evaluation, chosen by listing id (never a pair).</param>
/// <param name="RetrievedNegatives">For a listing with no recorded impressions, how many of its retrieval's top engineers count as shown.</param>
public sealed record TrainingOptions(int Seed = 20261123, double TestShare = 0.25, int RetrievedNegatives = 40, RankerOptions? Ranker = null);

/// <summary>Held-out ranking quality of one ranker.</summary>
public sealed record RankingQuality(double Ndcg5, double Ndcg10, double Map);

public sealed record TrainingReport(
    RankingQuality Model,
    RankingQuality SearchOnly,
    RankingQuality Heuristic,
    RankingQuality Random,
    int Rows,
    int Challenges,
    int TrainChallenges,
    int TestChallenges,
    ExposureMeasure ExposureBefore,
    ExposureMeasure ExposureAfter,
    int OpenChallenges,
    double StrongScore,
    string ModelVersion,
    JsonObject Metrics);

/// <summary>
/// The <c>train</c> command (issue 5): reads platform history from PostgreSQL, builds one row per (listing, engineer)
/// pair it showed or that applied — features as of the moment the listing was matched, label from what followed —
/// splits by listing, trains the LambdaRank model, evaluates it and three baselines on the held-out listings, measures
/// the exposure balance over the open listings, and writes the model, <c>metrics.json</c> and <c>MODEL_CARD.md</c>.
/// The model file is published by rename, so a running app picks it up whole. Same database and seed → same figures.
/// </summary>
public sealed class MatchingTrainer(MarketplaceDbContext db, TimeProvider clock)
{
    public async Task<TrainingReport> TrainAsync(
        string modelPath, TrainingOptions options, IProgress<TrainingProgress>? progress = null, string? indexPath = null, CancellationToken ct = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(modelPath);
        ArgumentNullException.ThrowIfNull(options);
        var watch = Stopwatch.StartNew();
        var now = clock.GetUtcNow();
        var today = DateOnly.FromDateTime(now.UtcDateTime);
        var reference = await MatchingReference.LoadAsync(db, ct);

        progress?.Report(new TrainingProgress("读取平台历史", 0, 1));
        var (tracks, history) = await MatchingRecords.LoadAsync(db, reference.RetrievalText, ct);
        var profiles = (await MatchingRecords.ProfilesAsync(db, null, ct)).ToDictionary(p => p.Id);
        progress?.Report(new TrainingProgress("读取平台历史", 1, 1));

        // The search-score feature must be what the serving index says: a private Lucene index built from the same
        // rows (or the caller's, when it is known to be in step), so training never touches the app's live index.
        var temporary = indexPath is null ? Path.Combine(Path.GetTempPath(), "marketplace-train-" + Guid.NewGuid().ToString("N")) : null;
        var search = new LuceneEngineerSearch(indexPath ?? temporary!, clock);
        try
        {
            if (temporary is not null)
            {
                var indexing = new EngineerIndexing(db, search, NullLogger<EngineerIndexing>.Instance);
                await indexing.RebuildAsync((done, total) => progress?.Report(new TrainingProgress("建立检索索引", done, Math.Max(1, total))), ct);
            }

            var rows = await BuildRowsAsync(history, tracks, profiles, reference, search, today, options, progress, ct);
            var labelled = rows.GroupBy(r => r.ChallengeId).Where(g => g.Any(r => r.Row.Label > 0)).SelectMany(g => g).ToList();
            var train = labelled.Where(r => !ChallengeSplit.IsTest(r.ChallengeId, options.Seed, options.TestShare)).ToList();
            var test = labelled.Where(r => ChallengeSplit.IsTest(r.ChallengeId, options.Seed, options.TestShare)).ToList();
            if (train.Count == 0 || test.Count == 0)
            {
                throw new InvalidOperationException(
                    $"训练数据不足：{labelled.Select(r => r.ChallengeId).Distinct().Count()} 个有结果的榜单（训练 {train.Count} 行、测试 {test.Count} 行）。请先生成演示数据（seed --engineers 300 或更多）。");
            }

            progress?.Report(new TrainingProgress("训练 LambdaRank 模型", 0, 1));
            var model = LightGbmRanker.Train(train.Select(r => r.Row).ToList(), options.Seed, options.Ranker);
            progress?.Report(new TrainingProgress("训练 LambdaRank 模型", 1, 1));

            progress?.Report(new TrainingProgress("评估（留出榜单）", 0, 1));
            var testGroups = test.GroupBy(r => r.ChallengeId).OrderBy(g => g.Key).ToList();
            var modelScores = model.Score(test.Select(r => r.Row.Features).ToList());
            var scoreOf = test.Select((r, i) => (r, i)).ToDictionary(x => x.r, x => modelScores[x.i]);
            var rng = new Random(options.Seed);
            RankingQuality Evaluate(Func<PairRow, double> score) => Quality(testGroups.Select(g => g.OrderByDescending(score).ThenBy(r => r.Row.EngineerId).Select(r => r.Row.Label).ToList()).ToList());
            var quality = Evaluate(r => scoreOf[r]);
            var searchOnly = Evaluate(r => r.Row.Features[PairFeatures.SearchScore]);
            var heuristic = Evaluate(r => HeuristicScore.Of(r.Row.Features));

            // Random: the mean of several seeded shuffles, so the baseline is a level, not one lucky draw.
            var randomRuns = Enumerable.Range(0, 20).Select(_ =>
                Quality(testGroups.Select(g => g.OrderBy(_ => rng.Next()).Select(r => r.Row.Label).ToList()).ToList())).ToList();
            var random = new RankingQuality(randomRuns.Average(q => q.Ndcg5), randomRuns.Average(q => q.Ndcg10), randomRuns.Average(q => q.Map));
            progress?.Report(new TrainingProgress("评估（留出榜单）", 1, 1));

            // "Strong" for the coverage measure: the model's median score over held-out pairs that reached the shortlist.
            var strongScores = test.Where(r => r.Row.Label >= 2).Select(r => (double)scoreOf[r]).Order().ToList();
            var strong = strongScores.Count == 0 ? 0 : strongScores[strongScores.Count / 2];
            var exposure = new ExposureOptions(StrongScore: strong);
            var (open, before, after) = await MeasureExposureAsync(model, tracks, profiles, reference, search, now, exposure, progress, ct);

            progress?.Report(new TrainingProgress("写出模型与指标", 0, 1));
            var version = Publish(model, modelPath);
            var labels = labelled.GroupBy(r => r.Row.Label).OrderBy(g => g.Key).ToDictionary(g => g.Key.ToString(CultureInfo.InvariantCulture), g => g.Count());
            var metrics = Metrics(
                quality, searchOnly, heuristic, random, labelled.Count, train, test, before, after, open, exposure, labels, options, profiles.Count,
                version, now, watch.Elapsed);
            var folder = Path.GetDirectoryName(Path.GetFullPath(modelPath))!;
            await File.WriteAllTextAsync(Path.Combine(folder, "metrics.json"), metrics.ToJsonString(new JsonSerializerOptions { WriteIndented = true }) + "\n", ct);
            await File.WriteAllTextAsync(Path.Combine(folder, "MODEL_CARD.md"), ModelCard(metrics, quality, searchOnly, heuristic, random, before, after), ct);
            progress?.Report(new TrainingProgress("写出模型与指标", 1, 1));

            return new TrainingReport(
                quality, searchOnly, heuristic, random, labelled.Count, labelled.Select(r => r.ChallengeId).Distinct().Count(),
                train.Select(r => r.ChallengeId).Distinct().Count(), testGroups.Count, before, after, open, strong, version, metrics);
        }
        finally
        {
            search.Dispose();
            if (temporary is not null)
            {
                TryDelete(temporary);
            }
        }
    }

    /// <summary>One labelled row with the listing it belongs to (the split key).</summary>
    private sealed record PairRow(Guid ChallengeId, RankingRow Row);

    private static async Task<List<PairRow>> BuildRowsAsync(
        List<HistoricalChallenge> history, IReadOnlyDictionary<Guid, TrackRecord> tracks, IReadOnlyDictionary<Guid, CandidateProfile> profiles,
        MatchingReference reference, LuceneEngineerSearch search, DateOnly today, TrainingOptions options, IProgress<TrainingProgress>? progress,
        CancellationToken ct)
    {
        var rows = new List<PairRow>();
        var withOutcome = history.Where(h => h.Pairs.Values.Any(p => p.Applied)).OrderBy(h => h.Facts.Id).ToList();
        var done = 0;
        foreach (var listing in withOutcome)
        {
            ct.ThrowIfCancellationRequested();
            var pairs = new Dictionary<Guid, PairHistory>(listing.Pairs);
            if (!listing.HasImpressions)
            {
                // A listing from before impressions were recorded: its retrieval's first engineers stand for what was
                // shown, each a "seen and not taken up" unless they applied.
                var need = new MatchNeed(listing.Facts.OwnerOrganizationId, "", "", listing.Facts.ClusterCode, listing.Facts.SkillCodes, listing.Facts.CityCode,
                    listing.Facts.Bounty, listing.Facts.ExpectedDurationDays, listing.Facts.MinTitle, listing.Facts.RequiresTier, listing.Facts.Id);
                var retrieved = await search.SearchAsync(EngineerMatcher.RetrievalQuery(need, reference, today, options.RetrievedNegatives) with { Available = null }, ct);
                foreach (var hit in retrieved.Hits)
                {
                    pairs.TryAdd(hit.Id, new PairHistory(true, false, false, false, null, false, null));
                }
            }

            var scores = search.ScoreEngineers(listing.RetrievalText, anyWord: true, pairs.Keys);
            // Availability and price are judged as if the work started today, exactly as serving judges them (decision 53).
            var facts = listing.Facts with { Start = today };
            foreach (var (engineerId, pair) in pairs.OrderBy(p => p.Key))
            {
                if (!profiles.TryGetValue(engineerId, out var profile) || profile.EmployerOrganizationId == facts.OwnerOrganizationId)
                {
                    continue;
                }

                var track = tracks.GetValueOrDefault(engineerId) ?? TrackRecord.Empty;
                // The record as it stood when the listing was matched: its own award and rating come later.
                var engineer = profile.Facts(track.AsOf(facts.ClusterCode, listing.MatchedAt));
                var features = PairFeatures.Compute(facts, engineer, scores.GetValueOrDefault(engineerId), code => reference.ClusterOfSkill.GetValueOrDefault(code));
                rows.Add(new PairRow(listing.Facts.Id, new RankingRow(listing.Facts.Id, engineerId, RelevanceLabel.For(pair), features)));
            }

            if (++done % 50 == 0 || done == withOutcome.Count)
            {
                progress?.Report(new TrainingProgress("构造特征", done, withOutcome.Count));
            }
        }

        return rows;
    }

    private async Task<(int Open, ExposureMeasure Before, ExposureMeasure After)> MeasureExposureAsync(
        LightGbmRanker model, IReadOnlyDictionary<Guid, TrackRecord> tracks, IReadOnlyDictionary<Guid, CandidateProfile> profiles,
        MatchingReference reference, LuceneEngineerSearch search, DateTimeOffset now, ExposureOptions exposure, IProgress<TrainingProgress>? progress,
        CancellationToken ct)
    {
        var today = DateOnly.FromDateTime(now.UtcDateTime);
        var open = await db.Challenges.AsNoTracking()
            .Where(c => c.Status == ChallengeStatus.Published && c.ApplicationDeadline > now)
            .OrderBy(c => c.Id)
            .ToListAsync(ct);
        var lists = new List<ChallengeCandidates>(open.Count);
        foreach (var challenge in open)
        {
            var need = MatchNeed.For(challenge);
            var hits = await search.SearchAsync(EngineerMatcher.RetrievalQuery(need, reference, today, new MatchingOptions().Candidates), ct);
            var facts = new ChallengeFacts(challenge.Id, need.OwnerOrganizationId, need.ClusterCode, need.SkillCodes, need.CityCode, need.Bounty,
                need.ExpectedDurationDays, today, need.MinTitle, need.RequiresTier);
            var candidates = new List<(Guid Id, Guid? Employer, bool IsNew, float[] Features)>();
            foreach (var hit in hits.Hits)
            {
                if (!profiles.TryGetValue(hit.Id, out var profile))
                {
                    continue;
                }

                var track = tracks.GetValueOrDefault(hit.Id) ?? TrackRecord.Empty;
                var engineer = profile.Facts(track.AsOf(need.ClusterCode, now));
                if (CandidateRules.Check(facts, engineer, today) == CandidateRefusal.None)
                {
                    candidates.Add((hit.Id, profile.EmployerOrganizationId, track.IsNewAsOf(now),
                        PairFeatures.Compute(facts, engineer, hit.Score, code => reference.ClusterOfSkill.GetValueOrDefault(code))));
                }
            }

            var scores = candidates.Count == 0 ? [] : model.Score(candidates.Select(c => c.Features).ToList());
            lists.Add(new ChallengeCandidates(challenge.Id, candidates
                .Select((c, i) => new RankedCandidate(c.Id, c.Employer, c.IsNew, scores[i]))
                .OrderByDescending(c => c.Score).ThenBy(c => c.EngineerId).ToList()));
            progress?.Report(new TrainingProgress("测量曝光均衡（在榜需求）", lists.Count, Math.Max(1, open.Count)));
        }

        return (open.Count, ExposureBalance.Measure(lists, exposure), ExposureBalance.Measure(ExposureBalance.Rerank(lists, exposure), exposure));
    }

    private static RankingQuality Quality(IReadOnlyList<IReadOnlyList<int>> groups) => new(
        RankingMetrics.MeanNdcgAt(groups, 5), RankingMetrics.MeanNdcgAt(groups, 10), RankingMetrics.MeanAveragePrecision(groups));

    /// <summary>Writes next to the target and renames over it: a watcher never loads half a file.</summary>
    private static string Publish(LightGbmRanker model, string modelPath)
    {
        var full = Path.GetFullPath(modelPath);
        Directory.CreateDirectory(Path.GetDirectoryName(full)!);
        var temporary = full + ".tmp-" + Guid.NewGuid().ToString("N")[..8];
        using (var stream = File.Create(temporary))
        {
            model.Save(stream);
        }

        var version = Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(File.ReadAllBytes(temporary)))[..12];
        File.Move(temporary, full, overwrite: true);
        return version;
    }

    private static JsonObject Metrics(
        RankingQuality model, RankingQuality searchOnly, RankingQuality heuristic, RankingQuality random, int rows, List<PairRow> train, List<PairRow> test,
        ExposureMeasure before, ExposureMeasure after, int open, ExposureOptions exposure, Dictionary<string, int> labels, TrainingOptions options,
        int engineers, string version, DateTimeOffset now, TimeSpan elapsed)
    {
        static JsonObject Q(RankingQuality q) => new()
        {
            ["ndcg@5"] = Math.Round(q.Ndcg5, 4),
            ["ndcg@10"] = Math.Round(q.Ndcg10, 4),
            ["map"] = Math.Round(q.Map, 4),
        };
        static JsonObject E(ExposureMeasure m) => new()
        {
            ["share_with_5_strong"] = Math.Round(m.ShareWithFiveStrong, 4),
            ["top20_gini"] = Math.Round(m.TopAppearanceGini, 4),
            ["distinct_engineers_in_top20"] = m.DistinctEngineersInTop,
        };
        var ranker = options.Ranker ?? new RankerOptions();
        return new JsonObject
        {
            ["test"] = new JsonObject
            {
                ["model"] = Q(model),
                ["search_only"] = Q(searchOnly),
                ["heuristic"] = Q(heuristic),
                ["random"] = Q(random),
            },
            ["goal"] = new JsonObject
            {
                ["ndcg@10_model_minus_search_only"] = Math.Round(model.Ndcg10 - searchOnly.Ndcg10, 4),
                ["ndcg@10_model_minus_heuristic"] = Math.Round(model.Ndcg10 - heuristic.Ndcg10, 4),
                ["met"] = model.Ndcg10 >= searchOnly.Ndcg10 + 0.10 && model.Ndcg10 > heuristic.Ndcg10,
            },
            ["exposure"] = new JsonObject
            {
                ["open_challenges"] = open,
                ["strong_score"] = Math.Round(exposure.StrongScore, 4),
                ["strong_score_rule"] = "median model score of held-out pairs labelled 2 or more (shortlisted, awarded)",
                ["before"] = E(before),
                ["after"] = E(after),
                ["options"] = new JsonObject
                {
                    ["top_size"] = exposure.TopSize,
                    ["max_top_appearances"] = exposure.MaxTopAppearances,
                    ["min_new_share"] = exposure.MinNewShare,
                    ["max_per_employer"] = exposure.MaxPerEmployer,
                },
            },
            ["rows"] = rows,
            ["challenges"] = train.Select(r => r.ChallengeId).Concat(test.Select(r => r.ChallengeId)).Distinct().Count(),
            ["split"] = new JsonObject
            {
                ["by"] = "challenge",
                ["test_share"] = options.TestShare,
                ["train_rows"] = train.Count,
                ["test_rows"] = test.Count,
                ["train_challenges"] = train.Select(r => r.ChallengeId).Distinct().Count(),
                ["test_challenges"] = test.Select(r => r.ChallengeId).Distinct().Count(),
            },
            ["labels"] = new JsonObject(labels.Select(l => KeyValuePair.Create(l.Key, (JsonNode?)l.Value))),
            ["engineers"] = engineers,
            ["features"] = new JsonArray([.. PairFeatures.Names.Select(n => (JsonNode)n)]),
            ["trainer"] = new JsonObject
            {
                ["algorithm"] = "LightGBM LambdaRank (ML.NET)",
                ["trees"] = ranker.Trees,
                ["leaves"] = ranker.Leaves,
                ["learning_rate"] = ranker.LearningRate,
                ["min_rows_per_leaf"] = ranker.MinRowsPerLeaf,
                ["gains"] = "0,1,3,7,15",
            },
            ["model_version"] = version,
            ["seed"] = options.Seed,
            ["trained_at"] = now.ToString("O", CultureInfo.InvariantCulture),
            ["training_seconds"] = Math.Round(elapsed.TotalSeconds, 1),
        };
    }

    private static string ModelCard(
        JsonObject metrics, RankingQuality model, RankingQuality searchOnly, RankingQuality heuristic, RankingQuality random, ExposureMeasure before, ExposureMeasure after)
    {
        static string F(double x) => x.ToString("F3", CultureInfo.InvariantCulture);
        var split = metrics["split"]!;
        var labels = metrics["labels"]!.AsObject();
        var b = new StringBuilder();
        b.AppendLine("# 匹配模型说明（Model card）— matching.zip").AppendLine();
        b.AppendLine(CultureInfo.InvariantCulture, $"版本 `{metrics["model_version"]}`，训练于 {metrics["trained_at"]}，种子 {metrics["seed"]}，用时 {metrics["training_seconds"]} 秒；平台工程师 {metrics["engineers"]} 名。");
        b.AppendLine("由 `Marketplace.Cli train` 生成；同一数据库、种子与日期重跑得到相同的模型与指标（档期按“今天”判断）。").AppendLine();
        b.AppendLine("## 用途").AppendLine();
        b.AppendLine("为揭榜挂帅榜单（及对接会的快速需求）给检索召回的候选工程师排序（`/api/challenges/{id}/matches`），并反向为工程师推荐在榜需求。");
        b.AppendLine("硬性规则（可服务、非发榜企业员工、职称/层级门槛）在打分前过滤，模型分数不能绕过；排序后再做曝光均衡。").AppendLine();
        b.AppendLine("## 算法").AppendLine();
        b.AppendLine("LightGBM LambdaRank（ML.NET），按榜单分组直接优化 NDCG；增益 0/1/3/7/15 对应标签 0–4。缺失值（无评分、无报价、无邀请）为 NaN，由树学习其去向。").AppendLine();
        b.AppendLine("## 特征（每个 榜单×工程师 对）").AppendLine();
        b.AppendLine("| # | 特征 | 含义 |").AppendLine("|---|---|---|");
        string[] meanings =
        [
            "检索得分（BM25，榜单技能名与产业集群名，任一词命中）", "精确匹配技能数", "精确匹配技能占所需技能比例", "同集群的其他技能数", "产业集群一致",
            "职称等级", "卓越工程师层级强度", "同城", "同省", "从业年限", "本集群揭榜成功次数（截至匹配时）", "本集群验收通过次数（截至匹配时）",
            "平均评分（截至匹配时）", "评分条数 log(1+n)", "弃榜次数", "在手项目数", "档期覆盖工期比例（以今天为开工日）", "悬赏÷（时薪×可投入工时），上限 2", "定向邀请响应率",
        ];
        for (var i = 0; i < PairFeatures.Count; i++)
        {
            b.AppendLine(CultureInfo.InvariantCulture, $"| {i} | `{PairFeatures.Names[i]}` | {meanings[i]} |");
        }

        b.AppendLine().AppendLine("## 标签（由平台记录构造）").AppendLine();
        b.AppendLine("0 展示后未申请；1 申请；2 入围（评分均值 ≥ 80 或赛马被择优淘汰）或中榜后弃榜；3 中榜（未验收或验收未通过，或评分 ≤ 3）；4 中榜、验收通过且评分 ≥ 4（或未评分）。");
        b.AppendLine("行来自曝光记录（match_impressions）与申请；没有曝光记录的旧榜单以其检索前 40 名作为“已展示”。").AppendLine();
        b.AppendLine("## 数据").AppendLine();
        b.AppendLine(CultureInfo.InvariantCulture, $"{metrics["rows"]} 行、{metrics["challenges"]} 个有结果的榜单；按榜单划分（留出 {split["test_share"]}）：训练 {split["train_challenges"]} 个榜单 / {split["train_rows"]} 行，测试 {split["test_challenges"]} 个榜单 / {split["test_rows"]} 行。同一榜单不会同时出现在训练与测试中。");
        b.AppendLine(CultureInfo.InvariantCulture, $"标签分布：{string.Join("，", labels.Select(l => $"{l.Key} 级 {l.Value}"))}。").AppendLine();
        b.AppendLine("演示库的历史由模拟生成：每个 榜单×工程师 对有一个隐藏效用（画像契合度 + 工程师不可观测的可靠性 + 噪声），决定谁申请、评分、弃榜、验收与评价；效用本身从不写入数据库，也不是特征。").AppendLine();
        b.AppendLine("## 留出榜单上的指标").AppendLine();
        b.AppendLine("| 排序方式 | NDCG@5 | NDCG@10 | MAP |").AppendLine("|---|---|---|---|");
        b.AppendLine(CultureInfo.InvariantCulture, $"| 模型（LambdaRank） | {F(model.Ndcg5)} | {F(model.Ndcg10)} | {F(model.Map)} |");
        b.AppendLine(CultureInfo.InvariantCulture, $"| 仅检索得分 | {F(searchOnly.Ndcg5)} | {F(searchOnly.Ndcg10)} | {F(searchOnly.Map)} |");
        b.AppendLine(CultureInfo.InvariantCulture, $"| 人工加权启发式 | {F(heuristic.Ndcg5)} | {F(heuristic.Ndcg10)} | {F(heuristic.Map)} |");
        b.AppendLine(CultureInfo.InvariantCulture, $"| 随机（20 次平均） | {F(random.Ndcg5)} | {F(random.Ndcg10)} | {F(random.Map)} |").AppendLine();
        b.AppendLine(CultureInfo.InvariantCulture, $"目标：模型 NDCG@10 ≥ 仅检索 + 0.10 且高于启发式 —— {(metrics["goal"]!["met"]!.GetValue<bool>() ? "达到" : "未达到")}（差值 {metrics["goal"]!["ndcg@10_model_minus_search_only"]}）。").AppendLine();
        b.AppendLine("## 曝光均衡（在榜需求）").AppendLine();
        b.AppendLine("| | 有 ≥5 名强候选的需求占比 | 前 20 名出现次数 Gini | 进入前 20 的不同工程师 |").AppendLine("|---|---|---|---|");
        b.AppendLine(CultureInfo.InvariantCulture, $"| 仅模型排序 | {F(before.ShareWithFiveStrong)} | {F(before.TopAppearanceGini)} | {before.DistinctEngineersInTop} |");
        b.AppendLine(CultureInfo.InvariantCulture, $"| 均衡后 | {F(after.ShareWithFiveStrong)} | {F(after.TopAppearanceGini)} | {after.DistinctEngineersInTop} |").AppendLine();
        b.AppendLine("## 已知局限").AppendLine();
        b.AppendLine("- 演示数据的历史是模拟的：指标说明模型能从这类记录中学到什么，不代表真实平台上的效果；上线后应以真实曝光与结果重新训练并对比。");
        b.AppendLine("- 档期与报价以“今天开工”判断（训练与服务一致），历史榜单当时的档期未被记录。");
        b.AppendLine("- 展示位置偏差（排得靠前更容易被申请）未做纠偏；曝光记录保存了位置，可用于日后的逆倾向加权。");
        b.AppendLine("- 新工程师没有历史，只能靠画像特征排序；曝光均衡为他们保留前 20 中的一定比例。");
        b.AppendLine("- 团队申请的每位成员都计为申请；分工比例未作为标签强度。");
        return b.ToString();
    }

    private static void TryDelete(string folder)
    {
        try
        {
            Directory.Delete(folder, recursive: true);
        }
        catch (IOException)
        {
            // A temp folder left behind is harmless; the next boot clears /tmp.
        }
        catch (UnauthorizedAccessException)
        {
            // As above.
        }
    }
}
