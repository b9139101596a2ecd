using FluentValidation;
using Marketplace.Application.Common;
using Marketplace.Domain.Accreditation;
using Marketplace.Domain.Engineers;
using Marketplace.Domain.Training;
using Mediator;
using Microsoft.EntityFrameworkCore;

namespace Marketplace.Application.Training;

/// <summary>
/// 年度培训统计 of one owner (organization + programme): computed from the records each time, never stored. The owner
/// asks for its own organization (no id needed); an authority names the organization and must be able to read it.
/// </summary>
public sealed record TrainingTally(TrainingProgramme Programme, int Year, Guid? OwnerOrganizationId = null) : IQuery<TrainingTallyDto>;

public sealed class TrainingTallyValidator : AbstractValidator<TrainingTally>
{
    public TrainingTallyValidator() => RuleFor(x => x.Year).InclusiveBetween(2000, 2100).WithName("年度");
}

public sealed class TrainingTallyHandler(IMarketplaceDbContext db, TrainingAccess access, TrainingKindCatalog kinds)
    : IQueryHandler<TrainingTally, TrainingTallyDto>
{
    public async ValueTask<TrainingTallyDto> Handle(TrainingTally query, CancellationToken cancellationToken)
    {
        var caller = await access.ReaderAsync(cancellationToken);
        var ownerId = query.OwnerOrganizationId ?? caller.OrganizationId ?? Guid.Empty;
        var owner = await db.Organizations.AsNoTracking().Where(o => o.Id == ownerId).Select(o => new { o.Name, o.RegionCode }).FirstOrDefaultAsync(cancellationToken);
        if (owner is null || !caller.CanRead(ownerId, owner.RegionCode))
        {
            throw new NotFoundException("培训统计", ownerId);
        }

        var (from, to) = (new DateOnly(query.Year, 1, 1), new DateOnly(query.Year, 12, 31));
        var events = db.TrainingEvents.AsNoTracking()
            .Where(e => e.OwnerOrganizationId == ownerId && e.Programme == query.Programme && e.EndDate >= from && e.EndDate <= to);
        var eventKinds = await events.Select(e => e.KindCode).ToListAsync(cancellationToken);
        var passes = await TrainingCounting.PassesAsync(events, cancellationToken);

        var pairings = await db.MentorPairings.AsNoTracking()
            .Where(p => p.OwnerOrganizationId == ownerId && p.Programme == query.Programme)
            .Select(p => new { p.Status, p.StartDate, p.EndedOn })
            .ToListAsync(cancellationToken);

        var byKind = kinds.Kinds
            .Select(k => new KindTallyDto(
                k.Code, k.Name, eventKinds.Count(c => c == k.Code),
                passes.Count(p => p.KindCode == k.Code), passes.Where(p => p.KindCode == k.Code).Sum(p => p.Hours)))
            .ToList();
        return new TrainingTallyDto(
            ownerId, owner.Name, query.Programme, TrainingVocabulary.Name(query.Programme), query.Year, eventKinds.Count,
            passes.Select(p => p.PersonKey).Distinct().Count(), passes.Count, passes.Sum(p => p.Hours),
            TrainingCounting.ByTitle(passes), byKind,
            pairings.Count(p => p.Status == PairingStatus.InProgress && p.StartDate <= to),
            pairings.Count(p => p.Status == PairingStatus.Completed && p.EndedOn is { } d && d.Year == query.Year),
            pairings.Count(p => p.Status == PairingStatus.Stopped && p.EndedOn is { } d && d.Year == query.Year));
    }
}

/// <summary>
/// The province against seed 000's 2030 targets (see <see cref="ProvinceTrainingTallyDto"/>), over every owner and both
/// programmes unless one programme is asked for. Owners and authorities read it: it names no one.
/// </summary>
public sealed record ProvinceTrainingTally(TrainingProgramme? Programme = null) : IQuery<ProvinceTrainingTallyDto>;

public sealed class ProvinceTrainingTallyHandler(IMarketplaceDbContext db, TrainingAccess access, StudioProgramme programme)
    : IQueryHandler<ProvinceTrainingTally, ProvinceTrainingTallyDto>
{
    public const string SeniorTarget = "senior-engineers";
    public const string EngineerTarget = "engineers-and-assistants";
    public const string PersonTimesTarget = "knowledge-update";

    public async ValueTask<ProvinceTrainingTallyDto> Handle(ProvinceTrainingTally query, CancellationToken cancellationToken)
    {
        _ = await access.ReaderAsync(cancellationToken);
        return await CountAsync(db, programme, query.Programme, cancellationToken);
    }

    /// <summary>
    /// The count itself, without the caller check: the studio programme's public progress (GetStudioProgress) shows
    /// the same three figures — totals only, no person — so both read them from here and can never disagree.
    /// </summary>
    internal static async Task<ProvinceTrainingTallyDto> CountAsync(
        IMarketplaceDbContext db, StudioProgramme programme, TrainingProgramme? only, CancellationToken cancellationToken)
    {
        var (from, to) = (programme.EffectiveFrom, new DateOnly(programme.TargetYear, 12, 31));
        var events = db.TrainingEvents.AsNoTracking().Where(e => e.EndDate >= from && e.EndDate <= to);
        if (only is { } programmeOnly)
        {
            events = events.Where(e => e.Programme == programmeOnly);
        }

        var passes = await TrainingCounting.PassesAsync(events, cancellationToken);
        var highest = TrainingCounting.HighestTitles(passes);
        var senior = highest.Count(h => h.Value is ProfessionalTitle.SeniorEngineer or ProfessionalTitle.ProfessorSeniorEngineer);
        var engineers = highest.Count(h => h.Value is ProfessionalTitle.Engineer or ProfessionalTitle.AssistantEngineer);
        var owners = passes.Select(p => p.OwnerOrganizationId).Distinct().Count();

        TargetProgressDto Target(string code, int actual)
        {
            var target = programme.Targets.First(t => t.Code == code);
            var percent = target.Value <= 0 ? 0 : Math.Min(100m, Math.Round(actual * 100m / target.Value, 1));
            return new TargetProgressDto(target.Code, target.Name, target.Value, target.Unit, actual, percent);
        }

        return new ProvinceTrainingTallyDto(
            from, to, programme.TargetYear, senior, engineers, passes.Count, passes.Sum(p => p.Hours), owners,
            [Target(SeniorTarget, senior), Target(EngineerTarget, engineers), Target(PersonTimesTarget, passes.Count)],
            TrainingCounting.ByTitle(passes));
    }
}

/// <summary>One passed (优秀/合格) trainee line: what every tally counts.</summary>
internal sealed record TrainingPass(Guid OwnerOrganizationId, string KindCode, string PersonKey, ProfessionalTitle? Title, decimal Hours);

internal static class TrainingCounting
{
    /// <summary>Title rows from the highest down, then 无职称.</summary>
    private static readonly ProfessionalTitle?[] Levels =
    [
        ProfessionalTitle.ProfessorSeniorEngineer, ProfessionalTitle.SeniorEngineer, ProfessionalTitle.Engineer,
        ProfessionalTitle.AssistantEngineer, ProfessionalTitle.Technician, null,
    ];

    public static async Task<List<TrainingPass>> PassesAsync(IQueryable<TrainingEvent> events, CancellationToken ct)
    {
        var rows = await events
            .SelectMany(e => e.Trainees
                .Where(t => t.Result == TrainingResult.Excellent || t.Result == TrainingResult.Passed)
                .Select(t => new { e.OwnerOrganizationId, e.KindCode, t.EngineerId, t.Name, t.Employer, t.Title, t.Hours }))
            .ToListAsync(ct);
        return [.. rows.Select(r => new TrainingPass(r.OwnerOrganizationId, r.KindCode, Trainee.PersonKeyOf(r.EngineerId, r.Name, r.Employer), r.Title, r.Hours))];
    }

    /// <summary>Each person once, at the highest title any of their passes records (a promotion mid-period counts them at the new level).</summary>
    public static Dictionary<string, ProfessionalTitle?> HighestTitles(IEnumerable<TrainingPass> passes) =>
        passes.GroupBy(p => p.PersonKey, StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => g.Max(p => p.Title), StringComparer.Ordinal);

    public static IReadOnlyList<TitleTallyDto> ByTitle(IReadOnlyList<TrainingPass> passes)
    {
        var highest = HighestTitles(passes);
        return [.. Levels.Select(level => new TitleTallyDto(
            level is { } l ? EngineerVocabulary.Code(l) : "none",
            TrainingViews.TitleName(level),
            highest.Count(h => h.Value == level),
            passes.Count(p => p.Title == level),
            passes.Where(p => p.Title == level).Sum(p => p.Hours)))];
    }
}
