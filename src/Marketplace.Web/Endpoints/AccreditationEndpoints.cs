using Marketplace.Application.Accreditation;
using Marketplace.Application.Common;
using Marketplace.Domain.Accreditation;
using Marketplace.Domain.Identity;
using Mediator;
using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Marketplace.Web.Endpoints;

/// <summary>
/// /api/accreditation: 工程师协同创新中心认定 (issue 7). Endpoints translate HTTP to use cases; the role policy answers
/// 403 for the wrong kind of account, the domain answers 403 for the wrong party (a city bureau taking a province
/// step) and 409 for the wrong moment. Bodies may carry the <c>version</c> the caller read (409 when stale).
/// /api/public/notices: the 公示 page and objections, without signing in.
/// </summary>
public static class AccreditationEndpoints
{
    public sealed record VersionBody(uint? Version);

    public sealed record PrefillBody(uint? Version, int Year);

    public sealed record ApplicationBody(uint? Version, IReadOnlyList<ConditionInput>? Conditions, string? ConstructionPlan, IReadOnlyList<SelfAssessmentInput>? SelfAssessment);

    public sealed record CityReviewBody(uint? Version, string? Reason);

    public sealed record AcceptBody(uint? Version, string? Opinion);

    public sealed record ExpertsBody(uint? Version, IReadOnlyList<Guid> ExpertUserIds);

    public sealed record SheetBody(IReadOnlyList<MarkInput>? Marks, IReadOnlyList<BonusClaimInput>? BonusClaims, VetoInput? Veto);

    public sealed record SelectionBody(uint? Version, IReadOnlyList<Guid> ApplicationIds, string? Reason);

    public sealed record NoticeBody(uint? Version, DateOnly StartDate);

    public sealed record ObjectionBody(Guid ApplicationId, string ContactName, string Contact, string Content);

    public sealed record ResolveBody(uint? Version, bool Upheld, string Reason);

    public sealed record RecognizeBody(uint? Version, string DocumentNumber, DateOnly RecognizedOn);

    public static RouteGroupBuilder MapAccreditationEndpoints(this RouteGroupBuilder api)
    {
        var group = api.MapGroup("/accreditation").WithTags("中心认定").RequireAuthorization();
        string[] applicants = [Roles.Company, Roles.Operator];

        // ---- rounds --------------------------------------------------------------------------------------------
        group.MapPost("/rounds", async Task<Created<RoundDto>> (OpenRound command, IMediator mediator, CancellationToken ct) =>
            {
                var created = await mediator.Send(command, ct);
                return TypedResults.Created($"/api/accreditation/rounds/{created.Id}", created);
            })
            .RequireAuthorization(p => p.RequireRole(Roles.Authority))
            .WithSummary("开启申报轮次（省级主管部门：名称、地区、申报起止时间、评价表版本、去极值规则）");

        group.MapGet("/rounds", async Task<Ok<IReadOnlyList<RoundDto>>> (IMediator mediator, CancellationToken ct) =>
                TypedResults.Ok(await mediator.Send(new ListRounds(), ct)))
            .WithSummary("申报轮次列表");

        group.MapGet("/rounds/{id:guid}", async Task<Ok<RoundDto>> (Guid id, IMediator mediator, CancellationToken ct) =>
                TypedResults.Ok(await mediator.Send(new GetRound(id), ct)))
            .WithSummary("申报轮次详情（主管部门可见操作记录）");

        group.MapPost("/rounds/{id:guid}/close", async Task<Ok<RoundDto>> (Guid id, VersionBody body, IMediator mediator, CancellationToken ct) =>
                TypedResults.Ok(await mediator.Send(new CloseRound(id, body.Version), ct)))
            .RequireAuthorization(p => p.RequireRole(Roles.Authority))
            .WithSummary("截止申报（省级主管部门）");

        group.MapGet("/rounds/{id:guid}/applications", async Task<Ok<IReadOnlyList<CenterApplicationSummaryDto>>> (Guid id, IMediator mediator, CancellationToken ct) =>
                TypedResults.Ok(await mediator.Send(new ListRoundApplications(id), ct)))
            .RequireAuthorization(p => p.RequireRole(Roles.Authority))
            .WithSummary("轮次申报列表（省级看全部已提交申报，市州看本地区）");

        group.MapGet("/rounds/{id:guid}/ranking", async Task<Ok<RankingDto>> (Guid id, IMediator mediator, CancellationToken ct) =>
                TypedResults.Ok(await mediator.Send(new GetRanking(id), ct)))
            .RequireAuthorization(p => p.RequireRole(Roles.Authority))
            .WithSummary("评审排名（省级：按总分由高到低，一票否决者为不合格、不参与排名）");

        group.MapPost("/rounds/{id:guid}/selection", async Task<Ok<RankingDto>> (Guid id, SelectionBody body, IMediator mediator, CancellationToken ct) =>
                TypedResults.Ok(await mediator.Send(new SelectCenters(id, body.ApplicationIds, body.Reason, body.Version), ct)))
            .RequireAuthorization(p => p.RequireRole(Roles.Authority))
            .WithSummary("遴选（省级：选定拟认定的申报，其余已评分申报为未入选）");

        group.MapPost("/rounds/{id:guid}/notice", async Task<Ok<RoundDto>> (Guid id, NoticeBody body, IMediator mediator, CancellationToken ct) =>
                TypedResults.Ok(await mediator.Send(new PublishNotice(id, body.StartDate, body.Version), ct)))
            .RequireAuthorization(p => p.RequireRole(Roles.Authority))
            .WithSummary("发布公示（省级：公示期 5 个工作日，按节假日安排计算截止日）");

        // ---- applications --------------------------------------------------------------------------------------
        group.MapPost("/rounds/{id:guid}/applications", async Task<Created<CenterApplicationDto>> (Guid id, ApplicationBody body, IMediator mediator, CancellationToken ct) =>
            {
                var created = await mediator.Send(new StartApplication(id, new ApplicationContent(body.Conditions, body.ConstructionPlan, body.SelfAssessment)), ct);
                return TypedResults.Created($"/api/accreditation/applications/{created.Id}", created);
            })
            .RequireAuthorization(p => p.RequireRole(applicants))
            .WithSummary("创建申报书草稿（申报单位：第七条基本条件、建设方案、自评）");

        group.MapGet("/applications/mine", async Task<Ok<IReadOnlyList<CenterApplicationSummaryDto>>> (IMediator mediator, CancellationToken ct) =>
                TypedResults.Ok(await mediator.Send(new ListMyApplications(), ct)))
            .WithSummary("本单位的申报");

        group.MapGet("/applications/{id:guid}", async Task<Ok<CenterApplicationDto>> (Guid id, IMediator mediator, CancellationToken ct) =>
                TypedResults.Ok(await mediator.Send(new GetApplication(id), ct)))
            .WithSummary("申报详情（主管部门可见操作记录与异议）");

        group.MapPut("/applications/{id:guid}", async Task<Ok<CenterApplicationDto>> (Guid id, ApplicationBody body, IMediator mediator, CancellationToken ct) =>
                TypedResults.Ok(await mediator.Send(new UpdateApplication(id, body.Version, new ApplicationContent(body.Conditions, body.ConstructionPlan, body.SelfAssessment)), ct)))
            .RequireAuthorization(p => p.RequireRole(applicants))
            .WithSummary("修改申报书（草稿或被市州退回时）");

        group.MapPost("/applications/{id:guid}/submit", async Task<Ok<CenterApplicationDto>> (Guid id, VersionBody body, IMediator mediator, CancellationToken ct) =>
                TypedResults.Ok(await mediator.Send(new SubmitApplication(id, body.Version), ct)))
            .RequireAuthorization(p => p.RequireRole(applicants))
            .WithSummary("提交申报（须满足全部基本条件并附佐证材料，且在申报期内）");

        group.MapPost("/applications/{id:guid}/self-assessment/from-outcomes", async Task<Ok<CenterApplicationDto>> (
                Guid id, PrefillBody body, IMediator mediator, CancellationToken ct) =>
                TypedResults.Ok(await mediator.Send(new Marketplace.Application.Outcomes.PrefillApplicationSelfAssessment(id, body.Year, body.Version), ct)))
            .WithSummary("按本单位在平台上某一年度的记录预填申报书自评（平台能支撑的指标；其余保留草稿原值）");

        group.MapPost("/applications/{id:guid}/city-recommend", async Task<Ok<CenterApplicationDto>> (Guid id, CityReviewBody body, IMediator mediator, CancellationToken ct) =>
                TypedResults.Ok(await mediator.Send(new CityReview(id, true, body.Reason, body.Version), ct)))
            .RequireAuthorization(p => p.RequireRole(Roles.Authority))
            .WithSummary("市州推荐（市州主管部门）");

        group.MapPost("/applications/{id:guid}/city-return", async Task<Ok<CenterApplicationDto>> (Guid id, CityReviewBody body, IMediator mediator, CancellationToken ct) =>
                TypedResults.Ok(await mediator.Send(new CityReview(id, false, body.Reason, body.Version), ct)))
            .RequireAuthorization(p => p.RequireRole(Roles.Authority))
            .WithSummary("市州退回（市州主管部门，须写明理由；申报期内可修改后重新提交）");

        group.MapPost("/applications/{id:guid}/province-accept", async Task<Ok<CenterApplicationDto>> (Guid id, AcceptBody body, IMediator mediator, CancellationToken ct) =>
                TypedResults.Ok(await mediator.Send(new ProvinceAccept(id, body.Opinion, body.Version), ct)))
            .RequireAuthorization(p => p.RequireRole(Roles.Authority))
            .WithSummary("省级审核通过（申报截止后）");

        group.MapPost("/applications/{id:guid}/experts", async Task<Ok<CenterApplicationDto>> (Guid id, ExpertsBody body, IMediator mediator, CancellationToken ct) =>
                TypedResults.Ok(await mediator.Send(new AssignExperts(id, body.ExpertUserIds, body.Version), ct)))
            .RequireAuthorization(p => p.RequireRole(Roles.Authority))
            .WithSummary("指派评审专家（省级；与申报单位同单位的专家须回避）");

        group.MapPost("/applications/{id:guid}/objections/{objectionId:guid}/resolve", async Task<Ok<CenterApplicationDto>> (
                    Guid id, Guid objectionId, ResolveBody body, IMediator mediator, CancellationToken ct) =>
                TypedResults.Ok(await mediator.Send(new ResolveObjection(id, objectionId, body.Upheld, body.Reason, body.Version), ct)))
            .RequireAuthorization(p => p.RequireRole(Roles.Authority))
            .WithSummary("处理异议（省级：成立则不予认定，不成立则继续公示）");

        group.MapPost("/applications/{id:guid}/recognize", async Task<Ok<CenterApplicationDto>> (Guid id, RecognizeBody body, IMediator mediator, CancellationToken ct) =>
                TypedResults.Ok(await mediator.Send(new Recognize(id, body.DocumentNumber, body.RecognizedOn, body.Version), ct)))
            .RequireAuthorization(p => p.RequireRole(Roles.Authority))
            .WithSummary("发文认定（省级：公示期满且无未处理异议；文号与日期）");

        // A multipart form is the one body a foreign site can make a browser post with its cookie: bearer tokens only,
        // as for credentials (decision 32).
        group.MapPost("/applications/{id:guid}/files", async Task<Results<Created<EvidenceFileDto>, ProblemHttpResult>> (
                    Guid id, HttpRequest request, IMediator mediator, CancellationToken ct) =>
            {
                if (!request.HasFormContentType || (await request.ReadFormAsync(ct)).Files.GetFile("file") is not { } upload)
                {
                    return TypedResults.Problem(statusCode: StatusCodes.Status415UnsupportedMediaType, title: "不支持的内容类型",
                        detail: "请以 multipart/form-data 上传，文件放在 file 字段。");
                }

                if (upload.Length > Marketplace.Domain.Engineers.EvidenceFile.MaxBytes)
                {
                    return TypedResults.Problem(statusCode: StatusCodes.Status400BadRequest, title: "证明文件过大", detail: "佐证文件不能超过 5 MB。");
                }

                using var buffer = new MemoryStream();
                await upload.CopyToAsync(buffer, ct);
                var created = await mediator.Send(new UploadEvidence(id, upload.FileName, buffer.ToArray()), ct);
                return TypedResults.Created($"/api/accreditation/applications/{id}/files/{created.Id}", created);
            })
            .RequireAuthorization(p => p.AddAuthenticationSchemes(JwtBearerDefaults.AuthenticationScheme).RequireRole(applicants))
            .WithSummary("上传佐证材料（multipart/form-data，file 字段：PDF/JPG/PNG，不超过 5 MB；在基本条件的佐证中引用返回的 reference）");

        group.MapGet("/applications/{id:guid}/files", async Task<Ok<IReadOnlyList<EvidenceFileDto>>> (Guid id, IMediator mediator, CancellationToken ct) =>
                TypedResults.Ok(await mediator.Send(new ListEvidence(id), ct)))
            .WithSummary("申报的佐证材料");

        group.MapGet("/applications/{id:guid}/files/{fileId:guid}", async Task<FileContentHttpResult> (
                    Guid id, Guid fileId, HttpContext context, IMediator mediator, CancellationToken ct) =>
            {
                var file = await mediator.Send(new GetEvidence(id, fileId), ct);
                context.Response.Headers.XContentTypeOptions = "nosniff";
                context.Response.Headers.CacheControl = "private, no-store";
                return TypedResults.File(file.Content, file.ContentType, file.FileName);
            })
            .WithSummary("下载佐证材料（申报单位、所在市州、省级主管部门、指派的评审专家）");

        // ---- expert scoring ------------------------------------------------------------------------------------
        group.MapGet("/assignments", async Task<Ok<IReadOnlyList<AssignmentDto>>> (IMediator mediator, CancellationToken ct) =>
                TypedResults.Ok(await mediator.Send(new ListMyAssignments(), ct)))
            .RequireAuthorization(p => p.RequireRole(Roles.Expert))
            .WithSummary("我的评审任务（评审专家）");

        group.MapGet("/applications/{id:guid}/sheet", async Task<Ok<SheetDto>> (Guid id, IMediator mediator, CancellationToken ct) =>
                TypedResults.Ok(await mediator.Send(new GetMySheet(id), ct)))
            .RequireAuthorization(p => p.RequireRole(Roles.Expert))
            .WithSummary("我的评分表（评审专家只看自己的评分表）");

        group.MapPut("/applications/{id:guid}/sheet", async Task<Ok<SheetDto>> (Guid id, SheetBody body, IMediator mediator, CancellationToken ct) =>
                TypedResults.Ok(await mediator.Send(new SaveSheet(id, body.Marks, body.BonusClaims, body.Veto), ct)))
            .RequireAuthorization(p => p.RequireRole(Roles.Expert))
            .WithSummary("保存评分草稿（逐项打分并填写评分意见、附加项与佐证、一票否决与理由）");

        group.MapPost("/applications/{id:guid}/sheet/submit", async Task<Ok<SheetDto>> (Guid id, IMediator mediator, CancellationToken ct) =>
                TypedResults.Ok(await mediator.Send(new SubmitSheet(id), ct)))
            .RequireAuthorization(p => p.RequireRole(Roles.Expert))
            .WithSummary("提交评分表（提交后不可修改；最后一位专家提交后自动汇总）");

        // ---- public notice -------------------------------------------------------------------------------------
        var notices = api.MapGroup("/public/notices").WithTags("公示").AllowAnonymous();
        notices.MapGet("/{roundId:guid}", async Task<Ok<PublicNoticeDto>> (Guid roundId, IMediator mediator, CancellationToken ct) =>
                TypedResults.Ok(await mediator.Send(new GetPublicNotice(roundId), ct)))
            .WithSummary("认定公示（无需登录：拟认定名单与公示起止日期）");

        notices.MapPost("/{roundId:guid}/objections", async Task<Created<Objection>> (
                    Guid roundId, ObjectionBody body, ICurrentUser user, IMediator mediator, CancellationToken ct) =>
            {
                var objection = await mediator.Send(new LodgeObjection(roundId, body.ApplicationId, body.ContactName, body.Contact, body.Content, user.UserId), ct);
                return TypedResults.Created($"/api/public/notices/{roundId}", objection);
            })
            .WithSummary("提出异议（公示期内，无需登录，须留姓名或单位与联系方式）");

        return api;
    }
}
