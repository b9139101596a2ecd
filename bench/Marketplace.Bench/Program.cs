using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Marketplace.Application.Engineers.Search;
using Marketplace.Bench;
using Marketplace.Infrastructure.Search;
using Npgsql;

// The search benchmark's measuring tool, driven by bench/run.sh (which provisions PostgreSQL, seeds, builds the index
// and starts the app). Each command prints one line "BENCH_RESULT {json}" for the script to collect.
//   engine   --index DIR [--iterations N] [--cache N] [--detail K] [--parallel M]  the Lucene adapter in-process, no HTTP, no database
//                                                                   (--cache 0, the default: every search computed)
//   http     --url URL --email E --password P --rate R --seconds S  the search endpoint at a fixed arrival rate
//   baseline --connection CS [--seconds S]                         the same queries as SQL (ILIKE) on PostgreSQL
//   matches  --url URL --email E --password P --ids FILE --rate R --seconds S  GET /api/challenges/{id}/matches?top=20 at a fixed rate
//   score    --model FILE [--rows N] [--iterations I]                the matching model scoring N candidates in-process
//   fanout   --url URL --connection CS --key K [--engineers N] [--rounds R] [--conversations C] [--seconds S]
//            N engineer clients on /hubs/live: a 对接会 session's invitation fanned out to all of them, then chat
//            round trips in C concurrent conversations (one message a second each) — see Fanout.cs
//   soak     --url URL --connection CS --key K --pid PID [--rate R] [--minutes M] [--warmup S]
//            a realistic mix (search, browse, match, apply, chat, notices) at R requests/s for M minutes — see Soak.cs
//   report   --url URL --connection CS --password P [--records N] [--runs R]  the demo center's annual report (.docx + .xlsx)
//            generated over HTTP after giving it N records of this year — see ReportBench.cs
var command = args.FirstOrDefault() ?? "";
var options = Options.Parse(args.Skip(1).ToArray());
return command switch
{
    "engine" => Engine(options),
    "http" => await Http(options),
    "baseline" => await Baseline(options),
    "matches" => await Matches(options),
    "score" => Score(options),
    "fanout" => await Fanout.RunAsync(options),
    "soak" => await Soak.RunAsync(options),
    "report" => await ReportBench.RunAsync(options),
    _ => Usage(),
};

static int Usage()
{
    Console.Error.WriteLine("usage: Marketplace.Bench engine|http|baseline|matches|score|fanout|soak|report [options] (see bench/run.sh)");
    return 64;
}

static int Engine(Options o)
{
    var iterations = o.Int("iterations", 4000);
    var cacheEntries = o.Int("cache", 0);
    // --parallel N: estimated matches from which one search uses two threads (the app's default unless given).
    using var search = new LuceneEngineerSearch(o.Required("index"), TimeProvider.System, cacheEntries, o.Int("parallel", (int)LuceneEngineerSearch.DefaultParallelMinMatches));
    var queries = SearchQueries.Sequence(iterations);

    // Warm up on other draws of the same mix: JIT, the segments' facet arrays, the OS page cache (and, with
    // --cache, the popular answers — as a running server would have them).
    foreach (var warm in SearchQueries.Sequence(500, seed: 99))
    {
        search.SearchAsync(warm.ToEngineQuery()).GetAwaiter().GetResult();
    }

    var latencies = new double[iterations];
    var gcBefore = (GC.CollectionCount(0), GC.CollectionCount(1), GC.CollectionCount(2));
    var allocatedBefore = GC.GetTotalAllocatedBytes();
    var total = Stopwatch.StartNew();
    long hits = 0;
    for (var i = 0; i < iterations; i++)
    {
        var started = Stopwatch.GetTimestamp();
        var result = search.SearchAsync(queries[i].ToEngineQuery()).GetAwaiter().GetResult();
        latencies[i] = Stopwatch.GetElapsedTime(started).TotalMilliseconds;
        hits += result.Total;
    }

    if (o.Int("detail", 0) > 0)
    {
        // The slowest searches, to see what the p95 is made of.
        var slowest = latencies.Select((ms, i) => (ms, q: queries[i])).OrderByDescending(x => x.ms).DistinctBy(x => x.q).Take(o.Int("detail", 0)).ToList();
        foreach (var (ms, q) in slowest)
        {
            var found = search.SearchAsync(q.ToEngineQuery()).GetAwaiter().GetResult().Total;
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{ms,8:F2} ms {found,7} hits  {q.ToQueryString()}"));
        }
    }

    Report.Print("engine", latencies, total.Elapsed, new
    {
        indexed = search.CountAsync().GetAwaiter().GetResult(),
        meanHits = hits / iterations,
        cacheEntries,
        distinctQueries = queries.Distinct().Count(),
        // What the measured searches cost the garbage collector: collections by generation and bytes per search.
        gcGen0 = GC.CollectionCount(0) - gcBefore.Item1,
        gcGen1 = GC.CollectionCount(1) - gcBefore.Item2,
        gcGen2 = GC.CollectionCount(2) - gcBefore.Item3,
        allocatedKbPerSearch = Math.Round((GC.GetTotalAllocatedBytes() - allocatedBefore) / 1024.0 / iterations, 1),
    });
    return 0;
}

static async Task<int> Http(Options o)
{
    var url = o.Required("url").TrimEnd('/');
    var rate = o.Int("rate", 500);
    var seconds = o.Int("seconds", 20);
    using var handler = new SocketsHttpHandler { MaxConnectionsPerServer = 256, PooledConnectionLifetime = TimeSpan.FromMinutes(10) };
    using var client = new HttpClient(handler) { BaseAddress = new Uri(url), Timeout = TimeSpan.FromSeconds(30) };
    var token = await client.PostAsJsonAsync("/api/auth/token", new { email = o.Required("email"), password = o.Required("password") });
    token.EnsureSuccessStatusCode();
    var accessToken = (await token.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("accessToken").GetString();
    client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", accessToken);
    // Warm-up, one request at a time, on other draws of the mix — JIT tiers, the segments' facet arrays, the popular
    // answers — as a server that has been up a while would be; then the measured run.
    foreach (var warmQuery in SearchQueries.Sequence(o.Int("warmup", 3000), seed: 99))
    {
        using var warm = await client.GetAsync("/api/engineers/search?" + warmQuery.ToQueryString());
        warm.EnsureSuccessStatusCode();
    }

    // Open loop: request i is due at start + i/rate whether or not earlier ones have answered, and its latency is
    // counted from when it was due — so a stalled server shows up as latency instead of quietly lowering the rate
    // (the "coordinated omission" trap of closed-loop load tools).
    var count = rate * seconds;
    var queries = SearchQueries.Sequence(count);
    var (latencies, failures, elapsed) = await OpenLoop.RunAsync(client, count, rate, i => "/api/engineers/search?" + queries[i].ToQueryString());
    Report.Print("http", latencies, elapsed, new { rate, seconds, requests = count, failures });
    return failures == 0 ? 0 : 1;
}

static async Task<int> Matches(Options o)
{
    var url = o.Required("url").TrimEnd('/');
    var rate = o.Int("rate", 20);
    var seconds = o.Int("seconds", 30);
    var ids = File.ReadAllLines(o.Required("ids")).Where(l => Guid.TryParse(l.Trim(), out _)).Select(l => l.Trim()).ToArray();
    if (ids.Length == 0)
    {
        throw new ArgumentException("--ids lists no listing ids");
    }

    using var handler = new SocketsHttpHandler { MaxConnectionsPerServer = 64, PooledConnectionLifetime = TimeSpan.FromMinutes(10) };
    using var client = new HttpClient(handler) { BaseAddress = new Uri(url), Timeout = TimeSpan.FromSeconds(30) };
    var token = await client.PostAsJsonAsync("/api/auth/token", new { email = o.Required("email"), password = o.Required("password") });
    token.EnsureSuccessStatusCode();
    var accessToken = (await token.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("accessToken").GetString();
    client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", accessToken);

    // Warm-up: every listing twice, one at a time (JIT, the model's prediction engines, the track-record cache).
    foreach (var id in ids.Concat(ids))
    {
        using var warm = await client.GetAsync($"/api/challenges/{id}/matches?top=20");
        warm.EnsureSuccessStatusCode();
    }

    // Open loop, as in Http: latency counts from when a request was due.
    var count = rate * seconds;
    var engineers = 0L;
    var (latencies, failures, elapsed) = await OpenLoop.RunAsync(client, count, rate, i => $"/api/challenges/{ids[i % ids.Length]}/matches?top=20",
        async response => Interlocked.Add(ref engineers, (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("engineers").GetArrayLength()));
    Report.Print("matches", latencies, elapsed, new { rate, seconds, requests = count, failures, listings = ids.Length, meanEngineers = Math.Round(engineers / (double)count, 1) });
    return failures == 0 ? 0 : 1;
}

static int Score(Options o)
{
    using var stream = File.OpenRead(o.Required("model"));
    var model = Marketplace.Infrastructure.Matching.LightGbmRanker.Load(stream);
    var rows = o.Int("rows", 500);
    var iterations = o.Int("iterations", 2000);
    var rng = new Random(7);
    // Feature rows in realistic ranges (missing values included): the trees' paths, not the values, set the cost.
    var batch = Enumerable.Range(0, rows).Select(_ => Enumerable.Range(0, Marketplace.Domain.Matching.PairFeatures.Count)
        .Select(f => rng.NextDouble() < 0.1 ? float.NaN : (float)(rng.NextDouble() * (f == 0 ? 20 : f == 9 ? 30 : 4))).ToArray()).ToList();
    for (var i = 0; i < 200; i++)
    {
        model.Score(batch);
    }

    var latencies = new double[iterations];
    var total = Stopwatch.StartNew();
    for (var i = 0; i < iterations; i++)
    {
        var t = Stopwatch.GetTimestamp();
        model.Score(batch);
        latencies[i] = Stopwatch.GetElapsedTime(t).TotalMilliseconds;
    }

    Report.Print("score", latencies, total.Elapsed, new { rows, iterations });
    return 0;
}

static async Task<int> Baseline(Options o)
{
    var seconds = o.Int("seconds", 20);
    await using var source = NpgsqlDataSource.Create(o.Required("connection"));
    var queries = SearchQueries.Sequence(100_000);
    var latencies = new List<double>();
    foreach (var warm in SearchQueries.Sequence(50, seed: 99))
    {
        await BaselineQuery.RunAsync(source, warm);
    }

    // Closed loop, one query at a time: the database's best case (no queueing) for the same work.
    var total = Stopwatch.StartNew();
    for (var i = 0; total.Elapsed < TimeSpan.FromSeconds(seconds); i++)
    {
        var started = Stopwatch.GetTimestamp();
        await BaselineQuery.RunAsync(source, queries[i]);
        latencies.Add(Stopwatch.GetElapsedTime(started).TotalMilliseconds);
    }

    Report.Print("baseline", [.. latencies], total.Elapsed, new { seconds });
    return 0;
}

internal sealed class Options(Dictionary<string, string> values)
{
    public static Options Parse(string[] args)
    {
        var values = new Dictionary<string, string>(StringComparer.Ordinal);
        for (var i = 0; i + 1 < args.Length; i += 2)
        {
            values[args[i].TrimStart('-')] = args[i + 1];
        }

        return new Options(values);
    }

    public string Required(string name) =>
        values.TryGetValue(name, out var value) ? value : throw new ArgumentException($"--{name} is required");

    public int Int(string name, int fallback) =>
        values.TryGetValue(name, out var value) ? int.Parse(value, CultureInfo.InvariantCulture) : fallback;

    public string? Value(string name) => values.GetValueOrDefault(name);
    public string Get(string name, string fallback) => values.TryGetValue(name, out var value) ? value : fallback;
}

/// <summary>A fixed arrival rate: request i is sent at start + i/rate, its latency counted from then.</summary>
internal static class OpenLoop
{
    public static async Task<(double[] Latencies, int Failures, TimeSpan Elapsed)> RunAsync(
        HttpClient client, int count, int rate, Func<int, string> path, Func<HttpResponseMessage, Task>? onSuccess = null)
    {
        var latencies = new double[count];
        var failures = 0;
        var tasks = new Task[count];
        var start = Stopwatch.GetTimestamp();
        var ticksPerRequest = Stopwatch.Frequency / (double)rate;
        for (var i = 0; i < count; i++)
        {
            var due = start + (long)(i * ticksPerRequest);
            while (Stopwatch.GetTimestamp() < due)
            {
                var waitMs = (due - Stopwatch.GetTimestamp()) * 1000.0 / Stopwatch.Frequency;
                if (waitMs > 2)
                {
                    await Task.Delay(TimeSpan.FromMilliseconds(waitMs - 1));
                }
                else
                {
                    Thread.Yield();
                }
            }

            var index = i;
            var url = path(i);
            tasks[i] = Task.Run(async () =>
            {
                try
                {
                    using var response = await client.GetAsync(url, HttpCompletionOption.ResponseContentRead);
                    if (!response.IsSuccessStatusCode)
                    {
                        Interlocked.Increment(ref failures);
                    }
                    else if (onSuccess is not null)
                    {
                        await onSuccess(response);
                    }
                }
                catch (HttpRequestException)
                {
                    Interlocked.Increment(ref failures);
                }

                latencies[index] = Stopwatch.GetElapsedTime(due).TotalMilliseconds;
            });
        }

        await Task.WhenAll(tasks);
        return (latencies, failures, Stopwatch.GetElapsedTime(start));
    }
}

internal static class Report
{
    public static void Print(string name, double[] latencies, TimeSpan elapsed, object extra)
    {
        Array.Sort(latencies);
        var result = new Dictionary<string, object>
        {
            ["name"] = name,
            ["count"] = latencies.Length,
            ["p50_ms"] = Math.Round(Percentile(latencies, 0.50), 2),
            ["p95_ms"] = Math.Round(Percentile(latencies, 0.95), 2),
            ["p99_ms"] = Math.Round(Percentile(latencies, 0.99), 2),
            ["max_ms"] = Math.Round(latencies[^1], 2),
            ["rps"] = Math.Round(latencies.Length / elapsed.TotalSeconds, 1),
            ["extra"] = extra,
        };
        Console.WriteLine("BENCH_RESULT " + JsonSerializer.Serialize(result));
    }

    // Nearest-rank percentile over sorted values.
    private static double Percentile(double[] sorted, double p) =>
        sorted.Length == 0 ? 0 : sorted[Math.Clamp((int)Math.Ceiling(p * sorted.Length) - 1, 0, sorted.Length - 1)];
}
