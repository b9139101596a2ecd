using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;
using Xunit.Abstractions;

namespace Marketplace.IntegrationTests.Security;

/// <summary>
/// Thousands of malformed and hostile requests, generated from each endpoint's own metadata (its JSON body type, its
/// query parameters, whether it reads a form) and sent as a caller the authorization matrix allows, so they reach
/// binding, validation and the use case. Every answer must be below 500; every 4xx must be a ProblemDetails; a refused
/// write must leave every application table as it was. Runs on its own app and database (the matrix's demo resources
/// stay untouched).
/// </summary>
[Collection(HostileCollection.Name)]
public sealed class HostileInputTests(SecurityFixture fixture, ITestOutputHelper output)
{
    /// <summary>Hostile JSON values for any field; each field gets a rotating share of them, so all are used.</summary>
    private static readonly string[] Values =
    [
        "12345", "-1", "-2147483649", "9223372036854775808", "1e400", "99999999999999999999999999999.99", "0.000000000000000000000001",
        "true", "{}", "[]", "[1,2,3]", "{\"$ne\":null}",
        Str(new string('长', 100_000)), "[" + string.Join(",", Enumerable.Repeat("\"x\"", 10_000)) + "]",
        "\"2026-02-30\"", "\"9999-99-99T99:99:99Z\"", "\"yesterday\"", "\"-0001-01-01\"", "\"NotAnEnumValue\"", "999",
        "\"\\ud800\"", "\"\\udfff\\ud800\"", "\"\\u202e\\u0645\\u0631\\u062d\\u0628\\u0627\\u202c\"", "\"a\\u200b\\u200c\\u200d\\ufeffb\"",
        Str("🚀👩‍👩‍👧‍👦🏳️‍🌈"), "\"nul\\u0000byte\"", "\"\\u0000\"", Str("' OR 1=1; DROP TABLE users; --"), Str("\"; SELECT pg_sleep(10); --"),
        Str("title:(a OR b)~2 AND *:* [a TO z] \\ /regex/ \"unclosed"), Str("<script>alert(1)</script>"), Str("../../../../etc/passwd"),
        Str("%00%2e%2e%2f"), "\"\"", "\"   \"", "null", Str("\u0001\u0002\u001f"),
    ];

    /// <summary>Hostile query-string values (already percent-encoded where the raw form would not survive a URL).</summary>
    private static readonly string[] QueryValues =
    [
        "-1", "0", "2147483648", "99999999999999999999", "1e400", "NaN", "abc", "NotAnEnumValue", "2026-02-30",
        Uri.EscapeDataString("<script>alert(1)</script>"), Uri.EscapeDataString("' OR 1=1 --"), Uri.EscapeDataString("a:(b OR ~ * ? [x TO"),
        Uri.EscapeDataString("🚀\u202e\u200b"), "%00", "%ED%A0%80", Uri.EscapeDataString(new string('长', 700)), "..%2F..%2Fetc%2Fpasswd", "",
    ];

    private static string Str(string text) => JsonValue.Create(text)!.ToJsonString();

    [Fact]
    public async Task Hostile_requests_never_fail_the_server_and_refusals_change_nothing()
    {
        var demo = fixture.Demo;
        var rows = AuthorizationMatrix.Rows.ToDictionary(r => string.Join(' ', r.Key.Split(' ', StringSplitOptions.RemoveEmptyEntries)), StringComparer.Ordinal);
        var fingerprint = new DbFingerprint(fixture.Database.ConnectionString);
        var failures = new List<string>();
        var sent = 0;
        var byStatus = new SortedDictionary<int, int>();
        var started = System.Diagnostics.Stopwatch.StartNew();
        var baseline = await fingerprint.TakeAsync();

        foreach (var endpoint in fixture.Endpoints())
        {
            var caller = Caller(rows[endpoint.Key]);
            var path = demo.Fill(endpoint.Pattern);
            foreach (var (what, request) in Cases(endpoint, path))
            {
                using (request)
                {
                    using var response = await fixture.Client(caller).SendAsync(request);
                    sent++;
                    var status = (int)response.StatusCode;
                    byStatus[status] = byStatus.GetValueOrDefault(status) + 1;
                    var label = $"{endpoint.Key} as {caller} [{what}]";
                    if (status >= 500)
                    {
                        failures.Add($"{label}: {status} {Cut(await response.Content.ReadAsStringAsync())}");
                    }
                    else if (status >= 400 && await AuthorizationMatrixTests.ProblemError(response) is { } problem)
                    {
                        failures.Add($"{label}: {problem}");
                    }

                    if (endpoint.IsWrite())
                    {
                        var after = await fingerprint.TakeAsync();
                        if (status >= 400 && DbFingerprint.Diff(baseline, after) is { Length: > 0 } changed)
                        {
                            failures.Add($"{label}: refused with {status} but changed {changed}");
                        }

                        baseline = after;
                    }
                }
            }
        }

        output.WriteLine($"{sent} hostile requests over {fixture.Endpoints().Count} endpoints in {started.Elapsed.TotalSeconds:F0} s; by status: "
            + string.Join(", ", byStatus.Select(kv => $"{kv.Key}×{kv.Value}")));
        Assert.True(sent >= 2000, $"only {sent} hostile requests were generated");
        Assert.True(failures.Count == 0, $"{failures.Count} of {sent} failed:\n" + string.Join("\n", failures.Take(80)));
    }

    /// <summary>The caller that passes authorization for the row (the first the table names), so the input reaches the use case.</summary>
    private static Persona Caller(AuthorizationMatrix.Row row) =>
        row.Callers == "public" ? Persona.Anonymous
        : Enum.GetValues<Persona>().Where(p => p != Persona.Anonymous).FirstOrDefault(row.Allows, Persona.Company);

    private static IEnumerable<(string What, HttpRequestMessage Request)> Cases(ApiEndpoint endpoint, string path)
    {
        var method = new HttpMethod(endpoint.Method);
        var query = endpoint.QueryParameters();
        var plainQuery = endpoint.PlausibleQuery();
        for (var p = 0; p < query.Count; p++)
        {
            var parameter = query[p];
            foreach (var value in QueryValues)
            {
                var others = query.Where(q => q != parameter && q.ParameterType.IsValueType && Nullable.GetUnderlyingType(q.ParameterType) is null && !q.HasDefaultValue)
                    .Select(q => q.Name + "=" + Uri.EscapeDataString(ApiRequests.Plausible(q.ParameterType, q.Name!, 0)!.ToJsonString().Trim('"')));
                var url = path + "?" + string.Join("&", others.Append(parameter.Name + "=" + value));
                yield return ($"query {parameter.Name}={Short(value)}", WithBody(endpoint, new HttpRequestMessage(method, url)));
            }

            // The same parameter twice, and an array where one value is expected.
            yield return ($"query {parameter.Name} repeated", WithBody(endpoint, new HttpRequestMessage(method, $"{path}?{parameter.Name}=1&{parameter.Name}=x")));
        }

        if (endpoint.ReadsForm())
        {
            foreach (var upload in Uploads())
            {
                var request = new HttpRequestMessage(method, path + plainQuery) { Content = upload.Content };
                yield return ($"upload {upload.What}", request);
            }
        }
        else if (endpoint.BodyType() is { } bodyType)
        {
            foreach (var (what, json, contentType) in Bodies(bodyType))
            {
                var request = new HttpRequestMessage(method, path + plainQuery) { Content = new StringContent(json, Encoding.UTF8) };
                request.Content.Headers.ContentType = new MediaTypeHeaderValue(contentType) { CharSet = "utf-8" };
                yield return ($"body {what}", request);
            }
        }
    }

    /// <summary>A GET with a hostile query keeps no body; a write keeps its plausible body so only the query is hostile.</summary>
    private static HttpRequestMessage WithBody(ApiEndpoint endpoint, HttpRequestMessage request)
    {
        if (endpoint.IsWrite() && endpoint.BodyType() is { } type)
        {
            request.Content = ApiRequests.Json(ApiRequests.Plausible(type, "", 0)!.ToJsonString());
        }

        return request;
    }

    private static IEnumerable<(string What, string Json, string ContentType)> Bodies(Type type)
    {
        var plausible = (JsonObject)ApiRequests.Plausible(type, "", 0)!;
        yield return ("truncated json", "{\"a\":", "application/json");
        yield return ("null", "null", "application/json");
        yield return ("array", "[]", "application/json");
        yield return ("string", "\"x\"", "application/json");
        yield return ("empty", "", "application/json");
        yield return ("deep nesting", new string('[', 5000) + new string(']', 5000), "application/json");
        yield return ("text/plain", plausible.ToJsonString(), "text/plain");
        yield return ("xml", "<a>1</a>", "application/xml");
        yield return ("extra fields", With(plausible, o =>
        {
            o["isAdmin"] = true;
            o["organizationId"] = Guid.NewGuid().ToString();
            o["__proto__"] = new JsonObject { ["polluted"] = true };
        }), "application/json");
        yield return ("invalid utf-8", Encoding.Latin1.GetString([0x7B, 0x22, 0x61, 0x22, 0x3A, 0x22, 0xC3, 0x28, 0x22, 0x7D]), "application/json");

        var fields = Fields(plausible).ToList();
        var next = 0;
        foreach (var field in fields)
        {
            yield return ($"{field} missing", With(plausible, o => Remove(o, field)), "application/json");
            // Each field gets a dozen hostile values, continuing through the list where the last field stopped.
            for (var i = 0; i < 12; i++)
            {
                var value = Values[next++ % Values.Length];
                yield return ($"{field}={Short(value)}", Replace(plausible, field, value), "application/json");
            }
        }
    }

    /// <summary>Field paths of the plausible body: top-level names, and "a.b" for fields of nested objects.</summary>
    private static IEnumerable<string> Fields(JsonObject body, string prefix = "")
    {
        foreach (var (name, value) in body)
        {
            yield return prefix + name;
            if (value is JsonObject nested && prefix.Length == 0)
            {
                foreach (var inner in Fields(nested, name + "."))
                {
                    yield return inner;
                }
            }
        }
    }

    private static string With(JsonObject body, Action<JsonObject> change)
    {
        var copy = (JsonObject)body.DeepClone();
        change(copy);
        return copy.ToJsonString();
    }

    private static void Remove(JsonObject body, string field)
    {
        var parts = field.Split('.');
        var target = parts.Length == 1 ? body : (JsonObject)body[parts[0]]!;
        target.Remove(parts[^1]);
    }

    /// <summary>Writes the raw hostile text in place of the field's value (so that invalid escapes reach the parser as they are).</summary>
    private static string Replace(JsonObject body, string field, string rawValue)
    {
        const string marker = "\"__HOSTILE__\"";
        var copy = (JsonObject)body.DeepClone();
        var parts = field.Split('.');
        var target = parts.Length == 1 ? copy : (JsonObject)copy[parts[0]]!;
        target[parts[^1]] = "__HOSTILE__";
        return copy.ToJsonString().Replace(marker, rawValue, StringComparison.Ordinal);
    }

    private static IEnumerable<(string What, HttpContent Content)> Uploads()
    {
        foreach (var name in new[] { "../../../etc/passwd", "..\\..\\..\\windows\\win.ini", "/etc/shadow", "evil\u0000.pdf", "<script>alert(1)</script>.pdf",
                     new string('a', 1000) + ".pdf", "report.pdf.exe", "\u202eexe.pdf", "CON.pdf", "   .pdf", "证明材料🚀.pdf", "" })
        {
            yield return ($"file name {Short(name)}", RawForm(name, DemoResources.Pdf));
        }

        yield return ("not a pdf", ApiRequests.PdfForm("evidence.pdf", Encoding.ASCII.GetBytes("MZ\u0090\0 this is an executable")));
        yield return ("empty file", ApiRequests.PdfForm("evidence.pdf", []));
        var oversized = new byte[6 * 1024 * 1024];
        DemoResources.Pdf.CopyTo(oversized, 0);
        yield return ("6 MB file", ApiRequests.PdfForm("evidence.pdf", oversized));
        var wrongField = new MultipartFormDataContent { { new ByteArrayContent(DemoResources.Pdf), "attachment", "evidence.pdf" } };
        yield return ("file in another field", wrongField);
        yield return ("no file", new MultipartFormDataContent { { new StringContent("x"), "purpose" } });
        yield return ("json instead of multipart", ApiRequests.Json("{\"file\":\"JVBERi0=\"}"));
        var broken = new StringContent("--boundary\r\nContent-Disposition: form-data; name=\"file\"; filename=\"a.pdf\"\r\n\r\n%PDF", Encoding.ASCII);
        broken.Headers.ContentType = MediaTypeHeaderValue.Parse("multipart/form-data; boundary=boundary");
        yield return ("truncated multipart", broken);
        var hostilePurpose = ApiRequests.PdfForm("evidence.pdf");
        hostilePurpose.Add(new StringContent("' OR 1=1 --\u0000<script>"), "purpose");
        hostilePurpose.Add(new StringContent("-99999999999999999999"), "year");
        yield return ("hostile form fields", hostilePurpose);
    }

    /// <summary>
    /// A multipart body written by hand: HttpClient refuses some hostile file names (a NUL) in its own headers, and a
    /// browser or a script would send them as raw UTF-8 bytes anyway.
    /// </summary>
    private static ByteArrayContent RawForm(string fileName, byte[] file)
    {
        var boundary = "hostile" + Guid.NewGuid().ToString("N");
        var body = new MemoryStream();
        void Write(string text) => body.Write(Encoding.UTF8.GetBytes(text));
        Write($"--{boundary}\r\nContent-Disposition: form-data; name=\"file\"; filename=\"{fileName}\"\r\nContent-Type: application/pdf\r\n\r\n");
        body.Write(file);
        foreach (var (field, value) in new[] { ("purpose", "M1"), ("kind", "Qualification"), ("name", "安全测试证书"), ("issuingBody", "湖南省人力资源和社会保障厅"),
                     ("certificateNumber", "SEC-2026-0002"), ("issuedOn", "2024-01-01"), ("year", DateTime.UtcNow.Year.ToString(System.Globalization.CultureInfo.InvariantCulture)), ("summary", "安全测试") })
        {
            Write($"\r\n--{boundary}\r\nContent-Disposition: form-data; name=\"{field}\"\r\n\r\n{value}");
        }

        Write($"\r\n--{boundary}--\r\n");
        var content = new ByteArrayContent(body.ToArray());
        content.Headers.ContentType = MediaTypeHeaderValue.Parse($"multipart/form-data; boundary={boundary}");
        return content;
    }

    private static string Short(string value) => value.Length > 24 ? value[..24] + "…" : value;

    private static string Cut(string text) => text.Length > 300 ? text[..300] : text;
}

[CollectionDefinition(Name)]
public sealed class HostileCollection : ICollectionFixture<SecurityFixture>
{
    public const string Name = "hostile";
}
