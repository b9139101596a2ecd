using System.Net;
using System.Text.Json;
using Marketplace.Testing;
using Microsoft.AspNetCore.SignalR;
using Microsoft.AspNetCore.SignalR.Client;
using Xunit.Abstractions;

namespace Marketplace.IntegrationTests.Security;

/// <summary>
/// Checks <see cref="AuthorizationMatrix"/> against the running app: the table covers exactly the mapped endpoints
/// and the hub's methods (deny by default: a new endpoint without a row fails here), and every row × caller gets
/// the outcome the table states.
/// </summary>
[Collection(SecurityCollection.Name)]
public sealed class AuthorizationMatrixTests(SecurityFixture fixture, ITestOutputHelper output)
{
    private static string Normalize(string key) => string.Join(' ', key.Split(' ', StringSplitOptions.RemoveEmptyEntries));

    [Fact]
    public void The_matrix_names_every_endpoint_and_hub_method_and_nothing_else()
    {
        var mapped = fixture.Endpoints().Select(e => e.Key).ToHashSet(StringComparer.Ordinal);
        var rows = AuthorizationMatrix.Rows.Select(r => Normalize(r.Key)).ToList();
        var duplicates = rows.GroupBy(r => r).Where(g => g.Count() > 1).Select(g => g.Key).ToList();
        Assert.True(duplicates.Count == 0, "rows named twice: " + string.Join(", ", duplicates));
        var missing = mapped.Except(rows).Order(StringComparer.Ordinal).ToList();
        Assert.True(missing.Count == 0, "endpoints without a row in AuthorizationMatrix (add one): " + string.Join(", ", missing));
        var stale = rows.Except(mapped).ToList();
        Assert.True(stale.Count == 0, "rows for endpoints the app no longer maps: " + string.Join(", ", stale));

        var hub = SecurityFixture.HubMethods();
        Assert.Equal(hub, AuthorizationMatrix.HubRows.Keys.Order(StringComparer.Ordinal));
        output.WriteLine($"{mapped.Count} endpoints, {hub.Count} hub methods, {PersonaCount} callers each");
    }

    private static int PersonaCount => Enum.GetValues<Persona>().Length;

    [Fact]
    public async Task Every_caller_gets_the_outcome_the_matrix_states()
    {
        var demo = fixture.Demo;
        var endpoints = fixture.Endpoints().ToDictionary(e => e.Key, StringComparer.Ordinal);
        var fingerprint = new DbFingerprint(fixture.Database.ConnectionString);
        var failures = new List<string>();
        var requests = 0;

        // First every refusal, against the demo data as seeded (allowed calls below may change it), each checked to
        // have changed nothing.
        foreach (var row in AuthorizationMatrix.Rows)
        {
            var endpoint = endpoints[Normalize(row.Key)];
            var path = demo.Fill(endpoint.Pattern);
            foreach (var persona in Enum.GetValues<Persona>().Where(p => !row.Allows(p)))
            {
                var before = endpoint.IsWrite() ? await fingerprint.TakeAsync() : null;
                using var request = endpoint.Plausible(path);
                if (row.PlausibleBody(demo) is { } body)
                {
                    request.Content = ApiRequests.Json(body);
                }

                using var response = await fixture.Client(persona).SendAsync(request);
                requests++;
                var status = (int)response.StatusCode;
                var expected = persona == Persona.Anonymous ? "401" : "403/404";
                if (persona == Persona.Anonymous ? status != 401 : status is not (403 or 404))
                {
                    failures.Add($"{row.Key.Trim()} as {persona}: expected {expected}, got {status} {await Excerpt(response)}");
                    continue;
                }

                if (await ProblemError(response) is { } problem)
                {
                    failures.Add($"{row.Key.Trim()} as {persona}: {problem}");
                }

                if (before is not null && DbFingerprint.Diff(before, await fingerprint.TakeAsync()) is { Length: > 0 } changed)
                {
                    failures.Add($"{row.Key.Trim()} as {persona}: refused ({status}) but changed {changed}");
                }
            }
        }

        // Then the callers the table allows: past authorization (not 401/403) and never a server error.
        foreach (var row in AuthorizationMatrix.Rows)
        {
            var endpoint = endpoints[Normalize(row.Key)];
            var path = demo.Fill(endpoint.Pattern);
            foreach (var persona in Enum.GetValues<Persona>().Where(row.Allows))
            {
                using var request = endpoint.Dummy(path);
                using var response = await fixture.Client(persona).SendAsync(request);
                requests++;
                var status = (int)response.StatusCode;
                if (status is 401 or 403 or >= 500)
                {
                    failures.Add($"{row.Key.Trim()} as {persona}: expected to pass authorization, got {status} {await Excerpt(response)}");
                }
            }
        }

        output.WriteLine($"{AuthorizationMatrix.Rows.Count} rows × {PersonaCount} callers: {requests} requests, {failures.Count} failures");
        Assert.True(failures.Count == 0, string.Join("\n", failures));
    }

    [Fact]
    public async Task Hub_refuses_anonymous_connections_and_non_participants()
    {
        var demo = fixture.Demo;
        var anonymous = new HubConnectionBuilder().WithUrl(new Uri(fixture.Address, Marketplace.Web.Live.LiveHub.Path)).Build();
        await using (anonymous)
        {
            var refused = await Assert.ThrowsAnyAsync<Exception>(() => anonymous.StartAsync());
            Assert.Contains("401", refused.Message, StringComparison.Ordinal);
        }

        var consultation = demo["consultation"];
        var session = demo["session"];
        var calls = new Dictionary<string, Func<HubConnection, Task>>(StringComparer.Ordinal)
        {
            ["JoinConsultation"] = hub => hub.InvokeAsync<JsonElement>("JoinConsultation", consultation, 0),
            ["LeaveConsultation"] = hub => hub.InvokeAsync("LeaveConsultation", consultation),
            ["SendMessage"] = hub => hub.InvokeAsync<JsonElement>("SendMessage", consultation, "安全测试消息", null),
            ["Typing"] = hub => hub.InvokeAsync("Typing", consultation),
            ["MarkRead"] = hub => hub.InvokeAsync<JsonElement>("MarkRead", consultation, 0),
            ["WatchSession"] = hub => hub.InvokeAsync<JsonElement>("WatchSession", session),
            ["AnswerInvitation"] = hub => hub.InvokeAsync<JsonElement>("AnswerInvitation", session, "Interested", "安全测试"),
        };
        Assert.Equal(AuthorizationMatrix.HubRows.Keys.Order(StringComparer.Ordinal), calls.Keys.Order(StringComparer.Ordinal));

        var fingerprint = new DbFingerprint(fixture.Database.ConnectionString);
        var failures = new List<string>();
        var invocations = 0;
        foreach (var persona in Enum.GetValues<Persona>().Where(p => p != Persona.Anonymous))
        {
            await using var hub = fixture.Accounts[persona].Hub(fixture.Address);
            await hub.StartAsync();
            foreach (var (method, callers) in AuthorizationMatrix.HubRows)
            {
                var allowed = callers == "signed" || callers.Split(' ').Contains(persona.ToString());
                var before = allowed ? null : await fingerprint.TakeAsync();
                invocations++;
                try
                {
                    await calls[method](hub);
                    if (!allowed)
                    {
                        failures.Add($"{method} as {persona}: expected a HubException, the call succeeded");
                    }
                }
                catch (HubException refusal)
                {
                    if (allowed && !refusal.Message.Contains("已结束", StringComparison.Ordinal) && !refusal.Message.Contains("状态", StringComparison.Ordinal))
                    {
                        failures.Add($"{method} as {persona}: expected to pass authorization, refused: {refusal.Message}");
                    }

                    Assert.DoesNotContain("   at ", refusal.Message, StringComparison.Ordinal);
                }

                if (before is not null && DbFingerprint.Diff(before, await fingerprint.TakeAsync()) is { Length: > 0 } changed)
                {
                    failures.Add($"{method} as {persona}: refused but changed {changed}");
                }
            }
        }

        output.WriteLine($"hub: {invocations} invocations over {PersonaCount - 1} connections, {failures.Count} failures");
        Assert.True(failures.Count == 0, string.Join("\n", failures));
    }

    /// <summary>Null when the answer is an RFC 7807 ProblemDetails with the status and a title; otherwise what is wrong.</summary>
    internal static async Task<string?> ProblemError(HttpResponseMessage response)
    {
        var text = await response.Content.ReadAsStringAsync();
        if (response.Content.Headers.ContentType?.MediaType != "application/problem+json")
        {
            return $"{(int)response.StatusCode} is not application/problem+json ({response.Content.Headers.ContentType}): {Cut(text)}";
        }

        try
        {
            var body = JsonDocument.Parse(text).RootElement;
            if (!body.TryGetProperty("status", out var status) || status.GetInt32() != (int)response.StatusCode
                || !body.TryGetProperty("title", out var title) || string.IsNullOrWhiteSpace(title.GetString()))
            {
                return $"{(int)response.StatusCode} ProblemDetails without its status or title: {Cut(text)}";
            }
        }
        catch (JsonException)
        {
            return $"{(int)response.StatusCode} body is not JSON: {Cut(text)}";
        }

        return text.Contains("   at ", StringComparison.Ordinal) ? "a stack trace in the body" : null;
    }

    private static async Task<string> Excerpt(HttpResponseMessage response) => Cut(await response.Content.ReadAsStringAsync());

    private static string Cut(string text) => text.Length > 200 ? text[..200] : text;
}
