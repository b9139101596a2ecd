using Marketplace.Application.Live;
using Marketplace.Domain.Identity;
using Marketplace.Domain.Live;
using Mediator;
using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Marketplace.Web.Endpoints;

/// <summary>
/// 在线问诊 under /api/consultations and 一对多撮合 under /api/matching-sessions (and /api/matching-events for 对接会).
/// The live side is the hub at /hubs/live; everything here is also reachable there or is what the hub cannot carry
/// (attachments, over HTTP).
/// </summary>
public static class LiveEndpoints
{
    public sealed record OpenBody(Guid? EngineerId, Guid? CenterOrganizationId, string Topic, string Question, decimal Price);

    public sealed record RouteBody(Guid EngineerId);

    public sealed record ReasonBody(string? Reason);

    public sealed record RateBody(int Stars, string? Comment);

    public sealed record MessageBody(string? Text, Guid? AttachmentId);

    public sealed record ReadBody(int Seq);

    public sealed record AnswerBody(InvitationAnswer Answer, string? Note);

    public sealed record ConsultBody(decimal Price);

    public sealed record EventBody(string Title, string? Description);

    public static RouteGroupBuilder MapLiveEndpoints(this RouteGroupBuilder api)
    {
        var c = api.MapGroup("/consultations").WithTags("在线问诊").RequireAuthorization();
        c.MapGet("/", async Task<Ok<IReadOnlyList<ConsultationListItem>>> (IMediator m, CancellationToken ct) =>
                TypedResults.Ok(await m.Send(new ListConsultations(), ct)))
            .WithSummary("我的在线问诊（发起的、解答的、本中心转派的）");
        c.MapPost("/", async Task<Created<ConsultationDto>> (OpenBody body, IMediator m, CancellationToken ct) =>
            {
                var created = await m.Send(new OpenConsultation(body.EngineerId, body.CenterOrganizationId, body.Topic, body.Question, body.Price), ct);
                return TypedResults.Created($"/api/consultations/{created.Id}", created);
            })
            .RequireAuthorization(p => p.RequireRole(Roles.Company))
            .WithSummary("企业发起问诊：向一位工程师（engineerId）或一个中心（centerOrganizationId，由中心转派）；price 为 0 即免费");
        c.MapGet("/{id:guid}", async Task<Ok<ConsultationDto>> (Guid id, IMediator m, CancellationToken ct) =>
                TypedResults.Ok(await m.Send(new GetConsultation(id), ct)))
            .WithSummary("问诊详情（双方与受理中心可见）");
        c.MapGet("/{id:guid}/messages", async Task<Ok<IReadOnlyList<ConsultationMessageDto>>> (Guid id, int? after, int? limit, IMediator m, CancellationToken ct) =>
                TypedResults.Ok(await m.Send(new GetMessages(id, after ?? 0, limit ?? 500), ct)))
            .WithSummary("消息（序号大于 after 的，按序号）：断线重连后据此补齐");
        c.MapPost("/{id:guid}/messages", async Task<Ok<ConsultationMessageDto>> (Guid id, MessageBody body, IMediator m, CancellationToken ct) =>
                TypedResults.Ok(await m.Send(new PostMessage(id, body.Text, body.AttachmentId), ct)))
            .WithSummary("发送消息（先存储、后推送）");
        c.MapPost("/{id:guid}/read", async Task<Ok<ReadReceiptDto>> (Guid id, ReadBody body, IMediator m, CancellationToken ct) =>
                TypedResults.Ok(await m.Send(new MarkConsultationRead(id, body.Seq), ct)))
            .WithSummary("已读回执：读到第 seq 条");
        c.MapGet("/{id:guid}/routing-candidates", async Task<Ok<IReadOnlyList<RoutingCandidate>>> (Guid id, IMediator m, CancellationToken ct, int top = 10) =>
                TypedResults.Ok(await m.Send(new GetRoutingCandidates(id, top), ct)))
            .RequireAuthorization(p => p.RequireRole(Roles.Operator))
            .WithSummary("转派候选：本中心产业集群中与问诊最匹配的工程师（匹配模型排序）");
        c.MapPost("/{id:guid}/route", async Task<Ok<ConsultationDto>> (Guid id, RouteBody body, IMediator m, CancellationToken ct) =>
                TypedResults.Ok(await m.Send(new RouteConsultation(id, body.EngineerId), ct)))
            .RequireAuthorization(p => p.RequireRole(Roles.Operator))
            .WithSummary("中心转派给本中心产业集群的工程师");
        c.MapPost("/{id:guid}/accept", async Task<Ok<ConsultationDto>> (Guid id, IMediator m, CancellationToken ct) =>
                TypedResults.Ok(await m.Send(new ChangeConsultation(id, ConsultationStep.Accept), ct)))
            .WithSummary("工程师接受问诊（同意所列价格）");
        c.MapPost("/{id:guid}/decline", async Task<Ok<ConsultationDto>> (Guid id, ReasonBody body, IMediator m, CancellationToken ct) =>
                TypedResults.Ok(await m.Send(new ChangeConsultation(id, ConsultationStep.Decline, body.Reason), ct)))
            .WithSummary("工程师拒绝（中心转派的回到中心待转派）");
        c.MapPost("/{id:guid}/cancel", async Task<Ok<ConsultationDto>> (Guid id, IMediator m, CancellationToken ct) =>
                TypedResults.Ok(await m.Send(new ChangeConsultation(id, ConsultationStep.Cancel), ct)))
            .WithSummary("企业撤回尚未接受的问诊");
        c.MapPost("/{id:guid}/end", async Task<Ok<ConsultationDto>> (Guid id, IMediator m, CancellationToken ct) =>
                TypedResults.Ok(await m.Send(new ChangeConsultation(id, ConsultationStep.End), ct)))
            .WithSummary("结束问诊（任一方）");
        c.MapPost("/{id:guid}/rating", async Task<Ok<ConsultationDto>> (Guid id, RateBody body, IMediator m, CancellationToken ct) =>
                TypedResults.Ok(await m.Send(new RateConsultation(id, body.Stars, body.Comment), ct)))
            .WithSummary("企业评价已结束的问诊（1–5 星，一次）");

        // A multipart form is the one body a foreign site can make a browser post with its cookie: bearer tokens only
        // here; the chat page uploads through its own antiforgery-protected handler.
        c.MapPost("/{id:guid}/attachments", async Task<Results<Created<AttachmentDto>, ProblemHttpResult>> (Guid id, HttpRequest request, IMediator m, CancellationToken ct) =>
            {
                if (!request.HasFormContentType)
                {
                    return TypedResults.Problem(statusCode: StatusCodes.Status415UnsupportedMediaType, title: "不支持的内容类型", detail: "请以 multipart/form-data 上传，文件放在 file 字段。");
                }

                var form = await request.ReadFormAsync(ct);
                if (form.Files.GetFile("file") is not { } upload)
                {
                    return TypedResults.Problem(statusCode: StatusCodes.Status400BadRequest, title: "缺少文件", detail: "请把文件放在 file 字段。");
                }

                if (upload.Length > ConsultationAttachment.MaxBytes)
                {
                    return TypedResults.Problem(statusCode: StatusCodes.Status400BadRequest, title: "附件过大", detail: "附件不能超过 5 MB。");
                }

                using var buffer = new MemoryStream();
                await upload.CopyToAsync(buffer, ct);
                var created = await m.Send(new UploadAttachment(id, upload.FileName, buffer.ToArray()), ct);
                return TypedResults.Created($"/api/consultations/{id}/attachments/{created.Id}", created);
            })
            .RequireAuthorization(p => p.AddAuthenticationSchemes(JwtBearerDefaults.AuthenticationScheme).RequireAuthenticatedUser())
            .WithSummary("上传附件（multipart：file 字段，PDF/JPG/PNG，不超过 5 MB，按内容识别类型），再在消息中引用其 id");
        c.MapGet("/{id:guid}/attachments/{attachmentId:guid}", async Task<FileContentHttpResult> (Guid id, Guid attachmentId, HttpContext context, IMediator m, CancellationToken ct) =>
            {
                var file = await m.Send(new GetAttachment(id, attachmentId), ct);
                context.Response.Headers.XContentTypeOptions = "nosniff";
                context.Response.Headers.CacheControl = "private, no-store";
                return TypedResults.File(file.Content, file.ContentType, file.FileName);
            })
            .WithSummary("下载附件（问诊双方）");
        c.MapGet("/outcomes", async Task<Ok<ConsultationOutcomes>> (int? year, IMediator m, TimeProvider clock, CancellationToken ct) =>
                TypedResults.Ok(await m.Send(new GetConsultationOutcomes(year ?? clock.GetUtcNow().ToOffset(Marketplace.Domain.Common.ChinaTime.Offset).Year), ct)))
            .WithSummary("问诊服务成效（年度；中心看本中心转派的，主管部门看全部），逐条可追溯");

        var s = api.MapGroup("/matching-sessions").WithTags("一对多撮合").RequireAuthorization();
        s.MapGet("/", async Task<Ok<IReadOnlyList<SessionListItem>>> (IMediator m, CancellationToken ct) =>
                TypedResults.Ok(await m.Send(new ListMatchingSessions(), ct)))
            .WithSummary("我发起的与受邀的撮合");
        s.MapPost("/", async Task<Created<SessionDto>> (StartMatchingSession body, IMediator m, CancellationToken ct) =>
            {
                var created = await m.Send(body, ct);
                return TypedResults.Created($"/api/matching-sessions/{created.Id}", created);
            })
            .RequireAuthorization(p => p.RequireRole(Roles.Company, Roles.Operator))
            .WithSummary("发起撮合：为榜单（challengeId）或快速需求，把匹配模型的前 top 位工程师实时邀请进来，answerMinutes 内答复");
        s.MapGet("/{id:guid}", async Task<Ok<SessionDto>> (Guid id, IMediator m, CancellationToken ct) =>
                TypedResults.Ok(await m.Send(new GetMatchingSession(id), ct)))
            .WithSummary("撮合详情：发起方看全部邀请（按名次），受邀工程师看自己的");
        s.MapPost("/{id:guid}/answer", async Task<Ok<InvitationDto>> (Guid id, AnswerBody body, IMediator m, CancellationToken ct) =>
                TypedResults.Ok(await m.Send(new AnswerInvitation(id, body.Answer, body.Note), ct)))
            .WithSummary("受邀工程师答复：Interested 有意向 / Declined 婉拒 / Question 提问（须写问题）");
        s.MapPost("/{id:guid}/close", async Task<Ok<SessionDto>> (Guid id, IMediator m, CancellationToken ct) =>
                TypedResults.Ok(await m.Send(new CloseMatchingSession(id), ct)))
            .WithSummary("结束撮合并生成纪要");
        s.MapPost("/{id:guid}/invitations/{invitationId:guid}/consultation", async Task<Ok<ConsultationDto>> (Guid id, Guid invitationId, ConsultBody? body, IMediator m, CancellationToken ct) =>
                TypedResults.Ok(await m.Send(new ConsultFromSession(id, invitationId, body?.Price ?? 0), ct)))
            .RequireAuthorization(p => p.RequireRole(Roles.Company))
            .WithSummary("一键与该工程师发起在线问诊");
        s.MapPost("/{id:guid}/invitations/{invitationId:guid}/challenge-invite", async Task<Ok<InvitationDto>> (Guid id, Guid invitationId, IMediator m, CancellationToken ct) =>
                TypedResults.Ok(await m.Send(new InviteFromSession(id, invitationId), ct)))
            .RequireAuthorization(p => p.RequireRole(Roles.Company))
            .WithSummary("一键邀请该工程师揭榜（撮合关联的榜单）");

        var e = api.MapGroup("/matching-events").WithTags("一对多撮合").RequireAuthorization();
        e.MapGet("/", async Task<Ok<IReadOnlyList<EventDto>>> (IMediator m, CancellationToken ct) =>
                TypedResults.Ok(await m.Send(new ListMatchingEvents(), ct)))
            .WithSummary("对接会列表（中心运营方）");
        e.MapPost("/", async Task<Created<EventDto>> (EventBody body, IMediator m, CancellationToken ct) =>
            {
                var created = await m.Send(new HostMatchingEvent(body.Title, body.Description), ct);
                return TypedResults.Created($"/api/matching-events/{created.Id}", created);
            })
            .RequireAuthorization(p => p.RequireRole(Roles.Operator))
            .WithSummary("举办对接会（需求以 eventId 发起撮合加入其中）");
        e.MapGet("/{id:guid}", async Task<Ok<EventDto>> (Guid id, IMediator m, CancellationToken ct) =>
                TypedResults.Ok(await m.Send(new GetMatchingEvent(id), ct)))
            .WithSummary("对接会及其全部需求的答复概况");
        return api;
    }
}
