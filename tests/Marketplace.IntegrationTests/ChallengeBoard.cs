using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Marketplace.Testing;
using Microsoft.EntityFrameworkCore;

namespace Marketplace.IntegrationTests;

/// <summary>Drives the challenge board over HTTP the way its users do: one client per demo account.</summary>
internal sealed class ChallengeBoard(MarketplaceAppFactory app)
{
    public const string Company = "company@demo.cn";
    public const string Operator = "operator@demo.cn";
    public const string Engineer = "engineer@demo.cn";
    public const string Expert = "expert@demo.cn";

    private readonly Dictionary<string, HttpClient> _clients = [];

    public static string OtherEngineer(int n) => $"e{n:D6}@engineers.demo.cn";

    /// <summary>A signed-in client; tokens are re-issued after the clock moves so they are valid at the new "now".</summary>
    public async Task<HttpClient> As(string email)
    {
        if (!_clients.TryGetValue(email, out var client))
        {
            client = await app.ClientForAsync(email);
            _clients[email] = client;
        }

        return client;
    }

    public void ForgetClients() => _clients.Clear();

    public static object Listing(
        string title = "数控机床主轴热变形补偿", decimal bounty = 100_000m, string confidentiality = "Public", int raceSlots = 1,
        int deadlineDays = 30, string skill = "cm-welding-process", int abandonAfterDays = 14,
        string description = "主轴连续运行 4 小时后热伸长超过 20 微米，需要建立温度场模型并给出实时补偿方案。") => new
    {
        title,
        description,
        clusterCode = "construction-machinery",
        skillCodes = new[] { skill },
        serviceTypeCode = "process-optimization",
        bounty,
        applicationDeadline = DateTimeOffset.UtcNow.AddDays(deadlineDays),
        expectedDurationDays = 120,
        cityCode = "430200",
        onSiteRequired = false,
        ipArrangement = "EngineerWithLicence",
        confidentiality,
        raceSlots,
        abandonAfterDays,
    };

    /// <summary>Posts, submits and publishes a listing; returns its id.</summary>
    public async Task<Guid> PublishedAsync(object listing, decimal support = 0)
    {
        var draft = await Ok(await (await As(Company)).PostAsJsonAsync("/api/challenges", listing), HttpStatusCode.Created);
        var id = draft.GetProperty("id").GetGuid();
        await Ok(await (await As(Company)).PostAsJsonAsync($"/api/challenges/{id}/submit", new { version = Version(draft) }));
        if (support > 0)
        {
            await Post(Operator, $"/api/challenges/{id}/support", new { amount = support, note = "市工信局揭榜挂帅专项资金" });
        }

        var current = await Get(Operator, $"/api/challenges/{id}");
        await Ok(await (await As(Operator)).PostAsJsonAsync($"/api/challenges/{id}/publish", new { version = Version(current) }));
        return id;
    }

    /// <summary>An application by one engineer alone; returns the application id.</summary>
    public async Task<Guid> ApplyAsync(string engineer, Guid challengeId, decimal quote = 90_000m, object[]? team = null)
    {
        var created = await Ok(await (await As(engineer)).PostAsJsonAsync($"/api/challenges/{challengeId}/applications", new
        {
            proposal = "基于有限元温度场与 LSTM 的热误差预测，数控系统宏程序实时补偿。",
            plan = "第 1 月测温布点与数据采集；第 2 月建模；第 3 月联调与验证。",
            quote,
            timelineDays = 90,
            team,
        }), HttpStatusCode.Created);
        return created.GetProperty("id").GetGuid();
    }

    /// <summary>Closes applications early and starts evaluation (the company's two steps before awarding).</summary>
    public async Task EvaluateAsync(Guid id)
    {
        await Post(Company, $"/api/challenges/{id}/close", new { });
        await Post(Company, $"/api/challenges/{id}/start-evaluation", new { });
    }

    public async Task<JsonElement> Get(string who, string url) => await Ok(await (await As(who)).GetAsync(url));

    public async Task<JsonElement> Post(string who, string url, object body) => await Ok(await (await As(who)).PostAsJsonAsync(url, body));

    public async Task<JsonElement> Put(string who, string url, object body) => await Ok(await (await As(who)).PutAsJsonAsync(url, body));

    public async Task<HttpResponseMessage> Try(string who, string url, object body) => await (await As(who)).PostAsJsonAsync(url, body);

    public async Task<Guid> EngineerIdAsync(string email) =>
        await app.WithDbAsync(db => db.Engineers.Where(e => db.Users.Any(u => u.Id == e.UserId && u.Email == email)).Select(e => e.Id).FirstAsync());

    public static uint Version(JsonElement listing) => listing.GetProperty("version").GetUInt32();

    public static async Task<JsonElement> Ok(HttpResponseMessage response, HttpStatusCode expected = HttpStatusCode.OK)
    {
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == expected, $"{response.RequestMessage?.Method} {response.RequestMessage?.RequestUri} → {(int)response.StatusCode}: {text}");
        return JsonDocument.Parse(text).RootElement.Clone();
    }
}
