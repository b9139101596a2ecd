using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Marketplace.Application.Live;
using Marketplace.Testing;
using Marketplace.Web.Live;
using Microsoft.AspNetCore.SignalR;
using Microsoft.AspNetCore.SignalR.Client;
using Microsoft.EntityFrameworkCore;
using Xunit.Abstractions;

namespace Marketplace.IntegrationTests.Security;

/// <summary>
/// Issue 9, faults: the test's own PostgreSQL is stopped and started again while clients read and write. During the
/// outage every request fails fast with a 503 ProblemDetails (never a 500, never a hang); afterwards the app recovers
/// by itself — no restart — with every acknowledged write present, the search worker indexing again and the live
/// channel sending and resyncing.
/// </summary>
[Collection(OutageCollection.Name)]
public sealed class DatabaseOutageTests(OutageFixture fixture, ITestOutputHelper output)
{
    private static readonly JsonSerializerOptions Json = ApiClientExtensions.Json;

    [Fact]
    public async Task Requests_fail_fast_with_503_during_an_outage_and_everything_acknowledged_survives_the_restart()
    {
        var app = fixture.App;
        var address = app.KestrelAddress!;
        var company = await app.AccountAsync("company@demo.cn");
        var engineer = await app.AccountAsync("engineer@demo.cn");
        var engineerId = await app.WithDbAsync(db => db.Engineers.Where(e => e.UserId == engineer.UserId).Select(e => e.Id).SingleAsync());
        var opened = await Ok<ConsultationDto>(await company.Http.PostAsJsonAsync("/api/consultations",
            new { engineerId, topic = "断库演练", question = "数据库中断期间的消息。", price = 0m }));
        await Ok<ConsultationDto>(await engineer.Http.PostAsJsonAsync($"/api/consultations/{opened.Id}/accept", new { }));

        await using var engineerHub = engineer.Hub(address, b => b.WithAutomaticReconnect());
        var pushed = new ConcurrentDictionary<int, int>();
        engineerHub.On<ConsultationMessageDto>("message", m => pushed.AddOrUpdate(m.Seq, 1, (_, n) => n + 1));
        await engineerHub.StartAsync();
        await engineerHub.InvokeAsync<JoinResult>("JoinConsultation", opened.Id, 0);

        // Load: a writer posting messages and a reader browsing, each call recorded with its outcome and time.
        var outcomes = new ConcurrentQueue<(string Kind, HttpStatusCode Status, string? Code, double Ms, int? Seq)>();
        using var stop = new CancellationTokenSource();
        var writer = Task.Run(async () =>
        {
            for (var i = 0; !stop.IsCancellationRequested; i++)
            {
                var started = Stopwatch.GetTimestamp();
                var response = await company.Http.PostAsJsonAsync($"/api/consultations/{opened.Id}/messages", new { text = $"第 {i} 条" });
                var body = await response.Content.ReadAsStringAsync();
                int? seq = response.IsSuccessStatusCode ? JsonDocument.Parse(body).RootElement.GetProperty("seq").GetInt32() : null;
                outcomes.Enqueue(("write", response.StatusCode, Code(response, body), Stopwatch.GetElapsedTime(started).TotalMilliseconds, seq));
                await Task.Delay(20);
            }
        });
        var reader = Task.Run(async () =>
        {
            while (!stop.IsCancellationRequested)
            {
                var started = Stopwatch.GetTimestamp();
                var response = await company.Http.GetAsync("/api/challenges?size=10");
                var body = await response.Content.ReadAsStringAsync();
                outcomes.Enqueue(("read", response.StatusCode, Code(response, body), Stopwatch.GetElapsedTime(started).TotalMilliseconds, null));
                await Task.Delay(20);
            }
        });

        await Task.Delay(1500);
        await fixture.Database.StopAsync();
        var down = Stopwatch.StartNew();
        await Task.Delay(2500);

        // The live channel refuses a send with a hub error while the database is away, and keeps the connection.
        var refused = await Assert.ThrowsAsync<HubException>(() => engineerHub.InvokeAsync<ConsultationMessageDto>("SendMessage", opened.Id, "断库时发送", null));
        Assert.Contains("数据库暂时无法访问", refused.Message);
        var health = await new HttpClient { BaseAddress = address }.GetAsync("/health/ready");
        Assert.Equal(HttpStatusCode.ServiceUnavailable, health.StatusCode);

        await fixture.Database.RestartAsync();
        output.WriteLine($"database down for {down.Elapsed.TotalSeconds:F1} s");

        // Recovers by itself: wait until writes and reads succeed again, then keep the load a moment longer.
        await LiveClients.Eventually(() => outcomes.Any(o => o.Status == HttpStatusCode.OK && o.Kind == "write")
            && outcomes.Reverse().Take(6).All(o => o.Status == HttpStatusCode.OK), "requests succeed again after the restart", seconds: 30);
        await Task.Delay(1000);
        await stop.CancelAsync();
        await Task.WhenAll(writer, reader);

        var all = outcomes.ToList();
        var failures = all.Where(o => o.Status != HttpStatusCode.OK).ToList();
        output.WriteLine($"{all.Count} requests, {failures.Count} refused during the outage; slowest refusal {failures.Select(f => f.Ms).DefaultIfEmpty().Max():F0} ms");
        Assert.NotEmpty(failures);
        // Every refusal is the 503 problem, none a 500 or anything else.
        Assert.All(failures, f => Assert.True(f.Status == HttpStatusCode.ServiceUnavailable && f.Code == "database_unavailable", $"{f.Kind}: {(int)f.Status} {f.Code}"));
        // Fast: a refused connection, not a client left waiting for a timeout (Npgsql's default is 15 s).
        Assert.All(failures, f => Assert.True(f.Ms < 5000, $"{f.Kind} took {f.Ms:F0} ms to fail"));

        // Every acknowledged write is stored, numbered without a gap, and nothing unacknowledged slipped in twice.
        var acked = all.Where(o => o.Seq is not null).Select(o => o.Seq!.Value).Order().ToList();
        var stored = await app.WithDbAsync(db => db.ConsultationMessages.AsNoTracking().Where(m => m.ConsultationId == opened.Id).OrderBy(m => m.Seq).Select(m => m.Seq).ToListAsync());
        Assert.Equal(acked, stored);
        Assert.Equal(Enumerable.Range(1, stored.Count), stored);

        // The live channel: sending works again, and a resync after 0 returns exactly the stored messages.
        var after = await engineerHub.InvokeAsync<ConsultationMessageDto>("SendMessage", opened.Id, "恢复后发送", null);
        Assert.Equal(stored.Count + 1, after.Seq);
        var resync = await engineerHub.InvokeAsync<JoinResult>("JoinConsultation", opened.Id, 0);
        Assert.Equal(Enumerable.Range(1, stored.Count + 1), resync.Messages.Select(m => m.Seq));

        // The search worker survived its failed polls: a profile change after the restart reaches the index.
        var me = await engineer.Http.GetFromJsonAsync<JsonElement>("/api/engineers/me", Json);
        const string word = "鳜鲥鲈鳊断库";
        var changed = await engineer.Http.PutAsJsonAsync("/api/engineers/me", EngineerSearchTests.ProfileFrom(me, (me.GetProperty("bio").GetString() ?? "") + " " + word));
        Assert.True(changed.IsSuccessStatusCode, await changed.Content.ReadAsStringAsync());
        var found = false;
        for (var i = 0; i < 100 && !found; i++)
        {
            var page = await company.Http.GetFromJsonAsync<JsonElement>($"/api/engineers?q={Uri.EscapeDataString(word)}&size=5", Json);
            found = page.GetProperty("items").EnumerateArray().Any(item => item.GetProperty("engineer").GetProperty("id").GetGuid() == engineerId);
            if (!found)
            {
                await Task.Delay(200);
            }
        }

        Assert.True(found, "the profile changed after the restart is searchable");
        Assert.Equal(HttpStatusCode.OK, (await new HttpClient { BaseAddress = address }.GetAsync("/health/ready")).StatusCode);
    }

    private static string? Code(HttpResponseMessage response, string body)
    {
        if (response.IsSuccessStatusCode || response.Content.Headers.ContentType?.MediaType != "application/problem+json")
        {
            return null;
        }

        return JsonDocument.Parse(body).RootElement.TryGetProperty("code", out var code) ? code.GetString() : null;
    }

    private static async Task<T> Ok<T>(HttpResponseMessage response)
    {
        Assert.True(response.IsSuccessStatusCode, await response.Content.ReadAsStringAsync());
        return (await response.Content.ReadFromJsonAsync<T>(Json))!;
    }
}

/// <summary>A PostgreSQL of the outage test's own: stopping it must not pull the floor from under the other suites.</summary>
public sealed class OutageFixture : IAsyncLifetime
{
    public PostgresServer Database { get; private set; } = null!;

    public MarketplaceAppFactory App { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        Database = await PostgresServer.StartAsync();
        App = new MarketplaceAppFactory(Database);
        App.StartKestrel();
        await App.ResetAndSeedAsync(engineers: 30);
    }

    public async Task DisposeAsync()
    {
        await App.DisposeAsync();
        await Database.DisposeAsync();
    }
}

[CollectionDefinition(Name)]
public sealed class OutageCollection : ICollectionFixture<OutageFixture>
{
    public const string Name = "outage";
}
