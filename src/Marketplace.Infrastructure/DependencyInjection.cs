using Marketplace.Application.Common;
using Marketplace.Infrastructure.DemoData;
using Marketplace.Infrastructure.Identity;
using Marketplace.Infrastructure.Outbox;
using Marketplace.Infrastructure.Persistence;
using Marketplace.Infrastructure.ReferenceData;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace Marketplace.Infrastructure;

public static class DependencyInjection
{
    public const string ConnectionStringName = "Marketplace";

    public static IServiceCollection AddInfrastructure(this IServiceCollection services, IConfiguration configuration)
    {
        // Read when the first context is built (start-up initialisation), not at registration, so configuration added
        // by a host or test after registration still applies.
        services.AddDbContext<MarketplaceDbContext>((sp, options) =>
        {
            ConfigureDbContext(options, RequireConnectionString(sp.GetRequiredService<IConfiguration>()));
            options.AddInterceptors(sp.GetRequiredService<SearchOutboxInterceptor>(), sp.GetRequiredService<SearchOutboxCommitInterceptor>(),
                sp.GetRequiredService<Live.NotificationPushInterceptor>());
        });
        services.AddSingleton<SearchOutboxSignal>();
        services.AddSingleton<SearchOutboxInterceptor>();
        services.AddSingleton<SearchOutboxCommitInterceptor>();
        services.AddSingleton<Live.NotificationPushInterceptor>();
        services.AddScoped<SearchOutboxProcessor>();
        services.AddScoped<IMarketplaceDbContext>(sp => sp.GetRequiredService<MarketplaceDbContext>());
        services.AddScoped<Application.Live.IConsultationLog, Live.SqlConsultationLog>();
        services.AddSingleton(TimeProvider.System);
        services.AddScoped<ReferenceDataLoader>();

        // The accreditation rules and the holiday calendar are versioned files shipped with the app (decision 24): read
        // once, shared, and resolved by DatabaseInitializer at start so a malformed file stops the host, not a ranking.
        services.AddSingleton(_ => AccreditationDataLoader.ReadFiles());
        services.AddSingleton(sp => sp.GetRequiredService<AccreditationReferenceSet>().Rubrics);
        services.AddSingleton(sp => sp.GetRequiredService<AccreditationReferenceSet>().CenterConditions);
        services.AddSingleton(sp => sp.GetRequiredService<AccreditationReferenceSet>().StudioProgramme);
        services.AddSingleton(_ => AccreditationDataLoader.ReadCalendar());
        services.AddSingleton(sp => new Marketplace.Domain.Training.TrainingKindCatalog(sp.GetRequiredService<Marketplace.Domain.Accreditation.StudioProgramme>()));
        services.AddSingleton<Marketplace.Application.Outcomes.IOutcomeCharts, Reports.OutcomeCharts>();
        services.AddSingleton<Marketplace.Application.Outcomes.IAnnualReportWriter, Reports.AnnualReportWriter>();
        services.AddSingleton<Marketplace.Application.Outcomes.IStudioOutcomeReports, Reports.StudioOutcomeReports>();
        services.AddScoped<DatabaseInitializer>();
        services.AddScoped<DemoDataGenerator>();
        return services;
    }

    /// <summary>
    /// The matching model (loaded at start, reloaded when a new file is published) and the impression writer. Web
    /// hosts only: the CLI trains models and never serves them.
    /// </summary>
    public static IServiceCollection AddMatchingServing(this IServiceCollection services)
    {
        services.AddSingleton<Marketplace.Application.Matching.IMatchRanker, Matching.MatchingModelHost>();
        services.AddSingleton<Matching.ImpressionWriter>();
        services.AddSingleton<Marketplace.Application.Matching.IImpressionSink>(sp => sp.GetRequiredService<Matching.ImpressionWriter>());
        services.AddHostedService(sp => sp.GetRequiredService<Matching.ImpressionWriter>());
        services.AddHostedService<Matching.MatchingWarmup>();
        return services;
    }

    public static string RequireConnectionString(IConfiguration configuration)
    {
        var connectionString = configuration.GetConnectionString(ConnectionStringName);
        return string.IsNullOrWhiteSpace(connectionString)
            ? throw new InvalidOperationException(
                "Missing connection string 'ConnectionStrings:Marketplace' (env ConnectionStrings__Marketplace). The README's run command sets it.")
            : connectionString;
    }

    public static void ConfigureDbContext(DbContextOptionsBuilder options, string connectionString)
    {
        options.UseNpgsql(connectionString, npgsql =>
            {
                npgsql.MigrationsHistoryTable("__ef_migrations_history");
                npgsql.UseQuerySplittingBehavior(QuerySplittingBehavior.SplitQuery);
            })
            .UseSnakeCaseNamingConvention();
    }

    /// <summary>Identity with the platform's password and lockout rules; hosts add their own authentication schemes.</summary>
    public static IdentityBuilder AddMarketplaceIdentity(this IServiceCollection services)
    {
        return services.AddIdentityCore<AppUser>(options =>
            {
                options.User.RequireUniqueEmail = true;
                options.Password.RequiredLength = 8;
                options.Password.RequireDigit = true;
                options.Password.RequireLowercase = true;
                options.Password.RequireUppercase = false;
                options.Password.RequireNonAlphanumeric = false;
                options.Lockout.AllowedForNewUsers = true;
                options.Lockout.MaxFailedAccessAttempts = 5;
                options.Lockout.DefaultLockoutTimeSpan = TimeSpan.FromMinutes(15);
            })
            .AddRoles<AppRole>()
            .AddEntityFrameworkStores<MarketplaceDbContext>()
            .AddSignInManager()
            .AddDefaultTokenProviders();
    }
}
