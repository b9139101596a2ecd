using FluentValidation;
using Marketplace.Application.Common;
using Marketplace.Application.Notifications;
using Marketplace.Domain.Identity;
using Marketplace.Domain.Live;
using Marketplace.Domain.Notifications;
using Marketplace.Domain.Organizations;
using Mediator;
using Microsoft.EntityFrameworkCore;

namespace Marketplace.Application.Live;

public sealed record ConsultationDto(
    Guid Id, string Topic, string Question, ConsultationStatus Status, string StatusName, decimal Price, bool IsPaid,
    Guid CompanyOrganizationId, string CompanyName, Guid RequestedByUserId, string RequesterName,
    Guid? CenterOrganizationId, string? CenterName, Guid? EngineerId, string? EngineerName, Guid? EngineerUserId,
    DateTimeOffset CreatedAt, DateTimeOffset? AcceptedAt, DateTimeOffset? EndedAt, int? DurationMinutes,
    int LastSeq, int CompanyReadSeq, int EngineerReadSeq, int AttachmentCount, int? Rating, string? RatingComment,
    string? DeclineReason, string MySide, uint Version);

public sealed record AttachmentDto(Guid Id, string FileName, string ContentType, int Size);

public sealed record AttachmentDownload(string FileName, string ContentType, byte[] Content);

/// <summary>The state names users see.</summary>
public static class ConsultationNames
{
    public static string Of(ConsultationStatus status, bool awaitingRoute) => status switch
    {
        ConsultationStatus.Requested => awaitingRoute ? "待中心转派" : "待接受",
        ConsultationStatus.Active => "进行中",
        ConsultationStatus.Declined => "已拒绝",
        ConsultationStatus.Ended => "已结束",
        ConsultationStatus.Cancelled => "已撤回",
        _ => status.ToString(),
    };
}

/// <summary>
/// Who may see a consultation and the one-transaction runner for its steps. A consultation the caller is not part
/// of is "not found" (its existence is nobody else's business); the routing center sees its own requests.
/// </summary>
public sealed class ConsultationDesk(IMarketplaceDbContext db, ICurrentUser user, TimeProvider clock, ILivePublisher live)
{
    private const int MaxAttempts = 4;

    public Guid UserId => user.RequireUserId();

    public DateTimeOffset Now => clock.GetUtcNow();

    public bool CanSee(Consultation c) =>
        c.IsParticipant(UserId)
        || (c.CenterOrganizationId is { } center && user.OrganizationId == center && user.IsInRole(Roles.Operator));

    public async Task<Consultation> LoadAsync(Guid id, CancellationToken ct, bool tracked = true)
    {
        var query = tracked ? db.Consultations : db.Consultations.AsNoTracking();
        var consultation = await query.FirstOrDefaultAsync(c => c.Id == id, ct);
        return consultation is not null && CanSee(consultation) ? consultation : throw new NotFoundException("问诊", id);
    }

    /// <summary>
    /// Loads, acts, saves — and when a concurrent step (the other side's message, a read receipt) changed the row
    /// first, reloads and acts again on the fresh state: steps here never depend on what the caller saw.
    /// </summary>
    public async Task<(Consultation Consultation, T Result)> RunAsync<T>(Guid id, Func<Consultation, DateTimeOffset, Task<T>> step, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(step);
        for (var attempt = 1; ; attempt++)
        {
            var consultation = await LoadAsync(id, ct);
            var now = clock.GetUtcNow();
            var result = await step(consultation, now);
            try
            {
                await db.SaveChangesAsync(ct);
                return (consultation, result);
            }
            catch (DbUpdateConcurrencyException) when (attempt < MaxAttempts)
            {
                db.DiscardChanges();
            }
            catch (DbUpdateException error) when (attempt < MaxAttempts && error.InnerException is System.Data.Common.DbException { SqlState: "23505" })
            {
                // Two messages raced to the same number: the unique (consultation, seq) index refused one; take the next.
                db.DiscardChanges();
            }
        }
    }

    public async Task<ConsultationDto> ViewAsync(Consultation c, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(c);
        var orgIds = new[] { c.CompanyOrganizationId, c.CenterOrganizationId ?? Guid.Empty };
        var orgs = await db.Organizations.AsNoTracking().Where(o => orgIds.Contains(o.Id)).ToDictionaryAsync(o => o.Id, o => o.Name, ct);
        var requester = await db.UserAccounts.Where(u => u.Id == c.RequestedByUserId).Select(u => u.DisplayName).FirstOrDefaultAsync(ct) ?? "";
        var engineer = c.EngineerId is { } engineerId
            ? await db.Engineers.AsNoTracking().Where(e => e.Id == engineerId).Select(e => e.Name).FirstOrDefaultAsync(ct)
            : null;
        var side = c.RequestedByUserId == UserId ? "company" : c.EngineerUserId == UserId ? "engineer" : "center";
        return new ConsultationDto(
            c.Id, c.Topic, c.Question, c.Status, ConsultationNames.Of(c.Status, c.CenterOrganizationId is not null && c.EngineerId is null), c.Price, c.IsPaid,
            c.CompanyOrganizationId, orgs.GetValueOrDefault(c.CompanyOrganizationId, ""), c.RequestedByUserId, requester,
            c.CenterOrganizationId, c.CenterOrganizationId is { } center ? orgs.GetValueOrDefault(center) : null,
            c.EngineerId, engineer, c.EngineerUserId, c.CreatedAt, c.AcceptedAt, c.EndedAt,
            c.Duration is { } d ? (int)Math.Ceiling(d.TotalMinutes) : null,
            c.LastSeq, c.CompanyReadSeq, c.EngineerReadSeq, c.AttachmentCount, c.Rating, c.RatingComment, c.DeclineReason, side, c.Version);
    }

    /// <summary>Tells both sides (and, for a center request, nobody else: operators refresh their queue) that the state moved.</summary>
    public Task ChangedAsync(Consultation c, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(c);
        var users = new List<Guid> { c.RequestedByUserId };
        if (c.EngineerUserId is { } engineer)
        {
            users.Add(engineer);
        }

        return live.ConsultationChangedAsync(
            new ConsultationEventDto(c.Id, c.Status, ConsultationNames.Of(c.Status, c.CenterOrganizationId is not null && c.EngineerId is null), c.LastSeq), users, ct);
    }

    public void Notify(Guid userId, string kind, string title, string body, Consultation c, DateTimeOffset now) =>
        db.Notifications.Add(Notification.Create(userId, kind, title, body, $"/Consultations/{c.Id}", null, now));
}

// ---- 发起 / 转派 / 接受 / 拒绝 / 撤回 / 结束 / 评价 ---------------------------------------------------------------------

/// <summary>A company asks an engineer (EngineerId) or a center (CenterOrganizationId) — exactly one of the two.</summary>
public sealed record OpenConsultation(Guid? EngineerId, Guid? CenterOrganizationId, string Topic, string Question, decimal Price) : ICommand<ConsultationDto>;

public sealed class OpenConsultationValidator : AbstractValidator<OpenConsultation>
{
    public OpenConsultationValidator()
    {
        RuleFor(x => x).Must(x => (x.EngineerId is null) != (x.CenterOrganizationId is null))
            .WithName("engineerId").WithMessage("请选择一位工程师或一个中心（二选一）。");
        RuleFor(x => x.Topic).NotEmpty().MaximumLength(Consultation.TopicMaxLength).WithName("问诊主题");
        RuleFor(x => x.Question).NotEmpty().MaximumLength(Consultation.QuestionMaxLength).WithName("问题描述");
        RuleFor(x => x.Price).InclusiveBetween(0, Consultation.MaxPrice).PrecisionScale(14, 2, true).WithName("价格");
    }
}

public sealed class OpenConsultationHandler(IMarketplaceDbContext db, ICurrentUser user, ConsultationDesk desk, TimeProvider clock)
    : ICommandHandler<OpenConsultation, ConsultationDto>
{
    public async ValueTask<ConsultationDto> Handle(OpenConsultation command, CancellationToken cancellationToken)
    {
        var userId = user.RequireUserId();
        if (!user.IsInRole(Roles.Company) || user.OrganizationId is not { } companyId)
        {
            throw new ForbiddenException("只有企业账户可以发起在线问诊。");
        }

        var now = clock.GetUtcNow();
        var consultation = await CreateAsync(db, userId, companyId, command.EngineerId, command.CenterOrganizationId, command.Topic, command.Question, command.Price, now, cancellationToken);
        db.Consultations.Add(consultation);
        await NotifyNewAsync(db, desk, consultation, now, cancellationToken);
        await db.SaveChangesAsync(cancellationToken);
        return await desk.ViewAsync(consultation, cancellationToken);
    }

    internal static async Task<Consultation> CreateAsync(IMarketplaceDbContext db, Guid userId, Guid companyId, Guid? engineerId, Guid? centerId,
        string topic, string question, decimal price, DateTimeOffset now, CancellationToken ct)
    {
        if (engineerId is { } id)
        {
            var engineer = await db.Engineers.AsNoTracking().Where(e => e.Id == id).Select(e => new { e.Id, e.UserId }).FirstOrDefaultAsync(ct)
                ?? throw new NotFoundException("工程师", id);
            return Consultation.WithEngineer(companyId, userId, engineer.Id, engineer.UserId, topic, question, price, now);
        }

        var center = await db.Organizations.AsNoTracking().Where(o => o.Id == centerId && o.Kind == OrganizationKind.Center).Select(o => o.Id).FirstOrDefaultAsync(ct);
        return center == Guid.Empty
            ? throw new NotFoundException("中心", centerId!.Value)
            : Consultation.WithCenter(companyId, userId, center, topic, question, price, now);
    }

    internal static async Task NotifyNewAsync(IMarketplaceDbContext db, ConsultationDesk desk, Consultation c, DateTimeOffset now, CancellationToken ct)
    {
        if (c.EngineerUserId is { } engineerUser)
        {
            desk.Notify(engineerUser, "consultation.requested", "新的问诊请求", $"企业请你在线解答「{c.Topic}」{PriceText(c)}。", c, now);
            return;
        }

        var operators = await db.UserIdsInRole(Roles.Operator).ToListAsync(ct);
        var centerOperators = await db.UserAccounts.Where(u => operators.Contains(u.Id) && u.OrganizationId == c.CenterOrganizationId).Select(u => u.Id).ToListAsync(ct);
        foreach (var operatorId in centerOperators)
        {
            desk.Notify(operatorId, "consultation.to_route", "待转派的问诊", $"企业向本中心提出问诊「{c.Topic}」，请转派给中心的工程师。", c, now);
        }
    }

    internal static string PriceText(Consultation c) => c.IsPaid ? $"（报价 {c.Price:N2} 元）" : "（免费）";
}

/// <summary>The center's operator routes its request to an engineer of one of the center's industry clusters.</summary>
public sealed record RouteConsultation(Guid Id, Guid EngineerId) : ICommand<ConsultationDto>;

public sealed class RouteConsultationHandler(IMarketplaceDbContext db, ICurrentUser user, ConsultationDesk desk) : ICommandHandler<RouteConsultation, ConsultationDto>
{
    public async ValueTask<ConsultationDto> Handle(RouteConsultation command, CancellationToken cancellationToken)
    {
        if (!user.IsInRole(Roles.Operator) || user.OrganizationId is not { } centerId)
        {
            throw new ForbiddenException("只有中心运营方可以转派问诊。");
        }

        var center = await db.Organizations.AsNoTracking().FirstAsync(o => o.Id == centerId, cancellationToken);
        var engineer = await db.Engineers.AsNoTracking().Where(e => e.Id == command.EngineerId)
            .Select(e => new { e.Id, e.UserId, e.ClusterCodes }).FirstOrDefaultAsync(cancellationToken)
            ?? throw new NotFoundException("工程师", command.EngineerId);
        var (consultation, _) = await desk.RunAsync(command.Id, (c, now) =>
        {
            // The domain refuses another center's operator (403) before the engineer is judged; a refusal below
            // throws before the save, so the routing is not stored.
            c.Route(centerId, desk.UserId, engineer.Id, engineer.UserId, now);

            // "Its engineers": the shared engineers of the center's cluster (a center is 1 cluster + 1 platform + 1 pool).
            if (center.ClusterCodes.Count > 0 && !engineer.ClusterCodes.Intersect(center.ClusterCodes).Any())
            {
                throw new ValidationException([new FluentValidation.Results.ValidationFailure("engineerId", "只能转派给本中心产业集群的工程师。")]);
            }

            desk.Notify(engineer.UserId, "consultation.requested", "中心转派的问诊", $"中心请你在线解答企业的问题「{c.Topic}」{OpenConsultationHandler.PriceText(c)}。", c, now);
            return Task.FromResult(true);
        }, cancellationToken);
        await desk.ChangedAsync(consultation, cancellationToken);
        return await desk.ViewAsync(consultation, cancellationToken);
    }
}

public enum ConsultationStep
{
    Accept,
    Decline,
    Cancel,
    End,
}

/// <summary>The steps with nothing but the caller and an optional reason: accept, decline, cancel, end.</summary>
public sealed record ChangeConsultation(Guid Id, ConsultationStep Step, string? Reason = null) : ICommand<ConsultationDto>;

public sealed class ChangeConsultationValidator : AbstractValidator<ChangeConsultation>
{
    public ChangeConsultationValidator()
    {
        RuleFor(x => x.Step).IsInEnum().WithName("操作");
        RuleFor(x => x.Reason).MaximumLength(Consultation.ReasonMaxLength).WithName("理由");
    }
}

public sealed class ChangeConsultationHandler(IMarketplaceDbContext db, ConsultationDesk desk) : ICommandHandler<ChangeConsultation, ConsultationDto>
{
    public async ValueTask<ConsultationDto> Handle(ChangeConsultation command, CancellationToken cancellationToken)
    {
        var (consultation, _) = await desk.RunAsync(command.Id, async (c, now) =>
        {
            var me = desk.UserId;
            switch (command.Step)
            {
                case ConsultationStep.Accept:
                    c.Accept(me, now);
                    desk.Notify(c.RequestedByUserId, "consultation.accepted", "问诊已接受", $"工程师接受了问诊「{c.Topic}」，可以开始交流。", c, now);
                    break;
                case ConsultationStep.Decline:
                    var routed = c.CenterOrganizationId is not null;
                    c.Decline(me, command.Reason, now);
                    if (!routed)
                    {
                        desk.Notify(c.RequestedByUserId, "consultation.declined", "问诊被拒绝", $"工程师未能接受问诊「{c.Topic}」。{command.Reason}", c, now);
                    }
                    else
                    {
                        await OpenConsultationHandler.NotifyNewAsync(db, desk, c, now, cancellationToken);
                    }

                    break;
                case ConsultationStep.Cancel:
                    c.Cancel(me, now);
                    break;
                case ConsultationStep.End:
                    c.End(me, now);
                    var other = me == c.RequestedByUserId ? c.EngineerUserId!.Value : c.RequestedByUserId;
                    desk.Notify(other, "consultation.ended", "问诊已结束", $"问诊「{c.Topic}」已结束。", c, now);
                    // An ended consultation is a service outcome on the engineer's public record.
                    var engineer = await db.Engineers.FirstAsync(e => e.Id == c.EngineerId, cancellationToken);
                    engineer.RecordConsultation(now);
                    break;
                default:
                    throw new ArgumentOutOfRangeException(nameof(command), command.Step, null);
            }

            return true;
        }, cancellationToken);
        await desk.ChangedAsync(consultation, cancellationToken);
        return await desk.ViewAsync(consultation, cancellationToken);
    }
}

public sealed record RateConsultation(Guid Id, int Stars, string? Comment) : ICommand<ConsultationDto>;

public sealed class RateConsultationValidator : AbstractValidator<RateConsultation>
{
    public RateConsultationValidator()
    {
        RuleFor(x => x.Stars).InclusiveBetween(1, 5).WithName("评分");
        RuleFor(x => x.Comment).MaximumLength(Consultation.ReasonMaxLength).WithName("评价");
    }
}

public sealed class RateConsultationHandler(IMarketplaceDbContext db, ConsultationDesk desk) : ICommandHandler<RateConsultation, ConsultationDto>
{
    public async ValueTask<ConsultationDto> Handle(RateConsultation command, CancellationToken cancellationToken)
    {
        var (consultation, _) = await desk.RunAsync(command.Id, async (c, now) =>
        {
            c.Rate(desk.UserId, command.Stars, command.Comment, now);
            var engineer = await db.Engineers.FirstAsync(e => e.Id == c.EngineerId, cancellationToken);
            engineer.AddRating(command.Stars, now);
            return true;
        }, cancellationToken);
        await desk.ChangedAsync(consultation, cancellationToken);
        return await desk.ViewAsync(consultation, cancellationToken);
    }
}

// ---- 消息 / 已读 / 附件 ----------------------------------------------------------------------------------------------

/// <summary>Stores the message under the next sequence number, then broadcasts it to the conversation.</summary>
public sealed record PostMessage(Guid Id, string? Text, Guid? AttachmentId = null) : ICommand<ConsultationMessageDto>;

public sealed class PostMessageValidator : AbstractValidator<PostMessage>
{
    public PostMessageValidator() => RuleFor(x => x.Text).MaximumLength(ConsultationMessage.TextMaxLength).WithName("消息");
}

public sealed class PostMessageHandler(IMarketplaceDbContext db, ConsultationDesk desk, IConsultationLog log, ILivePublisher live) : ICommandHandler<PostMessage, ConsultationMessageDto>
{
    private const int MaxAttempts = 3;

    public async ValueTask<ConsultationMessageDto> Handle(PostMessage command, CancellationToken cancellationToken)
    {
        for (var attempt = 1; ; attempt++)
        {
            // The domain decides (participant, in progress, own attachment, text) on the row as read; the log then
            // takes the number atomically, so a message that raced another one still gets the next free number.
            var c = await desk.LoadAsync(command.Id, cancellationToken, tracked: false);
            AttachmentDto? file = null;
            ConsultationAttachment? attachment = null;
            if (command.AttachmentId is { } attachmentId)
            {
                attachment = await db.ConsultationAttachments.AsNoTracking().FirstOrDefaultAsync(a => a.Id == attachmentId && a.ConsultationId == c.Id, cancellationToken)
                    ?? throw new NotFoundException("附件", attachmentId);
                file = new AttachmentDto(attachment.Id, attachment.FileName, attachment.ContentType, attachment.Size);
            }

            var message = c.Post(desk.UserId, command.Text, attachment, desk.Now);
            // Null: the consultation ended between the read and the statement — read again and let Post refuse it.
            if (await log.AppendAsync(message, attachment is not null, cancellationToken) is not { } seq)
            {
                if (attempt < MaxAttempts)
                {
                    continue;
                }

                throw new Marketplace.Domain.Common.DomainConflictException("问诊未在进行中", "问诊已结束，不能再发送消息。");
            }

            var dto = new ConsultationMessageDto(message.ConsultationId, seq, message.SenderUserId, message.Text, message.AttachmentId,
                file?.FileName, file?.ContentType, file?.Size, message.SentAt);
            await live.MessageAsync(dto, cancellationToken);
            return dto;
        }
    }
}

public sealed record MarkConsultationRead(Guid Id, int Seq) : ICommand<ReadReceiptDto>;

public sealed class MarkConsultationReadHandler(ConsultationDesk desk, ILivePublisher live) : ICommandHandler<MarkConsultationRead, ReadReceiptDto>
{
    public async ValueTask<ReadReceiptDto> Handle(MarkConsultationRead command, CancellationToken cancellationToken)
    {
        var (consultation, moved) = await desk.RunAsync(command.Id, (c, _) => Task.FromResult(c.MarkRead(desk.UserId, command.Seq)), cancellationToken);
        var seq = consultation.RequestedByUserId == desk.UserId ? consultation.CompanyReadSeq : consultation.EngineerReadSeq;
        var receipt = new ReadReceiptDto(consultation.Id, desk.UserId, seq);
        if (moved)
        {
            await live.ReadAsync(receipt, cancellationToken);
        }

        return receipt;
    }
}

/// <summary>The messages after <see cref="AfterSeq"/>, oldest first: the first page of a conversation and every resync.</summary>
public sealed record GetMessages(Guid Id, int AfterSeq = 0, int Limit = 500) : IQuery<IReadOnlyList<ConsultationMessageDto>>;

public sealed class GetMessagesValidator : AbstractValidator<GetMessages>
{
    public GetMessagesValidator()
    {
        RuleFor(x => x.AfterSeq).GreaterThanOrEqualTo(0).WithName("afterSeq");
        RuleFor(x => x.Limit).InclusiveBetween(1, 1000).WithName("limit");
    }
}

public sealed class GetMessagesHandler(IMarketplaceDbContext db, ConsultationDesk desk) : IQueryHandler<GetMessages, IReadOnlyList<ConsultationMessageDto>>
{
    public async ValueTask<IReadOnlyList<ConsultationMessageDto>> Handle(GetMessages query, CancellationToken cancellationToken)
    {
        var consultation = await desk.LoadAsync(query.Id, cancellationToken, tracked: false);
        consultation.RequireParticipant(desk.UserId);
        return await db.ConsultationMessages.AsNoTracking()
            .Where(m => m.ConsultationId == query.Id && m.Seq > query.AfterSeq)
            .OrderBy(m => m.Seq)
            .Take(query.Limit)
            .GroupJoin(db.ConsultationAttachments.AsNoTracking(), m => m.AttachmentId, a => (Guid?)a.Id, (m, files) => new { m, files })
            .SelectMany(x => x.files.DefaultIfEmpty(), (x, a) => new ConsultationMessageDto(
                x.m.ConsultationId, x.m.Seq, x.m.SenderUserId, x.m.Text, x.m.AttachmentId,
                a == null ? null : a.FileName, a == null ? null : a.ContentType, a == null ? null : a.Size, x.m.SentAt))
            .ToListAsync(cancellationToken);
    }
}

/// <summary>Whether the caller is a participant (the hub's join check, before it adds the connection to the group).</summary>
public sealed record EnsureConsultationParticipant(Guid Id) : IQuery<ConsultationEventDto>;

public sealed class EnsureConsultationParticipantHandler(ConsultationDesk desk) : IQueryHandler<EnsureConsultationParticipant, ConsultationEventDto>
{
    public async ValueTask<ConsultationEventDto> Handle(EnsureConsultationParticipant query, CancellationToken cancellationToken)
    {
        var c = await desk.LoadAsync(query.Id, cancellationToken, tracked: false);
        c.RequireParticipant(desk.UserId);
        return new ConsultationEventDto(c.Id, c.Status, ConsultationNames.Of(c.Status, c.CenterOrganizationId is not null && c.EngineerId is null), c.LastSeq);
    }
}

public sealed record UploadAttachment(Guid Id, string? FileName, byte[] Content) : ICommand<AttachmentDto>;

public sealed class UploadAttachmentHandler(IMarketplaceDbContext db, ConsultationDesk desk, TimeProvider clock) : ICommandHandler<UploadAttachment, AttachmentDto>
{
    public async ValueTask<AttachmentDto> Handle(UploadAttachment command, CancellationToken cancellationToken)
    {
        var consultation = await desk.LoadAsync(command.Id, cancellationToken, tracked: false);
        var attachment = ConsultationAttachment.Create(consultation, desk.UserId, command.FileName, command.Content, clock.GetUtcNow());
        db.ConsultationAttachments.Add(attachment);
        await db.SaveChangesAsync(cancellationToken);
        return new AttachmentDto(attachment.Id, attachment.FileName, attachment.ContentType, attachment.Size);
    }
}

public sealed record GetAttachment(Guid Id, Guid AttachmentId) : IQuery<AttachmentDownload>;

public sealed class GetAttachmentHandler(IMarketplaceDbContext db, ConsultationDesk desk) : IQueryHandler<GetAttachment, AttachmentDownload>
{
    public async ValueTask<AttachmentDownload> Handle(GetAttachment query, CancellationToken cancellationToken)
    {
        var consultation = await desk.LoadAsync(query.Id, cancellationToken, tracked: false);
        consultation.RequireParticipant(desk.UserId);
        var file = await db.ConsultationAttachments.AsNoTracking().FirstOrDefaultAsync(a => a.Id == query.AttachmentId && a.ConsultationId == query.Id, cancellationToken)
            ?? throw new NotFoundException("附件", query.AttachmentId);
        return new AttachmentDownload(file.FileName, file.ContentType, file.Content);
    }
}

// ---- 查询 ----------------------------------------------------------------------------------------------------------

public sealed record GetConsultation(Guid Id) : IQuery<ConsultationDto>;

public sealed class GetConsultationHandler(ConsultationDesk desk) : IQueryHandler<GetConsultation, ConsultationDto>
{
    public async ValueTask<ConsultationDto> Handle(GetConsultation query, CancellationToken cancellationToken) =>
        await desk.ViewAsync(await desk.LoadAsync(query.Id, cancellationToken, tracked: false), cancellationToken);
}

public sealed record ConsultationListItem(
    Guid Id, string Topic, ConsultationStatus Status, string StatusName, string CounterpartName, decimal Price, int Messages,
    int Unread, DateTimeOffset CreatedAt, bool AwaitingMe);

/// <summary>My consultations (asked, answered, or — for an operator — routed through my center), newest first.</summary>
public sealed record ListConsultations : IQuery<IReadOnlyList<ConsultationListItem>>;

public sealed class ListConsultationsHandler(IMarketplaceDbContext db, ICurrentUser user) : IQueryHandler<ListConsultations, IReadOnlyList<ConsultationListItem>>
{
    public async ValueTask<IReadOnlyList<ConsultationListItem>> Handle(ListConsultations query, CancellationToken cancellationToken)
    {
        var me = user.RequireUserId();
        var center = user.IsInRole(Roles.Operator) ? user.OrganizationId : null;
        var rows = await db.Consultations.AsNoTracking()
            .Where(c => c.RequestedByUserId == me || c.EngineerUserId == me || (center != null && c.CenterOrganizationId == center))
            .OrderByDescending(c => c.CreatedAt).Take(200)
            .Select(c => new
            {
                c,
                Company = db.Organizations.Where(o => o.Id == c.CompanyOrganizationId).Select(o => o.Name).FirstOrDefault(),
                Engineer = db.Engineers.Where(e => e.Id == c.EngineerId).Select(e => e.Name).FirstOrDefault(),
            })
            .ToListAsync(cancellationToken);
        return rows.Select(r =>
        {
            var c = r.c;
            var iAmCompany = c.RequestedByUserId == me;
            var iAmEngineer = c.EngineerUserId == me;
            var read = iAmCompany ? c.CompanyReadSeq : iAmEngineer ? c.EngineerReadSeq : c.LastSeq;
            var awaitingRoute = c.CenterOrganizationId is not null && c.EngineerId is null;
            var awaiting = c.Status == ConsultationStatus.Requested && ((iAmEngineer && !awaitingRoute) || (!iAmCompany && !iAmEngineer && awaitingRoute));
            return new ConsultationListItem(c.Id, c.Topic, c.Status, ConsultationNames.Of(c.Status, awaitingRoute),
                iAmCompany ? r.Engineer ?? "（待中心转派）" : r.Company ?? "", c.Price, c.LastSeq, Math.Max(0, c.LastSeq - read), c.CreatedAt, awaiting);
        }).ToList();
    }
}

public sealed record ConsultationOutcomeRow(
    Guid Id, string Topic, string CompanyName, string? EngineerName, string? CenterName, DateTimeOffset? AcceptedAt, DateTimeOffset? EndedAt,
    int DurationMinutes, int Messages, int Attachments, int? Rating, decimal Price);

public sealed record ConsultationOutcomes(int Year, int Held, int Paid, decimal PaidTotal, int TotalMinutes, int Messages, double? AverageRating, IReadOnlyList<ConsultationOutcomeRow> Records);

/// <summary>
/// 在线问诊 as a service outcome (DOMAIN.md §7): the ended consultations of a calendar year (China time), each one a
/// traceable record. An operator sees its center's routed ones; an authority sees all.
/// </summary>
public sealed record GetConsultationOutcomes(int Year) : IQuery<ConsultationOutcomes>;

public sealed class GetConsultationOutcomesValidator : AbstractValidator<GetConsultationOutcomes>
{
    public GetConsultationOutcomesValidator() => RuleFor(x => x.Year).InclusiveBetween(2000, 2100).WithName("年度");
}

public sealed class GetConsultationOutcomesHandler(IMarketplaceDbContext db, ICurrentUser user) : IQueryHandler<GetConsultationOutcomes, ConsultationOutcomes>
{
    public async ValueTask<ConsultationOutcomes> Handle(GetConsultationOutcomes query, CancellationToken cancellationToken)
    {
        Guid? center = null;
        if (user.IsInRole(Roles.Operator))
        {
            center = user.OrganizationId;
        }
        else if (!user.IsInRole(Roles.Authority) && !user.IsInRole(Roles.Admin))
        {
            throw new ForbiddenException("只有中心运营方和主管部门可以查看问诊成效。");
        }

        // Npgsql writes only UTC offsets to timestamptz; the year is still China time.
        var from = new DateTimeOffset(query.Year, 1, 1, 0, 0, 0, Marketplace.Domain.Common.ChinaTime.Offset).ToUniversalTime();
        var to = from.AddYears(1);
        var rows = await db.Consultations.AsNoTracking()
            .Where(c => c.Status == ConsultationStatus.Ended && c.EndedAt >= from && c.EndedAt < to && (center == null || c.CenterOrganizationId == center))
            .OrderBy(c => c.EndedAt)
            .Select(c => new
            {
                c,
                Company = db.Organizations.Where(o => o.Id == c.CompanyOrganizationId).Select(o => o.Name).FirstOrDefault(),
                Center = db.Organizations.Where(o => o.Id == c.CenterOrganizationId).Select(o => o.Name).FirstOrDefault(),
                Engineer = db.Engineers.Where(e => e.Id == c.EngineerId).Select(e => e.Name).FirstOrDefault(),
            })
            .ToListAsync(cancellationToken);
        var records = rows.Select(r => new ConsultationOutcomeRow(
            r.c.Id, r.c.Topic, r.Company ?? "", r.Engineer, r.Center, r.c.AcceptedAt, r.c.EndedAt,
            r.c.Duration is { } d ? (int)Math.Ceiling(d.TotalMinutes) : 0, r.c.LastSeq, r.c.AttachmentCount, r.c.Rating, r.c.Price)).ToList();
        var rated = records.Where(r => r.Rating is not null).ToList();
        return new ConsultationOutcomes(query.Year, records.Count, records.Count(r => r.Price > 0), records.Sum(r => r.Price),
            records.Sum(r => r.DurationMinutes), records.Sum(r => r.Messages), rated.Count == 0 ? null : Math.Round(rated.Average(r => r.Rating!.Value), 2), records);
    }
}

public sealed record CenterOption(Guid Id, string Name);

/// <summary>The centers a company may ask (each routes to the engineers of its cluster).</summary>
public sealed record ListCenters : IQuery<IReadOnlyList<CenterOption>>;

public sealed class ListCentersHandler(IMarketplaceDbContext db) : IQueryHandler<ListCenters, IReadOnlyList<CenterOption>>
{
    public async ValueTask<IReadOnlyList<CenterOption>> Handle(ListCenters query, CancellationToken cancellationToken) =>
        await db.Organizations.AsNoTracking().Where(o => o.Kind == OrganizationKind.Center).OrderBy(o => o.Name)
            .Select(o => new CenterOption(o.Id, o.Name)).ToListAsync(cancellationToken);
}

/// <summary>An engineer the operator may route a center request to, ranked by the matching model for the request.</summary>
public sealed record RoutingCandidate(Guid EngineerId, int Rank, string Name, string TitleName, string? TierName, string CityName, string EmployerName, IReadOnlyList<string> Reasons);

/// <summary>
/// 转派候选: the center's own cluster engineers, ranked by the same model as 揭榜 matching for the request's topic and
/// question (decision 67), so the operator picks from a short list with reasons instead of typing an id.
/// </summary>
public sealed record GetRoutingCandidates(Guid Id, int Top = 10) : IQuery<IReadOnlyList<RoutingCandidate>>;

public sealed class GetRoutingCandidatesHandler(IMarketplaceDbContext db, ICurrentUser user, ConsultationDesk desk, Matching.IEngineerMatcher matcher)
    : IQueryHandler<GetRoutingCandidates, IReadOnlyList<RoutingCandidate>>
{
    public async ValueTask<IReadOnlyList<RoutingCandidate>> Handle(GetRoutingCandidates query, CancellationToken cancellationToken)
    {
        var c = await desk.LoadAsync(query.Id, cancellationToken, tracked: false);
        if (!user.IsInRole(Roles.Operator) || c.CenterOrganizationId is not { } centerId || user.OrganizationId != centerId)
        {
            throw new ForbiddenException("只有受理该问诊的中心运营方可以查看转派候选。");
        }

        var center = await db.Organizations.AsNoTracking().FirstAsync(o => o.Id == centerId, cancellationToken);
        var company = await db.Organizations.AsNoTracking().FirstAsync(o => o.Id == c.CompanyOrganizationId, cancellationToken);
        var top = Math.Clamp(query.Top, 1, 50);
        var found = new List<Matching.EngineerMatch>();
        // A center normally has one cluster; with several, each is asked and the best of all are kept in score order.
        foreach (var cluster in center.ClusterCodes.DefaultIfEmpty(""))
        {
            var need = new Matching.MatchNeed(c.CompanyOrganizationId, c.Topic, c.Question, cluster, [], company.RegionCode, c.Price, 1);
            var list = await matcher.MatchAsync(need, top * 3, cancellationToken);
            found.AddRange(list.Engineers);
        }

        // The same rule the routing step enforces: only engineers of the center's clusters.
        var ids = found.Select(m => m.EngineerId).Distinct().ToList();
        var clusters = await db.Engineers.AsNoTracking().Where(e => ids.Contains(e.Id)).Select(e => new { e.Id, e.ClusterCodes }).ToListAsync(cancellationToken);
        var eligible = clusters.Where(e => center.ClusterCodes.Count == 0 || e.ClusterCodes.Intersect(center.ClusterCodes).Any()).Select(e => e.Id).ToHashSet();
        return found.Where(m => eligible.Contains(m.EngineerId)).GroupBy(m => m.EngineerId).Select(g => g.MaxBy(m => m.Score)!)
            .OrderByDescending(m => m.Score).Take(top)
            .Select((m, i) => new RoutingCandidate(m.EngineerId, i + 1, m.Name, m.TitleName, m.TierName, m.CityName, m.EmployerName, m.Reasons))
            .ToList();
    }
}
