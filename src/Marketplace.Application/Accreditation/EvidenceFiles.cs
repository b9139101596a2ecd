using Marketplace.Application.Common;
using Marketplace.Domain.Accreditation;
using Marketplace.Domain.Common;
using Marketplace.Domain.Engineers;
using Mediator;
using Microsoft.EntityFrameworkCore;

namespace Marketplace.Application.Accreditation;

public sealed record EvidenceFileDto(Guid Id, string Reference, string FileName, string ContentType, int Size, DateTimeOffset UploadedAt);

/// <summary>上传佐证材料: the applicant uploads a file and cites its <c>reference</c> in a condition's evidence.</summary>
public sealed record UploadEvidence(Guid ApplicationId, string? FileName, byte[] Content) : ICommand<EvidenceFileDto>;

public sealed class UploadEvidenceHandler(IMarketplaceDbContext db, AccreditationAccess access, TimeProvider clock) : ICommandHandler<UploadEvidence, EvidenceFileDto>
{
    public const int MaxFilesPerApplication = 100;

    public async ValueTask<EvidenceFileDto> Handle(UploadEvidence command, CancellationToken cancellationToken)
    {
        var (application, caller) = await access.ApplicationAsync(command.ApplicationId, null, cancellationToken);
        if (await db.ApplicationEvidenceFiles.CountAsync(f => f.ApplicationId == application.Id, cancellationToken) >= MaxFilesPerApplication)
        {
            throw new DomainException("佐证材料过多", $"每份申报最多上传 {MaxFilesPerApplication} 个文件。", "evidence_too_many");
        }

        var file = ApplicationEvidenceFile.Upload(Guid.NewGuid(), application, caller.ActorFor(application), EvidenceFile.Create(command.FileName, command.Content), clock.GetUtcNow());
        db.ApplicationEvidenceFiles.Add(file);
        await db.SaveChangesAsync(cancellationToken);
        return new EvidenceFileDto(file.Id, file.Reference, file.FileName, file.ContentType, file.Size, file.UploadedAt);
    }
}

public sealed record ListEvidence(Guid ApplicationId) : IQuery<IReadOnlyList<EvidenceFileDto>>;

public sealed class ListEvidenceHandler(IMarketplaceDbContext db, AccreditationAccess access) : IQueryHandler<ListEvidence, IReadOnlyList<EvidenceFileDto>>
{
    public async ValueTask<IReadOnlyList<EvidenceFileDto>> Handle(ListEvidence query, CancellationToken cancellationToken)
    {
        var (application, _) = await access.ApplicationAsync(query.ApplicationId, null, cancellationToken);
        var rows = await db.ApplicationEvidenceFiles.AsNoTracking().Where(f => f.ApplicationId == application.Id).OrderBy(f => f.UploadedAt)
            .Select(f => new { f.Id, f.FileName, f.ContentType, f.Size, f.UploadedAt })
            .ToListAsync(cancellationToken);
        return [.. rows.Select(f => new EvidenceFileDto(f.Id, ApplicationEvidenceFile.ReferencePrefix + f.Id.ToString("D"), f.FileName, f.ContentType, f.Size, f.UploadedAt))];
    }
}

public sealed record EvidenceDownload(string FileName, string ContentType, byte[] Content);

/// <summary>Whoever may read the application may read its evidence (applicant, its city, the province, its experts).</summary>
public sealed record GetEvidence(Guid ApplicationId, Guid FileId) : IQuery<EvidenceDownload>;

public sealed class GetEvidenceHandler(IMarketplaceDbContext db, AccreditationAccess access) : IQueryHandler<GetEvidence, EvidenceDownload>
{
    public async ValueTask<EvidenceDownload> Handle(GetEvidence query, CancellationToken cancellationToken)
    {
        var (application, _) = await access.ApplicationAsync(query.ApplicationId, null, cancellationToken);
        var file = await db.ApplicationEvidenceFiles.AsNoTracking().FirstOrDefaultAsync(f => f.ApplicationId == application.Id && f.Id == query.FileId, cancellationToken)
            ?? throw new NotFoundException("佐证材料", query.FileId);
        return new EvidenceDownload(file.FileName, file.ContentType, file.Content);
    }
}

internal static class EvidenceChecks
{
    /// <summary>Every <c>file:{id}</c> a condition cites must be a file uploaded to this application.</summary>
    public static async Task EnsureCitedFilesExistAsync(IMarketplaceDbContext db, CenterApplication application, CancellationToken ct)
    {
        var cited = ApplicationEvidenceFile.CitedIds(application.Conditions.SelectMany(c => c.Evidence)).Distinct().ToList();
        if (cited.Count == 0)
        {
            return;
        }

        var known = await db.ApplicationEvidenceFiles.Where(f => f.ApplicationId == application.Id && cited.Contains(f.Id)).Select(f => f.Id).ToListAsync(ct);
        var missing = application.Conditions
            .Where(c => ApplicationEvidenceFile.CitedIds(c.Evidence).Any(id => !known.Contains(id)))
            .Select(c => c.Code)
            .ToList();
        if (missing.Count > 0)
        {
            throw new DomainException(
                "佐证材料不存在",
                $"以下基本条件引用的佐证文件不存在或不属于本申报：{string.Join("、", missing)}。请先上传文件，再引用其 file: 编号。",
                "evidence_file_unknown");
        }
    }
}
