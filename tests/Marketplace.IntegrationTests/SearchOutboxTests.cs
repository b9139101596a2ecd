using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Marketplace.Application.Engineers.Search;
using Marketplace.Domain.Engineers;
using Marketplace.Infrastructure.DemoData;
using Marketplace.Infrastructure.Outbox;
using Marketplace.Infrastructure.Persistence;
using Marketplace.Testing;
using Marketplace.Web.Infrastructure;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.TestHost;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Npgsql;
using Xunit.Abstractions;
using static Marketplace.IntegrationTests.ChallengeBoard;

namespace Marketplace.IntegrationTests;

/// <summary>
/// The search outbox: rows written in the change's own transaction, applied by the background worker to the real Lucene
/// index. Tests that need the worker stopped, failing or crashing run their own hosts on their own database (in the
/// fixture's PostgreSQL), so the shared app's worker cannot take their rows.
/// </summary>
[Collection(AppCollection.Name)]
public sealed class SearchOutboxTests(AppFixture fixture, ITestOutputHelper output)
{
    private static readonly TimeSpan Freshness = TimeSpan.FromSeconds(1);

    [Fact]
    public async Task A_changed_profile_is_searchable_within_one_second()
    {
        var engineer = await fixture.App.ClientForAsync(Engineer);
        var company = await fixture.App.ClientForAsync(Company);
        var me = await engineer.GetFromJsonAsync<JsonElement>("/api/engineers/me");
        var id = me.GetProperty("id").GetGuid();
        var word = UniqueWord();
        Assert.Empty(await FindAsync(company, word));

        var originalBio = me.GetProperty("bio").GetString() ?? "";
        var changed = await engineer.PutAsJsonAsync("/api/engineers/me", EngineerSearchTests.ProfileFrom(me, originalBio + " 近年专注" + word + "。"));
        var changedText = await changed.Content.ReadAsStringAsync();
        Assert.True(changed.IsSuccessStatusCode, changedText);

        var (found, elapsed) = await PollAsync(company, word, ids => ids.Contains(id));
        Assert.Equal([id], found);
        Assert.True(elapsed <= Freshness, $"found after {elapsed.TotalMilliseconds:F0} ms");
        output.WriteLine($"searchable {elapsed.TotalMilliseconds:F0} ms after the PUT returned");

        // Put back: the word leaves the index just as fast.
        var restored = await engineer.PutAsJsonAsync("/api/engineers/me", EngineerSearchTests.ProfileFrom(JsonDocument.Parse(changedText).RootElement, originalBio));
        Assert.True(restored.IsSuccessStatusCode, await restored.Content.ReadAsStringAsync());
        var (left, gone) = await PollAsync(company, word, ids => ids.Count == 0);
        Assert.Empty(left);
        Assert.True(gone <= Freshness, $"gone after {gone.TotalMilliseconds:F0} ms");
        output.WriteLine($"gone {gone.TotalMilliseconds:F0} ms after the PUT returned");
    }

    [Fact]
    public async Task Outbox_rows_are_written_only_when_the_change_commits()
    {
        await using var host = await OutboxHost.CreateAsync(fixture.Database, engineers: 60, worker: false);
        await host.ClearOutboxAsync();
        var engineer = await host.ClientForAsync(Engineer);
        var me = await engineer.GetFromJsonAsync<JsonElement>("/api/engineers/me");
        var id = me.GetProperty("id").GetGuid();

        // A stale version is refused and writes nothing.
        var stale = EngineerSearchTests.ProfileFrom(me, "过期版本的修改");
        stale["version"] = me.GetProperty("version").GetUInt32() + 7;
        await (await engineer.PutAsJsonAsync("/api/engineers/me", stale)).AssertProblemAsync(HttpStatusCode.Conflict);
        Assert.Empty(await host.OutboxAsync());

        // A save that fails its concurrency check inside SaveChanges rolls its outbox row back with it.
        var other = await host.WithDbAsync(db => db.Engineers.Where(e => e.Id != id).Select(e => e.Id).FirstAsync());
        await using (var first = host.Services.CreateAsyncScope())
        await using (var second = host.Services.CreateAsyncScope())
        {
            var db1 = first.ServiceProvider.GetRequiredService<MarketplaceDbContext>();
            var db2 = second.ServiceProvider.GetRequiredService<MarketplaceDbContext>();
            SetBio(await db1.Engineers.SingleAsync(e => e.Id == other), db1, "先保存的修改");
            SetBio(await db2.Engineers.SingleAsync(e => e.Id == other), db2, "后保存的修改");
            await db1.SaveChangesAsync();
            await Assert.ThrowsAsync<DbUpdateConcurrencyException>(() => db2.SaveChangesAsync());
        }

        Assert.Equal([other], (await host.OutboxAsync()).Select(r => r.EngineerId));

        // So does a caller's own transaction that is rolled back.
        await host.ClearOutboxAsync();
        await using (var scope = host.Services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<MarketplaceDbContext>();
            await using var transaction = await db.Database.BeginTransactionAsync();
            SetBio(await db.Engineers.SingleAsync(e => e.Id == other), db, "回滚的修改");
            await db.SaveChangesAsync();
            Assert.Single(await db.SearchOutbox.AsNoTracking().ToListAsync());
            await transaction.RollbackAsync();
        }

        Assert.Empty(await host.OutboxAsync());

        // A profile saved through the API: exactly one row, for that engineer, never tried.
        var saved = await engineer.PutAsJsonAsync("/api/engineers/me", EngineerSearchTests.ProfileFrom(me, "新的个人简介"));
        Assert.True(saved.IsSuccessStatusCode, await saved.Content.ReadAsStringAsync());
        var row = Assert.Single(await host.OutboxAsync());
        Assert.Equal(id, row.EngineerId);
        Assert.Equal(0, row.Attempts);
        Assert.Null(row.NextAttemptAt);

        // A challenge step that moves an engineer's counters (an award: 揭榜成功 +1) enqueues that engineer too, though
        // the challenge code never mentions the index.
        var board = new ChallengeBoard(host);
        var listing = await board.PublishedAsync(Listing(title: "发件箱测试：定榜后更新工程师档案"));
        var application = await board.ApplyAsync(OtherEngineer(40), listing);
        var winner = await board.EngineerIdAsync(OtherEngineer(40));
        await board.EvaluateAsync(listing);
        var wonBefore = await host.WithDbAsync(db => db.Engineers.Where(e => e.Id == winner).Select(e => e.ChallengesWon).SingleAsync());
        await host.ClearOutboxAsync();
        await board.Post(Company, $"/api/challenges/{listing}/applications/{application}/award", new { });
        Assert.Equal(wonBefore + 1, await host.WithDbAsync(db => db.Engineers.Where(e => e.Id == winner).Select(e => e.ChallengesWon).SingleAsync()));
        Assert.Equal([winner], (await host.OutboxAsync()).Select(r => r.EngineerId));
    }

    [Fact]
    public async Task A_crash_in_the_middle_of_a_batch_is_repaired_by_the_next_instance()
    {
        const int AllowedBeforeCrash = 100;
        var database = await OutboxHost.CreateDatabaseAsync(fixture.Database);
        var indexPath = Path.Combine(Path.GetTempPath(), "marketplace-outbox-" + Guid.NewGuid().ToString("N"));
        var common = UniqueWord();
        var codes = new Dictionary<Guid, string>();
        try
        {
            CrashingSearch? crashing = null;
            await using (var first = new OutboxHost(fixture.Database, database, indexPath, wrap: inner => crashing = new CrashingSearch(inner)))
            {
                await first.SeedAsync(300);
                await first.WaitForEmptyOutboxAsync();
                Assert.NotNull(crashing);

                // 300 engineers change in one transaction; the index dies after 100 documents of the first batch.
                crashing.CrashAfter(AllowedBeforeCrash);
                await first.WithDbAsync(async db =>
                {
                    var engineers = await db.Engineers.OrderBy(e => e.Id).ToListAsync();
                    for (var i = 0; i < engineers.Count; i++)
                    {
                        codes[engineers[i].Id] = $"obx{i:D4}";
                        SetBio(engineers[i], db, $"批量修改 {common} {codes[engineers[i].Id]}");
                    }

                    return await db.SaveChangesAsync();
                });
                Assert.Equal(300, codes.Count);

                // Every row was tried and failed; the index kept the 100 documents written before the crash.
                var rows = await first.WaitForAsync(first.OutboxAsync, r => r.Count == 300 && r.All(x => x.Attempts > 0));
                Assert.Equal(300, rows.Count);
                Assert.All(rows, r => Assert.Contains(nameof(CrashingSearch), r.LastError, StringComparison.Ordinal));
                var search = first.Services.GetRequiredService<IEngineerSearch>();
                Assert.Equal(AllowedBeforeCrash, (await search.SearchAsync(new EngineerSearchQuery { Text = common, Size = 1 })).Total);

                // Push the retries out of the first host's reach, so what follows is the next instance's work alone.
                await first.WithDbAsync(db => db.SearchOutbox.ExecuteUpdateAsync(s => s.SetProperty(r => r.NextAttemptAt, DateTimeOffset.UtcNow.AddHours(1))));
            }

            // The next instance opens the same index: the counts agree, so no start-up rebuild hides anything.
            await using var second = new OutboxHost(fixture.Database, database, indexPath);
            var index = second.Services.GetRequiredService<IEngineerSearch>();
            Assert.Equal(AllowedBeforeCrash, (await index.SearchAsync(new EngineerSearchQuery { Text = common, Size = 1 })).Total);

            second.Clock.Advance(TimeSpan.FromHours(2));
            Assert.Empty(await second.WaitForEmptyOutboxAsync());
            Assert.Equal(await second.WithDbAsync(db => db.Engineers.CountAsync()), await index.CountAsync());
            Assert.Equal(300, (await index.SearchAsync(new EngineerSearchQuery { Text = common, Size = 1 })).Total);
            foreach (var (id, code) in codes)
            {
                var hits = await index.SearchAsync(new EngineerSearchQuery { Text = code });
                Assert.Equal([id], hits.Hits.Select(h => h.Id));
            }
        }
        finally
        {
            await OutboxHost.DropDatabaseAsync(fixture.Database, database);
            TryDelete(indexPath);
        }
    }

    [Fact]
    public async Task A_failing_engineer_is_retried_with_backoff_and_holds_up_no_one_else()
    {
        PoisonedSearch? poisoned = null;
        await using var host = await OutboxHost.CreateAsync(fixture.Database, engineers: 10, wrap: inner => poisoned = new PoisonedSearch(inner));
        await host.WaitForEmptyOutboxAsync();
        Assert.NotNull(poisoned);
        var ids = await host.WithDbAsync(db => db.Engineers.OrderBy(e => e.Id).Select(e => e.Id).Take(3).ToListAsync());
        var (stuck, other, later) = (ids[0], ids[1], ids[2]);
        var index = host.Services.GetRequiredService<IEngineerSearch>();
        var (stuckWord, otherWord, laterWord, stuckSecondWord) = (UniqueWord(), UniqueWord(), UniqueWord(), UniqueWord());

        // The stuck engineer's row comes first; the other engineer's later row is applied all the same.
        poisoned.Poison(stuck);
        await host.SetBioAsync(stuck, "简介 " + stuckWord);
        await host.SetBioAsync(other, "简介 " + otherWord);
        await host.WaitForAsync(() => IdsAsync(index, otherWord), found => found.Contains(other));
        Assert.Equal([other], await IdsAsync(index, otherWord));

        // Retries come with growing waits: each attempt starts no earlier than the last one's due time, and sets the
        // next due time at least the doubled backoff after it.
        var seen = new Dictionary<int, SearchOutboxEntry>();
        await host.WaitForAsync(
            async () =>
            {
                foreach (var r in await host.OutboxAsync())
                {
                    seen.TryAdd(r.Attempts, r);
                }

                return seen;
            },
            s => s.ContainsKey(3));
        Assert.Equal([stuck], (await host.OutboxAsync()).Select(r => r.EngineerId));
        for (var attempts = 1; attempts <= 3; attempts++)
        {
            Assert.True(seen.ContainsKey(attempts), $"attempt {attempts} not observed");
            Assert.Contains("PoisonedSearch", seen[attempts].LastError, StringComparison.Ordinal);
            Assert.NotNull(seen[attempts].NextAttemptAt);
        }

        var maxBackoff = TimeSpan.FromSeconds(300);
        Assert.True(seen[2].NextAttemptAt - seen[1].NextAttemptAt >= SearchOutboxProcessor.Backoff(2, maxBackoff));
        Assert.True(seen[3].NextAttemptAt - seen[2].NextAttemptAt >= SearchOutboxProcessor.Backoff(3, maxBackoff));
        Assert.Equal(TimeSpan.FromSeconds(4), SearchOutboxProcessor.Backoff(3, maxBackoff));
        Assert.Equal(maxBackoff, SearchOutboxProcessor.Backoff(40, maxBackoff));
        Assert.Empty(await IdsAsync(index, stuckWord));

        // While its failing row waits (here: an hour), a newer change of the same engineer must not overtake it, even
        // once the index would accept it; other engineers' later changes still go through.
        await host.WithDbAsync(db => db.SearchOutbox.ExecuteUpdateAsync(s => s.SetProperty(r => r.NextAttemptAt, DateTimeOffset.UtcNow.AddHours(1))));
        poisoned.Heal(stuck);
        await host.SetBioAsync(stuck, "简介 " + stuckSecondWord);
        await host.SetBioAsync(later, "简介 " + laterWord);
        await host.WaitForAsync(() => IdsAsync(index, laterWord), found => found.Contains(later));
        Assert.Equal([stuck, stuck], (await host.OutboxAsync()).Select(r => r.EngineerId));
        Assert.Empty(await IdsAsync(index, stuckSecondWord));

        // When it comes due, both rows go in one re-index of the current profile.
        host.Clock.Advance(TimeSpan.FromHours(2));
        Assert.Equal([stuck], await host.WaitForAsync(() => IdsAsync(index, stuckSecondWord), found => found.Count > 0));
        Assert.Empty(await host.WaitForEmptyOutboxAsync());
        Assert.Empty(await IdsAsync(index, stuckWord));
    }

    [Fact]
    public async Task Readiness_reports_the_outbox_backlog()
    {
        await using var host = await OutboxHost.CreateAsync(fixture.Database, engineers: 5, worker: false);
        await host.ClearOutboxAsync();
        var client = host.CreateClient();
        var ready = JsonDocument.Parse(await client.GetStringAsync("/health/ready")).RootElement.GetProperty("checks").GetProperty("search");
        Assert.Equal("Healthy", ready.GetProperty("status").GetString());
        Assert.Equal(0, ready.GetProperty("data").GetProperty("outboxPending").GetInt32());

        // Nothing applies the row (no worker here); once it is older than a minute, readiness says so.
        var id = await host.WithDbAsync(db => db.Engineers.Select(e => e.Id).FirstAsync());
        await host.SetBioAsync(id, "积压测试");
        host.Clock.Advance(TimeSpan.FromMinutes(2));
        var stale = JsonDocument.Parse(await client.GetStringAsync("/health/ready")).RootElement.GetProperty("checks").GetProperty("search");
        Assert.Equal("Degraded", stale.GetProperty("status").GetString());
        Assert.Equal(1, stale.GetProperty("data").GetProperty("outboxPending").GetInt32());
        Assert.True(stale.GetProperty("data").GetProperty("outboxOldestAgeSeconds").GetDouble() >= 120);
    }

    private static string UniqueWord()
    {
        // Rare characters (fish names) that no demo profile uses, four of them, so the word is new to the index.
        const string Alphabet = "鳜鲥鲈鳊鲂鳙鲢鳡鲮鲶鳟鲳鲷鳕鲭鲱";
        return string.Concat(Enumerable.Range(0, 4).Select(_ => Alphabet[Random.Shared.Next(Alphabet.Length)]));
    }

    private static void SetBio(EngineerProfile profile, MarketplaceDbContext db, string bio) =>
        db.Entry(profile).Property(e => e.Bio).CurrentValue = bio;

    private static async Task<List<Guid>> FindAsync(HttpClient client, string word)
    {
        var page = await client.GetFromJsonAsync<JsonElement>($"/api/engineers?q={Uri.EscapeDataString(word)}&size=100");
        return page.GetProperty("items").EnumerateArray().Select(i => i.GetProperty("engineer").GetProperty("id").GetGuid()).ToList();
    }

    private static async Task<List<Guid>> IdsAsync(IEngineerSearch index, string word) =>
        (await index.SearchAsync(new EngineerSearchQuery { Text = word, Size = 100 })).Hits.Select(h => h.Id).ToList();

    /// <summary>Searches until <paramref name="done"/> or the freshness deadline has passed; returns the last result and when it came.</summary>
    private static async Task<(List<Guid> Found, TimeSpan Elapsed)> PollAsync(HttpClient client, string word, Func<List<Guid>, bool> done)
    {
        var watch = Stopwatch.StartNew();
        while (true)
        {
            var found = await FindAsync(client, word);
            if (done(found) || watch.Elapsed > Freshness)
            {
                return (found, watch.Elapsed);
            }

            await Task.Delay(20);
        }
    }

    private static void TryDelete(string path)
    {
        try
        {
            Directory.Delete(path, recursive: true);
        }
        catch (DirectoryNotFoundException)
        {
        }
    }

    /// <summary>
    /// An app host on its own database and index folder, optionally with the search port wrapped (to make it fail) or
    /// without the outbox worker (to look at the rows it would take).
    /// </summary>
    private sealed class OutboxHost : MarketplaceAppFactory
    {
        private readonly Func<IEngineerSearch, IEngineerSearch>? _wrap;
        private readonly bool _worker;
        private readonly string? _ownDatabase;
        private readonly string? _ownIndex;

        public OutboxHost(PostgresServer server, string database, string indexPath, Func<IEngineerSearch, IEngineerSearch>? wrap = null, bool worker = true)
            : this(server, database, indexPath, wrap, worker, owns: false)
        {
        }

        private OutboxHost(PostgresServer server, string database, string indexPath, Func<IEngineerSearch, IEngineerSearch>? wrap, bool worker, bool owns)
            : base(server)
        {
            _wrap = wrap;
            _worker = worker;
            _ownDatabase = owns ? database : null;
            _ownIndex = owns ? indexPath : null;
            Settings["ConnectionStrings:Marketplace"] = new NpgsqlConnectionStringBuilder(server.ConnectionString) { Database = database }.ConnectionString;
            Settings["Search:IndexPath"] = indexPath;
            Settings["Search:OutboxPollSeconds"] = "1";
        }

        /// <summary>A host on a new database (dropped with the host) seeded with this many demo engineers.</summary>
        public static async Task<OutboxHost> CreateAsync(PostgresServer server, int engineers, Func<IEngineerSearch, IEngineerSearch>? wrap = null, bool worker = true)
        {
            var database = await CreateDatabaseAsync(server);
            var host = new OutboxHost(server, database, Path.Combine(Path.GetTempPath(), "marketplace-outbox-" + Guid.NewGuid().ToString("N")), wrap, worker, owns: true);
            await host.SeedAsync(engineers);
            return host;
        }

        public static async Task<string> CreateDatabaseAsync(PostgresServer server)
        {
            var name = "outbox_" + Guid.NewGuid().ToString("N")[..12];
            await using var connection = new NpgsqlConnection(server.ConnectionString);
            await connection.OpenAsync();
            await using var create = new NpgsqlCommand($"CREATE DATABASE {name}", connection);
            await create.ExecuteNonQueryAsync();
            return name;
        }

        public static async Task DropDatabaseAsync(PostgresServer server, string name)
        {
            await using var connection = new NpgsqlConnection(server.ConnectionString);
            await connection.OpenAsync();
            await using var drop = new NpgsqlCommand($"DROP DATABASE IF EXISTS {name} WITH (FORCE)", connection);
            await drop.ExecuteNonQueryAsync();
        }

        public async Task SeedAsync(int engineers)
        {
            await using var scope = Services.CreateAsyncScope();
            await scope.ServiceProvider.GetRequiredService<DemoDataGenerator>().GenerateAsync(new DemoDataOptions(engineers));
            await RebuildSearchIndexAsync();
        }

        public Task<List<SearchOutboxEntry>> OutboxAsync() =>
            WithDbAsync(db => db.SearchOutbox.AsNoTracking().OrderBy(r => r.Id).ToListAsync());

        public Task<int> ClearOutboxAsync() => WithDbAsync(db => db.SearchOutbox.ExecuteDeleteAsync());

        public Task<List<SearchOutboxEntry>> WaitForEmptyOutboxAsync() => WaitForAsync(OutboxAsync, rows => rows.Count == 0);

        public Task<int> SetBioAsync(Guid engineer, string bio) => WithDbAsync(async db =>
        {
            SetBio(await db.Engineers.SingleAsync(e => e.Id == engineer), db, bio);
            return await db.SaveChangesAsync();
        });

        public async Task<T> WaitForAsync<T>(Func<Task<T>> read, Func<T, bool> done)
        {
            var deadline = DateTime.UtcNow.AddSeconds(60);
            while (true)
            {
                var value = await read();
                if (done(value) || DateTime.UtcNow > deadline)
                {
                    return value;
                }

                await Task.Delay(100);
            }
        }

        public override async ValueTask DisposeAsync()
        {
            await base.DisposeAsync();
            if (_ownDatabase is not null)
            {
                await DropDatabaseAsync(Database, _ownDatabase);
            }

            if (_ownIndex is not null)
            {
                TryDelete(_ownIndex);
            }
        }

        protected override void ConfigureWebHost(IWebHostBuilder builder)
        {
            base.ConfigureWebHost(builder);
            builder.ConfigureTestServices(services =>
            {
                if (_wrap is { } wrap)
                {
                    var original = services.Last(d => d.ServiceType == typeof(IEngineerSearch));
                    services.Remove(original);
                    services.AddSingleton(sp => wrap((IEngineerSearch)original.ImplementationFactory!(sp)));
                }

                if (!_worker)
                {
                    services.Remove(services.Single(d => d.ServiceType == typeof(IHostedService) && d.ImplementationType == typeof(SearchOutboxWorker)));
                }
            });
        }
    }

    /// <summary>Passes writes through, disposing the real index with the host (it holds the folder's write lock).</summary>
    private abstract class SearchDecorator(IEngineerSearch inner) : IEngineerSearch, IDisposable
    {
        protected IEngineerSearch Inner => inner;

        public Task<EngineerSearchResult> SearchAsync(EngineerSearchQuery query, CancellationToken cancellationToken = default) => inner.SearchAsync(query, cancellationToken);

        public virtual Task IndexAsync(IEnumerable<EngineerSearchDocument> documents, CancellationToken cancellationToken = default) => inner.IndexAsync(documents, cancellationToken);

        public Task DeleteAsync(Guid id, CancellationToken cancellationToken = default) => inner.DeleteAsync(id, cancellationToken);

        public Task RebuildAsync(IAsyncEnumerable<EngineerSearchDocument> documents, IProgress<int>? progress = null, CancellationToken cancellationToken = default) =>
            inner.RebuildAsync(documents, progress, cancellationToken);

        public Task<int> CountAsync(CancellationToken cancellationToken = default) => inner.CountAsync(cancellationToken);

        public void Dispose() => (inner as IDisposable)?.Dispose();
    }

    /// <summary>Once armed, writes that many more documents and then fails every write, like a process dying mid-batch.</summary>
    private sealed class CrashingSearch(IEngineerSearch inner) : SearchDecorator(inner)
    {
        private int _left = int.MaxValue;

        public void CrashAfter(int documents) => Volatile.Write(ref _left, documents);

        public override async Task IndexAsync(IEnumerable<EngineerSearchDocument> documents, CancellationToken cancellationToken = default)
        {
            var list = documents.ToList();
            var left = Volatile.Read(ref _left);
            if (list.Count <= left)
            {
                Interlocked.Add(ref _left, -list.Count);
                await Inner.IndexAsync(list, cancellationToken);
                return;
            }

            if (left > 0)
            {
                Volatile.Write(ref _left, 0);
                await Inner.IndexAsync(list.Take(left).ToList(), cancellationToken);
            }

            throw new IOException($"{nameof(CrashingSearch)}: index lost after {left} of {list.Count} documents");
        }
    }

    /// <summary>Refuses any write that contains a poisoned engineer.</summary>
    private sealed class PoisonedSearch(IEngineerSearch inner) : SearchDecorator(inner)
    {
        private readonly System.Collections.Concurrent.ConcurrentDictionary<Guid, bool> _poisoned = new();

        public void Poison(Guid id) => _poisoned[id] = true;

        public void Heal(Guid id) => _poisoned.TryRemove(id, out _);

        public override Task IndexAsync(IEnumerable<EngineerSearchDocument> documents, CancellationToken cancellationToken = default)
        {
            var list = documents.ToList();
            return list.Any(d => _poisoned.ContainsKey(d.Id))
                ? throw new InvalidOperationException($"{nameof(PoisonedSearch)}: refused")
                : Inner.IndexAsync(list, cancellationToken);
        }
    }
}
