using Marketplace.Domain.Common;

namespace Marketplace.Domain.Engineers;

/// <summary>资质证书的类别.</summary>
public enum CredentialKind
{
    /// <summary>职称证书.</summary>
    ProfessionalTitle = 1,

    /// <summary>职业资格证书.</summary>
    VocationalQualification = 2,

    /// <summary>技能等级证书.</summary>
    SkillLevel = 3,

    /// <summary>卓越工程师认定.</summary>
    ExcellentEngineer = 4,

    /// <summary>其他.</summary>
    Other = 9,
}

public enum CredentialStatus
{
    /// <summary>待审核.</summary>
    Pending = 0,

    /// <summary>已核验.</summary>
    Verified = 1,

    /// <summary>已驳回.</summary>
    Rejected = 2,

    /// <summary>已撤下: a verified credential the engineer removed; the row stays as the audit record of what was vouched for.</summary>
    Removed = 3,
}

/// <summary>What the engineer states about a certificate.</summary>
public sealed record CredentialDetails(
    CredentialKind Kind,
    string Name,
    string IssuingBody,
    string CertificateNumber,
    DateOnly IssuedOn,
    DateOnly? ExpiresOn);

/// <summary>One step in a credential's life, kept with it (who, when, from which state to which, why).</summary>
public sealed record CredentialAuditEntry(
    DateTimeOffset At,
    Guid UserId,
    string Action,
    CredentialStatus From,
    CredentialStatus To,
    string? Reason);

/// <summary>What removing a credential does to its record.</summary>
public enum CredentialRemoval
{
    /// <summary>Never vouched for (pending or rejected): the record and its file are deleted.</summary>
    Delete,

    /// <summary>Verified: the record stays, marked removed, with the removal in its audit trail.</summary>
    Retire,
}

/// <summary>
/// 资质证书: a certificate an engineer adds to their profile, checked by the center (待审核 → 已核验 / 已驳回).
/// Its own aggregate rather than a part of <see cref="EngineerProfile"/>: operators verify credentials while the engineer
/// edits the profile, and each needs its own row version so one does not make the other's write stale.
/// </summary>
public sealed class EngineerCredential
{
    public const int NameMaxLength = 100;
    public const int IssuingBodyMaxLength = 100;
    public const int NumberMaxLength = 64;
    public const int ReasonMinLength = 5;
    public const int ReasonMaxLength = 500;

    /// <summary>Enough for every real title, qualification and tier an engineer holds; more is spam in the review queue.</summary>
    public const int MaxPerEngineer = 20;

    private List<CredentialAuditEntry> _audit = [];

    private EngineerCredential() { }

    public Guid Id { get; private set; }

    public Guid EngineerId { get; private set; }

    public CredentialKind Kind { get; private set; }

    public string Name { get; private set; } = "";

    public string IssuingBody { get; private set; } = "";

    public string CertificateNumber { get; private set; } = "";

    public DateOnly IssuedOn { get; private set; }

    public DateOnly? ExpiresOn { get; private set; }

    public CredentialStatus Status { get; private set; }

    public string? RejectionReason { get; private set; }

    public DateTimeOffset SubmittedAt { get; private set; }

    public Guid? ReviewedBy { get; private set; }

    public DateTimeOffset? ReviewedAt { get; private set; }

    /// <summary>File name, type and size of the evidence; the bytes live in <see cref="CredentialEvidence"/>, read only on download.</summary>
    public string? EvidenceFileName { get; private set; }

    public string? EvidenceContentType { get; private set; }

    public int? EvidenceSize { get; private set; }

    public bool HasEvidence => EvidenceContentType is not null;

    public IReadOnlyList<CredentialAuditEntry> Audit => _audit;

    /// <summary>Optimistic-concurrency token (PostgreSQL xmin): two operators deciding at once, the second is refused.</summary>
    public uint Version { get; private set; }

    /// <summary>Counts on the public profile: verified and not past its expiry date.</summary>
    public bool IsValidOn(DateOnly day) => Status == CredentialStatus.Verified && !IsExpiredOn(day);

    public bool IsExpiredOn(DateOnly day) => ExpiresOn is { } expires && expires < day;

    public static EngineerCredential Submit(
        Guid id, Guid engineerId, CredentialDetails details, EvidenceFile? evidence, Guid byUserId, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(details);
        if (!Enum.IsDefined(details.Kind))
        {
            throw new DomainException("证书类别无效", "请选择证书类别。", "credential_kind_invalid");
        }

        var today = DateOnly.FromDateTime(now.ToOffset(ChinaTime.Offset).DateTime);
        if (details.IssuedOn > today)
        {
            throw new DomainException("发证日期无效", "发证日期不能晚于今天。", "credential_issued_in_future");
        }

        if (details.IssuedOn.Year < 1950)
        {
            throw new DomainException("发证日期无效", "发证日期不在合理范围内。", "credential_issued_too_early");
        }

        if (details.ExpiresOn is { } expires && expires <= details.IssuedOn)
        {
            throw new DomainException("有效期无效", "有效期截止日期应晚于发证日期。", "credential_expiry_invalid");
        }

        var credential = new EngineerCredential
        {
            Id = id,
            EngineerId = engineerId,
            Kind = details.Kind,
            Name = Guard.Text(details.Name, "证书名称", NameMaxLength),
            IssuingBody = Guard.Text(details.IssuingBody, "发证机构", IssuingBodyMaxLength),
            CertificateNumber = Guard.Text(details.CertificateNumber, "证书编号", NumberMaxLength),
            IssuedOn = details.IssuedOn,
            ExpiresOn = details.ExpiresOn,
            Status = CredentialStatus.Pending,
            SubmittedAt = now,
            EvidenceFileName = evidence?.FileName,
            EvidenceContentType = evidence?.ContentType,
            EvidenceSize = evidence?.Content.Length,
        };
        credential._audit.Add(new CredentialAuditEntry(now, byUserId, "submit", CredentialStatus.Pending, CredentialStatus.Pending, null));
        return credential;
    }

    /// <summary>核验通过: the center has checked the certificate against the issuing body's records.</summary>
    public void Verify(Guid reviewerUserId, DateTimeOffset now)
    {
        RequirePending("核验");
        Move(CredentialStatus.Verified, reviewerUserId, "verify", null, now);
        RejectionReason = null;
        ReviewedBy = reviewerUserId;
        ReviewedAt = now;
    }

    /// <summary>驳回: the engineer is told why, and may delete it and submit a corrected one.</summary>
    public void Reject(Guid reviewerUserId, string reason, DateTimeOffset now)
    {
        RequirePending("驳回");
        var trimmed = reason?.Trim() ?? "";
        if (trimmed.Length < ReasonMinLength || trimmed.Length > ReasonMaxLength)
        {
            throw new DomainException("驳回理由无效", $"驳回理由应为 {ReasonMinLength} 到 {ReasonMaxLength} 个字符。", "reason_length");
        }

        Move(CredentialStatus.Rejected, reviewerUserId, "reject", trimmed, now);
        RejectionReason = trimmed;
        ReviewedBy = reviewerUserId;
        ReviewedAt = now;
    }

    /// <summary>
    /// The engineer takes the credential off their profile. Nothing vouched for (pending, rejected) simply goes;
    /// a verified one is retired, not deleted, so the record of what the center once confirmed survives.
    /// </summary>
    public CredentialRemoval Remove(Guid byUserId, DateTimeOffset now)
    {
        switch (Status)
        {
            case CredentialStatus.Pending:
            case CredentialStatus.Rejected:
                return CredentialRemoval.Delete;
            case CredentialStatus.Verified:
                Move(CredentialStatus.Removed, byUserId, "remove", null, now);
                return CredentialRemoval.Retire;
            default:
                throw new DomainConflictException("证书已撤下", "该证书已从档案中撤下。", "credential_removed");
        }
    }

    public static string StatusName(CredentialStatus status) => status switch
    {
        CredentialStatus.Pending => "待审核",
        CredentialStatus.Verified => "已核验",
        CredentialStatus.Rejected => "已驳回",
        CredentialStatus.Removed => "已撤下",
        _ => status.ToString(),
    };

    public static string KindName(CredentialKind kind) => kind switch
    {
        CredentialKind.ProfessionalTitle => "职称证书",
        CredentialKind.VocationalQualification => "职业资格证书",
        CredentialKind.SkillLevel => "技能等级证书",
        CredentialKind.ExcellentEngineer => "卓越工程师认定",
        CredentialKind.Other => "其他",
        _ => kind.ToString(),
    };

    private void RequirePending(string step)
    {
        if (Status != CredentialStatus.Pending)
        {
            throw new DomainConflictException(
                "证书不在待审核状态", $"该证书当前为“{StatusName(Status)}”，不能{step}。", "credential_not_pending");
        }
    }

    private void Move(CredentialStatus to, Guid userId, string action, string? reason, DateTimeOffset now)
    {
        _audit.Add(new CredentialAuditEntry(now, userId, action, Status, to, reason));
        Status = to;
    }
}

/// <summary>
/// An uploaded evidence file (PDF, JPEG or PNG, at most 5 MB). The type is read from the file's first bytes, never from
/// its name or the browser's claim, so a renamed executable is not stored as "证书.pdf".
/// </summary>
public sealed class EvidenceFile
{
    public const int MaxBytes = 5 * 1024 * 1024;
    public const int FileNameMaxLength = 200;

    private static readonly byte[] Pdf = "%PDF-"u8.ToArray();
    private static readonly byte[] Png = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A];
    private static readonly byte[] Jpeg = [0xFF, 0xD8, 0xFF];

    private EvidenceFile(string fileName, string contentType, byte[] content)
    {
        FileName = fileName;
        ContentType = contentType;
        Content = content;
    }

    public string FileName { get; }

    public string ContentType { get; }

    public byte[] Content { get; }

    /// <summary>The content type the bytes are, or null when they are none of the accepted kinds.</summary>
    public static string? Detect(ReadOnlySpan<byte> head) =>
        head.StartsWith(Pdf) ? "application/pdf"
        : head.StartsWith(Png) ? "image/png"
        : head.StartsWith(Jpeg) ? "image/jpeg"
        : null;

    public static EvidenceFile Create(string? fileName, byte[] content)
    {
        ArgumentNullException.ThrowIfNull(content);
        if (content.Length == 0)
        {
            throw new DomainException("证明文件为空", "上传的证明文件是空的。", "evidence_empty");
        }

        if (content.Length > MaxBytes)
        {
            throw new DomainException("证明文件过大", $"证明文件不能超过 {MaxBytes / 1024 / 1024} MB。", "evidence_too_large");
        }

        var type = Detect(content)
            ?? throw new DomainException("证明文件类型不支持", "证明文件只能是 PDF、JPG 或 PNG 格式。", "evidence_type");

        // Only the last path segment, without control characters: the name is shown and sent back in a header.
        var name = Path.GetFileName((fileName ?? "").Replace('\\', '/'));
        name = new string(name.Where(c => !char.IsControl(c) && c != '"').ToArray()).Trim();
        if (name.Length == 0)
        {
            name = "evidence" + Extension(type);
        }

        if (name.Length > FileNameMaxLength)
        {
            name = string.Concat(name.AsSpan(0, FileNameMaxLength - Extension(type).Length), Extension(type));
        }

        return new EvidenceFile(name, type, content);
    }

    public static string Extension(string contentType) => contentType switch
    {
        "application/pdf" => ".pdf",
        "image/png" => ".png",
        "image/jpeg" => ".jpg",
        _ => "",
    };
}

/// <summary>The bytes of a credential's evidence file, in their own table so lists of credentials never load them.</summary>
public sealed class CredentialEvidence
{
    private CredentialEvidence() { }

    public Guid CredentialId { get; private set; }

    public string ContentType { get; private set; } = "";

    public byte[] Content { get; private set; } = [];

    public static CredentialEvidence For(EngineerCredential credential, EvidenceFile file)
    {
        ArgumentNullException.ThrowIfNull(credential);
        ArgumentNullException.ThrowIfNull(file);
        return new CredentialEvidence { CredentialId = credential.Id, ContentType = file.ContentType, Content = file.Content };
    }
}
