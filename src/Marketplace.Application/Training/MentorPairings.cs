using FluentValidation;
using Marketplace.Application.Common;
using Marketplace.Domain.Common;
using Marketplace.Domain.Engineers;
using Marketplace.Domain.Training;
using Mediator;
using Microsoft.EntityFrameworkCore;

namespace Marketplace.Application.Training;

/// <summary>结对 (传帮带) for the caller's own organization: both people are engineer profiles on the platform.</summary>
public sealed record StartPairing(
    TrainingProgramme Programme, Guid MentorEngineerId, Guid TraineeEngineerId, DateOnly StartDate, DateOnly PlannedEndDate, string? Goals)
    : ICommand<MentorPairingDto>;

public sealed class StartPairingValidator : AbstractValidator<StartPairing>
{
    public StartPairingValidator()
    {
        RuleFor(x => x.Programme).IsInEnum().WithName("项目类型");
        RuleFor(x => x.MentorEngineerId).NotEmpty().WithName("导师");
        RuleFor(x => x.TraineeEngineerId).NotEmpty().WithName("学员");
        RuleFor(x => x.PlannedEndDate).GreaterThanOrEqualTo(x => x.StartDate).WithMessage("计划结束日期不能早于开始日期。");
        RuleFor(x => x.Goals).NotEmpty().MaximumLength(MentorPairing.GoalsMaxLength).WithName("带培目标");
    }
}

public sealed class StartPairingHandler(IMarketplaceDbContext db, TrainingAccess access, TimeProvider clock) : ICommandHandler<StartPairing, MentorPairingDto>
{
    public async ValueTask<MentorPairingDto> Handle(StartPairing command, CancellationToken cancellationToken)
    {
        var (caller, orgId, region) = await access.OwnerAsync(cancellationToken);
        await PairingViews.EnsureEngineersAsync(db, command.MentorEngineerId, command.TraineeEngineerId, cancellationToken);
        var now = clock.GetUtcNow();
        var pairing = MentorPairing.Start(
            Guid.NewGuid(), orgId, command.Programme, region, command.MentorEngineerId, command.TraineeEngineerId, command.StartDate,
            command.PlannedEndDate, command.Goals, caller.UserId, now);
        db.MentorPairings.Add(pairing);
        await db.SaveChangesAsync(cancellationToken);
        return await PairingViews.PairingAsync(db, pairing, caller, cancellationToken);
    }
}

public sealed record RevisePairing(
    Guid Id, uint? Version, Guid MentorEngineerId, Guid TraineeEngineerId, DateOnly StartDate, DateOnly PlannedEndDate, string? Goals)
    : ICommand<MentorPairingDto>;

public sealed class RevisePairingValidator : AbstractValidator<RevisePairing>
{
    public RevisePairingValidator()
    {
        RuleFor(x => x.MentorEngineerId).NotEmpty().WithName("导师");
        RuleFor(x => x.TraineeEngineerId).NotEmpty().WithName("学员");
        RuleFor(x => x.PlannedEndDate).GreaterThanOrEqualTo(x => x.StartDate).WithMessage("计划结束日期不能早于开始日期。");
        RuleFor(x => x.Goals).NotEmpty().MaximumLength(MentorPairing.GoalsMaxLength).WithName("带培目标");
    }
}

public sealed class RevisePairingHandler(IMarketplaceDbContext db, TrainingAccess access, TimeProvider clock) : ICommandHandler<RevisePairing, MentorPairingDto>
{
    public async ValueTask<MentorPairingDto> Handle(RevisePairing command, CancellationToken cancellationToken)
    {
        var pairing = await access.PairingAsync(command.Id, true, command.Version, cancellationToken);
        var caller = await access.CallerAsync(cancellationToken);
        await PairingViews.EnsureEngineersAsync(db, command.MentorEngineerId, command.TraineeEngineerId, cancellationToken);
        pairing.Revise(command.MentorEngineerId, command.TraineeEngineerId, command.StartDate, command.PlannedEndDate, command.Goals, caller.UserId, clock.GetUtcNow());
        await db.SaveChangesAsync(cancellationToken);
        return await PairingViews.PairingAsync(db, pairing, caller, cancellationToken);
    }
}

public sealed record CompletePairing(Guid Id, uint? Version, string? OutcomeNote) : ICommand<MentorPairingDto>;

public sealed class CompletePairingHandler(IMarketplaceDbContext db, TrainingAccess access, TimeProvider clock) : ICommandHandler<CompletePairing, MentorPairingDto>
{
    public async ValueTask<MentorPairingDto> Handle(CompletePairing command, CancellationToken cancellationToken)
    {
        var pairing = await access.PairingAsync(command.Id, true, command.Version, cancellationToken);
        var caller = await access.CallerAsync(cancellationToken);
        pairing.Complete(command.OutcomeNote, caller.UserId, clock.GetUtcNow());
        await db.SaveChangesAsync(cancellationToken);
        return await PairingViews.PairingAsync(db, pairing, caller, cancellationToken);
    }
}

public sealed record StopPairing(Guid Id, uint? Version, string? Reason) : ICommand<MentorPairingDto>;

public sealed class StopPairingValidator : AbstractValidator<StopPairing>
{
    public StopPairingValidator() => RuleFor(x => x.Reason).NotEmpty().MaximumLength(MentorPairing.NoteMaxLength).WithName("中止原因");
}

public sealed class StopPairingHandler(IMarketplaceDbContext db, TrainingAccess access, TimeProvider clock) : ICommandHandler<StopPairing, MentorPairingDto>
{
    public async ValueTask<MentorPairingDto> Handle(StopPairing command, CancellationToken cancellationToken)
    {
        var pairing = await access.PairingAsync(command.Id, true, command.Version, cancellationToken);
        var caller = await access.CallerAsync(cancellationToken);
        pairing.Stop(command.Reason, caller.UserId, clock.GetUtcNow());
        await db.SaveChangesAsync(cancellationToken);
        return await PairingViews.PairingAsync(db, pairing, caller, cancellationToken);
    }
}

/// <summary>删除结对: only while in progress (a finished pairing is part of the record the tallies count).</summary>
public sealed record DeletePairing(Guid Id, uint? Version) : ICommand;

public sealed class DeletePairingHandler(IMarketplaceDbContext db, TrainingAccess access) : ICommandHandler<DeletePairing>
{
    public async ValueTask<Unit> Handle(DeletePairing command, CancellationToken cancellationToken)
    {
        var pairing = await access.PairingAsync(command.Id, true, command.Version, cancellationToken);
        if (pairing.Status != PairingStatus.InProgress)
        {
            throw new DomainConflictException("当前状态不允许该操作", $"结对已{TrainingVocabulary.Name(pairing.Status)}，不能删除。", "invalid_state");
        }

        db.MentorPairings.Remove(pairing);
        await db.SaveChangesAsync(cancellationToken);
        return Unit.Value;
    }
}

public sealed record GetPairing(Guid Id) : IQuery<MentorPairingDto>;

public sealed class GetPairingHandler(IMarketplaceDbContext db, TrainingAccess access) : IQueryHandler<GetPairing, MentorPairingDto>
{
    public async ValueTask<MentorPairingDto> Handle(GetPairing query, CancellationToken cancellationToken)
    {
        var pairing = await access.PairingAsync(query.Id, false, null, cancellationToken);
        return await PairingViews.PairingAsync(db, pairing, await access.CallerAsync(cancellationToken), cancellationToken);
    }
}

public sealed record ListPairings(Guid? OwnerOrganizationId = null, TrainingProgramme? Programme = null, PairingStatus? Status = null)
    : IQuery<IReadOnlyList<MentorPairingDto>>;

public sealed class ListPairingsHandler(IMarketplaceDbContext db, TrainingAccess access) : IQueryHandler<ListPairings, IReadOnlyList<MentorPairingDto>>
{
    public async ValueTask<IReadOnlyList<MentorPairingDto>> Handle(ListPairings query, CancellationToken cancellationToken)
    {
        var caller = await access.ReaderAsync(cancellationToken);
        var pairings = TrainingAccess.Visible(db.MentorPairings.AsNoTracking(), caller);
        if (query.OwnerOrganizationId is { } owner)
        {
            pairings = pairings.Where(p => p.OwnerOrganizationId == owner);
        }

        if (query.Programme is { } programme)
        {
            pairings = pairings.Where(p => p.Programme == programme);
        }

        if (query.Status is { } status)
        {
            pairings = pairings.Where(p => p.Status == status);
        }

        var rows = await pairings.OrderBy(p => p.Status == PairingStatus.InProgress ? 0 : 1).ThenByDescending(p => p.StartDate).Take(500).ToListAsync(cancellationToken);
        return await PairingViews.PairingsAsync(db, rows, caller, cancellationToken);
    }
}

internal static class PairingViews
{
    public static async Task EnsureEngineersAsync(IMarketplaceDbContext db, Guid mentor, Guid trainee, CancellationToken ct)
    {
        var found = await db.Engineers.AsNoTracking().Where(e => e.Id == mentor || e.Id == trainee).Select(e => e.Id).ToListAsync(ct);
        if (!found.Contains(mentor))
        {
            throw new DomainException("工程师不存在", $"导师对应的工程师档案（{mentor}）不存在。", "engineer_unknown");
        }

        if (!found.Contains(trainee))
        {
            throw new DomainException("工程师不存在", $"学员对应的工程师档案（{trainee}）不存在。", "engineer_unknown");
        }
    }

    public static async Task<MentorPairingDto> PairingAsync(IMarketplaceDbContext db, MentorPairing p, TrainingCaller caller, CancellationToken ct) =>
        (await PairingsAsync(db, [p], caller, ct))[0];

    public static async Task<IReadOnlyList<MentorPairingDto>> PairingsAsync(
        IMarketplaceDbContext db, IReadOnlyList<MentorPairing> pairings, TrainingCaller caller, CancellationToken ct)
    {
        var engineerIds = pairings.SelectMany(p => new[] { p.MentorEngineerId, p.TraineeEngineerId }).Distinct().ToList();
        var engineers = await db.Engineers.AsNoTracking().Where(e => engineerIds.Contains(e.Id))
            .Select(e => new { e.Id, e.Name, e.Title }).ToDictionaryAsync(e => e.Id, ct);
        var owners = await TrainingViews.OrganizationNamesAsync(db, pairings.Select(p => p.OwnerOrganizationId), ct);
        string Name(Guid id) => engineers.TryGetValue(id, out var e) ? e.Name : "";
        string Title(Guid id) => engineers.TryGetValue(id, out var e) ? EngineerVocabulary.Name(e.Title) : "";
        return [.. pairings.Select(p => new MentorPairingDto(
            p.Id, p.OwnerOrganizationId, owners.GetValueOrDefault(p.OwnerOrganizationId, ""), p.Programme, TrainingVocabulary.Name(p.Programme),
            p.MentorEngineerId, Name(p.MentorEngineerId), Title(p.MentorEngineerId), p.TraineeEngineerId, Name(p.TraineeEngineerId), Title(p.TraineeEngineerId),
            p.StartDate, p.PlannedEndDate, p.Goals, p.Status, TrainingVocabulary.Name(p.Status), p.EndedOn, p.StopReason, p.OutcomeNote,
            caller.Owns(p.OwnerOrganizationId), p.CreatedBy, p.CreatedAt, p.UpdatedAt, p.Version, TrainingViews.Audit(p.Audit)))];
    }
}
