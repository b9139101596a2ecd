using System.Globalization;
using FluentValidation;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Marketplace.Application;

public static class DependencyInjection
{
    /// <summary>Registers validators; the Mediator itself is generated and registered by the host (it owns the source generator).</summary>
    public static IServiceCollection AddApplication(this IServiceCollection services)
    {
        // Validation messages are shown to users: Chinese by default.
        ValidatorOptions.Global.LanguageManager.Culture = CultureInfo.GetCultureInfo("zh-CN");
        ValidatorOptions.Global.PropertyNameResolver = (_, member, _) => member is null ? null : JsonName(member.Name);
        services.AddValidatorsFromAssembly(typeof(DependencyInjection).Assembly, includeInternalTypes: true);
        services.AddScoped<Challenges.ChallengeAccess>();
        services.AddScoped<Challenges.ChallengeNotifier>();
        services.AddScoped<Challenges.ChallengeWorkflow>();
        services.AddScoped<Challenges.ApplicationSteps>();
        services.AddScoped<Accreditation.AccreditationAccess>();
        services.AddScoped<Accreditation.ApplicationSteps>();
        services.AddScoped<Accreditation.CenterDesk>();
        services.TryAddSingleton(new Accreditation.CenterLifecycleOptions());
        services.AddScoped<Training.TrainingAccess>();
        services.AddScoped<Accreditation.StudioSteps>();
        services.AddScoped<Engineers.Search.EngineerIndexing>();
        services.AddSingleton<Engineers.Search.ReferenceNames>();
        services.TryAddSingleton(new Matching.MatchingOptions());
        services.TryAddSingleton(new Marketplace.Domain.Matching.ExposureOptions());
        services.AddSingleton<Matching.MatchingState>();
        services.AddScoped<Matching.IEngineerMatcher, Matching.EngineerMatcher>();
        services.AddScoped<Live.ConsultationDesk>();
        services.AddScoped<Live.SessionDesk>();
        services.AddScoped<Outcomes.OutcomeCalculator>();
        services.AddScoped<Outcomes.OutcomeDesk>();
        services.AddScoped<Outcomes.StudioOutcomeCalculator>();
        services.AddScoped<Outcomes.StudioOutcomeDesk>();
        services.TryAddSingleton<Live.ILivePublisher, Live.NoLivePublisher>();
        return services;
    }

    // Field errors are keyed by the JSON (camelCase) name so API clients can attach them to their inputs.
    private static string JsonName(string name) => name.Length == 0 ? name : char.ToLowerInvariant(name[0]) + name[1..];
}
