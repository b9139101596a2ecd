using Marketplace.Domain.Identity;
using Marketplace.Infrastructure.Identity;
using Marketplace.Infrastructure.ReferenceData;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;

namespace Marketplace.Infrastructure.Persistence;

/// <summary>What every host does before serving: optionally migrate, then make sure roles and reference data are present.</summary>
public sealed partial class DatabaseInitializer(
    MarketplaceDbContext db,
    RoleManager<AppRole> roles,
    ReferenceDataLoader referenceData,
    AccreditationReferenceSet accreditation,
    Marketplace.Domain.Accreditation.WorkingCalendar calendar,
    ILogger<DatabaseInitializer> logger)
{
    public async Task MigrateAsync(CancellationToken ct = default)
    {
        var pending = (await db.Database.GetPendingMigrationsAsync(ct)).ToList();
        if (pending.Count > 0)
        {
            LogMigrating(logger, pending.Count, string.Join(", ", pending));
        }

        await db.Database.MigrateAsync(ct);
    }

    public async Task EnsureReferenceDataAsync(CancellationToken ct = default)
    {
        foreach (var role in Roles.All)
        {
            if (!await roles.RoleExistsAsync(role))
            {
                var result = await roles.CreateAsync(new AppRole(role));
                if (!result.Succeeded && !await roles.RoleExistsAsync(role))
                {
                    throw new InvalidOperationException($"Could not create role {role}: {string.Join("; ", result.Errors.Select(e => e.Description))}");
                }
            }
        }

        await referenceData.LoadAsync(ct: ct);
        LogAccreditationRules(
            logger,
            string.Join(", ", accreditation.Rubrics.All.Select(r => r.Version)),
            accreditation.CenterConditions.Version,
            string.Join(", ", calendar.Years.Select(y => calendar.IsProvisional(y) ? $"{y} (provisional)" : $"{y}")));
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Accreditation rules loaded: rubric {Rubrics}, conditions {Conditions}, holiday calendar {Years}")]
    private static partial void LogAccreditationRules(ILogger logger, string rubrics, string conditions, string years);

    [LoggerMessage(Level = LogLevel.Information, Message = "Applying {Count} migration(s): {Migrations}")]
    private static partial void LogMigrating(ILogger logger, int count, string migrations);
}
