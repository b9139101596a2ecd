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
    int? TimesShared, string? Detail, string EvidenceFileName, string EvidenceUrl, DateTimeOffset CreatedAt);

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
        db.OutcomeEvidenceFiles.Add(file);
        db.OutcomeEntries.Add(entry);
        await db.SaveChangesAsync(cancellationToken);
        return OutcomeEntryAccess.Dto(entry);
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
        return [.. entries.Select(OutcomeEntryAccess.Dto)];
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

    public static OutcomeEntryDto Dto(OutcomeEntry e) => new(
        e.Id, e.Kind.ToString(), OutcomeEntry.KindName(e.Kind), e.Subtype, e.SubtypeName, e.Title, e.OccurredOn, e.Amount, e.Source?.ToString(),
        e.Source is null ? null : OutcomeEntry.SourceName(e.Source), e.TimesShared, e.Detail, e.EvidenceFileName, $"/api/outcomes/entries/{e.Id}/evidence", e.CreatedAt);
}
