using System.Net;
using System.Text.Json;

namespace Marketplace.IntegrationTests;

internal static class ProblemAssertions
{
    /// <summary>Asserts an RFC 7807 answer with the status, a Chinese title and no stack trace; returns the body.</summary>
    public static async Task<JsonElement> AssertProblemAsync(this HttpResponseMessage response, HttpStatusCode status)
    {
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(status == response.StatusCode, $"expected {(int)status}, got {(int)response.StatusCode}: {text}");
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var body = JsonDocument.Parse(text).RootElement;
        Assert.Equal((int)status, body.GetProperty("status").GetInt32());
        var title = body.GetProperty("title").GetString()!;
        Assert.Contains(title, c => c >= 0x4E00 && c <= 0x9FFF);
        Assert.True(body.TryGetProperty("traceId", out _), "a ProblemDetails carries the trace id");
        Assert.DoesNotContain("   at ", text, StringComparison.Ordinal);
        Assert.DoesNotContain("Exception", text, StringComparison.Ordinal);
        return body;
    }
}
