using System.Globalization;
using System.Text.Json.Serialization;
using Marketplace.Application;
using Marketplace.Application.Common;
using Marketplace.Infrastructure;
using Marketplace.Infrastructure.DemoData;
using Marketplace.Infrastructure.Persistence;
using Marketplace.Web.Endpoints;
using Marketplace.Web.Infrastructure;
using Marketplace.Web.Live;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Microsoft.AspNetCore.Localization;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Options;
using Scalar.AspNetCore;

var builder = WebApplication.CreateBuilder(args);
var services = builder.Services;
// Every console line passes the personal-data mask (phone, e-mail, ID number): docs/security.md.
builder.Logging.AddConsole(options => options.FormatterName = MaskingConsoleFormatter.Name)
    .AddConsoleFormatter<MaskingConsoleFormatter, Microsoft.Extensions.Logging.Console.ConsoleFormatterOptions>();
var configuration = builder.Configuration;

services.AddOptions<DatabaseOptions>().Bind(configuration.GetSection(DatabaseOptions.Section));
services.AddOptions<DemoDataSettings>().Bind(configuration.GetSection(DemoDataSettings.Section)).ValidateDataAnnotations();
services.AddOptions<SearchOptions>().Bind(configuration.GetSection(SearchOptions.Section)).ValidateDataAnnotations()
    .Validate(SearchOptions.IsValid, "Search:Provider=Elasticsearch 需要 Search:ElasticsearchUrl（绝对 http(s) 地址）。(Search:ElasticsearchUrl must be an absolute http(s) URL.)")
    .ValidateOnStart();
services.AddOptions<StorageOptions>().Bind(configuration.GetSection(StorageOptions.Section))
    .Validate(StorageOptions.EnsureWritable, "Storage:UploadsPath must be a folder the app can create and write.").ValidateOnStart();
services.AddOptions<ChallengeOptions>().Bind(configuration.GetSection(ChallengeOptions.Section)).ValidateDataAnnotations().ValidateOnStart();
services.AddHostedService<ChallengeDeadlineService>();
services.AddOptions<Marketplace.Application.Accreditation.CenterLifecycleOptions>()
    .Bind(configuration.GetSection(Marketplace.Application.Accreditation.CenterLifecycleOptions.Section))
    .Validate(Marketplace.Application.Accreditation.CenterLifecycleOptions.IsValid,
        "Accreditation:Lifecycle: AnnualReportDue 为 MM-dd，DueSoonDays 1–365，SweepSeconds 1–86400。")
    .ValidateOnStart();
services.AddSingleton(sp => sp.GetRequiredService<IOptions<Marketplace.Application.Accreditation.CenterLifecycleOptions>>().Value);
services.AddHostedService<CenterLifecycleService>();
services.AddOptions<SignalROptions>().Bind(configuration.GetSection(SignalROptions.Section))
    .Validate(SignalROptions.IsValid, "SignalR:Redis is not a valid StackExchange.Redis configuration string.").ValidateOnStart();
services.AddOptions<Marketplace.Application.Matching.MatchingOptions>()
    .Bind(configuration.GetSection(Marketplace.Application.Matching.MatchingOptions.Section))
    .Validate(Marketplace.Application.Matching.MatchingOptions.IsValid,
        "Matching: ModelPath 不能为空，Candidates 20–2000，CacheSeconds 0–86400。")
    .ValidateOnStart();
services.AddSingleton(sp => sp.GetRequiredService<IOptions<Marketplace.Application.Matching.MatchingOptions>>().Value);

services.AddApplication();
services.AddMatchingServing();
services.AddEngineerSearch();
services.AddInfrastructure(configuration);
services.AddMarketplaceIdentity();
services.AddPlatformAuthentication(configuration);
services.AddAuthorization();
services.AddWebSecurity(configuration);
services.AddHttpContextAccessor();
services.AddScoped<ICurrentUser, CurrentUser>();

// Keys shared through PostgreSQL, so a cookie issued by one instance is readable by every other.
services.AddDataProtection().SetApplicationName("marketplace").PersistKeysToDbContext<MarketplaceDbContext>();

services.AddMediator(options =>
{
    options.ServiceLifetime = ServiceLifetime.Scoped;
    options.Assemblies = [typeof(Marketplace.Application.DependencyInjection)];
    options.PipelineBehaviors = [typeof(LoggingBehaviour<,>), typeof(ValidationBehaviour<,>)];
});

services.ConfigureHttpJsonOptions(options =>
{
    options.SerializerOptions.Converters.Add(new JsonStringEnumConverter());
});
services.Configure<RouteHandlerOptions>(options => options.ThrowOnBadRequest = true);
services.AddProblemDetails(options => options.CustomizeProblemDetails = ProblemTitles.Apply);
services.AddExceptionHandler<ProblemExceptionHandler>();

services.AddOpenApi(options =>
{
    options.AddDocumentTransformer((document, _, _) =>
    {
        document.Info.Title = "共享工程师服务平台 API";
        document.Info.Description = "揭榜挂帅、工程师检索、精准对接、在线问诊与中心认定的接口。错误一律以 RFC 7807 ProblemDetails 返回。";
        document.Info.Version = "v1";
        return Task.CompletedTask;
    });
});

services.AddHealthChecks()
    .AddDbContextCheck<MarketplaceDbContext>("database", HealthStatus.Unhealthy, ["ready"])
    .AddCheck<EngineerIndexHealthCheck>("search", HealthStatus.Degraded, ["ready"]);

services.AddPlatformSignalR();
services.AddLiveServices(configuration);

// Chinese pages stay readable in the HTML source: Razor may emit CJK characters as they are.
services.Configure<Microsoft.Extensions.WebEncoders.WebEncoderOptions>(options =>
    options.TextEncoderSettings = new System.Text.Encodings.Web.TextEncoderSettings(System.Text.Unicode.UnicodeRanges.All));
services.AddLocalization(options => options.ResourcesPath = "Resources");
services.AddRazorPages(options =>
    {
        options.Conventions.AuthorizeFolder("/Dashboard");
        options.Conventions.AuthorizeFolder("/Engineers");
        options.Conventions.AuthorizeFolder("/Challenges");
        options.Conventions.AuthorizeFolder("/Notifications");
        options.Conventions.AuthorizeFolder("/TalentMap");
        options.Conventions.AuthorizeFolder("/Credentials");
        options.Conventions.AuthorizeFolder("/Accreditation");
        options.Conventions.AuthorizeFolder("/Consultations");
        options.Conventions.AuthorizeFolder("/Sessions");
    })
    .AddMvcOptions(options => Marketplace.Web.Pages.ValidationMessages.Localize(options.ModelBindingMessageProvider))
    .AddViewLocalization()
    .AddDataAnnotationsLocalization();
services.Configure<RequestLocalizationOptions>(options =>
{
    // zh-CN first; English is ready to follow (resources are per culture).
    var supported = new[] { new CultureInfo("zh-CN"), new CultureInfo("en") };
    options.DefaultRequestCulture = new RequestCulture("zh-CN");
    options.SupportedCultures = supported;
    options.SupportedUICultures = supported;
});

var app = builder.Build();

await InitializeDatabaseAsync(app);

app.UseSecurityHeaders();
app.UseExceptionHandler();
app.UseWhen(context => context.Request.Path.StartsWithSegments("/api"), api => api.UseStatusCodePages());
app.UseWhen(context => !context.Request.Path.StartsWithSegments("/api") && !context.Request.Path.StartsWithSegments("/hubs"),
    pages => pages.UseStatusCodePagesWithReExecute("/Status/{0}"));
app.UseRequestLocalization();
app.UseStaticFiles();
app.UseRouting();
app.UseAuthentication();
app.UseRateLimiter();
app.UseAuthorization();

app.MapOpenApi();
app.MapScalarApiReference("/api/docs", options => options.WithTitle("共享工程师服务平台 API"));

app.MapHealthChecks("/health/live", new HealthCheckOptions { Predicate = _ => false, ResponseWriter = HealthWriter.WriteAsync });
app.MapHealthChecks("/health/ready", new HealthCheckOptions { Predicate = check => check.Tags.Contains("ready"), ResponseWriter = HealthWriter.WriteAsync });

var api = app.MapGroup("/api");
api.MapAuthEndpoints();
api.MapReferenceEndpoints();
api.MapOrganizationEndpoints();
api.MapEngineerEndpoints();
api.MapCredentialEndpoints();
api.MapChallengeEndpoints();
api.MapDashboardEndpoints();
api.MapNotificationEndpoints();
api.MapTalentMapEndpoints();
api.MapAccreditationEndpoints();
api.MapCenterLifecycleEndpoints();
api.MapTrainingEndpoints();
api.MapOutcomeEndpoints();
api.MapStudioEndpoints();
api.MapMatchingEndpoints();
api.MapLiveEndpoints();

// Anything under /api that no endpoint claims is a 404 ProblemDetails, not a Razor page.
app.Map("/api/{**rest}", () => TypedResults.Problem(statusCode: StatusCodes.Status404NotFound, title: "未找到", detail: "没有这个接口。"))
    .ExcludeFromDescription();

app.MapHub<LiveHub>(LiveHub.Path);
app.MapRazorPages();

await app.RunAsync();

static async Task InitializeDatabaseAsync(WebApplication app)
{
    await using var scope = app.Services.CreateAsyncScope();
    var initializer = scope.ServiceProvider.GetRequiredService<DatabaseInitializer>();
    if (scope.ServiceProvider.GetRequiredService<IOptions<DatabaseOptions>>().Value.MigrateOnStartup)
    {
        await initializer.MigrateAsync();
    }

    await initializer.EnsureReferenceDataAsync();

    var demo = scope.ServiceProvider.GetRequiredService<IOptions<DemoDataSettings>>().Value;
    var generator = scope.ServiceProvider.GetRequiredService<DemoDataGenerator>();
    if (demo.SeedOnStartup && !await generator.HasDataAsync())
    {
        await generator.GenerateAsync(new DemoDataOptions(demo.Engineers));
    }

    // The matching model loads now, not on the first ranking (a bad file is logged at start, and the first company
    // to open a listing does not wait for it).
    _ = app.Services.GetRequiredService<Marketplace.Application.Matching.IMatchRanker>().Version;
}

/// <summary>The entry point type, visible to WebApplicationFactory in the tests.</summary>
public partial class Program;
