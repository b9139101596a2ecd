using FluentValidation;
using Marketplace.Application.Common;
using Marketplace.Domain.Common;
using Marketplace.Domain.Engineers;
using Marketplace.Domain.Training;
using Mediator;
using Microsoft.EntityFrameworkCore;

namespace Marketplace.Application.Training;

/// <summary>A trainee line as sent: an engineer's profile id (name and title come from it unless given), or a name.</summary>
public sealed record TraineeLine(Guid? Id, Guid? EngineerId, string? Name, string? Employer, ProfessionalTitle? Title, decimal Hours);

public sealed class TraineeLineValidator : AbstractValidator<TraineeLine>
{
    public TraineeLineValidator()
    {
        RuleFor(x => x.Name).NotEmpty().When(x => x.EngineerId is null).WithName("学员姓名");
        RuleFor(x => x.Name).MaximumLength(TrainingEvent.NameMaxLength).WithName("学员姓名");
        RuleFor(x => x.Employer).MaximumLength(TrainingEvent.NameMaxLength).WithName("工作单位");
        RuleFor(x => x.Title).IsInEnum().WithName("职称");
        RuleFor(x => x.Hours).GreaterThan(0).WithName("参训学时");
    }
}

internal static class TrainingEventRules
{
    public static void Details<T>(AbstractValidator<T> v, Func<T, string?> kind, Func<T, string?> title, Func<T, DateOnly> start,
        Func<T, DateOnly> end, Func<T, decimal> hours, Func<T, string?> place, Func<T, string?> note)
    {
        v.RuleFor(x => kind(x)).NotEmpty().OverridePropertyName("kindCode").WithName("培训类型");
        v.RuleFor(x => title(x)).NotEmpty().MaximumLength(TrainingEvent.TitleMaxLength).OverridePropertyName("title").WithName("活动名称");
        v.RuleFor(x => end(x)).GreaterThanOrEqualTo(x => start(x)).OverridePropertyName("endDate").WithMessage("结束日期不能早于开始日期。");
        v.RuleFor(x => hours(x)).GreaterThan(0).LessThanOrEqualTo(TrainingEvent.MaxHours).OverridePropertyName("hours").WithName("活动学时");
        v.RuleFor(x => place(x)).MaximumLength(TrainingEvent.PlaceMaxLength).OverridePropertyName("place").WithName("地点");
        v.RuleFor(x => note(x)).MaximumLength(TrainingEvent.NoteMaxLength).OverridePropertyName("organizerNote").WithName("组织说明");
    }

    /// <summary>Fills name, employer and (unless given) title from the engineer's profile, so the record says who it was at the time.</summary>
    public static async Task<List<TraineeInput>> ResolveAsync(IMarketplaceDbContext db, IReadOnlyList<TraineeLine> lines, CancellationToken ct)
    {
        var ids = lines.Where(l => l.EngineerId is not null).Select(l => l.EngineerId!.Value).Distinct().ToList();
        var profiles = ids.Count == 0
            ? []
            : await db.Engineers.AsNoTracking().Where(e => ids.Contains(e.Id))
                .Select(e => new { e.Id, e.Name, e.EmployerName, e.Title }).ToDictionaryAsync(e => e.Id, ct);
        var result = new List<TraineeInput>(lines.Count);
        foreach (var line in lines)
        {
            if (line.EngineerId is { } id)
            {
                var profile = profiles.GetValueOrDefault(id)
                    ?? throw new DomainException("工程师不存在", $"学员对应的工程师档案（{id}）不存在。", "engineer_unknown");
                result.Add(new TraineeInput(line.Id, id, profile.Name, profile.EmployerName, line.Title ?? profile.Title, line.Hours));
            }
            else
            {
                result.Add(new TraineeInput(line.Id, null, line.Name ?? "", line.Employer, line.Title, line.Hours));
            }
        }

        return result;
    }
}

/// <summary>登记培训活动 for the caller's own organization, in the given programme, with its trainees.</summary>
public sealed record RecordTrainingEvent(
    TrainingProgramme Programme, string? KindCode, string? Title, DateOnly StartDate, DateOnly EndDate, decimal Hours, string? Place,
    string? OrganizerNote, IReadOnlyList<TraineeLine>? Trainees) : ICommand<TrainingEventDto>;

public sealed class RecordTrainingEventValidator : AbstractValidator<RecordTrainingEvent>
{
    public RecordTrainingEventValidator()
    {
        RuleFor(x => x.Programme).IsInEnum().WithName("项目类型");
        TrainingEventRules.Details(this, x => x.KindCode, x => x.Title, x => x.StartDate, x => x.EndDate, x => x.Hours, x => x.Place, x => x.OrganizerNote);
        RuleFor(x => x.Trainees).Must(t => t is null || t.Count <= TrainingEvent.MaxTrainees).WithName("学员");
        RuleForEach(x => x.Trainees).SetValidator(new TraineeLineValidator());
    }
}

public sealed class RecordTrainingEventHandler(IMarketplaceDbContext db, TrainingAccess access, TrainingKindCatalog kinds, TimeProvider clock)
    : ICommandHandler<RecordTrainingEvent, TrainingEventDto>
{
    public async ValueTask<TrainingEventDto> Handle(RecordTrainingEvent command, CancellationToken cancellationToken)
    {
        var (caller, orgId, region) = await access.OwnerAsync(cancellationToken);
        var trainees = await TrainingEventRules.ResolveAsync(db, command.Trainees ?? [], cancellationToken);
        var now = clock.GetUtcNow();
        var training = TrainingEvent.Record(
            Guid.NewGuid(), orgId, command.Programme, region, kinds,
            new TrainingEventDetails(command.KindCode ?? "", command.Title ?? "", command.StartDate, command.EndDate, command.Hours, command.Place, command.OrganizerNote),
            trainees, caller.UserId, now);
        db.TrainingEvents.Add(training);
        await db.SaveChangesAsync(cancellationToken);
        return await TrainingViews.EventAsync(db, kinds, training, caller, now, cancellationToken);
    }
}

/// <summary>修改培训活动: details and the whole trainee list (lines keep their results by id).</summary>
public sealed record ReviseTrainingEvent(
    Guid Id, uint? Version, string? KindCode, string? Title, DateOnly StartDate, DateOnly EndDate, decimal Hours, string? Place,
    string? OrganizerNote, IReadOnlyList<TraineeLine>? Trainees) : ICommand<TrainingEventDto>;

public sealed class ReviseTrainingEventValidator : AbstractValidator<ReviseTrainingEvent>
{
    public ReviseTrainingEventValidator()
    {
        TrainingEventRules.Details(this, x => x.KindCode, x => x.Title, x => x.StartDate, x => x.EndDate, x => x.Hours, x => x.Place, x => x.OrganizerNote);
        RuleFor(x => x.Trainees).Must(t => t is null || t.Count <= TrainingEvent.MaxTrainees).WithName("学员");
        RuleForEach(x => x.Trainees).SetValidator(new TraineeLineValidator());
    }
}

public sealed class ReviseTrainingEventHandler(IMarketplaceDbContext db, TrainingAccess access, TrainingKindCatalog kinds, TimeProvider clock)
    : ICommandHandler<ReviseTrainingEvent, TrainingEventDto>
{
    public async ValueTask<TrainingEventDto> Handle(ReviseTrainingEvent command, CancellationToken cancellationToken)
    {
        var training = await access.EventAsync(command.Id, true, command.Version, cancellationToken);
        var caller = await access.CallerAsync(cancellationToken);
        var trainees = await TrainingEventRules.ResolveAsync(db, command.Trainees ?? [], cancellationToken);
        var now = clock.GetUtcNow();
        training.Revise(
            kinds,
            new TrainingEventDetails(command.KindCode ?? "", command.Title ?? "", command.StartDate, command.EndDate, command.Hours, command.Place, command.OrganizerNote),
            trainees, caller.UserId, now);
        await db.SaveChangesAsync(cancellationToken);
        return await TrainingViews.EventAsync(db, kinds, training, caller, now, cancellationToken);
    }
}

/// <summary>删除培训活动: only while no result is recorded, so a trainee's record of passing never disappears.</summary>
public sealed record DeleteTrainingEvent(Guid Id, uint? Version) : ICommand;

public sealed class DeleteTrainingEventHandler(IMarketplaceDbContext db, TrainingAccess access) : ICommandHandler<DeleteTrainingEvent>
{
    public async ValueTask<Unit> Handle(DeleteTrainingEvent command, CancellationToken cancellationToken)
    {
        var training = await access.EventAsync(command.Id, true, command.Version, cancellationToken);
        if (training.HasResults)
        {
            throw new DomainConflictException("已有培训结果", $"培训活动“{training.Title}”已登记培训结果，不能删除。", "results_recorded");
        }

        db.TrainingEvents.Remove(training);
        await db.SaveChangesAsync(cancellationToken);
        return Unit.Value;
    }
}

public sealed record AddTrainee(Guid EventId, uint? Version, TraineeLine Trainee) : ICommand<TrainingEventDto>;

public sealed class AddTraineeValidator : AbstractValidator<AddTrainee>
{
    public AddTraineeValidator() => RuleFor(x => x.Trainee).NotNull().SetValidator(new TraineeLineValidator());
}

public sealed class AddTraineeHandler(IMarketplaceDbContext db, TrainingAccess access, TrainingKindCatalog kinds, TimeProvider clock)
    : ICommandHandler<AddTrainee, TrainingEventDto>
{
    public async ValueTask<TrainingEventDto> Handle(AddTrainee command, CancellationToken cancellationToken)
    {
        var training = await access.EventAsync(command.EventId, true, command.Version, cancellationToken);
        var caller = await access.CallerAsync(cancellationToken);
        var input = (await TrainingEventRules.ResolveAsync(db, [command.Trainee], cancellationToken))[0];
        var now = clock.GetUtcNow();
        training.AddTrainee(Guid.NewGuid(), input with { Id = null }, caller.UserId, now);
        await db.SaveChangesAsync(cancellationToken);
        return await TrainingViews.EventAsync(db, kinds, training, caller, now, cancellationToken);
    }
}

public sealed record RemoveTrainee(Guid EventId, Guid TraineeId, uint? Version) : ICommand<TrainingEventDto>;

public sealed class RemoveTraineeHandler(IMarketplaceDbContext db, TrainingAccess access, TrainingKindCatalog kinds, TimeProvider clock)
    : ICommandHandler<RemoveTrainee, TrainingEventDto>
{
    public async ValueTask<TrainingEventDto> Handle(RemoveTrainee command, CancellationToken cancellationToken)
    {
        var training = await access.EventAsync(command.EventId, true, command.Version, cancellationToken);
        var caller = await access.CallerAsync(cancellationToken);
        var now = clock.GetUtcNow();
        training.RemoveTrainee(command.TraineeId, caller.UserId, now);
        await db.SaveChangesAsync(cancellationToken);
        return await TrainingViews.EventAsync(db, kinds, training, caller, now, cancellationToken);
    }
}

public sealed record ResultLine(Guid TraineeId, TrainingResult Result, string? CertificateNumber);

/// <summary>登记培训结果 for one or more trainees at once (the result form sends the whole list).</summary>
public sealed record RecordTrainingResults(Guid EventId, uint? Version, IReadOnlyList<ResultLine> Results) : ICommand<TrainingEventDto>;

public sealed class RecordTrainingResultsValidator : AbstractValidator<RecordTrainingResults>
{
    public RecordTrainingResultsValidator()
    {
        RuleFor(x => x.Results).NotEmpty().WithName("培训结果");
        RuleForEach(x => x.Results).ChildRules(r =>
        {
            r.RuleFor(x => x.Result).IsInEnum().WithName("培训结果");
            r.RuleFor(x => x.CertificateNumber).MaximumLength(TrainingEvent.CertificateMaxLength).WithName("证书编号");
        });
    }
}

public sealed class RecordTrainingResultsHandler(IMarketplaceDbContext db, TrainingAccess access, TrainingKindCatalog kinds, TimeProvider clock)
    : ICommandHandler<RecordTrainingResults, TrainingEventDto>
{
    public async ValueTask<TrainingEventDto> Handle(RecordTrainingResults command, CancellationToken cancellationToken)
    {
        var training = await access.EventAsync(command.EventId, true, command.Version, cancellationToken);
        var caller = await access.CallerAsync(cancellationToken);
        var now = clock.GetUtcNow();
        foreach (var line in command.Results)
        {
            training.RecordResult(line.TraineeId, line.Result, line.CertificateNumber, caller.UserId, now);
        }

        await db.SaveChangesAsync(cancellationToken);
        return await TrainingViews.EventAsync(db, kinds, training, caller, now, cancellationToken);
    }
}

public sealed record GetTrainingEvent(Guid Id) : IQuery<TrainingEventDto>;

public sealed class GetTrainingEventHandler(IMarketplaceDbContext db, TrainingAccess access, TrainingKindCatalog kinds, TimeProvider clock)
    : IQueryHandler<GetTrainingEvent, TrainingEventDto>
{
    public async ValueTask<TrainingEventDto> Handle(GetTrainingEvent query, CancellationToken cancellationToken)
    {
        var training = await access.EventAsync(query.Id, false, null, cancellationToken);
        var caller = await access.CallerAsync(cancellationToken);
        return await TrainingViews.EventAsync(db, kinds, training, caller, clock.GetUtcNow(), cancellationToken);
    }
}

/// <summary>
/// Events the caller reads, newest first: the owner's own, a city's region, or the whole province; narrowed by owner,
/// programme, the year the event ended in, and kind.
/// </summary>
public sealed record ListTrainingEvents(Guid? OwnerOrganizationId = null, TrainingProgramme? Programme = null, int? Year = null, string? KindCode = null)
    : IQuery<IReadOnlyList<TrainingEventSummaryDto>>;

public sealed class ListTrainingEventsValidator : AbstractValidator<ListTrainingEvents>
{
    public ListTrainingEventsValidator() => RuleFor(x => x.Year).InclusiveBetween(2000, 2100).When(x => x.Year is not null).WithName("结束年度");
}

public sealed class ListTrainingEventsHandler(IMarketplaceDbContext db, TrainingAccess access, TrainingKindCatalog kinds)
    : IQueryHandler<ListTrainingEvents, IReadOnlyList<TrainingEventSummaryDto>>
{
    public async ValueTask<IReadOnlyList<TrainingEventSummaryDto>> Handle(ListTrainingEvents query, CancellationToken cancellationToken)
    {
        var caller = await access.ReaderAsync(cancellationToken);
        var events = TrainingAccess.Visible(db.TrainingEvents.AsNoTracking(), caller);
        if (query.OwnerOrganizationId is { } owner)
        {
            events = events.Where(e => e.OwnerOrganizationId == owner);
        }

        if (query.Programme is { } programme)
        {
            events = events.Where(e => e.Programme == programme);
        }

        if (query.Year is { } year)
        {
            var (from, to) = (new DateOnly(year, 1, 1), new DateOnly(year, 12, 31));
            events = events.Where(e => e.EndDate >= from && e.EndDate <= to);
        }

        if (!string.IsNullOrEmpty(query.KindCode))
        {
            events = events.Where(e => e.KindCode == query.KindCode);
        }

        var rows = await events.OrderByDescending(e => e.StartDate).ThenBy(e => e.Title).Take(500)
            .Select(e => new
            {
                e.Id, e.OwnerOrganizationId, e.Programme, e.KindCode, e.Title, e.StartDate, e.EndDate, e.Hours, e.Version,
                Trainees = e.Trainees.Count, Results = e.Trainees.Count(t => t.Result != null),
            })
            .ToListAsync(cancellationToken);
        var names = await TrainingViews.OrganizationNamesAsync(db, rows.Select(r => r.OwnerOrganizationId), cancellationToken);
        return [.. rows.Select(r => new TrainingEventSummaryDto(
            r.Id, r.OwnerOrganizationId, names.GetValueOrDefault(r.OwnerOrganizationId, ""), r.Programme, TrainingVocabulary.Name(r.Programme),
            r.KindCode, kinds.Name(r.KindCode), r.Title, r.StartDate, r.EndDate, r.Hours, r.Trainees, r.Results, r.Version))];
    }
}

public sealed record ListTrainingKinds : IQuery<IReadOnlyList<TrainingKindDto>>;

public sealed class ListTrainingKindsHandler(TrainingKindCatalog kinds) : IQueryHandler<ListTrainingKinds, IReadOnlyList<TrainingKindDto>>
{
    public ValueTask<IReadOnlyList<TrainingKindDto>> Handle(ListTrainingKinds query, CancellationToken cancellationToken) =>
        ValueTask.FromResult<IReadOnlyList<TrainingKindDto>>([.. kinds.Kinds.Select(k => new TrainingKindDto(k.Code, k.Name, kinds.Paths.Contains(k.Code)))]);
}

internal static class TrainingViews
{
    public static async Task<Dictionary<Guid, string>> OrganizationNamesAsync(IMarketplaceDbContext db, IEnumerable<Guid> ids, CancellationToken ct)
    {
        var list = ids.Distinct().ToList();
        return await db.Organizations.AsNoTracking().Where(o => list.Contains(o.Id)).ToDictionaryAsync(o => o.Id, o => o.Name, ct);
    }

    public static string TitleName(ProfessionalTitle? title) => title is { } t ? EngineerVocabulary.Name(t) : "无职称";

    public static IReadOnlyList<TrainingAuditDto> Audit(IEnumerable<TrainingAuditEntry> audit) =>
        [.. audit.Select(a => new TrainingAuditDto(a.Action, a.UserId, a.At, a.Note))];

    public static async Task<TrainingEventDto> EventAsync(
        IMarketplaceDbContext db, TrainingKindCatalog kinds, TrainingEvent e, TrainingCaller caller, DateTimeOffset now, CancellationToken ct)
    {
        var owner = await db.Organizations.AsNoTracking().Where(o => o.Id == e.OwnerOrganizationId).Select(o => o.Name).FirstOrDefaultAsync(ct) ?? "";
        return new TrainingEventDto(
            e.Id, e.OwnerOrganizationId, owner, e.Programme, TrainingVocabulary.Name(e.Programme), e.RegionCode, e.KindCode, kinds.Name(e.KindCode),
            e.Title, e.StartDate, e.EndDate, e.Hours, e.Place, e.OrganizerNote, e.HasEnded(now), caller.Owns(e.OwnerOrganizationId),
            [.. e.Trainees.Select(t => new TraineeDto(
                t.Id, t.EngineerId, t.Name, t.Employer, t.Title, TitleName(t.Title), t.Hours, t.Result,
                t.Result is { } r ? TrainingVocabulary.Name(r) : null, t.CertificateNumber, t.ResultRecordedAt))],
            e.CreatedBy, e.CreatedAt, e.UpdatedBy, e.UpdatedAt, e.Version, Audit(e.Audit));
    }
}
