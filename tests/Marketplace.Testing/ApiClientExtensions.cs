using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;

namespace Marketplace.Testing;

public static class ApiClientExtensions
{
    public static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        Converters = { new System.Text.Json.Serialization.JsonStringEnumConverter() },
    };

    /// <summary>An HttpClient that carries a bearer token for the given account.</summary>
    public static async Task<HttpClient> ClientForAsync(this MarketplaceAppFactory factory, string email, string password = "Demo@2026")
    {
        var client = factory.CreateClient();
        var response = await client.PostAsJsonAsync("/api/auth/token", new { email, password });
        response.EnsureSuccessStatusCode();
        var token = await response.Content.ReadFromJsonAsync<JsonElement>();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token.GetProperty("accessToken").GetString());
        return client;
    }
}
