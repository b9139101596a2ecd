using System.Collections;
using System.Net.Http.Headers;
using System.Reflection;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http.Metadata;

namespace Marketplace.IntegrationTests.Security;

/// <summary>
/// Builds requests for an endpoint from its own metadata: the JSON body type from <see cref="IAcceptsMetadata"/>, the
/// query parameters from the handler's <see cref="MethodInfo"/>, multipart for the handlers that read the form.
/// A plausible body has a value of the right type in every field (it should get past validation, so a refusal is the
/// authorization's); a dummy body is a JSON array where an object is expected (refused by binding, so an allowed
/// caller's request changes nothing).
/// </summary>
public static class ApiRequests
{
    private static readonly HashSet<Type> Services =
    [
        typeof(CancellationToken), typeof(Microsoft.AspNetCore.Http.HttpRequest), typeof(Microsoft.AspNetCore.Http.HttpContext),
        typeof(TimeProvider), typeof(Mediator.IMediator),
    ];

    public static Type? BodyType(this ApiEndpoint endpoint) =>
        endpoint.Endpoint.Metadata.GetMetadata<IAcceptsMetadata>() is { RequestType: { } type } accepts
        && !accepts.ContentTypes.Any(c => c.Contains("form", StringComparison.Ordinal)) ? type : null;

    /// <summary>The handler reads the form itself (uploads): its only clue is the HttpRequest parameter.</summary>
    public static bool ReadsForm(this ApiEndpoint endpoint) =>
        endpoint.Method == "POST" && endpoint.Handler?.GetParameters().Any(p => p.ParameterType == typeof(Microsoft.AspNetCore.Http.HttpRequest)) == true;

    public static bool IsWrite(this ApiEndpoint endpoint) => endpoint.Method != "GET";

    /// <summary>Parameters bound from the query string: simple types that are not route values nor services.</summary>
    public static IReadOnlyList<ParameterInfo> QueryParameters(this ApiEndpoint endpoint)
    {
        var route = endpoint.Endpoint.RoutePattern.Parameters.Select(p => p.Name).ToHashSet(StringComparer.OrdinalIgnoreCase);
        return (endpoint.Handler?.GetParameters() ?? [])
            .Where(p => !route.Contains(p.Name!) && !Services.Contains(p.ParameterType) && IsSimple(p.ParameterType))
            .ToList();
    }

    public static bool IsSimple(Type type)
    {
        var t = Nullable.GetUnderlyingType(type) ?? type;
        if (t.IsArray)
        {
            t = t.GetElementType()!;
        }

        return t.IsPrimitive || t.IsEnum || t == typeof(string) || t == typeof(Guid) || t == typeof(decimal) || t == typeof(DateOnly) || t == typeof(DateTimeOffset) || t == typeof(DateTime);
    }

    /// <summary>The query string with a plausible value for every required (non-nullable value type) parameter.</summary>
    public static string PlausibleQuery(this ApiEndpoint endpoint)
    {
        var parts = endpoint.QueryParameters()
            .Where(p => p.ParameterType.IsValueType && Nullable.GetUnderlyingType(p.ParameterType) is null && !p.HasDefaultValue)
            .Select(p => p.Name + "=" + Uri.EscapeDataString(Plausible(p.ParameterType, p.Name!, 0)!.ToJsonString().Trim('"')))
            .ToList();
        return parts.Count == 0 ? "" : "?" + string.Join("&", parts);
    }

    public static HttpRequestMessage Plausible(this ApiEndpoint endpoint, string path)
    {
        var request = new HttpRequestMessage(new HttpMethod(endpoint.Method), path + endpoint.PlausibleQuery());
        if (endpoint.ReadsForm())
        {
            request.Content = PdfForm("evidence.pdf");
        }
        else if (endpoint.BodyType() is { } type)
        {
            request.Content = Json(Plausible(type, "", 0)!.ToJsonString());
        }

        return request;
    }

    public static HttpRequestMessage Dummy(this ApiEndpoint endpoint, string path)
    {
        var request = new HttpRequestMessage(new HttpMethod(endpoint.Method), path + endpoint.PlausibleQuery());
        if (endpoint.ReadsForm() || endpoint.BodyType() is not null)
        {
            request.Content = Json("[]");
        }

        return request;
    }

    public static StringContent Json(string json) => new(json, Encoding.UTF8, "application/json");

    public static MultipartFormDataContent PdfForm(string fileName, byte[]? content = null)
    {
        var form = new MultipartFormDataContent();
        var file = new ByteArrayContent(content ?? DemoResources.Pdf);
        file.Headers.ContentType = new MediaTypeHeaderValue("application/pdf");
        form.Add(file, "file", fileName);
        form.Add(new StringContent("M1"), "purpose");
        form.Add(new StringContent("Qualification"), "kind");
        form.Add(new StringContent("安全测试证书"), "name");
        form.Add(new StringContent("湖南省人力资源和社会保障厅"), "issuingBody");
        form.Add(new StringContent("SEC-2026-0001"), "certificateNumber");
        form.Add(new StringContent("2024-01-01"), "issuedOn");
        form.Add(new StringContent(DateTime.UtcNow.Year.ToString(System.Globalization.CultureInfo.InvariantCulture)), "year");
        form.Add(new StringContent("安全测试年度报告摘要"), "summary");
        return form;
    }

    /// <summary>A value of the type that a validator would likely accept, judged by the field's name.</summary>
    public static JsonNode? Plausible(Type type, string name, int depth)
    {
        var t = Nullable.GetUnderlyingType(type) ?? type;
        var lower = name.ToLowerInvariant();
        if (lower == "version")
        {
            // The version the caller read: absent when optional, a (stale) number when the body requires one.
            return Nullable.GetUnderlyingType(type) is null && type.IsValueType ? 1 : null;
        }

        if (Nullable.GetUnderlyingType(type) == typeof(Guid))
        {
            return null;
        }

        if (t == typeof(string))
        {
            return lower switch
            {
                _ when lower.Contains("contact", StringComparison.Ordinal) && !lower.Contains("name", StringComparison.Ordinal) => "13800000000",
                _ when lower.Contains("email", StringComparison.Ordinal) => "security@demo.cn",
                _ when lower.Contains("password", StringComparison.Ordinal) => "Demo@2026",
                _ when lower.Contains("document", StringComparison.Ordinal) => "湘工信〔2026〕99号",
                _ => "安全测试：一段合理的中文说明文字。",
            };
        }

        if (t == typeof(bool))
        {
            return true;
        }

        if (t == typeof(Guid))
        {
            return Guid.NewGuid().ToString();
        }

        if (t == typeof(DateOnly))
        {
            return DateOnly.FromDateTime(DateTime.UtcNow.AddDays(14)).ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);
        }

        if (t == typeof(DateTimeOffset) || t == typeof(DateTime))
        {
            return DateTimeOffset.UtcNow.AddDays(30).ToString("O", System.Globalization.CultureInfo.InvariantCulture);
        }

        if (t.IsEnum)
        {
            // The first value that is a real choice: "Pending"/"None" are states, not answers.
            return Enum.GetNames(t).FirstOrDefault(n => n is not ("Pending" or "None" or "Unknown")) ?? Enum.GetNames(t)[0];
        }

        if (t == typeof(int) || t == typeof(long) || t == typeof(short) || t == typeof(uint))
        {
            return lower.Contains("year", StringComparison.Ordinal) ? DateTime.UtcNow.Year : lower.Contains("rating", StringComparison.Ordinal) ? 5 : 1;
        }

        if (t == typeof(decimal) || t == typeof(double) || t == typeof(float))
        {
            return lower.Contains("share", StringComparison.Ordinal) ? 100 : 10;
        }

        if (t.IsGenericType && t.GetInterfaces().Append(t).Any(i => i.IsGenericType && i.GetGenericTypeDefinition() == typeof(IReadOnlyDictionary<,>)))
        {
            return new JsonObject();
        }

        if (t != typeof(string) && typeof(IEnumerable).IsAssignableFrom(t))
        {
            return new JsonArray();
        }

        if (depth > 3 || t.IsPrimitive)
        {
            return null;
        }

        var json = new JsonObject();
        var constructor = t.GetConstructors().OrderByDescending(c => c.GetParameters().Length).FirstOrDefault();
        var members = constructor is { } c && c.GetParameters().Length > 0
            ? c.GetParameters().Select(p => (p.Name!, p.ParameterType))
            : t.GetProperties(BindingFlags.Public | BindingFlags.Instance).Where(p => p.CanWrite).Select(p => (p.Name, p.PropertyType));
        foreach (var (member, memberType) in members)
        {
            json[JsonNamingPolicy.CamelCase.ConvertName(member)] = Plausible(memberType, member, depth + 1);
        }

        return json;
    }
}
