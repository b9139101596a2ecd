using FluentValidation;
using Marketplace.Application.Accreditation;
using Marketplace.Application.Common;
using Marketplace.Domain.Common;
using Marketplace.Domain.Engineers;
using Marketplace.Domain.Identity;
using Marketplace.Domain.Outcomes;
using Mediator;
using Microsoft.EntityFrameworkCore;

namespace Marketplace.Application.Outcomes;

public sealed record OutcomeEntryDto(
    Guid Id, string Kind, string KindName, string Subtype, string SubtypeName, string Title, DateOnly OccurredOn, decimal? Amount, string? Source, string? SourceName,
    int? TimesShared, string? Detail, string EvidenceFileName, string EvidenceUrl, DateTimeOffset CreatedAt, DateTimeOffset? UpdatedAt, bool Locked, uint Version);

/// <summary>
/// 填报成果: a standard, an IP right, a shared resource, or funds received or spent, entered by the organization's operator
/// with its evidence file (PDF/JPG/PNG by content, ≤ 5 MB, as every evidence on the platform).
/// </summary>
public sealed record RecordOutcomeEntry(
    OutcomeEntryKind Kind, string Subtype, string Title, DateOnly OccurredOn, decimal? Amount, FundSource? Source, int? TimesShared, string? Detail,
    string? FileName, byte[] Evidence) : ICommand<OutcomeEntryDto>;

public sealed class RecordOutcomeEntryValidator : AbstractValidator<RecordOutcomeEntry>
{
    public RecordOutcomeEntryValidator()
    {
        RuleFor(x => x.Kind).IsInEnum().WithName("成果类型");
        RuleFor(x => x.Title).NotEmpty().MaximumLength(OutcomeEntry.TitleMaxLength).WithName("名称");
        RuleFor(x => x.Subtype).NotEmpty().WithName("子类");
        RuleFor(x => x.Detail).MaximumLength(OutcomeEntry.DetailMaxLength).WithName("说明");
        RuleFor(x => x.Evidence).NotEmpty().WithMessage("'证明材料' 不能为空：每条成果都须上传证明材料。").WithName("证明材料");
    }
}

public sealed class RecordOutcomeEntryHandler(IMarketplaceDbContext db, ICurrentUser user, TimeProvider clock) : ICommandHandler<RecordOutcomeEntry, OutcomeEntryDto>
{
    public async ValueTask<OutcomeEntryDto> Handle(RecordOutcomeEntry command, CancellationToken cancellationToken)
    {
        var userId = user.RequireUserId();
        var org = OutcomeEntryAccess.RequireWriter(user);
        var now = clock.GetUtcNow();
        var evidence = EvidenceFile.Create(command.FileName, command.Evidence);
        var file = OutcomeEvidenceFile.Create(Guid.NewGuid(), org, evidence, now);
        var entry = OutcomeEntry.Record(Guid.NewGuid(), org, command.Kind, command.Subtype, command.Title, command.OccurredOn, command.Amount, command.Source,
            command.TimesShared, command.Detail, file.Id, file.FileName, userId, AccreditationClock.Today(now), now);
        OutcomeEntry.EnsureChangeable(entry.OccurredOn, await OutcomeEntryAccess.ReceivedYearsAsync(db, org, cancellationToken), "补充");
        db.OutcomeEvidenceFiles.Add(file);
        db.OutcomeEntries.Add(entry);
        await db.SaveChangesAsync(cancellationToken);
        return OutcomeEntryAccess.Dto(entry, []);
    }
}

public sealed record ListOutcomeEntries(int Year) : IQuery<IReadOnlyList<OutcomeEntryDto>>;

public sealed class ListOutcomeEntriesHandler(IMarketplaceDbContext db, ICurrentUser user) : IQueryHandler<ListOutcomeEntries, IReadOnlyList<OutcomeEntryDto>>
{
    public async ValueTask<IReadOnlyList<OutcomeEntryDto>> Handle(ListOutcomeEntries query, CancellationToken cancellationToken)
    {
        OutcomeDesk.RequireYear(query.Year);
        var org = OutcomeEntryAccess.RequireWriter(user);
        var (first, last) = (new DateOnly(query.Year, 1, 1), new DateOnly(query.Year, 12, 31));
        var entries = await db.OutcomeEntries.AsNoTracking()
            .Where(e => e.OwnerOrganizationId == org && e.OccurredOn >= first && e.OccurredOn <= last)
            .OrderByDescending(e => e.OccurredOn).ThenByDescending(e => e.CreatedAt)
            .ToListAsync(cancellationToken);
        var received = await OutcomeEntryAccess.ReceivedYearsAsync(db, org, cancellationToken);
        return [.. entries.Select(e => OutcomeEntryAccess.Dto(e, received))];
    }
}

/// <summary>
/// 修改成果: the owner's operator corrects an entry (all fields; a new evidence file optional, replacing the old one) at
/// the version it read. Entries of a year whose report the province has received do not change (decision 90).
/// </summary>
public sealed record ReviseOutcomeEntry(
    Guid Id, uint? Version, OutcomeEntryKind Kind, string Subtype, string Title, DateOnly OccurredOn, decimal? Amount, FundSource? Source, int? TimesShared,
    string? Detail, string? FileName, byte[]? Evidence) : ICommand<OutcomeEntryDto>;

public sealed class ReviseOutcomeEntryValidator : AbstractValidator<ReviseOutcomeEntry>
{
    public ReviseOutcomeEntryValidator()
    {
        RuleFor(x => x.Kind).IsInEnum().WithName("成果类型");
        RuleFor(x => x.Title).NotEmpty().MaximumLength(OutcomeEntry.TitleMaxLength).WithName("名称");
        RuleFor(x => x.Subtype).NotEmpty().WithName("子类");
        RuleFor(x => x.Detail).MaximumLength(OutcomeEntry.DetailMaxLength).WithName("说明");
    }
}

public sealed class ReviseOutcomeEntryHandler(IMarketplaceDbContext db, ICurrentUser user, TimeProvider clock) : ICommandHandler<ReviseOutcomeEntry, OutcomeEntryDto>
{
    public async ValueTask<OutcomeEntryDto> Handle(ReviseOutcomeEntry command, CancellationToken cancellationToken)
    {
        var userId = user.RequireUserId();
        var org = OutcomeEntryAccess.RequireWriter(user);
        var entry = await OutcomeEntryAccess.LoadOwnAsync(db, org, command.Id, command.Version, cancellationToken);
        var received = await OutcomeEntryAccess.ReceivedYearsAsync(db, org, cancellationToken);
        OutcomeEntry.EnsureChangeable(entry.OccurredOn, received, "修改");
        OutcomeEntry.EnsureChangeable(command.OccurredOn, received, "修改");
        var now = clock.GetUtcNow();
        OutcomeEvidenceFile? replacement = null;
        if (command.Evidence is { Length: > 0 } bytes)
        {
            replacement = OutcomeEvidenceFile.Create(Guid.NewGuid(), org, EvidenceFile.Create(command.FileName, bytes), now);
        }

        var previousFile = entry.EvidenceFileId;
        entry.Revise(command.Kind, command.Subtype, command.Title, command.OccurredOn, command.Amount, command.Source, command.TimesShared, command.Detail,
            replacement?.Id, replacement?.FileName, userId, AccreditationClock.Today(now), now);
        if (replacement is not null)
        {
            // The new file first, then the entry points at it, then the old file goes: one SaveChanges, one transaction.
            db.OutcomeEvidenceFiles.Add(replacement);
            if (await db.OutcomeEvidenceFiles.FirstOrDefaultAsync(f => f.Id == previousFile, cancellationToken) is { } old)
            {
                db.OutcomeEvidenceFiles.Remove(old);
            }
        }

        await db.SaveChangesAsync(cancellationToken);
        return OutcomeEntryAccess.Dto(entry, received);
    }
}

/// <summary>删除成果: the owner's operator removes an entry entered by mistake, with its evidence file, at the version it read.</summary>
public sealed record DeleteOutcomeEntry(Guid Id, uint? Version) : ICommand;

public sealed class DeleteOutcomeEntryHandler(IMarketplaceDbContext db, ICurrentUser user) : ICommandHandler<DeleteOutcomeEntry>
{
    public async ValueTask<Unit> Handle(DeleteOutcomeEntry command, CancellationToken cancellationToken)
    {
        var org = OutcomeEntryAccess.RequireWriter(user);
        var entry = await OutcomeEntryAccess.LoadOwnAsync(db, org, command.Id, command.Version, cancellationToken);
        OutcomeEntry.EnsureChangeable(entry.OccurredOn, await OutcomeEntryAccess.ReceivedYearsAsync(db, org, cancellationToken), "删除");
        var file = await db.OutcomeEvidenceFiles.FirstOrDefaultAsync(f => f.Id == entry.EvidenceFileId, cancellationToken);
        db.OutcomeEntries.Remove(entry);
        if (file is not null)
        {
            db.OutcomeEvidenceFiles.Remove(file);
        }

        await db.SaveChangesAsync(cancellationToken);
        return Unit.Value;
    }
}

/// <summary>One entry of the caller's own organization (to correct it); anyone else's is a 404.</summary>
public sealed record GetOutcomeEntry(Guid Id) : IQuery<OutcomeEntryDto>;

public sealed class GetOutcomeEntryHandler(IMarketplaceDbContext db, ICurrentUser user) : IQueryHandler<GetOutcomeEntry, OutcomeEntryDto>
{
    public async ValueTask<OutcomeEntryDto> Handle(GetOutcomeEntry query, CancellationToken cancellationToken)
    {
        var org = OutcomeEntryAccess.RequireWriter(user);
        var entry = await db.OutcomeEntries.AsNoTracking().FirstOrDefaultAsync(e => e.Id == query.Id && e.OwnerOrganizationId == org, cancellationToken)
            ?? throw new NotFoundException("成果记录", query.Id);
        return OutcomeEntryAccess.Dto(entry, await OutcomeEntryAccess.ReceivedYearsAsync(db, org, cancellationToken));
    }
}

public sealed record GetOutcomeEvidence(Guid EntryId) : IQuery<EvidenceDownload>;

/// <summary>The owner reads its evidence; an authority that may see the owner's center reads it too; anyone else gets 404.</summary>
public sealed class GetOutcomeEvidenceHandler(IMarketplaceDbContext db, ICurrentUser user, AccreditationAccess access) : IQueryHandler<GetOutcomeEvidence, EvidenceDownload>
{
    public async ValueTask<EvidenceDownload> Handle(GetOutcomeEvidence query, CancellationToken cancellationToken)
    {
        var entry = await db.OutcomeEntries.AsNoTracking().FirstOrDefaultAsync(e => e.Id == query.EntryId, cancellationToken)
            ?? throw new NotFoundException("成果记录", query.EntryId);
        if (user.OrganizationId != entry.OwnerOrganizationId)
        {
            var caller = await access.CallerAsync(cancellationToken);
            var centers = await db.AccreditedCenters.AsNoTracking().Where(c => c.OrganizationId == entry.OwnerOrganizationId).ToListAsync(cancellationToken);
            if (!caller.IsAuthority || !centers.Any(caller.CanSee))
            {
                throw new NotFoundException("成果记录", query.EntryId);
            }
        }

        var file = await db.OutcomeEvidenceFiles.AsNoTracking().FirstAsync(f => f.Id == entry.EvidenceFileId, cancellationToken);
        return new EvidenceDownload(file.FileName, file.ContentType, file.Content);
    }
}

internal static class OutcomeEntryAccess
{
    public static Guid RequireWriter(ICurrentUser user) =>
        (user.IsInRole(Roles.Operator) || user.IsInRole(Roles.Company)) && user.OrganizationId is { } org
            ? org
            : throw new DomainForbiddenException("没有权限", "只有中心或工作室的运营账号可以填报成果。", "forbidden_party");

    public static OutcomeEntryDto Dto(OutcomeEntry e, IReadOnlyCollection<int> receivedYears) => new(
        e.Id, e.Kind.ToString(), OutcomeEntry.KindName(e.Kind), e.Subtype, e.SubtypeName, e.Title, e.OccurredOn, e.Amount, e.Source?.ToString(),
        e.Source is null ? null : OutcomeEntry.SourceName(e.Source), e.TimesShared, e.Detail, e.EvidenceFileName, $"/api/outcomes/entries/{e.Id}/evidence", e.CreatedAt,
        e.UpdatedAt, receivedYears.Contains(e.OccurredOn.Year), e.Version);

    /// <summary>
    /// Another organization's entry is a 404, as if it did not exist; then the version the caller read is required (a
    /// change without one could overwrite or delete what someone else just corrected) and a stale one is a 409. The
    /// version is judged here, after access, so a caller who may not touch the entry learns nothing from its input (decision 82).
    /// </summary>
    public static async Task<OutcomeEntry> LoadOwnAsync(IMarketplaceDbContext db, Guid org, Guid id, uint? version, CancellationToken ct)
    {
        var entry = await db.OutcomeEntries.FirstOrDefaultAsync(e => e.Id == id && e.OwnerOrganizationId == org, ct)
            ?? throw new NotFoundException("成果记录", id);
        if (version is null)
        {
            throw new DomainException("缺少版本号", "请提交读取该成果时的 version，以免覆盖或删除他人刚做的修改。", "version_required");
        }

        if (entry.Version != version)
        {
            throw new StaleVersionException();
        }

        return entry;
    }

    /// <summary>The years whose annual report the province has received from any center the organization runs.</summary>
    public static async Task<IReadOnlyCollection<int>> ReceivedYearsAsync(IMarketplaceDbContext db, Guid org, CancellationToken ct)
    {
        var centers = await db.AccreditedCenters.AsNoTracking().Where(c => c.OrganizationId == org).ToListAsync(ct);
        return centers.SelectMany(c => c.Reports.Where(r => r.Received).Select(r => r.Year)).ToHashSet();
    }
}
