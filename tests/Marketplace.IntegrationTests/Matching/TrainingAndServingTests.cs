using System.Text.Json.Nodes;
using Marketplace.Application.Matching;
using Marketplace.Domain.Challenges;
using Marketplace.Domain.Matching;
using Marketplace.Infrastructure.Matching;
using Marketplace.Infrastructure.Persistence;
using Marketplace.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;

namespace Marketplace.IntegrationTests.EngineerMatching;

/// <summary>
/// Labels built from what PostgreSQL recorded, the train command's output on the seeded platform (split by listing,
/// every figure present), and the model host's hot reload of a newly published file.
/// </summary>
[Collection(AppCollection.Name)]
public sealed class TrainingAndServingTests(AppFixture fixture)
{
    [Fact]
    public async Task Labels_follow_the_recorded_applications_awards_and_verifications()
    {
        await using var scope = fixture.App.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<MarketplaceDbContext>();
        var (tracks, history) = await MatchingRecords.LoadAsync(db, (skills, cluster) => cluster, CancellationToken.None);
        var byId = history.ToDictionary(h => h.Facts.Id);

        var settled = await db.Challenges.AsNoTracking().Where(c => c.Status == ChallengeStatus.Settled && c.RaceSlots == 1).ToListAsync();
        Assert.NotEmpty(settled);
        foreach (var challenge in settled)
        {
            var takers = challenge.Awards.Where(a => a.Status == AwardStatus.Active).SelectMany(a => a.Shares.Select(s => s.EngineerId)).ToList();
            Assert.NotEmpty(takers);
            foreach (var taker in takers)
            {
                var pair = byId[challenge.Id].Pairs[taker];
                Assert.True(pair.Awarded && pair.Applied);
                Assert.True(pair.VerificationPassed);
                Assert.InRange(RelevanceLabel.For(pair), 3, 4);
                // The taker's record holds this award, dated: matching the listing before it must not see it.
                var award = tracks[taker].Awards.Single(a => a.ChallengeId == challenge.Id);
                Assert.True(award.AwardedAt > challenge.PublishedAt);
                Assert.Equal(0, tracks[taker].Awards.Count(a => a.ChallengeId == challenge.Id && a.AwardedAt < challenge.PublishedAt));
            }

            var applicants = await db.ChallengeApplications.AsNoTracking()
                .Where(a => a.ChallengeId == challenge.Id && a.Status != ApplicationStatus.Draft)
                .SelectMany(a => a.Members.Select(m => m.EngineerId)).ToListAsync();
            Assert.All(applicants, a => Assert.True(byId[challenge.Id].Pairs[a].Applied));
            Assert.All(byId[challenge.Id].Pairs.Where(p => !applicants.Contains(p.Key) && !takers.Contains(p.Key)), p => Assert.Equal(0, RelevanceLabel.For(p.Value)));
        }
    }

    [Fact]
    public async Task Training_writes_the_model_metrics_and_card_and_splits_by_listing()
    {
        var folder = Path.Combine(Path.GetTempPath(), "marketplace-train-test-" + Guid.NewGuid().ToString("N"));
        try
        {
            await using var scope = fixture.App.Services.CreateAsyncScope();
            var trainer = new MatchingTrainer(scope.ServiceProvider.GetRequiredService<MarketplaceDbContext>(), fixture.App.Clock);
            var stages = new List<string>();
            var report = await trainer.TrainAsync(
                Path.Combine(folder, "matching.zip"), new TrainingOptions(Seed: 7, Ranker: new RankerOptions(Trees: 40, MinRowsPerLeaf: 5)),
                new SyncProgress(p => stages.Add(p.Stage)));

            var metrics = JsonNode.Parse(await File.ReadAllTextAsync(Path.Combine(folder, "metrics.json")))!;
            foreach (var ranker in new[] { "model", "search_only", "heuristic", "random" })
            {
                foreach (var figure in new[] { "ndcg@5", "ndcg@10", "map" })
                {
                    Assert.InRange(metrics["test"]![ranker]![figure]!.GetValue<double>(), 0, 1);
                }
            }

            Assert.Equal(report.Rows, metrics["rows"]!.GetValue<int>());
            Assert.Equal(7, metrics["seed"]!.GetValue<int>());
            Assert.NotNull(metrics["trained_at"]);
            Assert.NotNull(metrics["exposure"]!["before"]!["top20_gini"]);
            // No listing on both sides: the two sides' listing counts add up to the distinct total.
            var split = metrics["split"]!;
            Assert.True(split["test_challenges"]!.GetValue<int>() > 0);
            Assert.Equal(metrics["challenges"]!.GetValue<int>(), split["train_challenges"]!.GetValue<int>() + split["test_challenges"]!.GetValue<int>());
            Assert.Contains("构造特征", stages);
            Assert.Contains("## 已知局限", await File.ReadAllTextAsync(Path.Combine(folder, "MODEL_CARD.md")));

            // The published file is a model the host serves.
            using var host = new MatchingModelHost(new MatchingOptions { ModelPath = Path.Combine(folder, "matching.zip") }, TimeProvider.System, NullLogger<MatchingModelHost>.Instance);
            Assert.Equal(report.ModelVersion, host.Version);
            Assert.Equal(2, host.Current!.Score([new float[PairFeatures.Count], new float[PairFeatures.Count]]).Length);
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    [Fact]
    public async Task A_newly_published_model_is_picked_up_without_a_restart_and_a_broken_file_is_not()
    {
        var folder = Path.Combine(Path.GetTempPath(), "marketplace-reload-" + Guid.NewGuid().ToString("N"));
        var path = Path.Combine(folder, "matching.zip");
        try
        {
            using var host = new MatchingModelHost(new MatchingOptions { ModelPath = path }, TimeProvider.System, NullLogger<MatchingModelHost>.Instance);
            Assert.Null(host.Version);
            Assert.Null(host.Current);

            Publish(Train(seed: 1), path);
            var first = await WaitForVersionAsync(host, previous: null);
            var snapshot = host.Current!;

            Publish(Train(seed: 2), path);
            var second = await WaitForVersionAsync(host, previous: first);
            Assert.NotEqual(first, second);
            // A request that took the old snapshot keeps scoring with it.
            Assert.Equal(first, snapshot.Version);
            Assert.Single(snapshot.Score([new float[PairFeatures.Count]]));

            // Half a file (a writer not using rename): the host keeps serving the model it has.
            await File.WriteAllBytesAsync(path, [1, 2, 3, 4]);
            host.Reload();
            Assert.Equal(second, host.Version);
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    private static async Task<string> WaitForVersionAsync(MatchingModelHost host, string? previous)
    {
        // The watcher usually fires at once; the periodic check is the fallback. Bounded, but not a timing assertion.
        var deadline = DateTime.UtcNow.AddSeconds(20);
        while (DateTime.UtcNow < deadline)
        {
            if (host.Version is { } version && version != previous)
            {
                return version;
            }

            await Task.Delay(100);
        }

        throw new Xunit.Sdk.XunitException($"the host did not pick up the new model (still {host.Version ?? "none"})");
    }

    private static LightGbmRanker Train(int seed)
    {
        var rng = new Random(seed);
        var rows = new List<RankingRow>();
        for (var c = 0; c < 30; c++)
        {
            var challenge = new Guid(c + 1, 0, 0, new byte[8]);
            for (var e = 0; e < 12; e++)
            {
                var features = Enumerable.Range(0, PairFeatures.Count).Select(_ => (float)rng.NextDouble()).ToArray();
                var label = features[PairFeatures.SkillExactShare] > 0.7 ? 3 : features[PairFeatures.SkillExactShare] > 0.4 ? 1 : 0;
                rows.Add(new RankingRow(challenge, new Guid(c + 1, (short)e, 1, new byte[8]), label, features));
            }
        }

        return LightGbmRanker.Train(rows, seed, new RankerOptions(Trees: 10 + seed, MinRowsPerLeaf: 5));
    }

    private static void Publish(LightGbmRanker model, string path)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        var temporary = path + ".tmp";
        using (var stream = File.Create(temporary))
        {
            model.Save(stream);
        }

        File.Move(temporary, path, overwrite: true);
    }

    private sealed class SyncProgress(Action<TrainingProgress> report) : IProgress<TrainingProgress>
    {
        public void Report(TrainingProgress value) => report(value);
    }
}
