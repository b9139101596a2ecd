using Marketplace.Application.Accreditation;
using Marketplace.Domain.Accreditation;
using Marketplace.Domain.Identity;
using Mediator;
using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Marketplace.Web.Endpoints;

/// <summary>
/// /api/studios: 卓越工程师带培工作室 (seed 000, issue 7). As for centers, the role policy answers 403 for the wrong kind of
/// account, the domain 403 for the wrong party and 409 for the wrong moment; bodies may carry the <c>version</c> read.
/// /api/public/studio-notices: the 公示 of one studio and anonymous objections, without signing in.
/// </summary>
public static class StudioEndpoints
{
    public sealed record StudioBody(uint? Version, Guid? HostEngineerId, StudioForm? Form);

    public sealed record VersionBody(uint? Version);

    public sealed record CityReviewBody(uint? Version, CityDesk Desk, bool Approve, string? Opinion);

    public sealed record ExpertsBody(uint? Version, IReadOnlyList<Guid> ExpertUserIds);

    public sealed record OpinionBody(bool Approve, string Opinion);

    public sealed record SelectionBody(uint? Version, bool Selected, string? Reason);

    public sealed record NoticeBody(uint? Version, DateOnly StartDate);

    public sealed record ResolveBody(uint? Version, bool Upheld, string Reason);

    public sealed record RecognizeBody(uint? Version, string DocumentNumber, DateOnly RecognizedOn);

    public sealed record SpendingBody(uint? Version, string Category, DateOnly SpentOn, decimal Amount, string Note, Guid? VoucherFileId);

    public sealed record ReEvaluationBody(uint? Version, bool Passed, string? Reason, DateOnly EvaluatedOn);

    public sealed record RevokeBody(uint? Version, string Reason);

    public sealed record ObjectionBody(string? ContactName, string? Contact, string Content);

    public static RouteGroupBuilder MapStudioEndpoints(this RouteGroupBuilder api)
    {
        var group = api.MapGroup("/studios").WithTags("带培工作室").RequireAuthorization();
        string[] applicants = [Roles.Company, Roles.Operator];

        group.MapGet("/progress", async Task<Ok<StudioProgressDto>> (IMediator mediator, CancellationToken ct) =>
                TypedResults.Ok(await mediator.Send(new GetStudioProgress(), ct)))
            .WithSummary("2030 年目标进度（已认定工作室数；带培人数待带培记录接入）");

        group.MapGet("/hosts", async Task<Ok<IReadOnlyList<QualifiedHostDto>>> (string? q, IMediator mediator, CancellationToken ct) =>
                TypedResults.Ok(await mediator.Send(new ListQualifiedHosts(q), ct)))
            .RequireAuthorization(p => p.RequireRole(applicants))
            .WithSummary("可任主持人的工程师（平台已核验正高级工程师职称）");

        group.MapPost("/applications", async Task<Created<StudioDto>> (StudioBody body, IMediator mediator, CancellationToken ct) =>
            {
                var created = await mediator.Send(new StartStudio(body.HostEngineerId, body.Form), ct);
                return TypedResults.Created($"/api/studios/applications/{created.Id}", created);
            })
            .RequireAuthorization(p => p.RequireRole(applicants))
            .WithSummary("创建工作室申报草稿（企业：附件1 申报表、主持人）");

        group.MapGet("/applications", async Task<Ok<IReadOnlyList<StudioSummaryDto>>> (IMediator mediator, CancellationToken ct) =>
                TypedResults.Ok(await mediator.Send(new ListStudios(), ct)))
            .WithSummary("工作室列表（企业看本单位，市州看本地区，省级看全部，专家看指派给自己的）");

        group.MapGet("/applications/{id:guid}", async Task<Ok<StudioDto>> (Guid id, IMediator mediator, CancellationToken ct) =>
                TypedResults.Ok(await mediator.Send(new GetStudio(id), ct)))
            .WithSummary("工作室详情（阶段、申报表、审核意见、公示、资金台账、建设周期）");

        group.MapPut("/applications/{id:guid}", async Task<Ok<StudioDto>> (Guid id, StudioBody body, IMediator mediator, CancellationToken ct) =>
                TypedResults.Ok(await mediator.Send(new UpdateStudio(id, body.Version, body.HostEngineerId, body.Form), ct)))
            .RequireAuthorization(p => p.RequireRole(applicants))
            .WithSummary("保存申报表草稿（草稿或被市州退回时）");

        group.MapDelete("/applications/{id:guid}", async Task<NoContent> (Guid id, uint? version, IMediator mediator, CancellationToken ct) =>
            {
                await mediator.Send(new DeleteStudio(id, version), ct);
                return TypedResults.NoContent();
            })
            .RequireAuthorization(p => p.RequireRole(applicants))
            .WithSummary("删除未提交的草稿");

        group.MapPost("/applications/{id:guid}/submit", async Task<Ok<StudioDto>> (Guid id, VersionBody body, IMediator mediator, CancellationToken ct) =>
                TypedResults.Ok(await mediator.Send(new SubmitStudio(id, body.Version), ct)))
            .RequireAuthorization(p => p.RequireRole(applicants))
            .WithSummary("提交申报（主持人须为平台已核验的正高级工程师；申报表完整；附件2 材料齐全）");

        group.MapPost("/applications/{id:guid}/city-review", async Task<Ok<StudioDto>> (Guid id, CityReviewBody body, IMediator mediator, CancellationToken ct) =>
                TypedResults.Ok(await mediator.Send(new StudioCityReview(id, body.Desk, body.Approve, body.Opinion, body.Version), ct)))
            .RequireAuthorization(p => p.RequireRole(Roles.Authority))
            .WithSummary("市州初审（desk：HumanResources 人社 / Finance 财政，各自签署；退回须写明理由）");

        group.MapPost("/applications/{id:guid}/experts", async Task<Ok<StudioDto>> (Guid id, ExpertsBody body, IMediator mediator, CancellationToken ct) =>
                TypedResults.Ok(await mediator.Send(new AssignStudioExperts(id, body.ExpertUserIds, body.Version), ct)))
            .RequireAuthorization(p => p.RequireRole(Roles.Authority))
            .WithSummary("指派认定专家（省级；与申报企业同单位的专家须回避）");

        group.MapPost("/applications/{id:guid}/opinion", async Task<Ok<StudioDto>> (Guid id, OpinionBody body, IMediator mediator, CancellationToken ct) =>
                TypedResults.Ok(await mediator.Send(new GiveStudioOpinion(id, body.Approve, body.Opinion), ct)))
            .RequireAuthorization(p => p.RequireRole(Roles.Expert))
            .WithSummary("提交认定意见与表决（指派的专家）");

        group.MapPost("/applications/{id:guid}/selection", async Task<Ok<StudioDto>> (Guid id, SelectionBody body, IMediator mediator, CancellationToken ct) =>
                TypedResults.Ok(await mediator.Send(new SelectStudio(id, body.Selected, body.Reason, body.Version), ct)))
            .RequireAuthorization(p => p.RequireRole(Roles.Authority))
            .WithSummary("确定入选名单（省级；未入选须写明理由）");

        group.MapPost("/applications/{id:guid}/notice", async Task<Ok<StudioDto>> (Guid id, NoticeBody body, IMediator mediator, CancellationToken ct) =>
                TypedResults.Ok(await mediator.Send(new PublishStudioNotice(id, body.StartDate, body.Version), ct)))
            .RequireAuthorization(p => p.RequireRole(Roles.Authority))
            .WithSummary("发布公示（省级：5 个工作日，按节假日安排计算截止日）");

        group.MapPost("/applications/{id:guid}/objections/{objectionId:guid}/resolve", async Task<Ok<StudioDto>> (
                    Guid id, Guid objectionId, ResolveBody body, IMediator mediator, CancellationToken ct) =>
                TypedResults.Ok(await mediator.Send(new ResolveStudioObjection(id, objectionId, body.Upheld, body.Reason, body.Version), ct)))
            .RequireAuthorization(p => p.RequireRole(Roles.Authority))
            .WithSummary("处理异议（省级：成立则不予认定，不成立则继续公示）");

        group.MapPost("/applications/{id:guid}/recognize", async Task<Ok<StudioDto>> (Guid id, RecognizeBody body, IMediator mediator, CancellationToken ct) =>
                TypedResults.Ok(await mediator.Send(new RecognizeStudio(id, body.DocumentNumber, body.RecognizedOn, body.Version), ct)))
            .RequireAuthorization(p => p.RequireRole(Roles.Authority))
            .WithSummary("认定（省级：公示期满且无未处理异议；文号与日期；拨付启动资金，开始 3 年建设周期）");

        // Multipart bodies are the one kind a foreign site can make a browser post with its cookie: bearer tokens only (decision 32).
        group.MapPost("/applications/{id:guid}/files", async Task<Results<Created<StudioFileDto>, ProblemHttpResult>> (
                    Guid id, HttpRequest request, IMediator mediator, CancellationToken ct) =>
            {
                if (!request.HasFormContentType)
                {
                    return UnsupportedUpload();
                }

                var form = await request.ReadFormAsync(ct);
                if (form.Files.GetFile("file") is not { } upload)
                {
                    return UnsupportedUpload();
                }

                if (upload.Length > Marketplace.Domain.Engineers.EvidenceFile.MaxBytes)
                {
                    return TypedResults.Problem(statusCode: StatusCodes.Status400BadRequest, title: "文件过大", detail: "文件不能超过 5 MB。");
                }

                using var buffer = new MemoryStream();
                await upload.CopyToAsync(buffer, ct);
                var created = await mediator.Send(new UploadStudioFile(id, form["purpose"].ToString(), upload.FileName, buffer.ToArray()), ct);
                return TypedResults.Created($"/api/studios/applications/{id}/files/{created.Id}", created);
            })
            .RequireAuthorization(p => p.AddAuthenticationSchemes(JwtBearerDefaults.AuthenticationScheme).RequireRole(applicants))
            .WithSummary("上传文件（multipart：file 字段 PDF/JPG/PNG 不超过 5 MB；purpose 为附件2 材料代码 M1–M3，或 voucher 支出凭证）");

        group.MapGet("/applications/{id:guid}/files/{fileId:guid}", async Task<FileContentHttpResult> (
                    Guid id, Guid fileId, HttpContext context, IMediator mediator, CancellationToken ct) =>
            {
                var file = await mediator.Send(new GetStudioFile(id, fileId), ct);
                context.Response.Headers.XContentTypeOptions = "nosniff";
                context.Response.Headers.CacheControl = "private, no-store";
                return TypedResults.File(file.Content, file.ContentType, file.FileName);
            })
            .WithSummary("下载工作室文件");

        group.MapPost("/applications/{id:guid}/fund/entries", async Task<Ok<StudioDto>> (Guid id, SpendingBody body, IMediator mediator, CancellationToken ct) =>
                TypedResults.Ok(await mediator.Send(new RecordStudioSpending(id, body.Category, body.SpentOn, body.Amount, body.Note, body.VoucherFileId, body.Version), ct)))
            .RequireAuthorization(p => p.RequireRole(applicants))
            .WithSummary("登记启动资金支出（类别按通知列举；不得超出余额）");

        group.MapPost("/applications/{id:guid}/re-evaluation", async Task<Ok<StudioDto>> (Guid id, ReEvaluationBody body, IMediator mediator, CancellationToken ct) =>
                TypedResults.Ok(await mediator.Send(new ReEvaluateStudio(id, body.Passed, body.Reason, body.EvaluatedOn, body.Version), ct)))
            .RequireAuthorization(p => p.RequireRole(Roles.Authority))
            .WithSummary("复评（省级，建设周期结束前：合格继续建设，不合格撤销认定并追回剩余资金）");

        group.MapPost("/applications/{id:guid}/revoke", async Task<Ok<StudioDto>> (Guid id, RevokeBody body, IMediator mediator, CancellationToken ct) =>
                TypedResults.Ok(await mediator.Send(new RevokeStudio(id, body.Reason, body.Version), ct)))
            .RequireAuthorization(p => p.RequireRole(Roles.Authority))
            .WithSummary("撤销认定（省级，须写明理由；记录追回的剩余启动资金）");

        var notices = api.MapGroup("/public/studio-notices").WithTags("公示").AllowAnonymous();
        notices.MapGet("/{id:guid}", async Task<Ok<PublicStudioNoticeDto>> (Guid id, IMediator mediator, CancellationToken ct) =>
                TypedResults.Ok(await mediator.Send(new GetPublicStudioNotice(id), ct)))
            .WithSummary("带培工作室认定公示（无需登录）");

        notices.MapPost("/{id:guid}/objections", async Task<Created<ObjectionReceipt>> (Guid id, ObjectionBody body, IMediator mediator, CancellationToken ct) =>
            {
                var objectionId = await mediator.Send(new LodgeStudioObjection(id, body.ContactName, body.Contact, body.Content), ct);
                return TypedResults.Created($"/api/public/studio-notices/{id}", new ObjectionReceipt(objectionId));
            })
            .WithSummary("匿名提出异议（公示期内，无需登录；姓名与联系方式可不填）");

        return api;
    }

    public sealed record ObjectionReceipt(Guid Id);

    private static ProblemHttpResult UnsupportedUpload() =>
        TypedResults.Problem(statusCode: StatusCodes.Status415UnsupportedMediaType, title: "不支持的内容类型", detail: "请以 multipart/form-data 上传，文件放在 file 字段。");
}
