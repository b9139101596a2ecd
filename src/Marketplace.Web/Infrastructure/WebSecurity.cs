using System.ComponentModel.DataAnnotations;
using System.Globalization;
using System.Security.Claims;
using System.Threading.RateLimiting;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.Extensions.Options;

namespace Marketplace.Web.Infrastructure;

/// <summary>Security:* — the request budgets of the abuse-prone actions (docs/security.md).</summary>
public sealed class SecurityOptions
{
    public const string Section = "Security";

    /// <summary>Sign-in attempts (page and token) per client address per minute; lockout after 5 wrong passwords is separate.</summary>
    [Range(1, 100_000)]
    public int SignInPerMinute { get; set; } = 10;

    /// <summary>File uploads (any multipart POST) per signed-in user per minute.</summary>
    [Range(1, 100_000)]
    public int UploadsPerMinute { get; set; } = 30;

    /// <summary>Chat messages posted over HTTP per user per minute (the hub has its own per-connection limit, Live:*).</summary>
    [Range(1, 100_000)]
    public int MessagesPerMinute { get; set; } = 120;
}

/// <summary>
/// Security headers on every response and the rate limits on sign-in, token issue, uploads and messages. The limits
/// partition by what an attacker controls least: the client address before sign-in, the user after it.
/// </summary>
public static class WebSecurity
{
    /// <summary>
    /// No inline script or style anywhere (the pages load /js and /css only), nothing may frame the app, forms post only
    /// to it, and the live channel connects back to the same origin.
    /// </summary>
    public const string ContentSecurityPolicy =
        "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; font-src 'self' data:; connect-src 'self'; " +
        "object-src 'none'; base-uri 'self'; form-action 'self'; frame-ancestors 'none'";

    /// <summary>
    /// The API reference (/api/docs, Scalar) is one page of a third-party bundle that boots from an inline script; it
    /// gets a policy that allows that page's inline code and nothing from elsewhere. Nothing of the platform's own is
    /// served under it.
    /// </summary>
    public const string ApiDocsPolicy =
        "default-src 'self'; script-src 'self' 'unsafe-inline'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; font-src 'self' data:; " +
        "connect-src 'self'; object-src 'none'; base-uri 'self'; frame-ancestors 'none'";

    public const string SignInPolicy = "sign-in";

    public static IServiceCollection AddWebSecurity(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<SecurityOptions>().Bind(configuration.GetSection(SecurityOptions.Section)).ValidateDataAnnotations().ValidateOnStart();
        services.AddRateLimiter(_ => { });
        services.AddOptions<RateLimiterOptions>().Configure<IOptions<SecurityOptions>>((limiter, security) =>
        {
            var budgets = security.Value;
            limiter.GlobalLimiter = PartitionedRateLimiter.Create<HttpContext, string>(context => Partition(context, budgets));
            limiter.OnRejected = RejectAsync;
        });
        return services;
    }

    public static IApplicationBuilder UseSecurityHeaders(this IApplicationBuilder app) => app.Use((context, next) =>
    {
        context.Response.OnStarting(() =>
        {
            var headers = context.Response.Headers;
            headers.ContentSecurityPolicy = context.Request.Path.StartsWithSegments("/api/docs") ? ApiDocsPolicy : ContentSecurityPolicy;
            headers.XContentTypeOptions = "nosniff";
            headers.XFrameOptions = "DENY";
            headers["Referrer-Policy"] = "strict-origin-when-cross-origin";
            headers["Permissions-Policy"] = "camera=(), microphone=(), geolocation=()";
            headers["Cross-Origin-Opener-Policy"] = "same-origin";
            return Task.CompletedTask;
        });
        return next(context);
    });

    /// <summary>Which budget a request draws on, if any: most requests have none (the soak test's 300 req/s must pass).</summary>
    internal static RateLimitPartition<string> Partition(HttpContext context, SecurityOptions budgets)
    {
        var request = context.Request;
        if (!HttpMethods.IsPost(request.Method))
        {
            return RateLimitPartition.GetNoLimiter("none");
        }

        var path = request.Path;
        if (path.Equals("/Account/Login", StringComparison.OrdinalIgnoreCase) || path.Equals("/api/auth/token", StringComparison.OrdinalIgnoreCase))
        {
            return Window("sign-in:" + Client(context), budgets.SignInPerMinute);
        }

        var user = context.User.FindFirstValue(ClaimTypes.NameIdentifier);
        if (request.ContentType?.StartsWith("multipart/form-data", StringComparison.OrdinalIgnoreCase) == true)
        {
            return Window("upload:" + (user ?? Client(context)), budgets.UploadsPerMinute);
        }

        if (path.StartsWithSegments("/api/consultations") && path.Value!.EndsWith("/messages", StringComparison.OrdinalIgnoreCase))
        {
            return Window("message:" + (user ?? Client(context)), budgets.MessagesPerMinute);
        }

        return RateLimitPartition.GetNoLimiter("none");
    }

    private static RateLimitPartition<string> Window(string key, int perMinute) =>
        RateLimitPartition.GetFixedWindowLimiter(key, _ => new FixedWindowRateLimiterOptions
        {
            PermitLimit = perMinute,
            Window = TimeSpan.FromMinutes(1),
            QueueLimit = 0,
            AutoReplenishment = true,
        });

    private static string Client(HttpContext context) => context.Connection.RemoteIpAddress?.ToString() ?? "unknown";

    private static async ValueTask RejectAsync(OnRejectedContext rejected, CancellationToken cancellationToken)
    {
        var context = rejected.HttpContext;
        var wait = rejected.Lease.TryGetMetadata(MetadataName.RetryAfter, out var retryAfter) ? retryAfter : TimeSpan.FromMinutes(1);
        context.Response.StatusCode = StatusCodes.Status429TooManyRequests;
        context.Response.Headers.RetryAfter = Math.Max(1, (int)Math.Ceiling(wait.TotalSeconds)).ToString(CultureInfo.InvariantCulture);
        // Pages show the status page (re-executed by the status-code middleware for a response without a body).
        if (!context.Request.Path.StartsWithSegments("/api"))
        {
            return;
        }

        var problems = context.RequestServices.GetRequiredService<IProblemDetailsService>();
        await problems.WriteAsync(new ProblemDetailsContext
        {
            HttpContext = context,
            ProblemDetails =
            {
                Status = StatusCodes.Status429TooManyRequests,
                Title = "请求过于频繁",
                Detail = $"操作过于频繁，请 {Math.Max(1, (int)Math.Ceiling(wait.TotalSeconds))} 秒后再试。",
            },
        });
    }
}
