using FluentValidation;
using Marketplace.Application.Common;
using Marketplace.Domain.Common;
using Marketplace.Domain.Engineers;
using Marketplace.Domain.Identity;
using Marketplace.Domain.Notifications;
using Mediator;
using Microsoft.EntityFrameworkCore;

namespace Marketplace.Application.Engineers;

/// <summary>
/// A credential as a reader sees it. The certificate number is left out for readers other than the engineer and the
/// center: it identifies the person at the issuing body and a company does not need it to trust a verified badge.
/// </summary>
public sealed record CredentialDto(
    Guid Id,
    Guid EngineerId,
    CredentialKind Kind,
    string KindName,
    string Name,
    string IssuingBody,
    string? CertificateNumber,
    DateOnly IssuedOn,
    DateOnly? ExpiresOn,
    bool Expired,
    CredentialStatus Status,
    string StatusName,
    string? RejectionReason,
    DateTimeOffset SubmittedAt,
    DateTimeOffset? ReviewedAt,
    bool HasEvidence,
    string? EvidenceFileName,
    string? EvidenceContentType,
    int? EvidenceSize,
    uint Version)
{
    public static CredentialDto From(EngineerCredential c, DateOnly today, bool full)
    {
        ArgumentNullException.ThrowIfNull(c);
        return new CredentialDto(
            c.Id, c.EngineerId, c.Kind, EngineerCredential.KindName(c.Kind), c.Name, c.IssuingBody, full ? c.CertificateNumber : null,
            c.IssuedOn, c.ExpiresOn, c.IsExpiredOn(today), c.Status, EngineerCredential.StatusName(c.Status),
            full ? c.RejectionReason : null, c.SubmittedAt, c.ReviewedAt, c.HasEvidence,
            full ? c.EvidenceFileName : null, full ? c.EvidenceContentType : null, full ? c.EvidenceSize : null, c.Version);
    }
}

/// <summary>A line of the center's review queue: the credential and whose it is.</summary>
public sealed record CredentialReviewItemDto(Guid EngineerId, string EngineerName, string EngineerTitleName, CredentialDto Credential);

/// <summary>An evidence file ready to send.</summary>
public sealed record EvidenceDownload(string FileName, string ContentType, byte[] Content);

internal static class CredentialRules
{
    public static DateOnly Today(TimeProvider clock) => DateOnly.FromDateTime(clock.GetUtcNow().ToOffset(ChinaTime.Offset).DateTime);

    public static Task<bool> IsStaffAsync(ICurrentUser user, IMarketplaceDbContext db, CancellationToken ct) => user.IsPlatformStaffAsync(db, ct);

    public static async Task<EngineerProfile> MyProfileAsync(IMarketplaceDbContext db, ICurrentUser user, CancellationToken ct)
    {
        var userId = user.RequireUserId();
        return await db.Engineers.AsNoTracking().FirstOrDefaultAsync(e => e.UserId == userId, ct)
            ?? throw new NotFoundException("当前账户尚未建立工程师档案。");
    }

    public static async Task RequireStaffAsync(ICurrentUser user, IMarketplaceDbContext db, CancellationToken ct)
    {
        user.RequireUserId();
        if (!await IsStaffAsync(user, db, ct))
        {
            throw new ForbiddenException("只有中心运营方或平台管理员可以审核资质证书。");
        }
    }
}

/// <summary>The signed-in engineer's credentials in every state but removed, newest first.</summary>
public sealed record ListMyCredentials : IQuery<IReadOnlyList<CredentialDto>>;

public sealed class ListMyCredentialsHandler(IMarketplaceDbContext db, ICurrentUser user, TimeProvider clock)
    : IQueryHandler<ListMyCredentials, IReadOnlyList<CredentialDto>>
{
    public async ValueTask<IReadOnlyList<CredentialDto>> Handle(ListMyCredentials query, CancellationToken cancellationToken)
    {
        var profile = await CredentialRules.MyProfileAsync(db, user, cancellationToken);
        var today = CredentialRules.Today(clock);
        var rows = await db.EngineerCredentials.AsNoTracking()
            .Where(c => c.EngineerId == profile.Id && c.Status != CredentialStatus.Removed)
            .OrderByDescending(c => c.SubmittedAt).ThenBy(c => c.Id)
            .ToListAsync(cancellationToken);
        return rows.Select(c => CredentialDto.From(c, today, full: true)).ToList();
    }
}

/// <summary>The engineer adds a credential, optionally with an evidence file; it waits for the center's review.</summary>
public sealed record AddCredential(
    CredentialKind Kind,
    string Name,
    string IssuingBody,
    string CertificateNumber,
    DateOnly IssuedOn,
    DateOnly? ExpiresOn,
    string? EvidenceFileName = null,
    byte[]? EvidenceContent = null) : ICommand<CredentialDto>;

public sealed class AddCredentialValidator : AbstractValidator<AddCredential>
{
    public AddCredentialValidator()
    {
        RuleFor(x => x.Kind).IsInEnum().WithName("证书类别");
        RuleFor(x => x.Name).NotEmpty().MaximumLength(EngineerCredential.NameMaxLength).WithName("证书名称");
        RuleFor(x => x.IssuingBody).NotEmpty().MaximumLength(EngineerCredential.IssuingBodyMaxLength).WithName("发证机构");
        RuleFor(x => x.CertificateNumber).NotEmpty().MaximumLength(EngineerCredential.NumberMaxLength).WithName("证书编号");
        RuleFor(x => x.IssuedOn).NotEqual(default(DateOnly)).WithMessage("'发证日期' 不能为空。").WithName("发证日期");
        RuleFor(x => x.ExpiresOn).GreaterThan(x => x.IssuedOn).When(x => x.ExpiresOn is not null)
            .WithMessage("'有效期至' 应晚于发证日期。").WithName("有效期至");
    }
}

public sealed class AddCredentialHandler(IMarketplaceDbContext db, ICurrentUser user, TimeProvider clock)
    : ICommandHandler<AddCredential, CredentialDto>
{
    public async ValueTask<CredentialDto> Handle(AddCredential command, CancellationToken cancellationToken)
    {
        var profile = await CredentialRules.MyProfileAsync(db, user, cancellationToken);
        var held = await db.EngineerCredentials
            .Where(c => c.EngineerId == profile.Id && c.Status != CredentialStatus.Removed)
            .Select(c => new { c.Kind, c.CertificateNumber })
            .ToListAsync(cancellationToken);
        if (held.Count >= EngineerCredential.MaxPerEngineer)
        {
            throw new DomainException("证书数量已达上限", $"每位工程师最多登记 {EngineerCredential.MaxPerEngineer} 项资质证书。", "too_many_credentials");
        }

        var number = command.CertificateNumber.Trim();
        if (held.Any(c => c.Kind == command.Kind && string.Equals(c.CertificateNumber, number, StringComparison.OrdinalIgnoreCase)))
        {
            throw new DomainConflictException("证书已登记", $"编号为 {number} 的{EngineerCredential.KindName(command.Kind)}已在档案中。", "credential_duplicate");
        }

        var evidence = command.EvidenceContent is null ? null : EvidenceFile.Create(command.EvidenceFileName, command.EvidenceContent);
        var credential = EngineerCredential.Submit(
            Guid.NewGuid(), profile.Id,
            new CredentialDetails(command.Kind, command.Name, command.IssuingBody, number, command.IssuedOn, command.ExpiresOn),
            evidence, user.RequireUserId(), clock.GetUtcNow());
        db.EngineerCredentials.Add(credential);
        if (evidence is not null)
        {
            db.CredentialEvidence.Add(CredentialEvidence.For(credential, evidence));
        }

        await db.SaveChangesAsync(cancellationToken);
        return CredentialDto.From(credential, CredentialRules.Today(clock), full: true);
    }
}

/// <summary>
/// The engineer takes a credential off the profile: pending and rejected ones are deleted with their file; a verified one
/// is kept as removed, with the removal in its audit trail.
/// </summary>
public sealed record RemoveMyCredential(Guid Id) : ICommand;

public sealed class RemoveMyCredentialHandler(IMarketplaceDbContext db, ICurrentUser user, TimeProvider clock) : ICommandHandler<RemoveMyCredential>
{
    public async ValueTask<Unit> Handle(RemoveMyCredential command, CancellationToken cancellationToken)
    {
        var profile = await CredentialRules.MyProfileAsync(db, user, cancellationToken);

        // Someone else's credential answers like a missing one: an engineer has no business knowing it exists.
        var credential = await db.EngineerCredentials.FirstOrDefaultAsync(
                c => c.Id == command.Id && c.EngineerId == profile.Id && c.Status != CredentialStatus.Removed, cancellationToken)
            ?? throw new NotFoundException("资质证书", command.Id);
        if (credential.Remove(user.RequireUserId(), clock.GetUtcNow()) == CredentialRemoval.Delete)
        {
            db.EngineerCredentials.Remove(credential);
        }

        await db.SaveChangesAsync(cancellationToken);
        return Unit.Value;
    }
}

/// <summary>An evidence file, for the engineer who uploaded it and for the center only.</summary>
public sealed record GetCredentialEvidence(Guid EngineerId, Guid CredentialId) : IQuery<EvidenceDownload>;

public sealed class GetCredentialEvidenceHandler(IMarketplaceDbContext db, ICurrentUser user) : IQueryHandler<GetCredentialEvidence, EvidenceDownload>
{
    public async ValueTask<EvidenceDownload> Handle(GetCredentialEvidence query, CancellationToken cancellationToken)
    {
        var userId = user.RequireUserId();
        var owner = await db.Engineers.AsNoTracking().Where(e => e.Id == query.EngineerId).Select(e => (Guid?)e.UserId)
            .FirstOrDefaultAsync(cancellationToken) ?? throw new NotFoundException("工程师", query.EngineerId);
        if (owner != userId && !await CredentialRules.IsStaffAsync(user, db, cancellationToken))
        {
            throw new ForbiddenException("证明文件仅工程师本人和中心运营方可以查看。");
        }

        var credential = await db.EngineerCredentials.AsNoTracking()
            .Where(c => c.Id == query.CredentialId && c.EngineerId == query.EngineerId)
            .Select(c => new { c.EvidenceFileName, c.EvidenceContentType })
            .FirstOrDefaultAsync(cancellationToken) ?? throw new NotFoundException("资质证书", query.CredentialId);
        var file = await db.CredentialEvidence.AsNoTracking().FirstOrDefaultAsync(e => e.CredentialId == query.CredentialId, cancellationToken)
            ?? throw new NotFoundException("该证书没有上传证明文件。");
        return new EvidenceDownload(credential.EvidenceFileName ?? "evidence" + EvidenceFile.Extension(file.ContentType), file.ContentType, file.Content);
    }
}

/// <summary>The center's queue: credentials in a state (pending by default), oldest first, with whose they are.</summary>
public sealed record ListCredentialQueue(CredentialStatus Status = CredentialStatus.Pending, int Page = 1, int Size = 50)
    : IQuery<PagedResult<CredentialReviewItemDto>>;

public sealed class ListCredentialQueueValidator : AbstractValidator<ListCredentialQueue>
{
    public ListCredentialQueueValidator()
    {
        RuleFor(x => x.Status).IsInEnum().WithName("状态");
        RuleFor(x => x.Page).InclusiveBetween(1, 10_000).WithName("页码");
        RuleFor(x => x.Size).InclusiveBetween(1, 100).WithName("每页条数");
    }
}

public sealed class ListCredentialQueueHandler(IMarketplaceDbContext db, ICurrentUser user, TimeProvider clock)
    : IQueryHandler<ListCredentialQueue, PagedResult<CredentialReviewItemDto>>
{
    public async ValueTask<PagedResult<CredentialReviewItemDto>> Handle(ListCredentialQueue query, CancellationToken cancellationToken)
    {
        await CredentialRules.RequireStaffAsync(user, db, cancellationToken);
        var inState = db.EngineerCredentials.AsNoTracking().Where(c => c.Status == query.Status);
        var total = await inState.CountAsync(cancellationToken);
        var rows = await inState
            .OrderBy(c => c.SubmittedAt).ThenBy(c => c.Id)
            .Skip((query.Page - 1) * query.Size).Take(query.Size)
            .Join(db.Engineers, c => c.EngineerId, e => e.Id, (c, e) => new { Credential = c, e.Name, e.Title })
            .ToListAsync(cancellationToken);
        var today = CredentialRules.Today(clock);
        var items = rows.Select(r => new CredentialReviewItemDto(
            r.Credential.EngineerId, r.Name, EngineerVocabulary.Name(r.Title), CredentialDto.From(r.Credential, today, full: true))).ToList();
        return new PagedResult<CredentialReviewItemDto>(items, query.Page, query.Size, total);
    }
}

public enum CredentialDecision
{
    Verify = 1,
    Reject = 2,
}

/// <summary>
/// The center verifies or rejects a pending credential. <see cref="Version"/>, when sent, is the version the reviewer
/// read: a credential changed since (another reviewer decided first) is refused with 409, as is a concurrent decision
/// caught by the row version at save. The engineer is notified in the same transaction.
/// </summary>
public sealed record ReviewCredential(Guid Id, CredentialDecision Decision, string? Reason, uint? Version) : ICommand<CredentialDto>;

public sealed class ReviewCredentialValidator : AbstractValidator<ReviewCredential>
{
    public ReviewCredentialValidator()
    {
        RuleFor(x => x.Decision).IsInEnum().WithName("审核结论");
        RuleFor(x => x.Reason).NotEmpty().When(x => x.Decision == CredentialDecision.Reject).WithName("驳回理由");
        RuleFor(x => x.Reason)
            .Must(r => r!.Trim().Length is >= EngineerCredential.ReasonMinLength and <= EngineerCredential.ReasonMaxLength)
            .When(x => x.Decision == CredentialDecision.Reject && !string.IsNullOrWhiteSpace(x.Reason))
            .WithMessage($"'驳回理由' 应为 {EngineerCredential.ReasonMinLength} 到 {EngineerCredential.ReasonMaxLength} 个字符。")
            .WithName("驳回理由");
    }
}

public sealed class ReviewCredentialHandler(IMarketplaceDbContext db, ICurrentUser user, TimeProvider clock) : ICommandHandler<ReviewCredential, CredentialDto>
{
    public async ValueTask<CredentialDto> Handle(ReviewCredential command, CancellationToken cancellationToken)
    {
        await CredentialRules.RequireStaffAsync(user, db, cancellationToken);
        var reviewer = user.RequireUserId();
        var credential = await db.EngineerCredentials.FirstOrDefaultAsync(c => c.Id == command.Id, cancellationToken)
            ?? throw new NotFoundException("资质证书", command.Id);
        if (command.Version is { } version && version != credential.Version)
        {
            throw new StaleVersionException("该证书已被他人处理或修改，请刷新后重试。");
        }

        var now = clock.GetUtcNow();
        var engineer = await db.Engineers.AsNoTracking().Where(e => e.Id == credential.EngineerId)
            .Select(e => new { e.UserId }).FirstAsync(cancellationToken);
        const string Link = "/Engineers/Me#credentials";
        if (command.Decision == CredentialDecision.Verify)
        {
            credential.Verify(reviewer, now);
            db.Notifications.Add(Notification.Create(engineer.UserId, "credential.verified", "资质证书已核验",
                $"您登记的“{credential.Name}”（{EngineerCredential.KindName(credential.Kind)}）已通过中心核验，现已在档案中公开展示。",
                Link, null, now));
        }
        else
        {
            credential.Reject(reviewer, command.Reason ?? "", now);
            db.Notifications.Add(Notification.Create(engineer.UserId, "credential.rejected", "资质证书未通过核验",
                $"您登记的“{credential.Name}”（{EngineerCredential.KindName(credential.Kind)}）未通过核验：{credential.RejectionReason} 可删除后补充材料重新提交。",
                Link, null, now));
        }

        await db.SaveChangesAsync(cancellationToken);
        return CredentialDto.From(credential, CredentialRules.Today(clock), full: true);
    }
}
