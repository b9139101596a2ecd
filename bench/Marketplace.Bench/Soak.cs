using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.IdentityModel.Tokens.Jwt;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Security.Claims;
using System.Text;
using System.Text.Json;
using Microsoft.IdentityModel.Tokens;
using Npgsql;

namespace Marketplace.Bench;

/// <summary>
/// The sustained-load benchmark (issue 9): one app instance, a fixed arrival rate of a realistic mix for M minutes —
/// search, browse (board, listing, profile), match (the model's ranked list), apply (a new application to an open
/// listing), chat (a message posted over HTTP, stored then broadcast) and notices (inbox, mark one read) — each request
/// timed from when it was due (open loop), each answer checked for the status it should have. The app's resident
/// memory is sampled every 10 s from /proc. Accounts get minted tokens (the run's key), so sign-in is not part of the
/// mix (it is rate limited by design and costs a password hash).
/// </summary>
internal static class Soak
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    /// <summary>Weights per 100 requests; reads are search, browse, match and the inbox.</summary>
    private static readonly (string Name, int Weight, bool Write)[] Mix =
    [
        ("search", 30, false), ("browse", 30, false), ("match", 6, false), ("notices", 10, false),
        ("apply", 4, true), ("chat", 15, true), ("read", 5, true),
    ];

    public static async Task<int> RunAsync(Options o)
    {
        var url = new Uri(o.Required("url"));
        var key = o.Required("key");
        var rate = o.Int("rate", 300);
        var minutes = double.Parse(o.Value("minutes") ?? "10", CultureInfo.InvariantCulture);
        var warmupSeconds = o.Int("warmup", 30);
        var pid = o.Int("pid", 0);
        await using var db = NpgsqlDataSource.Create(o.Required("connection"));

        using var handler = new SocketsHttpHandler { MaxConnectionsPerServer = 512, PooledConnectionLifetime = TimeSpan.FromMinutes(30) };
        using var http = new HttpClient(handler) { BaseAddress = url, Timeout = TimeSpan.FromSeconds(30) };
        var tokens = new ConcurrentDictionary<Guid, string>();
        string Token(Account a) => tokens.GetOrAdd(a.Id, _ => Mint(a, key));

        Console.WriteLine("==> accounts, listings and conversations for the mix");
        var operatorUser = (await AccountsAsync(db, "select u.id, u.email, u.organization_id from users u where u.email = 'operator@demo.cn'", "Operator")).Single();
        var companies = await AccountsAsync(db, """
            select u.id, u.email, u.organization_id from users u
              join user_roles ur on ur.user_id = u.id join roles r on r.id = ur.role_id and r.name = 'Company'
             order by u.email limit 200
            """, "Company");
        var engineers = await AccountsAsync(db, """
            select u.id, u.email, u.organization_id, e.id from engineers e join users u on u.id = e.user_id
             where not exists (select 1 from challenge_team_members m where m.engineer_id = e.id)
             order by e.id limit 12000
            """, "Engineer");
        var open = await IdsAsync(db, """
            select id from challenges where status = 'Published' and confidentiality = 'Public'
               and application_deadline > now() + interval '1 hour' order by id
            """);
        // What everyone may open: public listings past review (drafts, invitation-only and NDA listings answer 404 to others).
        var listings = await IdsAsync(db, "select id from challenges where confidentiality = 'Public' and status not in ('Draft', 'Submitted', 'Withdrawn') order by id");
        var owners = await OwnersAsync(db);
        if (open.Count == 0 || engineers.Count < 100 || companies.Count == 0)
        {
            throw new InvalidOperationException($"the database is too small for the soak mix: {open.Count} open listings, {engineers.Count} engineers, {companies.Count} companies");
        }

        // Apply: each (engineer, open listing) pair once; the engineer is never the listing owner's employee.
        var pairs = new ConcurrentQueue<(Account Engineer, Guid Listing)>();
        var shuffled = engineers.OrderBy(e => e.EngineerId).ToList();
        for (var i = 0; i < shuffled.Count; i++)
        {
            var listing = open[i % open.Count];
            if (shuffled[i].Org is null || shuffled[i].Org != owners.GetValueOrDefault(listing))
            {
                pairs.Enqueue((shuffled[i], listing));
            }
        }

        // Chat: conversations between companies and engineers (the last 200 engineers, kept out of the apply pairs'
        // way), opened and accepted through the API, messages from both sides in turn.
        var conversations = new List<(Guid Id, Account Company, Account Engineer)>();
        foreach (var (engineer, i) in engineers.TakeLast(Math.Min(200, engineers.Count / 10)).Select((e, i) => (e, i)))
        {
            var company = companies[i % companies.Count];
            if (company.Org == engineer.Org)
            {
                continue;
            }

            var opened = await SendAsync(http, HttpMethod.Post, "/api/consultations", Token(company),
                new { engineerId = engineer.EngineerId, topic = "持续负载测试问诊", question = "soak", price = 0m });
            var id = JsonSerializer.Deserialize<JsonElement>(await opened.Content.ReadAsStringAsync()).GetProperty("id").GetGuid();
            (await SendAsync(http, HttpMethod.Post, $"/api/consultations/{id}/accept", Token(engineer), new { })).EnsureSuccessStatusCode();
            conversations.Add((id, company, engineer));
        }

        Console.WriteLine($"    {companies.Count} company accounts, {engineers.Count} engineers, {open.Count} open listings, {pairs.Count} apply pairs, {conversations.Count} conversations");
        var readers = companies.Concat(engineers.Take(2000)).ToList();
        var queries = SearchQueries.Sequence(50_000, seed: 7);
        var samples = new ConcurrentQueue<string>();
        var ops = Mix.ToDictionary(m => m.Name, m => new ConcurrentBag<double>());
        var errors = Mix.ToDictionary(m => m.Name, _ => new int[1]);

        async Task<bool> Run(string op, int i)
        {
            var rng = new Random(i);
            var who = "";
            HttpResponseMessage response;
            HttpStatusCode expected = HttpStatusCode.OK;
            switch (op)
            {
                case "search":
                    response = await SendAsync(http, HttpMethod.Get, "/api/engineers/search?" + queries[i % queries.Count].ToQueryString(), Token(readers[rng.Next(readers.Count)]));
                    break;
                case "browse":
                    var browser = Token(readers[rng.Next(readers.Count)]);
                    response = (i % 3) switch
                    {
                        0 => await SendAsync(http, HttpMethod.Get, $"/api/challenges?page={1 + rng.Next(5)}&size=20", browser),
                        1 => await SendAsync(http, HttpMethod.Get, $"/api/challenges/{listings[rng.Next(listings.Count)]}", browser),
                        _ => await SendAsync(http, HttpMethod.Get, $"/api/engineers/{engineers[rng.Next(engineers.Count)].EngineerId}", browser),
                    };
                    break;
                case "match":
                    response = await SendAsync(http, HttpMethod.Get, $"/api/challenges/{open[rng.Next(open.Count)]}/matches?top=20", Token(operatorUser));
                    break;
                case "notices":
                    response = await SendAsync(http, HttpMethod.Get, "/api/notifications?size=20", Token(readers[rng.Next(readers.Count)]));
                    break;
                case "apply":
                    if (!pairs.TryDequeue(out var pair))
                    {
                        // Out of fresh pairs: a read of the listing instead (counted under apply, and reported).
                        samples.Enqueue("apply: no fresh (engineer, listing) pair left");
                        return false;
                    }

                    expected = HttpStatusCode.Created;
                    response = await SendAsync(http, HttpMethod.Post, $"/api/challenges/{pair.Listing}/applications", Token(pair.Engineer), new
                    {
                        proposal = "持续负载测试：基于现场数据的分步诊断与改进方案。", plan = "第一周调研，第二周方案，第三周验证。", quote = 20000m, timelineDays = 21,
                    });
                    break;
                case "chat":
                    // Any conversation, either side: about one message per conversation every four seconds at the
                    // default rate — people typing, well inside the per-user message budget.
                    var conversation = conversations[rng.Next(conversations.Count)];
                    var sender = rng.Next(2) == 0 ? conversation.Company : conversation.Engineer;
                    who = sender.Email;
                    response = await SendAsync(http, HttpMethod.Post, $"/api/consultations/{conversation.Id}/messages", Token(sender), new { text = $"第 {i} 条消息" });
                    break;
                default: // read: mark the newest unread notice of someone with notices, or all read
                    response = await SendAsync(http, HttpMethod.Post, "/api/notifications/read-all", Token(readers[rng.Next(readers.Count)]), new { });
                    break;
            }

            using (response)
            {
                if (response.StatusCode == expected)
                {
                    await response.Content.LoadIntoBufferAsync();
                    return true;
                }

                // A few of each operation's failures, for the report.
                if (samples.Count(x => x.StartsWith(op + " ", StringComparison.Ordinal)) < 4)
                {
                    var text = await response.Content.ReadAsStringAsync();
                    samples.Enqueue($"{op} {(int)response.StatusCode} {who}: {text[..Math.Min(300, text.Length)]}");
                }

                return false;
            }
        }

        var schedule = Mix.SelectMany(m => Enumerable.Repeat(m.Name, m.Weight)).ToArray();
        new Random(20261204).Shuffle(schedule);

        Console.WriteLine($"==> warm-up {warmupSeconds} s at {rate} requests/s");
        var warmupFailures = 0;
        await OpenLoopAsync(rate, TimeSpan.FromSeconds(warmupSeconds), 1_000_000, async (i, _) =>
        {
            try
            {
                if (!await Run(schedule[i % schedule.Length], i))
                {
                    Interlocked.Increment(ref warmupFailures);
                }
            }
            catch (Exception error) when (error is HttpRequestException or TaskCanceledException)
            {
                Interlocked.Increment(ref warmupFailures);
            }
        });
        Console.WriteLine($"    warm-up failures: {warmupFailures}");
        samples.Clear();

        var memory = new List<(double Second, double RssMb)>();
        var rssStart = Rss(pid);
        Console.WriteLine($"==> measured: {minutes} min at {rate} requests/s (app RSS {rssStart:F0} MB)");
        using var sampling = new CancellationTokenSource();
        var started = Stopwatch.StartNew();
        var sampler = Task.Run(async () =>
        {
            while (!sampling.IsCancellationRequested)
            {
                memory.Add((Math.Round(started.Elapsed.TotalSeconds), Rss(pid)));
                try
                {
                    await Task.Delay(10_000, sampling.Token);
                }
                catch (OperationCanceledException)
                {
                }
            }
        });
        var elapsed = await OpenLoopAsync(rate, TimeSpan.FromMinutes(minutes), 0, async (i, due) =>
        {
            var op = schedule[i % schedule.Length];
            bool ok;
            try
            {
                ok = await Run(op, i);
            }
            catch (Exception error) when (error is HttpRequestException or TaskCanceledException)
            {
                ok = false;
                samples.Enqueue($"{op}: {error.GetType().Name} {error.Message}");
            }

            ops[op].Add(Stopwatch.GetElapsedTime(due).TotalMilliseconds);
            if (!ok)
            {
                Interlocked.Increment(ref errors[op][0]);
            }
        });
        await sampling.CancelAsync();
        await sampler;
        var rssEnd = Rss(pid);
        memory.Add((Math.Round(started.Elapsed.TotalSeconds), rssEnd));

        double P(IEnumerable<double> values, double p)
        {
            var sorted = values.Order().ToArray();
            return sorted.Length == 0 ? 0 : Math.Round(sorted[Math.Clamp((int)Math.Ceiling(p * sorted.Length) - 1, 0, sorted.Length - 1)], 2);
        }

        var total = ops.Values.Sum(b => b.Count);
        var reads = Mix.Where(m => !m.Write).SelectMany(m => ops[m.Name]).ToList();
        var writes = Mix.Where(m => m.Write).SelectMany(m => ops[m.Name]).ToList();
        var result = new
        {
            name = "soak",
            minutes,
            rate,
            requests = total,
            rps = Math.Round(total / elapsed.TotalSeconds, 1),
            errors = errors.Values.Sum(e => e[0]),
            read_p50_ms = P(reads, 0.50), read_p95_ms = P(reads, 0.95), read_p99_ms = P(reads, 0.99),
            write_p50_ms = P(writes, 0.50), write_p95_ms = P(writes, 0.95), write_p99_ms = P(writes, 0.99),
            rss_mb_start = Math.Round(rssStart, 1),
            rss_mb_end = Math.Round(rssEnd, 1),
            operations = Mix.ToDictionary(m => m.Name, m => new
            {
                count = ops[m.Name].Count, errors = errors[m.Name][0], write = m.Write,
                p50_ms = P(ops[m.Name], 0.50), p95_ms = P(ops[m.Name], 0.95), p99_ms = P(ops[m.Name], 0.99), max_ms = P(ops[m.Name], 1.0),
            }),
            memory = memory.Select(m => new { second = m.Second, rss_mb = Math.Round(m.RssMb, 1) }),
            conversations = conversations.Count,
            error_samples = samples.Take(40),
        };
        Console.WriteLine("BENCH_RESULT " + JsonSerializer.Serialize(result));
        return 0;
    }

    /// <summary>
    /// Request i is due at start + i/rate whether or not earlier ones have answered; latency counts from the due time,
    /// so a stall shows as latency rather than as a lower rate.
    /// </summary>
    private static async Task<TimeSpan> OpenLoopAsync(int rate, TimeSpan length, int offset, Func<int, long, Task> send)
    {
        var count = (int)(rate * length.TotalSeconds);
        var inFlight = new List<Task>(count);
        var start = Stopwatch.GetTimestamp();
        var ticksPerRequest = Stopwatch.Frequency / (double)rate;
        for (var i = 0; i < count; i++)
        {
            var due = start + (long)(i * ticksPerRequest);
            var wait = (due - Stopwatch.GetTimestamp()) * 1000.0 / Stopwatch.Frequency;
            if (wait > 1)
            {
                await Task.Delay(TimeSpan.FromMilliseconds(wait));
            }

            var index = i + offset;
            inFlight.Add(Task.Run(() => send(index, due)));
        }

        await Task.WhenAll(inFlight);
        return Stopwatch.GetElapsedTime(start);
    }

    private static double Rss(int pid)
    {
        if (pid <= 0 || !File.Exists($"/proc/{pid}/status"))
        {
            return 0;
        }

        var line = File.ReadLines($"/proc/{pid}/status").FirstOrDefault(l => l.StartsWith("VmRSS:", StringComparison.Ordinal));
        return line is null ? 0 : double.Parse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], CultureInfo.InvariantCulture) / 1024;
    }

    private static Task<HttpResponseMessage> SendAsync(HttpClient http, HttpMethod method, string path, string token, object? body = null)
    {
        var request = new HttpRequestMessage(method, path);
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        if (body is not null)
        {
            request.Content = JsonContent.Create(body, options: Json);
        }

        return http.SendAsync(request);
    }

    private sealed record Account(Guid Id, string Email, Guid? Org, string Role, Guid EngineerId = default);

    private static async Task<List<Account>> AccountsAsync(NpgsqlDataSource db, string sql, string role)
    {
        var list = new List<Account>();
        await using var command = db.CreateCommand(sql);
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            list.Add(new Account(reader.GetGuid(0), reader.GetString(1), reader.IsDBNull(2) ? null : reader.GetGuid(2), role,
                reader.FieldCount > 3 ? reader.GetGuid(3) : default));
        }

        return list;
    }

    private static async Task<List<Guid>> IdsAsync(NpgsqlDataSource db, string sql)
    {
        var list = new List<Guid>();
        await using var command = db.CreateCommand(sql);
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            list.Add(reader.GetGuid(0));
        }

        return list;
    }

    private static async Task<Dictionary<Guid, Guid>> OwnersAsync(NpgsqlDataSource db)
    {
        var owners = new Dictionary<Guid, Guid>();
        await using var command = db.CreateCommand("select id, owner_organization_id from challenges");
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            owners[reader.GetGuid(0)] = reader.GetGuid(1);
        }

        return owners;
    }

    private static string Mint(Account account, string key) =>
        BenchTokens.Mint(account.Id, account.Email, account.Org, [account.Role], key, TimeSpan.FromHours(3));
}
