using System.IdentityModel.Tokens.Jwt;
using System.Security.Claims;
using System.Text;
using Marketplace.Infrastructure.Identity;
using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.Tokens;

namespace Marketplace.Web.Infrastructure;

public static class AuthenticationSetup
{
    /// <summary>Chooses cookie or bearer per request, so the UI and API clients share every endpoint.</summary>
    public const string SmartScheme = "CookieOrBearer";

    public static IServiceCollection AddPlatformAuthentication(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<AuthOptions>().Bind(configuration.GetSection(AuthOptions.Section)).ValidateDataAnnotations().ValidateOnStart();
        services.AddScoped<IUserClaimsPrincipalFactory<AppUser>, PlatformClaimsFactory>();
        services.AddScoped<TokenService>();

        services.AddAuthentication(options =>
            {
                options.DefaultScheme = SmartScheme;
                options.DefaultChallengeScheme = SmartScheme;
            })
            .AddPolicyScheme(SmartScheme, "Cookie or bearer", options =>
            {
                options.ForwardDefaultSelector = context =>
                    context.Request.Headers.Authorization.ToString().StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase) || HubToken(context.Request) is not null
                        ? JwtBearerDefaults.AuthenticationScheme
                        : IdentityConstants.ApplicationScheme;
            })
            .AddJwtBearer(JwtBearerDefaults.AuthenticationScheme, options =>
            {
                // Browsers cannot set headers on a WebSocket: SignalR clients send the token as access_token, accepted on /hubs only.
                options.Events = new JwtBearerEvents
                {
                    OnMessageReceived = context =>
                    {
                        context.Token ??= HubToken(context.Request);
                        return Task.CompletedTask;
                    },
                };
            })
            .AddIdentityCookies();

        // Bearer validation reads the (validated) options lazily so tests and deployments can supply the key by configuration.
        services.AddOptions<JwtBearerOptions>(JwtBearerDefaults.AuthenticationScheme)
            .Configure<IOptions<AuthOptions>>((jwt, auth) =>
            {
                jwt.MapInboundClaims = false;
                jwt.TokenValidationParameters = new TokenValidationParameters
                {
                    ValidIssuer = auth.Value.Issuer,
                    ValidAudience = auth.Value.Issuer,
                    IssuerSigningKey = new SymmetricSecurityKey(Encoding.UTF8.GetBytes(auth.Value.SigningKey)),
                    NameClaimType = ClaimTypes.Name,
                    RoleClaimType = ClaimTypes.Role,
                    ClockSkew = TimeSpan.FromSeconds(30),
                };
            })
            .PostConfigure<TimeProvider>((jwt, clock) =>
            {
                // Tokens are issued by the app's TimeProvider, so they are checked against it too (the library would
                // otherwise read the machine clock): one notion of "now" for deadlines, tokens and audit times.
                var skew = jwt.TokenValidationParameters.ClockSkew;
                jwt.TokenValidationParameters.LifetimeValidator = (notBefore, expires, _, _) =>
                {
                    var now = clock.GetUtcNow().UtcDateTime;
                    return (notBefore is null || notBefore.Value <= now + skew) && (expires is null || expires.Value >= now - skew);
                };
            });

        services.ConfigureApplicationCookie(options =>
        {
            options.LoginPath = "/Account/Login";
            options.LogoutPath = "/Account/Logout";
            options.AccessDeniedPath = "/Account/AccessDenied";
            options.Cookie.Name = "mp.auth";
            options.Cookie.HttpOnly = true;
            options.Cookie.SameSite = SameSiteMode.Lax;
            options.Cookie.SecurePolicy = CookieSecurePolicy.SameAsRequest;
            options.SlidingExpiration = true;
            options.ExpireTimeSpan = TimeSpan.FromHours(8);

            // API callers get a status code (turned into ProblemDetails), not a redirect to the sign-in page.
            options.Events.OnRedirectToLogin = context => ApiAwareRedirect(context, StatusCodes.Status401Unauthorized);
            options.Events.OnRedirectToAccessDenied = context => ApiAwareRedirect(context, StatusCodes.Status403Forbidden);
        });

        return services;
    }

    private static string? HubToken(HttpRequest request) =>
        request.Path.StartsWithSegments("/hubs") && request.Query.TryGetValue("access_token", out var token) && !string.IsNullOrEmpty(token)
            ? token.ToString()
            : null;

    private static Task ApiAwareRedirect(Microsoft.AspNetCore.Authentication.RedirectContext<Microsoft.AspNetCore.Authentication.Cookies.CookieAuthenticationOptions> context, int status)
    {
        if (context.Request.Path.StartsWithSegments("/api") || context.Request.Path.StartsWithSegments("/hubs"))
        {
            context.Response.StatusCode = status;
            return Task.CompletedTask;
        }

        context.Response.Redirect(context.RedirectUri);
        return Task.CompletedTask;
    }
}

/// <summary>Adds the organization claim to the cookie principal, so cookie and bearer callers look the same.</summary>
public sealed class PlatformClaimsFactory(UserManager<AppUser> users, RoleManager<AppRole> roles, IOptions<IdentityOptions> options)
    : UserClaimsPrincipalFactory<AppUser, AppRole>(users, roles, options)
{
    protected override async Task<ClaimsIdentity> GenerateClaimsAsync(AppUser user)
    {
        var identity = await base.GenerateClaimsAsync(user);
        identity.AddClaim(new Claim("display_name", user.DisplayName));
        if (user.OrganizationId is { } org)
        {
            identity.AddClaim(new Claim(CurrentUser.OrganizationClaim, org.ToString()));
        }

        return identity;
    }
}

public sealed record TokenRequest(string Email, string Password);

public sealed record TokenResponse(string AccessToken, string TokenType, DateTimeOffset ExpiresAt, IReadOnlyList<string> Roles);

/// <summary>Issues bearer tokens after the same password and lockout checks as the sign-in page.</summary>
public sealed class TokenService(
    UserManager<AppUser> users,
    SignInManager<AppUser> signIn,
    IOptions<AuthOptions> options,
    TimeProvider clock)
{
    private static readonly PasswordHasher<AppUser> DummyHasher = new();
    private static readonly string DummyHash = DummyHasher.HashPassword(new AppUser(), "not-a-real-password-1");

    public async Task<TokenResponse?> IssueAsync(TokenRequest request)
    {
        var user = await users.FindByEmailAsync(request.Email);
        if (user is null)
        {
            // Spend the same time as a real check, so response time does not tell whether the account exists.
            DummyHasher.VerifyHashedPassword(new AppUser(), DummyHash, request.Password);
            return null;
        }

        var result = await signIn.CheckPasswordSignInAsync(user, request.Password, lockoutOnFailure: true);
        if (!result.Succeeded)
        {
            return null;
        }

        var roles = await users.GetRolesAsync(user);
        var now = clock.GetUtcNow();
        var expires = now.AddMinutes(options.Value.TokenLifetimeMinutes);
        var claims = new List<Claim>
        {
            new(ClaimTypes.NameIdentifier, user.Id.ToString()),
            new(ClaimTypes.Name, user.Email ?? user.Id.ToString()),
            new("display_name", user.DisplayName),
            new(JwtRegisteredClaimNames.Jti, Guid.NewGuid().ToString("N")),
        };
        claims.AddRange(roles.Select(r => new Claim(ClaimTypes.Role, r)));
        if (user.OrganizationId is { } org)
        {
            claims.Add(new Claim(CurrentUser.OrganizationClaim, org.ToString()));
        }

        var credentials = new SigningCredentials(new SymmetricSecurityKey(Encoding.UTF8.GetBytes(options.Value.SigningKey)), SecurityAlgorithms.HmacSha256);
        var token = new JwtSecurityToken(options.Value.Issuer, options.Value.Issuer, claims, now.UtcDateTime, expires.UtcDateTime, credentials);
        return new TokenResponse(new JwtSecurityTokenHandler().WriteToken(token), "Bearer", expires, roles.ToList());
    }
}
