using System.Collections.Concurrent;
using System.Diagnostics;
using System.IdentityModel.Tokens.Jwt;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Security.Claims;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.SignalR;
using Microsoft.AspNetCore.SignalR.Client;
using Microsoft.IdentityModel.Tokens;
using Npgsql;

namespace Marketplace.Bench;

/// <summary>
/// The live-services benchmark (issue 6). Against a running app (Production, Release) over a seeded database:
/// <list type="number">
/// <item>an operator hosts a 对接会 and starts a session for a broad need with top = N, once to learn which engineers
/// the matcher invites; those N engineers then connect to /hubs/live (one client each, minted bearer tokens);</item>
/// <item>R more sessions for the same need: each invitation's fan-out is measured per recipient, from the moment the
/// server published it (the payload's publishedAt; client and server share this machine's clock) to its arrival;</item>
/// <item>C consultations between the company and C of those engineers, each side on its own connection; every
/// conversation sends one message a second and the round trip is timed from the sender's call to the other side's
/// receipt of the broadcast (persisted first, so every message is a database transaction).</item>
/// </list>
/// </summary>
internal static class Fanout
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public static async Task<int> RunAsync(Options o)
    {
        var url = new Uri(o.Required("url"));
        var key = o.Required("key");
        var recipients = o.Int("engineers", 1000);
        var rounds = o.Int("rounds", 10);
        var conversations = o.Int("conversations", 200);
        var seconds = o.Int("seconds", 20);
        await using var db = NpgsqlDataSource.Create(o.Required("connection"));

        var operatorUser = await UserAsync(db, "operator@demo.cn");
        var companyUser = await UserAsync(db, "company@demo.cn");
        var cluster = (string)(await Scalar(db, "select c from (select unnest(cluster_codes) c from engineers) x group by c order by count(*) desc, c limit 1"))!;
        using var operatorHttp = Http(url, Mint(operatorUser, key));
        using var companyHttp = Http(url, Mint(companyUser, key));

        var hosted = await PostAsync(operatorHttp, "/api/matching-events", new { title = "基准测试对接会", description = "fan-out benchmark" });
        var need = new
        {
            title = "产线工艺优化需求", description = "一对多撮合基准测试", clusterCode = cluster, skillCodes = Array.Empty<string>(), cityCode = "430100",
            bounty = 100000m, durationDays = 60, top = recipients, answerMinutes = 60, ownerOrganizationId = companyUser.Org, eventId = hosted.GetProperty("id").GetGuid(),
        };
        Console.WriteLine($"==> dry session: who does the matcher invite for top={recipients} in cluster {cluster}?");
        var dry = await PostAsync(operatorHttp, "/api/matching-sessions", need);
        var engineerIds = dry.GetProperty("invitations").EnumerateArray().Select(i => i.GetProperty("engineerId").GetGuid()).ToList();
        if (engineerIds.Count < recipients)
        {
            Console.WriteLine($"warning: the matcher invited {engineerIds.Count} engineers, fewer than {recipients}");
        }

        var engineers = await EngineerUsersAsync(db, engineerIds);
        Console.WriteLine($"==> connecting {engineers.Count} engineer clients");
        var arrivals = new ConcurrentDictionary<Guid, ConcurrentBag<(double FanoutMs, long At)>>();
        var clients = new HubConnection[engineers.Count];
        var inbox = new ConcurrentDictionary<Guid, Action<JsonElement>>();
        using (var gate = new SemaphoreSlim(50))
        {
            await Task.WhenAll(engineers.Select(async (e, index) =>
            {
                await gate.WaitAsync();
                try
                {
                    var hub = Hub(url, Mint(e, key));
                    hub.On<JsonElement>("invitation", invite =>
                    {
                        var at = Stopwatch.GetTimestamp();
                        var published = invite.GetProperty("publishedAt").GetDateTimeOffset();
                        var ms = (DateTimeOffset.UtcNow - published).TotalMilliseconds;
                        arrivals.GetOrAdd(invite.GetProperty("sessionId").GetGuid(), _ => []).Add((ms, at));
                    });
                    hub.On<JsonElement>("message", m =>
                    {
                        if (inbox.TryGetValue(m.GetProperty("consultationId").GetGuid(), out var handler))
                        {
                            handler(m);
                        }
                    });
                    await hub.StartAsync();
                    clients[index] = hub;
                }
                finally
                {
                    gate.Release();
                }
            }));
        }

        Console.WriteLine($"==> {rounds} sessions fanned out to {clients.Length} engineers");
        var fanout = new List<double>();
        var endToEnd = new List<double>();
        var incomplete = 0;
        for (var round = 0; round < rounds + 1; round++)
        {
            var started = Stopwatch.GetTimestamp();
            var session = await PostAsync(operatorHttp, "/api/matching-sessions", need);
            var id = session.GetProperty("id").GetGuid();
            var deadline = DateTime.UtcNow.AddSeconds(30);
            while ((arrivals.TryGetValue(id, out var got) ? got.Count : 0) < clients.Length && DateTime.UtcNow < deadline)
            {
                await Task.Delay(5);
            }

            var bag = arrivals.GetValueOrDefault(id) ?? [];
            incomplete += clients.Length - bag.Count;
            // The first round warms the JIT and the connections' buffers; it is not counted.
            if (round > 0)
            {
                fanout.AddRange(bag.Select(a => a.FanoutMs));
                endToEnd.AddRange(bag.Select(a => Stopwatch.GetElapsedTime(started, a.At).TotalMilliseconds));
            }

            await Task.Delay(500);
        }

        Report.Print("fanout", [.. fanout], TimeSpan.FromSeconds(1), new
        {
            recipients = clients.Length,
            rounds,
            missing = incomplete,
            endToEndP50Ms = Math.Round(Percentile(endToEnd, 0.50), 2),
            endToEndP99Ms = Math.Round(Percentile(endToEnd, 0.99), 2),
        });

        Console.WriteLine($"==> {conversations} consultations, one message a second each for {seconds} s");
        var pairs = new List<(Guid Id, HubConnection Company, HubConnection Engineer)>();
        foreach (var (engineer, index) in engineers.Take(conversations).Select((e, i) => (e, i)))
        {
            var opened = await PostAsync(companyHttp, "/api/consultations", new { engineerId = engineer.EngineerId, topic = "基准测试问诊", question = "round trip", price = 0m });
            var id = opened.GetProperty("id").GetGuid();
            using var engineerHttp = Http(url, Mint(engineer, key));
            await PostAsync(engineerHttp, $"/api/consultations/{id}/accept", new { });
            var companyHub = Hub(url, Mint(companyUser, key));
            await companyHub.StartAsync();
            await companyHub.InvokeAsync<JsonElement>("JoinConsultation", id, 0);
            await clients[index].InvokeAsync<JsonElement>("JoinConsultation", id, 0);
            pairs.Add((id, companyHub, clients[index]));
        }

        var roundTrips = new ConcurrentBag<double>();
        var failures = 0;
        var until = Stopwatch.GetTimestamp() + (long)(seconds * Stopwatch.Frequency);
        await Task.WhenAll(pairs.Select(async (pair, index) =>
        {
            var waiting = new ConcurrentDictionary<int, TaskCompletionSource<long>>();
            inbox[pair.Id] = m =>
            {
                if (waiting.TryRemove(m.GetProperty("seq").GetInt32(), out var tcs))
                {
                    tcs.TrySetResult(Stopwatch.GetTimestamp());
                }
            };
            // Spread the conversations over the second, as people typing would be.
            await Task.Delay(index * 1000 / pairs.Count);
            for (var seq = 1; Stopwatch.GetTimestamp() < until; seq++)
            {
                var tick = Stopwatch.GetTimestamp();
                var arrived = new TaskCompletionSource<long>(TaskCreationOptions.RunContinuationsAsynchronously);
                waiting[seq] = arrived;
                try
                {
                    await pair.Company.InvokeAsync<JsonElement>("SendMessage", pair.Id, $"第 {seq} 条消息", null);
                    var at = await arrived.Task.WaitAsync(TimeSpan.FromSeconds(10));
                    roundTrips.Add(Stopwatch.GetElapsedTime(tick, at).TotalMilliseconds);
                }
                catch (Exception error) when (error is HubException or TimeoutException)
                {
                    Interlocked.Increment(ref failures);
                }

                var spent = Stopwatch.GetElapsedTime(tick);
                if (spent < TimeSpan.FromSeconds(1))
                {
                    await Task.Delay(TimeSpan.FromSeconds(1) - spent);
                }
            }
        }));
        Report.Print("chat", [.. roundTrips], TimeSpan.FromSeconds(seconds), new { conversations = pairs.Count, failures });

        foreach (var pair in pairs)
        {
            await pair.Company.DisposeAsync();
        }

        foreach (var client in clients)
        {
            await client.DisposeAsync();
        }

        return 0;
    }

    private sealed record Account(Guid Id, string Email, Guid? Org, string[] Roles, Guid EngineerId = default);

    private static async Task<Account> UserAsync(NpgsqlDataSource db, string email)
    {
        await using var command = db.CreateCommand(
            "select u.id, u.organization_id, array(select r.name from user_roles ur join roles r on r.id = ur.role_id where ur.user_id = u.id) from users u where u.email = $1");
        command.Parameters.AddWithValue(email);
        await using var reader = await command.ExecuteReaderAsync();
        if (!await reader.ReadAsync())
        {
            throw new InvalidOperationException("no account " + email);
        }

        return new Account(reader.GetGuid(0), email, reader.IsDBNull(1) ? null : reader.GetGuid(1), reader.GetFieldValue<string[]>(2));
    }

    private static async Task<List<Account>> EngineerUsersAsync(NpgsqlDataSource db, List<Guid> engineerIds)
    {
        await using var command = db.CreateCommand("select e.id, u.id, u.email, u.organization_id from engineers e join users u on u.id = e.user_id where e.id = any($1)");
        command.Parameters.AddWithValue(engineerIds.ToArray());
        var found = new Dictionary<Guid, Account>();
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            found[reader.GetGuid(0)] = new Account(reader.GetGuid(1), reader.GetString(2), reader.IsDBNull(3) ? null : reader.GetGuid(3), ["Engineer"], reader.GetGuid(0));
        }

        return engineerIds.Where(found.ContainsKey).Select(id => found[id]).ToList();
    }

    private static async Task<object?> Scalar(NpgsqlDataSource db, string sql)
    {
        await using var command = db.CreateCommand(sql);
        return await command.ExecuteScalarAsync();
    }

    private static string Mint(Account account, string key) =>
        BenchTokens.Mint(account.Id, account.Email, account.Org, account.Roles, key, TimeSpan.FromHours(2));

    private static HttpClient Http(Uri url, string token)
    {
        var http = new HttpClient { BaseAddress = url, Timeout = TimeSpan.FromMinutes(2) };
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return http;
    }

    private static HubConnection Hub(Uri url, string token) =>
        new HubConnectionBuilder()
            .WithUrl(new Uri(url, "/hubs/live"), options =>
            {
                options.AccessTokenProvider = () => Task.FromResult<string?>(token);
                options.Transports = Microsoft.AspNetCore.Http.Connections.HttpTransportType.WebSockets;
                options.SkipNegotiation = true;
            })
            .Build();

    private static async Task<JsonElement> PostAsync(HttpClient http, string path, object body)
    {
        var response = await http.PostAsJsonAsync(path, body, Json);
        var text = await response.Content.ReadAsStringAsync();
        return response.IsSuccessStatusCode
            ? JsonSerializer.Deserialize<JsonElement>(text)
            : throw new InvalidOperationException($"{path}: {(int)response.StatusCode} {text}");
    }

    private static double Percentile(List<double> values, double p)
    {
        if (values.Count == 0)
        {
            return 0;
        }

        var sorted = values.Order().ToList();
        return sorted[Math.Clamp((int)Math.Ceiling(p * sorted.Count) - 1, 0, sorted.Count - 1)];
    }
}
