using Marketplace.Domain.Common;

namespace Marketplace.Domain.Live;

/// <summary>Where a consultation (在线问诊) stands.</summary>
public enum ConsultationStatus
{
    /// <summary>Asked; waiting for the engineer to accept (or for the center to route it to one).</summary>
    Requested = 1,

    /// <summary>The engineer accepted: the conversation is live.</summary>
    Active = 2,

    /// <summary>The engineer asked directly declined.</summary>
    Declined = 3,

    /// <summary>Either side ended it; the company may rate it.</summary>
    Ended = 4,

    /// <summary>The company withdrew the request before anyone accepted.</summary>
    Cancelled = 5,
}

/// <summary>
/// 在线问诊: a company asks an engineer — or a center, which routes the request to an engineer of its cluster — and
/// the two talk live. The aggregate owns the conversation's sequence counter: every message takes the next number
/// under the row's version, so two messages saved at once never get the same number and a reconnecting client can
/// ask for "everything after N". Messages themselves are rows of their own (<see cref="ConsultationMessage"/>), never
/// loaded with the consultation. The ended record (participants, duration, messages, files, rating, price) is the
/// service outcome operators count.
/// </summary>
public sealed class Consultation
{
    public const int TopicMaxLength = 100;
    public const int QuestionMaxLength = 2000;
    public const int ReasonMaxLength = 500;
    public const decimal MaxPrice = 1_000_000m;

    private Consultation() { }

    public Guid Id { get; private set; }

    /// <summary>The company asking.</summary>
    public Guid CompanyOrganizationId { get; private set; }

    /// <summary>The company account that asked: the company side of the conversation.</summary>
    public Guid RequestedByUserId { get; private set; }

    /// <summary>Set when the request went to a center to route (中心转派).</summary>
    public Guid? CenterOrganizationId { get; private set; }

    /// <summary>The engineer answering; null while a center request waits to be routed.</summary>
    public Guid? EngineerId { get; private set; }

    public Guid? EngineerUserId { get; private set; }

    public string Topic { get; private set; } = "";

    public string Question { get; private set; } = "";

    /// <summary>The agreed price in CNY; zero for a free consultation. Agreed when the engineer accepts the request.</summary>
    public decimal Price { get; private set; }

    public bool IsPaid => Price > 0;

    public ConsultationStatus Status { get; private set; }

    public DateTimeOffset CreatedAt { get; private set; }

    public DateTimeOffset? RoutedAt { get; private set; }

    public Guid? RoutedByUserId { get; private set; }

    public DateTimeOffset? AcceptedAt { get; private set; }

    public DateTimeOffset? EndedAt { get; private set; }

    public Guid? EndedByUserId { get; private set; }

    /// <summary>Why the engineer declined (or, for a routed request, why it went back to the center).</summary>
    public string? DeclineReason { get; private set; }

    public int? Rating { get; private set; }

    public string? RatingComment { get; private set; }

    public DateTimeOffset? RatedAt { get; private set; }

    /// <summary>The last message's sequence number (0 before the first): also the message count.</summary>
    public int LastSeq { get; private set; }

    /// <summary>Read receipts: the highest sequence number each side has seen.</summary>
    public int CompanyReadSeq { get; private set; }

    public int EngineerReadSeq { get; private set; }

    public int AttachmentCount { get; private set; }

    public uint Version { get; private set; }

    public TimeSpan? Duration => AcceptedAt is { } from && EndedAt is { } to ? to - from : null;

    public static Consultation WithEngineer(Guid companyOrganizationId, Guid requestedBy, Guid engineerId, Guid engineerUserId,
        string topic, string question, decimal price, DateTimeOffset now)
    {
        if (engineerUserId == requestedBy)
        {
            throw new DomainException("不能向自己问诊", "不能向自己发起在线问诊。", "self_consultation");
        }

        var consultation = Open(companyOrganizationId, requestedBy, topic, question, price, now);
        consultation.EngineerId = engineerId;
        consultation.EngineerUserId = engineerUserId;
        return consultation;
    }

    public static Consultation WithCenter(Guid companyOrganizationId, Guid requestedBy, Guid centerOrganizationId,
        string topic, string question, decimal price, DateTimeOffset now)
    {
        var consultation = Open(companyOrganizationId, requestedBy, topic, question, price, now);
        consultation.CenterOrganizationId = centerOrganizationId;
        return consultation;
    }

    private static Consultation Open(Guid companyOrganizationId, Guid requestedBy, string topic, string question, decimal price, DateTimeOffset now)
    {
        if (price is < 0 or > MaxPrice || decimal.Round(price, 2) != price)
        {
            throw new DomainException("价格无效", $"问诊价格应为 0 到 {MaxPrice:N0} 元，最多两位小数（0 为免费）。", "price_invalid");
        }

        return new Consultation
        {
            Id = Guid.NewGuid(),
            CompanyOrganizationId = companyOrganizationId,
            RequestedByUserId = requestedBy,
            Topic = Guard.Text(topic, "问诊主题", TopicMaxLength),
            Question = Guard.Text(question, "问题描述", QuestionMaxLength),
            Price = price,
            Status = ConsultationStatus.Requested,
            CreatedAt = now,
        };
    }

    /// <summary>Whether the user is one of the two people in the conversation (the only ones who may read or write it).</summary>
    public bool IsParticipant(Guid userId) => userId == RequestedByUserId || (EngineerUserId is { } engineer && userId == engineer);

    /// <summary>The center routes its request to one of its engineers, who then accepts or declines like a direct one.</summary>
    public void Route(Guid centerOrganizationId, Guid operatorUserId, Guid engineerId, Guid engineerUserId, DateTimeOffset now)
    {
        if (CenterOrganizationId != centerOrganizationId)
        {
            throw new DomainForbiddenException("不是本中心的问诊", "只有受理该问诊的中心可以转派。");
        }

        if (Status != ConsultationStatus.Requested || EngineerId is not null)
        {
            throw new DomainConflictException("无法转派", "只有待转派的问诊可以转派给工程师。");
        }

        if (engineerUserId == RequestedByUserId)
        {
            throw new DomainException("不能转派给提问人", "不能把问诊转派给提问的企业账户本身。", "self_consultation");
        }

        EngineerId = engineerId;
        EngineerUserId = engineerUserId;
        RoutedAt = now;
        RoutedByUserId = operatorUserId;
        DeclineReason = null;
    }

    public void Accept(Guid userId, DateTimeOffset now)
    {
        RequireEngineer(userId);
        if (Status != ConsultationStatus.Requested)
        {
            throw new DomainConflictException("无法接受", "该问诊已不在待接受状态。");
        }

        Status = ConsultationStatus.Active;
        AcceptedAt = now;
    }

    /// <summary>
    /// A direct request declined is over; a routed one goes back to the center's queue, so the center can route it to
    /// someone else instead of the company starting again.
    /// </summary>
    public void Decline(Guid userId, string? reason, DateTimeOffset now)
    {
        RequireEngineer(userId);
        if (Status != ConsultationStatus.Requested)
        {
            throw new DomainConflictException("无法拒绝", "该问诊已不在待接受状态。");
        }

        DeclineReason = Guard.OptionalText(reason, "拒绝理由", ReasonMaxLength);
        if (CenterOrganizationId is not null)
        {
            EngineerId = null;
            EngineerUserId = null;
            return;
        }

        Status = ConsultationStatus.Declined;
        EndedAt = now;
        EndedByUserId = userId;
    }

    public void Cancel(Guid userId, DateTimeOffset now)
    {
        if (userId != RequestedByUserId)
        {
            throw new DomainForbiddenException("没有权限", "只有发起问诊的企业账户可以撤回。");
        }

        if (Status != ConsultationStatus.Requested)
        {
            throw new DomainConflictException("无法撤回", "只有尚未接受的问诊可以撤回。");
        }

        Status = ConsultationStatus.Cancelled;
        EndedAt = now;
        EndedByUserId = userId;
    }

    /// <summary>Takes the next sequence number for a message from a participant of a live conversation.</summary>
    public ConsultationMessage Post(Guid senderUserId, string? text, ConsultationAttachment? attachment, DateTimeOffset now)
    {
        RequireParticipant(senderUserId);
        if (Status != ConsultationStatus.Active)
        {
            throw new DomainConflictException("问诊未在进行中", Status == ConsultationStatus.Requested ? "工程师接受问诊后才能发送消息。" : "问诊已结束，不能再发送消息。");
        }

        if (attachment is not null && (attachment.ConsultationId != Id || attachment.UploadedByUserId != senderUserId))
        {
            throw new DomainForbiddenException("附件无效", "只能发送自己在本次问诊中上传的附件。");
        }

        var message = ConsultationMessage.Create(this, LastSeq + 1, senderUserId, text, attachment?.Id, now);
        LastSeq = message.Seq;
        if (attachment is not null)
        {
            AttachmentCount++;
        }

        // The sender has read their own message.
        MarkRead(senderUserId, message.Seq);
        return message;
    }

    /// <summary>A read receipt: only ever moves forward, never past the last message. Returns whether it moved.</summary>
    public bool MarkRead(Guid userId, int seq)
    {
        RequireParticipant(userId);
        var upTo = Math.Clamp(seq, 0, LastSeq);
        if (userId == RequestedByUserId)
        {
            if (upTo <= CompanyReadSeq)
            {
                return false;
            }

            CompanyReadSeq = upTo;
            return true;
        }

        if (upTo <= EngineerReadSeq)
        {
            return false;
        }

        EngineerReadSeq = upTo;
        return true;
    }

    public void End(Guid userId, DateTimeOffset now)
    {
        RequireParticipant(userId);
        if (Status != ConsultationStatus.Active)
        {
            throw new DomainConflictException("无法结束", "只有进行中的问诊可以结束。");
        }

        Status = ConsultationStatus.Ended;
        EndedAt = now;
        EndedByUserId = userId;
    }

    /// <summary>The company rates the ended consultation once, 1–5 stars (it then counts on the engineer's profile).</summary>
    public void Rate(Guid userId, int stars, string? comment, DateTimeOffset now)
    {
        if (userId != RequestedByUserId)
        {
            throw new DomainForbiddenException("没有权限", "只有发起问诊的企业可以评价。");
        }

        if (Status != ConsultationStatus.Ended)
        {
            throw new DomainConflictException("无法评价", "问诊结束后才能评价。");
        }

        if (Rating is not null)
        {
            throw new DomainConflictException("已评价", "该问诊已经评价过。");
        }

        if (stars is < 1 or > 5)
        {
            throw new DomainException("评分超出范围", "评分应为 1 到 5 星。", "rating_out_of_range");
        }

        Rating = stars;
        RatingComment = Guard.OptionalText(comment, "评价", ReasonMaxLength);
        RatedAt = now;
    }

    public void RequireParticipant(Guid userId)
    {
        if (!IsParticipant(userId))
        {
            throw new DomainForbiddenException("不是问诊参与方", "只有问诊双方可以查看和发送消息。");
        }
    }

    private void RequireEngineer(Guid userId)
    {
        if (EngineerUserId != userId)
        {
            throw new DomainForbiddenException("没有权限", "只有被邀请的工程师可以接受或拒绝该问诊。");
        }
    }
}

/// <summary>One message of a consultation, numbered 1, 2, 3… within it. Text is stored as typed and always shown escaped.</summary>
public sealed class ConsultationMessage
{
    public const int TextMaxLength = 2000;

    private ConsultationMessage() { }

    public Guid Id { get; private set; }

    public Guid ConsultationId { get; private set; }

    public int Seq { get; private set; }

    public Guid SenderUserId { get; private set; }

    public string Text { get; private set; } = "";

    public Guid? AttachmentId { get; private set; }

    public DateTimeOffset SentAt { get; private set; }

    internal static ConsultationMessage Create(Consultation consultation, int seq, Guid sender, string? text, Guid? attachmentId, DateTimeOffset now)
    {
        var trimmed = text?.Trim() ?? "";
        if (trimmed.Length == 0 && attachmentId is null)
        {
            throw new DomainException("消息为空", "消息内容不能为空。", "message_empty");
        }

        if (trimmed.Length > TextMaxLength)
        {
            throw new DomainException("消息过长", $"一条消息不能超过 {TextMaxLength} 个字符。", "message_too_long");
        }

        return new ConsultationMessage
        {
            Id = Guid.NewGuid(),
            ConsultationId = consultation.Id,
            Seq = seq,
            SenderUserId = sender,
            Text = trimmed,
            AttachmentId = attachmentId,
            SentAt = now,
        };
    }
}

/// <summary>A file sent in a consultation: uploaded over HTTP, checked by its bytes (PDF, PNG, JPEG; at most 5 MB).</summary>
public sealed class ConsultationAttachment
{
    public const int MaxBytes = 5 * 1024 * 1024;
    public const int FileNameMaxLength = 200;

    private ConsultationAttachment() { }

    public Guid Id { get; private set; }

    public Guid ConsultationId { get; private set; }

    public Guid UploadedByUserId { get; private set; }

    public string FileName { get; private set; } = "";

    public string ContentType { get; private set; } = "";

    public int Size { get; private set; }

    public byte[] Content { get; private set; } = [];

    public DateTimeOffset UploadedAt { get; private set; }

    public static ConsultationAttachment Create(Consultation consultation, Guid userId, string? fileName, byte[] content, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(consultation);
        ArgumentNullException.ThrowIfNull(content);
        consultation.RequireParticipant(userId);
        if (consultation.Status != ConsultationStatus.Active)
        {
            throw new DomainConflictException("问诊未在进行中", "只有进行中的问诊可以上传附件。");
        }

        if (content.Length == 0)
        {
            throw new DomainException("附件为空", "上传的附件是空的。", "attachment_empty");
        }

        if (content.Length > MaxBytes)
        {
            throw new DomainException("附件过大", $"附件不能超过 {MaxBytes / 1024 / 1024} MB。", "attachment_too_large");
        }

        // The type is what the bytes are, not what the client says: a script renamed .png is refused.
        var type = Engineers.EvidenceFile.Detect(content)
            ?? throw new DomainException("附件类型不支持", "附件只能是 PDF、JPG 或 PNG 格式。", "attachment_type");
        var name = Path.GetFileName((fileName ?? "").Replace('\\', '/'));
        name = new string(name.Where(c => !char.IsControl(c) && c != '"').ToArray()).Trim();
        var extension = Engineers.EvidenceFile.Extension(type);
        if (name.Length == 0)
        {
            name = "附件" + extension;
        }

        if (name.Length > FileNameMaxLength)
        {
            name = string.Concat(name.AsSpan(0, FileNameMaxLength - extension.Length), extension);
        }

        return new ConsultationAttachment
        {
            Id = Guid.NewGuid(),
            ConsultationId = consultation.Id,
            UploadedByUserId = userId,
            FileName = name,
            ContentType = type,
            Size = content.Length,
            Content = content,
            UploadedAt = now,
        };
    }
}
